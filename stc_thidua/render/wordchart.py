"""Charts of a Word report as native Word charts (DrawingML chart parts), by our own code.

A chart part (`/word/charts/chartN.xml`) is written from the frozen `views.Chart` with the
layout rules of `render.svg` (colours, heights, labels, Vietnamese numbers): Word and
LibreOffice draw it as vector graphics that print sharp, and a clerk can restyle it in Word.
There is no embedded workbook (writing one would load openpyxl): Word draws the chart from
the cached categories and values kept complete here; only "Edit data" is unavailable.

Every user string is XML-escaped and NFC; the same chart always gives the same bytes.

Totals printed at the ends of stacked bars (a stacked chart has no "total" label in Word or
LibreOffice): vertical bars carry one more series, a line of the totals with neither line nor
marker, labelled above and hidden from the legend; horizontal bars (which cannot hold a line)
carry one more stacked segment past each bar, transparent and named by a no-break space, its
label at its base (where the bar ends) printing the bar's total as literal text. A chart of one
series simply labels its bars or points. Decimal values ("96,4") are labelled as literal text
too: no number format prints a decimal comma in every locale.
"""

from __future__ import annotations

import re
from html import escape

from stc_thidua.render.filters import nfc
from stc_thidua.render.svg import (
    COLOURS,
    GOAL_COLOUR,
    LEGEND_SIZE,
    TICK_SIZE,
    VALUE_SIZE,
    WIDTH_MM,
    WIDTH_PT,
    chart_height,
    chart_number,
    nice_ticks,
    short,
    text_width,
)
from stc_thidua.views import Chart

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
GRAPHIC_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

FONT = "Times New Roman"
# 1.500 and 1.500.000 whatever the reader's locale: literal dots between digit placeholders
NUMBER_FORMAT = r"[>=1000000]#\.###\.###;[>=1000]#\.###;0"
TOTAL_NAME = "Tổng cộng"
BLANK_NAME = "\u00a0"  # a no-break space: a legend entry that shows nothing
EMU_PER_MM = 36000
EMU_PER_INCH = 914400
AXIS_LINE = 10160  # 0.8 pt, as the SVG's axes
CAT_AX, VAL_AX = 101, 102  # the axes' ids

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    """User text as XML character data or attribute value: NFC, escaped, no control codes."""
    return escape(_CONTROL.sub("", nfc(text)), quote=True)


def chart_extent(chart: Chart) -> tuple[int, int]:
    """The chart's width and height in EMU: 160 mm wide, as tall as the SVG, except that a
    horizontal bar chart gives each name room for two lines (Word and LibreOffice wrap long
    names, and LibreOffice drops every other name rather than let two overlap)."""
    height = chart_height(chart)
    if chart.style == "hbar":
        height = max(height, min(9.0, 1.3 + 0.45 * len(chart.categories)))
    return WIDTH_MM * EMU_PER_MM, round(height * EMU_PER_INCH)


def _number(value: float) -> str:
    """A cached value, the same text every time: "12", "96.4"."""
    return str(int(value)) if value == int(value) else repr(float(value))


def _column(index: int) -> str:
    """The spreadsheet column of a series' values: 0 → "B", 1 → "C" (column A: categories)."""
    number, letters = index + 2, ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _colour(hex_colour: str) -> str:
    return f'<a:srgbClr val="{hex_colour.lstrip("#").upper()}"/>'


def _txpr(size: float, rotation: int | None = None) -> str:
    """Text properties: Times New Roman at `size` points, black, not bold."""
    rot = "" if rotation is None else f' rot="{rotation}" vert="horz"'
    return (
        f"<c:txPr><a:bodyPr{rot}/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{round(size * 100)}" b="0"><a:solidFill>{_colour("#000000")}</a:solidFill>'
        f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="vi-VN"/></a:p></c:txPr>'
    )


_NO_SHAPE = "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"


def _label_body(number_format: str, position: str) -> str:
    """What a data label shows: the value, in `number_format`, at `position`."""
    return (
        f'<c:numFmt formatCode="{_esc(number_format)}" sourceLinked="0"/>{_NO_SHAPE}'
        f'{_txpr(VALUE_SIZE)}<c:dLblPos val="{position}"/><c:showLegendKey val="0"/>'
        '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/>'
    )


def _labels(values: tuple[float, ...], position: str, texts: tuple[str, ...] = ()) -> str:
    """Data labels printing each non-zero value Vietnamese-style ("1.500", "96,4"), or the
    given `texts` instead of the values."""
    points = []
    for index, value in enumerate(values):
        if not value:
            points.append(f'<c:dLbl><c:idx val="{index}"/><c:delete val="1"/></c:dLbl>')
        elif texts or value != int(value):  # a decimal comma no format code gives everywhere
            literal = '"' + (texts[index] if texts else chart_number(value)) + '"'
            points.append(
                f'<c:dLbl><c:idx val="{index}"/>{_label_body(literal, position)}</c:dLbl>'
            )
    return f"<c:dLbls>{''.join(points)}{_label_body(NUMBER_FORMAT, position)}</c:dLbls>"


def _no_labels() -> str:
    return '<c:dLbls><c:delete val="1"/></c:dLbls>'


def _strings(ref: str, texts: list[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{_esc(t)}</c:v></c:pt>' for i, t in enumerate(texts))
    return (
        f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(texts)}"/>'
        f"{points}</c:strCache></c:strRef>"
    )


def _numbers(ref: str, values: tuple[float, ...]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>' for i, v in enumerate(values)
    )
    return (
        f"<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>'
    )


class _Series:
    """The series of one chart, numbered in order (idx, order and sheet column alike)."""

    def __init__(self, categories: list[str]) -> None:
        self.categories = categories
        self.count = 0

    def open(self, name: str, values: tuple[float, ...]) -> tuple[str, str]:
        """The series' head (idx, order, name) and its categories and values."""
        index = self.count
        self.count += 1
        column, last = _column(index), len(self.categories) + 1
        head = (
            f'<c:idx val="{index}"/><c:order val="{index}"/>'
            f"<c:tx>{_strings(f'Sheet1!${column}$1', [name])}</c:tx>"
        )
        data = (
            f"<c:cat>{_strings(f'Sheet1!$A$2:$A${last}', self.categories)}</c:cat>"
            f"<c:val>{_numbers(f'Sheet1!${column}$2:${column}${last}', values)}</c:val>"
        )
        return head, data


def _fill(colour: str | None) -> str:
    if colour is None:
        return _NO_SHAPE
    return f"<c:spPr><a:solidFill>{_colour(colour)}</a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>"


def _line_shape(colour: str | None, dashed: bool = False) -> str:
    if colour is None:
        return "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>"
    width, dash = (12700, '<a:prstDash val="dash"/>') if dashed else (19050, "")
    return (
        f'<c:spPr><a:ln w="{width}" cap="rnd"><a:solidFill>{_colour(colour)}</a:solidFill>'
        f"{dash}<a:round/></a:ln></c:spPr>"
    )


def _marker(colour: str | None) -> str:
    if colour is None:
        return '<c:marker><c:symbol val="none"/></c:marker>'
    fill = f"<a:solidFill>{_colour(colour)}</a:solidFill>"
    return (
        f'<c:marker><c:symbol val="circle"/><c:size val="5"/>'
        f"<c:spPr>{fill}<a:ln>{fill}</a:ln></c:spPr></c:marker>"
    )


def _line_series(
    series: _Series,
    name: str,
    values: tuple[float, ...],
    colour: str | None,
    *,
    dashed: bool = False,
    labels: bool = True,
) -> str:
    head, data = series.open(name, values)
    marker = _marker(None if dashed else colour)
    shown = _labels(values, "t") if labels else _no_labels()
    return (
        f"<c:ser>{head}{_line_shape(colour, dashed)}{marker}{shown}{data}"
        '<c:smooth val="0"/></c:ser>'
    )


def _bar_series(
    series: _Series, name: str, values: tuple[float, ...], colour: str | None, labels: str
) -> str:
    head, data = series.open(name, values)
    return f'<c:ser>{head}{_fill(colour)}<c:invertIfNegative val="0"/>{labels}{data}</c:ser>'


def _bar_chart(direction: str, grouping: str, series: list[str]) -> str:
    overlap = '<c:overlap val="100"/>' if grouping == "stacked" or len(series) == 1 else ""
    return (
        f'<c:barChart><c:barDir val="{direction}"/><c:grouping val="{grouping}"/>'
        f'<c:varyColors val="0"/>{"".join(series)}<c:gapWidth val="67"/>{overlap}'
        f'<c:axId val="{CAT_AX}"/><c:axId val="{VAL_AX}"/></c:barChart>'
    )


def _line_chart(series: list[str]) -> str:
    return (
        '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'{"".join(series)}<c:marker val="1"/>'
        f'<c:axId val="{CAT_AX}"/><c:axId val="{VAL_AX}"/></c:lineChart>'
    )


def _axis_line() -> str:
    return (
        f'<c:spPr><a:noFill/><a:ln w="{AXIS_LINE}"><a:solidFill>{_colour("#000000")}'
        "</a:solidFill></a:ln></c:spPr>"
    )


def _cat_axis(position: str, reverse: bool) -> str:
    """The category axis; `reverse`: the first category on top (a horizontal bar chart)."""
    orientation = "maxMin" if reverse else "minMax"
    skip = '<c:tickLblSkip val="1"/>' if reverse else ""
    # a unit's name often takes two lines beside its bar: at 8 pt two lines fit the bar's
    # height, and LibreOffice does not drop every other name as it does when they overlap
    size = VALUE_SIZE if reverse else TICK_SIZE
    return (
        f'<c:catAx><c:axId val="{CAT_AX}"/><c:scaling><c:orientation val="{orientation}"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="{position}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_axis_line()}'
        f'{_txpr(size)}<c:crossAx val="{VAL_AX}"/><c:crosses val="autoZero"/>'
        f'<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>{skip}'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
    )


def _title(text: str, rotation: int) -> str:
    return (
        f'<c:title><c:tx><c:rich><a:bodyPr rot="{rotation}" vert="horz"/><a:lstStyle/><a:p>'
        f'<a:pPr><a:defRPr sz="{round(TICK_SIZE * 100)}" b="0"><a:latin typeface="{FONT}"/>'
        f'<a:cs typeface="{FONT}"/></a:defRPr></a:pPr><a:r><a:rPr lang="vi-VN" '
        f'sz="{round(TICK_SIZE * 100)}" b="0"><a:solidFill>{_colour("#000000")}</a:solidFill>'
        f'<a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:rPr><a:t>{_esc(text)}</a:t>'
        '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
    )


def _value_axis(chart: Chart, position: str, ticks: list[float]) -> str:
    """The value axis from 0 to the last tick, its numbers Vietnamese-style, titled."""
    title = ""
    if chart.value_label:
        title = _title(chart.value_label, 0 if position == "b" else -5400000)
    # a horizontal chart's categories run top to bottom: its value axis crosses at the last one
    crosses = "max" if chart.style == "hbar" else "autoZero"
    return (
        f'<c:valAx><c:axId val="{VAL_AX}"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{_number(ticks[-1])}"/><c:min val="0"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{position}"/>{title}'
        f'<c:numFmt formatCode="{_esc(NUMBER_FORMAT)}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{_axis_line()}{_txpr(TICK_SIZE)}<c:crossAx val="{CAT_AX}"/><c:crosses val="{crosses}"/>'
        f'<c:crossBetween val="between"/><c:majorUnit val="{_number(ticks[1] - ticks[0])}"/>'
        "</c:valAx>"
    )


def _legend(chart: Chart, hidden: int | None) -> str:
    """The legend on top when it has more than one entry (the totals' series left out)."""
    entries = len(chart.series) + (chart.goal is not None)
    if entries <= 1:
        return ""
    skip = (
        ""
        if hidden is None
        else f'<c:legendEntry><c:idx val="{hidden}"/><c:delete val="1"/></c:legendEntry>'
    )
    return (
        f'<c:legend><c:legendPos val="t"/>{skip}<c:overlay val="0"/>{_txpr(LEGEND_SIZE)}</c:legend>'
    )


def _totals(chart: Chart) -> tuple[float, ...]:
    count = len(chart.categories)
    return tuple(sum(s.values[i] for s in chart.series) for i in range(count))


def _room(chart: Chart, totals: tuple[float, ...]) -> float:
    """The share of the value axis kept past the longest bar or highest point for its label."""
    if chart.style != "hbar":  # the plot takes about 70 % of the height
        return (VALUE_SIZE + 4) / (chart_height(chart) * 72 * 0.7)
    widest = max((text_width(chart_number(t), VALUE_SIZE) for t in totals), default=0.0)
    return min(0.3, (widest + 8) / (WIDTH_PT * 0.55))  # the bars take about 55 % of the width


def _plot(chart: Chart) -> tuple[str, int | None]:
    """The plot area's charts and axes, and the legend index of the hidden totals' series."""
    horizontal = chart.style == "hbar"
    limit = 20 if chart.style == "line" else 38
    series = _Series([short(c, limit) for c in chart.categories])
    totals = _totals(chart)
    values = [v for s in chart.series for v in s.values]
    tops = values if chart.style == "line" else list(totals)
    top = max([*tops, chart.goal or 0.0, 0.0])
    several = len(chart.series) > 1
    room = _room(chart, totals)
    ticks = nice_ticks(top / (1 - room), integer=True, most=5 if horizontal else 7)
    hidden: int | None = None
    parts: list[str] = []
    goal_line = ""
    if chart.goal is not None and not horizontal:
        goal = tuple(chart.goal for _ in chart.categories)
        name = f"Chỉ tiêu: {chart_number(chart.goal)}"
        goal_line = _line_series(series, name, goal, GOAL_COLOUR, dashed=True, labels=False)
    if chart.style == "line":
        lines = [
            _line_series(series, s.name, s.values, COLOURS[i % len(COLOURS)])
            for i, s in enumerate(chart.series)
        ]
        parts.append(_line_chart([*lines, goal_line] if goal_line else lines))
    else:
        end = "t" if several else "outEnd"
        bars = [
            _bar_series(
                series,
                s.name,
                s.values,
                COLOURS[i % len(COLOURS)],
                _no_labels() if several else _labels(s.values, end),
            )
            for i, s in enumerate(chart.series)
        ]
        extra = [goal_line] if goal_line else []
        if several and horizontal:
            # one more segment past each stack, transparent and nameless, labelled the total
            # (LibreOffice numbers the legend entries of horizontal bars from the other end,
            # so this blank entry is left in the legend rather than deleted by index; an
            # empty name would be printed "Series6")
            pad = round(ticks[-1] * room, 6)
            room_values = tuple(pad if t else 0.0 for t in totals)
            texts = tuple(chart_number(t) for t in totals)
            labels = _labels(room_values, "inBase", texts)
            bars.append(_bar_series(series, BLANK_NAME, room_values, None, labels))
        elif several:  # a line of the totals with neither line nor marker, labelled above
            hidden = series.count
            extra.insert(0, _line_series(series, TOTAL_NAME, totals, None))
        grouping = "stacked" if several else "clustered"
        parts.append(_bar_chart("bar" if horizontal else "col", grouping, bars))
        if extra:
            parts.append(_line_chart(extra))
    cat_position, value_position = ("l", "b") if horizontal else ("b", "l")
    parts.append(_cat_axis(cat_position, horizontal))
    parts.append(_value_axis(chart, value_position, ticks))
    return "".join(parts), hidden


def chart_xml(chart: Chart) -> bytes:
    """The chart part (`word/charts/chartN.xml`) of `chart`, as UTF-8 bytes."""
    plot, hidden = _plot(chart)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="vi-VN"/><c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/>'
        f"<c:plotArea><c:layout/>{plot}<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f"</c:plotArea>{_legend(chart, hidden)}"
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"{_NO_SHAPE}{_txpr(TICK_SIZE)}</c:chartSpace>"
    )
    return xml.encode("utf-8")


def inline_xml(chart: Chart, relationship: str, shape_id: int) -> str:
    """The `w:drawing` placing the chart part related as `relationship` in the text."""
    width, height = chart_extent(chart)
    return (
        '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        f'xmlns:a="{A_NS}" xmlns:c="{C_NS}" xmlns:r="{R_NS}">'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Biểu đồ {shape_id}" descr="{_esc(chart.title)}"/>'
        f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{GRAPHIC_URI}">'
        f'<c:chart r:id="{relationship}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )

"""Charts of a report drawn as inline SVG by our own code (no charting library).

The HTML page (and the PDF printed from it) draws each chart as plain SVG: text set in the
page's font as real, selectable text, every user string XML-escaped, and the same chart
always giving the same bytes. Word gets native Word charts (`render.wordchart`), written from
the same layout rules here (colours, heights, labels, numbers).

Only plain SVG 1.1 (rect, line, path, polyline, circle, text) is used, so WeasyPrint prints
it as Chromium does (no paint-order, no CSS). Lengths are in points: the drawing is 160 mm
(the text width of an A4 page with the decree's margins) wide, one viewBox unit a point.
"""

from __future__ import annotations

import math
from html import escape

from stc_thidua.render.filters import vn_number
from stc_thidua.views import Chart

WIDTH_IN = 6.3  # 160 mm: the text width of an A4 page with the decree's margins
WIDTH_MM = 160
WIDTH_PT = WIDTH_MM * 72 / 25.4
# grey-blue shades that stay apart when printed in black and white
COLOURS = ("#1f4e79", "#9dc3e6", "#c55a11", "#f4b183", "#548235", "#a9d18e", "#7f7f7f", "#ffd966")
GOAL_COLOUR = "#7f7f7f"
FONT_FAMILY = "'Times New Roman', 'Liberation Serif', Tinos, serif"  # as the page's CSS

TICK_SIZE = 10.0  # points: the ticks' text, here and on the Word chart
VALUE_SIZE = 8.0  # the totals printed at the bars' ends and over the points
LEGEND_SIZE = 9.0
LEGEND_ROW = 14.0
TICK_LENGTH = 3.5
PAD = 4.0


def chart_height(chart: Chart) -> float:
    """The chart's height in inches: grows with the categories of a horizontal bar chart."""
    if chart.style == "hbar":
        return min(9.0, 1.3 + 0.32 * len(chart.categories))
    return 3.0


def short(label: str, limit: int = 38) -> str:
    """`label` cut to `limit` characters, the cut marked "…"."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def chart_number(value: float) -> str:
    """A figure on a chart: "1.234", "96,4"."""
    return vn_number(int(value)) if value == int(value) else vn_number(round(value, 1))


def _glyph(ch: str) -> float:
    """A rough advance of one character of Times New Roman, in ems (on the wide side)."""
    if ch == " ":
        return 0.25
    if ch in ".,:;'|!ịỉíìĩiIjlf()[]-":
        return 0.3
    if ch.isdigit():
        return 0.5
    if ch.isupper() or ch in "mwMW%&@…":
        return 0.75
    return 0.5


def text_width(text: str, size: float) -> float:
    """The estimated width of `text` set at `size` points."""
    return sum(_glyph(ch) for ch in text) * size


def fit(label: str, width: float, size: float, limit: int = 38) -> str:
    """`label` shortened ("…") to at most `limit` characters and `width` points."""
    text = short(label, limit)
    while len(text) > 1 and text_width(text, size) > width:
        text = text[:-2].rstrip() + "…"
    return text


def thin(labels: list[str], every: int) -> list[str]:
    """`labels` with only every `every`-th one kept (the rest blank), when they cannot all fit."""
    return labels if every <= 1 else [t if i % every == 0 else "" for i, t in enumerate(labels)]


def nice_ticks(top: float, integer: bool, most: int = 7) -> list[float]:
    """Ticks 0, s, 2s … up to `top` or just past it: s the finest 1-2-5 step giving at most
    `most` intervals (a whole number on an axis of counts)."""
    top = top if top > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(top / max(1, most)))
    if integer:
        magnitude = max(1, magnitude)
    steps = (m * magnitude * 10**k for k in range(3) for m in (1, 2, 5))
    step = next(s for s in steps if math.ceil(round(top / s, 9)) <= most)
    last = math.ceil(round(top / step, 9))
    return [round(i * step, 9) for i in range(last + 1)]


def _f(value: float) -> str:
    """A coordinate with at most two decimals, the same every time."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(
    x: float, y: float, text: str, size: float, anchor: str = "middle", extra: str = ""
) -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(size)}"{anchor_attr}{extra}>'
        f"{escape(text)}</text>"
    )


def _legend(chart: Chart, centre: float, top: float) -> tuple[list[str], float]:
    """The legend's elements, centred on `centre` from `top`, and the height it takes."""
    entries: list[tuple[str, str]] = [(s.name, "series") for s in chart.series]
    if chart.goal is not None:
        entries.append((f"Chỉ tiêu: {chart_number(chart.goal)}", "goal"))
    if len(entries) <= 1:
        return [], 0.0
    columns = min(3, len(entries))
    swatch, gap = 14.0, 16.0
    cell = (WIDTH_PT - 2 * PAD - (columns - 1) * gap) / columns
    names = [fit(name, cell - swatch - 4, LEGEND_SIZE, limit=60) for name, _ in entries]
    widths = [
        max(swatch + 4 + text_width(names[i], LEGEND_SIZE) for i in range(c, len(names), columns))
        for c in range(columns)
    ]
    left = centre - (sum(widths) + gap * (columns - 1)) / 2
    out = ['<g class="legend">']
    series_index = 0
    for index, ((_, kind), name) in enumerate(zip(entries, names, strict=True)):
        column, row = index % columns, index // columns
        x = left + sum(widths[:column]) + gap * column
        y = top + row * LEGEND_ROW + LEGEND_ROW / 2
        if kind == "goal":
            out.append(
                f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + swatch)}" y2="{_f(y)}" '
                f'stroke="{GOAL_COLOUR}" stroke-width="1" stroke-dasharray="4 2"/>'
            )
        else:
            colour = COLOURS[series_index % len(COLOURS)]
            series_index += 1
            if chart.style == "line":
                out.append(
                    f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + swatch)}" y2="{_f(y)}" '
                    f'stroke="{colour}" stroke-width="1.5"/>'
                    f'<circle cx="{_f(x + swatch / 2)}" cy="{_f(y)}" r="2.5" fill="{colour}"/>'
                )
            else:
                out.append(
                    f'<rect x="{_f(x)}" y="{_f(y - 4)}" width="{_f(swatch)}" height="7" '
                    f'fill="{colour}"/>'
                )
        out.append(_text(x + swatch + 4, y + LEGEND_SIZE * 0.35, name, LEGEND_SIZE, "start"))
    out.append("</g>")
    rows = math.ceil(len(entries) / columns)
    return out, rows * LEGEND_ROW + PAD


def _totals(chart: Chart) -> list[float]:
    """Each category's stacked total (bars) or highest point (lines)."""
    count = len(chart.categories)
    if chart.style == "line":
        return [max((s.values[i] for s in chart.series), default=0.0) for i in range(count)]
    return [sum(s.values[i] for s in chart.series) for i in range(count)]


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG element to place inside an HTML page (160 mm wide)."""
    height = chart_height(chart) * 72
    horizontal = chart.style == "hbar"
    count = max(1, len(chart.categories))
    totals = _totals(chart)
    values = [v for s in chart.series for v in s.values]
    top_value = max([*totals, *values, chart.goal or 0.0, 0.0])
    ticks = nice_ticks(top_value, integer=chart.style != "line")
    tick_labels = [chart_number(t) for t in ticks]

    legend, legend_height = _legend(chart, WIDTH_PT / 2, PAD)
    body: list[str] = []
    # the plot's frame, in points
    if horizontal:
        slot = (height - legend_height - PAD * 2 - TICK_SIZE * 1.6 - 6) / count
        if chart.value_label:
            slot -= TICK_SIZE * 1.6 / count
        label_size = min(TICK_SIZE, max(6.0, slot * 0.8))
        labels = [fit(c, WIDTH_PT * 0.4, label_size) for c in chart.categories]
        labels = thin(labels, math.ceil(label_size * 1.1 / slot))
        longest = max((text_width(t, label_size) for t in labels), default=0.0)
        left = PAD + longest + TICK_LENGTH + 3
        right_room = max((text_width(chart_number(t), VALUE_SIZE) for t in totals), default=0.0)
        right_room = max(right_room + 6, text_width(tick_labels[-1], TICK_SIZE) / 2) + PAD
        plot_left, plot_right = left, WIDTH_PT - right_room
        plot_top = legend_height + PAD + 2
        plot_bottom = plot_top + slot * count
    else:
        widest_tick = max(text_width(t, TICK_SIZE) for t in tick_labels)
        plot_left = PAD + (TICK_SIZE * 1.4 if chart.value_label else 0) + widest_tick + 6
        plot_right = WIDTH_PT - PAD - 4
        plot_top = legend_height + PAD + VALUE_SIZE + 6
        plot_bottom = height - PAD - TICK_SIZE * 1.6
        slot = (plot_right - plot_left) / count
        label_size = TICK_SIZE
        limit = 20 if chart.style == "line" else 38
        labels = [fit(c, slot - 4, label_size, limit) for c in chart.categories]
        cut = zip(labels, chart.categories, strict=True)
        if any(len(label) < min(8, len(c)) for label, c in cut):
            # too narrow to say anything: every k-th category named, the others left blank
            need = max(text_width(short(c, limit), label_size) for c in chart.categories)
            labels = [short(c, limit) for c in chart.categories]
            labels = thin(labels, math.ceil((need + 6) / slot))
    plot_w, plot_h = plot_right - plot_left, plot_bottom - plot_top
    # fewer ticks when their labels would touch
    most = len(ticks) - 1
    while most > 1:
        room = max(text_width(t, TICK_SIZE) + 8 for t in tick_labels) if horizontal else 13
        if (plot_w if horizontal else plot_h) / (len(ticks) - 1) >= room:
            break
        most -= 1
        ticks = nice_ticks(top_value, integer=chart.style != "line", most=most)
        tick_labels = [chart_number(t) for t in ticks]
    axis_max = ticks[-1]

    def scale(value: float) -> float:
        """A value's distance from the axis, in points."""
        return value / axis_max * (plot_w if horizontal else plot_h)

    # the value axis: ticks and their labels
    for tick, label in zip(ticks, tick_labels, strict=True):
        if horizontal:
            x = plot_left + scale(tick)
            body.append(
                f'<line x1="{_f(x)}" y1="{_f(plot_bottom)}" x2="{_f(x)}" '
                f'y2="{_f(plot_bottom + TICK_LENGTH)}"/>'
            )
            body.append(_text(x, plot_bottom + TICK_LENGTH + TICK_SIZE, label, TICK_SIZE))
        else:
            y = plot_bottom - scale(tick)
            body.append(
                f'<line x1="{_f(plot_left - TICK_LENGTH)}" y1="{_f(y)}" '
                f'x2="{_f(plot_left)}" y2="{_f(y)}"/>'
            )
            body.append(
                _text(plot_left - TICK_LENGTH - 2, y + TICK_SIZE * 0.35, label, TICK_SIZE, "end")
            )
    if chart.value_label:
        if horizontal:
            y = plot_bottom + TICK_LENGTH + TICK_SIZE * 2.4
            body.append(_text((plot_left + plot_right) / 2, y, chart.value_label, TICK_SIZE))
        else:
            x, y = PAD + TICK_SIZE * 0.8, (plot_top + plot_bottom) / 2
            body.append(
                _text(
                    0,
                    0,
                    chart.value_label,
                    TICK_SIZE,
                    extra=f' transform="translate({_f(x)} {_f(y)}) rotate(-90)"',
                )
            )

    # the categories
    centres = [
        (plot_top if horizontal else plot_left) + slot * (i + 0.5) for i in range(len(labels))
    ]
    for centre, label in zip(centres, labels, strict=True):
        if not label:
            continue
        if horizontal:
            body.append(
                f'<line x1="{_f(plot_left - TICK_LENGTH)}" y1="{_f(centre)}" '
                f'x2="{_f(plot_left)}" y2="{_f(centre)}"/>'
            )
            body.append(
                _text(
                    plot_left - TICK_LENGTH - 2,
                    centre + label_size * 0.35,
                    label,
                    label_size,
                    "end",
                )
            )
        else:
            body.append(
                f'<line x1="{_f(centre)}" y1="{_f(plot_bottom)}" x2="{_f(centre)}" '
                f'y2="{_f(plot_bottom + TICK_LENGTH)}"/>'
            )
            half = text_width(label, label_size) / 2  # kept inside the drawing at both ends
            x = min(max(centre, half + 1), WIDTH_PT - half - 1)
            body.append(_text(x, plot_bottom + TICK_LENGTH + label_size, label, label_size))

    # the data
    marks: list[str] = []
    if chart.style == "line":
        for index, series in enumerate(chart.series):
            colour = COLOURS[index % len(COLOURS)]
            points = [
                (centre, plot_bottom - scale(value))
                for centre, value in zip(centres, series.values, strict=True)
            ]
            path = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
            marks.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>'
            )
            for (x, y), value in zip(points, series.values, strict=True):
                marks.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" fill="{colour}"/>')
                marks.append(_text(x, y - 5, chart_number(value), VALUE_SIZE))
    else:
        base = [0.0] * len(centres)
        thickness = slot * 0.6
        for index, series in enumerate(chart.series):
            colour = COLOURS[index % len(COLOURS)]
            for i, (centre, value) in enumerate(zip(centres, series.values, strict=True)):
                if value > 0:
                    start, length = scale(base[i]), scale(value)
                    if horizontal:
                        x, y, w, h = plot_left + start, centre - thickness / 2, length, thickness
                    else:
                        x, y = centre - thickness / 2, plot_bottom - start - length
                        w, h = thickness, length
                    marks.append(
                        f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}" '
                        f'fill="{colour}"/>'
                    )
                base[i] += value
        for centre, total in zip(centres, base, strict=True):
            if total:
                if horizontal:
                    x, y = plot_left + scale(total) + 4, centre + VALUE_SIZE * 0.35
                    marks.append(_text(x, y, chart_number(total), VALUE_SIZE, "start"))
                else:
                    y = plot_bottom - scale(total) - 3
                    marks.append(_text(centre, y, chart_number(total), VALUE_SIZE))
    if chart.goal is not None:
        if horizontal:
            x = plot_left + scale(chart.goal)
            ends = f'x1="{_f(x)}" y1="{_f(plot_top)}" x2="{_f(x)}" y2="{_f(plot_bottom)}"'
        else:
            y = plot_bottom - scale(chart.goal)
            ends = f'x1="{_f(plot_left)}" y1="{_f(y)}" x2="{_f(plot_right)}" y2="{_f(y)}"'
        marks.append(
            f'<line class="goal" {ends} stroke="{GOAL_COLOUR}" stroke-width="1" '
            'stroke-dasharray="4 2"/>'
        )

    # the axes: left and bottom only
    axes = (
        f'<path d="M{_f(plot_left)},{_f(plot_top)} V{_f(plot_bottom)} H{_f(plot_right)}" '
        'fill="none"/>'
    )
    return "\n".join(  # one element a line: a snapshot's diff shows what moved
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
            f'aria-label="{escape(chart.title)}" width="{WIDTH_MM}mm" '
            f'height="{_f(height * 25.4 / 72)}mm" viewBox="0 0 {_f(WIDTH_PT)} {_f(height)}" '
            f'font-family="{FONT_FAMILY}" fill="#000">',
            *legend,
            '<g class="marks">',
            *marks,
            "</g>",
            '<g class="axes" stroke="#000" stroke-width="0.8">',
            axes,
            "</g>",
            '<g class="ticks" stroke="#000" stroke-width="0.8">',
            *[b for b in body if b.startswith("<line")],
            "</g>",
            '<g class="labels" stroke="none">',
            *[b for b in body if not b.startswith("<line")],
            "</g>",
            "</svg>",
        ]
    )

"""Charts of a report drawn with matplotlib: SVG for the HTML, PNG for Word.

matplotlib is imported only when a chart is drawn. Text is set in a serif font that has
every Vietnamese letter (Liberation Serif, metric-compatible with Times New Roman, else
DejaVu Serif) and, in SVG, drawn as outlines so the page prints the same everywhere.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

from stc_thidua.render.filters import vn_number
from stc_thidua.views import Chart

FONTS = ["Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif"]
_VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
WIDTH_IN = 6.3  # 160 mm: the text width of an A4 page with the decree's margins
# grey-blue shades that stay apart when printed in black and white
COLOURS = ("#1f4e79", "#9dc3e6", "#c55a11", "#f4b183", "#548235", "#a9d18e", "#7f7f7f", "#ffd966")


@functools.lru_cache(maxsize=1)
def vietnamese_font() -> str:
    """The first of FONTS installed with every Vietnamese letter; else matplotlib's DejaVu Sans.

    Older Liberation releases lack the precomposed letters (ệ, ở, ự); a chart must not lose them.
    """
    from matplotlib import font_manager, ft2font

    for family in FONTS:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        charmap = ft2font.FT2Font(path).get_charmap()
        if all(ord(ch) in charmap for ch in _VIETNAMESE):
            return family
    return "DejaVu Sans"  # shipped inside matplotlib


@functools.cache
def setup() -> Any:
    """Import pyplot (Agg) and choose the font, once: the slow part (see `render.warm_up`)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot

    vietnamese_font()
    return pyplot


def _pyplot() -> Any:
    import matplotlib

    from stc_thidua.render import ready

    ready()  # a warm-up thread may be setting matplotlib up: never two at once
    pyplot = setup()
    matplotlib.rcParams.update(
        {
            "font.family": vietnamese_font(),
            "font.size": 10,
            "svg.fonttype": "path",
            "svg.hashsalt": "thidua",  # the same chart gives the same SVG
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return pyplot


def _height(chart: Chart) -> float:
    if chart.style == "hbar":
        return min(9.0, 1.3 + 0.32 * len(chart.categories))
    return 3.0


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    """A figure on a chart: "1.234", "96,4"."""
    return vn_number(int(value)) if value == int(value) else vn_number(round(value, 1))


def _lines(ax: Any, chart: Chart, positions: list[int]) -> None:
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        ax.plot(positions, series.values, marker="o", color=colour, label=series.name)
        for x, y in zip(positions, series.values, strict=True):
            ax.annotate(
                _number(y),
                (x, y),
                textcoords="offset points",
                xytext=(0, 5),
                ha="center",
                fontsize=8,
            )
    if chart.goal is not None:
        label = f"Chỉ tiêu: {_number(chart.goal)}"
        ax.axhline(chart.goal, color="#7f7f7f", linestyle="--", linewidth=1, label=label)
    ax.set_xticks(positions, [_short(c, 20) for c in chart.categories])


def _bars(ax: Any, chart: Chart, positions: list[int]) -> None:
    horizontal = chart.style == "hbar"
    base = [0.0] * len(positions)
    for index, series in enumerate(chart.series):
        style = {"color": COLOURS[index % len(COLOURS)], "label": series.name}
        if horizontal:
            ax.barh(positions, series.values, left=base, height=0.6, **style)
        else:
            ax.bar(positions, series.values, bottom=base, width=0.6, **style)
        base = [b + v for b, v in zip(base, series.values, strict=True)]
    for position, total in zip(positions, base, strict=True):
        if total:
            xy, offset = ((total, position), (4, -3)) if horizontal else ((position, total), (0, 3))
            ax.annotate(
                _number(total),
                xy,
                textcoords="offset points",
                xytext=offset,
                ha="left" if horizontal else "center",
                fontsize=8,
            )
    labels = [_short(c) for c in chart.categories]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels)


def _figure(chart: Chart) -> Any:
    """The matplotlib figure of `chart`."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, _height(chart)))
    positions = list(range(len(chart.categories)))
    horizontal = chart.style == "hbar"
    if chart.style == "line":
        _lines(ax, chart, positions)
    else:
        _bars(ax, chart, positions)
    ax.margins(x=0.1 if horizontal else 0.05, y=0.12)
    values_axis = ax.xaxis if horizontal else ax.yaxis
    values_axis.set_major_formatter(FuncFormatter(lambda value, _pos: _number(value)))
    if chart.style != "line":
        values_axis.set_major_locator(MaxNLocator(integer=True))
    if chart.value_label:
        values_axis.set_label_text(chart.value_label)
    entries = len(chart.series) + (chart.goal is not None)
    if entries > 1:
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=min(3, entries),
            frameon=False,
            fontsize=9,
        )
    fig.tight_layout()
    return fig


def chart_svg(chart: Chart) -> str:
    """The chart as an SVG element to place inside an HTML page."""
    fig = _figure(chart)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    _pyplot().close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # the XML declaration and DOCTYPE do not belong inline
    return re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)


def chart_png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as PNG bytes for a Word document."""
    fig = _figure(chart)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, bbox_inches="tight")
    _pyplot().close(fig)
    return buffer.getvalue()

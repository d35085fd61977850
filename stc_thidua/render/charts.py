"""Charts of a report drawn with matplotlib as PNG, for Word (which needs a raster).

The HTML page and the PDF draw their charts as SVG without matplotlib (`render.svg`); this
module follows the same rules (colours, heights, labels, numbers) and is imported only when
a Word document is written. Text is set in a serif font that has every Vietnamese letter
(Liberation Serif, metric-compatible with Times New Roman, else DejaVu Serif).
"""

from __future__ import annotations

import functools
import io
from typing import Any

from stc_thidua.render.svg import COLOURS, WIDTH_IN, chart_height, chart_number, short
from stc_thidua.views import Chart

FONTS = ["Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif"]
_VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


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
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return pyplot


def _lines(ax: Any, chart: Chart, positions: list[int]) -> None:
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        ax.plot(positions, series.values, marker="o", color=colour, label=series.name)
        for x, y in zip(positions, series.values, strict=True):
            ax.annotate(
                chart_number(y),
                (x, y),
                textcoords="offset points",
                xytext=(0, 5),
                ha="center",
                fontsize=8,
            )
    if chart.goal is not None:
        label = f"Chỉ tiêu: {chart_number(chart.goal)}"
        ax.axhline(chart.goal, color="#7f7f7f", linestyle="--", linewidth=1, label=label)
    ax.set_xticks(positions, [short(c, 20) for c in chart.categories])


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
                chart_number(total),
                xy,
                textcoords="offset points",
                xytext=offset,
                ha="left" if horizontal else "center",
                fontsize=8,
            )
    labels = [short(c) for c in chart.categories]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
    else:
        ax.set_xticks(positions, labels)


def _figure(chart: Chart) -> Any:
    """The matplotlib figure of `chart`."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(WIDTH_IN, chart_height(chart)))
    positions = list(range(len(chart.categories)))
    horizontal = chart.style == "hbar"
    if chart.style == "line":
        _lines(ax, chart, positions)
    else:
        _bars(ax, chart, positions)
    ax.margins(x=0.1 if horizontal else 0.05, y=0.12)
    values_axis = ax.xaxis if horizontal else ax.yaxis
    values_axis.set_major_formatter(FuncFormatter(lambda value, _pos: chart_number(value)))
    if chart.style != "line":
        # 1-2-5 steps, few enough that "12.000" and "14.000" never run together
        values_axis.set_major_locator(
            MaxNLocator(nbins=5 if horizontal else 7, integer=True, steps=[1, 2, 5, 10])
        )
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


def chart_png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as PNG bytes for a Word document."""
    fig = _figure(chart)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, bbox_inches="tight")
    _pyplot().close(fig)
    return buffer.getvalue()

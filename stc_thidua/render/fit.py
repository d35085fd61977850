"""Column widths for DOCX tables that never break a figure or a word (Times New Roman metrics).

Word lays a fixed-width table out as told: a column narrower than "187.000.000" wraps the
amount over two lines, and one narrower than "truyền" breaks the word. Each column gets at
least its longest figure (whole) or its longest word, plus the cell margins; what is left is
shared in proportion to the view-model's relative widths. When even that does not fit, the
font steps down (12, 11, 10 pt).
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

CELL_MARGIN = Mm(1.2)  # left and right inner margin of each cell
SIZES = (12, 11, 10)  # table font sizes tried, largest first
_SAFETY = 1.08  # estimates are averages: keep a little room

# advance widths of Times New Roman in em, by class of character (bold is about 5% wider)
_NARROW = set(".,:;'!|ijlt()[]/ ")
_WIDE = set("mwMW")


def _em(char: str) -> float:
    if char in _NARROW:
        return 0.28
    if char in _WIDE:
        return 0.85
    if char.isdigit():
        return 0.5
    if char.isupper():
        return 0.68
    return 0.47


def text_width(text: str, size: float, *, bold: bool = False) -> Length:
    """The printed width of `text` on one line at `size` points."""
    ems = sum(_em(c) for c in text) * (1.06 if bold else 1.0)
    return Length(int(Pt(size) * ems * _SAFETY))


def _longest(text: str, size: float, *, whole: bool, bold: bool) -> Length:
    parts = [text] if whole else text.split()
    return max((text_width(p, size, bold=bold) for p in parts), default=Length(0))


def fitted_widths(
    available: Length,
    weights: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    bold_rows: Sequence[Sequence[str]] = (),
) -> tuple[list[Length], int]:
    """Column widths and the font size (pt) so no figure wraps and no word breaks."""
    for size in SIZES:
        least = []
        for index, is_number in enumerate(numeric):
            cells = [(r[index], False) for r in rows if index < len(r)]
            cells += [(r[index], True) for r in bold_rows if index < len(r)]
            body = max(
                (_longest(v, size, whole=is_number, bold=b) for v, b in cells),
                default=Length(0),
            )
            title = _longest(header[index], size, whole=False, bold=True)
            least.append(Length(max(body, title) + 2 * CELL_MARGIN))
        if sum(least) <= available or size == SIZES[-1]:
            return _share(available, least, weights), size
    raise AssertionError("unreachable")


def _share(available: Length, least: list[Length], weights: Sequence[float]) -> list[Length]:
    """The view-model's proportions, each column widened to its least, the rest narrowed."""
    total = sum(weights) or 1
    wanted = [max(low, available * k / total) for low, k in zip(least, weights, strict=True)]
    excess = sum(wanted) - available
    room = sum(w - low for w, low in zip(wanted, least, strict=True))
    if excess > 0 and room > 0:
        cut = min(1.0, excess / room)
        wanted = [w - (w - low) * cut for w, low in zip(wanted, least, strict=True)]
    return [Length(int(w)) for w in wanted]


def set_cell_margins(table: object) -> None:
    """Narrow left and right cell margins for the whole table (tblCellMar)."""
    props = table._tbl.tblPr  # type: ignore[attr-defined]
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(CELL_MARGIN.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = props.find(qn("w:tblLook"))  # the schema wants tblCellMar before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        props.append(margins)


def no_wrap(cell: object) -> None:
    """Keep a figure on one line (w:noWrap)."""
    props = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:noWrap")
    after = props.find(qn("w:vAlign"))  # the schema wants noWrap before vAlign
    if after is not None:
        after.addprevious(element)
    else:
        props.append(element)

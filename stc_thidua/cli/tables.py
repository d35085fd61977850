"""Tables for humans, drawn like Rich's (heavy head, light body) at a fraction of its cost.

Rich spends about 150 µs a cell measuring, wrapping and padding: 3,000 proposals took four
seconds to print, and importing it costs every listing 20 ms. Here a column is as wide as its
longest line, the widest columns give way first when the terminal is narrower (down to their
longest word, then folding words), and cells wrap on spaces. Cells are plain text: control
characters are escaped by the caller, nothing is read as markup.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

_WIDE = frozenset("WF")
# characters outside Latin (with Vietnamese's letters) and punctuation: maybe wide or combining
_MAYBE_NOT_ONE = re.compile("[^\x00-\u02ff\u1e00-\u1eff\u2000-\u2064\u2066-\u206f]")


@functools.lru_cache(maxsize=16384)  # statuses, names and units repeat down a column
def cell_width(text: str) -> int:
    """Columns `text` takes on a terminal (wide East Asian characters count two)."""
    if text.isascii() or not _MAYBE_NOT_ONE.search(text):
        return len(text)  # Vietnamese in NFC: one column a letter
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in _WIDE else 1
    return width


def _fold(word: str, width: int) -> list[str]:
    """A word too long for its column, cut into pieces that fit."""
    pieces, piece, used = [], "", 0
    for ch in word:
        w = cell_width(ch)
        if used + w > width and piece:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    return [*pieces, piece]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, broken on spaces, long words folded."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if cell_width(paragraph) <= width:
            lines.append(paragraph)
            continue
        line, used = "", 0
        for word in paragraph.split():
            w = cell_width(word)
            if line and used + 1 + w <= width:
                line, used = f"{line} {word}", used + 1 + w
                continue
            if line:
                lines.append(line)
            if w > width:
                *full, line = _fold(word, width)
                lines.extend(full)
                used = cell_width(line)
            else:
                line, used = word, w
        lines.append(line)
    return lines


def _widths(columns: Sequence[str], rows: Sequence[Sequence[str]], total: int) -> list[int]:
    """Each column's width: its longest line, the widest giving way first to fit `total`."""
    count = len(columns)
    most = [max(cell_width(line) for line in c.split("\n")) for c in columns]
    least = [max((cell_width(w) for w in c.split()), default=1) for c in columns]
    for row in rows:
        for i, cell in enumerate(row):
            if cell:
                most[i] = max(most[i], max(cell_width(line) for line in cell.split("\n")))
                least[i] = max(least[i], max((cell_width(w) for w in cell.split()), default=1))
    widths = [max(1, m) for m in most]
    room = total - (3 * count + 1)  # "│ " before each cell, " " after, and the last "│"
    for floor in (least, [1] * count):
        while sum(widths) > room:
            candidates = [i for i in range(count) if widths[i] > floor[i]]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def render_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], *, width: int, bold: bool
) -> str:
    """The table as text: title, heavy header box, one line per wrapped cell line, bottom."""
    widths = _widths(columns, rows, width)

    def lines_of(cells: Sequence[str], left: str, sep: str, right: str) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths, strict=True)]
        height = max(len(w) for w in wrapped)
        out = []
        for n in range(height):
            parts = []
            for cell, w in zip(wrapped, widths, strict=True):
                text = cell[n] if n < len(cell) else ""
                parts.append(f" {text}{' ' * (w - cell_width(text))} ")
            out.append(left + sep.join(parts) + right)
        return out

    def rule(left: str, fill: str, sep: str, right: str) -> str:
        return left + sep.join(fill * (w + 2) for w in widths) + right

    head = lines_of(columns, "┃", "┃", "┃")
    if bold:
        head = [f"\x1b[1m{line}\x1b[0m" for line in head]
    out = [title] if title else []
    out.append(rule("┏", "━", "┳", "┓"))
    out += head
    out.append(rule("┡", "━", "╇", "┩"))
    for row in rows:
        out += lines_of(row, "│", "│", "│")
    out.append(rule("└", "─", "┴", "┘"))
    return "\n".join(out) + "\n"


def print_plain_table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], stream: TextIO | None = None
) -> None:
    """Print the table at the terminal's width (80 when piped; $COLUMNS wins)."""
    out = stream or sys.stdout
    width = shutil.get_terminal_size((80, 24)).columns
    tty = out.isatty() and "NO_COLOR" not in os.environ
    out.write(render_table(title, columns, rows, width=max(width, 20), bold=tty))

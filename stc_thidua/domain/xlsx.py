"""A lean, streaming reader of the cell values of an XLSX workbook.

openpyxl reads every cell into objects; for an import only the values matter, and reading the
sheet XML directly is several times faster (20,000 rows in well under a second). Anything this
reader does not expect raises `Unsupported`, and the caller falls back to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BUILTIN_DATES = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_CELL = re.compile(r"([A-Z]+)([0-9]+)")

Rows = Iterator[tuple[Any, ...]]


class Unsupported(Exception):
    """Something this reader does not handle: use openpyxl instead."""


class Uncomputed(str):
    """A formula cell whose value was never computed (a file no spreadsheet program saved)."""


def _column(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _text(element: Any) -> str:
    """The text of a string item: its <t>, or its runs' <t>s; phonetic hints left out."""
    parts = []
    for child in element:
        if child.tag == MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == MAIN + "r":
            parts.extend(t.text or "" for t in child.iter(MAIN + "t"))
    return "".join(parts)


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles that show a number as a date."""
    from openpyxl.styles.numbers import is_date_format

    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    styles: list[int] = []
    in_xfs = False
    for event, element in iterparse(archive.open("xl/styles.xml"), events=("start", "end")):
        if event == "start":
            if element.tag == MAIN + "cellXfs":
                in_xfs = True
            continue
        if element.tag == MAIN + "numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif element.tag == MAIN + "xf" and in_xfs:
            styles.append(int(element.get("numFmtId", "0")))
        elif element.tag == MAIN + "cellXfs":
            in_xfs = False
    return {
        index
        for index, fmt in enumerate(styles)
        if fmt in BUILTIN_DATES or (fmt in custom and is_date_format(custom[fmt]))
    }


class HiddenRow(tuple):  # type: ignore[type-arg]
    """The values of a row hidden in Excel (hidden by hand or filtered out)."""

    __slots__ = ()


def hidden_sheets(raw: bytes) -> set[str]:
    """The names of the sheets Excel does not show (state hidden or very hidden)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return {
                element.get("name", "")
                for _, element in iterparse(archive.open("xl/workbook.xml"))
                if element.tag == MAIN + "sheet"
                and element.get("state") in ("hidden", "veryHidden")
            }
    except (KeyError, ValueError, ParseError, zipfile.BadZipFile):
        return set()


def sheets(raw: bytes) -> list[tuple[str, Callable[[], Rows]]]:
    """(name, rows) of every sheet in workbook order; rows are value tuples, one per row
    from row 1 on (missing rows as empty tuples), as openpyxl's `values_only` gives them.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for _, rel in iterparse(archive.open("xl/_rels/workbook.xml.rels"))
            if rel.tag == PACKAGE_REL + "Relationship"
        }
        found: list[tuple[str, str]] = []
        epoch_1904 = False
        for _, element in iterparse(archive.open("xl/workbook.xml")):
            if element.tag == MAIN + "workbookPr":
                epoch_1904 = element.get("date1904") in ("1", "true")
            elif element.tag == MAIN + "sheet":
                target = targets[element.get(REL + "id")]
                path = (
                    target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                )
                found.append((element.get("name", ""), posixpath.normpath(path)))
        strings: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for _, element in iterparse(archive.open("xl/sharedStrings.xml")):
                if element.tag == MAIN + "si":
                    strings.append(_text(element))
                    element.clear()
        dates = _date_styles(archive)
    except (KeyError, ValueError, ParseError, zipfile.BadZipFile) as exc:
        raise Unsupported(str(exc)) from exc
    if any(path not in names for _, path in found):
        raise Unsupported("a sheet is missing")
    epoch = dt.datetime(1904, 1, 1) if epoch_1904 else None

    def reader(path: str) -> Callable[[], Rows]:
        return lambda: _rows(archive, path, strings, dates, epoch)

    return [(name, reader(path)) for name, path in found]


def _value(cell: Any, strings: list[str], dates: set[int], epoch: dt.datetime | None) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(MAIN + "is")
        return _text(inline) if inline is not None else None
    value = cell.find(MAIN + "v")
    if value is None or value.text is None:
        formula = cell.find(MAIN + "f")
        return Uncomputed("=" + (formula.text or "")) if formula is not None else None
    text = value.text
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(text)
    number = float(text)
    style = cell.get("s")
    if style is not None and int(style) in dates:
        from openpyxl.utils.datetime import from_excel

        return from_excel(number, epoch) if epoch else from_excel(number)
    if number.is_integer() and not any(ch in text for ch in ".eE"):
        return int(text)
    return number


def _rows(
    archive: zipfile.ZipFile,
    path: str,
    strings: list[str],
    dates: set[int],
    epoch: dt.datetime | None,
) -> Rows:
    expected = 1
    try:
        for _, element in iterparse(archive.open(path)):
            if element.tag != MAIN + "row":
                continue
            number = int(element.get("r", expected))
            while expected < number:  # rows the sheet does not list are empty
                yield ()
                expected += 1
            cells: list[Any] = []
            for position, cell in enumerate(element.iter(MAIN + "c")):
                reference = cell.get("r")
                index = position
                if reference:
                    match = _CELL.fullmatch(reference)
                    if match is None:
                        raise Unsupported(reference)
                    index = _column(match.group(1))
                if index >= len(cells):
                    cells.extend([None] * (index + 1 - len(cells)))
                cells[index] = _value(cell, strings, dates, epoch)
            hidden = element.get("hidden") in ("1", "true")
            element.clear()
            yield HiddenRow(cells) if hidden else tuple(cells)
            expected = number + 1
    except (KeyError, ValueError, IndexError, ParseError) as exc:
        raise Unsupported(str(exc)) from exc

"""Reading the sheets offices keep (CSV and XLSX alike) and writing CSV for Excel.

One reader for every import: it finds the header row under merged title rows, accepts
Vietnamese headers with or without diacritics and their usual variants as well as the English
field names, reads every sheet of a workbook (or the one asked for), skips blank rows, and
reads CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1258. What it cannot read is said
in one Vietnamese sentence; what is wrong in a row is returned as a `Problem`, never raised
alone, so that the user sees every bad row at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stc_thidua.errors import InvalidInput, os_reason
from stc_thidua.text import keyword, shown

MAX_ROWS = 1_000_000
HEADER_SCAN = 30  # rows searched for the header under title rows
IGNORED_HEADERS = {"stt", "tt", "sott", "sothutu", "no", "#"}  # row numbers: never data

# called as progress(rows_done, rows_total) while a file is imported
Progress = Callable[[int, int], None] | None


@dataclass(frozen=True)
class Column:
    """A field an import reads, the header it is written under, and the spellings accepted."""

    name: str  # English field name (also accepted as a header)
    label: str  # Vietnamese header, as exports write it
    headers: tuple[str, ...] = ()  # other accepted spellings, any accents and case
    required: bool = False

    def header_keys(self) -> set[str]:
        """Header keywords this column answers to."""
        return {keyword(h) for h in (self.name, self.label, *self.headers)} | {
            keyword(_bare(self.label))
        }


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where (sheet, row as Excel shows it, column) and why."""

    reason: str
    row: int | None = None
    column: str | None = None  # "D (Số tiền)"
    sheet: str | None = None

    def text(self) -> str:
        """ "trang “Đóng góp”, dòng 12, cột F (Số tiền): không phải số." """
        where = []
        if self.sheet:
            where.append(f"trang “{self.sheet}”")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def sentence(self) -> str:
        """The problem as a sentence of its own, capitalised."""
        text = self.text()
        return text[:1].upper() + text[1:]

    def as_json(self) -> dict[str, Any]:
        """The problem as plain data."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


class FileProblems(InvalidInput):
    """Tệp có lỗi; không dòng nào được nhập."""

    def __init__(self, name: str, problems: Sequence[Problem]) -> None:
        count = len(problems)
        noun = "một lỗi" if count == 1 else f"{count} lỗi"
        first = problems[0].text().rstrip(".") if problems else ""
        more = f" (và {count - 1} lỗi khác, liệt kê ở trên)" if count > 1 else ""
        super().__init__(
            f"Tệp {name} có {noun}, không dòng nào được nhập: {first}{more}."
            if count
            else f"Tệp {name} có lỗi, không dòng nào được nhập."
        )
        self.problems = list(problems)


@dataclass
class Row:
    """One data row: its values by field, where it stands, and the letter of each field."""

    sheet: str | None
    number: int  # as Excel shows it (1-based, header included)
    values: dict[str, Any]
    letters: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)  # field → header as the file writes it

    def problem(self, reason: str, field_name: str | None = None, label: str = "") -> Problem:
        """A problem at this row (and at the column of `field_name`, named by its header)."""
        column = None
        if field_name is not None and field_name in self.letters:
            label = self.headers.get(field_name) or label
            column = self.letters[field_name] + (f" ({label})" if label else "")
        elif label:
            column = label
        return Problem(reason, row=self.number, column=column, sheet=self.sheet)


@dataclass
class Table:
    """What a file holds: its rows, what was noticed (notes) and what is wrong (problems)."""

    name: str
    format: str  # "xlsx" or "csv"
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _bare(header: str) -> str:
    """A header without its parenthesised remark: "Số tiền (đồng)" → "Số tiền"."""
    return re.sub(r"\([^)]*\)|\[[^]]*\]", " ", header)


def header_field(header: str, lookup: dict[str, str]) -> str | None:
    """The field a header cell names, or None."""
    for candidate in (header, _bare(header)):
        key = keyword(candidate)
        if key in lookup:
            return lookup[key]
    return None


def _letter(index: int) -> str:
    """Column letter as Excel shows it: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_text(value: Any, csv_cell: bool = False) -> Any:
    """A cell value as the import sees it: text NFC and stripped, dates as dates."""
    if isinstance(value, str):
        if type(value) is not str:
            from stc_thidua.domain.xlsx import Uncomputed

            if isinstance(value, Uncomputed):
                return value
        text = unicodedata.normalize("NFC", value).strip()
        return unsafe_cell(text) if csv_cell else text
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


# --- reading the bytes ------------------------------------------------------------------------


MAX_FILE_BYTES = 256 * 1024 * 1024  # far beyond any office's sheet (20,000 rows ≈ 1 MB)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a folder, a device or pipe, or a file far too big is refused first.

    The first bytes are looked at before the rest is read: a binary file is named at once.
    """
    try:
        if path.is_dir():
            raise InvalidInput(f"{path} là một thư mục, không phải tệp.")
        if path.exists():
            if not path.is_file():
                raise InvalidInput(
                    f"{path} không phải tệp thường (thiết bị hay ống dẫn), không đọc."
                )
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InvalidInput(
                    f"Tệp {path.name} quá lớn ({size // (1024 * 1024)} MB) so với một bảng "
                    f"tính (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB); hãy kiểm tra lại tệp."
                )
            if size > 1024 * 1024:  # a big file: look at its first bytes before reading it all
                with path.open("rb") as handle:
                    head = handle.read(4096)
                binary = None if head.startswith(_ZIP) else _what_binary(head)
                if binary is not None:
                    raise InvalidInput(
                        f"Tệp {path.name} không phải bảng tính CSV hay XLSX: đó là {binary}."
                    )
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp {path}.") from None
    except PermissionError:
        raise InvalidInput(
            f"Không đọc được tệp {path.name}: không có quyền (tệp đang bị khóa hoặc "
            "đang mở trong một chương trình khác?)."
        ) from None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {path.name}: {os_reason(exc)}.") from None


def _check_not_open_in_excel(path: Path) -> None:
    """Excel keeps "~$name.xlsx" beside a workbook it has open: its saved copy may be stale."""
    owner = path.with_name("~$" + path.name[2:]) if len(path.name) > 2 else None
    for lock in {path.with_name("~$" + path.name), owner}:
        if lock is not None and lock.exists():
            raise InvalidInput(
                f"Tệp {path.name} đang mở trong Excel (có tệp khóa {lock.name}); hãy lưu, đóng "
                "Excel rồi nhập lại (hoặc xóa tệp khóa nếu Excel đã đóng)."
            )


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _what_binary(raw: bytes) -> str | None:
    """What a binary file is, if it is one we can name."""
    if raw.startswith(_OLE):
        return "tệp Excel 97-2003 (.xls) hoặc tệp có mật khẩu; hãy lưu lại dạng .xlsx"
    if raw.startswith(b"%PDF"):
        return "tệp PDF"
    if raw.startswith(b"SQLite format 3\x00"):
        return "tệp cơ sở dữ liệu SQLite"
    if raw.startswith(_ZIP):
        if _zip_broken(raw):
            return (
                "tệp nén ZIP (như tệp Excel) bị hỏng hoặc chưa chép hết; nếu là tệp Excel, hãy mở "
                "bằng Excel, lưu lại rồi nhập lại"
            )
        return "tệp nén ZIP (có thể là Word hay tệp khác), không phải bảng tính"
    if raw[:4096].count(b"\x00") > 0 and not _looks_utf16(raw):
        return "tệp nhị phân"
    return None


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 text: a byte-order mark, or every other byte NUL (Latin letters)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = raw[:200]
    even, odd = head[0::2], head[1::2]
    if len(head) < 4 or (not even.strip(b"\x00") and not odd.strip(b"\x00")):
        return False  # nothing but NUL bytes: no text at all
    return odd.count(0) > len(head) // 3 or even.count(0) > len(head) // 3


def _zip_broken(raw: bytes) -> bool:
    """A ZIP cut short or damaged (no readable central directory), as copies left unfinished."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)):
            return False
    except zipfile.BadZipFile:
        return True


def _is_xlsx(raw: bytes) -> bool:
    if not raw.startswith(_ZIP):
        return False
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


_VIETNAMESE = re.compile(r"[đĐăĂâÂêÊôÔơƠưƯ\u0300\u0301\u0303\u0309\u0323]")


# a well-formed UTF-8 letter beyond ASCII: Windows-1258 text practically never holds one
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in; refuse what cannot be read."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings = ["utf-16"]
    elif _looks_utf16(raw):
        encodings = ["utf-16-le" if raw[1:200:2].count(0) > raw[0:200:2].count(0) else "utf-16-be"]
    else:
        encodings = ["utf-8", "cp1258"]
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and _UTF8_SEQUENCE.search(raw):
                # UTF-8 letters stand in it: a damaged UTF-8 file, not another code page
                line = raw.count(b"\n", 0, exc.start) + 1
                raise InvalidInput(
                    f"Tệp {name} là văn bản UTF-8 nhưng hỏng ở dòng {line} (có byte không "
                    "hợp lệ); hãy lưu lại tệp trong Excel dạng “CSV UTF-8”."
                ) from None
            continue
        if encoding == "cp1258" and not _VIETNAMESE.search(text):
            continue  # decodes, but as no Vietnamese text: some other code page
        if "\x00" in text:
            break
        label = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1258": "Windows-1258"}.get(
            encoding, "UTF-16"
        )
        return unicodedata.normalize("NFC", text), label
    raise InvalidInput(
        f"Không đọc được bảng mã của tệp {name}: không phải UTF-8, UTF-16 hay Windows-1258 "
        "(hãy lưu lại trong Excel dạng “CSV UTF-8”)."
    )


# --- the reader -------------------------------------------------------------------------------


def read_table(
    path: Path,
    columns: Sequence[Column],
    *,
    sheet: str | None = None,
) -> Table:
    """Read a CSV or XLSX file into rows keyed by field, with notes and problems.

    Raises InvalidInput only for a file that cannot be read at all (missing, locked, empty,
    not a table, wrong encoding, no header row); row-level faults are in `Table.problems`.
    """
    raw = _read_bytes(path)
    if not raw.strip(b"\xef\xbb\xbf\xff\xfe \t\r\n"):  # NUL bytes are no blank text
        raise InvalidInput(f"Tệp {path.name} trống.")
    suffix = path.suffix.lower()
    if _is_xlsx(raw):
        _check_not_open_in_excel(path)
        table = _read_xlsx(raw, path.name, columns, sheet)
        if suffix not in (".xlsx", ".xlsm"):
            table.notes.insert(
                0, f"Tệp {path.name} thực chất là tệp Excel (XLSX), đã được đọc như tệp Excel."
            )
        return table
    binary = _what_binary(raw)
    if binary is not None:
        raise InvalidInput(f"Tệp {path.name} không phải bảng tính CSV hay XLSX: đó là {binary}.")
    text, encoding = decode_text(raw, path.name)
    table = _read_csv(text, path.name, columns)
    if sheet is not None:
        table.notes.append(f"Tệp CSV chỉ có một trang; bỏ qua --sheet “{shown(sheet)}”.")
    if suffix in (".xlsx", ".xlsm"):
        table.notes.insert(0, f"Tệp {path.name} thực chất là văn bản CSV, đã được đọc như CSV.")
    if encoding == "Windows-1258":
        table.notes.append(f"Tệp {path.name} ở bảng mã Windows-1258, đã chuyển sang Unicode.")
    return table


@dataclass
class _Header:
    index: int  # 0-based row index of the header in the sheet
    positions: dict[str, int]  # field → column index
    extra: list[str]  # unknown header cells
    texts: dict[str, str] = field(default_factory=dict)  # field → header cell text


def _find_header(rows: Sequence[Sequence[Any]], columns: Sequence[Column]) -> _Header | None:
    """The first row among the top ones naming the most known columns.

    A row qualifies with two known columns, or with one when that is all the required ones.
    """
    lookup = {key: c.name for c in columns for key in c.header_keys()}
    required = {c.name for c in columns if c.required}

    def named(row: Sequence[Any]) -> tuple[dict[str, int], dict[str, str], list[str]]:
        positions: dict[str, int] = {}
        texts: dict[str, str] = {}
        extra: list[str] = []
        for col, value in enumerate(row):
            if _blank(value) or not isinstance(value, str):
                continue
            name = header_field(value, lookup)
            if name is not None and name not in positions:
                positions[name] = col
                texts[name] = " ".join(unicodedata.normalize("NFC", value).split())
            elif name is None and keyword(value) not in IGNORED_HEADERS:
                extra.append(unicodedata.normalize("NFC", value).strip())
        return positions, texts, extra

    best: _Header | None = None
    best_score = 0
    above: tuple[dict[str, int], dict[str, str], list[str]] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN]):
        positions, texts, extra = named(row)
        if above is not None:
            # a header on two rows: "Đơn vị" merged over both rows sits in the upper one only,
            # above a blank cell; group titles ("Kết quả vận động") sit above named cells
            for name, col in above[0].items():
                blank = col >= len(row) or _blank(row[col])
                if blank and name not in positions and col not in positions.values():
                    positions[name] = col
                    texts[name] = above[1][name]
        above = named(row)
        score = len(positions)
        if score < 2 and not (score and required <= set(positions)):
            continue
        if score > best_score:
            best, best_score = _Header(index, positions, extra, texts), score
    return best


def _missing(header: _Header, columns: Sequence[Column]) -> list[str]:
    return [c.label for c in columns if c.required and c.name not in header.positions]


def _rows_of(
    rows: Iterator[Sequence[Any]],
    header: _Header,
    sheet: str | None,
    start: int,
    table: Table,
) -> None:
    """Turn the data rows under a header into `Row`s, skipping blank ones."""
    from stc_thidua.domain.xlsx import HiddenRow, Uncomputed

    letters = {name: _letter(col) for name, col in header.positions.items()}
    positions = list(header.positions.items())
    normalize = unicodedata.normalize
    csv_cells = table.format == "csv"
    hidden: list[int] = []
    for number, row in enumerate(rows, start=start):
        if isinstance(row, HiddenRow):
            if any(not _blank(v) for v in row):
                hidden.append(number)
            continue
        width = len(row)
        values = {
            name: (
                (
                    normalize("NFC", value).strip()
                    if type(value := row[col]) is str and not csv_cells
                    else _cell_text(value, csv_cells)
                )
                if col < width
                else None
            )
            for name, col in positions
        }
        if all(_blank(v) for v in values.values()):
            continue
        uncomputed = [f for f, v in values.items() if isinstance(v, Uncomputed)]
        for field_name in uncomputed:
            table.problems.append(
                Problem(
                    "ô có công thức chưa được tính; hãy mở tệp bằng Excel rồi lưu lại.",
                    row=number,
                    column=f"{letters[field_name]} ({header.texts.get(field_name, field_name)})",
                    sheet=sheet,
                )
            )
        if len(table.rows) >= MAX_ROWS:
            raise InvalidInput(f"Tệp {table.name} có hơn {MAX_ROWS} dòng.")
        table.rows.append(Row(sheet, number, values, letters, header.texts))
    if hidden:
        shown_rows = ", ".join(str(n) for n in hidden[:10]) + (", ..." if len(hidden) > 10 else "")
        where = f" ở trang “{sheet}”" if sheet else ""
        table.notes.append(
            f"Bỏ qua {len(hidden)} dòng ẩn{where} (dòng {shown_rows}); muốn nhập, hãy bỏ ẩn "
            "trong Excel."
        )


def _read_xlsx(raw: bytes, name: str, columns: Sequence[Column], sheet: str | None) -> Table:
    """Read a workbook: with the lean reader, or with openpyxl where the lean one gives up."""
    from stc_thidua.domain import xlsx

    hidden = xlsx.hidden_sheets(raw)
    try:
        return _read_sheets(xlsx.sheets(raw), name, columns, sheet, hidden)
    except xlsx.Unsupported:
        pass
    import warnings
    import zipfile

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on styles and extensions
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InvalidInput(f"Tệp {name} không phải tệp Excel hợp lệ (tệp hỏng?): {exc}.") from None

    def rows_of(sheet_name: str) -> Callable[[], Iterator[Any]]:
        def rows() -> Iterator[Any]:
            worksheet = workbook[sheet_name]
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # some writers record no or wrong dimensions
            return iter(worksheet.iter_rows(values_only=True))

        return rows

    try:
        sheet_list = [(n, rows_of(n)) for n in workbook.sheetnames]
        return _read_sheets(sheet_list, name, columns, sheet, hidden)
    finally:
        workbook.close()


def _read_sheets(
    sheets: Sequence[tuple[str, Callable[[], Iterator[Any]]]],
    name: str,
    columns: Sequence[Column],
    sheet: str | None,
    hidden: set[str] | None = None,
) -> Table:
    """The rows of every sheet with a header row (or of the one asked for).

    A sheet hidden in Excel is read only when --sheet names it: what the clerk cannot see
    is not counted without a word (the notes say what was left out).
    """
    table = Table(name, "xlsx")
    if sheet is not None:
        from stc_thidua.errors import NotFound
        from stc_thidua.text import match_one

        try:  # the shared rule: "Quỳ II" is not "Quý II"; "quy ii" finds it when alone
            sheets = [match_one(sheet, sheets, lambda s: [s[0]], "trang")]
        except NotFound:
            listed = ", ".join(f"“{n}”" for n, _ in sheets)
            raise InvalidInput(
                f"Tệp {name} không có trang “{shown(sheet)}”; có: {listed}."
            ) from None
    elif hidden:
        for sheet_name in [n for n, _ in sheets if n in hidden]:
            table.notes.append(
                f"Bỏ qua trang ẩn “{sheet_name}”; muốn nhập trang đó, ghi --sheet “{sheet_name}”."
            )
        sheets = [s for s in sheets if s[0] not in hidden]
    used = 0
    best_missing: tuple[str, list[str]] | None = None
    for sheet_name, rows in sheets:
        iterator = rows()
        top: list[Sequence[Any]] = []
        for row in iterator:
            top.append(row)
            if len(top) >= HEADER_SCAN:
                break
        header = _find_header(top, columns)
        if header is None:
            if sheet is not None:
                raise InvalidInput(
                    f"Trang “{sheet_name}” của tệp {name} không có hàng tiêu đề nhận ra được "
                    f"(cần các cột: {', '.join(c.label for c in columns if c.required)})."
                )
            if any(not _blank(v) for r in top for v in r):
                table.notes.append(f"Bỏ qua trang “{sheet_name}”: không có hàng tiêu đề.")
            continue
        missing = _missing(header, columns)
        if missing:
            unused = (  # the column the clerk may rename is often among these
                "; có các cột không dùng: " + ", ".join(f"“{shown(e, 40)}”" for e in header.extra)
                if header.extra
                else ""
            )
            if sheet is not None or len(sheets) == 1:
                table.problems.append(
                    Problem(f"thiếu cột {', '.join(missing)}{unused}.", sheet=sheet_name)
                )
                continue
            best_missing = best_missing or (sheet_name, missing)
            table.notes.append(f"Bỏ qua trang “{sheet_name}”: thiếu cột {', '.join(missing)}.")
            continue
        used += 1
        if header.extra:
            extra = ", ".join(f"“{shown(e, 40)}”" for e in header.extra)
            where = f"trang “{sheet_name}”" if len(sheets) > 1 else f"tệp {name}"
            table.notes.append(f"Các cột không dùng ở {where}: {extra}.")
        rest = iter(top[header.index + 1 :])
        _rows_of(_chain(rest, iterator), header, sheet_name, header.index + 2, table)
    if not used and not table.problems:
        if best_missing is not None:
            sheet_name, missing = best_missing
            raise InvalidInput(f"Tệp {name} thiếu cột {', '.join(missing)} (trang “{sheet_name}”).")
        needed = ", ".join(c.label for c in columns if c.required)
        raise InvalidInput(
            f"Tệp {name} không có trang nào có hàng tiêu đề nhận ra được (cần các cột: {needed})."
        )
    return table


def _chain(first: Iterator[Sequence[Any]], second: Iterator[Sequence[Any]]) -> Iterator[Any]:
    yield from first
    yield from second


def _read_csv(text: str, name: str, columns: Sequence[Column]) -> Table:
    table = Table(name, "csv")
    top_lines = text.splitlines()[:HEADER_SCAN]
    sample = "\n".join(top_lines)
    # the delimiter the top lines use most; quotes are always '"' (csv.Sniffer took the "'"
    # that protects a formula-like cell for a quote character, and split names)
    delimiter = max(",;\t", key=sample.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) > MAX_ROWS:
                raise InvalidInput(f"Tệp {name} có hơn {MAX_ROWS} dòng.")
    except csv.Error as exc:
        table.problems.append(
            Problem(f"sai định dạng CSV: {_csv_reason(exc)}.", row=len(records) + 1)
        )
        return table
    header = _find_header(records, columns)
    if header is None:
        needed = ", ".join(c.label for c in columns if c.required)
        raise InvalidInput(
            f"Tệp {name} không có hàng tiêu đề nhận ra được (cần các cột: {needed})."
        )
    missing = _missing(header, columns)
    if missing:
        raise InvalidInput(f"Tệp {name} thiếu cột {', '.join(missing)}.")
    if header.extra:
        extra = ", ".join(f"“{shown(e, 40)}”" for e in header.extra)
        table.notes.append(f"Các cột không dùng ở tệp {name}: {extra}.")
    width = len(records[header.index])
    for number, record in enumerate(records[header.index + 1 :], start=header.index + 2):
        overflow = [cell for cell in record[width:] if cell.strip()]
        if overflow:
            table.problems.append(
                Problem(
                    f"có {len(record)} ô, nhiều hơn {width} cột của hàng tiêu đề "
                    "(dấu phân cách hay dấu ngoặc kép thừa?).",
                    row=number,
                )
            )
    _rows_of(iter(records[header.index + 1 :]), header, None, header.index + 2, table)
    return table


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A leading "'" is escaped too, so that a name that itself starts with "'=" comes back whole.
_ESCAPED = (*_FORMULA_START, "'")


def safe_cell(value: object) -> str:
    """A cell spreadsheet programs will not run as a formula: "=1+1" becomes "'=1+1"."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_ESCAPED) else text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell` when a file we wrote comes back in."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_ESCAPED) else text


def _csv_reason(exc: csv.Error) -> str:
    """Why the csv module refused a file, in Vietnamese."""
    text = str(exc)
    if "field limit" in text:
        return f"có ô dài quá {csv.field_size_limit()} ký tự"
    if "NUL" in text:
        return "có ký tự NUL"
    if "end of data" in text:
        return "dấu ngoặc kép mở mà không đóng"
    return "dấu ngoặc kép hoặc xuống dòng không khớp"


def write_csv(header: list[str], rows: list[list[object]]) -> str:
    """CSV text (UTF-8 with BOM for Excel is added by the caller) with formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[safe_cell(v) for v in row] for row in rows])
    return buffer.getvalue()

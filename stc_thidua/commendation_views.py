"""Frozen view-models of the commendation dossier (Tờ trình, Danh sách, Biên bản, Quyết định,
Báo cáo thành tích): plain data built by `domain.dossier`, rendered by `render.formal`.

One shape serves every document: the Nghị định 30/2020 header, a title, an optional "Kính gửi",
a body of blocks (paragraphs, bordered tables, page breaks), the recipients and one or two
signatures. Nothing here knows the database or Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass

from stc_thidua.views import DocHeader, Recipient

# paragraph styles: body (justified, indented), plain (no indent), heading (bold),
# center, center_bold, center_italic, italic (the căn cứ lines), bullet ("- text")
STYLES = ("body", "plain", "heading", "center", "center_bold", "center_italic", "italic", "bullet")


@dataclass(frozen=True)
class Para:
    """A paragraph; `lead` is printed bold before the text ("Điều 1.")."""

    text: str
    style: str = "body"
    lead: str = ""


@dataclass(frozen=True)
class Table:
    """A bordered table; rows listed in `groups` are headings spanning the whole row."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]  # relative widths, e.g. (6, 30, 30, 20, 14)
    align: tuple[str, ...]  # "left", "center" or "right" per column
    groups: tuple[int, ...] = ()  # indexes of rows printed as one bold spanning cell
    total: tuple[str, ...] = ()  # a bold last row, "" cells left blank


@dataclass(frozen=True)
class PageBreak:
    """The attached list starts on a new page."""


Block = Para | Table | PageBreak


@dataclass(frozen=True)
class Signature:
    """One signature column: bold title lines, an italic note, then the name."""

    titles: tuple[str, ...]  # ("TM. HỘI ĐỒNG", "CHỦ TỊCH") or ("GIÁM ĐỐC",)
    name: str
    note: str = ""  # e.g. "(Ký, ghi rõ họ tên)"


@dataclass(frozen=True)
class FormalDoc:
    """A commendation document, ready to print."""

    header: DocHeader
    doc_type: str  # "TỜ TRÌNH", "QUYẾT ĐỊNH", "BIÊN BẢN", "DANH SÁCH", "BÁO CÁO THÀNH TÍCH"
    summary: str
    blocks: tuple[Block, ...]
    signatures: tuple[Signature, ...]  # one: right of the recipients; two: left and right
    addressee: tuple[str, ...] = ()  # "Kính gửi: ..." (one line, or several as a list)
    recipients: tuple[Recipient, ...] = ()
    archive: str = ""  # "" means no "Nơi nhận" block at all
    form_label: str = ""  # printed at the top right: "Mẫu số 07", "DỰ THẢO"
    appendix: tuple[Block, ...] = ()  # printed after a page break (the attached list)
    name: str = ""  # file name stem, e.g. "quyet-dinh-45-2021"

    @property
    def closing(self) -> int:
        """How many of the body's last blocks (paragraphs, at most two) print with the
        signature, so that no page holds the signature alone."""
        count = 0
        while count < min(2, len(self.blocks)) and isinstance(self.blocks[-1 - count], Para):
            count += 1
        return count

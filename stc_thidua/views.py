"""Frozen view-models: what the documents print, built by the domain, rendered by `render`.

Nothing here knows the database or Jinja: a view-model is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PartialDate:
    """A document date that may be partly blank, as drafts are ("ngày   tháng 4 năm 2021")."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class Recipient:
    """One "Nơi nhận" line: the body and its remark, e.g. "Sở NN và PTNT" + "(để biết)"."""

    name: str
    remark: str = ""


@dataclass(frozen=True)
class Signer:
    """The signature block: authority prefix (KT., TM., Q., TL., TUQ.), titles and name."""

    title: str
    name: str
    prefix: str = ""  # e.g. "KT." (then `prefix_title` is the head's title, `title` the deputy's)
    prefix_title: str = ""  # e.g. "GIÁM ĐỐC" in "KT. GIÁM ĐỐC"


@dataclass(frozen=True)
class DocHeader:
    """The two-column header and the number/place/date line of an administrative document."""

    parent_body: str  # "UBND TỈNH SÓC TRĂNG" (printed in capitals)
    agency: str  # "SỞ TÀI CHÍNH" (printed in capitals, bold)
    number: int | None  # None keeps the blank: "Số:      /KH-STC"
    symbol: str  # "KH-STC"
    place: str  # "Sóc Trăng"
    date: PartialDate


@dataclass(frozen=True)
class Subsection:
    """A numbered item under a Roman section: "1. Mục đích" with its paragraphs or dash list."""

    heading: str  # "Mục đích" (printed "1. Mục đích", bold); "" for an unnamed item
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()  # printed as "- text" lines


@dataclass(frozen=True)
class Section:
    """A Roman-numbered section: "I. MỤC ĐÍCH, YÊU CẦU"."""

    heading: str  # printed in capitals after the Roman numeral
    subsections: tuple[Subsection, ...] = ()
    paragraphs: tuple[str, ...] = ()  # paragraphs directly under the heading
    numbered: tuple[str, ...] = ()  # paragraphs printed "1. text", "2. text" (not headings)


@dataclass(frozen=True)
class PlanDoc:
    """The plan (Kế hoạch) of a campaign, ready to print."""

    header: DocHeader
    doc_type: str  # "KẾ HOẠCH"
    summary: str  # trích yếu: "Phát động Phong trào thi đua “...” năm 2021"
    preamble: tuple[str, ...]  # legal basis lines and the introduction before section I
    sections: tuple[Section, ...]
    recipients: tuple[Recipient, ...]
    archive: str  # the last recipient line after "Lưu: ", e.g. "VP" or "VT, VP"
    signer: Signer

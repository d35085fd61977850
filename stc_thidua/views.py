"""Frozen view-models: what the documents print, built by the domain, rendered by `render`.

Nothing here knows the database or Jinja: a view-model is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    parent_body: str  # "UBND TỈNH SÓC TRĂNG" (printed in capitals); "" at the top of a hierarchy
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
    bullets: tuple[str, ...] = ()  # printed last, as "- text" lines


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


# --- Reports (sơ kết, tổng kết) -------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A bordered table; its header repeats on each printed page and no row splits."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns (figures)
    widths: tuple[float, ...]  # relative widths of the columns
    total: tuple[str, ...] = ()  # a bold last row ("Tổng cộng"), or none
    title: str = ""  # printed above the table, bold and centred ("Bảng 1. ...")


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: a kind of contribution, or a target's recorded values."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn at render time: stacked bars per category, or lines over periods."""

    key: str  # stable name: "by_unit", "by_period", "target_1"
    title: str
    style: str  # "hbar" (stacked horizontal bars), "bar" (stacked bars) or "line"
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    value_label: str = ""  # the axis of values: "Số đóng góp"
    goal: float | None = None  # a line: the target to reach


@dataclass(frozen=True)
class Block:
    """One printed element of a report section.

    kind: "heading" (a bold "1. ..." item), "paragraph", "bullet" ("- ..."), "numbered"
    (a paragraph starting "1."), "table", "chart" or "draft" (the italic line that marks
    what follows as a draft drawn from the figures, to be completed by the clerk).
    """

    kind: str
    text: str = ""
    table: Table | None = None
    chart: Chart | None = None
    draft: bool = False  # a paragraph drafted from the figures (printed in italics)


@dataclass(frozen=True)
class ReportSection:
    """A Roman-numbered section of a report: heading and the blocks under it."""

    key: str  # "tinh-hinh", "chi-dao", "ket-qua" ... or "them-<id>" for the clerk's own
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ReportDoc:
    """A sơ kết or tổng kết report (Báo cáo), ready to print; `figures` is what it counts."""

    header: DocHeader
    doc_type: str  # "BÁO CÁO"
    summary: str  # "Sơ kết Phong trào thi đua “...” quý II năm 2021"
    preamble: tuple[str, ...]
    sections: tuple[ReportSection, ...]
    recipients: tuple[Recipient, ...]
    archive: str
    signer: Signer
    figures: dict[str, Any] = field(default_factory=dict)  # every printed figure, stable keys

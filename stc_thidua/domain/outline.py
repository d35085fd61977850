"""A document's own outline: sections a plan or report adds around the standard ones.

Real plans add "Đối tượng thi đua", "Khen thưởng" or "Kinh phí"; a clerk may add a section
of their own to a report. Each extra section says after which standard section it prints
("cuoi" = at the end, "dau" = before the first); all are numbered in order with Roman numerals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlmodel import Session, col, or_, select

from stc_thidua.errors import InvalidInput, NotFound
from stc_thidua.models import Campaign, ExtraSection
from stc_thidua.schemas import SectionIn, validate
from stc_thidua.text import keyword, shown

S = TypeVar("S")

PLAN = "ke_hoach"
REPORT = "bao_cao"
FIRST, LAST = "dau", "cuoi"

# anchor key → the standard section it names (what the clerk reads)
PLAN_ANCHORS: dict[str, str] = {
    FIRST: "đầu văn bản (trước mục I)",
    "muc-dich": "Mục đích, yêu cầu",
    "noi-dung": "Nội dung phong trào thi đua",
    "to-chuc": "Tổ chức thực hiện",
    LAST: "cuối văn bản",
}
REPORT_ANCHORS: dict[str, str] = {
    FIRST: "đầu báo cáo (trước mục I)",
    "tinh-hinh": "Đặc điểm tình hình",
    "chi-dao": "Công tác chỉ đạo, tổ chức triển khai",
    "ket-qua": "Kết quả đạt được",
    "danh-gia": "Đánh giá chung",
    "khen-thuong": "Công tác khen thưởng",
    "phuong-huong": "Phương hướng, nhiệm vụ",
    "kien-nghi": "Đề xuất, kiến nghị",
    LAST: "cuối báo cáo",
}
_WORDS = {"truoc": FIRST, "dau": FIRST, "cuoi": LAST, "sau": LAST, "het": LAST}


def anchors_of(document: str) -> dict[str, str]:
    """The places an extra section may go in a plan ("ke_hoach") or a report ("bao_cao")."""
    return PLAN_ANCHORS if document == PLAN else REPORT_ANCHORS


def anchor_of(value: str, document: str) -> str:
    """The anchor key typed by a clerk ("nội dung", "noi-dung", "Nội dung phong trào thi đua")."""
    anchors = anchors_of(document)
    wanted = keyword(value or LAST)
    for key, label in anchors.items():
        if wanted in (keyword(key), keyword(label)):
            return key
    if wanted in _WORDS:
        return _WORDS[wanted]
    matches = [key for key, label in anchors.items() if keyword(label).startswith(wanted)]
    if wanted and len(matches) == 1:
        return matches[0]
    valid = ", ".join(anchors)
    raise InvalidInput(f"Không có vị trí “{shown(value)}”; chọn một trong: {valid}.")


def merge_sections(
    standard: Sequence[tuple[str, S]],
    extras: Iterable[ExtraSection],
    convert: Callable[[ExtraSection], S],
) -> list[S]:
    """The standard sections (key, section) with the extra ones placed after their anchors."""
    placed: dict[str, list[ExtraSection]] = {}
    keys = {key for key, _ in standard}
    for extra in sorted(extras, key=lambda e: (e.position, e.id or 0)):
        anchor = extra.after if extra.after in keys or extra.after == FIRST else LAST
        placed.setdefault(anchor, []).append(extra)
    out = [convert(e) for e in placed.get(FIRST, [])]
    for key, section in standard:
        out.append(section)
        out.extend(convert(e) for e in placed.get(key, []))
    out.extend(convert(e) for e in placed.get(LAST, []))
    return out


def sections_of(
    *, session: Session, campaign: Campaign, document: str, period_key: str | None = None
) -> list[ExtraSection]:
    """The extra sections of the plan, or of the reports (those of every period and of one)."""
    query = select(ExtraSection).where(
        ExtraSection.campaign_id == campaign.id, ExtraSection.document == document
    )
    if document == REPORT and period_key is not None:
        query = query.where(
            or_(col(ExtraSection.period_key) == "", col(ExtraSection.period_key) == period_key)
        )
    query = query.order_by(col(ExtraSection.position), col(ExtraSection.id))
    return list(session.exec(query).all())


def _row(
    campaign: Campaign, document: str, valid: SectionIn, position: int, period_key: str
) -> ExtraSection:
    return ExtraSection(
        campaign_id=campaign.id,  # type: ignore[arg-type]
        document=document,
        period_key=period_key,
        after=anchor_of(valid.after, document),
        position=position,
        heading=valid.heading,
        paragraphs=list(valid.paragraphs),
        numbered=list(valid.numbered),
        bullets=list(valid.bullets),
    )


def add_section(
    *,
    session: Session,
    campaign: Campaign,
    document: str,
    data: dict[str, Any],
    period_key: str = "",
) -> ExtraSection:
    """Add a section to the plan or to the reports (of one period, or "" for all)."""
    valid = validate(SectionIn, data)
    existing = sections_of(session=session, campaign=campaign, document=document)
    position = max((e.position for e in existing), default=0) + 1
    row = _row(campaign, document, valid, position, period_key)
    session.add(row)
    session.flush()
    return row


def replace_plan_sections(
    *, session: Session, campaign: Campaign, sections: Sequence[SectionIn]
) -> None:
    """Make the plan's extra sections exactly `sections`, in that order (from a plan file)."""
    existing = sections_of(session=session, campaign=campaign, document=PLAN)
    wanted = [_row(campaign, PLAN, valid, i, "") for i, valid in enumerate(sections, start=1)]
    fields = ("after", "position", "heading", "paragraphs", "numbered", "bullets")
    for old, new in zip(existing, wanted, strict=False):
        if any(getattr(old, f) != getattr(new, f) for f in fields):
            for f in fields:
                setattr(old, f, getattr(new, f))
            session.add(old)
    for row in wanted[len(existing) :]:
        session.add(row)
    for row in existing[len(wanted) :]:
        session.delete(row)
    session.flush()


def section_data(row: ExtraSection) -> dict[str, Any]:
    """An extra section in the shape plan files and `add_section` take."""
    data: dict[str, Any] = {"heading": row.heading, "after": row.after}
    for key in ("paragraphs", "numbered", "bullets"):
        if getattr(row, key):
            data[key] = list(getattr(row, key))
    return data


def find_section(
    *, session: Session, campaign: Campaign, document: str, query: str
) -> ExtraSection:
    """An extra section by its number in the list (1, 2 ...) or by its heading."""
    from stc_thidua.text import match_one

    rows = sections_of(session=session, campaign=campaign, document=document)
    if not rows:
        raise NotFound("Chưa có mục bổ sung nào.")
    text = query.strip()
    if text.isdigit() and 1 <= int(text) <= len(rows):
        return rows[int(text) - 1]
    return match_one(query, rows, lambda r: [r.heading], "mục bổ sung")


def remove_section(*, session: Session, row: ExtraSection) -> None:
    """Delete an extra section."""
    session.delete(row)
    session.flush()

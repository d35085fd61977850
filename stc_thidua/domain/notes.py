"""The clerk's notes: the judgement sections of a period's sơ kết / tổng kết report."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from stc_thidua.domain.periods import Period, parse_period
from stc_thidua.errors import InvalidInput, NotFound
from stc_thidua.models import Campaign, ReportNote
from stc_thidua.text import clean_line, keyword, shown

# section key → the heading the report prints; the order is the report's
SECTIONS: dict[str, str] = {
    "dac-diem": "Đặc điểm tình hình",
    "chi-dao": "Công tác chỉ đạo, tổ chức triển khai",
    "uu-diem": "Ưu điểm",
    "ton-tai": "Tồn tại, hạn chế và nguyên nhân",
    "bai-hoc": "Bài học kinh nghiệm",
    "phuong-huong": "Phương hướng, nhiệm vụ thời gian tới",
    "kien-nghi": "Đề xuất, kiến nghị",
}
# other words a clerk may type for a section (folded with `keyword`)
_ALIASES: dict[str, str] = {
    "dacdiem": "dac-diem",
    "tinhhinh": "dac-diem",
    "dacdiemtinhhinh": "dac-diem",
    "chidao": "chi-dao",
    "trienkhai": "chi-dao",
    "uudiem": "uu-diem",
    "tontai": "ton-tai",
    "hanche": "ton-tai",
    "tontaihanche": "ton-tai",
    "nguyennhan": "ton-tai",
    "baihoc": "bai-hoc",
    "baihockinhnghiem": "bai-hoc",
    "phuonghuong": "phuong-huong",
    "nhiemvu": "phuong-huong",
    "phuonghuongnhiemvu": "phuong-huong",
    "kiennghi": "kien-nghi",
    "dexuat": "kien-nghi",
    "dexuatkiennghi": "kien-nghi",
}
MAX_TEXT = 20000


def section_of(value: str) -> str:
    """The section key a clerk typed ("tồn-tại", "Tồn tại, hạn chế và nguyên nhân", "ton tai")."""
    wanted = keyword(value)
    for key, heading in SECTIONS.items():
        if wanted in (keyword(key), keyword(heading)):
            return key
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    valid = "; ".join(f"{key} ({heading.lower()})" for key, heading in SECTIONS.items())
    raise InvalidInput(f"Không có mục “{shown(value)}” trong báo cáo; các mục: {valid}.")


def clean_text(text: str) -> str:
    """Paragraphs kept apart by blank lines, each NFC with its spaces folded; blank refused."""
    paragraphs = [clean_line(p) for p in text.replace("\r\n", "\n").split("\n\n")]
    out = "\n\n".join(p for p in paragraphs if p)
    if not out:
        raise InvalidInput(
            "Nội dung ghi chú đang để trống; hãy viết nội dung hoặc dùng note remove."
        )
    if len(out) > MAX_TEXT:
        raise InvalidInput(f"Ghi chú quá dài ({len(out)} ký tự, tối đa {MAX_TEXT}).")
    return out


def note_period(*, campaign: Campaign, value: str) -> Period:
    """The period a note is for, typed as "Q2", "H1", "T5", "tổng kết" or a span of dates."""
    return parse_period(value, start=campaign.start_date, end=campaign.end_date)


def get_note(
    *, session: Session, campaign: Campaign, period: Period, section: str
) -> ReportNote | None:
    """The note of one section for one period, if written."""
    return session.exec(
        select(ReportNote).where(
            ReportNote.campaign_id == campaign.id,
            ReportNote.period_key == period.key,
            ReportNote.section == section,
        )
    ).first()


def set_note(
    *, session: Session, campaign: Campaign, period: Period, section: str, text: str
) -> ReportNote:
    """Write (or replace) the clerk's text for a section of a period's report."""
    section = section_of(section)
    cleaned = clean_text(text)
    note = get_note(session=session, campaign=campaign, period=period, section=section)
    if note is None:
        note = ReportNote(
            campaign_id=campaign.id,  # type: ignore[arg-type]
            period_key=period.key,
            section=section,
            text=cleaned,
        )
    elif note.text == cleaned:
        return note
    else:
        note.text = cleaned
        note.updated_at = dt.datetime.now(dt.UTC)
    session.add(note)
    session.flush()
    return note


def remove_note(*, session: Session, campaign: Campaign, period: Period, section: str) -> None:
    """Delete a section's note: the report drafts that section from the figures again."""
    section = section_of(section)
    note = get_note(session=session, campaign=campaign, period=period, section=section)
    if note is None:
        raise NotFound(f"Chưa có ghi chú mục “{SECTIONS[section]}” cho kỳ {period.label}.")
    session.delete(note)
    session.flush()


def list_notes(
    *, session: Session, campaign: Campaign, period: Period | None = None
) -> list[ReportNote]:
    """The notes of a campaign (of one period if given), by period then report order."""
    query = select(ReportNote).where(ReportNote.campaign_id == campaign.id)
    if period is not None:
        query = query.where(ReportNote.period_key == period.key)
    order = list(SECTIONS)
    notes = session.exec(query.order_by(col(ReportNote.period_key))).all()
    return sorted(
        notes,
        key=lambda n: (n.period_key, order.index(n.section) if n.section in order else 99),
    )


def notes_of(*, session: Session, campaign: Campaign, period: Period) -> dict[str, str]:
    """Section key → the clerk's text, for the report of `period` (one query)."""
    return {
        n.section: n.text for n in list_notes(session=session, campaign=campaign, period=period)
    }

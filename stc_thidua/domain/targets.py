"""Targets (chỉ tiêu) of a campaign and the progress recorded against them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from stc_thidua.domain.campaigns import targets_of
from stc_thidua.errors import InvalidInput
from stc_thidua.models import Campaign, Target, TargetProgress
from stc_thidua.text import clean_line, match_one


@dataclass(frozen=True)
class ProgressPoint:
    """One recorded value of a target: 53 (xã) on 30/6/2021."""

    target_id: int
    as_of: dt.date
    value: float
    note: str = ""


def find_target(*, session: Session, campaign: Campaign, query: str) -> Target:
    """The campaign's target named (in part) by `query`, or by its number in the list."""
    targets = targets_of(session=session, campaign=campaign)
    if not targets:
        raise InvalidInput(f"Phong trào “{campaign.code}” chưa có chỉ tiêu nào.")
    text = query.strip()
    if text.isdigit() and 1 <= int(text) <= len(targets):
        return targets[int(text) - 1]
    return match_one(query, targets, lambda t: [t.name], "chỉ tiêu")


def record_progress(
    *,
    session: Session,
    campaign: Campaign,
    target: Target,
    value: float,
    as_of: dt.date,
    note: str = "",
) -> TargetProgress:
    """Record how far `target` had come on `as_of` (a second value that day replaces the first)."""
    if not value >= 0 or value > 1e15:  # also refuses NaN
        from stc_thidua.render.filters import vn_number

        shown = vn_number(value) if value == value and abs(value) < 1e15 else str(value)
        raise InvalidInput(f"Giá trị tiến độ {shown} không hợp lệ (phải là số không âm).")
    if as_of > campaign.end_date:
        raise InvalidInput(
            f"Ngày {as_of:%d/%m/%Y} sau ngày kết thúc phong trào “{campaign.code}” "
            f"({campaign.end_date:%d/%m/%Y})."
        )
    if as_of < campaign.start_date - dt.timedelta(days=366):  # a baseline may come before
        raise InvalidInput(
            f"Ngày {as_of:%d/%m/%Y} quá xa thời gian của phong trào “{campaign.code}”."
        )
    row = session.exec(
        select(TargetProgress).where(
            TargetProgress.target_id == target.id, TargetProgress.as_of == as_of
        )
    ).first()
    if row is None:
        row = TargetProgress(target_id=target.id, as_of=as_of, value=value)  # type: ignore[arg-type]
    row.value = value
    row.note = clean_line(note)[:500]
    session.add(row)
    session.flush()
    return row


def progress_of(
    *, session: Session, campaign: Campaign, until: dt.date | None = None
) -> dict[int, list[ProgressPoint]]:
    """Target id → its recorded values up to `until`, oldest first (one query)."""
    query = (
        select(TargetProgress)
        .join(Target, col(Target.id) == col(TargetProgress.target_id))
        .where(Target.campaign_id == campaign.id)
        .order_by(col(TargetProgress.as_of), col(TargetProgress.id))
    )
    if until is not None:
        query = query.where(TargetProgress.as_of <= until)
    out: dict[int, list[ProgressPoint]] = {}
    for row in session.exec(query).all():
        out.setdefault(row.target_id, []).append(
            ProgressPoint(row.target_id, row.as_of, row.value, row.note)
        )
    return out


def remove_progress(*, session: Session, target: Target, as_of: dt.date) -> None:
    """Delete the value recorded for `target` on `as_of`."""
    row = session.exec(
        select(TargetProgress).where(
            TargetProgress.target_id == target.id, TargetProgress.as_of == as_of
        )
    ).first()
    if row is None:
        raise InvalidInput(f"Chỉ tiêu “{target.name}” chưa có số liệu ngày {as_of:%d/%m/%Y}.")
    session.delete(row)
    session.flush()

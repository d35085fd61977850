"""The plan's own awards: "Giám đốc Sở tặng Giấy khen cho không quá 03 tập thể và 05 cá nhân".

A campaign holds them as data (form, for whom, at most how many, criteria), from its plan
file (`[[awards]]`) or `thidua campaign award add`; the plan prints them as a "Khen thưởng"
section and eligibility enforces the numbers as caps beside the law's.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlmodel import Session, col, select

from stc_thidua.domain.rules import (
    NOMINEES,
    RuleSet,
    agency_head,
    check_nominee,
    decided_by_head,
    find_form,
    parse_nominee,
    rule_set_for,
)
from stc_thidua.errors import InvalidInput, NotFound
from stc_thidua.models import Campaign, CampaignAward
from stc_thidua.schemas import Strict, Text, validate
from stc_thidua.views import Section, Subsection


class AwardIn(Strict):
    """One award a plan announces."""

    form: Text = Field(min_length=1, max_length=200)
    nominee: Text = Field(min_length=1, max_length=20)  # "tập thể" / "cá nhân"
    max: int | None = Field(default=None, ge=1, le=10000)
    criteria: Text = Field(default="", max_length=2000)


def _award_row(
    *, rule_set: RuleSet, campaign: Campaign, data: dict[str, Any], position: int
) -> CampaignAward:
    valid = validate(AwardIn, data, where=f"Khen thưởng thứ {position}")
    form = find_form(rule_set, valid.form)
    nominee = parse_nominee(valid.nominee)
    check_nominee(form, nominee)
    return CampaignAward(
        campaign_id=campaign.id,  # type: ignore[arg-type]
        position=position,
        form=form.code,
        nominee=nominee,
        max_count=valid.max,
        criteria=valid.criteria,
    )


def list_awards(*, session: Session, campaign: Campaign) -> list[CampaignAward]:
    """The campaign's awards in plan order."""
    return list(
        session.exec(
            select(CampaignAward)
            .where(CampaignAward.campaign_id == campaign.id)
            .order_by(col(CampaignAward.position))
        ).all()
    )


def set_awards(*, session: Session, campaign: Campaign, entries: list[dict[str, Any]]) -> None:
    """Replace the campaign's awards with `entries` (from a plan file)."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InvalidInput("awards phải là danh sách các bảng [[awards]].")
    rule_set = rule_set_for(session=session, campaign=campaign)
    rows = [
        _award_row(rule_set=rule_set, campaign=campaign, data=dict(e), position=i)
        for i, e in enumerate(entries, start=1)
    ]
    _check_unique(rows)
    for old in list_awards(session=session, campaign=campaign):
        session.delete(old)
    session.flush()
    session.add_all(rows)
    session.flush()


def _check_unique(rows: list[CampaignAward]) -> None:
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.form, row.nominee)
        if key in seen:
            raise InvalidInput(
                f"Kế hoạch đã có khen thưởng {row.form} cho {NOMINEES[row.nominee]}; mỗi hình thức "
                "và đối tượng chỉ ghi một lần."
            )
        seen.add(key)


def add_award(*, session: Session, campaign: Campaign, data: dict[str, Any]) -> CampaignAward:
    """Add one award to the campaign's plan."""
    rule_set = rule_set_for(session=session, campaign=campaign)
    existing = list_awards(session=session, campaign=campaign)
    row = _award_row(rule_set=rule_set, campaign=campaign, data=data, position=len(existing) + 1)
    _check_unique([*existing, row])
    session.add(row)
    session.flush()
    return row


def remove_award(*, session: Session, campaign: Campaign, position: int) -> CampaignAward:
    """Remove the award at `position` (1-based, as listed); later ones move up."""
    awards = list_awards(session=session, campaign=campaign)
    if not 1 <= position <= len(awards):
        raise NotFound(f"Phong trào “{campaign.code}” không có khen thưởng thứ {position}.")
    gone = awards[position - 1]
    session.delete(gone)
    for row in awards[position:]:
        row.position -= 1
        session.add(row)
    session.flush()
    return gone


def award_entries(*, session: Session, campaign: Campaign) -> list[dict[str, Any]]:
    """The awards as plan-file entries (what `[[awards]]` holds), for export."""
    rows = list_awards(session=session, campaign=campaign)
    if not rows:
        return []  # no rule set is needed (a campaign before every shipped period has none)
    rule_set = rule_set_for(session=session, campaign=campaign)
    out = []
    for row in rows:
        form = rule_set.form(row.form)
        entry: dict[str, Any] = {
            "form": form.name if form else row.form,
            "nominee": NOMINEES.get(row.nominee, row.nominee),
        }
        if row.max_count is not None:
            entry["max"] = row.max_count
        if row.criteria:
            entry["criteria"] = row.criteria
        out.append(entry)
    return out


def _count(n: int | None, nominee: str) -> str:
    who = NOMINEES[nominee]
    return f"các {who}" if n is None else f"không quá {n:02d} {who}"


def _decider(campaign: Campaign, form_name: str, head_decides: bool, decider: str) -> str:
    if head_decides:
        return f"{agency_head(campaign)} tặng {form_name}"
    return f"Đề nghị {decider} tặng {form_name}"


def award_section(*, session: Session, campaign: Campaign) -> Section | None:
    """The plan's "KHEN THƯỞNG" section, or None when the campaign announces no award."""
    awards = list_awards(session=session, campaign=campaign)
    if not awards:
        return None
    rule_set = rule_set_for(session=session, campaign=campaign)
    by_form: dict[str, list[CampaignAward]] = {}
    for row in awards:
        by_form.setdefault(row.form, []).append(row)
    subsections = []
    for code, rows in by_form.items():
        form = rule_set.form(code)
        name = form.name if form else code
        if all(r.max_count is not None for r in rows):  # "không quá 03 tập thể và 05 cá nhân"
            whom = "không quá " + " và ".join(
                f"{r.max_count:02d} {NOMINEES[r.nominee]}" for r in rows
            )
        else:
            whom = " và ".join(_count(r.max_count, r.nominee) for r in rows)
        opening = _decider(
            campaign,
            name,
            decided_by_head(form, campaign) if form else True,
            form.decider_title if form else "",
        )
        paragraphs = [
            f"{opening} cho {whom} có thành tích xuất sắc trong thực hiện Phong trào thi đua."
        ]
        paragraphs += [
            f"Tiêu chuẩn {NOMINEES[r.nominee]}: {r.criteria}" if len(rows) > 1 else r.criteria
            for r in rows
            if r.criteria
        ]
        subsections.append(Subsection(name, paragraphs=tuple(paragraphs)))
    return Section("KHEN THƯỞNG", subsections=tuple(subsections))

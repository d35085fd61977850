"""Commendation proposals (đề xuất khen thưởng): drafting, the council's vote, the decision.

A proposal moves đề xuất → đã trình Hội đồng → Hội đồng thông qua (or không thông qua) →
đã quyết định (the agency head's decision, with its number and money) or đã trình cấp trên
(a form above the head's authority, sent upward with a tờ trình). It can be withdrawn or
rejected on the way. Every step is an event (time, actor, note); eligibility is checked at
each step and its problems are kept with the proposal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select as sa_select  # more columns than sqlmodel's select types
from sqlmodel import Session, col, select

from stc_thidua.domain.campaigns import movement_phrase
from stc_thidua.domain.eligibility import (
    CAP_RULES,
    CLOSED,
    VERIFIED,
    Candidate,
    Problem,
    campaign_year,
    errors,
    live_proposals,
    problems_for,
    same_title_ladder,
    today,
)
from stc_thidua.domain.money import Reward, reward, vote
from stc_thidua.domain.rules import (
    NOMINEES,
    Form,
    RuleSet,
    agency_head,
    check_nominee,
    decided_by_head,
    find_form,
    rule_set_for,
    salary_on,
)
from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.guards import SETTLED
from stc_thidua.models import (
    Agency,
    Campaign,
    Contribution,
    ContributionKind,
    Person,
    Proposal,
    ProposalAchievement,
    ProposalEvent,
    Registration,
    Unit,
)
from stc_thidua.text import clean_line, fold, vi_key, vi_name_key

# status code → what the clerk reads
STATUSES: dict[str, str] = {
    "de_xuat": "đề xuất",
    "da_trinh": "đã trình Hội đồng",
    "hd_dat": "Hội đồng thông qua",
    "hd_khong_dat": "Hội đồng không thông qua",
    "da_quyet_dinh": "đã quyết định khen thưởng",
    "trinh_cap_tren": "đã trình cấp trên",
    "bi_tu_choi": "bị từ chối",
    "da_rut": "đã rút",
}
ACTIONS: dict[str, str] = {
    "tao": "lập đề xuất",
    "sua": "sửa đề xuất",
    "trinh": "trình Hội đồng",
    "bieu_quyet": "Hội đồng biểu quyết",
    "quyet_dinh": "quyết định khen thưởng",
    "trinh_cap_tren": "trình cấp trên",
    "tu_choi": "từ chối",
    "rut": "rút đề xuất",
}
DEFAULT_FORM = "GK"  # Giấy khen: the natural award at the end of a thematic movement
DECISION_TYPE = "QĐ"


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Achievement:
    """A verified contribution cited by a proposal."""

    id: int
    title: str
    kind: str
    kind_name: str
    quantity: int
    amount: int
    work_days: int
    occurred_on: dt.date

    def as_dict(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "kind_name": self.kind_name,
            "quantity": self.quantity,
            "amount": self.amount,
            "work_days": self.work_days,
            "date": self.occurred_on.isoformat(),
        }


@dataclass(frozen=True)
class Event:
    """One step of a proposal's life."""

    at: dt.datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "from_status": self.from_status,
            "to_status": self.to_status,
            "note": self.note,
        }


@dataclass(frozen=True)
class ProposalInfo:
    """A proposal with everything listings, checks and documents print."""

    id: int
    campaign_id: int
    nominee: str  # the person's full name or the unit's name
    nominee_kind: str  # ca_nhan | tap_the
    person_id: int | None
    unit_id: int
    unit: str
    position: str  # a person's post ("Chuyên viên"), "" for a unit
    gender: str
    form: str
    form_name: str  # as printed, "Giấy khen" or "Giấy khen (tập thể)"
    head_decides: bool
    decider: str
    status: str
    reason: str
    achievements: tuple[Achievement, ...]
    problems: tuple[dict[str, Any], ...]
    votes_for: int | None
    council_size: int | None
    absent_written: int | None
    vote_threshold: str
    vote_passed: bool | None
    vote_text: str
    voted_on: dt.date | None
    decision_number: int | None
    decision_symbol: str
    decision_date: dt.date | None
    base_salary: int | None
    coefficient: float | None
    amount: int | None
    events: tuple[Event, ...] = field(default=())

    @property
    def status_label(self) -> str:
        """The status as the clerk reads it."""
        return STATUSES.get(self.status, self.status)

    @property
    def decision(self) -> str:
        """ "45/QĐ-STC", or "" before the decision."""
        if self.decision_number is None:
            return ""
        return f"{self.decision_number:02d}/{self.decision_symbol}"

    @property
    def route(self) -> str:
        """quyet_dinh (the head decides here) or to_trinh (sent upward)."""
        return "quyet_dinh" if self.head_decides else "to_trinh"

    def as_dict(self) -> dict[str, Any]:
        """Stable English keys for --json."""
        return {
            "id": self.id,
            "campaign_id": self.campaign_id,
            "nominee": self.nominee,
            "nominee_kind": self.nominee_kind,
            "person_id": self.person_id,
            "unit_id": self.unit_id,
            "unit": self.unit,
            "position": self.position,
            "form": self.form,
            "form_name": self.form_name,
            "route": self.route,
            "decider": self.decider,
            "status": self.status,
            "status_label": self.status_label,
            "reason": self.reason,
            "achievements": [a.as_dict() for a in self.achievements],
            "problems": list(self.problems),
            "votes_for": self.votes_for,
            "council_size": self.council_size,
            "absent_written": self.absent_written,
            "vote_threshold": self.vote_threshold or None,
            "vote_passed": self.vote_passed,
            "vote": self.vote_text or None,
            "voted_on": self.voted_on.isoformat() if self.voted_on else None,
            "decision_number": self.decision_number,
            "decision_symbol": self.decision_symbol or None,
            "decision": self.decision or None,
            "decision_date": self.decision_date.isoformat() if self.decision_date else None,
            "base_salary": self.base_salary,
            "coefficient": self.coefficient,
            "amount": self.amount,
            "events": [e.as_dict() for e in self.events],
        }


def _achievements(*, session: Session, proposal_id: int) -> tuple[Achievement, ...]:
    rows = session.exec(
        select(Contribution, ContributionKind)
        .join(ProposalAchievement, col(ProposalAchievement.contribution_id) == col(Contribution.id))
        .join(ContributionKind, col(ContributionKind.id) == col(Contribution.kind_id))
        .where(ProposalAchievement.proposal_id == proposal_id)
        .order_by(col(Contribution.occurred_on), col(Contribution.id))
    ).all()
    return tuple(
        Achievement(
            c.id or 0,
            c.title,
            k.code,
            k.name,
            c.quantity,
            c.amount,
            c.work_days,
            c.occurred_on,
        )
        for c, k in rows
    )


def _events(*, session: Session, proposal_id: int) -> tuple[Event, ...]:
    rows = session.exec(
        select(ProposalEvent)
        .where(ProposalEvent.proposal_id == proposal_id)
        .order_by(col(ProposalEvent.id))
    ).all()
    return tuple(Event(e.at, e.actor, e.action, e.from_status, e.to_status, e.note) for e in rows)


def _form_of(rs: RuleSet, code: str) -> Form | None:
    """The form a stored code names (older rows wrote "CSTĐCS" for "CSTDCS")."""
    found = rs.form(code)
    if found is None:
        try:
            found = find_form(rs, code)
        except InvalidInput:
            return None
    return found


def info(*, session: Session, proposal: Proposal, rule_set: RuleSet | None = None) -> ProposalInfo:
    """Everything about one proposal, names resolved."""
    campaign = session.get(Campaign, proposal.campaign_id)
    assert campaign is not None
    assert proposal.id is not None
    rs = rule_set or rule_set_for(session=session, campaign=campaign)
    person = session.get(Person, proposal.person_id) if proposal.person_id else None
    unit = session.get(Unit, proposal.unit_id if proposal.unit_id else person.unit_id)  # type: ignore[union-attr]
    assert unit is not None
    return _info(
        proposal,
        rs,
        campaign,
        _Nominee(person.full_name, person.position, person.gender, person.unit_id)
        if person
        else None,
        (unit.id or 0, unit.name),
        _achievements(session=session, proposal_id=proposal.id),
        _events(session=session, proposal_id=proposal.id),
    )


@dataclass(frozen=True)
class _Nominee:
    full_name: str
    position: str
    gender: str
    unit_id: int


def infos(
    *, session: Session, proposals: Sequence[Proposal], rule_set: RuleSet | None = None
) -> list[ProposalInfo]:
    """`info` of many proposals, in their order, in a fixed number of queries per campaign.

    Names, achievements and events are read for a whole campaign at once (joined on its
    proposals) rather than proposal by proposal: a listing of 3,000 costs a handful of queries.
    """
    by_campaign: dict[int, list[Proposal]] = {}
    for p in proposals:
        by_campaign.setdefault(p.campaign_id, []).append(p)
    found: dict[int | None, ProposalInfo] = {}
    for campaign_id, rows in by_campaign.items():
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        for one in _campaign_infos(session, campaign, rows, rule_set):
            found[one.id] = one
    return [found[p.id] for p in proposals]


def _campaign_infos(
    session: Session, campaign: Campaign, proposals: list[Proposal], rule_set: RuleSet | None
) -> list[ProposalInfo]:
    rs = rule_set or rule_set_for(session=session, campaign=campaign)
    wanted = {p.id for p in proposals}
    of_campaign = select(Proposal.id).where(col(Proposal.campaign_id) == campaign.id)
    persons = {
        pid: _Nominee(name, position, gender, unit_id)
        for pid, name, position, gender, unit_id in session.execute(
            sa_select(
                col(Person.id),
                col(Person.full_name),
                col(Person.position),
                col(Person.gender),
                col(Person.unit_id),
            )
            .join(Proposal, col(Proposal.person_id) == col(Person.id))
            .where(col(Proposal.campaign_id) == campaign.id)
            .distinct()
        ).all()
    }
    unit_names: dict[int, str] = dict(
        session.execute(
            sa_select(col(Unit.id), col(Unit.name)).where(
                col(Unit.id).in_(
                    sa_select(col(Proposal.unit_id)).where(col(Proposal.campaign_id) == campaign.id)
                )
                | col(Unit.id).in_(
                    sa_select(col(Person.unit_id))
                    .join(Proposal, col(Proposal.person_id) == col(Person.id))
                    .where(col(Proposal.campaign_id) == campaign.id)
                )
            )
        ).all()
    )
    achievements: dict[int, list[Achievement]] = {}
    for pid, *fields in session.execute(
        sa_select(
            col(ProposalAchievement.proposal_id),
            col(Contribution.id),
            col(Contribution.title),
            col(ContributionKind.code),
            col(ContributionKind.name),
            col(Contribution.quantity),
            col(Contribution.amount),
            col(Contribution.work_days),
            col(Contribution.occurred_on),
        )
        .join(Contribution, col(ProposalAchievement.contribution_id) == col(Contribution.id))
        .join(ContributionKind, col(ContributionKind.id) == col(Contribution.kind_id))
        .where(col(ProposalAchievement.proposal_id).in_(of_campaign))
        .order_by(
            col(ProposalAchievement.proposal_id),
            col(Contribution.occurred_on),
            col(Contribution.id),
        )
    ).all():
        if pid in wanted:
            achievements.setdefault(pid, []).append(Achievement(*fields))
    events: dict[int, list[Event]] = {}
    for pid, *fields in session.execute(
        sa_select(
            col(ProposalEvent.proposal_id),
            col(ProposalEvent.at),
            col(ProposalEvent.actor),
            col(ProposalEvent.action),
            col(ProposalEvent.from_status),
            col(ProposalEvent.to_status),
            col(ProposalEvent.note),
        )
        .where(col(ProposalEvent.proposal_id).in_(of_campaign))
        .order_by(col(ProposalEvent.proposal_id), col(ProposalEvent.id))
    ).all():
        if pid in wanted:
            events.setdefault(pid, []).append(Event(*fields))
    result = []
    for p in proposals:
        assert p.id is not None
        person = persons.get(p.person_id) if p.person_id else None
        unit_id = p.unit_id if p.unit_id else person.unit_id if person else 0
        result.append(
            _info(
                p,
                rs,
                campaign,
                person,
                (unit_id, unit_names.get(unit_id, "")),
                tuple(achievements.get(p.id, ())),
                tuple(events.get(p.id, ())),
            )
        )
    return result


def _info(
    proposal: Proposal,
    rs: RuleSet,
    campaign: Campaign,
    person: _Nominee | None,
    unit: tuple[int, str],
    achievements: tuple[Achievement, ...],
    events: tuple[Event, ...],
) -> ProposalInfo:
    assert proposal.id is not None
    nominee = "ca_nhan" if person else "tap_the"
    form = _form_of(rs, proposal.award)
    head = decided_by_head(form, campaign) if form else True
    vote_text = ""
    if proposal.votes_for is not None and proposal.council_size:
        threshold: int | str = (
            int(proposal.vote_threshold)
            if proposal.vote_threshold.isdigit()
            else proposal.vote_threshold
            or (form.threshold(rs.fact("default_threshold")).value if form else "qua_ban")
        )
        vote_text = vote(
            proposal.council_size, proposal.votes_for, threshold, proposal.absent_written or 0
        ).text
    return ProposalInfo(
        id=proposal.id,
        campaign_id=proposal.campaign_id,
        nominee=person.full_name if person else unit[1],
        nominee_kind=nominee,
        person_id=proposal.person_id if person else None,
        unit_id=unit[0],
        unit=unit[1],
        position=person.position if person else "",
        gender=person.gender if person else "",
        form=proposal.award,
        form_name=form.label(nominee) if form else proposal.award,
        head_decides=head,
        decider=form.decider_title if form and not head else "",
        status=proposal.status,
        reason=proposal.reason,
        achievements=achievements,
        problems=tuple(proposal.problems or ()),
        votes_for=proposal.votes_for,
        council_size=proposal.council_size,
        absent_written=proposal.absent_written,
        vote_threshold=proposal.vote_threshold,
        vote_passed=proposal.vote_passed,
        vote_text=vote_text,
        voted_on=proposal.voted_on,
        decision_number=proposal.decision_number,
        decision_symbol=proposal.decision_symbol,
        decision_date=proposal.decision_date,
        base_salary=proposal.base_salary,
        coefficient=proposal.coefficient,
        amount=proposal.amount,
        events=events,
    )


def list_proposals(
    *, session: Session, campaign: Campaign, statuses: tuple[str, ...] | None = None
) -> list[Proposal]:
    """The campaign's proposals: collectives first, then persons, each in Vietnamese order."""
    query = select(Proposal).where(Proposal.campaign_id == campaign.id)
    if statuses:
        query = query.where(col(Proposal.status).in_(list(statuses)))
    rows = list(session.exec(query).all())
    named = select(Proposal.id).where(Proposal.campaign_id == campaign.id)  # only their names
    persons = dict(
        session.execute(
            select(Person.id, Person.full_name).where(
                col(Person.id).in_(named.with_only_columns(col(Proposal.person_id)))
            )
        ).all()
    )
    units = dict(
        session.execute(
            select(Unit.id, Unit.name).where(
                col(Unit.id).in_(named.with_only_columns(col(Proposal.unit_id)))
            )
        ).all()
    )

    def key(p: Proposal) -> tuple[Any, ...]:
        if p.person_id is None:
            return (0, vi_key(units.get(p.unit_id, "")), p.id)
        return (1, vi_name_key(persons.get(p.person_id, "")), p.id)

    return sorted(rows, key=key)


def get_proposal(*, session: Session, proposal_id: int) -> Proposal:
    """A proposal by its number."""
    row = session.get(Proposal, proposal_id)
    if row is None:
        raise NotFound(f"Không có đề xuất số {proposal_id}.")
    return row


def parse_status(value: str) -> str:
    """A status typed in any form: "đã trình", "hd-dat", "quyết định"."""
    from stc_thidua.text import choose

    words = {**{k: k for k in STATUSES}, **{v: k for k, v in STATUSES.items()}}
    return choose(value, words, "Trạng thái")


# --- drafting ----------------------------------------------------------------------------------


def _actor(session: Session) -> str:
    return str(session.info.get("user") or "?")[:100]


def _event(session: Session, proposal: Proposal, action: str, before: str, note: str = "") -> None:
    assert proposal.id is not None
    session.add(
        ProposalEvent(
            proposal_id=proposal.id,
            actor=_actor(session),
            action=action,
            from_status=before,
            to_status=proposal.status,
            note=clean_line(note)[:1000],
        )
    )


def _candidate(
    *,
    campaign: Campaign,
    rule_set: RuleSet,
    form: Form,
    unit: Unit,
    person: Person | None,
    achievement_ids: tuple[int, ...],
    proposal_id: int | None = None,
    batch: frozenset[int] | None = None,
) -> Candidate:
    return Candidate(campaign, rule_set, form, unit, person, achievement_ids, proposal_id, batch)


def candidate_of(
    *,
    session: Session,
    proposal: Proposal,
    rule_set: RuleSet,
    batch: frozenset[int] | None = None,
) -> Candidate:
    """The eligibility candidate a saved proposal is (`batch`: the decision it is part of)."""
    campaign = session.get(Campaign, proposal.campaign_id)
    assert campaign is not None
    assert proposal.id is not None
    person = session.get(Person, proposal.person_id) if proposal.person_id else None
    unit = session.get(Unit, proposal.unit_id if proposal.unit_id else person.unit_id)  # type: ignore[union-attr]
    assert unit is not None
    form = rule_set.form(proposal.award) or Form(
        proposal.award, proposal.award, (), "hinh_thuc", ("ca_nhan", "tap_the"), {}
    )
    ids = tuple(
        session.exec(
            select(ProposalAchievement.contribution_id).where(
                ProposalAchievement.proposal_id == proposal.id
            )
        ).all()
    )
    return _candidate(
        campaign=campaign,
        rule_set=rule_set,
        form=form,
        unit=unit,
        person=person,
        achievement_ids=ids,
        proposal_id=proposal.id,
        batch=batch,
    )


def free_achievements(
    *,
    session: Session,
    campaign: Campaign,
    unit: Unit,
    person: Person | None,
    form: Form | None = None,
    rule_set: RuleSet | None = None,
) -> list[Contribution]:
    """Verified contributions of the nominee that no live proposal cites yet.

    A person's are their own; a unit's are its own (its members' stay theirs, so that one
    achievement supports one form only; `proposal edit --add` can cite one on purpose).
    A title (danh hiệu) may also cite what the same nominee's other titles cite: LĐTT and
    CSTĐCS rest on the same achievements, and the money pays the highest title only.
    """
    cited = session.exec(
        select(ProposalAchievement.contribution_id, Proposal)
        .join(Proposal, col(Proposal.id) == col(ProposalAchievement.proposal_id))
        .where(col(Proposal.status).not_in(CLOSED))
    ).all()
    ladder = None
    if form is not None and rule_set is not None:
        ladder = Candidate(campaign, rule_set, form, unit, person)
    used = {
        cid
        for cid, other in cited
        if ladder is None or rule_set is None or not same_title_ladder(rule_set, ladder, other)
    }
    query = select(Contribution).where(
        Contribution.campaign_id == campaign.id,
        Contribution.status == VERIFIED,
        Contribution.unit_id == unit.id,
    )
    if person is not None:
        query = query.where(Contribution.person_id == person.id)
    else:
        query = query.where(col(Contribution.person_id).is_(None))
    rows = [c for c in session.exec(query).all() if c.id not in used]
    rows.sort(key=lambda c: (c.occurred_on, c.id or 0))
    return rows


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def draft_reason(*, session: Session, campaign: Campaign, contributions: list[Contribution]) -> str:
    """The reason drafted from the achievements: "Có 3 giải pháp, sáng kiến được công nhận, ..."."""
    if not contributions:
        return ""
    kinds = {
        k.id: k
        for k in session.exec(
            select(ContributionKind).where(ContributionKind.campaign_id == campaign.id)
        ).all()
    }
    counts: dict[int, int] = {}
    money = days = 0
    for c in contributions:
        kind = kinds.get(c.kind_id)
        if kind is not None and kind.code == "xa_hoi_hoa":
            money += c.amount
            days += c.work_days
            continue
        counts[c.kind_id] = counts.get(c.kind_id, 0) + max(c.quantity, 1)
        money += c.amount
        days += c.work_days
    parts = []
    for kind_id, count in counts.items():
        kind = kinds.get(kind_id)
        code = kind.code if kind else ""
        if code == "giai_phap":
            parts.append(f"{count} giải pháp, sáng kiến được công nhận")
        elif code == "tuyen_truyen":
            parts.append(f"{count} hoạt động tuyên truyền")
        elif code == "mo_hinh":
            parts.append(f"{count} mô hình hay, cách làm mới")
        else:
            parts.append(f"{count} thành tích “{kind.name if kind else 'khác'}”")
    if money:
        parts.append(f"vận động {_number(money)} đồng")
    if days:
        parts.append(f"{_number(days)} ngày công")
    movement = movement_phrase(campaign)
    listed = ", ".join(parts[:-1]) + (" và " if len(parts) > 1 else "") + parts[-1]
    if listed.startswith("vận động"):
        return f"V{listed[1:]} trong {movement}."
    return f"Có {listed} trong {movement}."


def _find_nominee(
    *, session: Session, campaign: Campaign, unit: str | None, person: str | None
) -> tuple[Unit, Person | None]:
    from stc_thidua.domain.persons import find_person
    from stc_thidua.domain.units import find_unit

    agency = session.get(Agency, campaign.agency_id)
    if not unit and not person:
        raise InvalidInput("Hãy chỉ rõ đơn vị (--unit) hoặc người (--person) được đề xuất.")
    found_unit = find_unit(session=session, query=unit, agency=agency) if unit else None
    found_person = (
        find_person(session=session, query=person, unit=found_unit, agency=agency)
        if person
        else None
    )
    if found_person is not None:
        own = session.get(Unit, found_person.unit_id)
        assert own is not None
        if own.agency_id != campaign.agency_id:
            raise InvalidInput(
                f"“{found_person.full_name}” không thuộc cơ quan {campaign.agency_abbr} "
                f"của phong trào “{campaign.code}”."
            )
        return own, found_person
    assert found_unit is not None
    return found_unit, None


def _registered_form(
    *, session: Session, campaign: Campaign, unit: Unit, person: Person | None, rs: RuleSet
) -> Form | None:
    query = select(Registration).where(Registration.campaign_id == campaign.id)
    if person is not None:
        query = query.where(Registration.person_id == person.id)
    else:
        query = query.where(Registration.unit_id == unit.id, col(Registration.person_id).is_(None))
    row = session.exec(query).first()
    if row is None or not row.target_title.strip():
        return None
    try:
        return find_form(rs, row.target_title)
    except InvalidInput:
        return None


def _refuse_duplicate(
    *, session: Session, campaign: Campaign, unit: Unit, person: Person | None, form: Form
) -> None:
    query = select(Proposal).where(
        Proposal.campaign_id == campaign.id,
        Proposal.award == form.code,
        col(Proposal.status).not_in(CLOSED),
    )
    if person is not None:
        query = query.where(Proposal.person_id == person.id)
    else:
        query = query.where(Proposal.unit_id == unit.id, col(Proposal.person_id).is_(None))
    existing = session.exec(query).first()
    if existing is not None:
        who = person.full_name if person else unit.name
        raise Duplicate(f"{who} đã có đề xuất số {existing.id} ({form.name}) trong phong trào.")


@dataclass(frozen=True)
class Drafted:
    """A proposal just drafted, with the problems its check found."""

    proposal: Proposal
    problems: list[Problem]


def propose(
    *,
    session: Session,
    campaign: Campaign,
    unit: str | None = None,
    person: str | None = None,
    form: str | None = None,
    reason: str | None = None,
) -> Drafted:
    """Draft a proposal for a unit or a person of the campaign's agency."""
    rs = rule_set_for(session=session, campaign=campaign)
    found_unit, found_person = _find_nominee(
        session=session, campaign=campaign, unit=unit, person=person
    )
    nominee = "ca_nhan" if found_person else "tap_the"
    chosen = (
        find_form(rs, form)
        if form
        else _registered_form(
            session=session, campaign=campaign, unit=found_unit, person=found_person, rs=rs
        )
    )
    if chosen is None:
        chosen = rs.form(DEFAULT_FORM)
        if chosen is None:
            raise InvalidInput(f"Hãy chọn hình thức (--form) trong {rs.name}.")
    check_nominee(chosen, nominee)
    return _create(
        session=session,
        campaign=campaign,
        rs=rs,
        form=chosen,
        unit=found_unit,
        person=found_person,
        reason=reason,
    )


def _create(
    *,
    session: Session,
    campaign: Campaign,
    rs: RuleSet,
    form: Form,
    unit: Unit,
    person: Person | None,
    reason: str | None,
) -> Drafted:
    _refuse_duplicate(session=session, campaign=campaign, unit=unit, person=person, form=form)
    achievements = free_achievements(
        session=session, campaign=campaign, unit=unit, person=person, form=form, rule_set=rs
    )
    text = clean_line(reason or "")[:4000] or draft_reason(
        session=session, campaign=campaign, contributions=achievements
    )
    proposal = Proposal(
        campaign_id=campaign.id,  # type: ignore[arg-type]
        unit_id=unit.id if person is None else None,
        person_id=person.id if person else None,
        award=form.code,
        reason=text,
        status="de_xuat",
    )
    session.add(proposal)
    session.flush()
    for c in achievements:
        session.add(ProposalAchievement(proposal_id=proposal.id, contribution_id=c.id))  # type: ignore[arg-type]
    session.flush()
    problems = _recheck(session=session, proposal=proposal, rs=rs)
    _event(session, proposal, "tao", "", f"{form.name}")
    session.flush()
    return Drafted(proposal, problems)


# forms drafted in this order by --all: CSTĐCS and TTLĐTT read the LĐTT proposals
_ALL_ORDER = ("LDTT", "CSTDCS", "TTLDTT", "GK")


@dataclass(frozen=True)
class Skipped:
    """A registration `propose --all` did not turn into a proposal, and why."""

    nominee: str
    form: str
    reason: str


def propose_all(*, session: Session, campaign: Campaign) -> tuple[list[Drafted], list[Skipped]]:
    """Draft a proposal for every registered unit and person the records support."""
    rs = rule_set_for(session=session, campaign=campaign)
    registrations = session.exec(
        select(Registration).where(Registration.campaign_id == campaign.id)
    ).all()
    planned: list[tuple[Form, Unit, Person | None]] = []
    skipped: list[Skipped] = []
    for reg in registrations:
        unit = session.get(Unit, reg.unit_id)
        person = session.get(Person, reg.person_id) if reg.person_id else None
        assert unit is not None
        who = person.full_name if person else unit.name
        if not reg.target_title.strip():
            skipped.append(Skipped(who, "", "đăng ký không ghi danh hiệu, hình thức phấn đấu"))
            continue
        try:
            form = find_form(rs, reg.target_title)
            check_nominee(form, "ca_nhan" if person else "tap_the")
        except InvalidInput as exc:
            skipped.append(Skipped(who, reg.target_title, exc.message))
            continue
        planned.append((form, unit, person))
        ldtt = rs.form("LDTT")
        if form.code == "CSTDCS" and ldtt is not None:  # a CSTĐCS is first a LĐTT
            planned.append((ldtt, unit, person))
    order = {code: i for i, code in enumerate(_ALL_ORDER)}
    planned.sort(key=lambda t: (order.get(t[0].code, 99), t[2] is not None, vi_key(t[1].name)))
    drafted: list[Drafted] = []
    for form, unit, person in planned:
        who = person.full_name if person else unit.name
        blocking = _blocking_for(
            session=session, campaign=campaign, rs=rs, form=form, unit=unit, person=person
        )
        if blocking:
            reasons = "; ".join(p.message.rstrip(".") for p in blocking)
            skipped.append(Skipped(who, form.name, reasons + "."))
            continue
        try:
            drafted.append(
                _create(
                    session=session,
                    campaign=campaign,
                    rs=rs,
                    form=form,
                    unit=unit,
                    person=person,
                    reason=None,
                )
            )
        except Duplicate as exc:
            skipped.append(Skipped(who, form.name, exc.message))
    return drafted, skipped


def _blocking_for(
    *,
    session: Session,
    campaign: Campaign,
    rs: RuleSet,
    form: Form,
    unit: Unit,
    person: Person | None,
) -> list[Problem]:
    """The errors an unsaved candidate would have, caps aside (the council settles those)."""
    ids = tuple(
        c.id
        for c in free_achievements(
            session=session, campaign=campaign, unit=unit, person=person, form=form, rule_set=rs
        )
        if c.id is not None
    )
    candidate = _candidate(
        campaign=campaign, rule_set=rs, form=form, unit=unit, person=person, achievement_ids=ids
    )
    found = problems_for(session=session, c=candidate)
    return [p for p in errors(found) if p.rule not in CAP_RULES]


# --- checks and transitions --------------------------------------------------------------------


def _recheck(
    *, session: Session, proposal: Proposal, rs: RuleSet, batch: frozenset[int] | None = None
) -> list[Problem]:
    """Check a proposal and keep its problems with it."""
    found = problems_for(
        session=session,
        c=candidate_of(session=session, proposal=proposal, rule_set=rs, batch=batch),
    )
    proposal.problems = [p.as_dict() for p in found]
    session.add(proposal)
    return found


def check(
    *, session: Session, proposals: list[Proposal], decision: bool = False
) -> dict[int, list[Problem]]:
    """Check proposals (each against its campaign's rule set) and keep the problems found.

    With `decision`, the proposals are decided together: a prerequisite title (LĐTT) counts
    only if it was decided earlier or is among them.
    """
    batch = frozenset(p.id for p in proposals if p.id is not None) if decision else None
    out: dict[int, list[Problem]] = {}
    sets: dict[int, RuleSet] = {}
    for proposal in proposals:
        if proposal.campaign_id not in sets:
            campaign = session.get(Campaign, proposal.campaign_id)
            assert campaign is not None
            sets[proposal.campaign_id] = rule_set_for(session=session, campaign=campaign)
        assert proposal.id is not None
        if proposal.status in SETTLED:  # signed: the verdict it was decided on stays with it
            out[proposal.id] = [Problem(**p) for p in proposal.problems or ()]
            continue
        out[proposal.id] = _recheck(
            session=session, proposal=proposal, rs=sets[proposal.campaign_id], batch=batch
        )
    session.flush()
    return out


def _refuse_errors(
    session: Session, proposals: list[Proposal], step: str, *, decision: bool = False
) -> None:
    found = check(session=session, proposals=proposals, decision=decision)
    blocked = [(pid, errors(problems)) for pid, problems in found.items() if errors(problems)]
    if blocked:
        listed = "; ".join(f"số {pid}: {errs[0].message.rstrip('.')}" for pid, errs in blocked)
        raise InvalidInput(f"Chưa thể {step} vì còn lỗi về điều kiện: {listed}.")


def _status_error(proposal: Proposal, wanted: str) -> InvalidInput:
    return InvalidInput(
        f"Đề xuất số {proposal.id} đang ở trạng thái “{STATUSES[proposal.status]}”, "
        f"không thể {wanted}."
    )


def edit(
    *,
    session: Session,
    proposal: Proposal,
    form: str | None = None,
    reason: str | None = None,
    add: tuple[int, ...] = (),
    remove: tuple[int, ...] = (),
    redraft: bool = False,
) -> list[Problem]:
    """Change a draft proposal: its form, reason or cited achievements."""
    if proposal.status != "de_xuat":
        raise _status_error(proposal, "sửa (chỉ sửa được đề xuất chưa trình)")
    campaign = session.get(Campaign, proposal.campaign_id)
    assert campaign is not None
    assert proposal.id is not None
    rs = rule_set_for(session=session, campaign=campaign)
    if form is None and reason is None and not add and not remove and not redraft:
        raise InvalidInput("Chưa có thay đổi nào; dùng --form, --reason, --add, --remove.")
    changes = []
    if form is not None:
        chosen = find_form(rs, form)
        check_nominee(chosen, "ca_nhan" if proposal.person_id else "tap_the")
        proposal.award = chosen.code
        changes.append(f"hình thức {chosen.name}")
    for contribution_id in add:
        contribution = session.get(Contribution, contribution_id)
        if contribution is None or contribution.campaign_id != campaign.id:
            raise NotFound(f"Phong trào không có đóng góp số {contribution_id}.")
        if contribution.status != VERIFIED:
            raise InvalidInput(f"Đóng góp số {contribution_id} chưa được xác nhận.")
        owner_ok = (
            contribution.person_id == proposal.person_id
            if proposal.person_id
            else contribution.unit_id == proposal.unit_id  # a unit may cite its members'
        )
        if not owner_ok:
            raise InvalidInput(f"Đóng góp số {contribution_id} không phải của người được đề xuất.")
        exists = session.exec(
            select(ProposalAchievement).where(
                ProposalAchievement.proposal_id == proposal.id,
                ProposalAchievement.contribution_id == contribution_id,
            )
        ).first()
        if exists is None:
            session.add(
                ProposalAchievement(proposal_id=proposal.id, contribution_id=contribution_id)
            )
        changes.append(f"thêm thành tích số {contribution_id}")
    for contribution_id in remove:
        link = session.exec(
            select(ProposalAchievement).where(
                ProposalAchievement.proposal_id == proposal.id,
                ProposalAchievement.contribution_id == contribution_id,
            )
        ).first()
        if link is None:
            raise NotFound(f"Đề xuất số {proposal.id} không có thành tích số {contribution_id}.")
        session.delete(link)
        changes.append(f"bỏ thành tích số {contribution_id}")
    session.flush()
    if reason is not None:
        proposal.reason = clean_line(reason)[:4000]
        changes.append("lý do")
    elif redraft:
        cited = list(
            session.exec(
                select(Contribution)
                .join(
                    ProposalAchievement,
                    col(ProposalAchievement.contribution_id) == col(Contribution.id),
                )
                .where(ProposalAchievement.proposal_id == proposal.id)
            ).all()
        )
        proposal.reason = draft_reason(session=session, campaign=campaign, contributions=cited)
        changes.append("lý do soạn lại")
    found = _recheck(session=session, proposal=proposal, rs=rs)
    _event(session, proposal, "sua", proposal.status, ", ".join(changes))
    session.flush()
    return found


def submit(*, session: Session, proposals: list[Proposal], note: str = "") -> None:
    """Submit draft proposals to the council; errors block, warnings are kept."""
    for p in proposals:
        if p.status != "de_xuat":
            raise _status_error(p, "trình Hội đồng")
    _refuse_errors(session, proposals, "trình Hội đồng")
    for p in proposals:
        p.status = "da_trinh"
        session.add(p)
        _event(session, p, "trinh", "de_xuat", note)
    session.flush()


def council_vote(
    *,
    session: Session,
    proposal: Proposal,
    members: int,
    votes_for: int,
    absent_written: int = 0,
    voted_on: dt.date | None = None,
    note: str = "",
) -> str:
    """Record the council's vote on one proposal; returns the verdict with its numbers."""
    if proposal.status in ("hd_dat", "hd_khong_dat") or proposal.votes_for is not None:
        raise InvalidInput(
            f"Hội đồng đã biểu quyết đề xuất số {proposal.id}; không biểu quyết lần hai."
        )
    if proposal.status == "de_xuat":
        raise InvalidInput(
            f"Đề xuất số {proposal.id} chưa trình Hội đồng; hãy trình trước "
            "(thidua proposal submit)."
        )
    if proposal.status != "da_trinh":
        raise _status_error(proposal, "biểu quyết")
    campaign = session.get(Campaign, proposal.campaign_id)
    assert campaign is not None
    rs = rule_set_for(session=session, campaign=campaign)
    form = rs.form(proposal.award)
    threshold_fact = (
        form.threshold(rs.fact("default_threshold")) if form else rs.fact("default_threshold")
    )
    threshold = threshold_fact.value
    result = vote(members, votes_for, threshold, absent_written)
    if voted_on is not None and not campaign.start_date <= voted_on:
        raise InvalidInput(
            f"Ngày họp Hội đồng {voted_on:%d/%m/%Y} trước ngày bắt đầu phong trào "
            f"{campaign.start_date:%d/%m/%Y}."
        )
    if voted_on is not None and voted_on.year > campaign.end_date.year + 1:
        # the same bounds as the decision that follows: the campaign's year(s) and the next,
        # when the year's titles are weighed after its tổng kết
        raise InvalidInput(
            f"Ngày họp Hội đồng {voted_on:%d/%m/%Y} quá xa sau phong trào "
            f"({_decision_years(campaign)})."
        )
    if voted_on is not None and voted_on > today():
        raise InvalidInput(
            f"Ngày họp Hội đồng {voted_on:%d/%m/%Y} sau ngày hôm nay {today():%d/%m/%Y}."
        )
    _refuse_same_council(session, proposal, members)
    _refuse_errors(session, [proposal], "biểu quyết")
    before = proposal.status
    proposal.council_size = members
    proposal.votes_for = votes_for
    proposal.absent_written = absent_written
    proposal.vote_threshold = str(threshold)
    proposal.vote_passed = result.passed
    proposal.voted_on = voted_on
    proposal.status = "hd_dat" if result.passed else "hd_khong_dat"
    session.add(proposal)
    _event(session, proposal, "bieu_quyet", before, f"{result.text}. {note}".strip())
    session.flush()
    return result.text


def _decision_years(campaign: Campaign) -> str:
    """ "từ 15/01/2021 đến hết năm 2022": a year's titles are decided up to a year after it."""
    return f"từ {campaign.start_date:%d/%m/%Y} đến hết năm {campaign.end_date.year + 1}"


def _refuse_same_council(session: Session, proposal: Proposal, members: int) -> None:
    """The council is one body: its size is the one of its earlier votes in the campaign."""
    earlier = session.exec(
        select(Proposal.council_size, Proposal.id)
        .where(
            Proposal.campaign_id == proposal.campaign_id,
            col(Proposal.council_size).is_not(None),
            Proposal.id != proposal.id,
        )
        .order_by(col(Proposal.id))
    ).first()
    if earlier is not None and earlier[0] != members:
        raise InvalidInput(
            f"Hội đồng Thi đua - Khen thưởng của phong trào có {earlier[0]} thành viên (biểu "
            f"quyết đề xuất số {earlier[1]}), không phải {members}; số thành viên tính trên "
            "toàn Hội đồng."
        )


def decision_taken(*, session: Session, agency_abbr: str, year: int, number: int) -> bool:
    """Whether decision number `number` of `year` is already used by this agency."""
    symbol = f"{DECISION_TYPE}-{agency_abbr}"
    return (
        session.exec(
            select(Proposal.id).where(
                Proposal.decision_symbol == symbol,
                Proposal.decision_year == year,
                Proposal.decision_number == number,
            )
        ).first()
        is not None
    )


def money_for(*, session: Session, rs: RuleSet, form: Form, nominee: str, on: dt.date) -> Reward:
    """The reward of `form` for a person or collective, at the base salary in force on `on`."""
    coefficient = form.coefficient(nominee)
    if coefficient is None:
        raise InvalidInput(f"{rs.name} chưa có hệ số tiền thưởng của {form.label(nominee)}.")
    salary = salary_on(session=session, on=on)
    rounding = rs.fact("rounding")
    return reward(
        Decimal(str(coefficient.value)),
        salary.amount,
        str(rounding.value),
        rounding_unconfirmed=rounding.unconfirmed,
    )


HIGHEST_TITLE_NOTE = "chỉ nhận mức tiền thưởng cao nhất trong các danh hiệu cùng thành tích"


def highest_title_only(
    *, session: Session, rs: RuleSet, proposals: list[Proposal], gross: dict[int, int]
) -> dict[int, int]:
    """What each proposal pays when a nominee earns several titles for one year's achievements.

    Where the period says so (Nghị định 91/2017, Điều 66 khoản 2 điểm c), the nominee is paid
    the highest title's money only: the highest here pays that less what an earlier decision
    already paid for a title of the same year; the other titles pay nothing. Forms (Giấy
    khen ...) keep their own money.
    """
    paid = dict(gross)
    fact = rs.facts.get("highest_title_only")
    if fact is None or not fact.value:
        return paid
    groups: dict[tuple[str, int | None], list[Proposal]] = {}
    for p in proposals:
        form = rs.form(p.award)
        if p.id in gross and form is not None and form.kind == "danh_hieu":
            key = ("ca_nhan", p.person_id) if p.person_id else ("tap_the", p.unit_id)
            groups.setdefault(key, []).append(p)
    here = {p.id for p in proposals}
    for (kind, who), members in groups.items():
        campaign = session.get(Campaign, members[0].campaign_id)
        assert campaign is not None
        earlier = [
            q
            for q in live_proposals(
                session=session, agency_id=campaign.agency_id, year=campaign_year(campaign)
            )
            if q.status == "da_quyet_dinh"
            and q.id not in here
            and (q.person_id == who if kind == "ca_nhan" else q.person_id is None)
            and (kind == "ca_nhan" or q.unit_id == who)
            and (form := rs.form(q.award)) is not None
            and form.kind == "danh_hieu"
        ]
        already = sum(q.amount or 0 for q in earlier)
        ranked = sorted(members, key=lambda p: (-gross[p.id or 0], p.id or 0))
        target = max(gross[ranked[0].id or 0], already)
        for n, p in enumerate(ranked):
            assert p.id is not None
            paid[p.id] = target - already if n == 0 else 0
    return paid


def decide(
    *,
    session: Session,
    proposals: list[Proposal],
    number: int,
    on: dt.date,
    note: str = "",
) -> list[Reward]:
    """The agency head's decision on passed proposals: number, date, money, history."""
    from stc_thidua.domain.people import add_commendation

    if not proposals:
        raise InvalidInput("Hãy chọn ít nhất một đề xuất.")
    if number < 1 or number > 99999:
        raise InvalidInput("Số quyết định phải từ 1 đến 99999.")
    campaigns = {p.campaign_id for p in proposals}
    if len(campaigns) > 1:
        raise InvalidInput("Một quyết định chỉ gồm đề xuất của một phong trào.")
    campaign = session.get(Campaign, proposals[0].campaign_id)
    assert campaign is not None
    rs = rule_set_for(session=session, campaign=campaign)
    for p in proposals:
        if p.status == "hd_khong_dat":
            raise InvalidInput(
                f"Hội đồng không thông qua đề xuất số {p.id}; không thể quyết định khen thưởng."
            )
        if p.status in ("de_xuat", "da_trinh"):
            raise InvalidInput(
                f"Đề xuất số {p.id} chưa được Hội đồng biểu quyết; không thể quyết định trước "
                "khi Hội đồng bỏ phiếu."
            )
        if p.status != "hd_dat":
            raise _status_error(p, "quyết định khen thưởng")
        form = rs.form(p.award)
        if form is not None and not decided_by_head(form, campaign):
            raise InvalidInput(
                f"{form.name} (đề xuất số {p.id}) do {form.decider_title} quyết định, vượt thẩm "
                f"quyền thủ trưởng: dùng “thidua proposal forward {p.id}” để trình cấp trên "
                "bằng Tờ trình."
            )
        if p.voted_on is not None and on < p.voted_on:
            raise InvalidInput(
                f"Ngày quyết định {on:%d/%m/%Y} trước ngày Hội đồng biểu quyết đề xuất số "
                f"{p.id} ({p.voted_on:%d/%m/%Y})."
            )
    if on < campaign.start_date or on.year > campaign.end_date.year + 1:
        raise InvalidInput(
            f"Ngày quyết định {on:%d/%m/%Y} nằm ngoài thời gian khen thưởng của phong trào "
            f"({_decision_years(campaign)})."
        )
    if decision_taken(
        session=session, agency_abbr=campaign.agency_abbr, year=on.year, number=number
    ):
        raise Duplicate(
            f"Số quyết định {number:02d}/{DECISION_TYPE}-{campaign.agency_abbr} năm {on.year} "
            "đã dùng; mỗi năm mỗi số chỉ dùng một lần."
        )
    _refuse_errors(session, proposals, "quyết định khen thưởng", decision=True)
    if not campaign.rule_set:  # a decision keeps the rules it was made under
        campaign.rule_set = rs.code
        session.add(campaign)
    issuer = agency_head(campaign)
    symbol = f"{DECISION_TYPE}-{campaign.agency_abbr}"
    rewards = []
    gross: dict[int, Reward] = {}
    for p in proposals:
        form = rs.form(p.award)
        assert form is not None
        assert p.id is not None
        nominee = "ca_nhan" if p.person_id else "tap_the"
        gross[p.id] = money_for(session=session, rs=rs, form=form, nominee=nominee, on=on)
    paid = highest_title_only(
        session=session,
        rs=rs,
        proposals=proposals,
        gross={pid: r.amount for pid, r in gross.items()},
    )
    for p in proposals:
        form = rs.form(p.award)
        assert form is not None
        assert p.id is not None
        money = gross[p.id]
        if paid[p.id] != money.amount:
            money = replace(money, paid=paid[p.id], paid_note=HIGHEST_TITLE_NOTE)
        p.decision_number = number
        p.decision_year = on.year
        p.decision_symbol = symbol
        p.decision_date = on
        p.coefficient = float(money.coefficient)
        p.base_salary = money.base_salary
        p.amount = money.payable
        p.status = "da_quyet_dinh"
        session.add(p)
        rewards.append(money)
        person = session.get(Person, p.person_id) if p.person_id else None
        unit = session.get(Unit, p.unit_id) if p.unit_id else None
        add_commendation(
            session=session,
            year=campaign_year(campaign),
            form_query=form.code,
            person=person,
            unit=unit,
            decision=f"{number:02d}/{symbol}",
            decided_on=on,
            issuer=issuer,
            proposal_id=p.id,
            rule_set=rs,
        )
        _event(
            session,
            p,
            "quyet_dinh",
            "hd_dat",
            f"Quyết định số {number:02d}/{symbol}. {note}".strip(),
        )
    session.flush()
    return rewards


def forward(*, session: Session, proposals: list[Proposal], note: str = "") -> None:
    """Send passed proposals above the head's authority upward, with a tờ trình."""
    for p in proposals:
        campaign = session.get(Campaign, p.campaign_id)
        assert campaign is not None
        rs = rule_set_for(session=session, campaign=campaign)
        form = rs.form(p.award)
        if p.status != "hd_dat":
            if p.status in ("de_xuat", "da_trinh"):
                raise InvalidInput(
                    f"Đề xuất số {p.id} chưa được Hội đồng thông qua; chưa thể trình cấp trên."
                )
            raise _status_error(p, "trình cấp trên")
        if form is None or decided_by_head(form, campaign):
            raise InvalidInput(
                f"Đề xuất số {p.id} thuộc thẩm quyền thủ trưởng cơ quan: dùng "
                f"“thidua proposal decide {p.id} --number ... --date ...”."
            )
    _refuse_errors(session, proposals, "trình cấp trên")  # the upward dossier meets its criteria
    for p in proposals:
        p.status = "trinh_cap_tren"
        session.add(p)
        _event(session, p, "trinh_cap_tren", "hd_dat", note)
    session.flush()


# titles that rest on members' or the person's own LĐTT, and the check that says so
_DEPENDENTS = {"CSTDCS": "cstdcs_without_ldtt", "TTLDTT": "ttldtt_ldtt_ratio"}


def _refuse_if_prerequisite(session: Session, proposal: Proposal, step: str) -> None:
    """Refuse to drop an LĐTT on which a decided CSTĐCS or TTLĐTT rests."""
    if proposal.award != "LDTT" or proposal.person_id is None:
        return
    campaign = session.get(Campaign, proposal.campaign_id)
    person = session.get(Person, proposal.person_id)
    assert campaign is not None
    assert person is not None
    year = campaign_year(campaign)
    decided = [
        p
        for p in live_proposals(session=session, agency_id=campaign.agency_id, year=year)
        if p.status == "da_quyet_dinh"
        and p.award in _DEPENDENTS
        and (p.person_id == person.id if p.award == "CSTDCS" else p.unit_id == person.unit_id)
    ]
    for dependent in sorted(decided, key=lambda p: p.id or 0):
        own = session.get(Campaign, dependent.campaign_id)
        assert own is not None
        rs = rule_set_for(session=session, campaign=own)
        # without the LĐTT still pending (this one among them), does the decided title hold?
        found = problems_for(
            session=session,
            c=candidate_of(session=session, proposal=dependent, rule_set=rs, batch=frozenset()),
        )
        if any(f.rule == _DEPENDENTS[dependent.award] for f in errors(found)):
            form = rs.form(dependent.award)
            name = form.name if form else dependent.award
            raise InvalidInput(
                f"Không thể {step} đề xuất số {proposal.id} (Lao động tiên tiến của "
                f"{person.full_name}) vì {name} đã quyết định ở đề xuất số {dependent.id} dựa "
                "trên danh hiệu này."
            )


def reject(*, session: Session, proposal: Proposal, note: str) -> None:
    """Reject a proposal (at the council's review or after), with the reason."""
    if not clean_line(note):
        raise InvalidInput("Hãy ghi lý do từ chối (--note).")
    if proposal.status not in ("de_xuat", "da_trinh", "hd_dat", "hd_khong_dat"):
        raise _status_error(proposal, "từ chối")
    _refuse_if_prerequisite(session, proposal, "từ chối")
    check(session=session, proposals=[proposal])
    before = proposal.status
    proposal.status = "bi_tu_choi"
    session.add(proposal)
    _event(session, proposal, "tu_choi", before, note)
    session.flush()


def withdraw(*, session: Session, proposal: Proposal, note: str = "") -> None:
    """Withdraw a proposal not yet voted on."""
    if proposal.status not in ("de_xuat", "da_trinh"):
        raise _status_error(proposal, "rút (chỉ rút được đề xuất chưa biểu quyết)")
    _refuse_if_prerequisite(session, proposal, "rút")
    check(session=session, proposals=[proposal])
    before = proposal.status
    proposal.status = "da_rut"
    session.add(proposal)
    _event(session, proposal, "rut", before, note)
    session.flush()


# --- money -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyLine:
    """The money of one form, over the decided proposals."""

    form: str
    form_name: str
    count: int
    amount: int
    unconfirmed: tuple[str, ...] = ()  # what the amount rests on that is not confirmed


def unconfirmed_money(
    rs: RuleSet, form: Form, nominee: str, coefficient: float | None, base_salary: int | None
) -> list[str]:
    """What a form's money rests on that the law's text did not confirm: its coefficient, or
    the rounding where it changes the product (domain.md §6), each said with its figures."""
    out = []
    fact = form.coefficient(nominee)
    if fact is not None and fact.unconfirmed:
        value = f"{Decimal(str(fact.value)).normalize():f}".replace(".", ",")
        out.append(f"hệ số {value} của {form.label(nominee)} chưa xác nhận ({fact.source})")
    rounding = rs.fact("rounding")
    if rounding.unconfirmed and coefficient is not None and base_salary is not None:
        money = reward(
            Decimal(str(coefficient)), base_salary, str(rounding.value), rounding_unconfirmed=True
        )
        if money.rounded:
            out.append(f"{form.label(nominee)}: {money.text}")
    return out


def money_totals(*, session: Session, campaign: Campaign) -> tuple[list[MoneyLine], int]:
    """Decided proposals' money, by form (as printed) and in all."""
    rows = list_proposals(session=session, campaign=campaign, statuses=("da_quyet_dinh",))
    rs = rule_set_for(session=session, campaign=campaign)
    lines: dict[str, MoneyLine] = {}
    for p in rows:
        form = rs.form(p.award)
        nominee = "ca_nhan" if p.person_id else "tap_the"
        name = form.label(nominee) if form else p.award
        old = lines.get(name, MoneyLine(p.award, name, 0, 0))
        notes = list(old.unconfirmed)
        if form is not None:
            for note in unconfirmed_money(rs, form, nominee, p.coefficient, p.base_salary):
                if note not in notes:
                    notes.append(note)
        lines[name] = MoneyLine(
            p.award, name, old.count + 1, old.amount + (p.amount or 0), tuple(notes)
        )
    ordered = sorted(lines.values(), key=lambda m: (m.form, fold(m.form_name)))
    return ordered, sum(m.amount for m in ordered)


def nominee_label(nominee: str) -> str:
    """ "cá nhân" or "tập thể"."""
    return NOMINEES[nominee]


def settled_awards(
    *,
    session: Session,
    person: Person,
    year: int,
    settled: Sequence[tuple[Proposal, Campaign]] | None = None,
) -> list[str]:
    """The decided (or forwarded) awards of `year` that `person`'s rating or discipline bears
    on: their own, and their unit's collective titles (no member disciplined), as texts.

    `settled` (from `settled_proposals`) serves many persons with one query.
    """
    rows = settled if settled is not None else settled_proposals(session=session)
    out = []
    for p, campaign in rows:
        mine = p.person_id == person.id or (p.person_id is None and p.unit_id == person.unit_id)
        if not mine or campaign_year(campaign) != year:
            continue
        paper = (
            f"Quyết định số {p.decision_number:02d}/{p.decision_symbol}"
            if p.decision_number is not None
            else "tờ trình cấp trên"
        )
        form = _form_of(rule_set_for(session=session, campaign=campaign), p.award)
        name = form.label("ca_nhan" if p.person_id else "tap_the") if form else p.award
        out.append(f"{name} (đề xuất số {p.id}, {paper})")
    return out


def settled_proposals(*, session: Session) -> list[tuple[Proposal, Campaign]]:
    """Every decided (or forwarded) proposal with its campaign, in order."""
    return [
        (p, c)
        for p, c in session.exec(
            select(Proposal, Campaign)
            .join(Campaign, col(Campaign.id) == col(Proposal.campaign_id))
            .where(col(Proposal.status).in_(SETTLED))
            .order_by(col(Proposal.id))
        ).all()
    ]


def active(proposals: list[Proposal]) -> list[Proposal]:
    """Proposals still in competition."""
    return [p for p in proposals if p.status not in CLOSED]


def agency_of(*, session: Session, campaign: Campaign) -> Agency:
    """The campaign's agency."""
    agency = session.get(Agency, campaign.agency_id)
    assert agency is not None
    return agency

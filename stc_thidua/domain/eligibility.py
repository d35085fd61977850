"""Eligibility under the rules in force: every problem as data, with its rule and legal source.

`problems_for` checks one candidate (a proposal, saved or not); the caps (15% CSTĐCS under
Nghị định 91/2017, the plan's own numbers) compare it with the other live proposals.
Errors block submission and decision; warnings are shown and kept in the dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from stc_thidua.domain.rules import NOMINEES, Form, RuleSet, decided_by_head
from stc_thidua.models import (
    Campaign,
    CampaignAward,
    Contribution,
    ContributionKind,
    Person,
    Proposal,
    ProposalAchievement,
    Rating,
    Registration,
    Unit,
)

VERIFIED = "da_duyet"  # a contribution the Office verified
INITIATIVE_KIND = "giai_phap"  # the kind the rules read as a recognised initiative (sáng kiến)
# proposals that no longer compete: failed at the council, rejected or withdrawn
CLOSED = ("hd_khong_dat", "bi_tu_choi", "da_rut")
CAP_RULES = ("cstdcs_cap", "plan_cap")  # competitions the council settles, not personal faults


@dataclass(frozen=True)
class Problem:
    """One eligibility problem: which rule, its legal source, how serious, and what is wrong."""

    rule: str
    source: str
    severity: str  # "error" blocks submission and decision; "warning" is kept in the dossier
    message: str
    unconfirmed: bool = False  # the rule's own value or source is not confirmed

    def as_dict(self) -> dict[str, Any]:
        """Plain data for --json and the proposal's stored problems."""
        return {
            "rule": self.rule,
            "source": self.source,
            "severity": self.severity,
            "message": self.message,
            "unconfirmed": self.unconfirmed,
        }


@dataclass(frozen=True)
class Candidate:
    """What is checked: a nominee, a form, the achievements it cites (saved or about to be)."""

    campaign: Campaign
    rule_set: RuleSet
    form: Form
    unit: Unit
    person: Person | None
    achievement_ids: tuple[int, ...] = ()
    proposal_id: int | None = None
    # at a decision: the proposals decided together; a prerequisite (LĐTT) then counts only
    # if decided earlier or in this same decision, never because it is merely proposed
    batch: frozenset[int] | None = None

    @property
    def nominee(self) -> str:
        """ca_nhan or tap_the."""
        return "ca_nhan" if self.person is not None else "tap_the"

    @property
    def name(self) -> str:
        """The nominee's name."""
        return self.person.full_name if self.person is not None else self.unit.name


def campaign_year(campaign: Campaign) -> int:
    """The year a campaign's titles are for: the year it ends."""
    return campaign.end_date.year


def _problem(rule_set: RuleSet, rule: str, message: str) -> Problem:
    fact = rule_set.check(rule)
    return Problem(rule, fact.source, str(fact.value), message, fact.unconfirmed)


def live_proposals(*, session: Session, agency_id: int, year: int) -> list[Proposal]:
    """Every proposal of the agency's campaigns of `year` still in competition."""
    rows = session.exec(
        select(Proposal, Campaign)
        .join(Campaign, col(Campaign.id) == col(Proposal.campaign_id))
        .where(Campaign.agency_id == agency_id, col(Proposal.status).not_in(CLOSED))
    ).all()
    return [p for p, c in rows if campaign_year(c) == year]


def ldtt_holders(
    *,
    session: Session,
    agency_id: int,
    year: int,
    person_ids: list[int] | None = None,
    batch: frozenset[int] | None = None,
) -> set[int]:
    """Persons who are (or are proposed as) Lao động tiên tiến in `year`.

    With `batch` (a decision), a proposal counts only if it is in the batch: what holds is
    what was decided earlier (the history) or is decided now.
    """
    return title_holders(
        session=session,
        form="LDTT",
        agency_id=agency_id,
        year=year,
        person_ids=person_ids,
        batch=batch,
    )


def title_holders(
    *,
    session: Session,
    form: str,
    agency_id: int,
    year: int,
    person_ids: list[int] | None = None,
    batch: frozenset[int] | None = None,
) -> set[int]:
    """Persons who hold (or are proposed for) the title `form` in `year`; see ldtt_holders."""
    from stc_thidua.domain.people import holders

    proposed = {
        p.person_id
        for p in live_proposals(session=session, agency_id=agency_id, year=year)
        if p.award == form
        and p.person_id is not None
        and (batch is None or p.id in batch or p.status == "da_quyet_dinh")
    }
    if person_ids is None:
        found = session.exec(
            select(Person.id)
            .join(Unit, col(Unit.id) == col(Person.unit_id))
            .where(Unit.agency_id == agency_id)
        ).all()
        person_ids = [p for p in found if p is not None]
    held = holders(session=session, form=form, year=year, person_ids=person_ids)
    return {p for p in proposed if p in person_ids} | held


def _verified(*, session: Session, campaign: Campaign, c: Candidate) -> list[Contribution]:
    query = select(Contribution).where(
        Contribution.campaign_id == campaign.id, Contribution.status == VERIFIED
    )
    if c.person is not None:
        query = query.where(Contribution.person_id == c.person.id)
    else:
        query = query.where(Contribution.unit_id == c.unit.id)
    return list(session.exec(query).all())


def _has_initiative(*, session: Session, person: Person, year: int) -> bool:
    rows = session.exec(
        select(Contribution)
        .join(ContributionKind, col(ContributionKind.id) == col(Contribution.kind_id))
        .where(
            Contribution.person_id == person.id,
            Contribution.status == VERIFIED,
            ContributionKind.code == INITIATIVE_KIND,
        )
    ).all()
    return any(c.occurred_on.year == year for c in rows)


def pending_ldtt(
    *, session: Session, agency_id: int, year: int, person_ids: list[int], batch: frozenset[int]
) -> list[Proposal]:
    """Live LĐTT proposals of these persons not decided yet and not in the decision `batch`."""
    return [
        p
        for p in live_proposals(session=session, agency_id=agency_id, year=year)
        if p.award == "LDTT"
        and p.person_id in person_ids
        and p.status != "da_quyet_dinh"
        and p.id not in batch
    ]


def same_title_ladder(rule_set: RuleSet, c: Candidate, other: Proposal) -> bool:
    """Whether `other` is another title (danh hiệu) of the same nominee as `c`.

    A nominee's titles of one year form one ladder (LĐTT, then CSTĐCS) resting on the same
    achievements; the money then pays the highest only. A form (Giấy khen, Bằng khen) needs
    an achievement of its own.
    """
    other_form = rule_set.form(other.award)
    if c.form.kind != "danh_hieu" or other_form is None or other_form.kind != "danh_hieu":
        return False
    if c.person is not None:
        return other.person_id == c.person.id
    return other.person_id is None and other.unit_id == c.unit.id


def _numbers(proposals: list[Proposal]) -> str:
    return ", ".join(str(p.id) for p in sorted(proposals, key=lambda p: p.id or 0))


def _names(session: Session, proposals: list[Proposal]) -> str:
    parts = []
    for p in sorted(proposals, key=lambda p: p.id or 0):
        who = session.get(Person, p.person_id) if p.person_id else session.get(Unit, p.unit_id)
        name = getattr(who, "full_name", None) or getattr(who, "name", "?")
        parts.append(f"{name} (số {p.id})")
    return ", ".join(parts)


def _pct(part: int, whole: int) -> str:
    from stc_thidua.domain.money import percent_text

    return percent_text(Decimal(part * 100) / Decimal(whole)) if whole else "0%"


def problems_for(*, session: Session, c: Candidate) -> list[Problem]:
    """Every problem of one candidate under its campaign's rule set."""
    rs, form, year = c.rule_set, c.form, campaign_year(c.campaign)
    agency_id = c.campaign.agency_id
    out: list[Problem] = []
    if rs.form(form.code) is None:
        out.append(Problem("form", rs.name, "error", f"{form.name} không có trong {rs.name}."))

    # registration
    query = select(Registration).where(Registration.campaign_id == c.campaign.id)
    if c.person is not None:
        query = query.where(Registration.person_id == c.person.id)
    else:
        query = query.where(
            Registration.unit_id == c.unit.id, col(Registration.person_id).is_(None)
        )
    if session.exec(query).first() is None:
        out.append(
            _problem(rs, "no_registration", f"{c.name} chưa đăng ký thi đua trong phong trào.")
        )

    # verified contributions, and achievements used twice
    verified = _verified(session=session, campaign=c.campaign, c=c)
    if not verified:
        out.append(
            _problem(
                rs,
                "no_contribution",
                f"{c.name} chưa có đóng góp nào được xác nhận trong phong trào.",
            )
        )
    others = session.exec(
        select(ProposalAchievement, Proposal, Contribution)
        .join(Proposal, col(Proposal.id) == col(ProposalAchievement.proposal_id))
        .join(Contribution, col(Contribution.id) == col(ProposalAchievement.contribution_id))
        .where(
            col(ProposalAchievement.contribution_id).in_(
                list(c.achievement_ids) + [v.id for v in verified if v.id is not None]
            ),
            col(Proposal.status).not_in(CLOSED),
        )
    ).all()
    elsewhere = [
        (other, contribution)
        for _link, other, contribution in others
        if other.id != c.proposal_id and not same_title_ladder(rs, c, other)
    ]
    for other, contribution in elsewhere:
        if contribution.id not in c.achievement_ids:
            continue
        other_form = rs.form(other.award)
        out.append(
            _problem(
                rs,
                "achievement_reused",
                f"Thành tích “{contribution.title}” đã dùng cho đề xuất số {other.id} "
                f"({other_form.name if other_form else other.award}); "
                "một thành tích chỉ đề nghị một hình thức.",
            )
        )
    # a unit's own contributions (its members' stay theirs, though it may cite them)
    own = [v for v in verified if c.person is not None or v.person_id is None]
    if own and not c.achievement_ids:
        own_ids = {v.id for v in own}
        taken = {x.id for _o, x in elsewhere if x.id in own_ids}
        users = list({o.id: o for o, x in elsewhere if x.id in own_ids}.values())
        if all(v.id in taken for v in own):
            out.append(
                _problem(
                    rs,
                    "achievement_reused",
                    f"{c.form.label(c.nominee)} của {c.name} không còn thành tích riêng: mọi "
                    f"đóng góp đã xác nhận đã dùng cho đề xuất số {_numbers(users)}; một thành "
                    "tích chỉ đề nghị một hình thức.",
                )
            )
        else:
            out.append(
                _problem(
                    rs,
                    "no_contribution",
                    f"Đề xuất {c.form.label(c.nominee)} của {c.name} chưa nêu thành tích nào làm "
                    "căn cứ (thêm bằng “thidua proposal edit --add”).",
                )
            )

    person = c.person
    if person is not None and person.id is not None:
        rating = session.exec(
            select(Rating).where(Rating.person_id == person.id, Rating.year == year)
        ).first()
        if form.code == "LDTT":
            out += _rating_problems(rs, person, rating, year)
        if form.code == "CSTDCS":
            out += _cstdcs_problems(session, c, person, rating, year, agency_id)
        if form.code == "BKT":
            out += _bkt_rating_problems(rs, person, rating, year)
        out += _discipline_problems(session, rs, person, year)
    if c.person is None and form.code == "TTLDTT":
        out += _ttldtt_problems(session, c, year, agency_id)
    if c.person is None and form.code == "TTLDXS":
        out += _ttldxs_problems(session, c, year, agency_id)
    if c.person is None and form.code != "TTLDTT" and not form.head_decides:
        out += _members_problems(session, c)
    if person is not None and person.id is not None and form.code == "CSTDT":
        out += _cstdt_problems(session, c, person, year, agency_id)

    if not decided_by_head(form, c.campaign):
        out.append(
            _problem(
                rs,
                "authority",
                f"{form.name} do {form.decider_title} quyết định: đề xuất được trình cấp trên "
                "bằng Tờ trình, không ra quyết định tại cơ quan.",
            )
        )
    out += _plan_cap_problems(session, c)
    return out


def _rating_problems(
    rs: RuleSet, person: Person, rating: Rating | None, year: int
) -> list[Problem]:
    from stc_thidua.domain.people import GRADE_RANK, GRADES

    minimum = str(rs.fact("ldtt_min_rating").value)
    if rating is None:
        return [
            _problem(
                rs,
                "rating",
                f"{person.full_name} chưa có xếp loại năm {year}; Lao động tiên tiến cần "
                f"“{GRADES[minimum].lower()}” trở lên.",
            )
        ]
    if GRADE_RANK[rating.grade] < GRADE_RANK[minimum]:
        return [
            _problem(
                rs,
                "rating",
                f"{person.full_name} xếp loại năm {year} “{GRADES[rating.grade].lower()}”, "
                f"chưa đạt “{GRADES[minimum].lower()}” trở lên.",
            )
        ]
    return []


def _bkt_rating_problems(
    rs: RuleSet, person: Person, rating: Rating | None, year: int
) -> list[Problem]:
    """A person's Bằng khen: at least "hoàn thành tốt nhiệm vụ" in the year, as a Giấy khen."""
    from stc_thidua.domain.people import GRADE_RANK, GRADES

    if rating is not None and GRADE_RANK[rating.grade] >= GRADE_RANK["tot"]:
        return []
    got = f"xếp loại “{GRADES[rating.grade].lower()}”" if rating else "chưa có xếp loại"
    return [
        _problem(
            rs,
            "bkt_rating",
            f"{person.full_name} {got} năm {year}; Bằng khen cần hoàn thành tốt nhiệm vụ trở lên.",
        )
    ]


def _cstdcs_problems(
    session: Session,
    c: Candidate,
    person: Person,
    rating: Rating | None,
    year: int,
    agency_id: int,
) -> list[Problem]:
    rs = c.rule_set
    out: list[Problem] = []
    assert person.id is not None
    if person.id not in ldtt_holders(
        session=session, agency_id=agency_id, year=year, person_ids=[person.id], batch=c.batch
    ):
        waiting = (
            pending_ldtt(
                session=session,
                agency_id=agency_id,
                year=year,
                person_ids=[person.id],
                batch=c.batch,
            )
            if c.batch is not None
            else []
        )
        if c.batch is None:
            message = (
                f"{person.full_name} chưa đạt (hoặc chưa được đề xuất) Lao động tiên tiến "
                f"năm {year}."
            )
        elif waiting:
            message = (
                f"{person.full_name} chưa được quyết định Lao động tiên tiến năm {year} (đề "
                f"xuất số {_numbers(waiting)} chưa quyết định), nên Chiến sĩ thi đua cơ sở chỉ "
                "được quyết định cùng hoặc sau Lao động tiên tiến."
            )
        else:
            message = f"{person.full_name} chưa đạt Lao động tiên tiến năm {year}."
        out.append(_problem(rs, "cstdcs_without_ldtt", message))
    initiative = _has_initiative(session=session, person=person, year=year)
    if rs.fact("cstdcs_needs_initiative").value:
        if not initiative:
            out.append(
                _problem(
                    rs,
                    "cstdcs_initiative",
                    f"{person.full_name} chưa có sáng kiến (giải pháp đã xác nhận) năm {year}.",
                )
            )
    elif not initiative and (rating is None or rating.grade != "xuat_sac"):
        out.append(
            _problem(
                rs,
                "cstdcs_initiative",
                f"{person.full_name} chưa hoàn thành xuất sắc nhiệm vụ năm {year} và chưa có "
                "sáng kiến được công nhận.",
            )
        )
    cap = Decimal(str(rs.fact("cstdcs_cap").value or 0))
    if cap > 0:
        live = live_proposals(session=session, agency_id=agency_id, year=year)
        competing = [
            p
            for p in live
            if p.award == "CSTDCS"
            and p.person_id is not None
            and (c.batch is None or p.status == "da_quyet_dinh" or p.id in c.batch)
        ]
        if c.proposal_id is None or all(p.id != c.proposal_id for p in competing):
            competing.append(
                Proposal(id=None, campaign_id=c.campaign.id, person_id=person.id, award="CSTDCS")  # type: ignore[arg-type]
            )
        ldtt = len(ldtt_holders(session=session, agency_id=agency_id, year=year, batch=c.batch))
        allowed = int((cap * ldtt).to_integral_value(rounding="ROUND_FLOOR"))
        if len(competing) > allowed:
            saved = [p for p in competing if p.id is not None]
            names = _names(session, saved)
            pct = f"{cap * 100:f}".rstrip("0").rstrip(".")
            out.append(
                _problem(
                    rs,
                    "cstdcs_cap",
                    f"Chiến sĩ thi đua cơ sở năm {year} tối đa {pct}% của {ldtt} Lao động tiên "
                    f"tiến = {allowed}; đang đề xuất {len(competing)}"
                    + (f": {names}" if names else "")
                    + ".",
                )
            )
    return out


def _discipline_problems(session: Session, rs: RuleSet, person: Person, year: int) -> list[Problem]:
    from stc_thidua.domain.people import DISCIPLINES, disciplines_of

    assert person.id is not None
    rows = disciplines_of(session=session, person_ids=[person.id], year=year)
    if not rows:
        return []
    levels = ", ".join(DISCIPLINES[d.level].lower() for d in rows)
    return [
        _problem(rs, "person_discipline", f"{person.full_name} bị kỷ luật năm {year} ({levels}).")
    ]


def _ttldtt_problems(session: Session, c: Candidate, year: int, agency_id: int) -> list[Problem]:
    from stc_thidua.domain.people import DISCIPLINE_RANK, DISCIPLINES, disciplines_of

    rs = c.rule_set
    members = list(session.exec(select(Person).where(Person.unit_id == c.unit.id)).all())
    ids = [m.id for m in members if m.id is not None]
    out: list[Problem] = []
    ratio = Decimal(str(rs.fact("ttldtt_min_ldtt_ratio").value))
    pct = f"{ratio * 100:f}".rstrip("0").rstrip(".") + "%"
    if not members:
        out.append(
            _problem(rs, "ttldtt_ldtt_ratio", f"{c.unit.name} chưa có thành viên nào trong thidua.")
        )
    else:
        ldtt = ldtt_holders(
            session=session, agency_id=agency_id, year=year, person_ids=ids, batch=c.batch
        )
        if Decimal(len(ldtt)) < ratio * len(members):
            waiting = (
                pending_ldtt(
                    session=session, agency_id=agency_id, year=year, person_ids=ids, batch=c.batch
                )
                if c.batch is not None
                else []
            )
            decided = "được quyết định" if c.batch is not None else "đạt"
            out.append(
                _problem(
                    rs,
                    "ttldtt_ldtt_ratio",
                    f"{c.unit.name}: {len(ldtt)}/{len(members)} thành viên {decided} Lao động "
                    f"tiên tiến = {_pct(len(ldtt), len(members))} < {pct}"
                    + (
                        f" (đề xuất Lao động tiên tiến số {_numbers(waiting)} chưa quyết định, "
                        "nên Tập thể lao động tiên tiến chỉ được quyết định cùng hoặc sau các "
                        "đề xuất đó)"
                        if waiting
                        else ""
                    )
                    + ".",
                )
            )
    worst = str(rs.fact("ttldtt_max_discipline").value)
    bad = [
        d
        for d in disciplines_of(session=session, person_ids=ids, year=year)
        if DISCIPLINE_RANK[d.level] >= DISCIPLINE_RANK[worst]
    ]
    if bad:
        names = {m.id: m.full_name for m in members}
        listed = ", ".join(f"{names[d.person_id]} ({DISCIPLINES[d.level].lower()})" for d in bad)
        out.append(
            _problem(
                rs,
                "ttldtt_discipline",
                f"{c.unit.name} có thành viên bị kỷ luật từ {DISCIPLINES[worst].lower()} trở lên "
                f"năm {year}: {listed}.",
            )
        )
    return out


def _members(session: Session, unit: Unit) -> list[Person]:
    return list(session.exec(select(Person).where(Person.unit_id == unit.id)).all())


def _members_problems(session: Session, c: Candidate) -> list[Problem]:
    """A collective proposed upward must have members recorded (its criteria count them)."""
    if c.form.code == "TTLDXS" or _members(session, c.unit):
        return []
    return [
        _problem(
            c.rule_set,
            "unit_members",
            f"{c.unit.name} chưa có thành viên nào trong thidua, nên chưa xét được tiêu chuẩn "
            f"{c.form.name}.",
        )
    ]


def _ttldxs_problems(session: Session, c: Candidate, year: int, agency_id: int) -> list[Problem]:
    """Tập thể lao động xuất sắc: 100% members complete duties, 70% LĐTT, one CSTĐCS, no
    member disciplined at "cảnh cáo" or above (domain.md §3)."""
    from stc_thidua.domain.people import (
        DISCIPLINE_RANK,
        DISCIPLINES,
        GRADE_RANK,
        GRADES,
        disciplines_of,
    )

    rs = c.rule_set
    members = _members(session, c.unit)
    if not members:
        return [
            _problem(
                rs,
                "unit_members",
                f"{c.unit.name} chưa có thành viên nào trong thidua, nên chưa xét được tiêu "
                f"chuẩn {c.form.name}.",
            )
        ]
    ids = [m.id for m in members if m.id is not None]
    names = {m.id: m.full_name for m in members}
    out: list[Problem] = []
    ratings = {
        r.person_id: r.grade
        for r in session.exec(
            select(Rating).where(col(Rating.person_id).in_(ids), Rating.year == year)
        ).all()
    }
    short = [
        m
        for m in members
        if m.id not in ratings or GRADE_RANK[ratings[m.id]] < GRADE_RANK["hoan_thanh"]
    ]
    if short:
        graded = {k: GRADES[v].lower() for k, v in ratings.items()}
        unrated = "chưa xếp loại"
        listed = ", ".join(f"{m.full_name} ({graded.get(m.id or 0, unrated)})" for m in short)
        out.append(
            _problem(
                rs,
                "ttldxs_completion",
                f"{c.unit.name}: {len(members) - len(short)}/{len(members)} thành viên hoàn thành "
                f"nhiệm vụ năm {year}, chưa đủ 100% ({listed}).",
            )
        )
    ratio = Decimal(str(rs.fact("ttldtt_min_ldtt_ratio").value))
    pct = f"{ratio * 100:f}".rstrip("0").rstrip(".") + "%"
    ldtt = ldtt_holders(
        session=session, agency_id=agency_id, year=year, person_ids=ids, batch=c.batch
    )
    if Decimal(len(ldtt)) < ratio * len(members):
        out.append(
            _problem(
                rs,
                "ttldxs_ldtt_ratio",
                f"{c.unit.name}: {len(ldtt)}/{len(members)} thành viên đạt Lao động tiên tiến "
                f"năm {year} = {_pct(len(ldtt), len(members))} < {pct}.",
            )
        )
    cstdcs = title_holders(
        session=session,
        form="CSTDCS",
        agency_id=agency_id,
        year=year,
        person_ids=ids,
        batch=c.batch,
    )
    if not cstdcs:
        out.append(
            _problem(
                rs,
                "ttldxs_cstdcs",
                f"{c.unit.name} chưa có thành viên nào đạt Chiến sĩ thi đua cơ sở năm {year}.",
            )
        )
    worst = str(rs.fact("ttldtt_max_discipline").value)
    bad = [
        d
        for d in disciplines_of(session=session, person_ids=ids, year=year)
        if DISCIPLINE_RANK[d.level] >= DISCIPLINE_RANK[worst]
    ]
    if bad:
        listed = ", ".join(f"{names[d.person_id]} ({DISCIPLINES[d.level].lower()})" for d in bad)
        out.append(
            _problem(
                rs,
                "ttldxs_discipline",
                f"{c.unit.name} có thành viên bị kỷ luật từ {DISCIPLINES[worst].lower()} trở lên "
                f"năm {year}: {listed}.",
            )
        )
    return out


CSTDT_YEARS = 3  # Chiến sĩ thi đua cấp tỉnh: chosen among three consecutive CSTĐCS


def _cstdt_problems(
    session: Session, c: Candidate, person: Person, year: int, agency_id: int
) -> list[Problem]:
    """Chiến sĩ thi đua cấp tỉnh: CSTĐCS three years running (this year's may be decided with
    it) and an initiative."""
    assert person.id is not None
    rs = c.rule_set
    out: list[Problem] = []
    years = range(year - CSTDT_YEARS + 1, year + 1)
    missing = [
        y
        for y in years
        if person.id
        not in title_holders(
            session=session,
            form="CSTDCS",
            agency_id=agency_id,
            year=y,
            person_ids=[person.id],
            batch=c.batch,
        )
    ]
    if missing:
        out.append(
            _problem(
                rs,
                "cstdt_cstdcs_years",
                f"{person.full_name} chưa đạt Chiến sĩ thi đua cơ sở năm "
                f"{', '.join(str(y) for y in missing)}; Chiến sĩ thi đua cấp tỉnh xét trong số "
                f"cá nhân {CSTDT_YEARS} lần liên tục đạt Chiến sĩ thi đua cơ sở "
                f"({years[0]}–{years[-1]}).",
            )
        )
    if not _has_initiative(session=session, person=person, year=year):
        out.append(
            _problem(
                rs,
                "cstdt_initiative",
                f"{person.full_name} chưa có sáng kiến (giải pháp đã xác nhận) năm {year}.",
            )
        )
    return out


def _plan_cap_problems(session: Session, c: Candidate) -> list[Problem]:
    award = session.exec(
        select(CampaignAward).where(
            CampaignAward.campaign_id == c.campaign.id,
            CampaignAward.form == c.form.code,
            CampaignAward.nominee == c.nominee,
        )
    ).first()
    if award is None or award.max_count is None:
        return []
    rows = session.exec(
        select(Proposal).where(
            Proposal.campaign_id == c.campaign.id,
            Proposal.award == c.form.code,
            col(Proposal.status).not_in(CLOSED),
        )
    ).all()
    same = [p for p in rows if (p.person_id is not None) == (c.person is not None)]
    count = len(same) + (0 if any(p.id == c.proposal_id for p in same) else 1)
    if count <= award.max_count:
        return []
    return [
        _problem(
            c.rule_set,
            "plan_cap",
            f"Kế hoạch tặng {c.form.name} cho không quá {award.max_count:02d} "
            f"{NOMINEES[c.nominee]}; đang đề xuất {count}: {_names(session, list(same))}.",
        )
    ]


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that block: severity "error"."""
    return [p for p in problems if p.severity == "error"]


def today() -> dt.date:
    """Today's date (one place, so tests and documents agree)."""
    return dt.date.today()

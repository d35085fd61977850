"""Build the commendation dossier's view-models (domain.md §5, §7, §10).

Tờ trình (to the agency head, or upward), Danh sách đề nghị khen thưởng, Biên bản họp Hội
đồng, Quyết định khen thưởng with its attached list and money, Báo cáo thành tích of one
nominee. Stage one of the pipeline: data in, frozen `FormalDoc` out; `render.formal` prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, select

from stc_thidua.commendation_views import Block, FormalDoc, Para, Signature, Table
from stc_thidua.domain.agencies import period_in, periods_of
from stc_thidua.domain.campaigns import movement_phrase, names_in_force
from stc_thidua.domain.eligibility import CLOSED, campaign_year, errors, problems_for
from stc_thidua.domain.money import reward
from stc_thidua.domain.people import history
from stc_thidua.domain.persons import GENDERS
from stc_thidua.domain.proposals import (
    ProposalInfo,
    candidate_of,
    get_proposal,
    highest_title_only,
    info,
    infos,
    list_proposals,
    money_for,
    unconfirmed_money,
)
from stc_thidua.domain.rules import (
    RuleSet,
    agency_head,
    head_title,
    heads_hierarchy,
    is_department,
    rule_set_for,
)
from stc_thidua.errors import Ambiguous, InvalidInput, NotFound
from stc_thidua.models import Agency, AgencyName, Campaign, Person, Proposal, Unit
from stc_thidua.views import DocHeader, PartialDate, Recipient


def _vn(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _words(value: int) -> str:
    from stc_thidua.render.filters import money_in_words

    return money_in_words(value)


def _day(value: dt.date) -> str:
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def _partial(value: dt.date | None, year: int) -> PartialDate:
    if value is None:
        return PartialDate(year, None, None)
    return PartialDate(value.year, value.month, value.day)


@dataclass(frozen=True)
class Context:
    """What every document of a campaign's dossier needs."""

    campaign: Campaign
    rule_set: RuleSet
    agency: Agency
    year: int
    head: str  # "Giám đốc Sở Tài chính"
    head_title: str  # "Giám đốc"
    office: Unit | None  # Văn phòng: the council's standing body, which drafts the dossier
    movement: str  # "Phong trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới” năm 2021"
    periods: tuple[AgencyName, ...] = ()  # the agency's names over time

    def names(self, date: PartialDate) -> tuple[str, str, str]:
        """Parent body, agency name and place in force on a document's date (an undated one:
        at the campaign's end, when its dossier is drawn up)."""
        on = (
            dt.date(date.year, date.month, date.day)
            if date.year and date.month and date.day
            else self.campaign.end_date
        )
        return names_in_force(self.campaign, self.periods, on)

    @property
    def office_head_title(self) -> str:
        """ "Chánh Văn phòng"."""
        return (self.office.head_title if self.office else "") or "Chánh Văn phòng"

    @property
    def proposer(self) -> str:
        """Who proposes the decision: "Chánh Văn phòng Sở", or the office of another agency."""
        if is_department(self.campaign):
            return f"{self.office_head_title} Sở"
        return f"{self.office_head_title} {self.campaign.agency_name}"

    @property
    def units_word(self) -> str:
        """ "các phòng thuộc Sở", or "các đơn vị thuộc <agency>"."""
        if is_department(self.campaign):
            return "các phòng thuộc Sở"
        return f"các đơn vị thuộc {self.campaign.agency_name}"

    @property
    def office_head_name(self) -> str:
        """The Office head's name (blank when unknown)."""
        return self.office.head_name if self.office else ""


def context(*, session: Session, campaign: Campaign) -> Context:
    """The shared facts of a campaign's dossier."""
    from stc_thidua.domain.units import list_units

    agency = session.get(Agency, campaign.agency_id)
    assert agency is not None
    office = next(
        (u for u in list_units(session=session, agency=agency) if u.kind == "van_phong"), None
    )
    year = campaign_year(campaign)
    # "Phong trào thi đua “…” năm 2021"; a plan title "Phát động phong trào …" loses its verb
    movement = f"{movement_phrase(campaign)} năm {year}"
    return Context(
        campaign=campaign,
        rule_set=rule_set_for(session=session, campaign=campaign),
        agency=agency,
        year=year,
        head=agency_head(campaign),
        head_title=head_title(campaign),
        office=office,
        movement=movement,
        periods=tuple(periods_of(session=session, agency=agency)),
    )


def _campaign_header(ctx: Context, doc: str, number: int | None, date: PartialDate) -> DocHeader:
    c = ctx.campaign
    parent_body, agency, place = ctx.names(date)
    return DocHeader(
        parent_body=parent_body.upper(),
        agency=agency.upper(),
        number=number,
        symbol=f"{doc}-{c.agency_abbr}",
        place=place,
        date=date,
    )


def _office_header(ctx: Context, doc: str, date: PartialDate, body: str = "") -> DocHeader:
    name = body or (ctx.office.name if ctx.office else "Văn phòng")
    code = "HĐTĐKT" if body else (ctx.office.code if ctx.office else "VP")
    _parent_body, agency, place = ctx.names(date)
    return DocHeader(
        parent_body=agency.upper(),
        agency=name.upper(),
        number=None,
        symbol=f"{doc}-{code}",
        place=place,
        date=date,
    )


def _head_signature(campaign: Campaign) -> Signature:
    titles: tuple[str, ...] = (campaign.signer_title.upper(),)
    if campaign.signer_prefix:
        titles = (f"{campaign.signer_prefix} {campaign.signer_prefix_title.upper()}", *titles)
    return Signature(titles, campaign.signer_name)


def _legal_basis(ctx: Context) -> list[str]:
    c, rs = ctx.campaign, ctx.rule_set
    plan = "Kế hoạch"
    if c.doc_number:
        plan += f" số {c.doc_number:02d}/{c.doc_type}-{c.agency_abbr}"
    if c.issued_month and c.issued_day:
        plan += f" ngày {_day(dt.date(c.issued_year, c.issued_month, c.issued_day))}"
    elif c.issued_month:
        month = f"{c.issued_month:02d}" if c.issued_month <= 2 else str(c.issued_month)
        plan += f" tháng {month}/{c.issued_year}"
    else:
        plan += f" năm {c.issued_year}"
    return [
        f"Căn cứ {rs.law};",
        f"Căn cứ {rs.name} quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;",
        f"Căn cứ {plan} của {c.agency_name} phát động {ctx.movement};",
    ]


# --- the nominees, grouped ----------------------------------------------------------------------


def _ordered(ctx: Context, infos: list[ProposalInfo]) -> list[tuple[str, list[ProposalInfo]]]:
    """Collectives first, then persons; within each, groups by form in rule set order."""
    order = {f.code: i for i, f in enumerate(ctx.rule_set.forms)}
    groups: dict[str, list[ProposalInfo]] = {}
    for i in sorted(infos, key=lambda i: (i.nominee_kind != "tap_the", order.get(i.form, 99))):
        groups.setdefault(i.form_name, []).append(i)
    return list(groups.items())


def _count_phrase(infos: list[ProposalInfo]) -> str:
    """ "04 tập thể và 12 cá nhân (13 lượt)": nominees once each, awards in "lượt"."""
    parts = []
    for kind, noun in (("tap_the", "tập thể"), ("ca_nhan", "cá nhân")):
        awards = [i for i in infos if i.nominee_kind == kind]
        if not awards:
            continue
        distinct = len({(i.person_id, i.unit_id) for i in awards})
        extra = f" ({len(awards):02d} lượt)" if distinct != len(awards) else ""
        parts.append(f"{distinct:02d} {noun}{extra}")
    return " và ".join(parts)


def _award_verb(form_name: str, kind: str) -> str:
    base = form_name.split(" (")[0]
    return f"Tặng danh hiệu “{base}”" if kind == "danh_hieu" else f"Tặng {base}"


def _who_cell(i: ProposalInfo) -> tuple[str, str]:
    if i.nominee_kind == "tap_the":
        return i.nominee, ""
    return i.nominee, ", ".join(x for x in (i.position, i.unit) if x)


def _achievements_text(i: ProposalInfo, infos: Sequence[ProposalInfo] = ()) -> str:
    """The reason, else the cited achievements, else those of the nominee's other title."""
    own = i.reason or "; ".join(a.title for a in i.achievements)
    if own:
        return own
    for other in infos:
        same = (other.person_id, other.unit_id) == (i.person_id, i.unit_id)
        if other.id != i.id and same and (other.reason or other.achievements):
            return other.reason or "; ".join(a.title for a in other.achievements)
    return "Thành tích trong phong trào (xem báo cáo thành tích)"


def _list_table(
    ctx: Context, infos: list[ProposalInfo], amounts: dict[int, int] | None, achievements: bool
) -> Table:
    """The bordered list: groups by form, collectives first, with achievement or money."""
    columns = ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị"]
    widths = [8, 30, 28]
    align = ["center", "left", "left"]
    if achievements:
        columns.append("Thành tích")
        widths.append(36)
        align.append("left")
    if amounts is not None:
        columns.append("Số tiền (đồng)")
        widths.append(16)
        align.append("right")
    rows: list[tuple[str, ...]] = []
    groups: list[int] = []
    total = 0
    for index, (form_name, members) in enumerate(_ordered(ctx, infos), start=1):
        from stc_thidua.render.filters import roman

        groups.append(len(rows))
        rows.append((f"{roman(index)}. {form_name.upper()}",) + ("",) * (len(columns) - 1))
        for n, i in enumerate(members, start=1):
            name, post = _who_cell(i)
            row = [str(n), name, post]
            if achievements:
                row.append(_achievements_text(i, infos))
            if amounts is not None:
                amount = amounts.get(i.id, 0)
                total += amount
                row.append(_vn(amount))
            rows.append(tuple(row))
    totals: tuple[str, ...] = ()
    if amounts is not None:
        totals = ("", "Tổng cộng", *([""] * (len(columns) - 3)), _vn(total))
    return Table(tuple(columns), tuple(rows), tuple(widths), tuple(align), tuple(groups), totals)


def _infos(session: Session, ctx: Context, proposals: list[Proposal]) -> list[ProposalInfo]:
    return infos(session=session, proposals=proposals, rule_set=ctx.rule_set)


def _pick(
    session: Session, ctx: Context, statuses: tuple[str, ...], *, upward: bool | None = None
) -> list[ProposalInfo]:
    rows = list_proposals(session=session, campaign=ctx.campaign, statuses=statuses)
    infos = _infos(session, ctx, rows)
    if upward is not None:
        infos = [i for i in infos if i.head_decides is not upward]
    return infos


def _expected(
    session: Session, ctx: Context, infos: list[ProposalInfo], on: dt.date
) -> dict[int, int]:
    """Each proposal's money: as decided, else at the base salary in force on `on`."""
    return _money(session, ctx, infos, on)[0]


def _money(
    session: Session, ctx: Context, infos: list[ProposalInfo], on: dt.date
) -> tuple[dict[int, int], dict[int, int]]:
    """What each proposal pays, and what it would pay alone (before the highest-only rule)."""
    paid: dict[int, int] = {}
    gross: dict[int, int] = {}
    rounding = str(ctx.rule_set.fact("rounding").value)
    for i in infos:
        if i.amount is not None:
            paid[i.id] = i.amount
            gross[i.id] = (
                reward(i.coefficient, i.base_salary, rounding).amount
                if i.coefficient is not None and i.base_salary is not None
                else i.amount
            )
            continue
        form = ctx.rule_set.form(i.form)
        if form is None:
            continue
        gross[i.id] = money_for(
            session=session, rs=ctx.rule_set, form=form, nominee=i.nominee_kind, on=on
        ).amount
    pending = [get_proposal(session=session, proposal_id=i.id) for i in infos if i.id not in paid]
    pending_gross = {p.id: gross[p.id] for p in pending if p.id in gross}
    paid.update(
        highest_title_only(session=session, rs=ctx.rule_set, proposals=pending, gross=pending_gross)
    )
    return paid, gross


def _highest_note(
    session: Session, ctx: Context, infos: list[ProposalInfo], on: dt.date
) -> list[Para]:
    """A note under the money list naming who is paid the highest title only, and why."""
    paid, gross = _money(session, ctx, infos, on)
    names = []
    for i in infos:
        if i.id in gross and paid.get(i.id, 0) < gross[i.id] and i.nominee not in names:
            names.append(i.nominee)
    if not names:
        return []
    fact = ctx.rule_set.facts.get("highest_title_only")
    source = fact.source.split(":")[0] if fact is not None else ctx.rule_set.name
    return [Para(f"{', '.join(names)} chỉ nhận tiền thưởng danh hiệu cao nhất ({source}).")]


def _still_eligible(
    session: Session, ctx: Context, infos: list[ProposalInfo], upward: bool
) -> list[ProposalInfo]:
    """The proposals whose check, run now, finds no error (nothing is written).

    Submitted to the head, they are checked as one decision: a CSTĐCS holds only with an
    LĐTT decided earlier or in the same list.
    """
    batch = None if upward else frozenset(i.id for i in infos)
    kept = []
    for i in infos:
        proposal = get_proposal(session=session, proposal_id=i.id)
        found = problems_for(
            session=session,
            c=candidate_of(session=session, proposal=proposal, rule_set=ctx.rule_set, batch=batch),
        )
        if not errors(found):
            kept.append(i)
    if len(kept) < len(infos) and not upward:
        return _still_eligible(session, ctx, kept, upward)  # a dropped LĐTT may drop its CSTĐCS
    return kept


def _unconfirmed_note(
    session: Session, ctx: Context, infos: list[ProposalInfo], on: dt.date
) -> list[Para]:
    """A note asking to check, before signing, the money that rests on unconfirmed values."""
    from stc_thidua.domain.rules import salary_on

    notes: list[str] = []
    for i in infos:
        form = ctx.rule_set.form(i.form)
        if form is None:
            continue
        coefficient = i.coefficient
        base = i.base_salary
        if coefficient is None:
            fact = form.coefficient(i.nominee_kind)
            coefficient = float(fact.value) if fact is not None else None
            base = salary_on(session=session, on=on).amount
        for note in unconfirmed_money(ctx.rule_set, form, i.nominee_kind, coefficient, base):
            if note not in notes:
                notes.append(note)
    if not notes:
        return []
    return [
        Para(
            f"Lưu ý trước khi ký: mức tiền thưởng dựa trên giá trị chưa được xác nhận "
            f"({'; '.join(notes)}); đề nghị kiểm tra lại theo {ctx.rule_set.name}.",
            "italic",
        )
    ]


def _draft_day(ctx: Context, on: dt.date | None) -> dt.date:
    if on is not None:
        return on
    return min(dt.date.today(), ctx.campaign.end_date)


# --- documents ---------------------------------------------------------------------------------


def danh_sach(*, session: Session, campaign: Campaign) -> FormalDoc:
    """Danh sách đề nghị khen thưởng: collectives then persons, with their achievements."""
    ctx = context(session=session, campaign=campaign)
    infos = [
        i
        for i in _infos(session, ctx, list_proposals(session=session, campaign=campaign))
        if i.status not in CLOSED
    ]
    if not infos:
        raise NotFound(f"Phong trào “{campaign.code}” chưa có đề xuất khen thưởng nào.")
    office = ctx.office.name if ctx.office else "Văn phòng"
    submission = _office_header(ctx, "TTr", PartialDate(ctx.year))
    blocks: list[Block] = [
        # an attachment: it cites the tờ trình's number and has none of its own (ND30 has no
        # type abbreviation for a list)
        Para(
            f"(Kèm theo Tờ trình số      /{submission.symbol} của {office} về việc đề nghị "
            "khen thưởng)",
            "center_italic",
        ),
        _list_table(ctx, infos, None, achievements=True),
        Para(f"Tổng cộng: {_count_phrase(infos)}.", "plain"),
    ]
    header = _office_header(ctx, "DS", PartialDate(ctx.year))
    return FormalDoc(
        header=DocHeader(
            parent_body=header.parent_body,
            agency=header.agency,
            number=None,
            symbol="",
            place=header.place,
            date=header.date,
        ),
        doc_type="DANH SÁCH",
        summary=f"Đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc trong {ctx.movement}",
        blocks=tuple(blocks),
        signatures=(Signature((ctx.office_head_title.upper(),), ctx.office_head_name),),
        name=f"danh-sach-de-nghi-{campaign.code}",
    )


def _province(ctx: Context, on: dt.date) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng": who decides above the agency."""
    period = period_in(ctx.periods, on)
    parent = period.parent_body if period else ctx.campaign.parent_body
    if not parent.strip() or heads_hierarchy(ctx.campaign):  # nobody above: the forms' decider
        deciders = [f.decider_title for f in ctx.rule_set.forms if not f.head_decides]
        return deciders[0] if deciders else ctx.head
    parent = parent.replace("UBND", "Ủy ban nhân dân")
    if parent.isupper():
        parent = parent[:1] + parent[1:].lower()
    return f"Chủ tịch {parent}"


def to_trinh(
    *, session: Session, campaign: Campaign, upward: bool = False, on: dt.date | None = None
) -> FormalDoc:
    """Tờ trình đề nghị khen thưởng: to the agency head, or upward with "Kính gửi"."""
    ctx = context(session=session, campaign=campaign)
    # only what is still to be decided: passed by the council, not decided yet, still eligible
    statuses = ("hd_dat", "trinh_cap_tren") if upward else ("hd_dat",)
    infos = _still_eligible(session, ctx, _pick(session, ctx, statuses, upward=upward), upward)
    if not infos:
        what = (
            "vượt thẩm quyền cần trình cấp trên"
            if upward
            else "được Hội đồng thông qua, chưa quyết định và còn đủ điều kiện"
        )
        raise NotFound(f"Phong trào “{campaign.code}” chưa có đề xuất nào {what}.")
    day = _draft_day(ctx, on)
    amounts = _expected(session, ctx, infos, day)
    total = sum(amounts.values())
    voted = sorted({i.voted_on for i in infos if i.voted_on})
    meeting = f" ngày {_day(voted[-1])}" if voted else ""
    blocks: list[Block] = [Para(line) for line in _legal_basis(ctx)]
    blocks.append(
        Para(
            f"Căn cứ kết quả họp xét của Hội đồng Thi đua - Khen thưởng {campaign.agency_name}"
            f"{meeting}."
        )
    )
    if upward:
        province = _province(ctx, day)
        addressee = (f"{province} (qua Ban Thi đua - Khen thưởng)",)
        blocks.append(
            Para(
                f"{campaign.agency_name} kính đề nghị {province} xem xét, khen thưởng các tập thể, "
                f"cá nhân có thành tích xuất sắc trong {ctx.movement}, cụ thể như sau:"
            )
        )
    else:
        addressee = (ctx.head,)
        blocks.append(
            Para(
                f"{ctx.office.name if ctx.office else 'Văn phòng'} (Thường trực Hội đồng Thi đua - "
                f"Khen thưởng) kính trình {ctx.head} xem xét, khen thưởng các tập thể, cá nhân có "
                f"thành tích xuất sắc trong {ctx.movement}, cụ thể như sau:"
            )
        )
    for n, (form_name, members) in enumerate(_ordered(ctx, infos), start=1):
        form = ctx.rule_set.form(members[0].form)
        verb = _award_verb(form_name, form.kind if form else "hinh_thuc")
        money = sum(amounts.get(i.id, 0) for i in members)
        blocks.append(
            Para(
                f"{verb} cho {_count_phrase(members)}; tiền thưởng {_vn(money)} đồng.",
                lead=f"{n}.",
            )
        )
    source = "nguồn của cấp khen thưởng" if upward else "Quỹ thi đua, khen thưởng của cơ quan"
    blocks.append(
        Para(
            f"Tổng số tiền thưởng (dự kiến theo mức lương cơ sở ngày {_day(day)}): "
            f"{_vn(total)} đồng ({_words(total)}), chi từ {source}."
        )
    )
    blocks += _highest_note(session, ctx, infos, day)
    blocks += _unconfirmed_note(session, ctx, infos, day)
    blocks.append(Para("(Có danh sách kèm theo)", "center_italic"))
    closing = province if upward else ctx.head
    blocks.append(Para(f"Kính trình {closing} xem xét, quyết định./."))
    if upward:
        header = _campaign_header(ctx, "TTr", None, _partial(on, ctx.year))
        signatures = (_head_signature(campaign),)
        archive = f"VT, {ctx.office.code if ctx.office else 'VP'}"
    else:
        header = _office_header(ctx, "TTr", _partial(on, ctx.year))
        signatures = (Signature((ctx.office_head_title.upper(),), ctx.office_head_name),)
        archive = f"VT, {ctx.office.code if ctx.office else 'VP'}"
    appendix: list[Block] = [
        Para("DANH SÁCH", "center_bold"),
        Para(f"Tập thể, cá nhân đề nghị khen thưởng trong {ctx.movement}", "center_bold"),
        Para("(Kèm theo Tờ trình số      /" + header.symbol + ")", "center_italic"),
        _list_table(ctx, infos, amounts, achievements=True),
    ]
    return FormalDoc(
        header=header,
        doc_type="TỜ TRÌNH",
        summary=f"Về việc đề nghị khen thưởng tập thể, cá nhân có thành tích xuất sắc "
        f"trong {ctx.movement}",
        addressee=addressee,
        blocks=tuple(blocks),
        signatures=signatures,
        recipients=(Recipient("Như trên"),),
        archive=archive,
        appendix=tuple(appendix),
        name=f"to-trinh-{'cap-tren-' if upward else ''}{campaign.code}",
    )


_TIME = re.compile(r"^\s*(\d{1,2})\s*(?:giờ|gio|h|:)\s*(\d{1,2})?\s*(?:phút|phut)?\s*$", re.I)


def meeting_time(value: str, field: str) -> tuple[str, int]:
    """ "14 giờ 00" from "14 giờ 00", "14h", "14:30"; with minutes since midnight."""
    found = _TIME.match(value)
    hour = int(found.group(1)) if found else -1
    minute = int(found.group(2) or 0) if found else -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InvalidInput(
            f"{field} “{value}” không hợp lệ: ghi giờ và phút như “14 giờ 00” (0–23 giờ, "
            "0–59 phút)."
        )
    return f"{hour:02d} giờ {minute:02d}", hour * 60 + minute


def bien_ban(
    *,
    session: Session,
    campaign: Campaign,
    chair: str = "",
    secretary: str = "",
    place: str = "",
    start: str = "",
    end: str = "",
    meeting: dt.date | None = None,
) -> FormalDoc:
    """Biên bản họp Hội đồng Thi đua - Khen thưởng of one meeting (`meeting`, else the latest):
    attendance, votes per nominee, results."""
    if start:
        start, began = meeting_time(start, "Giờ bắt đầu (--start)")
    if end:
        end, ended = meeting_time(end, "Giờ kết thúc (--end)")
        if start and ended <= began:
            raise InvalidInput(f"Giờ kết thúc {end} không sau giờ bắt đầu {start}.")
    ctx = context(session=session, campaign=campaign)
    infos = [
        i
        for i in _infos(session, ctx, list_proposals(session=session, campaign=campaign))
        if i.votes_for is not None
    ]
    if not infos:
        raise NotFound(f"Hội đồng chưa biểu quyết đề xuất nào của phong trào “{campaign.code}”.")
    voted = sorted({i.voted_on for i in infos if i.voted_on})
    if meeting is not None and meeting not in voted:
        days = ", ".join(_day(d) for d in voted) or "chưa ghi ngày"
        raise NotFound(f"Hội đồng không họp ngày {_day(meeting)} (các ngày họp: {days}).")
    meeting = meeting or (voted[-1] if voted else None)
    infos = [i for i in infos if i.voted_on == meeting]  # one meeting, one biên bản
    size = max(i.council_size or 0 for i in infos)
    absent = max(i.absent_written or 0 for i in infos)
    when = (
        f"ngày {meeting.day:02d} tháng {meeting.month:02d} năm {meeting.year}"
        if meeting
        else f"ngày    tháng    năm {ctx.year}"
    )
    chair_text = chair or f"{campaign.signer_name}, {ctx.head}, Chủ tịch Hội đồng"
    secretary_text = secretary or (
        f"{ctx.office_head_name}, {ctx.office_head_title}, Thư ký Hội đồng"
        if ctx.office_head_name
        else "...................."
    )
    blocks: list[Block] = [
        Para(f"Thời gian bắt đầu: {start or '.... giờ ....'}, {when}.", "plain"),
        Para(f"Địa điểm: {place or 'Phòng họp ' + campaign.agency_name}.", "plain"),
        Para(
            f"Thành phần tham dự: {size - absent}/{size} thành viên Hội đồng có mặt"
            + (f"; {absent} thành viên vắng mặt có ý kiến bằng văn bản." if absent else "."),
            "plain",
        ),
        Para(f"Chủ trì: {chair_text}.", "plain"),
        Para(f"Thư ký: {secretary_text}.", "plain"),
        Para("Nội dung:", "heading"),
        Para(
            f"Hội đồng xét đề nghị khen thưởng trong {ctx.movement}; tỷ lệ phiếu đồng ý tính "
            f"trên tổng số {size} thành viên Hội đồng. Kết quả bỏ phiếu như sau:"
        ),
    ]
    for n, (form_name, members) in enumerate(_ordered(ctx, infos), start=1):
        threshold = members[0].vote_threshold
        bar = "quá bán" if not threshold.isdigit() else f"từ {threshold}%"
        blocks.append(
            Para(f"Xét {form_name} (đạt khi {bar} tổng số thành viên)", "heading", f"{n}.")
        )
        rows = []
        for k, i in enumerate(members, start=1):
            name, post = _who_cell(i)
            text = i.vote_text.split(" = ", 1)
            share = text[1].split(" ")[0] if len(text) > 1 else ""
            rows.append(
                (
                    str(k),
                    name,
                    post or i.unit,
                    f"{i.votes_for}/{i.council_size}",
                    share,
                    "Đạt" if i.vote_passed else "Không đạt",
                )
            )
        blocks.append(
            Table(
                ("STT", "Tập thể, cá nhân", "Đơn vị", "Phiếu đồng ý", "Tỷ lệ", "Kết quả"),
                tuple(rows),
                (8, 30, 28, 12, 10, 12),
                ("center", "left", "left", "center", "center", "center"),
            )
        )
    passed = [i for i in infos if i.vote_passed]
    here = [i for i in passed if i.head_decides]
    upward = [i for i in passed if not i.head_decides]
    counted = _count_phrase(here) or "0 trường hợp"
    result = f"Hội đồng thống nhất đề nghị {ctx.head} khen thưởng {counted}"
    if upward:
        result += f"; đề nghị cấp trên khen thưởng {_count_phrase(upward)}"
    blocks.append(Para("Kết quả:", "heading"))
    blocks.append(Para(result + "."))
    blocks.append(Para(f"Cuộc họp kết thúc vào {end or '.... giờ ....'}, {when}./.", "plain"))
    chair_name = chair.split(",")[0] if chair else campaign.signer_name
    secretary_name = secretary.split(",")[0] if secretary else ctx.office_head_name
    return FormalDoc(
        header=_office_header(
            ctx, "BB", _partial(meeting, ctx.year), "Hội đồng Thi đua - Khen thưởng"
        ),
        doc_type="BIÊN BẢN",
        summary=f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng {ctx.movement}",
        blocks=tuple(blocks),
        signatures=(
            Signature(("THƯ KÝ",), secretary_name),
            Signature(("CHỦ TỌA",), chair_name),
        ),
        name=f"bien-ban-{campaign.code}",
    )


def _year(info: ProposalInfo) -> int | None:
    return info.decision_date.year if info.decision_date else None


def quyet_dinh(
    *,
    session: Session,
    campaign: Campaign,
    number: int | None = None,
    on: dt.date | None = None,
) -> FormalDoc:
    """Quyết định khen thưởng (decided, or a draft of what passed), with the list and money."""
    ctx = context(session=session, campaign=campaign)
    decided = _pick(session, ctx, ("da_quyet_dinh",))
    if number is not None:
        decided = [i for i in decided if i.decision_number == number]
        if on is not None:  # numbers start again each year: the date (or its year) picks one
            decided = [i for i in decided if _year(i) == on.year]
        if not decided:
            raise NotFound(f"Phong trào “{campaign.code}” không có quyết định số {number}.")
        dates = sorted({i.decision_date for i in decided if i.decision_date})
        if len({d.year for d in dates}) > 1:
            listed = ", ".join(
                f"{number:02d}/{decided[0].decision_symbol} ngày {_day(d)}" for d in dates
            )
            raise Ambiguous(
                f"Phong trào “{campaign.code}” có nhiều quyết định số {number:02d}: {listed}; "
                "thêm --date NGÀY để chọn một."
            )
    elif decided:
        latest = max(
            decided, key=lambda i: (i.decision_date or dt.date.min, i.decision_number or 0)
        )
        decided = [
            i for i in decided if i.decision == latest.decision and _year(i) == _year(latest)
        ]
    if decided:
        infos, draft = decided, False
        day = decided[0].decision_date
        assert day is not None
        doc_number = decided[0].decision_number
    else:
        infos = _pick(session, ctx, ("hd_dat",), upward=False)
        if not infos:
            raise NotFound(
                f"Phong trào “{campaign.code}” chưa có đề xuất nào được Hội đồng thông qua."
            )
        draft, day, doc_number = True, _draft_day(ctx, on), None
    amounts = _expected(session, ctx, infos, day)
    total = sum(amounts.values())
    voted = sorted({i.voted_on for i in infos if i.voted_on})
    basis = _legal_basis(ctx)
    meeting = f" ngày {_day(voted[-1])}" if voted else ""
    basis.append(
        f"Căn cứ kết quả họp xét của Hội đồng Thi đua - Khen thưởng {campaign.agency_name}"
        f"{meeting};"
    )
    basis[-1] = basis[-1][:-1] + "."
    blocks: list[Block] = [Para(ctx.head.upper(), "center_bold")]
    blocks += [Para(line, "italic") for line in basis]
    blocks.append(Para(f"Theo đề nghị của {ctx.proposer}.", "italic"))
    blocks.append(Para("QUYẾT ĐỊNH:", "center_bold"))
    parts = []
    for form_name, members in _ordered(ctx, infos):
        form = ctx.rule_set.form(members[0].form)
        verb = _award_verb(form_name, form.kind if form else "hinh_thuc")
        parts.append(f"{verb[:1].lower()}{verb[1:]} cho {_count_phrase(members)}")
    blocks.append(
        Para(
            f"{'; '.join(parts)[:1].upper()}{'; '.join(parts)[1:]} đã có thành tích xuất sắc "
            f"trong {ctx.movement} (có danh sách kèm theo).",
            lead="Điều 1.",
        )
    )
    salary = infos[0].base_salary if not draft and infos[0].base_salary else None
    basis_money = (
        f"mức lương cơ sở {_vn(salary)} đồng" if salary else "mức lương cơ sở tại ngày quyết định"
    )
    blocks.append(
        Para(
            f"Kèm theo danh hiệu, hình thức khen thưởng là tiền thưởng theo quy định tại "
            f"{ctx.rule_set.name} ({basis_money}); "
            f"tổng số tiền thưởng: {_vn(total)} đồng ({_words(total)}), chi từ Quỹ thi đua, khen "
            f"thưởng của {campaign.agency_name}.",
            lead="Điều 2.",
        )
    )
    blocks.append(
        Para(
            f"{ctx.office_head_title}, Trưởng {ctx.units_word} và các tập thể, cá nhân có tên "
            "tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
            lead="Điều 3.",
        )
    )
    date = _partial(None if draft else day, ctx.year)
    header = _campaign_header(ctx, "QĐ", doc_number, date)
    number_text = f"{doc_number:02d}" if doc_number else "     "
    date_text = f" ngày {_day(day)}" if not draft else ""
    appendix: list[Block] = [
        Para("DANH SÁCH", "center_bold"),
        Para(f"Tập thể, cá nhân được khen thưởng trong {ctx.movement}", "center_bold"),
        Para(
            f"(Kèm theo Quyết định số {number_text}/{header.symbol}{date_text} của {ctx.head})",
            "center_italic",
        ),
        _list_table(ctx, infos, amounts, achievements=False),
        Para(f"Bằng chữ: {_words(total)}.", "plain"),
        *(Para(n.text, "plain") for n in _highest_note(session, ctx, infos, day)),
        *_unconfirmed_note(session, ctx, infos, day),
    ]
    return FormalDoc(
        header=header,
        doc_type="QUYẾT ĐỊNH",
        summary=f"Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong {ctx.movement}",
        blocks=tuple(blocks),
        signatures=(_head_signature(campaign),),
        recipients=(Recipient("Như Điều 3"),),
        archive=f"VT, {ctx.office.code if ctx.office else 'VP'}",
        form_label="DỰ THẢO" if draft else "",
        appendix=tuple(appendix),
        name=f"quyet-dinh-{doc_number:02d}-{day.year}"
        if doc_number
        else f"du-thao-quyet-dinh-{campaign.code}",
    )


def thanh_tich(*, session: Session, proposal_id: int) -> FormalDoc:
    """Báo cáo thành tích of one nominee (Mẫu số 07 under Nghị định 91/2017, or its successor)."""
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    campaign = session.get(Campaign, proposal.campaign_id)
    assert campaign is not None
    ctx = context(session=session, campaign=campaign)
    i = info(session=session, proposal=proposal, rule_set=ctx.rule_set)
    unit = session.get(Unit, i.unit_id)
    assert unit is not None
    form_fact = ctx.rule_set.fact("achievement_report")
    label = str(form_fact.value) if str(form_fact.value).startswith("Mẫu") else ""
    blocks: list[Block] = [Para("SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM, TÌNH HÌNH", "heading", "I.")]
    if i.nominee_kind == "tap_the":
        members = session.exec(select(Person).where(Person.unit_id == unit.id)).all()
        blocks += [
            Para(f"Tên đơn vị: {unit.name}, thuộc {campaign.agency_name}.", "bullet"),
            Para(
                f"Trưởng đơn vị: {unit.head_name or '....................'}"
                + (f", {unit.head_title}." if unit.head_title else "."),
                "bullet",
            ),
            Para(f"Tổng số công chức, người lao động: {len(members)} người.", "bullet"),
        ]
    else:
        person = session.get(Person, i.person_id)
        assert person is not None
        blocks += [
            Para(f"Họ và tên: {person.full_name}.", "bullet"),
            Para(f"Giới tính: {GENDERS.get(person.gender) or '........'}.", "bullet"),
            Para(
                "Chức vụ, đơn vị công tác: "
                + ", ".join(x for x in (person.position, unit.name, campaign.agency_name) if x)
                + ".",
                "bullet",
            ),
        ]
    blocks.append(Para(f"THÀNH TÍCH ĐẠT ĐƯỢC TRONG {ctx.movement.upper()}", "heading", "II."))
    if i.reason:
        blocks.append(Para(i.reason))
    for a in i.achievements:
        extra = []
        if a.quantity > 1:
            extra.append(f"số lượng {a.quantity}")
        if a.amount:
            extra.append(f"vận động {_vn(a.amount)} đồng")
        if a.work_days:
            extra.append(f"{_vn(a.work_days)} ngày công")
        tail = f" ({'; '.join(extra)})" if extra else ""
        blocks.append(Para(f"{a.kind_name}: {a.title}, {_day(a.occurred_on)}{tail};", "bullet"))
    if not i.achievements and not i.reason:
        blocks.append(Para("(Chưa có thành tích được xác nhận.)"))
    blocks.append(Para("CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", "heading", "III."))
    past = [
        h
        for h in history(
            session=session,
            person=session.get(Person, i.person_id) if i.person_id else None,
            unit=unit if i.nominee_kind == "tap_the" else None,
        )
        if h.decision != i.decision or not i.decision
    ]
    for h in past:
        when = f" ngày {_day(h.decided_on)}" if h.decided_on else ""
        decision = f", Quyết định số {h.decision}{when}" if h.decision else ""
        issuer = f" của {h.issuer}" if h.issuer else ""
        blocks.append(Para(f"Năm {h.year}: {h.form_name}{decision}{issuer};", "bullet"))
    if not past:
        blocks.append(Para("Chưa có."))
    last = blocks[-1]
    assert isinstance(last, Para)
    blocks[-1] = Para(last.text.rstrip(";.") + "./.", last.style, last.lead)
    if i.nominee_kind == "tap_the":
        signatures = (
            Signature(("XÁC NHẬN CỦA CẤP TRÌNH KHEN", ctx.head.upper()), campaign.signer_name),
            Signature(((unit.head_title or "Thủ trưởng đơn vị").upper(),), unit.head_name),
        )
    else:
        signatures = (
            Signature(("THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",), unit.head_name),
            Signature(("NGƯỜI BÁO CÁO THÀNH TÍCH",), i.nominee),
        )
    date = PartialDate(ctx.year)
    _parent_body, agency, place = ctx.names(date)  # as the rest of the dossier
    header = DocHeader(
        parent_body=agency.upper(),
        agency=unit.name.upper(),
        number=None,
        symbol=f"BC-{unit.code}",
        place=place,
        date=date,
    )
    return FormalDoc(
        header=header,
        doc_type="BÁO CÁO THÀNH TÍCH",
        summary=f"Đề nghị tặng {i.form_name.split(' (')[0]} cho {i.nominee} "
        f"(thành tích trong {ctx.movement})",
        blocks=tuple(blocks),
        signatures=signatures,
        form_label=label,
        name=f"bao-cao-thanh-tich-{i.id}",
    )


def find_nominee_proposal(*, session: Session, campaign: Campaign, query: str) -> int:
    """The proposal a `report thanhtich` argument names: its number, or the nominee's name."""
    from stc_thidua.text import as_id, match_one

    number = as_id(query)
    if number is not None:
        return number
    rows = [p for p in list_proposals(session=session, campaign=campaign) if p.status not in CLOSED]
    if not rows:
        raise InvalidInput(f"Phong trào “{campaign.code}” chưa có đề xuất nào.")
    found = match_one(
        query,
        infos(session=session, proposals=rows),
        lambda i: [f"{i.nominee} ({i.form_name})", i.nominee, f"{i.nominee} {i.form}"],
        "đề xuất",
    )
    return found.id

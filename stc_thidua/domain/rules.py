"""Commendation rules as dated data: one rule set per decree period, plus the base salary.

The shipped rule sets live in `data/rules/*.toml`; every value there carries its legal
source and, where it could not be confirmed, an `unconfirmed` flag. The user corrects a
value (`thidua rules set`), adds a period (`thidua rules period add`) or a base salary
(`thidua rules salary add`) in the database; nothing here needs the code to change.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from stc_thidua.domain.money import MAJORITY  # simple majority of all members (quá bán)
from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.models import Campaign
from stc_thidua.paths import data_dir
from stc_thidua.text import choose, clean_line, fold, keyword, match_one, shown

if TYPE_CHECKING:
    from stc_thidua.models import RuleOverride, RuleSetDef

SALARY_KEY = "luong_co_so"  # rule_value.key of the base salary rows the user adds

# nominee kinds: a person (cá nhân) or a collective (tập thể, a unit)
NOMINEES: dict[str, str] = {"ca_nhan": "cá nhân", "tap_the": "tập thể"}
NOMINEE_WORDS = {
    "ca_nhan": "ca_nhan",
    "cá nhân": "ca_nhan",
    "person": "ca_nhan",
    "canhan": "ca_nhan",
    "tap_the": "tap_the",
    "tập thể": "tap_the",
    "unit": "tap_the",
    "collective": "tap_the",
    "don vi": "tap_the",
}
# who decides a form: the agency head, or a higher authority the agency submits to
DECIDERS: dict[str, str] = {
    "thu_truong": "thủ trưởng cơ quan quyết định",
    "cap_tren": "cấp trên quyết định (trình bằng tờ trình)",
}
DECIDER_WORDS = {
    "thu_truong": "thu_truong",
    "thủ trưởng": "thu_truong",
    "head": "thu_truong",
    "cap_tren": "cap_tren",
    "cấp trên": "cap_tren",
    "upward": "cap_tren",
}
ROUNDINGS: dict[str, str] = {
    "len_10000": "làm tròn lên hàng chục nghìn đồng",
    "khong": "không làm tròn",
}
ROUNDING_WORDS = {
    "len_10000": "len_10000",
    "lên hàng chục nghìn": "len_10000",
    "10000": "len_10000",
    "khong": "khong",
    "không": "khong",
    "none": "khong",
}
SEVERITIES: dict[str, str] = {"error": "lỗi", "warning": "cảnh báo"}
SEVERITY_WORDS = {"error": "error", "lỗi": "error", "warning": "warning", "cảnh báo": "warning"}
FORM_KINDS: dict[str, str] = {"danh_hieu": "danh hiệu", "hinh_thuc": "hình thức"}

# keys of a rule set whose values the user may correct, beside forms.<CODE>.<field>
SET_KEYS = (
    "valid_from",
    "valid_to",
    "rounding",
    "default_threshold",
    "cstdcs_cap",
    "cstdcs_needs_initiative",
    "ldtt_min_rating",
    "ttldtt_min_ldtt_ratio",
    "ttldtt_max_discipline",
    "achievement_report",
    "highest_title_only",
)
FORM_KEYS = (
    "decider",
    "decider_title",
    "criteria",
    "threshold",
    "coefficient_person",
    "coefficient_collective",
)
# the eligibility rules (checks.<rule>), as the clerk reads them
CHECK_LABELS: dict[str, str] = {
    "no_registration": "Chưa đăng ký thi đua",
    "no_contribution": "Không có đóng góp đã xác nhận trong phong trào",
    "achievement_reused": "Một thành tích dùng cho nhiều hình thức",
    "rating": "LĐTT chưa đạt xếp loại hoàn thành tốt nhiệm vụ",
    "cstdcs_without_ldtt": "CSTĐCS chưa đạt LĐTT",
    "cstdcs_initiative": "CSTĐCS thiếu sáng kiến (hoặc hoàn thành xuất sắc)",
    "cstdcs_cap": "Vượt tỷ lệ CSTĐCS trên số LĐTT",
    "ttldtt_ldtt_ratio": "TTLĐTT dưới tỷ lệ LĐTT",
    "ttldtt_discipline": "TTLĐTT có thành viên bị kỷ luật",
    "person_discipline": "Cá nhân bị kỷ luật trong năm",
    "authority": "Vượt thẩm quyền thủ trưởng: trình cấp trên",
    "plan_cap": "Vượt số lượng khen thưởng của kế hoạch",
    "unit_members": "Tập thể chưa có thành viên",
    "ttldxs_completion": "TTLĐXS: chưa 100% thành viên hoàn thành nhiệm vụ",
    "ttldxs_ldtt_ratio": "TTLĐXS dưới tỷ lệ LĐTT",
    "ttldxs_cstdcs": "TTLĐXS chưa có thành viên đạt CSTĐCS",
    "ttldxs_discipline": "TTLĐXS có thành viên bị kỷ luật",
    "cstdt_cstdcs_years": "CSTĐ cấp tỉnh chưa đủ ba lần liên tục CSTĐCS",
    "cstdt_initiative": "CSTĐ cấp tỉnh thiếu sáng kiến",
    "bkt_rating": "Bằng khen chưa hoàn thành tốt nhiệm vụ",
}
# what each key means, for `rules show`
KEY_LABELS: dict[str, str] = {
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "rounding": "Làm tròn tiền thưởng",
    "default_threshold": "Tỷ lệ biểu quyết mặc định",
    "cstdcs_cap": "Tỷ lệ CSTĐCS tối đa trên số LĐTT",
    "cstdcs_needs_initiative": "CSTĐCS bắt buộc có sáng kiến",
    "ldtt_min_rating": "Xếp loại tối thiểu của LĐTT",
    "ttldtt_min_ldtt_ratio": "Tỷ lệ LĐTT tối thiểu của TTLĐTT",
    "ttldtt_max_discipline": "Kỷ luật loại TTLĐTT từ mức",
    "achievement_report": "Mẫu báo cáo thành tích",
    "highest_title_only": "Nhiều danh hiệu cùng thành tích: chỉ nhận mức tiền thưởng cao nhất",
    "decider": "Thẩm quyền",
    "decider_title": "Cấp quyết định",
    "criteria": "Tiêu chuẩn",
    "threshold": "Tỷ lệ biểu quyết của Hội đồng",
    "coefficient_person": "Hệ số tiền thưởng cá nhân",
    "coefficient_collective": "Hệ số tiền thưởng tập thể",
}


@dataclass(frozen=True)
class Fact:
    """One value of the law with its legal source; `unconfirmed` where it could not be checked."""

    value: Any
    source: str
    unconfirmed: bool = False
    corrected: bool = False  # changed by the user in the database


@dataclass(frozen=True)
class Form:
    """A title (danh hiệu) or form (hình thức) of commendation in one rule set."""

    code: str  # "LDTT", "CSTDCS", "TTLDTT", "GK", ...
    name: str  # "Lao động tiên tiến"
    aliases: tuple[str, ...]
    kind: str  # danh_hieu | hinh_thuc
    nominees: tuple[str, ...]  # ca_nhan and/or tap_the
    facts: Mapping[str, Fact]  # decider, decider_title, criteria, threshold, coefficient_*

    def fact(self, key: str) -> Fact | None:
        """The fact `key` of this form, or None when the rule set has none."""
        return self.facts.get(key)

    @property
    def head_decides(self) -> bool:
        """Whether the agency head may decide this form (else it goes upward)."""
        decider = self.facts.get("decider")
        return decider is None or decider.value == "thu_truong"

    @property
    def decider_title(self) -> str:
        """Who decides a form above the agency head, e.g. "Chủ tịch Ủy ban nhân dân tỉnh"."""
        fact = self.facts.get("decider_title")
        return str(fact.value) if fact else "cấp trên"

    def coefficient(self, nominee: str) -> Fact | None:
        """The money coefficient for a person or a collective, or None."""
        key = "coefficient_person" if nominee == "ca_nhan" else "coefficient_collective"
        return self.facts.get(key)

    def threshold(self, default: Fact) -> Fact:
        """The council's vote threshold for this form (percent of all members, or quá bán)."""
        return self.facts.get("threshold") or default

    def label(self, nominee: str | None = None) -> str:
        """The name as printed: "Giấy khen" (tập thể) when the form takes both."""
        if nominee and len(self.nominees) > 1:
            return f"{self.name} ({NOMINEES[nominee]})"
        return self.name


@dataclass(frozen=True)
class RuleSet:
    """The rules of one period: a decree with its law, forms, caps, thresholds and money."""

    code: str
    name: str
    law: str
    facts: Mapping[str, Fact]
    checks: Mapping[str, Fact]  # eligibility rule → severity with its legal source
    forms: tuple[Form, ...]
    based_on: str = ""  # for a period the user added: the rule set it copies
    source: str = ""  # where the set itself comes from (file or user)

    @property
    def valid_from(self) -> dt.date:
        """First day in force."""
        value = self.facts["valid_from"].value
        assert isinstance(value, dt.date)
        return value

    @property
    def valid_to(self) -> dt.date | None:
        """Last day in force, or None while in force."""
        value = self.facts["valid_to"].value
        return value if isinstance(value, dt.date) else None

    def covers(self, on: dt.date) -> bool:
        """Whether the set is in force on `on`."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def fact(self, key: str) -> Fact:
        """A set-wide fact such as "rounding" or "cstdcs_cap"."""
        return self.facts[key]

    def check(self, rule: str) -> Fact:
        """Severity and legal source of one eligibility rule."""
        return self.checks.get(rule) or Fact("error", self.name)

    def form(self, code: str) -> Form | None:
        """The form with this code, or None."""
        return next((f for f in self.forms if f.code == code), None)

    @property
    def unconfirmed(self) -> list[str]:
        """Keys of every value still marked unconfirmed."""
        keys = [k for k, f in self.facts.items() if f.unconfirmed]
        keys += [f"checks.{k}" for k, f in self.checks.items() if f.unconfirmed]
        for form in self.forms:
            keys += [f"forms.{form.code}.{k}" for k, f in form.facts.items() if f.unconfirmed]
        return keys


@dataclass(frozen=True)
class Salary:
    """A base salary (mức lương cơ sở) in force from a date."""

    valid_from: dt.date
    amount: int
    source: str
    unconfirmed: bool = False
    user_added: bool = False


# --- reading the shipped data -------------------------------------------------------------------


def rules_dir() -> Path:
    """The folder of shipped rule sets."""
    return data_dir() / "rules"


def _fact(raw: Any, where: str) -> Fact:
    if not isinstance(raw, dict) or "value" not in raw or "source" not in raw:
        raise InvalidInput(f"Tệp quy định {where}: giá trị phải có value và source.")
    return Fact(raw["value"], str(raw["source"]), bool(raw.get("unconfirmed", False)))


def _parse_set(data: dict[str, Any], where: str) -> RuleSet:
    facts = {k: _fact(data[k], f"{where}, {k}") for k in SET_KEYS if k in data}
    missing = [k for k in ("valid_from", "valid_to", "rounding") if k not in facts]
    if missing:
        raise InvalidInput(f"Tệp quy định {where} thiếu {', '.join(missing)}.")
    checks = {k: _fact(v, f"{where}, checks.{k}") for k, v in data.get("checks", {}).items()}
    forms = []
    for entry in data.get("forms", []):
        code = str(entry["code"])
        forms.append(
            Form(
                code=code,
                name=str(entry["name"]),
                aliases=tuple(str(a) for a in entry.get("aliases", [])),
                kind=str(entry.get("kind", "hinh_thuc")),
                nominees=tuple(str(n) for n in entry.get("nominees", ["ca_nhan"])),
                facts={k: _fact(entry[k], f"{where}, {code}.{k}") for k in FORM_KEYS if k in entry},
            )
        )
    return RuleSet(
        code=str(data["code"]),
        name=str(data["name"]),
        law=str(data.get("law", "")),
        facts=_normalised(facts),
        checks=checks,
        forms=tuple(forms),
        source=where,
    )


def _normalised(facts: dict[str, Fact]) -> dict[str, Fact]:
    """Open-ended validity written "" in TOML becomes None."""
    out = dict(facts)
    for key in ("valid_from", "valid_to"):
        fact = out.get(key)
        if fact is not None and not isinstance(fact.value, dt.date):
            out[key] = Fact(None, fact.source, fact.unconfirmed, fact.corrected)
    return out


@functools.cache
def shipped_rule_sets(folder: Path | None = None) -> tuple[RuleSet, ...]:
    """The rule sets shipped in data/rules, oldest first."""
    folder = folder or rules_dir()
    sets = []
    for path in sorted(folder.glob("nd*.toml")):
        with path.open("rb") as handle:
            sets.append(_parse_set(tomllib.load(handle), path.name))
    return tuple(sorted(sets, key=lambda s: s.valid_from))


@functools.cache
def shipped_salaries(folder: Path | None = None) -> tuple[Salary, ...]:
    """The base salary table shipped in data/rules/luong-co-so.toml."""
    path = (folder or rules_dir()) / "luong-co-so.toml"
    with path.open("rb") as handle:
        rows = tomllib.load(handle)["salary"]
    return tuple(
        sorted(
            (Salary(r["valid_from"], int(r["amount"]), str(r["source"])) for r in rows),
            key=lambda s: s.valid_from,
        )
    )


# --- the sets in force, with the user's corrections ----------------------------------------------


def _with_overrides(rule_set: RuleSet, overrides: list[RuleOverride]) -> RuleSet:
    facts = dict(rule_set.facts)
    checks = dict(rule_set.checks)
    forms = {f.code: dict(f.facts) for f in rule_set.forms}
    for row in overrides:
        fact = Fact(_stored_value(row.key, row.value), row.source, row.unconfirmed, True)
        parts = row.key.split(".")
        if len(parts) == 1:
            facts[parts[0]] = fact
        elif parts[0] == "checks":
            checks[parts[1]] = fact
        elif parts[0] == "forms" and parts[1] in forms:
            forms[parts[1]][parts[2]] = fact
    return RuleSet(
        code=rule_set.code,
        name=rule_set.name,
        law=rule_set.law,
        facts=_normalised(facts),
        checks=checks,
        forms=tuple(
            Form(f.code, f.name, f.aliases, f.kind, f.nominees, forms[f.code])
            for f in rule_set.forms
        ),
        based_on=rule_set.based_on,
        source=rule_set.source,
    )


def _stored_value(key: str, value: Any) -> Any:
    """A JSON-stored override back in its Python type (dates are stored as ISO text)."""
    if key.split(".")[-1] in ("valid_from", "valid_to") and isinstance(value, str):
        return dt.date.fromisoformat(value) if value else None
    return value


def _user_set(row: RuleSetDef, base: RuleSet) -> RuleSet:
    """A period the user added: the values of `base`, flagged unconfirmed until corrected."""

    def inherited(fact: Fact) -> Fact:
        return Fact(fact.value, f"Theo {base.name}: {fact.source}", True)

    facts = {k: inherited(f) for k, f in base.facts.items()}
    facts["valid_from"] = Fact(row.valid_from, row.source or "Người dùng thêm")
    facts["valid_to"] = Fact(row.valid_to, row.source or "Người dùng thêm")
    return RuleSet(
        code=row.code,
        name=row.name,
        law=row.law or base.law,
        facts=facts,
        checks={k: inherited(f) for k, f in base.checks.items()},
        forms=tuple(
            Form(
                f.code,
                f.name,
                f.aliases,
                f.kind,
                f.nominees,
                {k: inherited(v) for k, v in f.facts.items()},
            )
            for f in base.forms
        ),
        based_on=base.code,
        source="cơ sở dữ liệu",
    )


def list_rule_sets(*, session: Session) -> list[RuleSet]:
    """Every rule set (shipped and added), with the user's corrections, oldest first."""
    from stc_thidua.models import RuleOverride, RuleSetDef

    sets = {s.code: s for s in shipped_rule_sets()}
    for row in session.exec(select(RuleSetDef).order_by(col(RuleSetDef.valid_from))).all():
        base = sets.get(row.based_on)
        if base is not None:
            sets[row.code] = _user_set(row, base)
    overrides: dict[str, list[RuleOverride]] = {}
    for override in session.exec(select(RuleOverride).order_by(col(RuleOverride.id))).all():
        overrides.setdefault(override.rule_set, []).append(override)
    out = [_with_overrides(s, overrides.get(code, [])) for code, s in sets.items()]
    return sorted(out, key=lambda s: s.valid_from)


def rule_set_on(*, session: Session, on: dt.date) -> RuleSet:
    """The rule set in force on `on`: the latest that started on or before it and covers it."""
    covering = [s for s in list_rule_sets(session=session) if s.covers(on)]
    if not covering:
        raise NotFound(
            f"Không có quy định khen thưởng nào có hiệu lực ngày {on:%d/%m/%Y}; "
            "thêm thời kỳ đó bằng “thidua rules period add”."
        )
    return max(covering, key=lambda s: s.valid_from)


def find_rule_set(*, session: Session, query: str) -> RuleSet:
    """A rule set by code ("nd91-2017") or name ("Nghị định 91/2017"), any accents."""
    sets = list_rule_sets(session=session)
    return match_one(query, sets, lambda s: [s.code, s.name, s.code.replace("-", "/")], "quy định")


# --- who decides, for the campaign's agency ------------------------------------------------------


def heads_hierarchy(campaign: Campaign) -> bool:
    """Whether the campaign's agency has no parent body: it heads its hierarchy (a provincial
    People's Committee, a ministry), so no form of the rule set goes above its head."""
    return not campaign.parent_body.strip()


def decided_by_head(form: Form, campaign: Campaign) -> bool:
    """Whether the head of the campaign's agency decides `form` (else it goes upward)."""
    return form.head_decides or heads_hierarchy(campaign)


def head_title(campaign: Campaign) -> str:
    """The agency head's title, "Giám đốc" or "Chủ tịch".

    "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" signs for the head named in the prefix title; "TM. ỦY BAN
    NHÂN DÂN / CHỦ TỊCH" signs for a collective body, whose head is the signer.
    """
    prefix = campaign.signer_prefix.strip().upper()
    title = campaign.signer_prefix_title if prefix and prefix != "TM." else campaign.signer_title
    title = title.strip()
    return title[:1].upper() + title[1:].lower()


def agency_head(campaign: Campaign) -> str:
    """ "Giám đốc Sở Tài chính", "Chủ tịch Ủy ban nhân dân tỉnh Hậu Giang": title + agency,
    the agency alone when its name already starts with the title."""
    title, agency = head_title(campaign), campaign.agency_name.strip()
    if fold(agency).startswith(fold(title)):
        return agency
    return f"{title} {agency}"


def is_department(campaign: Campaign) -> bool:
    """Whether the agency is a Sở (its units are "các phòng thuộc Sở", its leaders the Ban
    Giám đốc); other agencies get neutral wording."""
    return fold(campaign.agency_name).startswith("so ")


def rule_set_for(*, session: Session, campaign: Campaign) -> RuleSet:
    """The rule set a campaign uses: the one it names, else the one in force on its start date."""
    named = getattr(campaign, "rule_set", "") or ""
    if named:
        return find_rule_set(session=session, query=named)
    return rule_set_on(session=session, on=campaign.start_date)


def use_rule_set(*, session: Session, campaign: Campaign, code: str) -> RuleSet:
    """Name the rule set `campaign` uses ("" = the one in force on its start date).

    A closed campaign is read-only, and a campaign with a decision (or a tờ trình sent upward)
    keeps the rules it was decided under: its signed documents cite them.
    """
    from stc_thidua.guards import SETTLED, refuse_closed
    from stc_thidua.models import Proposal

    refuse_closed(session, [campaign.id] if campaign.id is not None else [])
    before = rule_set_for(session=session, campaign=campaign)
    chosen = find_rule_set(session=session, query=code) if code else None
    after = chosen or rule_set_on(session=session, on=campaign.start_date)
    settled = session.exec(
        select(Proposal)
        .where(Proposal.campaign_id == campaign.id, col(Proposal.status).in_(SETTLED))
        .order_by(col(Proposal.decision_number).is_(None), col(Proposal.id))
    ).first()
    if settled is not None and after.code != before.code:
        paper = (
            f"Quyết định số {settled.decision_number:02d}/{settled.decision_symbol}"
            if settled.decision_number is not None
            else f"tờ trình cấp trên (đề xuất số {settled.id})"
        )
        raise InvalidInput(
            f"Phong trào “{campaign.code}” đã có {paper} theo {before.name}; không đổi sang "
            f"{after.name} được, vì văn bản đã ký giữ căn cứ pháp lý của nó."
        )
    if settled is not None:  # stays pinned, even when "tự động" names the same rules today
        chosen = after
    campaign.rule_set = chosen.code if chosen else ""
    session.add(campaign)
    session.flush()
    return after


def find_form(rule_set: RuleSet, query: str) -> Form:
    """The form named by `query` in `rule_set` (code, name or alias); unknown lists the valid."""
    text = clean_line(query)
    forms = list(rule_set.forms)
    exact = [f for f in forms if text in (f.code, f.name, *f.aliases)]
    if len(exact) == 1:
        return exact[0]
    from stc_thidua.text import name_key

    typed = name_key(text)  # diacritics kept: a form one mark away from another stays apart
    same = [f for f in forms if typed in {name_key(n) for n in (f.code, f.name, *f.aliases)}]
    if len(same) == 1:
        return same[0]
    wanted = keyword(text)
    by_keyword = [
        f for f in forms if any(keyword(n) == wanted for n in (f.code, f.name, *f.aliases))
    ]
    if len(by_keyword) == 1:
        return by_keyword[0]
    valid = ", ".join(f"{f.name} ({f.code})" for f in forms)
    if not text:
        raise InvalidInput(f"Chưa nhập hình thức khen thưởng; có: {valid}.")
    try:
        return match_one(text, forms, lambda f: [f.name, f.code, *f.aliases], "hình thức")
    except (NotFound, InvalidInput):
        raise InvalidInput(
            f"Hình thức “{shown(text)}” không có trong {rule_set.name}; có: {valid}."
        ) from None


def parse_nominee(value: str) -> str:
    """ "cá nhân", "ca-nhan", "person" → ca_nhan; "tập thể", "unit" → tap_the."""
    return choose(value, NOMINEE_WORDS, "Đối tượng (cá nhân / tập thể)")


# --- base salary -----------------------------------------------------------------------------


def list_salaries(*, session: Session) -> list[Salary]:
    """The base salary table: shipped rows, and the user's rows (which win on the same date)."""
    from stc_thidua.models import RuleValue

    rows = {s.valid_from: s for s in shipped_salaries()}
    for row in session.exec(select(RuleValue).where(RuleValue.key == SALARY_KEY)).all():
        rows[row.valid_from] = Salary(
            row.valid_from, int(row.value), row.source, not row.confirmed, True
        )
    return sorted(rows.values(), key=lambda s: s.valid_from)


def salary_on(*, session: Session, on: dt.date) -> Salary:
    """The base salary in force on `on`."""
    rows = [s for s in list_salaries(session=session) if s.valid_from <= on]
    if not rows:
        raise NotFound(f"Không có mức lương cơ sở nào có hiệu lực ngày {on:%d/%m/%Y}.")
    return rows[-1]


def parse_amount(value: str) -> int:
    """ "2.530.000", "2530000", "2 530 000 đồng" → 2530000; anything else is refused."""
    text = clean_line(value).lower().removesuffix("đồng").removesuffix("đ").strip()
    digits = text.replace(".", "").replace(" ", "").replace(",", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 15:
        raise InvalidInput(f"Số tiền “{shown(value)}” không hợp lệ (vd. 2.530.000).")
    return int(digits)


def add_salary(
    *,
    session: Session,
    valid_from: dt.date,
    amount: int,
    source: str,
    unconfirmed: bool = False,
    replace: bool = False,
) -> Salary | None:
    """Add a base salary from a date; a shipped one on that date is replaced only on purpose.

    Returns the shipped salary it replaced, if any.
    """
    from stc_thidua.models import RuleValue
    from stc_thidua.render.filters import vn_money

    if amount <= 0:
        raise InvalidInput("Mức lương cơ sở phải lớn hơn 0.")
    shipped = next((x for x in shipped_salaries() if x.valid_from == valid_from), None)
    if shipped is not None and not replace:
        raise Duplicate(
            f"Đã có mức lương cơ sở {vn_money(shipped.amount)} từ ngày {valid_from:%d/%m/%Y} "
            f"({shipped.source}); muốn thay thì thêm --replace."
        )
    existing = session.exec(
        select(RuleValue).where(RuleValue.key == SALARY_KEY, RuleValue.valid_from == valid_from)
    ).first()
    if existing is not None:
        raise Duplicate(
            f"Đã có mức lương cơ sở từ ngày {valid_from:%d/%m/%Y} do người dùng thêm; "
            "hãy xóa trước bằng “thidua rules salary remove”."
        )
    row = RuleValue(
        key=SALARY_KEY,
        valid_from=valid_from,
        value=float(amount),
        confirmed=not unconfirmed,
        source=clean_line(source)[:300] or "Người dùng thêm",
    )
    session.add(row)
    session.flush()
    return shipped


def remove_salary(*, session: Session, valid_from: dt.date) -> None:
    """Remove a base salary the user added."""
    from stc_thidua.models import RuleValue

    row = session.exec(
        select(RuleValue).where(RuleValue.key == SALARY_KEY, RuleValue.valid_from == valid_from)
    ).first()
    if row is None:
        raise NotFound(
            f"Không có mức lương cơ sở do người dùng thêm từ ngày {valid_from:%d/%m/%Y}."
        )
    session.delete(row)


# --- corrections -------------------------------------------------------------------------------


def _known_keys(rule_set: RuleSet) -> dict[str, Fact | None]:
    keys: dict[str, Fact | None] = {k: rule_set.facts.get(k) for k in SET_KEYS}
    keys.update({f"checks.{k}": v for k, v in rule_set.checks.items()})
    for form in rule_set.forms:
        for k in FORM_KEYS:
            if k == "decider_title" or k in form.facts or k.startswith("coefficient"):
                keys[f"forms.{form.code}.{k}"] = form.facts.get(k)
    return keys


def resolve_key(rule_set: RuleSet, key: str) -> str:
    """A key typed by the user, "forms.LĐTT.coefficient_person" or "cstdcs_cap", made exact."""
    text = clean_line(key)
    parts = text.split(".")
    if len(parts) == 3 and fold(parts[0]) in ("forms", "form", "hinh thuc"):
        form = find_form(rule_set, parts[1])
        text = f"forms.{form.code}.{parts[2]}"
    known = _known_keys(rule_set)
    if text in known:
        return text
    sample = ", ".join([*SET_KEYS[:4], "forms.LDTT.coefficient_person", "checks.no_registration"])
    raise InvalidInput(
        f"Khóa “{shown(key)}” không có trong quy định {rule_set.code}; vd.: {sample}."
    )


def parse_value(key: str, value: str) -> Any:
    """A value typed by the user in the type its key takes."""
    from stc_thidua.schemas import parse_date

    leaf = key.split(".")[-1]
    text = clean_line(value)
    if leaf in ("valid_from", "valid_to"):
        if leaf == "valid_to" and fold(text) in ("", "khong", "none"):
            return None
        try:
            parsed = parse_date(text)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dt.date):
            raise InvalidInput(f"Ngày “{shown(value)}” không hợp lệ (vd. 01/7/2026).")
        return parsed
    if leaf == "rounding":
        return choose(text, ROUNDING_WORDS, "Cách làm tròn")
    if leaf == "decider":
        return choose(text, DECIDER_WORDS, "Thẩm quyền")
    if key.startswith("checks."):
        return choose(text, SEVERITY_WORDS, "Mức độ")
    if leaf in ("threshold", "default_threshold"):
        if fold(text) in ("qua ban", "qua_ban", "majority"):
            return MAJORITY
        number = text.removesuffix("%").strip()
        if number.isascii() and number.isdigit() and 1 <= int(number) <= 100:
            return int(number)
        raise InvalidInput(
            f"Tỷ lệ biểu quyết “{shown(value)}” không hợp lệ (vd. 80% hoặc quá bán)."
        )
    if leaf in ("cstdcs_needs_initiative", "highest_title_only"):
        return (
            choose(text, {"có": "1", "co": "1", "true": "1", "không": "", "false": ""}, "Giá trị")
            == "1"
        )
    if leaf in ("ldtt_min_rating",):
        from stc_thidua.domain.people import parse_grade

        return parse_grade(text)
    if leaf in ("ttldtt_max_discipline",):
        from stc_thidua.domain.people import parse_discipline

        return parse_discipline(text)
    if leaf.startswith("coefficient") or leaf in ("cstdcs_cap", "ttldtt_min_ldtt_ratio"):
        number = text.replace(",", ".")
        try:
            parsed_number = Decimal(number.removesuffix("%"))
        except ArithmeticError:
            raise InvalidInput(f"Giá trị “{shown(value)}” phải là một số (vd. 0,3).") from None
        if not parsed_number.is_finite() or parsed_number < 0 or parsed_number > 100:
            raise InvalidInput(f"Giá trị “{shown(value)}” phải là một số từ 0 đến 100.")
        ratio = leaf in ("cstdcs_cap", "ttldtt_min_ldtt_ratio")
        # a ratio reads on the percent scale like a threshold: "15", "15%" and "0,15" are 15%
        if number.endswith("%") or (ratio and parsed_number > 1):
            parsed_number /= 100
        return float(parsed_number)
    if not text:
        raise InvalidInput("Giá trị không được để trống.")
    return text


def set_rule(
    *,
    session: Session,
    rule_set: RuleSet,
    key: str,
    value: str,
    source: str,
    unconfirmed: bool = False,
) -> RuleOverride:
    """Correct one value of a rule set; the correction is kept in the database with its source."""
    from stc_thidua.models import RuleOverride

    exact = resolve_key(rule_set, key)
    parsed = parse_value(exact, value)
    stored = parsed.isoformat() if isinstance(parsed, dt.date) else parsed
    if exact == "valid_from" and parsed is None:
        raise InvalidInput("Ngày hiệu lực không được để trống.")
    row = session.exec(
        select(RuleOverride).where(
            RuleOverride.rule_set == rule_set.code, RuleOverride.key == exact
        )
    ).first()
    note = clean_line(source)[:300]
    if not note:
        raise InvalidInput("Hãy ghi căn cứ của giá trị mới (--source).")
    if row is None:
        row = RuleOverride(rule_set=rule_set.code, key=exact, value=stored, source=note)
    row.value = stored
    row.source = note
    row.unconfirmed = unconfirmed
    session.add(row)
    session.flush()
    return row


def reset_rule(*, session: Session, rule_set: RuleSet, key: str) -> None:
    """Undo the user's correction of one value (back to the shipped value)."""
    from stc_thidua.models import RuleOverride

    exact = resolve_key(rule_set, key)
    row = session.exec(
        select(RuleOverride).where(
            RuleOverride.rule_set == rule_set.code, RuleOverride.key == exact
        )
    ).first()
    if row is None:
        raise NotFound(f"Giá trị {exact} của {rule_set.code} chưa được sửa.")
    session.delete(row)


def add_period(
    *,
    session: Session,
    code: str,
    name: str,
    valid_from: dt.date,
    based_on: RuleSet,
    law: str = "",
    source: str = "",
) -> RuleSetDef:
    """Add a rule set for a new period, copying `based_on` (its values flagged unconfirmed)."""
    from stc_thidua.models import RuleSetDef

    code = clean_line(code)
    if not code or not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in code):
        raise InvalidInput("Mã quy định chỉ gồm chữ không dấu, chữ số và “-” (vd. nd99-2026).")
    if any(fold(s.code) == fold(code) for s in list_rule_sets(session=session)):
        raise Duplicate(f"Đã có quy định mã “{code}”.")
    if valid_from <= based_on.valid_from:
        raise InvalidInput(
            f"Thời kỳ mới phải bắt đầu sau ngày {based_on.valid_from:%d/%m/%Y} của {based_on.code}."
        )
    # periods follow one another: a new one starts after every existing one has started, and
    # only continues the last (open) one, so no issued decision changes its legal basis
    for other in list_rule_sets(session=session):
        ends_after = other.valid_to is None or other.valid_to >= valid_from
        if other.valid_from >= valid_from or (ends_after and other.valid_to is not None):
            raise InvalidInput(
                f"Thời kỳ mới từ {valid_from:%d/%m/%Y} chồng lên {other.name} "
                f"({describe_value('valid_from', other.valid_from)} – "
                f"{describe_value('valid_to', other.valid_to)}); thời kỳ mới phải bắt đầu sau "
                "mọi thời kỳ đã có."
            )
    moved = session.exec(
        select(Campaign).where(col(Campaign.start_date) >= valid_from, col(Campaign.rule_set) == "")
    ).all()
    if moved:
        from stc_thidua.models import Proposal

        decided = session.exec(
            select(Proposal.campaign_id).where(
                col(Proposal.campaign_id).in_([c.id for c in moved]),
                Proposal.status == "da_quyet_dinh",
            )
        ).first()
        if decided is not None:
            code_of = {c.id: c.code for c in moved}
            raise InvalidInput(
                f"Phong trào “{code_of[decided]}” đã có quyết định khen thưởng theo quy định "
                f"hiện hành; thời kỳ mới từ {valid_from:%d/%m/%Y} sẽ đổi căn cứ của quyết định đó."
            )
    row = RuleSetDef(
        code=code,
        name=clean_line(name) or code,
        law=clean_line(law),
        based_on=based_on.code,
        valid_from=valid_from,
        valid_to=None,
        source=clean_line(source)[:300],
    )
    session.add(row)
    session.flush()
    return row


def describe_value(key: str, value: Any) -> str:
    """A rule value as the clerk reads it: "80%", "quá bán", "0,3", "15%", "01/01/2024"."""
    from stc_thidua.domain.people import DISCIPLINES, GRADES

    leaf = key.split(".")[-1]
    if value is None:
        return "không thời hạn" if leaf == "valid_to" else "(trống)"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if leaf in ("threshold", "default_threshold"):
        return "quá bán" if value == MAJORITY else f"{value}%"
    if leaf == "rounding":
        return ROUNDINGS.get(str(value), str(value))
    if leaf == "decider":
        return DECIDERS.get(str(value), str(value))
    if key.startswith("checks."):
        return SEVERITIES.get(str(value), str(value))
    if leaf == "ldtt_min_rating":
        return GRADES.get(str(value), str(value))
    if leaf == "ttldtt_max_discipline":
        return DISCIPLINES.get(str(value), str(value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if leaf in ("cstdcs_cap", "ttldtt_min_ldtt_ratio"):
        return (
            "không giới hạn"
            if not value
            else f"{Decimal(str(value)) * 100:f}".rstrip("0").rstrip(".") + "%"
        )
    if isinstance(value, float):
        return f"{Decimal(str(value)).normalize():f}".replace(".", ",")
    return str(value)


@dataclass(frozen=True)
class RuleRow:
    """One line of `rules show`: key, meaning, value, source and flags."""

    key: str
    label: str
    value: Any
    shown: str
    source: str
    unconfirmed: bool
    corrected: bool
    form: str = ""


def rule_rows(rule_set: RuleSet) -> list[RuleRow]:
    """Every value of a rule set as rows, set-wide first, then checks, then each form's."""
    rows: list[RuleRow] = []

    def add(key: str, fact: Fact, form: str = "") -> None:
        leaf = key.split(".")[-1]
        label = (
            CHECK_LABELS.get(leaf, leaf)
            if key.startswith("checks.")
            else KEY_LABELS.get(leaf, leaf)
        )
        rows.append(
            RuleRow(
                key,
                label,
                fact.value,
                describe_value(key, fact.value),
                fact.source,
                fact.unconfirmed,
                fact.corrected,
                form,
            )
        )

    for key in SET_KEYS:
        if key in rule_set.facts:
            add(key, rule_set.facts[key])
    for key, fact in rule_set.checks.items():
        add(f"checks.{key}", fact)
    for form in rule_set.forms:
        for key in FORM_KEYS:
            if key in form.facts:
                add(f"forms.{form.code}.{key}", form.facts[key], form.name)
    return rows


def rule_set_dict(rule_set: RuleSet) -> dict[str, Any]:
    """A rule set as plain data for --json, every value with its source and flags."""
    return {
        "code": rule_set.code,
        "name": rule_set.name,
        "law": rule_set.law,
        "valid_from": rule_set.valid_from.isoformat(),
        "valid_to": rule_set.valid_to.isoformat() if rule_set.valid_to else None,
        "based_on": rule_set.based_on or None,
        "unconfirmed": rule_set.unconfirmed,
        "values": [
            {
                "key": row.key,
                "label": row.label,
                "value": row.value.isoformat() if isinstance(row.value, dt.date) else row.value,
                "text": row.shown,
                "source": row.source,
                "unconfirmed": row.unconfirmed,
                "corrected": row.corrected,
            }
            for row in rule_rows(rule_set)
        ],
        "forms": [
            {
                "code": f.code,
                "name": f.name,
                "aliases": list(f.aliases),
                "kind": f.kind,
                "nominees": list(f.nominees),
                "head_decides": f.head_decides,
            }
            for f in rule_set.forms
        ],
    }


def check_nominee(form: Form, nominee: str) -> None:
    """Refuse a form for a nominee it is not for: LĐTT is for a person, TTLĐTT for a unit."""
    if nominee not in form.nominees:
        allowed = " và ".join(NOMINEES[n] for n in form.nominees)
        raise InvalidInput(
            f"{form.name} chỉ dành cho {allowed}, không dành cho {NOMINEES[nominee]}."
        )

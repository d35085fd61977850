"""Campaigns (phong trào thi đua): create, find, edit, launch, close."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from stc_thidua.dates import issue_date, parse_date
from stc_thidua.domain.agencies import (
    find_agency,
    get_or_create_agency,
    names_on,
    period_in,
    resolve_agency,
)
from stc_thidua.domain.settings import CURRENT_CAMPAIGN, get_setting, set_setting
from stc_thidua.errors import Duplicate, InvalidInput, NotFound, ThiduaError, os_reason
from stc_thidua.models import Agency, AgencyName, Campaign
from stc_thidua.schemas import CampaignCreate, validate
from stc_thidua.text import Match, as_id, fold, match, name_key, shown

if TYPE_CHECKING:
    from stc_thidua.models import CampaignContent, Target

# status code → what the clerk reads
STATUSES: dict[str, str] = {
    "du_thao": "dự thảo",
    "da_phat_dong": "đã phát động",
    "dang_thuc_hien": "đang thực hiện",
    "da_tong_ket": "đã tổng kết",
}

CLOSED = "da_tong_ket"  # a closed campaign is read-only until reopened

# campaign fields that may be given in a file or on the command line
FIELDS = tuple(name for name in CampaignCreate.model_fields)
EXTRA_KEYS = ("agency", "awards")  # plan-file keys handled beside the campaign's own fields
LIST_FIELDS = ("basis", "purposes", "requirements", "contents", "implementation")


def _issue_date(data: dict[str, Any]) -> dt.date | None:
    """The date the plan's names are chosen by: its issue date, else its start."""
    on = issue_date(data.get("issued_year"), data.get("issued_month"), data.get("issued_day"))
    if on is not None:
        return on
    start = data.get("start_date")
    return start if isinstance(start, dt.date) else None


# what a person at a terminal is asked for when creating a campaign without it
PROMPTS: tuple[tuple[str, str], ...] = (
    ("code", "Mã phong trào (vd. ntm-2026)"),
    ("title", "Trích yếu"),
    ("signer_title", "Chức danh người ký"),
    ("signer_name", "Họ tên người ký"),
)
ISSUE_DATE_PROMPT = "Ngày ban hành (vd. 09/4/2026 hoặc 4/2026)"


def missing_prompts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The required fields (key, question) a new campaign's data still lacks."""
    missing = [] if "issued_year" in data else [("date", ISSUE_DATE_PROMPT)]
    return missing + [(key, label) for key, label in PROMPTS if not data.get(key)]


def apply_defaults(data: dict[str, Any]) -> None:
    """Default dates of a new campaign: from its issue date to 31/12 of the issue year.

    Used for options and plan files alike, so both paths create the same campaign.
    """
    start = issue_date(data.get("issued_year"), data.get("issued_month"), data.get("issued_day"))
    if start is None:
        return
    data.setdefault("start_date", start.isoformat())
    data.setdefault("end_date", dt.date(start.year, 12, 31).isoformat())


def _fill_agency_names(*, session: Session, data: dict[str, Any]) -> None:
    """Fill parent body, agency name and place from the agency data in force at the date."""
    agency_query = data.pop("agency", None)
    agency: Agency | None = None
    if agency_query:
        agency = find_agency(session=session, query=str(agency_query))
        data.setdefault("agency_abbr", agency.abbr)
    elif data.get("agency_abbr"):
        agency = session.exec(
            select(Agency).where(Agency.abbr == str(data["agency_abbr"]).upper())
        ).first()
    elif not data.get("agency_name"):  # nothing said: the current campaign's, or the only one
        try:
            agency = resolve_agency(session=session, query=None)
        except ThiduaError:
            return
        data.setdefault("agency_abbr", agency.abbr)
    if agency is None:
        return
    if isinstance(data.get("start_date"), str):
        try:
            data["start_date"] = parse_date(data["start_date"])
        except ValueError:
            return
    on = _issue_date(data)
    period = names_on(session=session, agency=agency, on=on) if on else None
    if period is None:
        return
    data.setdefault("parent_body", period.parent_body.upper())
    data.setdefault("agency_name", period.name)
    data.setdefault("place", period.place)


def create_campaign(*, session: Session, data: dict[str, Any]) -> Campaign:
    """Create a campaign with its contents and targets; it becomes current if none is."""
    data = {k: v for k, v in data.items() if v is not None}
    awards = data.pop("awards", None)
    for key in CLEARABLE:  # a blank number or day is no number or day
        if isinstance(data.get(key), str) and not data[key].strip():
            del data[key]
    apply_defaults(data)
    _fill_agency_names(session=session, data=data)
    valid = validate(CampaignCreate, data)
    check_code_unique(session=session, code=valid.code)
    if valid.rule_set:
        from stc_thidua.domain.rules import find_rule_set

        valid.rule_set = find_rule_set(session=session, query=valid.rule_set).code
    agency = get_or_create_agency(session=session, abbr=valid.agency_abbr)
    row = valid.model_dump(exclude={"contents", "targets", "recipients", "sections"})
    row["agency_abbr"] = agency.abbr
    row["recipients"] = [r.model_dump() for r in valid.recipients]
    campaign = Campaign.model_validate({**row, "agency_id": agency.id})
    session.add(campaign)
    session.flush()
    _replace_children(session=session, campaign=campaign, valid=valid)
    from stc_thidua.domain.kinds import copy_default_kinds

    copy_default_kinds(session=session, campaign=campaign)
    if awards is not None:
        from stc_thidua.domain.awards import set_awards

        set_awards(session=session, campaign=campaign, entries=awards)
    if get_setting(session=session, key=CURRENT_CAMPAIGN) is None:
        set_setting(session=session, key=CURRENT_CAMPAIGN, value=str(campaign.id))
    return campaign


def check_code_unique(*, session: Session, code: str, except_id: int | None = None) -> None:
    """Refuse a campaign code already used, whatever its case ("NTM-2021" is "ntm-2021")."""
    key = name_key(code)
    for other in session.exec(select(Campaign)).all():
        if other.id != except_id and (other.code_key == key or name_key(other.code) == key):
            raise Duplicate(f"Đã có phong trào mã “{other.code}”; hãy chọn mã khác.")


def _replace_children(*, session: Session, campaign: Campaign, valid: CampaignCreate) -> None:
    from stc_thidua.models import CampaignContent, Target

    existing = session.exec(
        select(CampaignContent)
        .where(CampaignContent.campaign_id == campaign.id)
        .order_by(col(CampaignContent.position))
    ).all()
    # keep the rows of unchanged contents: contributions refer to them
    for position, text in enumerate(valid.contents, start=1):
        if position <= len(existing):
            content = existing[position - 1]
            if content.text != text:
                content.text = text
                session.add(content)
        else:
            session.add(
                CampaignContent(campaign_id=campaign.id, position=position, text=text)  # type: ignore[arg-type]
            )
    dropped = existing[len(valid.contents) :]
    for content in dropped:
        _refuse_if_used(session=session, content=content)
        session.delete(content)
    if dropped:  # a kind serving a dropped content by default serves none now, never a ghost
        from stc_thidua.models import ContributionKind

        for kind in session.exec(
            select(ContributionKind).where(
                ContributionKind.campaign_id == campaign.id,
                col(ContributionKind.content_position).in_([c.position for c in dropped]),
            )
        ).all():
            kind.content_position = None
            session.add(kind)
    # keep the rows of targets still named: their recorded progress refers to them
    kept = {
        name_key(t.name): t
        for t in session.exec(select(Target).where(Target.campaign_id == campaign.id)).all()
    }
    for t in valid.targets:
        target = kept.pop(name_key(t.name), None)
        if target is None:
            session.add(Target(campaign_id=campaign.id, **t.model_dump()))  # type: ignore[arg-type]
        elif (target.name, target.value, target.unit) != (t.name, t.value, t.unit):
            target.name, target.value, target.unit = t.name, t.value, t.unit
            session.add(target)
    for target in kept.values():
        session.delete(target)
    session.flush()
    from stc_thidua.domain.outline import replace_plan_sections

    replace_plan_sections(session=session, campaign=campaign, sections=valid.sections)


def _refuse_stranding(
    *, session: Session, campaign: Campaign, start: dt.date, end: dt.date
) -> None:
    """Refuse new dates that would leave recorded contributions outside the campaign."""
    from sqlmodel import func, or_

    from stc_thidua.models import Contribution

    if (start, end) == (campaign.start_date, campaign.end_date):
        return
    outside = (
        Contribution.campaign_id == campaign.id,
        or_(col(Contribution.occurred_on) < start, col(Contribution.occurred_on) > end),
    )
    count = session.exec(select(func.count()).select_from(Contribution).where(*outside)).one()
    if count:
        first, last = session.exec(  # the dates of those outside, not of all of them
            select(func.min(Contribution.occurred_on), func.max(Contribution.occurred_on)).where(
                *outside
            )
        ).one()
        raise InvalidInput(
            f"Không đổi được thời gian phong trào thành {start:%d/%m/%Y} – {end:%d/%m/%Y}: "
            f"còn {count} đóng góp ghi ngày ngoài khoảng đó (ghi từ "
            f"{first:%d/%m/%Y} đến {last:%d/%m/%Y}); hãy sửa hoặc xóa chúng trước."
        )


def _refuse_if_used(*, session: Session, content: CampaignContent) -> None:
    """Refuse to drop a content that contributions are recorded against."""
    from sqlmodel import func

    from stc_thidua.models import Contribution

    count = session.exec(
        select(func.count()).select_from(Contribution).where(Contribution.content_id == content.id)
    ).one()
    if count:
        raise InvalidInput(
            f"Không bỏ được nội dung thi đua số {content.position}: còn {count} đóng góp ghi "
            "cho nội dung này; hãy chuyển chúng sang nội dung khác trước "
            f"(thidua contribution edit SỐ --content N)."
        )


def list_campaigns(*, session: Session) -> list[Campaign]:
    """All campaigns, newest first."""
    return list(
        session.exec(
            select(Campaign).order_by(col(Campaign.start_date).desc(), col(Campaign.id).desc())
        ).all()
    )


def find_campaign(*, session: Session, query: str | None = None) -> Campaign:
    """The campaign named by id, code or title; without a name, the current one."""
    campaigns = list_campaigns(session=session)
    if not campaigns:
        raise NotFound("Chưa có phong trào thi đua nào; hãy tạo bằng “thidua campaign create”.")
    if query is None or not query.strip():
        current = get_setting(session=session, key=CURRENT_CAMPAIGN)
        found = session.get(Campaign, int(current)) if current and current.isdigit() else None
        if found is not None:
            return found
        if len(campaigns) == 1:
            return campaigns[0]
        raise InvalidInput(
            "Chưa chọn phong trào; dùng --campaign hoặc “thidua campaign use MÃ” "
            f"(có: {', '.join(c.code for c in campaigns[:5])})."
        )
    return match_campaign(session=session, query=query).item


def match_campaign(*, session: Session, query: str) -> Match[Campaign]:
    """The campaign named by `query` (its id as listed, code or title), and whether exactly."""
    campaigns = list_campaigns(session=session)
    row_id = as_id(query)
    if row_id is not None:
        by_id = session.get(Campaign, row_id)
        if by_id is not None:
            return Match(by_id, by_id.code, exact=True)
        if not any(c.code_key == name_key(query) for c in campaigns):
            raise NotFound(
                f"Không có phong trào mã số {row_id} (xem cột Mã của “thidua campaign list”)."
            )
    return match(query, campaigns, lambda c: [c.code, c.title, c.movement_name], "phong trào")


def contents_of(*, session: Session, campaign: Campaign) -> list[CampaignContent]:
    """The contents of a campaign in plan order."""
    from stc_thidua.models import CampaignContent

    return list(
        session.exec(
            select(CampaignContent)
            .where(CampaignContent.campaign_id == campaign.id)
            .order_by(col(CampaignContent.position))
        ).all()
    )


def targets_of(*, session: Session, campaign: Campaign) -> list[Target]:
    """The targets of a campaign."""
    from stc_thidua.models import Target

    return list(
        session.exec(
            select(Target).where(Target.campaign_id == campaign.id).order_by(col(Target.id))
        ).all()
    )


def campaign_data(*, session: Session, campaign: Campaign) -> dict[str, Any]:
    """A campaign as plain data, in the shape `create_campaign` and campaign files take."""
    data = campaign.model_dump(
        exclude={"id", "agency_id", "status", "created_at", "doc_type", "code_key"}, mode="json"
    )
    data["contents"] = [c.text for c in contents_of(session=session, campaign=campaign)]
    data["targets"] = [
        {"name": t.name, "value": t.value, "unit": t.unit}
        for t in targets_of(session=session, campaign=campaign)
    ]
    from stc_thidua.domain.outline import PLAN, section_data, sections_of

    data["sections"] = [
        section_data(row) for row in sections_of(session=session, campaign=campaign, document=PLAN)
    ]
    from stc_thidua.domain.awards import award_entries

    data["awards"] = award_entries(session=session, campaign=campaign)
    return data


# fields that an empty value typed on the command line clears (they may be blank)
CLEARABLE = ("doc_number", "issued_day", "issued_month")


def edit_campaign(*, session: Session, campaign: Campaign, changes: dict[str, Any]) -> Campaign:
    """Change some fields; the whole campaign is validated again. "" clears a number."""
    ensure_editable(campaign)
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    for key in CLEARABLE:
        if isinstance(changes.get(key), str) and not changes[key].strip():
            changes[key] = None
    merged = {**campaign_data(session=session, campaign=campaign), **changes}
    awards = merged.pop("awards", None)
    valid = validate(CampaignCreate, merged)
    check_code_unique(session=session, code=valid.code, except_id=campaign.id)
    _refuse_stranding(
        session=session, campaign=campaign, start=valid.start_date, end=valid.end_date
    )
    agency = get_or_create_agency(session=session, abbr=valid.agency_abbr)
    row = valid.model_dump(exclude={"contents", "targets", "recipients", "sections"})
    for key, value in row.items():
        setattr(campaign, key, value)
    campaign.recipients = [r.model_dump() for r in valid.recipients]
    campaign.agency_id = agency.id  # type: ignore[assignment]
    session.add(campaign)
    session.flush()
    _replace_children(session=session, campaign=campaign, valid=valid)
    if "awards" in changes and awards is not None:
        from stc_thidua.domain.awards import set_awards

        set_awards(session=session, campaign=campaign, entries=awards)
    return campaign


def ensure_editable(campaign: Campaign) -> None:
    """Refuse to change a closed campaign ("đã tổng kết") until it is reopened."""
    if campaign.status == CLOSED:
        raise InvalidInput(
            f"Phong trào “{campaign.code}” đã tổng kết nên chỉ được xem; muốn sửa, "
            f"hãy mở lại trước: thidua campaign reopen {campaign.code}."
        )


def use_campaign(*, session: Session, campaign: Campaign) -> None:
    """Make `campaign` the current one, so later commands need no --campaign."""
    set_setting(session=session, key=CURRENT_CAMPAIGN, value=str(campaign.id))


def set_status(*, session: Session, campaign: Campaign, status: str) -> Campaign:
    """Move a campaign one step along dự thảo → đã phát động → đang thực hiện → đã tổng kết."""
    order = list(STATUSES)
    here, there = order.index(campaign.status), order.index(status)
    if there != here + 1:
        if there <= here:
            reason = "chỉ chuyển theo chiều tiến"
            if campaign.status == CLOSED:
                reason += f"; muốn mở lại: thidua campaign reopen {campaign.code}"
        else:
            reason = f"phải qua “{STATUSES[order[here + 1]]}” trước"
        raise InvalidInput(
            f"Phong trào “{campaign.code}” đang ở trạng thái “{STATUSES[campaign.status]}”, "
            f"không thể chuyển sang “{STATUSES[status]}”: {reason}."
        )
    campaign.status = status
    session.add(campaign)
    return campaign


def reopen_campaign(*, session: Session, campaign: Campaign) -> Campaign:
    """Reopen a closed campaign: back from "đã tổng kết" to "đang thực hiện"."""
    if campaign.status != CLOSED:
        raise InvalidInput(
            f"Phong trào “{campaign.code}” đang ở trạng thái “{STATUSES[campaign.status]}”, "
            "chưa tổng kết nên không cần mở lại."
        )
    campaign.status = "dang_thuc_hien"
    session.add(campaign)
    return campaign


def read_campaign_file(path: Path) -> dict[str, Any]:
    """Read a plan file (TOML); errors name the file, the key and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp kế hoạch {path}.") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"Tệp kế hoạch {path} không phải văn bản UTF-8.") from None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp kế hoạch {path}: {os_reason(exc)}.") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:  # "[[[[...": tomllib parses nested arrays recursively
        raise InvalidInput(f"Tệp kế hoạch {path.name} lồng mảng quá sâu.") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        line = f" ở dòng {where.group(1)}" if where else ""
        raise InvalidInput(f"Tệp kế hoạch {path.name} sai cú pháp TOML{line}.") from None
    _check_shape(path, text, data)
    for key in ("start_date", "end_date"):
        if isinstance(data.get(key), dt.date | str):
            data[key] = str(data[key])
    return data


_INTS = ("doc_number", "issued_year", "issued_month", "issued_day")
_DATES = ("start_date", "end_date")
_TABLES = {
    "recipients": ("name", "remark"),
    "targets": ("name", "value", "unit"),
    "sections": ("heading", "after", "paragraphs", "items", "numbered", "bullets"),
    "awards": ("form", "nominee", "max", "criteria"),
}


def _kind_of(value: Any) -> str:
    """What a TOML value is, in the words of the error messages."""
    if isinstance(value, bool):
        return "đúng/sai"
    if isinstance(value, int | float):
        return "số"
    if isinstance(value, dt.date):
        return "ngày"
    if isinstance(value, str):
        return "văn bản"
    if isinstance(value, dict):
        return "bảng"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "danh sách bảng"
    return "danh sách"


def _expected(key: str) -> str:
    if key in _INTS:
        return "số nguyên"
    if key in _DATES:
        return "ngày (vd. 2021-04-09)"
    if key in _TABLES:
        return f"danh sách bảng [[{key}]] có {', '.join(_TABLES[key])}"
    if key in LIST_FIELDS:
        return 'danh sách văn bản ["...", "..."]'
    return "văn bản"


def _fits(key: str, value: Any) -> bool:
    if key in _INTS:
        return isinstance(value, int) and not isinstance(value, bool)
    if key in _DATES:
        return isinstance(value, dt.date | str)
    if key in _TABLES:
        return isinstance(value, list) and all(
            isinstance(v, dict) and set(v) <= set(_TABLES[key]) for v in value
        )
    if key in LIST_FIELDS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, str)


def _check_shape(path: Path, text: str, data: dict[str, Any]) -> None:
    """Refuse a TOML file that is not a campaign plan, naming the first key that is wrong."""
    for key, value in data.items():
        if key not in FIELDS and key not in EXTRA_KEYS:
            raise InvalidInput(
                f"Tệp {path.name} không phải kế hoạch phong trào: dòng {_line_of(text, key)}, "
                f"khóa “{shown(key, 40)}” không được biết."
            )
        if key in _TABLES and isinstance(value, list):
            for row in value:
                extra = sorted(set(row) - set(_TABLES[key])) if isinstance(row, dict) else []
                if extra:
                    known = ", ".join(_TABLES[key])
                    raise InvalidInput(
                        f"Tệp {path.name} không phải kế hoạch phong trào: bảng [[{key}]] có khóa "
                        f"“{shown(extra[0], 40)}” không được biết (chỉ có {known})."
                    )
        if not _fits(key, value):
            raise InvalidInput(
                f"Tệp {path.name} không phải kế hoạch phong trào: dòng {_line_of(text, key)}, "
                f"khóa “{key}” phải là {_expected(key)}, không phải {_kind_of(value)}."
            )


def _line_of(text: str, key: str) -> int:
    """The line where `key = ...` stands in a TOML text (1-based), or 0."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line) or line.strip() == f"[[{key}]]":
            return number
    return 0


AGENCY_KEYS = ("agency_abbr", "agency_name", "parent_body", "place")


def _drop_past_names(*, session: Session, data: dict[str, Any], typed: set[str]) -> None:
    """Forget a plan file's header names that are a name period of its agency.

    A plan exported in 2021 carries "UBND TỈNH SÓC TRĂNG" and "Sóc Trăng"; reused for 2026
    it must print the names in force on its own date (the 2025 merger), which
    `_fill_agency_names` then fills. Names the file gives that the agency never had stay.
    """
    from stc_thidua.domain.agencies import periods_of

    abbr = str(data.get("agency_abbr") or "").strip().upper()
    agency = session.exec(select(Agency).where(Agency.abbr == abbr)).first() if abbr else None
    if agency is None:
        return
    periods = periods_of(session=session, agency=agency)
    fields = {"parent_body": "parent_body", "agency_name": "name", "place": "place"}
    for key, attr in fields.items():
        value = data.get(key)
        if key in typed or not isinstance(value, str):
            continue
        if any(value.strip().casefold() == getattr(p, attr).casefold() for p in periods):
            del data[key]


def create_from_file(*, session: Session, path: Path, overrides: dict[str, Any]) -> Campaign:
    """Create a campaign from a plan file, command-line options winning over the file."""
    data = read_campaign_file(path)
    given = {k: v for k, v in overrides.items() if v is not None}
    if given.get("agency") or given.get("agency_abbr"):  # another agency: its names, not the file's
        for key in AGENCY_KEYS:
            if key not in given:
                data.pop(key, None)
    data.update(given)
    _drop_past_names(session=session, data=data, typed=set(given))
    try:
        return create_campaign(session=session, data=data)
    except InvalidInput as exc:
        text = path.read_text(encoding="utf-8")
        lines = [_line_of(text, key) for key in exc.fields if key in data]
        where = f", dòng {lines[0]}" if lines and lines[0] else ""
        raise InvalidInput(f"Tệp kế hoạch {path.name}{where}: {exc.message}") from None


def campaign_toml(*, session: Session, campaign: Campaign) -> str:
    """The campaign as a plan file that `campaign create --from` reads back.

    The document number and the day of issue are left blank: they belong to this year's
    registered document, not to the plan reused next year.
    """
    import tomli_w

    data = campaign_data(session=session, campaign=campaign)
    for key in ("doc_number", "issued_day"):
        data.pop(key, None)
    for key in ("start_date", "end_date"):
        data[key] = dt.date.fromisoformat(data[key])
    tables = {key: data.pop(key) for key in ("recipients", "targets", "sections", "awards")}
    plain = {key: value for key, value in data.items() if value not in (None, "")}
    rows = {
        key: [{k: v for k, v in row.items() if v != ""} for row in rows]
        for key, rows in tables.items()
        if rows
    }
    header = (
        f"# Kế hoạch “{campaign.code}”, xuất từ thidua.\n"
        "# Số văn bản và ngày ban hành để trống: ghi khi văn bản mới được đăng ký số.\n\n"
    )
    text: str = tomli_w.dumps({**plain, **rows}, multiline_strings=False, indent=4)
    return header + text


# a plan's title begins with what the plan is and does: "Kế hoạch phát động phong trào ..."
_PLAN_WORDS = re.compile(r"^\s*(?:k[eếệ]\s*ho[aạ]ch\s+)?(?:ph[aá]t\s+[dđ][oộ]ng\s+)?", re.I)
_PLAN_ONLY = re.compile(r"^\s*k[eếệ]\s*ho[aạ]ch\s+", re.I)
_YEAR_END = re.compile(r"\s+n[aă]m\s+\d{4}\s*$", re.I)


def movement_phrase(campaign: Campaign) -> str:
    """ "Phong trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới”" (no year).

    Without a movement name, the plan's title loses its "Kế hoạch", its "phát động" and its
    year, whatever their case and marks: "Kế hoạch phát động phong trào thi đua chuyển đổi số
    năm 2025" is the "Phong trào thi đua chuyển đổi số".
    """
    if campaign.movement_name:
        named = _YEAR_END.sub("", campaign.movement_name)
        if fold(named).startswith("phong trao thi dua "):  # typed with its own "Phong trào"
            return named[:1].upper() + named[1:]
        return f"Phong trào thi đua “{campaign.movement_name}”"
    title = _YEAR_END.sub("", _PLAN_WORDS.sub("", campaign.title, count=1))
    title = title.lower() if title.isupper() else title  # a title typed in capitals
    return title[:1].upper() + title[1:]


def plan_subject(campaign: Campaign) -> str:
    """What the plan is about, to follow "về việc": its title without a leading "Kế hoạch"."""
    title = _PLAN_ONLY.sub("", campaign.title, count=1)
    title = title.lower() if title.isupper() else title  # a title typed in capitals
    return title[:1].lower() + title[1:]


def header_names(
    *, session: Session, campaign: Campaign, on: dt.date | None
) -> tuple[str, str, str]:
    """Parent body, agency name and place that a document of `campaign` dated `on` prints."""
    from stc_thidua.domain.agencies import periods_of

    agency = session.get(Agency, campaign.agency_id)
    periods = periods_of(session=session, agency=agency) if agency is not None else []
    return names_in_force(campaign, periods, on)


def names_in_force(
    campaign: Campaign, periods: Sequence[AgencyName], on: dt.date | None
) -> tuple[str, str, str]:
    """Parent body, agency name and place of a document of `campaign` dated `on`.

    The plan prints the names in force on its own date; a report or a decision issued after
    the agency was renamed (the 2025 merger put the Sở Tài chính Sóc Trăng under UBND thành
    phố Cần Thơ) prints the names in force on its date. Names typed for the campaign that
    the agency did not have on the plan's date are the campaign's own and are kept.
    """
    stored = (campaign.parent_body.upper(), campaign.agency_name, campaign.place)
    if on is None:
        return stored
    plan_day = issue_date(campaign.issued_year, campaign.issued_month, campaign.issued_day)
    then = period_in(periods, plan_day or campaign.start_date)
    if then is None or (then.parent_body.upper(), then.name, then.place) != stored:
        return stored
    now = period_in(periods, on)
    return (now.parent_body.upper(), now.name, now.place) if now is not None else stored

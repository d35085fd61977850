"""Campaigns (phong trào thi đua): create, find, edit, launch, close."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from stc_thidua.domain.agencies import (
    find_agency,
    get_or_create_agency,
    names_on,
    resolve_agency,
)
from stc_thidua.domain.settings import CURRENT_CAMPAIGN, get_setting, set_setting
from stc_thidua.errors import Duplicate, InvalidInput, NotFound, ThiduaError, os_reason
from stc_thidua.models import Agency, Campaign, CampaignContent, Target
from stc_thidua.schemas import CampaignCreate, validate
from stc_thidua.text import as_id, match_one

# status code → what the clerk reads
STATUSES: dict[str, str] = {
    "du_thao": "dự thảo",
    "da_phat_dong": "đã phát động",
    "dang_thuc_hien": "đang thực hiện",
    "da_tong_ket": "đã tổng kết",
}

# campaign fields that may be given in a file or on the command line
FIELDS = tuple(name for name in CampaignCreate.model_fields)
LIST_FIELDS = ("basis", "purposes", "requirements", "contents", "implementation")


def _issue_date(data: dict[str, Any]) -> dt.date | None:
    """The date the plan's names are chosen by: its issue date, else its start."""
    year = data.get("issued_year")
    if isinstance(year, int) and 1900 <= year <= 2200:
        month = data.get("issued_month") if isinstance(data.get("issued_month"), int) else None
        day = data.get("issued_day") if isinstance(data.get("issued_day"), int) else None
        try:
            return dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
    start = data.get("start_date")
    return start if isinstance(start, dt.date) else None


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
        from stc_thidua.schemas import parse_date

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
    _fill_agency_names(session=session, data=data)
    valid = validate(CampaignCreate, data)
    if session.exec(select(Campaign).where(Campaign.code == valid.code)).first():
        raise Duplicate(f"Đã có phong trào mã “{valid.code}”; hãy chọn mã khác.")
    agency = get_or_create_agency(session=session, abbr=valid.agency_abbr)
    row = valid.model_dump(exclude={"contents", "targets", "recipients"})
    row["agency_abbr"] = agency.abbr
    row["recipients"] = [r.model_dump() for r in valid.recipients]
    campaign = Campaign.model_validate({**row, "agency_id": agency.id})
    session.add(campaign)
    session.flush()
    _replace_children(session=session, campaign=campaign, valid=valid)
    from stc_thidua.domain.kinds import copy_default_kinds

    copy_default_kinds(session=session, campaign=campaign)
    if get_setting(session=session, key=CURRENT_CAMPAIGN) is None:
        set_setting(session=session, key=CURRENT_CAMPAIGN, value=str(campaign.id))
    return campaign


def _replace_children(*, session: Session, campaign: Campaign, valid: CampaignCreate) -> None:
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
    for content in existing[len(valid.contents) :]:
        _refuse_if_used(session=session, content=content)
        session.delete(content)
    for target in session.exec(select(Target).where(Target.campaign_id == campaign.id)).all():
        session.delete(target)
    for t in valid.targets:
        session.add(Target(campaign_id=campaign.id, **t.model_dump()))  # type: ignore[arg-type]
    session.flush()


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
    row_id = as_id(query)
    if row_id is not None:
        by_id = session.get(Campaign, row_id)
        if by_id is not None:
            return by_id
    return match_one(query, campaigns, lambda c: [c.code, c.title, c.movement_name], "phong trào")


def contents_of(*, session: Session, campaign: Campaign) -> list[CampaignContent]:
    """The contents of a campaign in plan order."""
    return list(
        session.exec(
            select(CampaignContent)
            .where(CampaignContent.campaign_id == campaign.id)
            .order_by(col(CampaignContent.position))
        ).all()
    )


def targets_of(*, session: Session, campaign: Campaign) -> list[Target]:
    """The targets of a campaign."""
    return list(
        session.exec(
            select(Target).where(Target.campaign_id == campaign.id).order_by(col(Target.id))
        ).all()
    )


def campaign_data(*, session: Session, campaign: Campaign) -> dict[str, Any]:
    """A campaign as plain data, in the shape `create_campaign` and campaign files take."""
    data = campaign.model_dump(
        exclude={"id", "agency_id", "status", "created_at", "doc_type"}, mode="json"
    )
    data["contents"] = [c.text for c in contents_of(session=session, campaign=campaign)]
    data["targets"] = [
        {"name": t.name, "value": t.value, "unit": t.unit}
        for t in targets_of(session=session, campaign=campaign)
    ]
    return data


def edit_campaign(*, session: Session, campaign: Campaign, changes: dict[str, Any]) -> Campaign:
    """Change some fields; the whole campaign is validated again."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    merged = {**campaign_data(session=session, campaign=campaign), **changes}
    valid = validate(CampaignCreate, merged)
    if (
        valid.code != campaign.code
        and session.exec(select(Campaign).where(Campaign.code == valid.code)).first()
    ):
        raise Duplicate(f"Đã có phong trào mã “{valid.code}”.")
    agency = get_or_create_agency(session=session, abbr=valid.agency_abbr)
    row = valid.model_dump(exclude={"contents", "targets", "recipients"})
    for key, value in row.items():
        setattr(campaign, key, value)
    campaign.recipients = [r.model_dump() for r in valid.recipients]
    campaign.agency_id = agency.id  # type: ignore[assignment]
    session.add(campaign)
    session.flush()
    _replace_children(session=session, campaign=campaign, valid=valid)
    return campaign


def use_campaign(*, session: Session, campaign: Campaign) -> None:
    """Make `campaign` the current one, so later commands need no --campaign."""
    set_setting(session=session, key=CURRENT_CAMPAIGN, value=str(campaign.id))


def set_status(*, session: Session, campaign: Campaign, status: str) -> Campaign:
    """Move a campaign along dự thảo → đã phát động → đang thực hiện → đã tổng kết."""
    order = list(STATUSES)
    if order.index(status) <= order.index(campaign.status):
        raise InvalidInput(
            f"Phong trào “{campaign.code}” đang ở trạng thái “{STATUSES[campaign.status]}”, "
            f"không thể chuyển sang “{STATUSES[status]}”."
        )
    campaign.status = status
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
    unknown = [k for k in data if k not in FIELDS and k != "agency"]
    if unknown:
        key = unknown[0]
        raise InvalidInput(
            f"Tệp kế hoạch {path.name}, dòng {_line_of(text, key)}: khóa “{key}” không được biết."
        )
    for key in ("start_date", "end_date"):
        if isinstance(data.get(key), dt.date | str):
            data[key] = str(data[key])
    return data


def _line_of(text: str, key: str) -> int:
    """The line where `key = ...` stands in a TOML text (1-based), or 0."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line) or line.strip() == f"[[{key}]]":
            return number
    return 0


def create_from_file(*, session: Session, path: Path, overrides: dict[str, Any]) -> Campaign:
    """Create a campaign from a plan file, command-line options winning over the file."""
    data = read_campaign_file(path)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return create_campaign(session=session, data=data)
    except InvalidInput as exc:
        text = path.read_text(encoding="utf-8")
        lines = [_line_of(text, key) for key in exc.fields if key in data]
        where = f", dòng {lines[0]}" if lines and lines[0] else ""
        raise InvalidInput(f"Tệp kế hoạch {path.name}{where}: {exc.message}") from None


def _toml_value(value: Any) -> str:
    """One TOML value: strings with JSON-compatible escapes, numbers, dates, lists of these."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + "".join(f"    {_toml_value(v)},\n" for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def campaign_toml(*, session: Session, campaign: Campaign) -> str:
    """The campaign as a plan file that `campaign create --from` reads back."""
    data = campaign_data(session=session, campaign=campaign)
    tables = {key: data.pop(key) for key in ("recipients", "targets")}
    for key in ("start_date", "end_date"):
        data[key] = dt.date.fromisoformat(data[key])
    lines = [f"# Kế hoạch “{campaign.code}”, xuất từ thidua.", ""]
    for key, value in data.items():
        if value is None or value == "":
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    for key, rows in tables.items():
        for row in rows:
            lines += ["", f"[[{key}]]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in row.items() if v != ""]
    return "\n".join(lines) + "\n"

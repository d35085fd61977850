"""`thidua campaign`: create, list, show, edit, use, launch, close a campaign."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    FORCE_OPTION,
    JSON_OPTION,
    done,
    interactive,
    print_json,
    print_or_write,
    print_table,
    say,
    session,
)

app = group(
    {
        "xuat": "export",
        "trangthai": "status",
        "tao": "create",
        "themmoi": "create",
        "danhsach": "list",
        "xem": "show",
        "sua": "edit",
        "dung": "use",
        "chon": "use",
        "phatdong": "launch",
        "ketthuc": "close",
        "tongket": "close",
        "molai": "reopen",
        "muc": "section",
    }
)

FROM = typer.Option(
    None, "--from", help="Tệp kế hoạch TOML (vd. data/ke-hoach-soc-trang-2021.toml)."
)
CODE = typer.Option(None, "--code", help="Mã ngắn của phong trào, vd. ntm-2021.")
AGENCY = typer.Option(None, "--agency", help="Cơ quan đã có (ký hiệu hoặc tên), vd. STC.")
ABBR = typer.Option(None, "--abbr", help="Ký hiệu viết tắt của cơ quan ban hành, vd. STC.")
AGENCY_NAME = typer.Option(None, "--agency-name", help="Tên cơ quan ban hành, vd. Sở Tài chính.")
PARENT = typer.Option(None, "--parent-body", help="Cơ quan cấp trên, vd. UBND tỉnh Sóc Trăng.")
PLACE = typer.Option(None, "--place", help="Địa danh ghi ở dòng ngày tháng, vd. Sóc Trăng.")
# a string, so that any text typed is answered by the schema in Vietnamese
NUMBER = typer.Option(None, "--number", help="Số văn bản (để trống đến khi đăng ký số).")
DATE = typer.Option(
    None, "--date", help="Ngày ban hành: 09/4/2021, 2021-04-09, hoặc thiếu ngày: 4/2021, 2021."
)
TITLE = typer.Option(None, "--title", help="Trích yếu, vd. Phát động Phong trào thi đua ...")
MOVEMENT = typer.Option(None, "--movement", help="Tên phong trào (không có ngoặc kép).")
BASIS = typer.Option(None, "--basis", help="Căn cứ / lời mở đầu; lặp lại cho nhiều dòng.")
PURPOSE = typer.Option(None, "--purpose", help="Mục đích; lặp lại cho nhiều đoạn.")
REQUIREMENT = typer.Option(None, "--requirement", help="Yêu cầu; lặp lại cho nhiều đoạn.")
CONTENT = typer.Option(None, "--content", help="Nội dung thi đua; lặp lại cho từng nội dung.")
TIME_FRAME = typer.Option(None, "--time-frame", help="Thời gian thi đua (một câu).")
START = typer.Option(None, "--start", help="Ngày bắt đầu (mặc định: ngày ban hành).")
END = typer.Option(None, "--end", help="Ngày kết thúc (mặc định: 31/12 năm ban hành).")
TASK = typer.Option(None, "--task", help="Tổ chức thực hiện: đoạn đánh số; lặp lại.")
RECIPIENT = typer.Option(
    None, "--recipient", help="Nơi nhận, vd. “Sở NN và PTNT (để biết)”; lặp lại."
)
ARCHIVE = typer.Option(None, "--archive", help="Dòng lưu, vd. “VT, VP” (in “- Lưu: VT, VP.”).")
SIGNER_PREFIX = typer.Option(None, "--signer-prefix", help="Quyền ký: KT., TM., Q., TL., TUQ.")
SIGNER_PREFIX_TITLE = typer.Option(
    None, "--signer-prefix-title", help="Chức danh thủ trưởng khi ký thay, vd. Giám đốc."
)
SIGNER_TITLE = typer.Option(None, "--signer-title", help="Chức danh người ký, vd. Giám đốc.")
SIGNER_NAME = typer.Option(None, "--signer-name", help="Họ tên người ký.")
TARGET = typer.Option(
    None, "--target", help="Chỉ tiêu “TÊN=SỐ ĐƠN-VỊ”, vd. “Xã đạt chuẩn NTM=55 xã”; lặp lại."
)


def parse_recipient(value: str) -> dict[str, str]:
    """ "Sở NN và PTNT (để biết)" → name and remark."""
    match = re.match(r"^(.*?)\s*(\([^()]*\))\s*;?$", value.strip())
    if match and match.group(1):
        return {"name": match.group(1), "remark": match.group(2)}
    return {"name": value.strip().rstrip(";"), "remark": ""}


def parse_target(value: str) -> dict[str, Any]:
    """ "Xã đạt chuẩn NTM=55 xã" → name, value, unit."""
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import shown

    name, sep, rest = value.partition("=")
    number, _, unit = rest.strip().partition(" ")
    try:
        amount = float(number.replace(".", "").replace(",", "."))
    except ValueError:
        amount = -1
    if not sep or not name.strip() or amount < 0:
        raise InvalidInput(f"Chỉ tiêu “{shown(value)}” không hợp lệ; dạng đúng: “TÊN=SỐ ĐƠN-VỊ”.")
    return {"name": name.strip(), "value": amount, "unit": unit.strip()}


def options_to_data(**opts: Any) -> dict[str, Any]:
    """Campaign fields from command-line options (None means not given)."""
    data: dict[str, Any] = {
        "code": opts["code"],
        "agency": opts["agency"],
        "agency_abbr": opts["abbr"],
        "agency_name": opts["agency_name"],
        "parent_body": opts["parent_body"],
        "place": opts["place"],
        "doc_number": opts["number"],
        "title": opts["title"],
        "movement_name": opts["movement"],
        "time_frame": opts["time_frame"],
        "start_date": opts["start"],
        "end_date": opts["end"],
        "archive": opts["archive"],
        "signer_prefix": opts["signer_prefix"],
        "signer_prefix_title": opts["signer_prefix_title"],
        "signer_title": opts["signer_title"],
        "signer_name": opts["signer_name"],
    }
    for key, option in (
        ("basis", "basis"),
        ("purposes", "purpose"),
        ("requirements", "requirement"),
        ("contents", "content"),
        ("implementation", "task"),
    ):
        if opts[option]:
            data[key] = list(opts[option])
    if opts["recipient"]:
        data["recipients"] = [parse_recipient(r) for r in opts["recipient"]]
    if opts["target"]:
        data["targets"] = [parse_target(t) for t in opts["target"]]
    if opts["date"]:
        from stc_thidua.dates import parse_issue_date

        data.update(parse_issue_date(opts["date"]))
    return {k: v for k, v in data.items() if v is not None}


def _prompt_missing(data: dict[str, Any]) -> None:
    """Ask for the required fields (the domain's list) a person at the terminal left out."""
    from stc_thidua.dates import parse_issue_date
    from stc_thidua.domain.campaigns import missing_prompts

    for key, label in missing_prompts(data):
        if key == "date":
            data.update(parse_issue_date(typer.prompt(label)))
        else:
            data[key] = typer.prompt(label)


@app.command("create")
def create(
    ctx: typer.Context,
    from_file: Path | None = FROM,
    code: str | None = CODE,
    agency: str | None = AGENCY,
    abbr: str | None = ABBR,
    agency_name: str | None = AGENCY_NAME,
    parent_body: str | None = PARENT,
    place: str | None = PLACE,
    number: str | None = NUMBER,
    date: str | None = DATE,
    title: str | None = TITLE,
    movement: str | None = MOVEMENT,
    basis: list[str] | None = BASIS,
    purpose: list[str] | None = PURPOSE,
    requirement: list[str] | None = REQUIREMENT,
    content: list[str] | None = CONTENT,
    time_frame: str | None = TIME_FRAME,
    start: str | None = START,
    end: str | None = END,
    task: list[str] | None = TASK,
    recipient: list[str] | None = RECIPIENT,
    archive: str | None = ARCHIVE,
    signer_prefix: str | None = SIGNER_PREFIX,
    signer_prefix_title: str | None = SIGNER_PREFIX_TITLE,
    signer_title: str | None = SIGNER_TITLE,
    signer_name: str | None = SIGNER_NAME,
    target: list[str] | None = TARGET,
) -> None:
    """Tạo phong trào thi đua (kế hoạch) từ tùy chọn hoặc từ tệp --from (tạo, thêm-mới)."""
    data = options_to_data(**{k: v for k, v in locals().items() if k not in {"ctx", "from_file"}})
    from stc_thidua.domain import campaigns

    if from_file is None and interactive():
        _prompt_missing(data)
    with session(ctx, create=True) as s:
        if from_file is not None:
            campaign = campaigns.create_from_file(session=s, path=from_file, overrides=data)
        else:
            campaign = campaigns.create_campaign(session=s, data=data)
    done(f"Đã tạo phong trào “{campaign.code}”: {campaign.title}.")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Liệt kê các phong trào (danh-sách)."""
    from stc_thidua.domain import campaigns
    from stc_thidua.domain.settings import CURRENT_CAMPAIGN, get_setting

    with session(ctx) as s:
        rows = campaigns.list_campaigns(session=s)
        current = get_setting(session=s, key=CURRENT_CAMPAIGN)
    if as_json:
        print_json(
            [
                {
                    "id": c.id,
                    "code": c.code,
                    "title": c.title,
                    "status": c.status,
                    "start_date": c.start_date,
                    "end_date": c.end_date,
                    "current": str(c.id) == current,
                }
                for c in rows
            ]
        )
        return
    print_table(
        "Phong trào thi đua",
        ["", "Mã", "Mã ngắn", "Trích yếu", "Thời gian", "Trạng thái"],
        [
            (
                "*" if str(c.id) == current else "",
                c.id,
                c.code,
                c.title,
                f"{c.start_date:%d/%m/%Y} – {c.end_date:%d/%m/%Y}",
                campaigns.STATUSES[c.status],
            )
            for c in rows
        ],
    )


# the fields of `campaign show`, in the order the plan prints them
SHOW_ORDER = (
    "code",
    "status",
    "parent_body",
    "agency_name",
    "agency_abbr",
    "doc_number",
    "place",
    "issued_day",
    "title",
    "movement_name",
    "basis",
    "purposes",
    "requirements",
    "contents",
    "targets",
    "time_frame",
    "start_date",
    "end_date",
    "implementation",
    "recipients",
    "archive",
    "signer_prefix",
    "signer_prefix_title",
    "signer_title",
    "signer_name",
)


@app.command("show")
def show(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="Mã, số hoặc tên (mặc định: đang dùng)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Xem toàn bộ một phong trào, theo thứ tự của kế hoạch (xem)."""
    from stc_thidua.domain import campaigns

    with session(ctx) as s:
        campaign = campaigns.find_campaign(session=s, query=name)
        data = campaigns.campaign_data(session=s, campaign=campaign)
    data = {"id": campaign.id, "status": campaign.status, **data}
    if as_json:
        print_json(data)
        return
    for label, value in campaign_lines(data):
        if isinstance(value, list):
            say(f"{label}:")
            for item in value:
                say(f"  - {item}")
        else:
            say(f"{label}: {value}")


def campaign_lines(data: dict[str, Any]) -> list[tuple[str, str | list[str]]]:
    """A campaign's fields as (Vietnamese label, text) in plan order; blank fields left out."""
    from stc_thidua.domain.campaigns import STATUSES
    from stc_thidua.render.filters import vn_number
    from stc_thidua.schemas import LABELS

    def text(key: str, value: Any) -> str | list[str]:
        if key == "status":
            return STATUSES.get(str(value), str(value))
        if key == "issued_day":
            parts = [data.get("issued_day"), data.get("issued_month"), data.get("issued_year")]
            return "/".join(f"{p:02d}" if i < 2 else str(p) for i, p in enumerate(parts) if p)
        if key in ("start_date", "end_date"):
            return f"{dt.date.fromisoformat(str(value)):%d/%m/%Y}"
        if key == "targets":
            return [f"{t['name']}: {vn_number(t['value'])} {t['unit']}".strip() for t in value]
        if key == "recipients":
            return [f"{r['name']} {r.get('remark', '')}".strip() for r in value]
        if isinstance(value, list):
            return [str(v) for v in value]
        return str(value)

    skipped = {"id", "issued_month", "issued_year"}
    keys = [k for k in SHOW_ORDER if k in data or k == "issued_day"]
    keys += [k for k in data if k not in SHOW_ORDER and k not in skipped]
    lines: list[tuple[str, str | list[str]]] = []
    for key in keys:
        value = data.get(key)
        if key == "doc_number" and value is None:
            value = "chưa đăng ký số"
        if value in (None, "", []) and key != "issued_day":
            continue
        label = LABELS.get(key, "trạng thái" if key == "status" else key)
        shown = text(key, value)
        if shown:
            lines.append((label[:1].upper() + label[1:], shown))
    return lines


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="Mã, số hoặc tên (mặc định: đang dùng)."),
    code: str | None = CODE,
    abbr: str | None = ABBR,
    agency_name: str | None = AGENCY_NAME,
    parent_body: str | None = PARENT,
    place: str | None = PLACE,
    number: str | None = NUMBER,
    date: str | None = DATE,
    title: str | None = TITLE,
    movement: str | None = MOVEMENT,
    basis: list[str] | None = BASIS,
    purpose: list[str] | None = PURPOSE,
    requirement: list[str] | None = REQUIREMENT,
    content: list[str] | None = CONTENT,
    time_frame: str | None = TIME_FRAME,
    start: str | None = START,
    end: str | None = END,
    task: list[str] | None = TASK,
    recipient: list[str] | None = RECIPIENT,
    archive: str | None = ARCHIVE,
    signer_prefix: str | None = SIGNER_PREFIX,
    signer_prefix_title: str | None = SIGNER_PREFIX_TITLE,
    signer_title: str | None = SIGNER_TITLE,
    signer_name: str | None = SIGNER_NAME,
    target: list[str] | None = TARGET,
) -> None:
    """Sửa phong trào; tùy chọn danh sách (--content ...) thay cả danh sách (sửa)."""
    opts = {k: v for k, v in locals().items() if k not in {"ctx", "name"}}
    changes = options_to_data(agency=None, **opts)
    from stc_thidua.domain import campaigns
    from stc_thidua.domain.kinds import list_kinds

    with session(ctx) as s:
        campaign = campaigns.find_campaign(session=s, query=name)
        served = {k.id: k.content_position for k in list_kinds(session=s, campaign=campaign)}
        campaigns.edit_campaign(session=s, campaign=campaign, changes=changes)
        cleared = [
            k.name
            for k in list_kinds(session=s, campaign=campaign)
            if served.get(k.id) is not None and k.content_position is None
        ]
    note = (
        "; các loại " + ", ".join(f"“{n}”" for n in cleared) + " không còn nội dung mặc định "
        "(nội dung đó đã bỏ), đặt lại bằng “thidua kind edit LOẠI --content N”"
        if cleared
        else ""
    )
    done(f"Đã sửa phong trào “{campaign.code}”{note}.")


@app.command("use")
def use(ctx: typer.Context, name: str = typer.Argument(..., help="Mã, số hoặc tên.")) -> None:
    """Chọn phong trào đang dùng cho các lệnh sau (dùng, chọn)."""
    from stc_thidua.domain import campaigns

    with session(ctx) as s:
        campaign = campaigns.find_campaign(session=s, query=name)
        campaigns.use_campaign(session=s, campaign=campaign)
    done(f"Đang dùng phong trào “{campaign.code}”.")


def _move(ctx: typer.Context, name: str | None, status: str) -> None:
    from stc_thidua.domain import campaigns

    with session(ctx) as s:
        campaign = campaigns.find_campaign(session=s, query=name)
        campaigns.set_status(session=s, campaign=campaign, status=status)
    done(f"Phong trào “{campaign.code}”: {campaigns.STATUSES[status]}.")


@app.command("launch")
def launch(
    ctx: typer.Context, name: str | None = typer.Argument(None, help="Mã, số hoặc tên.")
) -> None:
    """Phát động phong trào: chuyển từ dự thảo sang đã phát động (phát-động)."""
    _move(ctx, name, "da_phat_dong")


@app.command("close")
def close(
    ctx: typer.Context, name: str | None = typer.Argument(None, help="Mã, số hoặc tên.")
) -> None:
    """Kết thúc phong trào sau tổng kết (kết-thúc)."""
    _move(ctx, name, "da_tong_ket")


@app.command("reopen")
def reopen(
    ctx: typer.Context, name: str | None = typer.Argument(None, help="Mã, số hoặc tên.")
) -> None:
    """Mở lại phong trào đã tổng kết để sửa: về “đang thực hiện” (mở-lại)."""
    from stc_thidua.domain import campaigns

    with session(ctx) as s:
        campaign = campaigns.find_campaign(session=s, query=name)
        campaigns.reopen_campaign(session=s, campaign=campaign)
    done(f"Đã mở lại phong trào “{campaign.code}”: {campaigns.STATUSES[campaign.status]}.")


@app.command("export")
def export(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="Mã, số hoặc tên (mặc định: đang dùng)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Tệp TOML (mặc định: màn hình)."),
    force: bool = FORCE_OPTION,
) -> None:
    """Xuất phong trào ra tệp kế hoạch TOML, dùng lại được với --from (xuất)."""
    from stc_thidua.domain import campaigns

    with session(ctx) as s:
        text = campaigns.campaign_toml(
            session=s, campaign=campaigns.find_campaign(session=s, query=name)
        )
    print_or_write(text, out, force=force)


@app.command("status")
def status(
    ctx: typer.Context,
    new_status: str = typer.Argument(
        ..., help="Trạng thái mới: đã phát động, đang thực hiện, đã tổng kết."
    ),
    name: str | None = typer.Option(None, "--campaign", "-c", help="Mã, số hoặc tên."),
) -> None:
    """Chuyển trạng thái phong trào, chỉ theo chiều tiến (trạng-thái)."""
    from stc_thidua.domain.campaigns import STATUSES
    from stc_thidua.text import choose

    options = {**{code: code for code in STATUSES}, **{v: k for k, v in STATUSES.items()}}
    _move(ctx, name, choose(new_status, options, "Trạng thái", STATUSES))


def _register_sections() -> None:
    from stc_thidua.cli.sections import app as sections_app

    app.add_typer(
        sections_app, name="section", help="Mục bổ sung của kế hoạch: thêm, xem, xóa (mục)."
    )


_register_sections()

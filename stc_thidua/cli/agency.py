"""`thidua agency`: issuing agencies and the names they print by period."""

from __future__ import annotations

from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import JSON_OPTION, confirm, done, print_json, print_table, session

app = group(
    {
        "them": "add",
        "danhsach": "list",
        "xem": "show",
        "sua": "edit",
        "xoa": "remove",
    }
)

NAME = typer.Argument(..., help="Ký hiệu, mã số hoặc tên cơ quan, vd. STC.")
PARENT_HELP = "Cơ quan cấp trên (bỏ trống nếu cơ quan đứng đầu, vd. UBND tỉnh, Bộ)."


def _period(row: Any) -> dict[str, Any]:
    return {
        "name": row.name,
        "parent_body": row.parent_body,
        "place": row.place,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
    }


def _until(row: Any) -> str:
    return f"{row.valid_to:%d/%m/%Y}" if row.valid_to else "nay"


@app.command("add")
def add(
    ctx: typer.Context,
    abbr: str = typer.Argument(..., help="Ký hiệu viết tắt, vd. STC."),
    name: str = typer.Option(..., "--name", help="Tên cơ quan, vd. Sở Tài chính."),
    parent_body: str | None = typer.Option(None, "--parent-body", help=PARENT_HELP),
    place: str = typer.Option(..., "--place", help="Địa danh trên dòng ngày tháng."),
    valid_from: str = typer.Option(..., "--from", help="Tên này dùng từ ngày (dd/mm/yyyy)."),
    valid_to: str | None = typer.Option(None, "--to", help="Đến hết ngày (để trống: nay)."),
) -> None:
    """Thêm cơ quan, hoặc tên mới từ một ngày (sau sáp nhập); thời kỳ đang dùng tự đóng lại
    vào ngày hôm trước (thêm)."""
    from stc_thidua.domain.agencies import add_agency_name

    data = {
        "abbr": abbr,
        "name": name,
        "parent_body": parent_body,
        "place": place,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    with session(ctx, create=True) as s:
        added = add_agency_name(session=s, data=data)
    row = added.row
    if added.existed:
        done(f"Đã có tên “{row.name}” từ {row.valid_from:%d/%m/%Y}; không đổi gì.")
        return
    if added.closed is not None:
        closed = added.closed
        done(f"Thời kỳ tên “{closed.name}” trước đó nay kết thúc ngày {_until(closed)}.")
    where = f" ({row.parent_body})" if row.parent_body else ""
    done(f"Đã thêm tên “{row.name}”{where} từ {row.valid_from:%d/%m/%Y}.")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Liệt kê cơ quan và tên theo thời kỳ (danh-sách)."""
    from stc_thidua.domain.agencies import list_agencies

    with session(ctx) as s:
        rows = list_agencies(session=s)
    flat = [{"id": a.id, "abbr": a.abbr, **_period(p)} for a, periods in rows for p in periods]
    if as_json:
        print_json(flat)
        return
    print_table(
        "Cơ quan ban hành",
        ["Mã", "Ký hiệu", "Tên", "Cấp trên", "Địa danh", "Từ", "Đến"],
        [
            (
                r["id"],
                r["abbr"],
                r["name"],
                r["parent_body"],
                r["place"],
                f"{r['valid_from']:%d/%m/%Y}",
                f"{r['valid_to']:%d/%m/%Y}" if r["valid_to"] else "nay",
            )
            for r in flat
        ],
    )


@app.command("show")
def show(ctx: typer.Context, name: str = NAME, as_json: bool = JSON_OPTION) -> None:
    """Xem một cơ quan và tên của nó theo thời kỳ (xem)."""
    from stc_thidua.domain.agencies import find_agency, periods_of

    with session(ctx) as s:
        agency = find_agency(session=s, query=name)
        periods = periods_of(session=s, agency=agency)
    if as_json:
        print_json({"id": agency.id, "abbr": agency.abbr, "periods": [_period(p) for p in periods]})
        return
    typer.echo(f"Cơ quan {agency.abbr} (mã {agency.id})")
    print_table(
        "Tên theo thời kỳ",
        ["Từ", "Đến", "Tên", "Cấp trên", "Địa danh"],
        [(f"{p.valid_from:%d/%m/%Y}", _until(p), p.name, p.parent_body, p.place) for p in periods],
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: str = NAME,
    abbr: str | None = typer.Option(None, "--abbr", help="Ký hiệu viết tắt mới."),
    period: str | None = typer.Option(
        None, "--period", help="Sửa thời kỳ chứa ngày này (mặc định: thời kỳ mới nhất)."
    ),
    new_name: str | None = typer.Option(None, "--name", help="Tên cơ quan trong thời kỳ."),
    parent_body: str | None = typer.Option(None, "--parent-body", help=PARENT_HELP),
    place: str | None = typer.Option(None, "--place", help="Địa danh trên dòng ngày tháng."),
    valid_from: str | None = typer.Option(None, "--from", help="Ngày bắt đầu thời kỳ."),
    valid_to: str | None = typer.Option(
        None, "--to", help='Ngày kết thúc thời kỳ ("" : còn dùng đến nay).'
    ),
) -> None:
    """Sửa ký hiệu cơ quan, hoặc tên, cấp trên, địa danh, ngày của một thời kỳ (sửa)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.agencies import edit_agency, find_agency

    changes = {
        "abbr": abbr,
        "name": new_name,
        "parent_body": parent_body,
        "place": place,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    on = to_date(period, "--period") if period else None
    with session(ctx) as s:
        agency = find_agency(session=s, query=name)
        edit_agency(session=s, agency=agency, changes=changes, period=on)
    done(f"Đã sửa cơ quan {agency.abbr}.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = NAME,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một cơ quan chưa có phong trào hay đơn vị nào (xóa)."""
    from stc_thidua.domain.agencies import find_agency, periods_of, remove_agency

    with session(ctx) as s:
        agency = find_agency(session=s, query=name)
        names = ", ".join(sorted({p.name for p in periods_of(session=s, agency=agency)}))
        what = f"mã {agency.id}" + (f": {names}" if names else "")
        confirm(f"Xóa cơ quan {agency.abbr} ({what})?", yes=yes)
        remove_agency(session=s, agency=agency)
    done(f"Đã xóa cơ quan {agency.abbr}.")

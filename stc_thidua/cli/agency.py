"""`thidua agency`: issuing agencies and the names they print by period."""

from __future__ import annotations

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import JSON_OPTION, done, print_json, print_table, session

app = group({"them": "add", "danhsach": "list"})


@app.command("add")
def add(
    ctx: typer.Context,
    abbr: str = typer.Argument(..., help="Ký hiệu viết tắt, vd. STC."),
    name: str = typer.Option(..., "--name", help="Tên cơ quan, vd. Sở Tài chính."),
    parent_body: str = typer.Option(..., "--parent-body", help="Cơ quan cấp trên."),
    place: str = typer.Option(..., "--place", help="Địa danh trên dòng ngày tháng."),
    valid_from: str = typer.Option(..., "--from", help="Tên này dùng từ ngày (dd/mm/yyyy)."),
    valid_to: str | None = typer.Option(None, "--to", help="Đến hết ngày (để trống: nay)."),
) -> None:
    """Thêm cơ quan, hoặc tên mới của cơ quan từ một ngày (sau sáp nhập) (thêm)."""
    from stc_thidua.domain.agencies import add_agency_name

    data = {
        "abbr": abbr,
        "name": name,
        "parent_body": parent_body,
        "place": place,
        "valid_from": valid_from,
        "valid_to": valid_to,
    }
    with session(ctx) as s:
        row = add_agency_name(session=s, data=data)
        done(f"Đã thêm tên “{row.name}” ({row.parent_body}) từ {row.valid_from:%d/%m/%Y}.")


@app.command("list")
def list_(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Liệt kê cơ quan và tên theo thời kỳ (danh-sách)."""
    from stc_thidua.domain.agencies import list_agencies

    with session(ctx) as s:
        rows = list_agencies(session=s)
    flat = [
        {
            "abbr": a.abbr,
            "name": p.name,
            "parent_body": p.parent_body,
            "place": p.place,
            "valid_from": p.valid_from,
            "valid_to": p.valid_to,
        }
        for a, periods in rows
        for p in periods
    ]
    if as_json:
        print_json(flat)
        return
    print_table(
        "Cơ quan ban hành",
        ["Ký hiệu", "Tên", "Cấp trên", "Địa danh", "Từ", "Đến"],
        [
            (
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

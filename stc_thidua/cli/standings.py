"""`thidua standings`: the tracking table, ranked (bảng theo dõi, xếp hạng)."""

from __future__ import annotations

from pathlib import Path

import typer

from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    FORCE_OPTION,
    JSON_OPTION,
    print_json,
    print_table,
)


def standings(
    ctx: typer.Context,
    by: str = typer.Option(
        "unit",
        "--by",
        help="Xếp hạng theo: đơn vị (mặc định) hoặc cá nhân.",
        show_default=False,
    ),
    kind: list[str] | None = typer.Option(
        None, "--kind", "-k", help="Chỉ tính loại này (lặp lại cho nhiều loại)."
    ),
    quarter: int | None = typer.Option(None, "--quarter", "-q", min=1, max=4, help="Chỉ quý này."),
    year: int | None = typer.Option(
        None,
        "--year",
        min=1900,
        max=2200,
        help="Năm của quý (mặc định: năm đầu tiên quý đó nằm trong phong trào).",
    ),
    start: str | None = typer.Option(None, "--from", help="Từ ngày (dd/mm/yyyy)."),
    end: str | None = typer.Option(None, "--to", help="Đến ngày (dd/mm/yyyy)."),
    all_statuses: bool = typer.Option(
        False, "--all-statuses", help="Tính cả đóng góp chưa xác nhận và bị từ chối."
    ),
    fmt: str | None = typer.Option(None, "--format", "-f", help="xlsx: ghi bảng ra tệp Excel."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Tệp Excel kết quả (.xlsx)."),
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Bảng theo dõi, xếp hạng thi đua theo đơn vị hoặc cá nhân (xếp-hạng)."""
    from stc_thidua.cli.common import session
    from stc_thidua.dates import to_date
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import kind_index, period_bounds
    from stc_thidua.domain.standings import build_standings
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import choose

    grouping = choose(
        by,
        {
            "unit": "unit",
            "donvi": "unit",
            "tapthe": "unit",
            "phong": "unit",
            "person": "person",
            "canhan": "person",
            "nguoi": "person",
            "canbo": "person",
        },
        "--by",
        {"unit": "đơn vị", "person": "cá nhân"},
    )
    if fmt is not None or out is not None:
        chosen = choose(
            fmt or (out.suffix.lstrip(".") if out else ""), {"xlsx": "xlsx"}, "Định dạng"
        )
        if out is None or out.suffix.lower() != ".xlsx":
            raise InvalidInput(f"Bảng xếp hạng {chosen} cần --out TỆP.xlsx.")
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        index = kind_index(session=s, campaign=found)
        first, last = period_bounds(
            campaign=found,
            quarter=quarter,
            start=to_date(start, "--from") if start else None,
            end=to_date(end, "--to") if end else None,
            year=year,
        )
        table = build_standings(
            session=s,
            campaign=found,
            by=grouping,
            kinds=[index.resolve(k) for k in kind] if kind else None,
            start=first,
            end=last,
            all_statuses=all_statuses,
        )
    if out is not None:
        from stc_thidua.cli.common import save
        from stc_thidua.render.sheets import standings_sheet, workbook_bytes

        save(out, workbook_bytes([standings_sheet(table)]), force=force)
        return
    if as_json:
        print_json(table.as_json())
        return
    from stc_thidua.render.filters import vn_number

    person = grouping == "person"
    headers = ["Hạng", "Họ và tên" if person else "Đơn vị"] + (["Đơn vị"] if person else [])
    headers += [k.name for k in table.kinds] + ["Số tiền (đồng)", "Ngày công", "Điểm"]
    print_table(
        f"Xếp hạng thi đua ({found.code}), {table.period_label}"
        + ("" if all_statuses else ", đóng góp đã xác nhận"),
        headers,
        [
            (
                line.rank,
                line.name,
                *([line.unit] if person else []),
                *(vn_number(line.kinds[k.code].quantity) for k in table.kinds),
                vn_number(line.total.amount),
                vn_number(line.total.work_days),
                vn_number(line.total.points),
            )
            for line in table.rows
        ],
    )

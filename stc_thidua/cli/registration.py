"""`thidua register` and `thidua registration`: who registered for the campaign."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    JSON_OPTION,
    confirm,
    done,
    print_json,
    print_table,
    session,
)
from stc_thidua.cli.importing import DRY_RUN, SHEET, run_import

app = group({"danhsach": "list", "nhap": "import", "xoa": "remove"})

UNIT = typer.Option(None, "--unit", "-u", help="Đơn vị (tên hoặc mã).")
PERSON = typer.Option(None, "--person", "-p", help="Cá nhân đăng ký (họ tên).")


def register(
    ctx: typer.Context,
    unit: str | None = UNIT,
    person: str | None = PERSON,
    title: str | None = typer.Option(
        None,
        "--title",
        help="Danh hiệu đăng ký theo quy định khen thưởng của phong trào (tên hoặc viết tắt), "
        "vd. Tập thể lao động tiên tiến, LĐTT.",
    ),
    commitment: str | None = typer.Option(None, "--commitment", help="Nội dung đăng ký, cam kết."),
    date: str | None = typer.Option(
        None,
        "--date",
        help="Ngày đăng ký (mặc định: hôm nay, hoặc ngày bắt đầu nếu hôm nay ngoài phong trào).",
    ),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Đăng ký thi đua cho một đơn vị hoặc cá nhân (đăng-ký)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.registrations import add_registration, resolve_who

    data = {"target_title": title, "commitment": commitment, "registered_on": date}
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        unit_row, person_row = resolve_who(session=s, campaign=found, unit=unit, person=person)
        add_registration(session=s, campaign=found, unit=unit_row, person=person_row, data=data)
        who = person_row.full_name if person_row else unit_row.name
        done(f"Đã đăng ký “{who}” vào phong trào “{found.code}”.")


@app.command("list")
def list_(
    ctx: typer.Context,
    missing: bool = typer.Option(
        False, "--missing", help="Các đơn vị và cá nhân của cơ quan chưa đăng ký."
    ),
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Ai đã đăng ký thi đua; --missing: ai chưa đăng ký (danh-sách)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.registrations import list_registrations, missing_registrations

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        if missing:
            units, persons = missing_registrations(session=s, campaign=found)
        else:
            rows = list_registrations(session=s, campaign=found)
    if missing:
        if as_json:
            print_json(
                {
                    "units": [{"id": u.id, "name": u.name} for u in units],
                    "persons": [
                        {"id": p.id, "full_name": p.full_name, "unit": unit_name}
                        for p, unit_name in persons
                    ],
                }
            )
            return
        print_table(
            f"Chưa đăng ký ({found.code}): {len(units)} đơn vị, {len(persons)} cá nhân",
            ["STT", "Đơn vị", "Cá nhân"],
            [(i, u.name, "") for i, u in enumerate(units, start=1)]
            + [
                (len(units) + i, unit_name, p.full_name)
                for i, (p, unit_name) in enumerate(persons, start=1)
            ],
        )
        return
    if as_json:
        print_json([r.as_json() for r in rows])
        return
    print_table(
        f"Đăng ký thi đua ({found.code}): {len(rows)}",
        ["STT", "Đơn vị", "Cá nhân", "Danh hiệu đăng ký", "Nội dung đăng ký", "Ngày"],
        [
            (
                i,
                r.unit,
                r.person or "",
                r.target_title,
                r.commitment,
                f"{r.registered_on:%d/%m/%Y}",
            )
            for i, r in enumerate(rows, start=1)
        ],
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ..., help="Tệp Excel hoặc CSV: Đơn vị, Họ và tên, Danh hiệu đăng ký, Nội dung đăng ký."
    ),
    sheet: str | None = SHEET,
    dry_run: bool = DRY_RUN,
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Nhập các đăng ký thi đua từ tệp Excel hoặc CSV: cả tệp đúng mới ghi (nhập)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.imports import import_registrations

    def work(s: Any, progress: Any) -> Any:
        found = find_campaign(session=s, query=campaign)
        return import_registrations(
            session=s, campaign=found, path=path, sheet=sheet, dry_run=dry_run, progress=progress
        )

    run_import(
        ctx,
        work,
        path=path,
        what="đăng ký",
        dry_run=dry_run,
        as_json=as_json,
        columns=[
            ("unit", "Đơn vị"),
            ("person", "Cá nhân"),
            ("target_title", "Danh hiệu"),
            ("registered_on", "Ngày"),
        ],
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    unit: str | None = UNIT,
    person: str | None = PERSON,
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa đăng ký của một đơn vị hoặc cá nhân (xóa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.registrations import (
        check_removable,
        get_registration,
        remove_registration,
        resolve_who,
    )

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        unit_row, person_row = resolve_who(session=s, campaign=found, unit=unit, person=person)
        row = get_registration(session=s, campaign=found, unit=unit_row, person=person_row)
        who = person_row.full_name if person_row else unit_row.name
        check_removable(session=s, registration=row)  # said before asking
        confirm(f"Xóa đăng ký của “{who}”?", yes=yes)
        remove_registration(session=s, registration=row)
        done(f"Đã xóa đăng ký của “{who}”.")

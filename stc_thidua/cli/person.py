"""`thidua person`: civil servants and employees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    FORCE_OPTION,
    JSON_OPTION,
    confirm,
    done,
    print_json,
    print_or_write,
    print_table,
    say,
    session,
)
from stc_thidua.cli.importing import DRY_RUN, SHEET, run_import

app = group(
    {
        "them": "add",
        "danhsach": "list",
        "xem": "show",
        "sua": "edit",
        "xoa": "remove",
        "nhap": "import",
        "xuat": "export",
    }
)

AGENCY = typer.Option(None, "--agency", help="Cơ quan (mặc định: của phong trào đang dùng).")
NAME = typer.Argument(..., help="Họ tên hoặc số của người (có dấu hay không đều được).")
UNIT = typer.Option(None, "--unit", "-u", help="Đơn vị (tên hoặc mã).")
POSITION = typer.Option(None, "--position", help="Chức vụ, vd. Chuyên viên.")
GENDER = typer.Option(None, "--gender", help="Giới tính: Nam hoặc Nữ.")


def person_dict(person: object, unit_name: str) -> dict[str, object]:
    """A person as plain data for --json."""
    from stc_thidua.models import Person

    assert isinstance(person, Person)
    return {
        "id": person.id,
        "full_name": person.full_name,
        "unit": unit_name,
        "unit_id": person.unit_id,
        "position": person.position,
        "gender": person.gender,
    }


@app.command("add")
def add(
    ctx: typer.Context,
    full_name: str = typer.Argument(..., help="Họ và tên."),
    unit: str = typer.Option(..., "--unit", "-u", help="Đơn vị (tên hoặc mã)."),
    position: str | None = POSITION,
    gender: str | None = GENDER,
    agency: str | None = AGENCY,
) -> None:
    """Thêm một người vào đơn vị (thêm)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.persons import add_person
    from stc_thidua.domain.units import find_unit

    data = {"full_name": full_name, "position": position, "gender": gender}
    with session(ctx, create=True) as s:
        found = find_unit(session=s, query=unit, agency=resolve_agency(session=s, query=agency))
        person = add_person(session=s, unit=found, data=data)
    done(f"Đã thêm “{person.full_name}” (mã {person.id}) vào {found.name}.")


@app.command("list")
def list_(
    ctx: typer.Context,
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Liệt kê người, xếp theo tên kiểu Việt Nam (danh-sách)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.persons import GENDERS, list_persons
    from stc_thidua.domain.units import find_unit, list_units

    with session(ctx) as s:
        found_agency = resolve_agency(session=s, query=agency)
        found = find_unit(session=s, query=unit, agency=found_agency) if unit else None
        people = list_persons(session=s, unit=found, agency=found_agency)
        names = {u.id: u.name for u in list_units(session=s, agency=found_agency)}
    if as_json:
        print_json([person_dict(p, names.get(p.unit_id, "")) for p in people])
        return
    print_table(
        found.name if found else f"Cán bộ, công chức ({found_agency.abbr})",
        ["Mã", "Họ và tên", "Đơn vị", "Chức vụ", "Giới tính"],
        [
            (p.id, p.full_name, names.get(p.unit_id, ""), p.position, GENDERS.get(p.gender, ""))
            for p in people
        ],
    )


@app.command("show")
def show(
    ctx: typer.Context,
    name: str = NAME,
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Xem một người (xem)."""
    from stc_thidua.domain.persons import GENDERS, locate_person
    from stc_thidua.models import Unit

    with session(ctx) as s:
        person = locate_person(session=s, query=name, unit=unit, agency=agency)
        unit_row = s.get(Unit, person.unit_id)
    data = person_dict(person, unit_row.name if unit_row else "")
    if as_json:
        print_json(data)
        return
    say(f"{person.full_name} — {person.position or 'chưa ghi chức vụ'}, {data['unit']}")
    if person.gender:
        say(f"Giới tính: {GENDERS[person.gender]}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: str = NAME,
    new_name: str | None = typer.Option(None, "--name", help="Họ tên mới."),
    unit: str | None = typer.Option(None, "--unit", "-u", help="Đơn vị hiện tại (để phân biệt)."),
    move_to: str | None = typer.Option(None, "--move-to", help="Chuyển sang đơn vị khác."),
    position: str | None = POSITION,
    gender: str | None = GENDER,
    agency: str | None = AGENCY,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại khi chuyển đơn vị."),
) -> None:
    """Sửa thông tin một người hoặc chuyển đơn vị (sửa)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.persons import contributions_in_unit, edit_person, locate_match
    from stc_thidua.domain.units import match_unit
    from stc_thidua.models import Unit

    changes = {"full_name": new_name, "position": position, "gender": gender}
    with session(ctx) as s:
        found = locate_match(session=s, query=name, unit=unit, agency=agency)
        person = found.item
        target = None
        if move_to:
            where = match_unit(
                session=s, query=move_to, agency=resolve_agency(session=s, query=agency)
            )
            target = where.item
            if not (found.exact and where.exact):  # a guessed name: show what it resolved to
                here = s.get(Unit, person.unit_id)
                confirm(
                    f"Chuyển “{person.full_name}” (mã {person.id}, {here.name if here else ''}) "
                    f"sang “{target.name}”?",
                    yes=yes,
                )
        old_unit = s.get(Unit, person.unit_id)
        moved = target is not None and old_unit is not None and target.id != old_unit.id
        staying = contributions_in_unit(session=s, person=person) if moved else 0
        edit_person(session=s, person=person, changes=changes, unit=target)
    if moved and target is not None and old_unit is not None:
        kept = (
            f"; {staying} đóng góp đã ghi vẫn tính cho “{old_unit.name}”, nơi đã làm"
            if staying
            else ""
        )
        done(f"Đã chuyển “{person.full_name}” sang “{target.name}”{kept}.")
        return
    done(f"Đã sửa “{person.full_name}”.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = NAME,
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một người chưa có hồ sơ nào (xóa)."""
    from stc_thidua.domain.persons import locate_person, remove_person
    from stc_thidua.models import Unit

    with session(ctx) as s:
        person = locate_person(session=s, query=name, unit=unit, agency=agency)
        here = s.get(Unit, person.unit_id)
        confirm(f"Xóa “{person.full_name}” (mã {person.id}, {here.name if here else ''})?", yes=yes)
        remove_person(session=s, person=person)
    done(f"Đã xóa “{person.full_name}”.")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ..., help="Tệp CSV hoặc Excel: Họ và tên, Đơn vị, Chức vụ, Giới tính."
    ),
    agency: str | None = AGENCY,
    sheet: str | None = SHEET,
    dry_run: bool = DRY_RUN,
    as_json: bool = JSON_OPTION,
) -> None:
    """Nhập người từ tệp CSV hoặc Excel: cả tệp hợp lệ mới ghi (nhập)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.imports import import_persons

    def work(s: Any, progress: Any) -> Any:
        found = resolve_agency(session=s, query=agency)
        return import_persons(
            session=s, agency=found, path=path, sheet=sheet, dry_run=dry_run, progress=progress
        )

    run_import(
        ctx,
        work,
        path=path,
        what="người",
        dry_run=dry_run,
        as_json=as_json,
        columns=[("full_name", "Họ và tên"), ("unit", "Đơn vị"), ("position", "Chức vụ")],
    )


@app.command("export")
def export(
    ctx: typer.Context,
    out: Path | None = typer.Option(None, "--out", "-o", help="Tệp CSV (mặc định: màn hình)."),
    agency: str | None = AGENCY,
    force: bool = FORCE_OPTION,
) -> None:
    """Xuất danh sách người ra CSV, nhập lại được bằng lệnh import (xuất)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.persons import persons_csv

    with session(ctx) as s:
        text = persons_csv(session=s, agency=resolve_agency(session=s, query=agency))
    print_or_write(text, out, excel=True, force=force)

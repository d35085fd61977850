"""`thidua unit`: the units (phòng, ban) of an agency."""

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
NAME = typer.Argument(..., help="Tên hoặc mã đơn vị (có dấu hay không đều được).")
CODE = typer.Option(None, "--code", help="Tên viết tắt, vd. QLNS.")
KIND = typer.Option(
    None, "--kind", help="Loại: Ban Giám đốc, Văn phòng, Thanh tra, Phòng, Đơn vị trực thuộc."
)
HEAD_TITLE = typer.Option(None, "--head-title", help="Chức danh trưởng đơn vị.")
HEAD_NAME = typer.Option(None, "--head-name", help="Họ tên trưởng đơn vị.")
PARENT = typer.Option(None, "--parent", help="Đơn vị cấp trên.")


def unit_dict(unit: object, people: int = 0) -> dict[str, object]:
    """A unit as plain data for --json."""
    from stc_thidua.domain.units import KINDS
    from stc_thidua.models import Unit

    assert isinstance(unit, Unit)
    return {
        "id": unit.id,
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "kind_label": KINDS.get(unit.kind, unit.kind),
        "head_title": unit.head_title,
        "head_name": unit.head_name,
        "parent_id": unit.parent_id,
        "people": people,
    }


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Tên đơn vị, vd. Phòng Quản lý ngân sách."),
    code: str | None = CODE,
    kind: str | None = KIND,
    head_title: str | None = HEAD_TITLE,
    head_name: str | None = HEAD_NAME,
    parent: str | None = PARENT,
    agency: str | None = AGENCY,
) -> None:
    """Thêm một đơn vị (thêm)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import add_unit

    data = {
        "name": name,
        "code": code,
        "kind": kind,
        "head_title": head_title,
        "head_name": head_name,
        "parent": parent,
    }
    with session(ctx, create=True) as s:
        unit = add_unit(session=s, agency=resolve_agency(session=s, query=agency), data=data)
    done(f"Đã thêm đơn vị “{unit.name}” (mã {unit.id}, viết tắt {unit.code}).")


@app.command("list")
def list_(ctx: typer.Context, agency: str | None = AGENCY, as_json: bool = JSON_OPTION) -> None:
    """Liệt kê đơn vị theo thứ tự văn bản (danh-sách)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import KINDS, list_units, unit_counts

    with session(ctx) as s:
        found = resolve_agency(session=s, query=agency)
        units = list_units(session=s, agency=found)
        counts = unit_counts(session=s)
    if as_json:
        print_json([unit_dict(u, counts.get(u.id or 0, 0)) for u in units])
        return
    print_table(
        f"Đơn vị ({found.abbr})",
        ["Mã", "Tên đơn vị", "Viết tắt", "Loại", "Trưởng đơn vị", "Số người"],
        [
            (
                u.id,
                u.name,
                u.code,
                KINDS.get(u.kind, u.kind),
                f"{u.head_title} {u.head_name}".strip(),
                counts.get(u.id or 0, 0),
            )
            for u in units
        ],
    )


@app.command("show")
def show(
    ctx: typer.Context,
    name: str = NAME,
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Xem một đơn vị và người của đơn vị (xem)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.persons import GENDERS, list_persons
    from stc_thidua.domain.units import find_unit

    with session(ctx) as s:
        unit = find_unit(session=s, query=name, agency=resolve_agency(session=s, query=agency))
        people = list_persons(session=s, unit=unit)
    data = unit_dict(unit, len(people))
    if as_json:
        data["persons"] = [
            {"id": p.id, "full_name": p.full_name, "position": p.position, "gender": p.gender}
            for p in people
        ]
        print_json(data)
        return
    say(f"{unit.name} ({unit.code}) — {data['kind_label']}")
    if unit.head_name:
        say(f"{unit.head_title}: {unit.head_name}")
    print_table(
        "Cán bộ, công chức",
        ["Mã", "Họ và tên", "Chức vụ", "Giới tính"],
        [(p.id, p.full_name, p.position, GENDERS.get(p.gender, "")) for p in people],
    )


@app.command("edit")
def edit(
    ctx: typer.Context,
    name: str = NAME,
    new_name: str | None = typer.Option(None, "--name", help="Tên mới."),
    code: str | None = CODE,
    kind: str | None = KIND,
    head_title: str | None = HEAD_TITLE,
    head_name: str | None = HEAD_NAME,
    parent: str | None = PARENT,
    agency: str | None = AGENCY,
) -> None:
    """Sửa một đơn vị (sửa)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import edit_unit, find_unit

    changes = {
        "name": new_name,
        "code": code,
        "kind": kind,
        "head_title": head_title,
        "head_name": head_name,
        "parent": parent,
    }
    with session(ctx) as s:
        unit = find_unit(session=s, query=name, agency=resolve_agency(session=s, query=agency))
        edit_unit(session=s, unit=unit, changes=changes)
    done(f"Đã sửa đơn vị “{unit.name}”.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    name: str = NAME,
    agency: str | None = AGENCY,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một đơn vị không còn người hay hồ sơ nào (xóa)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import find_unit, remove_unit

    with session(ctx) as s:
        unit = find_unit(session=s, query=name, agency=resolve_agency(session=s, query=agency))
        confirm(f"Xóa đơn vị “{unit.name}” (mã {unit.id}, viết tắt {unit.code})?", yes=yes)
        remove_unit(session=s, unit=unit)
    done(f"Đã xóa đơn vị “{unit.name}”.")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ..., help="Tệp CSV hoặc Excel: Tên đơn vị, Mã, Loại, Chức danh trưởng, ..."
    ),
    agency: str | None = AGENCY,
    sheet: str | None = SHEET,
    dry_run: bool = DRY_RUN,
    as_json: bool = JSON_OPTION,
) -> None:
    """Nhập đơn vị từ tệp CSV hoặc Excel: cả tệp hợp lệ mới ghi, có lỗi thì không ghi gì (nhập)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.imports import import_units

    def work(s: Any, progress: Any) -> Any:
        found = resolve_agency(session=s, query=agency)
        return import_units(
            session=s, agency=found, path=path, sheet=sheet, dry_run=dry_run, progress=progress
        )

    run_import(
        ctx,
        work,
        path=path,
        what="đơn vị",
        dry_run=dry_run,
        as_json=as_json,
        columns=[("name", "Tên đơn vị"), ("code", "Mã"), ("kind", "Loại"), ("parent", "Cấp trên")],
    )


@app.command("export")
def export(
    ctx: typer.Context,
    out: Path | None = typer.Option(None, "--out", "-o", help="Tệp CSV (mặc định: màn hình)."),
    agency: str | None = AGENCY,
    force: bool = FORCE_OPTION,
) -> None:
    """Xuất danh sách đơn vị ra CSV, nhập lại được bằng lệnh import (xuất)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.units import units_csv

    with session(ctx) as s:
        text = units_csv(session=s, agency=resolve_agency(session=s, query=agency))
    print_or_write(text, out, excel=True, force=force)

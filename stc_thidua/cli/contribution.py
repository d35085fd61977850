"""`thidua contribution`: what units and persons contributed, and the Office's verification."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    FORCE_OPTION,
    JSON_OPTION,
    confirm,
    done,
    print_json,
    print_table,
    session,
)
from stc_thidua.cli.importing import DRY_RUN, SHEET, run_import

app = group(
    {
        "them": "add",
        "ghi": "add",
        "danhsach": "list",
        "xem": "show",
        "sua": "edit",
        "xoa": "remove",
        "xacnhan": "verify",
        "duyet": "verify",
        "tuchoi": "reject",
        "nhap": "import",
        "xuat": "export",
    }
)

MAX_ID = 2**62
UNIT = typer.Option(None, "--unit", "-u", help="Đơn vị (tên hoặc mã).")
PERSON = typer.Option(None, "--person", "-p", help="Cá nhân (họ tên); bỏ trống: của đơn vị.")
PERSON_FILTER = typer.Option(None, "--person", "-p", help="Chỉ đóng góp của cá nhân này (họ tên).")
KIND = typer.Option(
    None, "--kind", "-k", help="Loại: giải pháp, tuyên truyền, mô hình, xã hội hóa, khác."
)
KINDS = typer.Option(None, "--kind", "-k", help="Chỉ loại này (lặp lại cho nhiều loại).")
TITLE = typer.Option(None, "--title", "-t", help="Nội dung, tên giải pháp.")
DATE = typer.Option(None, "--date", "-d", help="Ngày: 15/06/2021 hoặc 2021-06-15.")
QUANTITY = typer.Option(None, "--quantity", help="Số lượng (mặc định 1).")
AMOUNT = typer.Option(None, "--amount", help="Số tiền vận động, đồng: 1500000 hoặc 1.500.000.")
WORK_DAYS = typer.Option(None, "--work-days", help="Số ngày công.")
EVIDENCE = typer.Option(None, "--evidence", help="Minh chứng: Công văn số 123/STC-NS ngày ...")
DESCRIPTION = typer.Option(None, "--description", help="Mô tả thêm.")
CONTENT = typer.Option(
    None, "--content", min=1, max=100, help="Nội dung thi đua số mấy của kế hoạch."
)
QUARTER = typer.Option(None, "--quarter", "-q", min=1, max=4, help="Chỉ quý này (1–4).")
YEAR = typer.Option(
    None,
    "--year",
    min=1900,
    max=2200,
    help="Năm của quý (mặc định: năm đầu tiên quý đó nằm trong phong trào).",
)
FROM = typer.Option(None, "--from", help="Từ ngày (dd/mm/yyyy).")
TO = typer.Option(None, "--to", help="Đến ngày (dd/mm/yyyy).")
STATUS = typer.Option(None, "--status", help="Trạng thái: chờ xác nhận, đã xác nhận, bị từ chối.")
YES = typer.Option(False, "--yes", "-y", help="Không hỏi lại.")
ID = typer.Argument(..., min=1, max=MAX_ID, help="Số (mã) của đóng góp, cột “Số” khi liệt kê.")


def sheet_format(fmt: str | None, out: Path | None) -> str:
    """ "xlsx" or "csv": as --format says, else as the --out file's extension says."""
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import choose

    formats = {"xlsx": "xlsx", "excel": "xlsx", "csv": "csv"}
    by_suffix = {".xlsx": "xlsx", ".csv": "csv"}.get(out.suffix.lower()) if out else None
    if out is not None and by_suffix is None:
        raise InvalidInput(f"Tệp {out.name}: chỉ xuất được .xlsx hoặc .csv.")
    chosen = choose(fmt, formats, "Định dạng") if fmt else (by_suffix or "csv")
    if by_suffix is not None and chosen != by_suffix:
        raise InvalidInput(f"Định dạng {chosen} không khớp với đuôi tệp {out.name if out else ''}.")
    if chosen == "xlsx" and out is None:
        raise InvalidInput("Xuất Excel cần --out TỆP.xlsx.")
    return chosen


def _money(value: int) -> str:
    from stc_thidua.render.filters import vn_number

    return vn_number(value)


@app.command("add")
def add(
    ctx: typer.Context,
    unit: str | None = UNIT,
    person: str | None = PERSON,
    kind: str = typer.Option(..., "--kind", "-k", help="Loại đóng góp, vd. giải pháp."),
    title: str = typer.Option(..., "--title", "-t", help="Nội dung, tên giải pháp."),
    date: str = typer.Option(..., "--date", "-d", help="Ngày: 15/06/2021 hoặc 2021-06-15."),
    quantity: str | None = QUANTITY,
    amount: str | None = AMOUNT,
    work_days: str | None = WORK_DAYS,
    evidence: str | None = EVIDENCE,
    description: str | None = DESCRIPTION,
    content: int | None = CONTENT,
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Ghi một đóng góp của đơn vị hoặc cá nhân; quý tính theo ngày (thêm)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import add_contribution
    from stc_thidua.domain.kinds import find_kind
    from stc_thidua.domain.registrations import resolve_who

    data = {
        "title": title,
        "occurred_on": date,
        "quantity": quantity,
        "amount": amount,
        "work_days": work_days,
        "evidence": evidence,
        "description": description,
    }
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        who, person_row = resolve_who(session=s, campaign=found, unit=unit, person=person)
        row = add_contribution(
            session=s,
            campaign=found,
            unit=who,
            person=person_row,
            kind=find_kind(session=s, campaign=found, query=kind),
            data=data,
            content_position=content,
        )
        name = person_row.full_name if person_row else who.name
        done(f"Đã ghi đóng góp số {row.id} của “{name}”: {row.title}.")


@app.command("list")
def list_(
    ctx: typer.Context,
    unit: str | None = UNIT,
    person: str | None = PERSON_FILTER,
    kind: list[str] | None = KINDS,
    quarter: int | None = QUARTER,
    year: int | None = YEAR,
    start: str | None = FROM,
    end: str | None = TO,
    status: str | None = STATUS,
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Liệt kê đóng góp, lọc theo đơn vị, người, loại, quý, ngày, trạng thái (danh-sách)."""
    import sys

    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import (
        contributions_json_chunks,
        list_contributions,
        make_filter,
    )
    from stc_thidua.models import CONTRIBUTION_STATUSES

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        filters = make_filter(
            session=s,
            campaign=found,
            unit=unit,
            person=person,
            kinds=kind,
            quarter=quarter,
            year=year,
            start=start,
            end=end,
            status=status,
        )
        if as_json:  # streamed as the database sends it: memory stays flat
            sys.stdout.flush()
            for piece in contributions_json_chunks(session=s, campaign=found, filters=filters):
                sys.stdout.buffer.write(piece)
            sys.stdout.buffer.flush()
            return
        rows = list_contributions(session=s, campaign=found, filters=filters)
    print_table(
        f"Đóng góp ({found.code}): {len(rows)} mục",
        [
            "Số",
            "Ngày",
            "Đơn vị",
            "Cá nhân",
            "Loại",
            "Nội dung",
            "SL",
            "Số tiền",
            "Ngày công",
            "Trạng thái",
        ],
        [
            (
                r.id,
                f"{r.date:%d/%m/%Y}",
                r.unit,
                r.person or "",
                r.kind_name,
                r.title,
                r.quantity,
                _money(r.amount),
                r.work_days,
                CONTRIBUTION_STATUSES.get(r.status, r.status),
            )
            for r in rows
        ],
    )
    if rows:
        total = sum(r.amount for r in rows)
        days = sum(r.work_days for r in rows)
        typer.echo(f"Tổng: {len(rows)} đóng góp, {_money(total)} đồng, {_money(days)} ngày công.")


@app.command("show")
def show(
    ctx: typer.Context,
    number: int = ID,
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Xem một đóng góp (xem)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import contribution_row
    from stc_thidua.models import CONTRIBUTION_STATUSES

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = contribution_row(session=s, campaign=found, contribution_id=number)
    if as_json:
        print_json(row.as_json())
        return
    lines = [
        ("Số", str(row.id)),
        ("Đơn vị", row.unit),
        ("Cá nhân", row.person or "(của đơn vị)"),
        ("Loại", row.kind_name),
        ("Nội dung", row.title),
        ("Mô tả", row.description),
        ("Ngày", f"{row.date:%d/%m/%Y} (quý {row.quarter})"),
        ("Nội dung thi đua số", str(row.content or "")),
        ("Số lượng", _money(row.quantity)),
        ("Số tiền", f"{_money(row.amount)} đồng"),
        ("Ngày công", _money(row.work_days)),
        ("Minh chứng", row.evidence),
        ("Trạng thái", CONTRIBUTION_STATUSES.get(row.status, row.status)),
        ("Lý do", row.status_note),
        ("Ngày xác nhận", f"{row.verified_on:%d/%m/%Y}" if row.verified_on else ""),
        ("Người xác nhận", row.verified_by),
    ]
    for label, value in lines:
        if value:
            typer.echo(f"{label}: {value}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    number: int = ID,
    unit: str | None = UNIT,
    person: str | None = PERSON,
    unit_own: bool = typer.Option(
        False, "--unit-own", help="Chuyển thành đóng góp của đơn vị (bỏ cá nhân)."
    ),
    kind: str | None = KIND,
    title: str | None = TITLE,
    date: str | None = DATE,
    quantity: str | None = QUANTITY,
    amount: str | None = AMOUNT,
    work_days: str | None = WORK_DAYS,
    evidence: str | None = EVIDENCE,
    description: str | None = DESCRIPTION,
    content: int | None = CONTENT,
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Sửa một đóng góp; đóng góp đã sửa trở lại “chờ xác nhận” (sửa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import edit_contribution, get_contribution
    from stc_thidua.domain.kinds import find_kind
    from stc_thidua.domain.registrations import resolve_who
    from stc_thidua.models import Unit

    changes = {
        "title": title,
        "occurred_on": date,
        "quantity": quantity,
        "amount": amount,
        "work_days": work_days,
        "evidence": evidence,
        "description": description,
    }
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = get_contribution(session=s, campaign=found, contribution_id=number)
        new_unit = new_person = None
        if unit or person:
            current = s.get(Unit, row.unit_id)
            # a person named alone must be of the contribution's unit: the credit never
            # moves to another unit without --unit saying so
            new_unit, new_person = resolve_who(
                session=s,
                campaign=found,
                unit=unit or (str(current.id) if current else None),
                person=person,
            )
        edit_contribution(
            session=s,
            campaign=found,
            contribution=row,
            changes=changes,
            unit=new_unit,
            person=new_person,
            kind=find_kind(session=s, campaign=found, query=kind) if kind else None,
            content_position=content,
            clear_person=unit_own,
        )
        done(f"Đã sửa đóng góp số {row.id}; đóng góp chờ xác nhận lại.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    number: int = ID,
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = YES,
) -> None:
    """Xóa một đóng góp (xóa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import get_contribution, remove_contribution

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = get_contribution(session=s, campaign=found, contribution_id=number)
        confirm(f"Xóa đóng góp số {row.id} “{row.title}”?", yes=yes)
        remove_contribution(session=s, contribution=row)
        done(f"Đã xóa đóng góp số {number}.")


@app.command("verify")
def verify(
    ctx: typer.Context,
    numbers: list[int] | None = typer.Argument(
        None, min=1, max=MAX_ID, help="Số của các đóng góp cần xác nhận."
    ),
    every: bool = typer.Option(
        False, "--all", help="Xác nhận mọi đóng góp chờ xác nhận (lọc bằng các tùy chọn dưới)."
    ),
    unit: str | None = UNIT,
    person: str | None = PERSON_FILTER,
    kind: list[str] | None = KINDS,
    quarter: int | None = QUARTER,
    year: int | None = YEAR,
    start: str | None = FROM,
    end: str | None = TO,
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = YES,
) -> None:
    """Văn phòng xác nhận đóng góp: theo số, hoặc --all (vd. --all --unit VP) (xác-nhận)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import (
        PENDING,
        count_contributions,
        make_filter,
        verify_contributions,
    )
    from stc_thidua.errors import InvalidInput

    if bool(numbers) == every:
        raise InvalidInput("Hãy ghi số các đóng góp cần xác nhận, hoặc --all (không cả hai).")
    if numbers and (unit or person or kind or quarter or start or end):
        raise InvalidInput("Các tùy chọn lọc chỉ dùng với --all.")
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        if every:
            filters = make_filter(
                session=s,
                campaign=found,
                unit=unit,
                person=person,
                kinds=kind,
                quarter=quarter,
                year=year,
                start=start,
                end=end,
                status=PENDING,
            )
            count = count_contributions(session=s, campaign=found, filters=filters)
            if count:
                which = f" {filters.label}" if filters.label else ""
                confirm(f"Xác nhận {count} đóng góp đang chờ{which}?", yes=yes)
            changed = verify_contributions(session=s, campaign=found, filters=filters)
        else:
            changed = verify_contributions(session=s, campaign=found, ids=numbers)
        done(f"Đã xác nhận {len(changed)} đóng góp.")


@app.command("reject")
def reject(
    ctx: typer.Context,
    number: int = ID,
    note: str = typer.Option(..., "--note", "-n", help="Lý do từ chối."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Văn phòng từ chối một đóng góp, ghi lý do (từ-chối)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import reject_contribution

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = reject_contribution(session=s, campaign=found, contribution_id=number, note=note)
        done(f"Đã từ chối đóng góp số {row.id}: {row.status_note}")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ..., help="Tệp Excel (.xlsx) hoặc CSV: Đơn vị, Họ và tên, Loại, Nội dung, Ngày, ..."
    ),
    sheet: str | None = SHEET,
    dry_run: bool = DRY_RUN,
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Nhập đóng góp từ sổ theo dõi Excel hoặc CSV: cả tệp đúng mới ghi, không trùng (nhập)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.imports import import_contributions

    def work(s: Any, progress: Any) -> Any:
        found = find_campaign(session=s, query=campaign)
        return import_contributions(
            session=s, campaign=found, path=path, sheet=sheet, dry_run=dry_run, progress=progress
        )

    run_import(
        ctx,
        work,
        path=path,
        what="đóng góp",
        dry_run=dry_run,
        as_json=as_json,
        columns=[
            ("unit", "Đơn vị"),
            ("person", "Cá nhân"),
            ("kind_name", "Loại"),
            ("title", "Nội dung"),
            ("date", "Ngày"),
            ("amount", "Số tiền"),
        ],
    )


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="xlsx (Excel) hoặc csv; mặc định theo đuôi tệp --out."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Tệp kết quả (CSV: mặc định ra màn hình)."
    ),
    unit: str | None = UNIT,
    person: str | None = PERSON_FILTER,
    kind: list[str] | None = KINDS,
    quarter: int | None = QUARTER,
    year: int | None = YEAR,
    start: str | None = FROM,
    end: str | None = TO,
    status: str | None = STATUS,
    campaign: str | None = CAMPAIGN_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Xuất đóng góp ra Excel hoặc CSV (UTF-8 có BOM) để mở bằng Excel (xuất)."""
    from stc_thidua.cli.common import print_or_write, save
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.contributions import list_contributions, make_filter
    from stc_thidua.models import CONTRIBUTION_STATUSES
    from stc_thidua.render.sheets import (
        CONTRIBUTION_COLUMNS,
        Sheet,
        contribution_rows,
        csv_text,
        workbook_bytes,
    )

    chosen = sheet_format(fmt, out)
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        filters = make_filter(
            session=s,
            campaign=found,
            unit=unit,
            person=person,
            kinds=kind,
            quarter=quarter,
            year=year,
            start=start,
            end=end,
            status=status,
        )
        rows = list_contributions(session=s, campaign=found, filters=filters)
    cells = contribution_rows(rows, CONTRIBUTION_STATUSES)
    if chosen == "csv":
        print_or_write(csv_text(CONTRIBUTION_COLUMNS, cells), out, excel=True, force=force)
        return
    assert out is not None
    sheet = Sheet("Đóng góp", CONTRIBUTION_COLUMNS, cells)
    save(out, workbook_bytes([sheet]), force=force, what=f"{len(rows)} đóng góp")

"""`thidua rating`, `thidua discipline`, `thidua commendation` and the history commands.

What eligibility needs to know about people, per year: the annual rating (xếp loại), the
disciplines (kỷ luật) and the commendations received across campaigns (lịch sử khen thưởng).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    JSON_OPTION,
    confirm,
    done,
    print_json,
    print_table,
    progress_bar,
    session,
)

rating_app = group({"dat": "set", "nhap": "import", "danhsach": "list"})
discipline_app = group({"them": "add", "danhsach": "list", "xoa": "remove"})
commendation_app = group({"them": "add", "xoa": "remove"})

AGENCY = typer.Option(None, "--agency", help="Cơ quan (mặc định: của phong trào đang dùng).")
UNIT = typer.Option(None, "--unit", "-u", help="Đơn vị (để phân biệt người trùng tên).")
YEAR = typer.Option(None, "--year", "-y", help="Năm, vd. 2021.")
PERSON = typer.Argument(..., help="Họ tên hoặc số của người (có dấu hay không đều được).")


def _warn_settled(s: Any, person: Any, year: int, settled: Any = None) -> None:
    """Say which signed awards of `year` the fact just written bears on (they do not change)."""
    from stc_thidua.domain.proposals import settled_awards

    awards = settled_awards(session=s, person=person, year=year, settled=settled)
    if awards:
        done(
            f"Lưu ý: {person.full_name}, năm {year}: đã khen thưởng {'; '.join(awards)}; văn bản "
            "đã ký giữ nguyên, muốn thu hồi phải có quyết định hủy bỏ."
        )


@rating_app.command("set")
def rating_set(
    ctx: typer.Context,
    name: str = PERSON,
    year: str = typer.Option(..., "--year", "-y", help="Năm được xếp loại, vd. 2021."),
    grade: str = typer.Option(
        ..., "--grade", "-g", help="Xếp loại: xuất sắc, tốt, hoàn thành, không hoàn thành."
    ),
    note: str = typer.Option("", "--note", help="Ghi chú."),
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
) -> None:
    """Đặt xếp loại một năm của một người (đặt)."""
    from stc_thidua.domain.people import GRADES, set_rating
    from stc_thidua.domain.persons import locate_person

    with session(ctx) as s:
        person = locate_person(session=s, query=name, unit=unit, agency=agency)
        row = set_rating(session=s, person=person, year=year, grade=grade, note=note)
        done(f"{person.full_name}, năm {row.year}: {GRADES[row.grade]}.")
        _warn_settled(s, person, row.year)


@rating_app.command("import")
def rating_import(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="Tệp CSV: ho_ten, don_vi, nam, xep_loai, ghi_chu."),
    year: str | None = typer.Option(None, "--year", "-y", help="Năm cho các dòng thiếu cột năm."),
    agency: str | None = AGENCY,
) -> None:
    """Nhập xếp loại từ bảng tính: cả tệp hợp lệ mới ghi, sai thì liệt kê mọi dòng (nhập)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.people import check_year, import_ratings

    default_year = check_year(year) if year else None
    with session(ctx) as s, progress_bar("Đang nhập") as progress:
        rows = import_ratings(
            session=s,
            agency=resolve_agency(session=s, query=agency),
            path=path,
            year=default_year,
            progress=progress,
        )
        done(f"Đã nhập {len(rows)} xếp loại từ {path.name}.")
        from stc_thidua.domain.proposals import settled_proposals
        from stc_thidua.models import Person

        settled = settled_proposals(session=s)  # one query, whatever the number of rows
        for row in rows if settled else []:  # as rating set does: a signed award is named
            person = s.get(Person, row.person_id)
            if person is not None:
                _warn_settled(s, person, row.year, settled)


@rating_app.command("list")
def rating_list(
    ctx: typer.Context,
    year: str | None = YEAR,
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Liệt kê xếp loại theo năm (danh-sách)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.people import GRADES, check_year, list_ratings
    from stc_thidua.domain.units import find_unit

    number = check_year(year) if year else None
    with session(ctx) as s:
        found = resolve_agency(session=s, query=agency)
        in_unit = find_unit(session=s, query=unit, agency=found) if unit else None
        rows = list_ratings(session=s, agency=found, year=number, unit=in_unit)
    if as_json:
        print_json(
            [
                {
                    "id": r.id,
                    "person_id": p.id,
                    "full_name": p.full_name,
                    "unit": u.name,
                    "year": r.year,
                    "grade": r.grade,
                    "grade_label": GRADES[r.grade],
                    "note": r.note,
                }
                for r, p, u in rows
            ]
        )
        return
    print_table(
        "Xếp loại cán bộ, công chức" + (f" năm {number}" if number else ""),
        ["STT", "Năm", "Họ và tên", "Đơn vị", "Xếp loại", "Ghi chú"],
        [
            (i, r.year, p.full_name, u.name, GRADES[r.grade], r.note)
            for i, (r, p, u) in enumerate(rows, start=1)
        ],
    )


@discipline_app.command("add")
def discipline_add(
    ctx: typer.Context,
    name: str = PERSON,
    year: str = typer.Option(..., "--year", "-y", help="Năm bị kỷ luật."),
    level: str = typer.Option(
        ..., "--level", "-l", help="Khiển trách, cảnh cáo, hạ bậc lương, giáng chức, cách chức..."
    ),
    decision: str = typer.Option("", "--decision", help="Số quyết định kỷ luật."),
    decided_on: str | None = typer.Option(None, "--date", help="Ngày quyết định."),
    note: str = typer.Option("", "--note", help="Ghi chú."),
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
) -> None:
    """Ghi một kỷ luật của một người trong năm (thêm)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.people import DISCIPLINES, add_discipline
    from stc_thidua.domain.persons import locate_person

    day = to_date(decided_on, "Ngày quyết định") if decided_on else None
    with session(ctx) as s:
        person = locate_person(session=s, query=name, unit=unit, agency=agency)
        row = add_discipline(
            session=s,
            person=person,
            year=year,
            level=level,
            decision=decision,
            decided_on=day,
            note=note,
        )
        label = DISCIPLINES[row.level]
        done(f"Đã ghi kỷ luật số {row.id}: {person.full_name}, {label}, năm {row.year}.")
        _warn_settled(s, person, row.year)


@discipline_app.command("list")
def discipline_list(
    ctx: typer.Context,
    year: str | None = YEAR,
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Liệt kê kỷ luật theo năm (danh-sách)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.people import DISCIPLINES, check_year, list_disciplines

    number = check_year(year) if year else None
    with session(ctx) as s:
        rows = list_disciplines(
            session=s, agency=resolve_agency(session=s, query=agency), year=number
        )
    if as_json:
        print_json(
            [
                {
                    "id": d.id,
                    "person_id": p.id,
                    "full_name": p.full_name,
                    "unit": u.name,
                    "year": d.year,
                    "level": d.level,
                    "level_label": DISCIPLINES[d.level],
                    "decision": d.decision,
                    "decided_on": d.decided_on.isoformat() if d.decided_on else None,
                    "note": d.note,
                }
                for d, p, u in rows
            ]
        )
        return
    print_table(
        "Kỷ luật" + (f" năm {number}" if number else ""),
        ["Số", "Năm", "Họ và tên", "Đơn vị", "Hình thức", "Quyết định"],
        [(d.id, d.year, p.full_name, u.name, DISCIPLINES[d.level], d.decision) for d, p, u in rows],
    )


@discipline_app.command("remove")
def discipline_remove(
    ctx: typer.Context,
    number: int = typer.Argument(..., help="Số của kỷ luật (xem discipline list)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một kỷ luật nhập nhầm (xóa)."""
    from stc_thidua.domain.people import remove_discipline

    confirm(f"Xóa kỷ luật số {number}?", yes=yes)
    with session(ctx) as s:
        remove_discipline(session=s, discipline_id=number)
        done(f"Đã xóa kỷ luật số {number}.")


@commendation_app.command("add")
def commendation_add(
    ctx: typer.Context,
    person: str | None = typer.Option(None, "--person", "-p", help="Người được khen."),
    unit: str | None = typer.Option(None, "--unit", "-u", help="Đơn vị được khen (tập thể)."),
    form: str = typer.Option(..., "--form", "-f", help="Hình thức, vd. Lao động tiên tiến, LĐTT."),
    year: str = typer.Option(..., "--year", "-y", help="Năm được khen."),
    decision: str = typer.Option("", "--decision", help="Số quyết định, vd. 45/QĐ-STC."),
    decided_on: str | None = typer.Option(None, "--date", help="Ngày quyết định."),
    issuer: str = typer.Option("", "--issuer", help="Cấp khen, vd. Giám đốc Sở Tài chính."),
    note: str = typer.Option("", "--note", help="Ghi chú."),
    agency: str | None = AGENCY,
) -> None:
    """Nhập một khen thưởng đã nhận trước đây vào lịch sử (thêm)."""
    from stc_thidua.dates import to_date
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.people import add_commendation
    from stc_thidua.domain.persons import locate_person
    from stc_thidua.domain.units import find_unit

    day = to_date(decided_on, "Ngày quyết định") if decided_on else None
    with session(ctx) as s:
        who_person = (
            locate_person(session=s, query=person, unit=unit, agency=agency) if person else None
        )
        who_unit = (
            find_unit(session=s, query=unit, agency=resolve_agency(session=s, query=agency))
            if unit and not person
            else None
        )
        row = add_commendation(
            session=s,
            year=year,
            form_query=form,
            person=who_person,
            unit=who_unit,
            decision=decision,
            decided_on=day,
            issuer=issuer,
            note=note,
        )
        whom = who_person.full_name if who_person else (who_unit.name if who_unit else "")
        done(f"Đã ghi khen thưởng số {row.id}: {whom}, {row.form_name}, năm {row.year}.")


@commendation_app.command("remove")
def commendation_remove(
    ctx: typer.Context,
    number: int = typer.Argument(..., help="Số của khen thưởng trong lịch sử."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một khen thưởng nhập tay nhầm khỏi lịch sử (xóa)."""
    from stc_thidua.domain.people import remove_commendation

    confirm(f"Xóa khen thưởng số {number} khỏi lịch sử?", yes=yes)
    with session(ctx) as s:
        remove_commendation(session=s, commendation_id=number)
        done(f"Đã xóa khen thưởng số {number}.")


def _print_history(title: str, entries: list[Any], as_json: bool, extra: dict[str, Any]) -> None:
    if as_json:
        print_json({**extra, "commendations": [e.as_dict() for e in entries]})
        return
    if not entries:
        done(f"{title}: chưa có khen thưởng nào trong lịch sử.")
        return
    print_table(
        title,
        ["Số", "Năm", "Hình thức", "Quyết định", "Ngày", "Cấp khen", "Nguồn"],
        [
            (
                e.id,
                e.year,
                e.form_name,
                e.decision,
                f"{e.decided_on:%d/%m/%Y}" if e.decided_on else "",
                e.issuer,
                "quyết định trong thidua" if e.from_proposal else "nhập tay",
            )
            for e in entries
        ],
    )


def person_history(
    ctx: typer.Context,
    name: str = PERSON,
    unit: str | None = UNIT,
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Lịch sử khen thưởng của một người qua các phong trào (lịch-sử)."""
    from stc_thidua.domain.people import history
    from stc_thidua.domain.persons import locate_person

    with session(ctx) as s:
        person = locate_person(session=s, query=name, unit=unit, agency=agency)
        entries = history(session=s, person=person)
    extra = {"person_id": person.id, "full_name": person.full_name}
    _print_history(f"Lịch sử khen thưởng: {person.full_name}", entries, as_json, extra)


def unit_history(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Tên hoặc mã đơn vị."),
    agency: str | None = AGENCY,
    as_json: bool = JSON_OPTION,
) -> None:
    """Lịch sử khen thưởng của một đơn vị (tập thể) qua các phong trào (lịch-sử)."""
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.people import history
    from stc_thidua.domain.units import find_unit

    with session(ctx) as s:
        unit = find_unit(session=s, query=name, agency=resolve_agency(session=s, query=agency))
        entries = history(session=s, unit=unit)
    extra = {"unit_id": unit.id, "unit": unit.name}
    _print_history(f"Lịch sử khen thưởng: {unit.name}", entries, as_json, extra)

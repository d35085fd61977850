"""What eligibility needs to know about people, per year: ratings, disciplines, commendations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from stc_thidua.domain.tabular import Column, Progress
from stc_thidua.errors import Duplicate, InvalidInput, NotFound, ThiduaError
from stc_thidua.models import Agency, Commendation, Discipline, Person, Rating, Unit
from stc_thidua.text import choose, clean_line, shown

if TYPE_CHECKING:
    from stc_thidua.domain.rules import RuleSet

# annual rating of a civil servant, best first (Nghị định 90/2020 wording)
GRADES: dict[str, str] = {
    "xuat_sac": "Hoàn thành xuất sắc nhiệm vụ",
    "tot": "Hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "Hoàn thành nhiệm vụ",
    "khong_hoan_thanh": "Không hoàn thành nhiệm vụ",
}
GRADE_RANK = {code: rank for rank, code in enumerate(reversed(GRADES))}  # higher is better
_GRADE_WORDS = {
    **{k: k for k in GRADES},
    **{v: k for k, v in GRADES.items()},
    "xuất sắc": "xuat_sac",
    "HTXSNV": "xuat_sac",
    "tốt": "tot",
    "HTTNV": "tot",
    "hoàn thành": "hoan_thanh",
    "HTNV": "hoan_thanh",
    "không hoàn thành": "khong_hoan_thanh",
    "KHTNV": "khong_hoan_thanh",
}
# disciplines of a civil servant, lightest first
DISCIPLINES: dict[str, str] = {
    "khien_trach": "Khiển trách",
    "canh_cao": "Cảnh cáo",
    "ha_bac_luong": "Hạ bậc lương",
    "giang_chuc": "Giáng chức",
    "cach_chuc": "Cách chức",
    "buoc_thoi_viec": "Buộc thôi việc",
}
DISCIPLINE_RANK = {code: rank for rank, code in enumerate(DISCIPLINES)}
_DISCIPLINE_WORDS = {**{k: k for k in DISCIPLINES}, **{v: k for k, v in DISCIPLINES.items()}}

RATING_COLUMNS = (
    Column("full_name", "Họ và tên", ("Họ tên", "Tên", "name", "ho_ten"), required=True),
    Column("unit", "Đơn vị", ("Phòng", "don_vi")),
    Column("year", "Năm", ("nam",), required=True),
    Column("grade", "Xếp loại", ("Đánh giá", "Kết quả", "rating", "xep_loai"), required=True),
    Column("note", "Ghi chú", ("ghi_chu",)),
)
EARLIEST_YEAR = 1945


def parse_grade(value: str) -> str:
    """ "tốt", "HTTNV", "Hoàn thành tốt nhiệm vụ" → "tot"."""
    return choose(value, _GRADE_WORDS, "Xếp loại")


def parse_discipline(value: str) -> str:
    """ "cảnh cáo", "canh-cao" → "canh_cao"."""
    return choose(value, _DISCIPLINE_WORDS, "Hình thức kỷ luật")


def check_year(value: int | str, *, today: dt.date | None = None) -> int:
    """A year a rating or discipline may be entered for: from 1945 to this year."""
    this_year = (today or dt.date.today()).year
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not EARLIEST_YEAR <= int(text) <= this_year:
        raise InvalidInput(
            f"Năm “{shown(text)}” không hợp lệ: chỉ nhập cho năm từ {EARLIEST_YEAR} "
            f"đến {this_year}."
        )
    return int(text)


# --- ratings ----------------------------------------------------------------------------------


def set_rating(
    *, session: Session, person: Person, year: int | str, grade: str, note: str = ""
) -> Rating:
    """Set (or replace) a person's rating for a year."""
    number = check_year(year)
    code = parse_grade(grade)
    row = session.exec(
        select(Rating).where(Rating.person_id == person.id, Rating.year == number)
    ).first()
    if row is None:
        row = Rating(person_id=person.id, year=number, grade=code)  # type: ignore[arg-type]
    row.grade = code
    row.note = clean_line(note)[:500]
    session.add(row)
    session.flush()
    return row


def rating_of(*, session: Session, person_id: int, year: int) -> Rating | None:
    """A person's rating for a year, or None."""
    return session.exec(
        select(Rating).where(Rating.person_id == person_id, Rating.year == year)
    ).first()


def list_ratings(
    *, session: Session, agency: Agency, year: int | None = None, unit: Unit | None = None
) -> list[tuple[Rating, Person, Unit]]:
    """Ratings of the agency's people, by year then Vietnamese name order."""
    from stc_thidua.text import vi_name_key

    query = (
        select(Rating, Person, Unit)
        .join(Person, col(Rating.person_id) == col(Person.id))
        .join(Unit, col(Person.unit_id) == col(Unit.id))
        .where(Unit.agency_id == agency.id)
    )
    if year is not None:
        query = query.where(Rating.year == year)
    if unit is not None:
        query = query.where(Unit.id == unit.id)
    rows = list(session.exec(query).all())
    return sorted(rows, key=lambda r: (-r[0].year, vi_name_key(r[1].full_name)))


def read_rating_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a ratings sheet, CSV or XLSX, as text (the one place that reads the file)."""
    from stc_thidua.domain.tabular import FileProblems, read_table

    table = read_table(path, RATING_COLUMNS)
    if table.problems:
        raise FileProblems(path.name, table.problems)

    def text(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a year typed as a number in Excel
        return "" if value is None else str(value).strip()

    return [
        {**{key: text(value) for key, value in row.values.items()}, "_line": str(row.number)}
        for row in table.rows
    ]


def import_ratings(
    *,
    session: Session,
    agency: Agency,
    path: Path,
    year: int | None = None,
    progress: Progress = None,
) -> list[Rating]:
    """Import ratings from a sheet (họ tên, đơn vị, năm, xếp loại): all rows valid, or none."""
    from stc_thidua.domain.persons import find_person
    from stc_thidua.domain.units import find_unit

    rows = read_rating_rows(path)
    problems: list[str] = []
    seen: dict[tuple[int | None, int], str] = {}
    planned: list[tuple[Person, int, str, str]] = []
    for done, row in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows))
        line = row["_line"]
        try:
            unit = (
                find_unit(session=session, query=row["unit"], agency=agency)
                if row.get("unit")
                else None
            )
            person = find_person(session=session, query=row["full_name"], unit=unit, agency=agency)
            number = check_year(row.get("year") or (year or ""))
            code = parse_grade(row["grade"])
            key = (person.id, number)
            if key in seen:
                raise Duplicate(f"trùng với dòng {seen[key]}")
            seen[key] = line
            planned.append((person, number, code, row.get("note", "")))
        except ThiduaError as exc:
            problems.append(f"dòng {line}: {exc.message.rstrip('.')}")
    if problems:
        raise InvalidInput(f"Tệp {path.name} có lỗi, chưa ghi gì: {'; '.join(problems)}.")
    return [
        set_rating(session=session, person=p, year=y, grade=g, note=n) for p, y, g, n in planned
    ]


# --- disciplines -------------------------------------------------------------------------------


def add_discipline(
    *,
    session: Session,
    person: Person,
    year: int | str,
    level: str,
    decision: str = "",
    decided_on: dt.date | None = None,
    note: str = "",
) -> Discipline:
    """Record a discipline of a person in a year."""
    row = Discipline(
        person_id=person.id,  # type: ignore[arg-type]
        year=check_year(year),
        level=parse_discipline(level),
        decision=clean_line(decision)[:100],
        decided_on=decided_on,
        note=clean_line(note)[:500],
    )
    session.add(row)
    session.flush()
    return row


def list_disciplines(
    *, session: Session, agency: Agency, year: int | None = None, person: Person | None = None
) -> list[tuple[Discipline, Person, Unit]]:
    """Disciplines of the agency's people, newest year first."""
    query = (
        select(Discipline, Person, Unit)
        .join(Person, col(Discipline.person_id) == col(Person.id))
        .join(Unit, col(Person.unit_id) == col(Unit.id))
        .where(Unit.agency_id == agency.id)
    )
    if year is not None:
        query = query.where(Discipline.year == year)
    if person is not None:
        query = query.where(Discipline.person_id == person.id)
    return sorted(session.exec(query).all(), key=lambda r: (-r[0].year, r[0].id or 0))


def remove_discipline(*, session: Session, discipline_id: int) -> Discipline:
    """Remove a discipline entered by mistake."""
    row = session.get(Discipline, discipline_id)
    if row is None:
        raise NotFound(f"Không có kỷ luật số {discipline_id}.")
    session.delete(row)
    return row


def disciplines_of(*, session: Session, person_ids: list[int], year: int) -> list[Discipline]:
    """Disciplines of these people in a year."""
    if not person_ids:
        return []
    return list(
        session.exec(
            select(Discipline).where(
                col(Discipline.person_id).in_(person_ids), Discipline.year == year
            )
        ).all()
    )


# --- commendation history ---------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One commendation received, as history prints it."""

    id: int
    year: int
    form: str
    form_name: str
    decision: str
    decided_on: dt.date | None
    issuer: str
    from_proposal: bool
    note: str

    def as_dict(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {
            "id": self.id,
            "year": self.year,
            "form": self.form,
            "form_name": self.form_name,
            "decision": self.decision,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
            "issuer": self.issuer,
            "from_proposal": self.from_proposal,
            "note": self.note,
        }


def add_commendation(
    *,
    session: Session,
    year: int | str,
    form_query: str,
    person: Person | None = None,
    unit: Unit | None = None,
    decision: str = "",
    decided_on: dt.date | None = None,
    issuer: str = "",
    note: str = "",
    proposal_id: int | None = None,
    rule_set: RuleSet | None = None,
) -> Commendation:
    """Record a commendation a person or unit received (past ones are entered by hand)."""
    from stc_thidua.domain.rules import check_nominee, find_form, rule_set_on

    if (person is None) == (unit is None):
        raise InvalidInput("Hãy chỉ rõ một người (--person) hoặc một đơn vị (--unit).")
    number = check_year(year)
    if rule_set is None:  # the forms of the rules in force at the end of that year
        rule_set = rule_set_on(session=session, on=dt.date(max(number, 2018), 12, 31))
    form = find_form(rule_set, form_query)
    nominee = "ca_nhan" if person is not None else "tap_the"
    check_nominee(form, nominee)
    if decided_on is not None and decided_on.year not in (number, number + 1):
        raise InvalidInput(
            f"Ngày quyết định {decided_on:%d/%m/%Y} không thuộc năm {number} hoặc năm sau đó."
        )
    row = Commendation(
        unit_id=unit.id if unit else None,
        person_id=person.id if person else None,
        year=number,
        form=form.code,
        form_name=form.label(nominee),
        decision=clean_line(decision)[:100],
        decided_on=decided_on,
        issuer=clean_line(issuer)[:200],
        note=clean_line(note)[:500],
        proposal_id=proposal_id,
    )
    session.add(row)
    session.flush()
    return row


def history(
    *, session: Session, person: Person | None = None, unit: Unit | None = None
) -> list[HistoryEntry]:
    """The commendations of a person or a unit across campaigns, newest first."""
    query = select(Commendation)
    if person is not None:
        query = query.where(Commendation.person_id == person.id)
    elif unit is not None:
        query = query.where(Commendation.unit_id == unit.id, col(Commendation.person_id).is_(None))
    rows = session.exec(query).all()
    entries = [
        HistoryEntry(
            id=r.id or 0,
            year=r.year,
            form=r.form,
            form_name=r.form_name,
            decision=r.decision,
            decided_on=r.decided_on,
            issuer=r.issuer,
            from_proposal=r.proposal_id is not None,
            note=r.note,
        )
        for r in rows
    ]
    return sorted(entries, key=lambda e: (-e.year, -(e.id)))


def remove_commendation(*, session: Session, commendation_id: int) -> Commendation:
    """Remove a history entry entered by hand (one recorded by a decision stays)."""
    row = session.get(Commendation, commendation_id)
    if row is None:
        raise NotFound(f"Không có khen thưởng số {commendation_id} trong lịch sử.")
    if row.proposal_id is not None:
        raise InvalidInput(
            f"Khen thưởng số {commendation_id} do quyết định trong thidua ghi nhận; không xóa tay."
        )
    session.delete(row)
    return row


def holders(*, session: Session, form: str, year: int, person_ids: list[int]) -> set[int]:
    """Which of these people hold `form` (a code) in `year` according to the history."""
    if not person_ids:
        return set()
    rows = session.exec(
        select(Commendation.person_id).where(
            Commendation.form == form,
            Commendation.year == year,
            col(Commendation.person_id).in_(person_ids),
        )
    ).all()
    return {r for r in rows if r is not None}

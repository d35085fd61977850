"""File imports (units, persons, registrations, contributions) through the one sheet reader.

Every import reads the whole file, checks every row, and either writes nothing and lists
every bad row (sheet, row as Excel shows it, column, reason), or writes all of it in the
command's one transaction. Rows already in the database are skipped, so importing the same
file twice adds nothing the second time. Names are matched by their identity (`name_key`,
diacritics kept): Hùng and Hưng are two people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from stc_thidua.domain.tabular import Column, FileProblems, Problem, Progress, Row, read_table
from stc_thidua.errors import InvalidInput, NotFound, ThiduaError
from stc_thidua.guards import lock_campaign
from stc_thidua.models import (
    Agency,
    Campaign,
    CampaignContent,
    Contribution,
    ContributionKind,
    Person,
    Registration,
    Unit,
)
from stc_thidua.schemas import LABELS, _message
from stc_thidua.text import fold, match_one, name_key, shown, strip_accents

T = TypeVar("T")

UNIT_COLUMNS = (
    Column("name", "Tên đơn vị", ("Tên", "Đơn vị", "ten_don_vi"), required=True),
    Column("code", "Mã", ("Viết tắt", "Tên viết tắt", "Ký hiệu", "Mã đơn vị")),
    Column("kind", "Loại", ("Loại đơn vị",)),
    Column(
        "head_title",
        "Chức danh trưởng",
        ("Chức danh", "Chức danh trưởng đơn vị", "chuc_danh_truong"),
    ),
    Column(
        "head_name",
        "Họ tên trưởng",
        ("Trưởng đơn vị", "Họ tên trưởng đơn vị", "Họ và tên trưởng đơn vị", "ho_ten_truong"),
    ),
    Column("parent", "Đơn vị cấp trên", ("Cấp trên", "don_vi_cap_tren")),
)
PERSON_COLUMNS = (
    Column("full_name", "Họ và tên", ("Họ tên", "Tên", "Cá nhân", "name", "ho_ten"), required=True),
    Column("unit", "Đơn vị", ("Phòng", "Tên đơn vị", "Phòng ban", "don_vi"), required=True),
    Column("position", "Chức vụ", ("Chức danh", "chuc_vu")),
    Column("gender", "Giới tính", ("Giới", "gioi_tinh")),
)
_UNIT = Column("unit", "Đơn vị", ("Tên đơn vị", "Phòng", "Phòng ban", "Tập thể", "don_vi"))
_PERSON = Column(
    "person",
    "Họ và tên",
    ("Họ tên", "Cá nhân", "Tên cá nhân", "Người thực hiện", "Cán bộ", "Tác giả", "full_name"),
)
REGISTRATION_COLUMNS = (
    _UNIT,
    _PERSON,
    Column(
        "target_title",
        "Danh hiệu đăng ký",
        ("Danh hiệu", "Đăng ký danh hiệu", "Danh hiệu thi đua", "Danh hiệu phấn đấu"),
    ),
    Column(
        "commitment",
        "Nội dung đăng ký",
        ("Cam kết", "Nội dung cam kết", "Nội dung đăng ký thi đua", "Chỉ tiêu"),
    ),
    Column("registered_on", "Ngày đăng ký", ("Ngày",)),
)
CONTRIBUTION_COLUMNS = (
    _UNIT,
    _PERSON,
    Column(
        "kind",
        "Loại đóng góp",
        ("Loại", "Hình thức", "Hình thức đóng góp", "Loại hình", "Phân loại", "Loại hình đóng góp"),
        required=True,
    ),
    Column(
        "title",
        "Nội dung",
        (
            "Tên giải pháp",
            "Tên giải pháp, sáng kiến",
            "Tên sáng kiến",
            "Tên đóng góp",
            "Nội dung đóng góp",
            "Nội dung thực hiện",
            "Tiêu đề",
            "Tên",
        ),
        required=True,
    ),
    Column(
        "occurred_on",
        "Ngày",
        ("Ngày thực hiện", "Ngày tháng", "Thời gian", "Ngày đóng góp", "date"),
        required=True,
    ),
    Column("quantity", "Số lượng", ("SL",)),
    Column(
        "amount",
        "Số tiền (đồng)",
        ("Số tiền", "Thành tiền", "Kinh phí", "Giá trị", "Số tiền vận động", "Tiền"),
    ),
    Column(
        "work_days",
        "Ngày công",
        ("Số ngày công", "Ngày công lao động", "Số ngày công lao động", "Số công"),
    ),
    Column(
        "evidence",
        "Minh chứng",
        ("Văn bản", "Căn cứ", "Số văn bản", "Hồ sơ minh chứng", "Văn bản minh chứng"),
    ),
    Column("description", "Mô tả", ("Ghi chú", "Diễn giải", "Mô tả chi tiết")),
    Column("content", "Nội dung thi đua số", ("Nội dung thi đua", "Thuộc nội dung")),
)
_LABELS = {
    c.name: c.label
    for c in (*UNIT_COLUMNS, *PERSON_COLUMNS, *REGISTRATION_COLUMNS, *CONTRIBUTION_COLUMNS)
}


@dataclass
class ImportResult:
    """What an import did (or, with --dry-run, would do)."""

    name: str
    added: int = 0
    skipped: int = 0  # rows already in the database
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)  # the rows to add, as data

    def as_json(self) -> dict[str, Any]:
        """Plain data for --json."""
        return {
            "file": self.name,
            "added": self.added,
            "skipped": self.skipped,
            "dry_run": self.dry_run,
            "notes": self.notes,
        }


# --- lookups by name, following the shared rule -----------------------------------------------


def _is_bare(text: str) -> bool:
    """Whether `text` carries no diacritics at all (then folding may find it)."""
    return strip_accents(text) == text


class Lookup(Generic[T]):
    """Finds items by one of their names the way `text.match_one` does, fast for big files.

    An exact name (NFC, case and spacing aside, diacritics kept) that one item has wins; a
    query typed without diacritics may match by folding when one item folds to it; anything
    else goes through `match_one`, which finds by words or names the closest candidates.
    """

    def __init__(self, items: Sequence[T], names: Callable[[T], Sequence[str]], what: str):
        self.items = list(items)
        self.names = names
        self.what = what
        self._exact: dict[str, list[T]] = {}
        self._folded: dict[str, list[T]] = {}
        for item in self.items:
            for label in {name_key(n) for n in names(item) if n}:
                self._exact.setdefault(label, []).append(item)
            for label in {fold(n) for n in names(item) if n}:
                self._folded.setdefault(label, []).append(item)
        self._cache: dict[str, T | ThiduaError] = {}

    def find(self, query: str) -> T:
        """The item `query` names, or the error that says why none is."""
        cached = self._cache.get(query)
        if cached is None:
            try:
                cached = self._find(query)
            except ThiduaError as exc:
                cached = exc
            self._cache[query] = cached
        if isinstance(cached, ThiduaError):
            raise cached
        return cached

    def _find(self, query: str) -> T:
        hits = self._exact.get(name_key(query), [])
        if len(hits) == 1:
            return hits[0]
        if not hits and _is_bare(query):
            hits = self._folded.get(fold(query), [])
            if len(hits) == 1:
                return hits[0]
        return match_one(query, self.items, self.names, self.what)

    def has_exact(self, query: str) -> list[T]:
        """Items whose name is exactly `query` (diacritics kept)."""
        return list(self._exact.get(name_key(query), []))


def _in_agency(
    lookup: Lookup[Unit], elsewhere: Lookup[Unit], query: str, campaign: Campaign
) -> Unit:
    """The unit `query` names in the campaign's agency; one only found elsewhere is refused."""
    try:
        return lookup.find(query)
    except NotFound as exc:
        try:
            other = elsewhere.find(query)
        except ThiduaError:
            raise exc from None
        raise InvalidInput(
            f"Đơn vị “{other.name}” không thuộc cơ quan {campaign.agency_abbr} của phong trào."
        ) from None


class PersonLookup:
    """Persons found by name within a unit, or across the agency when no unit is given."""

    def __init__(self, persons: Sequence[Person], units: dict[int, Unit]) -> None:
        self.units = units
        self.everyone = Lookup(persons, lambda p: [p.full_name], "người")
        by_unit: dict[int, list[Person]] = {}
        for person in persons:
            by_unit.setdefault(person.unit_id, []).append(person)
        self._in_unit = {
            unit_id: Lookup(people, lambda p: [p.full_name], f"người của {units[unit_id].name}")
            for unit_id, people in by_unit.items()
            if unit_id in units
        }

    def find(self, query: str, unit: Unit | None) -> Person:
        """The person `query` names (in `unit` when given); a person of another unit is named."""
        if unit is None:
            return self.everyone.find(query)
        inside = self._in_unit.get(unit.id or 0)
        if inside is not None:
            try:
                return inside.find(query)
            except ThiduaError:
                pass
        elsewhere = [p for p in self.everyone.has_exact(query) if p.unit_id != unit.id]
        if len(elsewhere) == 1:
            other = self.units.get(elsewhere[0].unit_id)
            raise InvalidInput(
                f"“{elsewhere[0].full_name}” thuộc đơn vị “{other.name if other else '?'}”, "
                f"không thuộc “{unit.name}”."
            )
        if inside is None:
            raise InvalidInput(f"Đơn vị “{unit.name}” chưa có ai tên “{shown(query)}”.")
        return inside.find(query)


# --- shared steps -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def _validated(
    model: type[BaseModel], data: dict[str, Any], row: Row, problems: list[Problem]
) -> Any | None:
    """`model` validated from a row's cells, each fault a problem at its own column."""
    from stc_thidua.text import clean_line

    unreadable = False
    for name, value in data.items():
        if isinstance(value, str):
            try:
                clean_line(value)
            except ThiduaError as exc:
                label = _LABELS.get(name, LABELS.get(name, name))
                problems.append(row.problem(_lower(exc.message), name, label))
                unreadable = True
    if unreadable:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field_name = str(err["loc"][0]) if err["loc"] else None
            key = field_name or ""
            problems.append(
                row.problem(_message(err) + ".", field_name, _LABELS.get(key, LABELS.get(key, key)))
            )
        return None


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


def _problem(row: Row, name: str, exc: ThiduaError) -> Problem:
    return row.problem(_lower(exc.message), name, _LABELS.get(name, name))


def _read(path: Path, columns: Sequence[Column], sheet: str | None) -> Any:
    table = read_table(path, columns, sheet=sheet)
    if table.problems:
        raise FileProblems(path.name, table.problems)
    return table


def _finish(problems: list[Problem], path: Path, progress: Progress, done: int, total: int) -> None:
    if problems:
        raise FileProblems(path.name, problems)
    if progress is not None and total:
        progress(done, total)


def _date_value(value: Any) -> Any:
    """An Excel serial number in a date column (44362) read as the date it stands for."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 2958466:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return value


# --- contributions ----------------------------------------------------------------------------


def import_contributions(
    *,
    session: Session,
    campaign: Campaign,
    path: Path,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress = None,
) -> ImportResult:
    """Import contributions from a sheet: every row valid and new ones written, or nothing."""
    from stc_thidua.auditing import insert_many
    from stc_thidua.domain.contributions import (
        FIGURES,
        RecordKey,
        check_date,
        record_key,
        recorded_records,
    )
    from stc_thidua.domain.kinds import KindIndex, list_kinds
    from stc_thidua.keys import contribution_fingerprint
    from stc_thidua.schemas_tracking import ContributionIn

    table = _read(path, CONTRIBUTION_COLUMNS, sheet)
    result = ImportResult(path.name, dry_run=dry_run, notes=list(table.notes))
    lock_campaign(session, campaign.id)  # one import of a campaign at a time on a server
    units = {u.id: u for u in session.exec(select(Unit)).all()}
    agency_units = {i: u for i, u in units.items() if u.agency_id == campaign.agency_id}
    # the campaign's agency first: another agency may have units of the same names
    unit_lookup = Lookup(list(agency_units.values()), lambda u: [u.name, u.code], "đơn vị")
    elsewhere = Lookup(
        [u for u in units.values() if u.agency_id != campaign.agency_id],
        lambda u: [u.name, u.code],
        "đơn vị",
    )
    persons = session.exec(select(Person).where(col(Person.unit_id).in_(list(agency_units)))).all()
    person_lookup = PersonLookup(persons, agency_units)  # type: ignore[arg-type]
    kinds = KindIndex(list_kinds(session=session, campaign=campaign))
    contents = {
        c.position: c.id
        for c in session.exec(
            select(CampaignContent).where(CampaignContent.campaign_id == campaign.id)
        ).all()
    }
    seen: dict[RecordKey, int] = {}
    campaign_id = campaign.id
    problems: list[Problem] = []
    new_rows: list[dict[str, Any]] = []
    sources: list[tuple[Row, RecordKey]] = []  # the sheet row and record key of each new row
    total = len(table.rows)
    for done, row in enumerate(table.rows, start=1):
        if progress is not None and done % 500 == 0:
            progress(done, total)
        before = len(problems)
        values = row.values
        unit = person = None
        unit_query, person_query = _text(values.get("unit")), _text(values.get("person"))
        if unit_query:
            try:
                unit = _in_agency(unit_lookup, elsewhere, unit_query, campaign)
            except ThiduaError as exc:
                problems.append(_problem(row, "unit", exc))
        if person_query and (unit is not None or not unit_query):
            try:
                person = person_lookup.find(person_query, unit)
                unit = unit or agency_units[person.unit_id]
            except ThiduaError as exc:
                problems.append(_problem(row, "person", exc))
        if not unit_query and not person_query:
            problems.append(row.problem("thiếu đơn vị (hoặc họ tên người).", "unit", "Đơn vị"))
        kind: ContributionKind | None = None
        try:
            kind = kinds.resolve(_text(values.get("kind")))
        except ThiduaError as exc:
            problems.append(_problem(row, "kind", exc))
        data = {
            k: values[k]
            for k in ("title", "description", "quantity", "amount", "work_days", "evidence")
            if k in values and values[k] is not None and values[k] != ""
        }
        data["title"] = _text(values.get("title"))
        for k in ("description", "evidence"):
            if k in data:
                data[k] = _text(data[k])
        data["occurred_on"] = _date_value(values.get("occurred_on"))
        if data["occurred_on"] in (None, ""):
            data.pop("occurred_on")
        valid = _validated(ContributionIn, data, row, problems)
        if valid is not None:
            try:
                check_date(campaign=campaign, day=valid.occurred_on)
            except ThiduaError as exc:
                problems.append(_problem(row, "occurred_on", exc))
        content_id = None
        content_cell = _text(values.get("content"))
        if content_cell:
            position = content_cell.removeprefix("Nội dung ").strip()
            if position.isdigit() and int(position) in contents:
                content_id = contents[int(position)]
            else:
                problems.append(
                    row.problem(
                        f"phong trào không có nội dung thi đua số “{shown(content_cell)}” "
                        f"(có {len(contents)} nội dung).",
                        "content",
                        _LABELS["content"],
                    )
                )
        elif kind is not None and kind.content_position is not None:
            content_id = contents.get(kind.content_position)
        if len(problems) > before or valid is None or unit is None or kind is None:
            continue
        unit_id, person_id, kind_id = unit.id, person.id if person else None, kind.id
        same = record_key(unit_id, person_id, kind_id, valid.title, valid.occurred_on)
        if same in seen:
            problems.append(
                row.problem(f"trùng với dòng {seen[same]} (cùng người, loại, nội dung, ngày).")
            )
            continue
        seen[same] = row.number
        key = contribution_fingerprint(
            unit_id,
            person_id,
            kind_id,
            valid.title,
            valid.occurred_on,
            valid.quantity,
            valid.amount,
            valid.work_days,
        )
        sources.append((row, same))
        new_rows.append(
            {
                **valid.model_dump(),
                "campaign_id": campaign_id,
                "content_id": content_id,
                "unit_id": unit_id,
                "person_id": person_id,
                "kind_id": kind_id,
                "status": "cho_duyet",
                "status_note": "",
                "verified_on": None,
                "verified_by": "",
                "fingerprint": key,
            }
        )
    # a row of a recorded contribution: the same figures are skipped (the file imported
    # again); other figures are a correction the clerk makes with `contribution edit`
    recorded = recorded_records(session=session, campaign=campaign, keys=list(seen))
    fresh = []
    for (row, same), new_row in zip(sources, new_rows, strict=True):
        earlier = recorded.get(same)
        if earlier is None:
            fresh.append(new_row)
        elif changes := earlier.differences(new_row):
            changed = next(k for k in FIGURES if earlier.figures[k] != new_row[k])
            problems.append(
                row.problem(
                    f"khác với đóng góp số {earlier.id} đã có ({changes}); "
                    f"sửa đóng góp đó bằng “thidua contribution edit {earlier.id}”.",
                    changed,
                    _LABELS[changed],
                )
            )
    _finish(problems, path, progress, total, total)
    result.skipped = len(new_rows) - len(fresh)
    new_rows = fresh
    result.added = len(new_rows)
    if dry_run:
        names = {k.id: k.name for k in kinds.kinds}
        codes = {k.id: k.code for k in kinds.kinds}
        person_names = {p.id: p.full_name for p in persons}
        result.preview = [
            {
                "unit": units[r["unit_id"]].name,
                "person": person_names.get(r["person_id"]),
                "kind": codes.get(r["kind_id"], ""),  # as `contribution list --json`
                "kind_name": names.get(r["kind_id"], ""),
                "title": r["title"],
                "date": r["occurred_on"],
                "quantity": r["quantity"],
                "amount": r["amount"],
                "work_days": r["work_days"],
            }
            for r in new_rows
        ]
        return result
    insert_many(session, Contribution, new_rows)
    return result


def _or_blank(value: str) -> str:
    return value or "(trống)"


# --- registrations ----------------------------------------------------------------------------


def import_registrations(
    *,
    session: Session,
    campaign: Campaign,
    path: Path,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress = None,
) -> ImportResult:
    """Import registrations: new ones written, those already registered skipped, or nothing."""
    from stc_thidua.domain.registrations import registration_frame
    from stc_thidua.schemas_tracking import RegistrationIn

    table = _read(path, REGISTRATION_COLUMNS, sheet)
    result = ImportResult(path.name, dry_run=dry_run, notes=list(table.notes))
    lock_campaign(session, campaign.id)  # one import of a campaign at a time on a server
    units = {
        u.id: u for u in session.exec(select(Unit).where(Unit.agency_id == campaign.agency_id))
    }
    unit_lookup = Lookup(list(units.values()), lambda u: [u.name, u.code], "đơn vị")
    persons = session.exec(select(Person).where(col(Person.unit_id).in_(list(units)))).all()
    person_lookup = PersonLookup(persons, units)  # type: ignore[arg-type]
    registered = {
        (r.unit_id, r.person_id)
        for r in session.exec(
            select(Registration).where(Registration.campaign_id == campaign.id)
        ).all()
    }
    problems: list[Problem] = []
    seen: dict[tuple[int, int | None], int] = {}
    new: list[Registration] = []
    frame = registration_frame(session=session, campaign=campaign)
    for row in table.rows:
        before = len(problems)
        unit = person = None
        unit_query, person_query = _text(row.values.get("unit")), _text(row.values.get("person"))
        if unit_query:
            try:
                unit = unit_lookup.find(unit_query)
            except ThiduaError as exc:
                problems.append(_problem(row, "unit", exc))
        if person_query and (unit is not None or not unit_query):
            try:
                person = person_lookup.find(person_query, unit)
                unit = unit or units[person.unit_id]
            except ThiduaError as exc:
                problems.append(_problem(row, "person", exc))
        if not unit_query and not person_query:
            problems.append(row.problem("thiếu đơn vị (hoặc họ tên người).", "unit", "Đơn vị"))
        data = {
            "target_title": _text(row.values.get("target_title")),
            "commitment": _text(row.values.get("commitment")),
            "registered_on": _date_value(row.values.get("registered_on")) or frame.default,
        }
        valid = _validated(RegistrationIn, data, row, problems)
        if len(problems) > before or valid is None or unit is None:
            continue
        try:
            valid.target_title = frame.title(valid.target_title, collective=person is None)
        except ThiduaError as exc:
            problems.append(_problem(row, "target_title", exc))
        try:
            valid.registered_on = frame.date(valid.registered_on)
        except ThiduaError as exc:
            problems.append(_problem(row, "registered_on", exc))
        if len(problems) > before:
            continue
        key = (unit.id or 0, person.id if person else None)
        if key in seen:
            who = person.full_name if person else unit.name
            problems.append(row.problem(f"“{who}” đã có ở dòng {seen[key]}."))
            continue
        seen[key] = row.number
        if key in registered:
            result.skipped += 1
            continue
        new.append(
            Registration.model_validate(
                {
                    **valid.model_dump(),
                    "campaign_id": campaign.id,
                    "unit_id": key[0],
                    "person_id": key[1],
                }
            )
        )
    _finish(problems, path, progress, len(table.rows), len(table.rows))
    result.added = len(new)
    person_names = {p.id: p.full_name for p in persons}
    result.preview = [
        {
            "unit": units[r.unit_id].name,
            "person": person_names.get(r.person_id),
            "target_title": r.target_title,
            "commitment": r.commitment,
            "registered_on": r.registered_on,
        }
        for r in new
    ]
    if not dry_run:
        session.add_all(new)
        session.flush()
    return result


# --- units ------------------------------------------------------------------------------------


def import_units(
    *,
    session: Session,
    agency: Agency,
    path: Path,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress = None,
) -> ImportResult:
    """Import units; a parent may be listed after its child; units already there are skipped."""
    from stc_thidua.domain.units import default_code, guess_kind, parse_kind
    from stc_thidua.schemas import UnitCreate

    table = _read(path, UNIT_COLUMNS, sheet)
    result = ImportResult(path.name, dry_run=dry_run, notes=list(table.notes))
    existing = list(session.exec(select(Unit).where(Unit.agency_id == agency.id)).all())
    by_key = {name_key(u.name): u for u in existing}
    codes = {name_key(u.code): u.name for u in existing}
    problems: list[Problem] = []
    new: list[tuple[Row, Unit, str]] = []  # row, unit, parent as written
    seen: dict[str, int] = {}
    for row in table.rows:
        before = len(problems)
        data = {k: _text(v) for k, v in row.values.items() if k != "parent"}
        data = {k: v for k, v in data.items() if v != "" or k == "name"}
        kind_text = data.pop("kind", "")
        valid = _validated(UnitCreate, data, row, problems)
        kind = "phong"
        if valid is not None:
            try:
                kind = parse_kind(kind_text) if kind_text else guess_kind(valid.name)
            except ThiduaError as exc:
                problems.append(_problem(row, "kind", exc))
        if len(problems) > before or valid is None:
            continue
        key = name_key(valid.name)
        if key in seen:
            problems.append(
                row.problem(
                    f"đơn vị “{valid.name}” đã có ở dòng {seen[key]}.", "name", "Tên đơn vị"
                )
            )
            continue
        seen[key] = row.number
        if key in by_key:
            result.skipped += 1
            continue
        code = valid.code or default_code(valid.name)
        if valid.code and name_key(code) in codes:
            problems.append(
                row.problem(f"mã “{code}” đã dùng cho “{codes[name_key(code)]}”.", "code", "Mã")
            )
            continue
        if not valid.code:
            base, number = code, 2
            while name_key(code) in codes:
                code, number = f"{base}{number}", number + 1
        codes[name_key(code)] = valid.name
        unit = Unit.model_validate(
            {**valid.model_dump(), "kind": kind, "code": code, "agency_id": agency.id}
        )
        new.append((row, unit, _text(row.values.get("parent"))))
    # parents: units already there or anywhere in the file, before or after the child
    everyone = existing + [unit for _, unit, _ in new]
    lookup = Lookup(everyone, lambda u: [u.name, u.code], "đơn vị")
    parents: dict[int, Unit] = {}
    for index, (row, unit, parent_name) in enumerate(new):
        if not parent_name:
            continue
        try:
            parent = lookup.find(parent_name)
        except ThiduaError as exc:
            problems.append(_problem(row, "parent", exc))
            continue
        if parent is unit:
            problems.append(
                row.problem(
                    "một đơn vị không thể là cấp trên của chính nó.", "parent", "Đơn vị cấp trên"
                )
            )
            continue
        parents[index] = parent
    problems += _loops(new, parents)
    _finish(problems, path, progress, len(table.rows), len(table.rows))
    result.added = len(new)
    result.preview = [
        {"name": u.name, "code": u.code, "kind": u.kind, "parent": p} for _, u, p in new
    ]
    if dry_run:
        return result
    session.add_all([unit for _, unit, _ in new])
    session.flush()
    for index, parent in parents.items():
        new[index][1].parent_id = parent.id
    session.flush()
    return result


def _loops(new: list[tuple[Row, Unit, str]], parents: dict[int, Unit]) -> list[Problem]:
    """Units of the file whose chain of parents comes back to them."""
    position = {id(unit): i for i, (_, unit, _) in enumerate(new)}
    problems = []
    for start in parents:
        walk, current = {start}, parents.get(start)
        while current is not None and id(current) in position:
            index = position[id(current)]
            if index == start:
                row = new[start][0]
                problems.append(
                    row.problem(
                        "các đơn vị cấp trên tạo thành vòng lặp.", "parent", "Đơn vị cấp trên"
                    )
                )
                break
            if index in walk:
                break
            walk.add(index)
            current = parents.get(index)
    return problems


# --- persons ----------------------------------------------------------------------------------


def import_persons(
    *,
    session: Session,
    agency: Agency,
    path: Path,
    sheet: str | None = None,
    dry_run: bool = False,
    progress: Progress = None,
) -> ImportResult:
    """Import persons; one already in the same unit (exact name) is skipped, noting changes."""
    from stc_thidua.domain.persons import GENDERS, parse_gender
    from stc_thidua.schemas import PersonCreate

    table = _read(path, PERSON_COLUMNS, sheet)
    result = ImportResult(path.name, dry_run=dry_run, notes=list(table.notes))
    units = list(session.exec(select(Unit).where(Unit.agency_id == agency.id)).all())
    lookup = Lookup(units, lambda u: [u.name, u.code], "đơn vị")
    taken: dict[tuple[int, str], Person] = {
        (person.unit_id, name_key(person.full_name)): person
        for person in session.exec(
            select(Person).where(col(Person.unit_id).in_([u.id for u in units]))
        ).all()
    }
    seen: dict[tuple[int, str], int] = {}
    problems: list[Problem] = []
    new: list[Person] = []
    total = len(table.rows)
    for done, row in enumerate(table.rows, start=1):
        if progress is not None and done % 200 == 0:
            progress(done, total)
        before = len(problems)
        unit = None
        unit_query = _text(row.values.get("unit"))
        if not unit_query:
            problems.append(row.problem("không được để trống.", "unit", "Đơn vị"))
        else:
            try:
                unit = lookup.find(unit_query)
            except ThiduaError as exc:
                problems.append(_problem(row, "unit", exc))
        fields = ("full_name", "position", "gender")
        data = {k: _text(row.values.get(k)) for k in fields if k in row.values}
        valid = _validated(PersonCreate, data, row, problems)
        gender = ""
        if valid is not None:
            try:
                gender = parse_gender(valid.gender)
            except ThiduaError as exc:
                problems.append(_problem(row, "gender", exc))
        if len(problems) > before or valid is None or unit is None:
            continue
        key = (unit.id or 0, name_key(valid.full_name))
        if key in seen:
            problems.append(
                row.problem(
                    f"“{valid.full_name}” của “{unit.name}” đã có ở dòng {seen[key]}.",
                    "full_name",
                    "Họ và tên",
                )
            )
            continue
        seen[key] = row.number
        if key in taken:
            result.skipped += 1
            known = taken[key]
            # the file may correct a position or gender: say so, never pass over it in silence
            changed = [
                f"{label}: {_or_blank(GENDERS.get(old, old) if k == 'gender' else old)} → "
                f"{_or_blank(GENDERS.get(now, now) if k == 'gender' else now)}"
                for k, label, old, now in (
                    ("position", "chức vụ", known.position, valid.position),
                    ("gender", "giới tính", known.gender, gender),
                )
                if now and now != old
            ]
            if changed:
                result.notes.append(
                    f"Dòng {row.number}: “{known.full_name}” (mã {known.id}) đã có, khác ở "
                    f"{'; '.join(changed)}; không đổi gì, muốn sửa hãy dùng “thidua person edit”."
                )
            continue
        new.append(
            Person.model_validate({**valid.model_dump(), "gender": gender, "unit_id": unit.id})
        )
    _finish(problems, path, progress, total, total)
    result.added = len(new)
    names = {u.id: u.name for u in units}
    result.preview = [
        {"full_name": p.full_name, "unit": names[p.unit_id], "position": p.position} for p in new
    ]
    if not dry_run:
        session.add_all(new)
        session.flush()
    return result

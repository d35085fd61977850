"""Units (phòng, ban) of an agency."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from stc_thidua.errors import Duplicate, InvalidInput, NotFound
from stc_thidua.models import Agency, Person, Unit
from stc_thidua.schemas import UnitCreate, validate
from stc_thidua.text import Match, as_id, choose, fold, match, name_key, vi_key

# unit kind code → label; the order is the order units are listed in documents
KINDS: dict[str, str] = {
    "ban_giam_doc": "Ban Giám đốc",
    "van_phong": "Văn phòng",
    "thanh_tra": "Thanh tra",
    "phong": "Phòng",
    "don_vi": "Đơn vị trực thuộc",
}
_KIND_WORDS = {**{k: k for k in KINDS}, **{v: k for k, v in KINDS.items()}, "ban": "ban_giam_doc"}


def parse_kind(value: str) -> str:
    """A unit kind typed in any form: "Văn phòng", "van-phong", "VP" is not one."""
    return choose(value or "phong", _KIND_WORDS, "Loại đơn vị", KINDS)


def guess_kind(name: str) -> str:
    """The kind a unit's name implies: "Thanh tra Sở" → thanh_tra."""
    folded = fold(name)
    for kind, label in KINDS.items():
        if folded.startswith(fold(label)):
            return kind
    return "phong"


def default_code(name: str) -> str:
    """A short code from a unit name: "Phòng Quản lý ngân sách" → "QLNS"."""
    words = fold(name).split()
    if words and words[0] in {"phong", "ban"} and len(words) > 1:
        words = words[1:]
    return "".join(w[0] for w in words).upper()[:10] or "DV"


def list_units(*, session: Session, agency: Agency | None = None) -> list[Unit]:
    """Units in document order: by kind, then Vietnamese alphabetical order."""
    query = select(Unit)
    if agency is not None:
        query = query.where(Unit.agency_id == agency.id)
    units = session.exec(query).all()
    order = list(KINDS)
    return sorted(
        units, key=lambda u: (order.index(u.kind) if u.kind in order else 99, vi_key(u.name))
    )


def match_unit(*, session: Session, query: str, agency: Agency | None = None) -> Match[Unit]:
    """The unit named by `query` (its id as listed, name or code), and whether exactly."""
    row_id = as_id(query)
    if row_id is not None:
        by_id = session.get(Unit, row_id)
        if by_id is not None and (agency is None or by_id.agency_id == agency.id):
            return Match(by_id, by_id.name, exact=True)
    units = list_units(session=session, agency=agency)
    if row_id is not None and not any(name_key(u.code) == name_key(query) for u in units):
        raise NotFound(f"Không có đơn vị mã số {row_id} (xem cột Mã của “thidua unit list”).")
    return match(query, units, lambda u: [u.name, u.code], "đơn vị")


def find_unit(*, session: Session, query: str, agency: Agency | None = None) -> Unit:
    """The unit named by `query` (its id as listed, name or code, by the rules of `match`)."""
    return match_unit(session=session, query=query, agency=agency).item


def add_unit(*, session: Session, agency: Agency, data: dict[str, Any]) -> Unit:
    """Add a unit to `agency`; names are unique within an agency."""
    data = {k: v for k, v in data.items() if v is not None}
    parent_name = data.pop("parent", None)
    valid = validate(UnitCreate, data)
    kind = parse_kind(valid.kind) if "kind" in data else guess_kind(valid.name)
    code = valid.code or _unused_code(session=session, agency=agency, code=default_code(valid.name))
    check_unit_unique(session=session, agency=agency, name=valid.name, code=code)
    parent = find_unit(session=session, query=parent_name, agency=agency) if parent_name else None
    unit = Unit.model_validate(
        {
            **valid.model_dump(),
            "kind": kind,
            "code": code,
            "agency_id": agency.id,
            "parent_id": parent.id if parent else None,
        }
    )
    session.add(unit)
    session.flush()
    return unit


def _unused_code(
    *, session: Session, agency: Agency, code: str, except_id: int | None = None
) -> str:
    """`code`, or "QLNS2", "QLNS3"... when another unit of the agency already has it."""
    units = session.exec(select(Unit).where(Unit.agency_id == agency.id)).all()
    taken = {u.code.upper() for u in units if u.id != except_id}
    candidate, number = code, 2
    while candidate.upper() in taken:
        candidate, number = f"{code}{number}", number + 1
    return candidate


def check_unit_unique(
    *, session: Session, agency: Agency, name: str, code: str, except_id: int | None = None
) -> None:
    """Refuse a unit name (as typed: diacritics count, case does not) or code already used.

    The one uniqueness rule for units: adding, editing and importing all call it.
    """
    key = name_key(name)
    for other in session.exec(select(Unit).where(Unit.agency_id == agency.id)).all():
        if other.id == except_id:
            continue
        if other.name_key == key or name_key(other.name) == key:
            raise Duplicate(f"Đã có đơn vị “{other.name}”.")
        if code and other.code.upper() == code.upper():
            raise Duplicate(f"Mã đơn vị “{code}” đã dùng cho “{other.name}”.")


def edit_unit(*, session: Session, unit: Unit, changes: dict[str, Any]) -> Unit:
    """Change some fields of a unit; an empty code gets a generated one, as in `add_unit`."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise InvalidInput("Chưa có thay đổi nào; hãy chỉ rõ trường cần sửa.")
    parent_name = changes.pop("parent", None)
    current = unit.model_dump(include={"name", "code", "kind", "head_title", "head_name"})
    valid = validate(UnitCreate, {**current, **changes})
    agency = session.get(Agency, unit.agency_id)
    assert agency is not None
    code = valid.code or _unused_code(
        session=session, agency=agency, code=default_code(valid.name), except_id=unit.id
    )
    check_unit_unique(session=session, agency=agency, name=valid.name, code=code, except_id=unit.id)
    for key, value in valid.model_dump().items():
        setattr(unit, key, value)
    unit.code = code
    unit.kind = parse_kind(valid.kind)
    if parent_name:
        parent = find_unit(session=session, query=parent_name, agency=agency)
        check_no_loop(session=session, unit=unit, parent=parent)
        unit.parent_id = parent.id
    session.add(unit)
    return unit


def check_no_loop(*, session: Session, unit: Unit, parent: Unit) -> None:
    """Refuse `parent` as the parent of `unit` when `unit` is already above it (or is it)."""
    if parent.id == unit.id:
        raise InvalidInput("Một đơn vị không thể là cấp trên của chính nó.")
    above: Unit | None = parent
    seen: set[int | None] = set()
    while above is not None and above.parent_id is not None and above.id not in seen:
        seen.add(above.id)
        if above.parent_id == unit.id:
            raise InvalidInput(
                f"Không thể đặt “{parent.name}” làm cấp trên của “{unit.name}”: "
                f"“{parent.name}” đang trực thuộc “{unit.name}” (vòng lặp cấp trên)."
            )
        above = session.get(Unit, above.parent_id)


def hierarchy_loops(*, session: Session) -> list[list[Unit]]:
    """Every loop in the units' parent links (each listed once, from its lowest id)."""
    units = {u.id: u for u in session.exec(select(Unit)).all()}
    loops: list[list[Unit]] = []
    reported: set[int | None] = set()
    for start in sorted(i for i in units if i is not None):
        path: list[int] = []
        current: int | None = start
        while current is not None and current in units and current not in path:
            if current in reported:
                break
            path.append(current)
            current = units[current].parent_id
        if current is not None and current in path:
            cycle = path[path.index(current) :]
            if not reported.intersection(cycle):
                loops.append([units[i] for i in cycle])
            reported.update(cycle)
        reported.update(path)
    return loops


def remove_unit(*, session: Session, unit: Unit) -> None:
    """Remove a unit that nothing refers to."""
    from stc_thidua.models import Commendation, Contribution, Proposal, Registration

    checks = [
        (Person, Person.unit_id, "người"),
        (Contribution, Contribution.unit_id, "đóng góp"),
        (Registration, Registration.unit_id, "đăng ký"),
        (Proposal, Proposal.unit_id, "đề xuất"),
        (Commendation, Commendation.unit_id, "khen thưởng trong lịch sử"),
        (Unit, Unit.parent_id, "đơn vị trực thuộc"),
    ]
    for model, column, label in checks:
        count = session.exec(select(func.count()).select_from(model).where(column == unit.id)).one()
        if count:
            raise InvalidInput(
                f"Không xóa được đơn vị “{unit.name}”: còn {count} {label} thuộc đơn vị này."
            )
    session.delete(unit)


def unit_counts(*, session: Session) -> dict[int, int]:
    """How many people each unit has."""
    rows = session.exec(select(Person.unit_id, func.count()).group_by(col(Person.unit_id))).all()
    return dict(rows)


def units_csv(*, session: Session, agency: Agency) -> str:
    """The agency's units as CSV in the columns `import_units` reads."""
    from stc_thidua.domain.tabular import write_csv

    units = list_units(session=session, agency=agency)
    names = {u.id: u.name for u in units}
    return write_csv(
        # headers a clerk reads in Excel, and the import reads back
        [
            "Tên đơn vị",
            "Mã",
            "Loại",
            "Chức danh trưởng đơn vị",
            "Họ tên trưởng đơn vị",
            "Đơn vị cấp trên",
        ],
        [
            [
                u.name,
                u.code,
                KINDS.get(u.kind, u.kind),
                u.head_title,
                u.head_name,
                names.get(u.parent_id, ""),
            ]
            for u in units
        ],
    )

"""Reading the audit log (nhật ký): who inserted, changed or deleted which record, and when."""

from __future__ import annotations

import datetime as dt
import functools

from sqlmodel import Session, col, select

from stc_thidua.errors import InvalidInput
from stc_thidua.models import AuditLog
from stc_thidua.text import choose, shown

# table name → what the clerk reads
ENTITIES: dict[str, str] = {
    "agency": "cơ quan",
    "agency_name": "tên cơ quan",
    "campaign": "phong trào",
    "campaign_content": "nội dung thi đua",
    "target": "chỉ tiêu",
    "unit": "đơn vị",
    "person": "cán bộ",
    "registration": "đăng ký thi đua",
    "contribution": "đóng góp",
    "contribution_kind": "loại đóng góp",
    "proposal": "đề xuất khen thưởng",
    "rule_value": "quy định",
    "report_note": "ghi chú báo cáo",
    "extra_section": "mục bổ sung",
    "target_progress": "tiến độ chỉ tiêu",
    "rule_override": "quy định đã sửa",
    "rule_set_def": "thời kỳ quy định",
    "rating": "xếp loại",
    "discipline": "kỷ luật",
    "commendation": "lịch sử khen thưởng",
    "campaign_award": "khen thưởng của kế hoạch",
    "proposal_achievement": "thành tích của đề xuất",
    "proposal_event": "diễn biến đề xuất",
}
ACTIONS: dict[str, str] = {"insert": "thêm", "update": "sửa", "delete": "xóa"}
_ENTITY_WORDS = {
    **{k: k for k in ENTITIES},
    **{v: k for k, v in ENTITIES.items()},
    "nguoi": "person",
    "congchuc": "person",
    "phong": "unit",
    "kehoach": "campaign",
    "noidung": "campaign_content",
    "dexuat": "proposal",
    "xeploai": "rating",
    "kyluat": "discipline",
    "khenthuong": "commendation",
}


# column → what the clerk reads, for the columns input models do not name (schemas.LABELS)
COLUMN_LABELS: dict[str, str] = {
    "abbr": "ký hiệu",
    "status": "trạng thái",
    "agency_id": "cơ quan",
    "campaign_id": "phong trào",
    "unit_id": "đơn vị",
    "person_id": "người",
    "parent_id": "đơn vị cấp trên",
    "content_id": "nội dung thi đua",
    "kind_id": "loại đóng góp",
    "doc_type": "loại văn bản",
    "created_at": "thời điểm tạo",
    "text": "nội dung",
    "description": "mô tả",
    "quantity": "số lượng",
    "amount": "số tiền (đồng)",
    "work_days": "ngày công",
    "evidence": "minh chứng",
    "occurred_on": "ngày thực hiện",
    "verified": "đã xác nhận",
    "verified_on": "ngày xác nhận",
    "verified_by": "người xác nhận",
    "status_note": "ghi chú trạng thái",
    "target_title": "danh hiệu đăng ký",
    "commitment": "nội dung cam kết",
    "registered_on": "ngày đăng ký",
    "award": "hình thức khen thưởng",
    "reason": "lý do",
    "votes_for": "số phiếu đồng ý",
    "council_size": "số thành viên hội đồng",
    "key": "khóa",
    "confirmed": "đã xác nhận",
    "source": "nguồn",
    "aliases": "tên gọi khác",
    "content_position": "nội dung thi đua (thứ tự)",
    "points": "điểm mỗi lượt",
    "points_per_million": "điểm mỗi triệu đồng",
    "points_per_work_day": "điểm mỗi ngày công",
    "period_key": "kỳ báo cáo",
    "section": "mục",
    "updated_at": "thời điểm sửa",
    "document": "văn bản",
    "target_id": "chỉ tiêu",
    "as_of": "tính đến ngày",
    "note": "ghi chú",
    "absent_written": "số phiếu vắng mặt gửi bằng văn bản",
    "vote_threshold": "ngưỡng biểu quyết",
    "vote_passed": "kết quả biểu quyết",
    "voted_on": "ngày biểu quyết",
    "decision_number": "số quyết định",
    "decision_year": "năm quyết định",
    "decision_symbol": "ký hiệu quyết định",
    "decision_date": "ngày quyết định",
    "base_salary": "mức lương cơ sở",
    "coefficient": "hệ số",
    "problems": "vấn đề về điều kiện",
    "unconfirmed": "chưa xác nhận",
    "law": "văn bản quy định",
    "based_on": "dựa trên bộ quy định",
    "year": "năm",
    "grade": "xếp loại",
    "level": "hình thức kỷ luật",
    "decided_on": "ngày quyết định",
    "decision": "quyết định",
    "form_name": "tên hình thức khen thưởng",
    "issuer": "cơ quan quyết định",
    "proposal_id": "đề xuất",
    "max_count": "số lượng tối đa",
    "contribution_id": "đóng góp",
    "at": "thời điểm",
    "actor": "người thực hiện",
    "action": "thao tác",
    "from_status": "trạng thái trước",
    "to_status": "trạng thái sau",
}
# (table, column) → label, where a column means something else in that table
ENTITY_COLUMN_LABELS: dict[tuple[str, str], str] = {
    ("campaign_content", "position"): "thứ tự",
    ("contribution_kind", "position"): "thứ tự",
    ("contribution", "kind"): "loại đóng góp",
    ("unit", "name"): "tên đơn vị",
    ("agency_name", "name"): "tên cơ quan",
    ("target", "name"): "chỉ tiêu",
    ("target", "unit"): "đơn vị tính",
    ("rule_value", "value"): "giá trị",
}


def field_label(entity: str, column: str) -> str:
    """The Vietnamese name of a column of table `entity`: ("person", "gender") → "giới tính"."""
    from stc_thidua.schemas import LABELS

    found = ENTITY_COLUMN_LABELS.get((entity, column))
    return found or COLUMN_LABELS.get(column) or LABELS.get(column) or column


@functools.cache
def coded_values() -> dict[tuple[str, str], dict[str, str]]:
    """Columns that hold codes, by (table, column): each code → what the clerk reads."""
    from stc_thidua.domain.campaigns import STATUSES
    from stc_thidua.domain.persons import GENDERS
    from stc_thidua.domain.proposals import STATUSES as PROPOSAL_STATUSES
    from stc_thidua.domain.units import KINDS
    from stc_thidua.models import CONTRIBUTION_STATUSES

    return {
        ("campaign", "status"): STATUSES,
        ("unit", "kind"): KINDS,
        ("person", "gender"): {**GENDERS, "": "chưa ghi"},
        ("contribution", "status"): CONTRIBUTION_STATUSES,
        ("proposal", "status"): PROPOSAL_STATUSES,
    }


# numbers that are names, not quantities: printed "2021", never "2.021"
PLAIN_NUMBERS = frozenset(
    {"year", "issued_year", "decision_year", "decision_number", "doc_number", "position"}
)


def plain_number(column: str) -> bool:
    """Whether a column's number is a year, a document number or a row number (no grouping)."""
    return column in PLAIN_NUMBERS or column.endswith(("_id", "_position"))


def entry_subjects(*, session: Session, entries: list[AuditLog]) -> dict[int, str]:
    """Whose record each entry is, for records named by their unit or person (registrations).

    One query per table, whatever the number of entries: entry id → "Họ tên (Đơn vị)".
    """
    from stc_thidua.models import Person, Unit

    wanted: dict[int, tuple[int | None, int | None]] = {}
    for entry in entries:
        values = entry.new_values or entry.old_values or {}
        if "unit_id" in values and not any(values.get(k) for k in ("full_name", "name", "title")):
            wanted[entry.id or 0] = (values.get("unit_id"), values.get("person_id"))
    unit_ids = {u for u, _ in wanted.values() if isinstance(u, int)}
    person_ids = {p for _, p in wanted.values() if isinstance(p, int)}
    units = {
        u.id: u.name for u in session.exec(select(Unit).where(col(Unit.id).in_(unit_ids))).all()
    }
    persons = {
        p.id: p.full_name
        for p in session.exec(select(Person).where(col(Person.id).in_(person_ids))).all()
    }
    subjects = {}
    for entry_id, (unit_id, person_id) in wanted.items():
        unit = units.get(unit_id, f"đơn vị mã {unit_id}") if unit_id is not None else ""
        if person_id:
            person = persons.get(person_id, f"người mã {person_id}")
            subjects[entry_id] = f"{person} ({unit})" if unit else person
        elif unit:
            subjects[entry_id] = unit
    return subjects


def value_label(entity: str, column: str, value: object) -> str | None:
    """What a coded value reads as ("du_thao" → "dự thảo"); None when the column is not coded."""
    labels = coded_values().get((entity, column))
    if labels is None or not isinstance(value, str):
        return None
    return labels.get(value, value)


def parse_entity(value: str) -> str:
    """A record kind typed as a table name or in Vietnamese: "đơn vị", "donvi" → "unit"."""
    try:
        return choose(value, _ENTITY_WORDS, "Loại bản ghi")
    except InvalidInput:
        names = ", ".join(ENTITIES.values())
        message = f"Loại bản ghi “{shown(value)}” không hợp lệ; chọn một trong: {names}."
        raise InvalidInput(message) from None


def list_log(
    *,
    session: Session,
    entity: str | None = None,
    since: dt.date | None = None,
    limit: int | None = 50,
) -> list[AuditLog]:
    """Log entries, newest first, optionally of one record kind and from a date (UTC) on."""
    query = select(AuditLog)
    if entity:
        query = query.where(AuditLog.entity == entity)
    if since is not None:
        start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        query = query.where(col(AuditLog.at) >= start)
    query = query.order_by(col(AuditLog.id).desc())
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())

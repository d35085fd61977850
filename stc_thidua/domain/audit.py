"""Reading the audit log (nhật ký): who inserted, changed or deleted which record, and when."""

from __future__ import annotations

import datetime as dt

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
}


def parse_entity(value: str) -> str:
    """A record kind typed as a table name or in Vietnamese: "đơn vị", "donvi" → "unit"."""
    try:
        return choose(value, _ENTITY_WORDS, "Loại bản ghi")
    except InvalidInput:
        names = ", ".join(ENTITIES)
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

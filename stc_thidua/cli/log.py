"""`thidua log`: the audit log (nhật ký) of every insert, change and delete."""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from stc_thidua.cli.common import JSON_OPTION, done, print_json, print_table, session

ENTITY = typer.Option(
    None,
    "--entity",
    "-e",
    help="Chỉ một loại bản ghi: campaign, unit, person, contribution, proposal... "
    "(hoặc tiếng Việt: đơn-vị, cán-bộ, đề-xuất).",
)
SINCE = typer.Option(None, "--since", help="Từ ngày (giờ UTC), vd. 2026-01-01 hoặc 01/01/2026.")
LIMIT = typer.Option(
    50, "--limit", "-n", min=0, max=1_000_000, help="Số dòng mới nhất (0: tất cả)."
)
# the column that names a record best, by table
_LABEL_COLUMNS = ("full_name", "name", "title", "code", "abbr", "text", "award", "key")


def log(
    ctx: typer.Context,
    entity: str | None = ENTITY,
    since: str | None = SINCE,
    limit: int = LIMIT,
    as_json: bool = JSON_OPTION,
) -> None:
    """Xem nhật ký thêm, sửa, xóa: ai, lúc nào, giá trị cũ và mới (nhật-ký)."""
    from stc_thidua.domain.audit import (
        ACTIONS,
        ENTITIES,
        entry_subjects,
        list_log,
        parse_entity,
    )

    kind = parse_entity(entity) if entity else None
    start = _parse_since(since) if since else None
    with session(ctx) as s:
        entries = list_log(session=s, entity=kind, since=start, limit=limit or None)
        subjects = {} if as_json else entry_subjects(session=s, entries=entries)
    if not entries and not as_json:
        done("Không có mục nhật ký nào khớp.")
        return
    if as_json:
        print_json([_entry_dict(e) for e in entries])
        return
    print_table(
        "Nhật ký thay đổi",
        ["Số", "Thời điểm", "Người", "Thao tác", "Bản ghi", "Mã", "Nội dung"],
        [
            (
                e.id,
                _local(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                e.user,
                ACTIONS.get(e.action, e.action),
                ENTITIES.get(e.entity, e.entity),
                e.entity_id,
                _summary(e.entity, e.action, e.old_values, e.new_values)
                or subjects.get(e.id or 0, ""),
            )
            for e in entries
        ],
    )


def _parse_since(value: str) -> dt.date:
    from stc_thidua.dates import to_date

    return to_date(value, "--since")


def _local(at: dt.datetime) -> dt.datetime:
    return at.astimezone()


def _entry_dict(entry: Any) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.astimezone(dt.UTC).isoformat(),
        "user": entry.user,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "old_values": entry.old_values,
        "new_values": entry.new_values,
    }


def _summary(
    entity: str, action: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> str:
    """One line a clerk reads: the changed fields by their Vietnamese names, or the name."""
    from stc_thidua.domain.audit import field_label

    if action == "update" and old is not None and new is not None:
        return "; ".join(
            f"{field_label(entity, k)}: {_value(entity, k, old.get(k))} → {_value(entity, k, v)}"
            for k, v in new.items()
        )
    values = new if action == "insert" else old
    for key in _LABEL_COLUMNS:
        if values and values.get(key) not in (None, ""):
            return _value(entity, key, values[key])
    return ""


def _value(entity: str, column: str, value: Any, width: int = 60) -> str:
    """A stored value as the clerk reads it: labels for codes, dd/mm/yyyy, 1.500.000, có/không."""
    from stc_thidua.domain.audit import plain_number, value_label

    text = value_label(entity, column, value)
    if text is None and isinstance(value, int) and not isinstance(value, bool):
        text = str(value) if plain_number(column) else None
    if text is None:
        text = _plain(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain(value: Any) -> str:
    from stc_thidua.render.filters import vn_number

    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, int | float):
        return vn_number(value)
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value) or "(trống)"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v not in (None, ""))
    text = str(value)
    try:
        if len(text) == 10:
            return f"{dt.date.fromisoformat(text):%d/%m/%Y}"
        if len(text) > 10 and text[10] == "T":
            return f"{dt.datetime.fromisoformat(text):%d/%m/%Y %H:%M}"
    except ValueError:
        pass
    return text

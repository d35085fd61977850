"""The audit log recorder: every insert, change and delete of a record, in the same transaction.

`install(session)` is called once, by `db.session_scope`; the log is written with plain
INSERTs on the session's own connection, so it commits or rolls back with the change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, insert, inspect, select

from stc_thidua.models import AuditLog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# the tables whose history is kept (settings such as the current campaign are not); by name,
# so that installing the log builds no table class a command does not use
AUDITED: frozenset[str] = frozenset(
    {
        "agency",
        "agency_name",
        "campaign",
        "campaign_content",
        "target",
        "unit",
        "person",
        "registration",
        "contribution_kind",
        "contribution",
        "proposal",
        "rule_value",
        "report_note",
        "extra_section",
        "target_progress",
        "rule_override",
        "rule_set_def",
        "rating",
        "discipline",
        "commendation",
        "campaign_award",
        "proposal_achievement",
        "proposal_event",
    }
)
# derived columns (identity keys of names, a contribution's fingerprint) are not history
DERIVED = frozenset({"name_key", "code_key", "fingerprint"})
_SNAPSHOTS = "audit_deleted"  # session.info key: values of rows about to be deleted


def install(session: Session) -> None:
    """Record this session's changes in the audit log as they are flushed."""
    event.listen(session, "before_flush", _before_flush)
    event.listen(session, "before_flush", _assign_ids)
    event.listen(session, "after_flush", _after_flush)


_PLAIN = frozenset({str, int, bool})


def jsonable(value: Any) -> Any:
    """A column value as JSON can hold it: dates and times as ISO text."""
    if value is None or type(value) in _PLAIN:  # most values: nothing to do, decided at once
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _audited(obj: object) -> bool:
    return getattr(type(obj), "__tablename__", None) in AUDITED


def _values(obj: object) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: jsonable(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in DERIVED
    }


def _changes(obj: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """The changed columns of `obj`, before and after."""
    state = inspect(obj)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in DERIVED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old[attr.key] = jsonable(history.deleted[0]) if history.deleted else None
        new[attr.key] = jsonable(history.added[0]) if history.added else None
    return old, new


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Keep the values of rows about to be deleted, with the rows the database cascades to."""
    snapshots: dict[tuple[str, Any], dict[str, Any]] = {}
    for obj in session.deleted:
        if not _audited(obj):
            continue
        values = _values(obj)
        table = inspect(obj).mapper.local_table
        snapshots[(table.name, values.get("id"))] = values
        snapshots.update(_cascaded(session, table, values))
    session.info[_SNAPSHOTS] = snapshots


def _cascaded(session: Session, table: Any, values: dict[str, Any]) -> dict[Any, Any]:
    """Rows other audited tables lose through ON DELETE CASCADE when this row goes."""
    from sqlmodel import SQLModel

    from stc_thidua.models import load_all

    load_all()  # a table this command never used may still lose rows to the cascade
    found: dict[tuple[str, Any], dict[str, Any]] = {}
    for name in sorted(AUDITED):
        child: Any = SQLModel.metadata.tables[name]
        for fk in child.foreign_keys:
            if fk.ondelete != "CASCADE" or fk.column.table is not table:
                continue
            key = values.get(fk.column.name)
            rows = session.connection().execute(select(child).where(fk.parent == key))
            for row in rows.mappings():
                found[(child.name, row.get("id"))] = {
                    k: jsonable(v) for k, v in row.items() if k not in DERIVED
                }
    return found


def _after_flush(session: Session, _context: Any) -> None:
    """Write one log row per inserted, changed or deleted record."""
    user = str(session.info.get("user") or "?")[:100]
    at = dt.datetime.now(dt.UTC)
    rows: list[dict[str, Any]] = []

    def log(action: str, entity: str, entity_id: Any, old: Any, new: Any) -> None:
        rows.append(
            {
                "at": at,
                "user": user,
                "action": action,
                "entity": entity,
                "entity_id": entity_id if isinstance(entity_id, int) else None,
                "old_values": old,
                "new_values": new,
            }
        )

    for obj in session.new:
        if _audited(obj):
            values = _values(obj)
            log("insert", _entity(obj), values.get("id"), None, values)
    for obj in session.dirty:
        if _audited(obj) and obj not in session.deleted:
            old, new = _changes(obj)
            if new:
                log("update", _entity(obj), getattr(obj, "id", None), old, new)
    for (entity, entity_id), values in session.info.pop(_SNAPSHOTS, {}).items():
        log("delete", entity, entity_id, values, None)
    if rows:
        session.connection().execute(insert(AuditLog.__table__), rows)  # type: ignore[attr-defined]


BATCH = 5000  # rows per INSERT statement (COPY on PostgreSQL) of a bulk insert


def insert_many(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows of `model` in batches, each logged like an ORM insert; returns the ids.

    For imports of thousands of rows: plain multi-row INSERTs instead of one ORM object per
    row, in the session's transaction. Each row must give every column but id; the ids are
    taken first (SQLite: after the largest, under the write lock the transaction holds since
    its BEGIN IMMEDIATE; PostgreSQL: from the table's sequence), so no RETURNING is needed.
    """
    from stc_thidua.guards import refuse_closed

    table: Any = inspect(model).local_table
    if "campaign_id" in table.c:
        refuse_closed(session, {row["campaign_id"] for row in rows})
    user = str(session.info.get("user") or "?")[:100]
    at = dt.datetime.now(dt.UTC)
    session.flush()
    connection = session.connection()
    ids = _new_ids(connection, table, len(rows))
    for start in range(0, len(rows), BATCH):
        batch = [
            {"id": row_id, **row}
            for row_id, row in zip(
                ids[start : start + BATCH], rows[start : start + BATCH], strict=True
            )
        ]
        write_rows(connection, table, batch)
        write_rows(
            connection,
            AuditLog.__table__,  # type: ignore[attr-defined]
            (  # made as they are sent: PostgreSQL inserts the first while the next are made
                {
                    "at": at,
                    "user": user,
                    "action": "insert",
                    "entity": table.name,
                    "entity_id": row["id"],
                    "old_values": None,
                    "new_values": {k: jsonable(v) for k, v in row.items()},
                }
                for row in batch
            ),
        )
    return ids


def write_rows(connection: Any, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert rows that give every column (the id may be left to the database) in one go.

    Each value is bound as SQLAlchemy binds it (dates, times, JSON), then handed to the driver
    at once: one prepared INSERT run over all rows on SQLite, COPY on PostgreSQL (one round
    trip, constraints checked as for an INSERT). Rows of any other shape go through
    SQLAlchemy's own executemany.
    """
    remaining = iter(rows)
    first = next(remaining, None)
    if first is None:
        return
    rows = chain([first], remaining)
    names = list(first)
    missing = {c.name for c in table.c} - set(names)
    auto = table.autoincrement_column
    dialect = connection.dialect
    filled = not missing or (auto is not None and missing == {auto.name} and auto.default is None)
    if not filled or dialect.name not in ("sqlite", "postgresql"):
        connection.execute(insert(table), list(rows))  # defaults to fill in: SQLAlchemy's
        return
    processors = [
        (index, process)
        for index, name in enumerate(names)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]
    get = itemgetter(*names)

    def values() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            value = list(get(row)) if len(names) > 1 else [get(row)]
            for index, process in processors:
                value[index] = process(value[index])
            yield tuple(value)

    quote = dialect.identifier_preparer.quote
    target = dialect.identifier_preparer.format_table(table)
    listed = ", ".join(quote(name) for name in names)
    if dialect.name == "postgresql":
        from sqlalchemy.exc import DBAPIError

        statement = f"COPY {target} ({listed}) FROM STDIN"
        cursor = connection.connection.driver_connection.cursor()
        try:
            with cursor, cursor.copy(statement) as copy:
                for record in values():  # sent as made, in chunks: the server starts at once
                    copy.write_row(record)
        except dialect.loaded_dbapi.Error as exc:  # as SQLAlchemy raises it, for the caller
            raise DBAPIError.instance(
                statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect
            ) from exc
        return
    marks = ", ".join("?" for _ in names)
    connection.exec_driver_sql(f"INSERT INTO {target} ({listed}) VALUES ({marks})", [*values()])


def _new_ids(connection: Any, table: Any, count: int) -> list[int]:
    """`count` unused ids of `table`, in order."""
    from sqlalchemy import text

    if not count:
        return []
    if connection.dialect.name == "postgresql":
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar_one()
        found = connection.execute(
            text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
            {"sequence": sequence, "count": count},
        )
        return sorted(int(r[0]) for r in found)
    largest = largest_id_ever(connection, table)
    return list(range(largest + 1, largest + count + 1))


def largest_id_ever(connection: Any, table: Any) -> int:
    """The largest id `table` ever handed out, deleted rows included (SQLite).

    SQLite without AUTOINCREMENT gives a deleted last row's id to the next row; the
    numbers clerks write down ("đóng góp số 176") must never name two records. Every
    insert of an audited table is in the audit log, so the log remembers the largest.
    """
    from sqlalchemy import func

    largest = connection.execute(select(func.max(table.c.id))).scalar() or 0
    logged = connection.execute(
        select(func.max(AuditLog.entity_id)).where(AuditLog.entity == table.name)
    ).scalar()
    return max(largest, logged or 0)


def _assign_ids(session: Session, _context: Any, _instances: Any) -> None:
    """On SQLite, number new audited rows after every id ever used: never reuse a number."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL's sequences never hand a number out twice
    pending: dict[Any, list[Any]] = {}
    for obj in session.new:
        if _audited(obj) and getattr(obj, "id", None) is None:
            pending.setdefault(inspect(obj).mapper.local_table, []).append(obj)
    for table, objects in pending.items():
        largest = largest_id_ever(connection, table)
        for number, obj in enumerate(objects, start=largest + 1):
            obj.id = number


def _entity(obj: object) -> str:
    return str(inspect(obj).mapper.local_table.name)

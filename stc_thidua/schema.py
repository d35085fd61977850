"""The schema of a database: its revision, and upgrades through Alembic (only to upgrade).

Reading the revision is plain SQL; Alembic and the migration scripts are loaded only when
a database must be created or upgraded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from stc_thidua import sqlitefile
from stc_thidua.errors import DatabaseError
from stc_thidua.revisions import HEAD, is_known

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at, or None for a blank one (plain SQL, no Alembic)."""
    with engine.connect() as conn:
        return revision_of(conn)


def revision_of(conn: Connection) -> str | None:
    """The revision read on an open connection."""
    from sqlalchemy import inspect, text

    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row else None


def _tables(conn: Connection) -> list[str]:
    """The tables of the connection's database (its default schema)."""
    from sqlalchemy import inspect

    return list(inspect(conn).get_table_names())


def refuse_newer(revision: str | None) -> None:
    """Refuse a database written by a newer thidua, before anything touches it."""
    if revision is not None and not is_known(revision):
        raise DatabaseError(
            f"Cơ sở dữ liệu ở phiên bản lược đồ {revision}, mới hơn chương trình này; "
            "hãy cập nhật thidua, dữ liệu chưa bị thay đổi."
        )


def alembic_head() -> str:
    """The head of the migration scripts, as Alembic reads them (for checks and tests)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def alembic_revisions() -> list[str]:
    """The migration scripts' revisions, oldest first, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [rev.revision for rev in script.walk_revisions()][::-1]


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply migrations up to `target` (Alembic)."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), target)


def ensure_schema(
    engine: Engine,
    url: str,
    *,
    read_only: bool = False,
    create: bool = True,
    upgrading: bool = False,
) -> None:
    """Bring the database to the newest schema; refuse one written by a newer thidua.

    A SQLite file is checked before the engine first connects (which would switch it
    to WAL mode): damaged or newer files are refused unchanged. Who may change the schema:
    `db upgrade` (`upgrading`) and a command that adds records (`create`, the store that
    migrates itself when written; a SQLite file is backed up first); a command that only
    reads, or changes what is there, never creates or upgrades a schema. A PostgreSQL
    database shared by a province is upgraded only by `db upgrade`.
    """
    path = sqlitefile.path_of(url)
    if path is not None and path.is_file():
        revision = sqlitefile.read_revision(path)
        if revision == HEAD:  # the usual case: current, nothing more to ask the database
            return
        refuse_newer(revision)
    with engine.connect() as conn:
        current = revision_of(conn)
        foreign = current is None and bool(_tables(conn))
    if current == HEAD:
        return
    refuse_newer(current)
    if foreign:  # tables but no revision: another program's database, never ours to change
        raise sqlitefile.not_thidua(f"Tệp {path}" if path is not None else "Cơ sở dữ liệu này")
    where = f"Cơ sở dữ liệu {path}" if path is not None else "Cơ sở dữ liệu trên máy chủ"
    if current is None and not (create or upgrading):
        from stc_thidua.errors import NotFound

        raise NotFound(
            f"{where} chưa có lược đồ thidua; tạo bằng “thidua db upgrade” (hoặc “thidua demo”)."
        )
    if current is not None and path is None and not upgrading:
        # a shared server: other offices may still run the older thidua, so the schema
        # changes only when its keeper runs `db upgrade`, never as a side effect
        raise DatabaseError(
            f"{where} ở lược đồ {current}, chương trình cần {HEAD}: người quản trị hãy chạy "
            "“thidua db upgrade” (sau khi mọi máy đã cập nhật thidua); chưa ghi gì, dữ liệu "
            "không đổi."
        )
    if current is not None and not (upgrading or create):
        raise DatabaseError(
            f"{where} ở lược đồ {current}, chương trình cần {HEAD}: hãy chạy “thidua db upgrade”"
            " (tệp SQLite được sao lưu trước); chưa ghi gì, dữ liệu không đổi."
        )
    if read_only:
        raise DatabaseError(
            f"Cơ sở dữ liệu {path or ''} chỉ đọc (không có quyền ghi) mà lược đồ cần "
            f"{'tạo' if current is None else 'nâng cấp'}; không ghi được gì, dữ liệu không đổi."
        )
    if current is not None and path is not None and path.exists():
        from stc_thidua.backup import backup_before_migration

        backup_before_migration(path, current)
    upgrade(engine)

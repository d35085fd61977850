"""Where the database lives, how it is opened, and how its schema is migrated.

The database is opened in exactly one place, `session_scope`: one transaction per
command, committed once, rolled back on any error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stc_thidua.errors import DatabaseError, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

ENV_VAR = "THIDUA_DB"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def default_path() -> Path:
    """The per-user database file (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("thidua", appauthor=False) / "thidua.db"


def resolve_url(db: str | None = None) -> str:
    """The database URL: `--db` (path or URL) > $THIDUA_DB > the per-user file."""
    value = db or os.environ.get(ENV_VAR) or str(default_path())
    if "://" in value:
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL, a busy timeout and IMMEDIATE writes."""
    from sqlalchemy import create_engine, event

    path = sqlite_path(url)
    if path is None:
        try:
            return create_engine(url, pool_pre_ping=True)
        except Exception as exc:  # a missing driver or a malformed URL
            raise DatabaseError(f"Địa chỉ cơ sở dữ liệu không dùng được: {exc}.") from exc
    if path.is_dir():
        raise DatabaseError(f"Đường dẫn cơ sở dữ liệu là một thư mục: {path}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Không tạo được thư mục {path.parent}: {os_reason(exc)}.") from exc
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two clerks writing at once queue
        # on the busy timeout instead of failing with "database is locked" on upgrade.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration this program knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration a database is at, or None for a blank one."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    """Every revision in this program's migration chain."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply migrations up to `target`."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), target)


def ensure_schema(engine: Engine, url: str) -> None:
    """Bring the database to the newest schema; refuse one written by a newer thidua."""
    from sqlalchemy.exc import OperationalError

    try:
        current = current_revision(engine)
    except OperationalError as exc:
        raise DatabaseError(_describe_open_error(url, exc)) from exc
    head = head_revision()
    if current == head:
        return
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"Cơ sở dữ liệu ở phiên bản lược đồ {current}, mới hơn chương trình này; "
            "hãy cập nhật thidua, dữ liệu chưa bị thay đổi."
        )
    if current is not None:
        from stc_thidua.backup import backup_before_migration

        backup_before_migration(engine, url, current)
    upgrade(engine)


def _describe_open_error(url: str, exc: Exception) -> str:
    path = sqlite_path(url)
    if path is not None:
        return f"Không mở được tệp cơ sở dữ liệu {path}: tệp hỏng hoặc không phải SQLite."
    return f"Không kết nối được cơ sở dữ liệu: {str(exc).splitlines()[0]}."


def open_engine(db: str | None = None) -> Engine:
    """An engine on the resolved database, migrated to the newest schema."""
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        ensure_schema(engine, url)
    except BaseException:
        engine.dispose()
        raise
    return engine


def os_user() -> str:
    """The operating-system account running thidua."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


@contextmanager
def session_scope(db: str | None = None, *, user: str | None = None) -> Iterator[Session]:
    """One session, one transaction: commit at the end, roll back on any error."""
    from sqlalchemy.exc import DatabaseError as SADatabaseError
    from sqlmodel import Session

    engine = open_engine(db)
    try:
        with Session(engine, expire_on_commit=False) as session:
            session.info["user"] = user or os_user()
            try:
                yield session
                session.commit()
            except SADatabaseError as exc:
                session.rollback()
                raise DatabaseError(_describe_db_error(exc)) from exc
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()


def _describe_db_error(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).splitlines()[0]
    if "locked" in text:
        return "Cơ sở dữ liệu đang bận (một người khác đang ghi); hãy thử lại sau ít phút."
    if "readonly" in text or "read-only" in text:
        return "Cơ sở dữ liệu chỉ đọc: không có quyền ghi vào tệp."
    return f"Lỗi cơ sở dữ liệu: {text}."

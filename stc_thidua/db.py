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
        return _server_engine(url)
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


NO_POSTGRES_DRIVER = (
    "Chưa có trình điều khiển PostgreSQL; cài thêm: pip install 'stc-thidua[postgres]'."
)


def _server_engine(url: str) -> Engine:
    """An engine on a database server (PostgreSQL), with connection errors in Vietnamese."""
    import importlib.util

    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError("Địa chỉ cơ sở dữ liệu không hợp lệ.") from None
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"Không hỗ trợ loại cơ sở dữ liệu “{parsed.get_backend_name()}”; "
            "hãy dùng một tệp SQLite hoặc postgresql://..."
        )
    if parsed.get_driver_name() == "psycopg" and importlib.util.find_spec("psycopg") is None:
        raise DatabaseError(NO_POSTGRES_DRIVER)
    try:
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            # timestamps are stored as UTC without a zone, whatever the server's TimeZone is
            connect_args={
                "connect_timeout": 10,
                "application_name": "thidua",
                "options": "-c timezone=UTC",
            },
        )
    except ImportError:
        raise DatabaseError(NO_POSTGRES_DRIVER) from None
    except ArgumentError as exc:
        raise DatabaseError(f"Địa chỉ cơ sở dữ liệu không dùng được: {exc}.") from None

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        if context.connection is None:  # failed while connecting, not inside a statement
            raise DatabaseError(_describe_connect_error(parsed, context.original_exception))

    return engine


def _describe_connect_error(url: Any, exc: BaseException) -> str:
    """One Vietnamese sentence for why a database server refused to talk to us."""
    text = str(exc)
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "password authentication failed" in text or "no password supplied" in text:
        return f"Máy chủ PostgreSQL {server} từ chối đăng nhập: sai tên đăng nhập hoặc mật khẩu."
    if "database" in text and "does not exist" in text:
        return (
            f"Máy chủ PostgreSQL {server} chưa có cơ sở dữ liệu “{url.database}”; "
            "hãy tạo trước (createdb)."
        )
    if "role" in text and "does not exist" in text:
        return f"Máy chủ PostgreSQL {server} chưa có tài khoản “{url.username}”."
    if "resolve host" in text or "translate host name" in text:
        return f"Không tìm thấy máy chủ cơ sở dữ liệu “{url.host}”."
    if "timeout" in text or "timed out" in text:
        return f"Máy chủ PostgreSQL {server} không trả lời (hết thời gian chờ)."
    return (
        f"Không kết nối được máy chủ PostgreSQL {server}: máy chủ chưa chạy, "
        "sai địa chỉ hoặc bị chặn."
    )


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


def sqlite_revision(path: Path) -> str | None:
    """The revision of a SQLite file read without writing a byte (None if unreadable)."""
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _refuse_newer(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"Cơ sở dữ liệu ở phiên bản lược đồ {current}, mới hơn chương trình này; "
            "hãy cập nhật thidua, dữ liệu chưa bị thay đổi."
        )


def ensure_schema(engine: Engine, url: str) -> None:
    """Bring the database to the newest schema; refuse one written by a newer thidua."""
    from sqlalchemy.exc import OperationalError

    path = sqlite_path(url)
    if path is not None and path.is_file():
        # before the engine's first connection, which switches the file to WAL mode
        _refuse_newer(sqlite_revision(path))
    try:
        current = current_revision(engine)
    except OperationalError as exc:
        raise DatabaseError(_describe_open_error(url, exc)) from exc
    head = head_revision()
    if current == head:
        return
    _refuse_newer(current)
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

    from stc_thidua.auditing import install as install_audit

    engine = open_engine(db)
    try:
        with Session(engine, expire_on_commit=False) as session:
            session.info["user"] = user or os_user()
            install_audit(session)
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

"""Where the database lives and how it is opened: engines, sessions, errors in Vietnamese.

The database is opened in exactly one place, `session_scope`: one transaction per
command, committed once, rolled back on any error. Schema revisions and upgrades live in
`schema`; SQLite files themselves (read-only URIs, header checks) in `sqlitefile`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stc_thidua import sqlitefile
from stc_thidua.errors import (
    DatabaseError,
    Duplicate,
    InvalidInput,
    NotFound,
    ThiduaError,
    os_reason,
)
from stc_thidua.schema import ensure_schema

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

ENV_VAR = "THIDUA_DB"
CREATE_ADVICE = "tạo mới bằng “thidua db upgrade” (trống) hoặc “thidua demo” (dữ liệu mẫu)"


def default_path() -> Path:
    """The per-user database file (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("thidua", appauthor=False) / "thidua.db"


def resolve_url(db: str | None = None) -> str:
    """The database URL: `--db` (path or URL) > $THIDUA_DB > the per-user file."""
    if db is not None and not db.strip():
        raise InvalidInput("Đường dẫn cơ sở dữ liệu (--db) để trống; hãy ghi tệp hoặc địa chỉ.")
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
    return sqlitefile.path_of(url)


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for `url`; SQLite gets foreign keys, WAL, a busy timeout and IMMEDIATE writes.

    A file that exists but may not be written (read-only file or folder) is opened
    read-only: reading works, and a write is refused as read-only. A missing file is
    created only when `create` is set.
    """
    path = sqlite_path(url)
    if path is None:
        return _server_engine(url)
    if path.is_dir():
        raise DatabaseError(f"Đường dẫn cơ sở dữ liệu là một thư mục: {path}.")
    empty = path.exists() and path.stat().st_size == 0  # what `touch` or a failed copy leaves
    if path.exists() and not empty:
        sqlitefile.check_file(path)
    elif not create:
        what = "Tệp cơ sở dữ liệu {path} trống" if empty else "Chưa có cơ sở dữ liệu ở {path}"
        raise NotFound(f"{what.format(path=path)}; {CREATE_ADVICE}.")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Không tạo được thư mục {path.parent}: {os_reason(exc)}.") from exc
        if not sqlitefile.writable(path):
            raise DatabaseError(
                f"Không tạo được cơ sở dữ liệu {path}: thư mục {path.parent} chỉ đọc."
            )
    if path.exists() and not sqlitefile.writable(path):
        return _read_only_engine(path)
    return _sqlite_engine(path)


def _sqlite_engine(path: Path) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import URL

    engine = create_engine(URL.create("sqlite", database=str(path)), connect_args={"timeout": 60})

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


def _read_only_engine(path: Path) -> Engine:
    """An engine that reads a file thidua may not write; any write fails as read-only."""
    import sqlite3

    from sqlalchemy import create_engine, event

    # in a folder nobody may write, no one can be writing the file: read it as it is
    immutable = (
        not os.access(path.parent, os.W_OK) and not sqlitefile.side_file(path, "-wal").exists()
    )

    def connect() -> sqlite3.Connection:
        return sqlitefile.connect_ro(path, immutable=immutable)

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA busy_timeout=60000")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

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
            raise _connect_error(parsed, context.original_exception)

    return engine


def _connect_state(url: Any) -> str | None:
    """The SQLSTATE a failed connection to `url` stands for, found by asking the server.

    libpq keeps the SQLSTATE of an error raised while connecting to itself (psycopg's
    `sqlstate` is None then, psycopg/psycopg#1188), and the server's text is in the server's
    language. So: a server that answers on its port, and that lets the same account into
    its maintenance database, where the catalogue has no such database, means 3D000; one
    that answers but lets the account in nowhere refused the login (28P01/28000).
    """
    import socket

    try:
        import psycopg
    except ImportError:
        return None
    host = url.host or ""
    if not host or host.startswith("/"):
        return None  # a local socket: nothing to tell apart by a TCP probe
    try:
        socket.create_connection((host, url.port or 5432), timeout=5).close()
    except OSError:
        return None  # not running, wrong address or blocked
    params: dict[str, Any] = {k: v for k, v in url.query.items() if isinstance(v, str)}
    params.update(
        host=host,
        port=url.port or 5432,
        user=url.username or "",
        password=url.password or "",
        dbname="template1" if url.database == "postgres" else "postgres",  # maintenance
        connect_timeout=5,
    )
    try:
        with psycopg.connect(**params) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)
            ).fetchone()
    except psycopg.Error:
        return "28P01"
    return None if found else "3D000"


def _connect_error(url: Any, exc: BaseException) -> DatabaseError:
    """Why a database server refused to talk to us, by its SQLSTATE (psycopg's `sqlstate`)."""
    state = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None) or _connect_state(url)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else None
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    if state in ("28P01", "28000"):  # invalid password; no such role or not allowed
        message = (
            f"Máy chủ PostgreSQL {server} từ chối đăng nhập tài khoản “{url.username}”: "
            "sai tên đăng nhập, mật khẩu hoặc chưa được phép."
        )
    elif state == "3D000":  # invalid catalog name
        message = (
            f"Máy chủ PostgreSQL {server} chưa có cơ sở dữ liệu “{url.database}”; "
            "hãy tạo trước (createdb)."
        )
    elif state in ("53300", "57P03"):  # too many connections; cannot connect now
        message = f"Máy chủ PostgreSQL {server} chưa nhận thêm kết nối; hãy thử lại sau."
    else:  # refused, unknown host, timeout: the client's own errors carry no SQLSTATE
        message = (
            f"Không kết nối được máy chủ PostgreSQL {server}: máy chủ chưa chạy, "
            "sai địa chỉ hoặc bị chặn."
        )
    return DatabaseError(message, detail=detail)


def open_engine(db: str | None = None, *, create: bool = True, upgrading: bool = False) -> Engine:
    """An engine on the resolved database at the newest schema (see `ensure_schema`)."""
    from sqlalchemy.exc import DBAPIError

    url = resolve_url(db)
    path = sqlite_path(url)
    read_only = path is not None and path.exists() and not sqlitefile.writable(path)
    engine = make_engine(url, create=create)
    try:
        ensure_schema(engine, url, read_only=read_only, create=create, upgrading=upgrading)
    except DBAPIError as exc:
        engine.dispose()
        raise translate(exc, url) from None
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
def session_scope(
    db: str | None = None, *, user: str | None = None, create: bool = True
) -> Iterator[Session]:
    """One session, one transaction: commit at the end, roll back on any error.

    With `create` unset, a SQLite file that does not exist is not created: the caller
    only reads, and hears that there is no database yet.
    """
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    from stc_thidua.auditing import install as install_audit
    from stc_thidua.guards import install as install_guards

    url = resolve_url(db)
    path = sqlite_path(url)
    existed_empty = path is not None and path.is_file() and path.stat().st_size == 0
    new_file = path is not None and (not path.exists() or existed_empty)
    committed = False
    try:
        engine = open_engine(db, create=create)
        try:
            with Session(engine, expire_on_commit=False) as session:
                session.info["user"] = user or os_user()
                install_guards(session)
                install_audit(session)
                try:
                    yield session
                    session.commit()
                    committed = True
                except DBAPIError as exc:
                    session.rollback()
                    raise translate(exc, url) from None
                except BaseException:
                    session.rollback()
                    raise
        finally:
            engine.dispose()
    finally:
        if new_file and not committed and path is not None:  # a failed first command leaves
            for suffix in ("-wal", "-shm", "-journal"):  # no empty database behind
                sqlitefile.side_file(path, suffix).unlink(missing_ok=True)
            if existed_empty:
                path.write_bytes(b"")  # the empty file it was
            else:
                path.unlink(missing_ok=True)


# SQLite result codes (the low byte of sqlite3.Error.sqlite_errorcode)
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_CONSTRAINT, _SQLITE_NOTADB = 19, 26

_BUSY = "Cơ sở dữ liệu đang bận (một người khác đang ghi); hãy thử lại sau ít phút."
_DUPLICATE = "Đã có một mục trùng (tên, mã hoặc ký hiệu đã dùng); không ghi gì."

# PostgreSQL SQLSTATE codes (psycopg's `sqlstate`) → the sentence the user reads
_PG_STATES: dict[str, tuple[type[ThiduaError], str]] = {
    "23505": (Duplicate, _DUPLICATE),
    "23503": (InvalidInput, "Bản ghi còn được tham chiếu hoặc tham chiếu tới mục không có."),
    "23502": (InvalidInput, "Thiếu một giá trị bắt buộc; không ghi gì."),
    "23514": (InvalidInput, "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không ghi gì."),
    "22001": (InvalidInput, "Một giá trị dài quá giới hạn của cơ sở dữ liệu; không ghi gì."),
    "22003": (InvalidInput, "Một số vượt giới hạn của cơ sở dữ liệu; không ghi gì."),
    "25006": (DatabaseError, "Cơ sở dữ liệu chỉ đọc: máy chủ không cho ghi; không ghi gì."),
    "42501": (DatabaseError, "Tài khoản PostgreSQL không có quyền thao tác này; không ghi gì."),
    "40001": (DatabaseError, "Xung đột với một người đang ghi cùng lúc; hãy thử lại."),
    "40P01": (DatabaseError, "Xung đột với một người đang ghi cùng lúc; hãy thử lại."),
    "55P03": (DatabaseError, _BUSY),
    "57014": (DatabaseError, "Máy chủ PostgreSQL đã hủy câu lệnh (quá thời gian); không ghi gì."),
    "53100": (DatabaseError, "Máy chủ PostgreSQL hết chỗ trống trên đĩa; không ghi gì."),
    "53200": (DatabaseError, "Máy chủ PostgreSQL hết bộ nhớ; hãy thử lại sau."),
    "53300": (DatabaseError, "Máy chủ PostgreSQL đang có quá nhiều kết nối; hãy thử lại sau."),
    "57P01": (DatabaseError, "Máy chủ PostgreSQL đang tắt; hãy thử lại sau."),
    "57P03": (DatabaseError, "Máy chủ PostgreSQL chưa sẵn sàng nhận kết nối; hãy thử lại sau."),
}


def translate(exc: Exception, url: str) -> ThiduaError:
    """One Vietnamese sentence for a database error; the driver's own text goes in `detail`."""
    orig = getattr(exc, "orig", None) or exc
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    path = sqlite_path(url)
    if path is not None:
        return _translate_sqlite(orig, path, detail)
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if state in _PG_STATES:
        kind, message = _PG_STATES[state]
        return kind(message, detail=detail)
    if state and str(state).startswith("08"):
        return DatabaseError("Mất kết nối tới máy chủ PostgreSQL; hãy thử lại.", detail=detail)
    return DatabaseError(
        "Máy chủ cơ sở dữ liệu báo lỗi không lường trước; không ghi gì.", detail=detail
    )


def _translate_sqlite(orig: Any, path: Path, detail: str) -> ThiduaError:
    code = (getattr(orig, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseError(_BUSY, detail=detail)
    if code == _SQLITE_READONLY:
        return DatabaseError(
            f"Cơ sở dữ liệu {path} chỉ đọc (tệp hoặc thư mục không cho ghi); "
            "không ghi được gì, dữ liệu không đổi.",
            detail=detail,
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return sqlitefile.damaged(path, "SQLite không đọc được")
    if code == _SQLITE_FULL:
        return DatabaseError("Hết chỗ trống trên đĩa; không ghi gì.", detail=detail)
    if code == _SQLITE_CANTOPEN:
        return DatabaseError(
            f"Không mở được tệp cơ sở dữ liệu {path} (thư mục không có quyền ghi, "
            "hoặc tệp đã bị xóa, di chuyển).",
            detail=detail,
        )
    if code == _SQLITE_IOERR:
        return DatabaseError(
            f"Lỗi đọc/ghi đĩa ở tệp {path}; dữ liệu chưa bị thay đổi.", detail=detail
        )
    if code == _SQLITE_CONSTRAINT and "UNIQUE" in detail:
        return Duplicate(_DUPLICATE, detail=detail)
    if code == _SQLITE_CONSTRAINT:
        return InvalidInput(
            "Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không ghi gì.", detail=detail
        )
    return DatabaseError("Cơ sở dữ liệu báo lỗi không lường trước; không ghi gì.", detail=detail)

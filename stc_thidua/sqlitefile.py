"""SQLite files: where a URL's file is, opening it read-only, whether it is a database at all.

Every read-only connection to a file goes through `connect_ro`, whose URI is built by
`Path.as_uri()`: a path holding `#`, `?`, `%` or spaces opens the file it names, not a
truncated one SQLite would create empty.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stc_thidua.errors import DatabaseError, os_reason

HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm")
NOT_SQLITE = "không phải tệp SQLite"
RESTORE_ADVICE = "khôi phục từ một bản sao lưu bằng “thidua db restore TỆP”"


def path_of(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///"))
    return None


def ro_uri(path: Path, *, immutable: bool = False) -> str:
    """A read-only SQLite URI for `path`, every special character quoted."""
    query = "?mode=ro&immutable=1" if immutable else "?mode=ro"
    return path.expanduser().absolute().as_uri() + query


def side_file(path: Path, suffix: str) -> Path:
    """`thidua.db-wal` beside `thidua.db`."""
    return path.with_name(path.name + suffix)


def connect_ro(path: Path, *, immutable: bool | None = None) -> sqlite3.Connection:
    """A read-only connection to the SQLite file `path` (never creates the file).

    By default the file is read as immutable when it sits in a folder nobody may write
    and has no write-ahead log: SQLite could not create its -shm file there, and no one
    can be writing the file.
    """
    if immutable is None:
        immutable = not os.access(path.parent, os.W_OK) and not side_file(path, "-wal").exists()
    conn = sqlite3.connect(ro_uri(path, immutable=immutable), uri=True, timeout=60)
    # a damaged file can hold bytes that are not UTF-8, even in SQLite's own messages
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    return conn


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """Read a file that is not the live database (a backup) and leave no -wal/-shm behind.

    Without a write-ahead log beside it, the file is opened immutable: SQLite then creates
    nothing. With one, its pages are read and whatever side file the reading made is removed.
    """
    before = {suffix for suffix in SIDE_FILES if side_file(path, suffix).exists()}
    conn = connect_ro(path, immutable="-wal" not in before)
    try:
        yield conn
    finally:
        conn.close()
        for suffix in SIDE_FILES:
            if suffix not in before:
                side_file(path, suffix).unlink(missing_ok=True)


def is_sqlite(path: Path) -> bool:
    """Whether `path` is an existing file that starts like a SQLite database."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(HEADER)) == HEADER
    except OSError:
        return False


def writable(path: Path) -> bool:
    """Whether thidua may write `path` (and the journal files beside it)."""
    folder = path.parent
    if path.exists():
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def damaged(path: Path, reason: str) -> DatabaseError:
    """The one sentence for a file that is not a thidua database or is damaged."""
    return DatabaseError(
        f"Tệp {path} không phải cơ sở dữ liệu thidua hoặc đã hỏng ({reason}); "
        f"dữ liệu chưa bị thay đổi, hãy {RESTORE_ADVICE}."
    )


def not_thidua(where: str) -> DatabaseError:
    """The sentence for another program's database: tables, but no thidua revision."""
    return DatabaseError(
        f"{where} không phải cơ sở dữ liệu thidua (có bảng của chương trình khác); "
        f"dữ liệu chưa bị thay đổi, hãy chọn tệp khác hoặc {RESTORE_ADVICE}."
    )


def file_problem(path: Path) -> str | None:
    """Why the existing file `path` cannot be a SQLite database (None: it may be one).

    Reads the 100-byte header only: cheap enough for every command. An empty file is a
    blank database to SQLite and passes.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        return f"không đọc được: {os_reason(exc)}"
    if not header.startswith(HEADER):
        return NOT_SQLITE
    if len(header) < 100:
        return "tệp bị cắt cụt"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96] and pages > 0
    if page_size < 512 or page_size & (page_size - 1):
        return "phần đầu tệp hỏng"
    if size_is_valid and pages * page_size > size:
        return "tệp bị cắt cụt"
    if size % page_size:
        return "tệp bị cắt cụt"
    return None


def check_file(path: Path) -> None:
    """Raise the one damaged-file sentence unless `path` may be a SQLite database."""
    reason = file_problem(path)
    if reason is not None:
        raise damaged(path, reason)


def read_revision(path: Path) -> str | None:
    """The schema revision of an existing SQLite file, read without writing a byte.

    None for a blank database (no table at all). A file SQLite cannot read, or another
    program's database (tables but no revision), raises the sentence saying so.
    """
    check_file(path)
    try:
        conn = connect_ro(path)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables and tables:
                raise not_thidua(f"Tệp {path}")
            if "alembic_version" not in tables:
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseError(
                "Cơ sở dữ liệu đang bận (một người khác đang ghi); hãy thử lại sau ít phút.",
                detail=str(exc),
            ) from None
        if not os.access(path, os.R_OK):
            raise DatabaseError(f"Không có quyền đọc tệp {path}.", detail=str(exc)) from None
        raise damaged(path, "SQLite không đọc được") from None
    except (sqlite3.DatabaseError, MemoryError):  # SQLite reports some damage as out of memory
        raise damaged(path, "SQLite không đọc được") from None
    return str(row[0]) if row else None


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Every table of a connection's database with its number of rows."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names
    }

"""Backups of a SQLite database: consistent copies taken with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from stc_thidua import sqlitefile
from stc_thidua.errors import DatabaseError, InvalidInput, NotFound, OutputError, os_reason
from stc_thidua.revisions import is_known


def _copy_verified(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """Copy `src` into `dst` and check the copy: the same tables with the same row counts.

    The counts and the copy come from one read snapshot of the source, so writers going
    on meanwhile cannot make a sound copy look wrong.
    """
    src.execute("BEGIN")
    try:
        expected = sqlitefile.table_counts(src)
        src.backup(dst)
    finally:
        src.rollback()
    copied = sqlitefile.table_counts(dst)
    if copied != expected:
        missing = sorted(set(expected) - set(copied)) or sorted(
            t for t in expected if copied.get(t) != expected[t]
        )
        raise OutputError(
            f"Bản sao không khớp với cơ sở dữ liệu (bảng {', '.join(missing[:5])}); "
            "không giữ bản sao này."
        )


def sqlite_backup(source: Path, target: Path, *, live: bool = True) -> Path:
    """Copy the database `source` to `target` consistently, even while others write.

    The copy is checked (same tables, same row counts) before it takes its name. A
    `source` that is not `live` (a backup being restored) is read without leaving files.
    """
    if target.exists():
        raise OutputError(f"Tệp {target} đã có; không ghi đè một bản sao lưu.")
    sqlitefile.check_file(source)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not sqlitefile.writable(target):
            raise OutputError(
                f"thư mục {target.parent} chỉ đọc; hãy ghi bản sao ở nơi khác "
                "(thidua db backup TỆP)."
            )
        tmp.unlink(missing_ok=True)
        with _open_source(source, live=live) as src:
            dst = sqlite3.connect(tmp)
            try:
                _copy_verified(src, dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error, OutputError) as exc:
        tmp.unlink(missing_ok=True)
        for suffix in ("-journal", *sqlitefile.SIDE_FILES):
            sqlitefile.side_file(tmp, suffix).unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise OutputError(f"Không sao lưu được vào {target}: {exc.message}") from None
        reason = os_reason(exc) if isinstance(exc, OSError) else "SQLite không đọc được"
        raise OutputError(f"Không sao lưu được vào {target}: {reason}.", detail=str(exc)) from None
    return target


@contextmanager
def _open_source(path: Path, *, live: bool) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a backup source: the live database, or a file left as found."""
    if not live:
        with sqlitefile.reading(path) as conn:
            yield conn
        return
    conn = sqlitefile.connect_ro(path)
    try:
        yield conn
    finally:
        conn.close()


def timestamp() -> str:
    """Local time as it goes into backup file names."""
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def free_name(path: Path, label: str) -> Path:
    """`<db>.<label>-<timestamp>.bak` beside the database, numbered if taken this second."""
    stem = f"{path.name}.{label}-{timestamp()}"
    candidate = path.with_name(f"{stem}.bak")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{stem}-{number}.bak")
    return candidate


def backup_before_migration(path: Path, revision: str) -> Path:
    """Keep a copy of a SQLite database before its schema is upgraded."""
    return sqlite_backup(path, free_name(path, f"truoc-nang-cap-{revision}"))


def require_sqlite(url: str, advice: str) -> Path:
    """The SQLite file behind `url`; for a server database, say which tool to use instead."""
    path = sqlitefile.path_of(url)
    if path is None:
        raise DatabaseError(advice)
    return path


def backup_database(*, url: str, target: Path | None = None) -> Path:
    """A checked, consistent copy of the database, by default beside it with a timestamp."""
    path = require_sqlite(
        url,
        "Cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump của máy chủ, "
        "vd. pg_dump -Fc -f thidua.dump TÊN_CSDL.",
    )
    if not path.is_file():
        raise NotFound(f"Chưa có cơ sở dữ liệu ở {path}.")
    if target is None:
        target = free_name(path, "sao-luu")
    target = target.expanduser().resolve()
    if target == path:
        raise InvalidInput("Tệp sao lưu phải khác tệp cơ sở dữ liệu đang dùng.")
    if target.is_dir():
        raise OutputError(f"{target} là một thư mục; hãy ghi tên tệp sao lưu.")
    return sqlite_backup(path, target)


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup file holds."""

    revision: str
    rows: int  # records in the thidua tables (0: an empty database)


def inspect_backup(source: Path) -> BackupInfo:
    """Check a file before restoring it: SQLite, intact, at a schema revision thidua knows.

    The file is read as found: no -wal or -shm file is left beside it.
    """
    if source.is_dir():
        raise InvalidInput(f"{source} là một thư mục; hãy chỉ tệp sao lưu (.bak hoặc .db).")
    if not source.is_file():
        raise NotFound(f"Không tìm thấy tệp {source}.")
    reason = sqlitefile.file_problem(source)
    if source.stat().st_size == 0 or reason == sqlitefile.NOT_SQLITE:
        raise InvalidInput(
            f"Tệp {source.name} không phải cơ sở dữ liệu SQLite, không khôi phục được."
        )
    if reason is not None:
        raise InvalidInput(f"Tệp {source.name} hỏng ({reason}), không khôi phục được.")
    try:
        with sqlitefile.reading(source) as conn:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            counts = sqlitefile.table_counts(conn) if result == ["ok"] else {}
            revisions = (
                [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in counts
                else []
            )
    except (
        sqlite3.Error,
        MemoryError,
        UnicodeDecodeError,
    ) as exc:  # SQLite reports some damage as out of memory
        raise InvalidInput(
            f"Tệp {source.name} hỏng, không khôi phục được: SQLite không đọc được.",
            detail=str(exc),
        ) from None
    if result != ["ok"]:
        raise InvalidInput(f"Tệp {source.name} hỏng, không khôi phục được: {result[0]}.")
    if len(revisions) != 1:
        raise InvalidInput(f"Tệp {source.name} không phải cơ sở dữ liệu thidua.")
    if not is_known(revisions[0]):
        raise InvalidInput(
            f"Tệp {source.name} ở phiên bản lược đồ {revisions[0]}, mới hơn chương trình này; "
            "hãy cập nhật thidua trước khi khôi phục."
        )
    rows = sum(n for table, n in counts.items() if table not in {"alembic_version", "audit_log"})
    return BackupInfo(str(revisions[0]), rows)


def restore_target(url: str) -> Path:
    """The database file a restore would replace."""
    return require_sqlite(
        url,
        "Cơ sở dữ liệu PostgreSQL được khôi phục bằng pg_restore của máy chủ, "
        "vd. pg_restore --clean -d TÊN_CSDL thidua.dump.",
    )


def restore_database(*, url: str, source: Path) -> Path | None:
    """Replace the database with a checked backup; the replaced one is kept aside (returned)."""
    path = restore_target(url)
    source = source.expanduser().resolve()
    if source == path:
        raise InvalidInput("Tệp khôi phục chính là cơ sở dữ liệu đang dùng.")
    inspect_backup(source)
    if not path.exists():
        sqlite_backup(source, path, live=False)
        return None
    aside = _keep_aside(path)
    if _readable(path):
        _copy_into(source, path)
    else:  # SQLite cannot open the current file at all: replace it whole
        _replace_file(source, path)
    return aside


def _readable(path: Path) -> bool:
    """Whether SQLite opens `path` as a database (busy counts: someone is using it)."""
    if sqlitefile.file_problem(path) is not None:
        return False
    try:
        conn = sqlitefile.connect_ro(path)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except (sqlite3.DatabaseError, MemoryError):
        return False
    return True


def _keep_aside(path: Path) -> Path:
    """Copy the current database next to itself before it is replaced."""
    aside = free_name(path, "truoc-khoi-phuc")
    try:
        return sqlite_backup(path, aside)
    except (OutputError, DatabaseError):
        if aside.exists():
            raise
    try:  # a damaged database cannot be read by SQLite: keep its bytes as they are
        shutil.copy2(path, aside)
        wal = sqlitefile.side_file(path, "-wal")
        if wal.exists():
            shutil.copy2(wal, sqlitefile.side_file(aside, "-wal"))
    except OSError as exc:
        raise OutputError(f"Không giữ lại được bản hiện tại ở {aside}: {os_reason(exc)}.") from None
    return aside


def _copy_into(source: Path, path: Path) -> None:
    """Write `source` over the live database with the backup API, in one transaction."""
    try:
        with sqlitefile.reading(source) as src:
            dst = sqlite3.connect(path, timeout=60)
            try:
                _copy_verified(src, dst)
            finally:
                dst.close()
    except (sqlite3.Error, OutputError) as exc:
        raise DatabaseError(
            f"Không khôi phục được vào {path}; cơ sở dữ liệu chưa bị thay đổi.", detail=str(exc)
        ) from None


def _replace_file(source: Path, path: Path) -> None:
    """Put a fresh copy of `source` in place of a damaged database file."""
    tmp = path.with_name(f".{path.name}.khoi-phuc.tmp")
    tmp.unlink(missing_ok=True)
    sqlite_backup(source, tmp, live=False)
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            sqlitefile.side_file(path, suffix).unlink(missing_ok=True)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Không thay được tệp {path}: {os_reason(exc)}.") from None


def check_file_database(path: Path) -> list[str]:
    """Integrity and foreign-key problems of a SQLite file, one sentence each (empty: sound)."""
    if not path.is_file():
        raise NotFound(f"Chưa có cơ sở dữ liệu ở {path}.")
    reason = sqlitefile.file_problem(path)
    if reason == sqlitefile.NOT_SQLITE:
        return [f"Tệp {path.name} không phải cơ sở dữ liệu SQLite."]
    if reason is not None:
        return [f"Tệp {path.name} hỏng ({reason})."]
    problems: list[str] = []
    try:
        conn = sqlitefile.connect_ro(path)
        try:
            for (line,) in conn.execute("PRAGMA integrity_check"):
                if line != "ok":
                    problems.append(f"Hỏng cấu trúc: {line}.")
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
                problems.append(
                    f"Bảng {table}, dòng {rowid}: tham chiếu tới bảng {parent} không tồn tại."
                )
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                problems.append("Không có phiên bản lược đồ: đây không phải cơ sở dữ liệu thidua.")
            else:
                for (revision,) in conn.execute("SELECT version_num FROM alembic_version"):
                    if not is_known(revision):
                        problems.append(
                            f"Lược đồ ở phiên bản {revision}, mới hơn chương trình này."
                        )
        finally:
            conn.close()
    except (
        sqlite3.Error,
        MemoryError,
        UnicodeDecodeError,
    ) as exc:  # SQLite reports some damage as out of memory
        problems.append(f"Tệp hỏng, SQLite không đọc được: {str(exc) or 'cấu trúc tệp sai'}.")
    return problems


def set_aside(path: Path, label: str) -> Path:
    """Move a SQLite database (with its WAL) out of the way as a consistent `.bak` copy."""
    kept = sqlite_backup(path, free_name(path, label))
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return kept

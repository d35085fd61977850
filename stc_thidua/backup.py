"""Backups of a SQLite database: consistent copies taken with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from stc_thidua.errors import DatabaseError, InvalidInput, NotFound, OutputError, os_reason

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def sqlite_backup(source: Path, target: Path) -> Path:
    """Copy the database `source` to `target` consistently, even while others write."""
    if target.exists():
        raise OutputError(f"Tệp {target} đã có; không ghi đè một bản sao lưu.")
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        tmp.replace(target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Không sao lưu được vào {target}: {exc}.") from None
    return target


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


def backup_before_migration(engine: Engine, url: str, revision: str) -> Path | None:
    """Keep a copy of a SQLite database before its schema is upgraded."""
    from stc_thidua.db import sqlite_path

    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    return sqlite_backup(path, free_name(path, f"truoc-nang-cap-{revision}"))


SQLITE_HEADER = b"SQLite format 3\x00"


def require_sqlite(url: str, advice: str) -> Path:
    """The SQLite file behind `url`; for a server database, say which tool to use instead."""
    from stc_thidua.db import sqlite_path

    path = sqlite_path(url)
    if path is None:
        raise DatabaseError(advice)
    return path


def backup_database(*, url: str, target: Path | None = None) -> Path:
    """A consistent copy of the database, by default beside it with a timestamp in its name."""
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
    return sqlite_backup(path, target)


def inspect_backup(source: Path) -> str:
    """Check a file before restoring it: SQLite, intact, at a schema revision thidua knows."""
    from stc_thidua.db import known_revisions

    if not source.is_file():
        raise NotFound(f"Không tìm thấy tệp {source}.")
    try:
        with source.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {source}: {os_reason(exc)}.") from None
    if header != SQLITE_HEADER:
        raise InvalidInput(f"Tệp {source.name} không phải cơ sở dữ liệu SQLite.")
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            revisions = (
                [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in tables
                else []
            )
        finally:
            conn.close()
    except (sqlite3.Error, MemoryError) as exc:  # SQLite reports some damage as out of memory
        reason = str(exc) or "SQLite không đọc được"
        raise InvalidInput(f"Tệp {source.name} hỏng, không khôi phục được: {reason}.") from None
    if result != ["ok"]:
        raise InvalidInput(f"Tệp {source.name} hỏng, không khôi phục được: {result[0]}.")
    if len(revisions) != 1:
        raise InvalidInput(f"Tệp {source.name} không phải cơ sở dữ liệu thidua.")
    if revisions[0] not in known_revisions():
        raise InvalidInput(
            f"Tệp {source.name} ở phiên bản lược đồ {revisions[0]}, mới hơn chương trình này; "
            "hãy cập nhật thidua trước khi khôi phục."
        )
    return str(revisions[0])


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
        sqlite_backup(source, path)
        return None
    aside = _keep_aside(path)
    if _readable(path):
        _copy_into(source, path)
    else:  # SQLite cannot open the current file at all: replace it whole
        _replace_file(source, path)
    return aside


def _readable(path: Path) -> bool:
    """Whether SQLite opens `path` as a database (busy counts: someone is using it)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
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
    except OutputError:
        if aside.exists():
            raise
    try:  # a damaged database cannot be read by SQLite: keep its bytes as they are
        shutil.copy2(path, aside)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, aside.with_name(aside.name + "-wal"))
    except OSError as exc:
        raise OutputError(f"Không giữ lại được bản hiện tại ở {aside}: {os_reason(exc)}.") from None
    return aside


def _copy_into(source: Path, path: Path) -> None:
    """Write `source` over the live database with the backup API, in one transaction."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
        try:
            dst = sqlite3.connect(path, timeout=60)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"Không khôi phục được vào {path} ({exc}); cơ sở dữ liệu chưa bị thay đổi."
        ) from None


def _replace_file(source: Path, path: Path) -> None:
    """Put a fresh copy of `source` in place of a damaged database file."""
    tmp = path.with_name(f".{path.name}.khoi-phuc.tmp")
    tmp.unlink(missing_ok=True)
    sqlite_backup(source, tmp)
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Không thay được tệp {path}: {os_reason(exc)}.") from None


def check_database(*, url: str) -> list[str]:
    """Integrity and foreign-key problems of the database, one sentence each (empty: sound)."""
    from stc_thidua.db import known_revisions

    path = require_sqlite(
        url,
        "Lệnh kiểm tra dành cho tệp SQLite; PostgreSQL tự bảo đảm khóa ngoại, "
        "hãy kiểm tra bằng pg_dump (một bản sao lưu đọc hết mọi bảng).",
    )
    if not path.is_file():
        raise NotFound(f"Chưa có cơ sở dữ liệu ở {path}.")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return [f"Tệp {path.name} không phải cơ sở dữ liệu SQLite."]
    problems: list[str] = []
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
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
                    if revision not in known_revisions():
                        problems.append(
                            f"Lược đồ ở phiên bản {revision}, mới hơn chương trình này."
                        )
        finally:
            conn.close()
    except (sqlite3.Error, MemoryError) as exc:  # SQLite reports some damage as out of memory
        problems.append(f"Tệp hỏng, SQLite không đọc được: {str(exc) or 'cấu trúc tệp sai'}.")
    return problems


def set_aside(path: Path, label: str) -> Path:
    """Move a SQLite database (with its WAL) out of the way as a consistent `.bak` copy."""
    kept = sqlite_backup(path, free_name(path, label))
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    return kept

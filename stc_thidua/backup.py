"""Backups of a SQLite database: consistent copies taken with SQLite's online backup API."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from stc_thidua.errors import OutputError

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


def backup_before_migration(engine: Engine, url: str, revision: str) -> Path | None:
    """Keep a copy of a SQLite database before its schema is upgraded."""
    from stc_thidua.db import sqlite_path

    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    target = path.with_name(f"{path.name}.truoc-nang-cap-{revision}-{timestamp()}.bak")
    return sqlite_backup(path, target)

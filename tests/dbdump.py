"""A backend-neutral dump of a database, to compare it before and after a command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

Dump = dict[str, list[tuple[Any, ...]]]


def _engine_url(target: Path | str) -> str:
    """A read-only SQLite URL for a file path; a server URL in thidua's spelling."""
    from stc_thidua.db import resolve_url, sqlite_path

    url = resolve_url(str(target))
    path = sqlite_path(url)
    if path is None:
        return url
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def dump(target: Path | str) -> Dump:
    """Every row of every table (SQLite file or server URL), tables and rows in a fixed order."""
    from sqlalchemy import MetaData, create_engine, select

    engine = create_engine(_engine_url(target))
    try:
        metadata = MetaData()
        with engine.connect() as conn:
            metadata.reflect(conn)
            return {
                name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for name, table in sorted(metadata.tables.items())
            }
    finally:
        engine.dispose()

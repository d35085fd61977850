"""A backend-neutral dump of a database, to compare it before and after a command."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

Dump = dict[str, list[tuple[Any, ...]]]


@cache
def _engine(url: str) -> Engine:
    """One engine per database, holding no connection between dumps (NullPool)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(url, poolclass=NullPool)


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
    from sqlalchemy import inspect, select, table, text

    with _engine(_engine_url(target)).connect() as conn:
        # reflect the table names only: full reflection costs queries per column on a server
        rows = {
            name: conn.execute(select(text("*")).select_from(table(name))).all()
            for name in sorted(inspect(conn).get_table_names())
        }
    return {name: sorted((tuple(row) for row in found), key=repr) for name, found in rows.items()}

"""The schema revisions this program knows, without asking Alembic.

Opening a database whose schema is current compares its `alembic_version` with `HEAD`
and imports no migration machinery. A test checks this list against Alembic's chain:
a new migration in `migrations/versions/` is appended here too.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD = REVISIONS[-1]


def is_known(revision: str) -> bool:
    """Whether `revision` is one of this program's migrations (else: a newer thidua's)."""
    return revision in REVISIONS

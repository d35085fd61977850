"""Key/value settings stored in the database itself (the current campaign)."""

from __future__ import annotations

from sqlmodel import Session

from stc_thidua.models import Setting

CURRENT_CAMPAIGN = "current_campaign"


def get_setting(*, session: Session, key: str) -> str | None:
    """The value of a setting, or None."""
    row = session.get(Setting, key)
    return row.value if row else None


def set_setting(*, session: Session, key: str, value: str | None) -> None:
    """Set (or with None, clear) a setting."""
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        session.add(row)

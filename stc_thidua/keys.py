"""Identity keys of labels and of contributions, shared by the models and the domain."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache

from stc_thidua.text import name_key

_PUNCTUATION = re.compile(r"[\s\-_/.,;:()\"'“”]+")


@lru_cache(maxsize=4096)  # an import asks for each row's title twice, one after the other
def label_key(value: str) -> str:
    """A label's identity: `name_key` (diacritics kept) with punctuation read as one space."""
    return _PUNCTUATION.sub(" ", name_key(value)).strip()


def contribution_fingerprint(
    unit_id: int | None,
    person_id: int | None,
    kind_id: int | None,
    title: str,
    occurred_on: dt.date | str,
    quantity: int,
    amount: int,
    work_days: int,
) -> str:
    """What makes two contributions the same record (who, kind, title, date, figures), hashed.

    Importing a file twice finds the rows already there by this key, through an index.
    """
    day = occurred_on.isoformat() if isinstance(occurred_on, dt.date) else str(occurred_on)
    parts = (unit_id, person_id, kind_id, label_key(title), day, quantity, amount, work_days)
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]

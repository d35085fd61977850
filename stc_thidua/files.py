"""Writing output files safely: a temporary file renamed into place, never half a document."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from stc_thidua.errors import OutputError, os_reason


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    path = path.expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_dir():
        raise OutputError(f"Không ghi được {path}: đó là một thư mục.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"Không ghi được {path}: {os_reason(exc)}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"Không ghi được {path}: {os_reason(exc)}.") from None
    return path

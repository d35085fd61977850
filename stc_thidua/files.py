"""Writing output files safely: a temporary file renamed into place, never half a document."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from stc_thidua.errors import OutputError, os_reason
from stc_thidua.sqlitefile import is_sqlite


def write_atomic(path: Path, data: str | bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, then rename.

    The file gets the mode of the file it replaces, or the umask's default for a new one.
    """
    path = path.expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    shown = path
    try:
        if path.is_symlink():  # a link to the documents folder stays a link: its file is written
            path = path.resolve()
        if path.is_dir():
            raise OutputError(f"Không ghi được {shown}: đó là một thư mục.")
        if path.exists() and not path.is_file():
            raise OutputError(
                f"Không ghi được {shown}: đó không phải một tệp thường (thiết bị, ống dẫn, ...)."
            )
        if is_sqlite(path):  # a document never replaces a database
            raise OutputError(f"Không ghi đè {path}: đó là một cơ sở dữ liệu.")
        if not path.parent.is_dir():
            raise OutputError(f"Không ghi được {path}: thư mục {path.parent} không tồn tại.")
        replaced = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        tmp = path.with_name(f".{path.name[:100]}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except (OSError, ValueError, RuntimeError) as exc:  # RuntimeError: a loop of links
        reason = (
            os_reason(exc)
            if isinstance(exc, OSError)
            else "liên kết vòng quanh chính nó"
            if isinstance(exc, RuntimeError)
            else "tên tệp không hợp lệ"
        )
        raise OutputError(f"Không ghi được {shown}: {reason}.") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if replaced is not None:
            os.chmod(tmp, replaced)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Không ghi được {shown}: {os_reason(exc)}.") from None
    return shown

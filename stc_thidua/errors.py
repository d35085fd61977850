"""One small error hierarchy: the CLI catches `ThiduaError` and prints its one sentence."""

from __future__ import annotations


class ThiduaError(Exception):
    """Đã có lỗi."""

    exit_code = 1

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "Đã có lỗi.").strip())
        self.detail = detail  # technical detail (e.g. the server's English text), for --debug

    @property
    def message(self) -> str:
        """The one sentence the user reads."""
        return str(self.args[0])


class NotFound(ThiduaError):
    """Không tìm thấy."""


class Ambiguous(ThiduaError):
    """Tên chưa rõ, khớp với nhiều mục."""


class Duplicate(ThiduaError):
    """Đã có mục trùng tên."""


class InvalidInput(ThiduaError):
    """Dữ liệu nhập vào không hợp lệ."""

    exit_code = 2
    fields: list[str] = []  # noqa: RUF012  (the input keys at fault, when known)


class DatabaseError(ThiduaError):
    """Không mở được cơ sở dữ liệu."""


class OutputError(ThiduaError):
    """Không ghi được tệp kết quả."""


_OS_REASONS = {
    1: "không được phép",
    2: "thư mục hoặc tệp không tồn tại",
    13: "không có quyền",
    17: "một phần của đường dẫn là tệp đã có, không phải thư mục",
    20: "một phần của đường dẫn không phải thư mục",
    21: "đó là một thư mục",
    28: "hết chỗ trống trên đĩa",
    30: "ổ đĩa chỉ đọc",
    36: "tên tệp quá dài",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, in Vietnamese."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))

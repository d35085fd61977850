"""The `thidua` command line: the root app and the registration of the command groups.

Only typer is imported at start-up, and no command module: each top-level command or group is
registered by name and help line and built when it runs (`cli.base.LazyCommands`), and
imports the database and the rendering stack inside its function, so `thidua --help` and
`thidua unit list` load only what they use. What the command modules share (root state, the
group factory, usage errors) lives in `cli.base`, so they never import this package's root.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import typer

from stc_thidua import __version__
from stc_thidua.cli.base import LazyEntry, State, group, report_error, state
from stc_thidua.errors import ThiduaError

__all__ = ["State", "app", "group", "main", "state"]  # `group`, `state`: kept for older imports


app = group(
    {
        "phongtrao": "campaign",
        "kehoach": "campaign",
        "donvi": "unit",
        "phong": "unit",
        "nguoi": "person",
        "canbo": "person",
        "congchuc": "person",
        "baocao": "report",
        "vanban": "report",
        "csdl": "db",
        "mau": "demo",
        "coquan": "agency",
        "nhatky": "log",
        "ghichu": "note",
        "chitieu": "target",
        "quydinh": "rules",
        "xeploai": "rating",
        "danhgia": "rating",
        "kyluat": "discipline",
        "khenthuong": "commendation",
        "lichsu": "commendation",
        "dexuat": "propose",
        "denghi": "proposal",
        "hoso": "proposal",
        "hoidong": "council",
        "dangky": "register",
        "dangkythidua": "registration",
        "cacdangky": "registration",
        "donggop": "contribution",
        "loai": "kind",
        "loaidonggop": "kind",
        "xephang": "standings",
        "bangxephang": "standings",
        "theodoi": "standings",
    },
    help="thidua: quản lý phong trào thi đua, khen thưởng: kế hoạch, đơn vị, cán bộ, báo cáo.\n\n"
    "Tên lệnh gõ có dấu hay không dấu đều được: “report kế-hoạch” = “report kehoach”.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thidua {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="THIDUA_DB",
        help="Tệp SQLite hoặc địa chỉ cơ sở dữ liệu (postgresql://...). Mặc định: $THIDUA_DB, "
        "rồi tệp trong thư mục dữ liệu của người dùng.",
    ),
    user: str | None = typer.Option(
        None,
        "--user",
        help="Người thao tác, ghi vào nhật ký (mặc định: tài khoản máy).",
    ),
    debug: bool = typer.Option(
        False, "--debug", help="Khi có lỗi, in thêm chi tiết kỹ thuật ở dòng thứ hai."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."
    ),
) -> None:
    """thidua: quản lý phong trào thi đua, khen thưởng."""
    ctx.obj = State(db=db, debug=debug)
    ctx.obj.user = user_name(user) if user is not None else None


def user_name(value: str) -> str:
    """The --user name as the audit log keeps it: one printable line of at most 100 characters."""
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import clean_line, shown, unprintable

    if any(unprintable(ch) for ch in value):  # line breaks and tabs too: the log keeps one line
        raise InvalidInput(
            f"Người thao tác (--user) “{shown(value, 40)}” có ký tự điều khiển không in được."
        )
    name = clean_line(value)
    if not name:
        raise InvalidInput("Người thao tác (--user) không được để trống.")
    if len(name) > USER_MAX:
        raise InvalidInput(f"Người thao tác (--user) dài quá {USER_MAX} ký tự.")
    return name


USER_MAX = 100  # the audit log's `user` column


def _command(name: str, help_line: str, load: Callable[[], Any]) -> LazyEntry:
    """A top-level command or group whose module is imported only when it runs."""

    def build() -> Any:
        from typer.main import get_command

        target = load()
        holder = group(add_completion=False)  # builds it exactly as `app.add_typer` would
        if isinstance(target, typer.Typer):
            holder.add_typer(target, name=name, help=help_line)
            return get_command(holder).commands[name]  # type: ignore[attr-defined]
        holder.command(name, help=help_line)(target)
        return get_command(holder)  # one command and no callback: the command itself

    return help_line, build


# Each loader imports its command modules and, once, joins what other modules add to them.


@cache
def _campaign() -> typer.Typer:
    from stc_thidua.cli import campaign

    campaign.app.info.cls.aliases["khenthuong"] = "award"  # type: ignore[union-attr]
    _add_lazy(campaign.app, "award", "Khen thưởng của kế hoạch (khen-thưởng).", "awards", "app")
    return campaign.app


@cache
def _unit() -> typer.Typer:
    from stc_thidua.cli import unit

    unit.app.info.cls.aliases["lichsu"] = "history"  # type: ignore[union-attr]
    help_line = "Lịch sử khen thưởng của một đơn vị (lịch-sử)."
    _add_lazy(unit.app, "history", help_line, "people", "unit_history")
    return unit.app


@cache
def _person() -> typer.Typer:
    from stc_thidua.cli import person

    person.app.info.cls.aliases["lichsu"] = "history"  # type: ignore[union-attr]
    help_line = "Lịch sử khen thưởng của một người (lịch-sử)."
    _add_lazy(person.app, "history", help_line, "people", "person_history")
    return person.app


def _add_lazy(sub: typer.Typer, name: str, help_line: str, module: str, attr: str) -> None:
    """Add to `sub` a command or group of another module, imported only when it runs."""
    cls: Any = sub.info.cls
    cls.lazy = {**cls.lazy, name: _command(name, help_line, _attr(module, attr))}


@cache
def _report() -> typer.Typer:
    from stc_thidua.cli import dossier, report

    dossier.register(report.app)
    return report.app


def _attr(module: str, name: str) -> Callable[[], Any]:
    """A loader of `stc_thidua.cli.<module>.<name>`."""

    def load() -> Any:
        import importlib

        return getattr(importlib.import_module(f"stc_thidua.cli.{module}"), name)

    return load


COMMANDS: dict[str, LazyEntry] = {
    name: _command(name, help_line, load)
    for name, help_line, load in (
        ("campaign", "Phong trào thi đua (phong-trào).", _campaign),
        ("unit", "Đơn vị: phòng, ban (đơn-vị).", _unit),
        ("person", "Cán bộ, công chức (người).", _person),
        (
            "register",
            "Đăng ký thi đua cho đơn vị hoặc cá nhân (đăng-ký).",
            _attr("registration", "register"),
        ),
        ("registration", "Các đăng ký thi đua (đăng-ký-thi-đua).", _attr("registration", "app")),
        ("kind", "Loại đóng góp và thang điểm (loại).", _attr("kind", "app")),
        (
            "contribution",
            "Đóng góp của đơn vị, cá nhân (đóng-góp).",
            _attr("contribution", "app"),
        ),
        (
            "standings",
            "Bảng theo dõi, xếp hạng thi đua (xếp-hạng).",
            _attr("standings", "standings"),
        ),
        ("report", "Văn bản, báo cáo (báo-cáo).", _report),
        ("note", "Ghi chú đánh giá của báo cáo từng kỳ (ghi-chú).", _attr("note", "app")),
        ("target", "Chỉ tiêu và tiến độ thực hiện (chỉ-tiêu).", _attr("target", "app")),
        ("agency", "Cơ quan ban hành và tên theo thời kỳ (cơ-quan).", _attr("agency", "app")),
        ("db", "Cơ sở dữ liệu: đường dẫn, nâng cấp, sao lưu (csdl).", _attr("db", "app")),
        ("demo", "Tạo cơ sở dữ liệu mẫu từ data/ và in mọi văn bản (mẫu).", _attr("demo", "demo")),
        ("log", "Nhật ký thêm, sửa, xóa: ai, lúc nào, cũ và mới (nhật-ký).", _attr("log", "log")),
        (
            "propose",
            "Lập đề xuất khen thưởng cho đơn vị, cá nhân (đề-xuất).",
            _attr("proposals", "propose"),
        ),
        (
            "proposal",
            "Đề xuất khen thưởng: xem, kiểm tra, trình (đề-nghị).",
            _attr("proposals", "app"),
        ),
        (
            "council",
            "Hội đồng Thi đua - Khen thưởng (hội-đồng).",
            _attr("proposals", "council_app"),
        ),
        ("rules", "Quy định khen thưởng theo thời kỳ (quy-định).", _attr("rules", "app")),
        ("rating", "Xếp loại cán bộ hằng năm (xếp-loại).", _attr("people", "rating_app")),
        ("discipline", "Kỷ luật theo năm (kỷ-luật).", _attr("people", "discipline_app")),
        (
            "commendation",
            "Lịch sử khen thưởng đã nhận, nhập tay (khen-thưởng).",
            _attr("people", "commendation_app"),
        ),
    )
}
app.info.cls.lazy = COMMANDS  # type: ignore[union-attr]


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="thidua")
    except ThiduaError as exc:  # raised outside a group's invoke (e.g. in a callback)
        report_error(exc)
        sys.exit(exc.exit_code)

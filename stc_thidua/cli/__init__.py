"""The `thidua` command line: a thin skin over the domain functions.

Only typer is imported at start-up; each command imports the database and the
rendering stack when it runs, so `thidua --help` stays fast.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup

from stc_thidua import __version__
from stc_thidua.errors import ThiduaError


def report_error(exc: ThiduaError) -> None:
    """Print the error's one sentence on stderr, on one line whatever the user typed into it."""
    from stc_thidua.text import printable

    typer.echo(f"Lỗi: {printable(exc.message)}", err=True)


try:  # typer vendors click from 0.20 on; older releases use click itself
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as _click_errors  # type: ignore[no-redef]


def _hint(param: Any) -> str:
    if param is None:
        return "tham số"
    if getattr(param, "param_type_name", "") == "option":
        return " / ".join(param.opts)
    return str(getattr(param, "metavar", None) or param.name or "tham số").upper()


def usage_sentence(exc: Any) -> str:
    """Click's English usage error as one Vietnamese sentence."""
    where = f" Xem “{exc.ctx.command_path} --help”." if getattr(exc, "ctx", None) else ""
    if isinstance(exc, _click_errors.NoSuchOption):
        maybe = f" (có phải {', '.join(exc.possibilities)}?)" if exc.possibilities else ""
        return f"Không có tùy chọn {exc.option_name}{maybe}.{where}"
    if isinstance(exc, _click_errors.MissingParameter):
        return f"Thiếu {_hint(exc.param)}.{where}"
    if isinstance(exc, _click_errors.BadOptionUsage):
        return f"Tùy chọn {exc.option_name} cần một giá trị.{where}"
    if isinstance(exc, _click_errors.BadParameter):
        return f"Giá trị của {_hint(exc.param)} không hợp lệ.{where}"
    text = str(exc.message)
    if text.startswith("Got unexpected extra argument"):
        import re

        extra = re.search(r"\(([^()]*)\)\s*$", text)
        return f"Thừa đối số: {extra.group(1) if extra else text}.{where}"
    return f"Lệnh chưa đúng cú pháp: {text}.{where}"


def _usage_exit(exc: Any) -> typer.Exit:
    from stc_thidua.text import printable

    typer.echo(f"Lỗi: {printable(usage_sentence(exc))}", err=True)
    return typer.Exit(2)


class FoldingGroup(TyperGroup):
    """A command group whose names match without diacritics, case, spaces or hyphens."""

    aliases: dict[str, str] = {}  # noqa: RUF012  (folded alias → command name)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Find `cmd_name` as typed: `sokết`, `soket`, `sơ-kết` and `SO KET` are one command."""
        from stc_thidua.text import keyword

        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        wanted = keyword(cmd_name)
        for name in self.list_commands(ctx):
            if keyword(name) == wanted:
                return super().get_command(ctx, name)
        alias = self.aliases.get(wanted)
        return super().get_command(ctx, alias) if alias else None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Resolve the command, answering an unknown name in Vietnamese."""
        cmd = self.get_command(ctx, args[0]) if args else None
        for size in (2, 3):  # `report SO KET` typed without quotes: the words are one name
            words = args[:size]
            if cmd is None and len(words) == size and not any(w.startswith("-") for w in words):
                cmd = self.get_command(ctx, " ".join(words))
                if cmd is not None:
                    args = [" ".join(words), *args[size:]]
        if cmd is None and args and not args[0].startswith("-"):
            from stc_thidua.errors import InvalidInput

            names = ", ".join(self.list_commands(ctx))
            raise InvalidInput(f"Không có lệnh “{args[0]}”; các lệnh: {names}.")
        return super().resolve_command(ctx, args)

    def make_context(
        self, info_name: Any, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        """Parse this group's own options, answering a usage error in Vietnamese."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _click_errors.UsageError as exc:
            if isinstance(exc, _click_errors.NoArgsIsHelpError):
                raise
            raise _usage_exit(exc) from None

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a ThiduaError becomes one sentence on stderr and a non-zero exit."""
        try:
            return super().invoke(ctx)
        except ThiduaError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except _click_errors.UsageError as exc:
            if isinstance(exc, _click_errors.NoArgsIsHelpError):
                raise
            raise _usage_exit(exc) from None


def group(name_aliases: dict[str, str] | None = None, **kwargs: Any) -> typer.Typer:
    """A Typer group with accent-folding names and Vietnamese conventions."""
    cls = type("Group", (FoldingGroup,), {"aliases": name_aliases or {}})
    return typer.Typer(
        cls=cls,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )


@dataclass
class State:
    """Options of the root command, handed to every subcommand."""

    db: str | None = None
    user: str | None = None


def state(ctx: typer.Context) -> State:
    """The root options of this invocation."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


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
    "Tên lệnh gõ có dấu hay không dấu đều được: “report sơ-kết” = “report soket”.",
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
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."
    ),
) -> None:
    """thidua: quản lý phong trào thi đua, khen thưởng."""
    ctx.obj = State(db=db, user=user)


def _register() -> None:
    from stc_thidua.cli import (
        agency,
        campaign,
        contribution,
        db,
        demo,
        kind,
        log,
        person,
        registration,
        report,
        standings,
        unit,
    )

    app.add_typer(campaign.app, name="campaign", help="Phong trào thi đua (phong-trào).")
    app.add_typer(unit.app, name="unit", help="Đơn vị: phòng, ban (đơn-vị).")
    app.add_typer(person.app, name="person", help="Cán bộ, công chức (người).")
    app.command("register", help="Đăng ký thi đua cho đơn vị hoặc cá nhân (đăng-ký).")(
        registration.register
    )
    app.add_typer(
        registration.app, name="registration", help="Các đăng ký thi đua (đăng-ký-thi-đua)."
    )
    app.add_typer(kind.app, name="kind", help="Loại đóng góp và thang điểm (loại).")
    app.add_typer(
        contribution.app, name="contribution", help="Đóng góp của đơn vị, cá nhân (đóng-góp)."
    )
    app.command("standings", help="Bảng theo dõi, xếp hạng thi đua (xếp-hạng).")(
        standings.standings
    )
    app.add_typer(report.app, name="report", help="Văn bản, báo cáo (báo-cáo).")
    app.add_typer(agency.app, name="agency", help="Cơ quan ban hành và tên theo thời kỳ (cơ-quan).")
    app.add_typer(db.app, name="db", help="Cơ sở dữ liệu: đường dẫn, nâng cấp, sao lưu (csdl).")
    app.command("demo", help="Tạo cơ sở dữ liệu mẫu từ data/ và in mọi văn bản (mẫu).")(demo.demo)
    app.command("log", help="Nhật ký thêm, sửa, xóa: ai, lúc nào, cũ và mới (nhật-ký).")(log.log)


_register()


def main() -> None:
    """Console entry point."""
    try:
        app(prog_name="thidua")
    except ThiduaError as exc:  # raised outside a group's invoke (e.g. in a callback)
        report_error(exc)
        sys.exit(exc.exit_code)

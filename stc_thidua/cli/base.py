"""What every command group shares: the root options, the group and command classes, usage errors.

Command modules import from here (never from `stc_thidua.cli`, which registers them), so the
package has no import cycle. Only typer is imported at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from stc_thidua.cli.helptext import VietnameseHelp, argument_word, install_translations
from stc_thidua.errors import ThiduaError

try:  # typer vendors click from 0.20 on; older releases use click itself
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as _click_errors  # type: ignore[no-redef]

install_translations()


@dataclass
class State:
    """Options of the root command, handed to every subcommand."""

    db: str | None = None
    user: str | None = None
    debug: bool = False


def state(ctx: typer.Context) -> State:
    """The root options of this invocation."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def report_error(exc: ThiduaError, *, debug: bool = False) -> None:
    """Print the error's one sentence on stderr; with --debug, its technical detail below."""
    from stc_thidua.text import printable

    typer.echo(f"Lỗi: {printable(exc.message)}", err=True)
    if not debug:
        return
    cause = exc.__cause__
    detail = exc.detail or (f"{type(cause).__name__}: {cause}" if cause is not None else None)
    if detail:
        typer.echo(f"Chi tiết: {printable(detail)}", err=True)


def _hint(param: Any) -> str:
    if param is None:
        return "tham số"
    if getattr(param, "param_type_name", "") == "option":
        return " / ".join(param.opts)
    return argument_word(param)


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


class ThiduaCommand(VietnameseHelp, TyperCommand):
    """A command whose help is Vietnamese: headings, placeholders, defaults."""


class FoldingGroup(VietnameseHelp, TyperGroup):
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
            report_error(exc, debug=state(ctx).debug)
            raise typer.Exit(exc.exit_code) from None
        except _click_errors.UsageError as exc:
            if isinstance(exc, _click_errors.NoArgsIsHelpError):
                raise
            raise _usage_exit(exc) from None


class ThiduaTyper(typer.Typer):
    """A Typer app whose commands get Vietnamese help unless they ask for another class."""

    def command(self, name: str | None = None, *, cls: Any = None, **kwargs: Any) -> Any:
        """Register a command; its class defaults to `ThiduaCommand`."""
        return super().command(name, cls=cls or ThiduaCommand, **kwargs)


def group(name_aliases: dict[str, str] | None = None, **kwargs: Any) -> typer.Typer:
    """A Typer group with accent-folding names and Vietnamese conventions."""
    cls = type("Group", (FoldingGroup,), {"aliases": name_aliases or {}})
    return ThiduaTyper(
        cls=cls,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )

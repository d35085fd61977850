"""What every command group shares: the root options, the group and command classes, usage errors.

Command modules import from here (never from `stc_thidua.cli`, which registers them), so the
package has no import cycle. Only typer is imported at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
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


# a lazy command: its one-line help, and how to build its Click command when it is run
LazyEntry = tuple[str, Callable[[], Any]]


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands, each built (its module imported) only when it is asked for.

    Names, order and one-line helps are known without importing anything, so `thidua --help`
    and shell completion of the group's names load no command module; `thidua unit list`
    loads only `cli.unit`. While `peeking`, an unbuilt command is a stand-in with its help.
    """

    def __init__(self, built: Mapping[str, Any], lazy: Mapping[str, LazyEntry]) -> None:
        self._built: dict[str, Any] = dict(built)
        self._lazy = {k: v for k, v in lazy.items() if k not in self._built}
        self._order = [*self._built, *self._lazy]
        self._peeking = False

    def __getitem__(self, name: str) -> Any:
        if name in self._built:
            return self._built[name]
        help_line, build = self._lazy[name]  # KeyError: no such command
        if self._peeking:
            return ThiduaCommand(name, help=help_line)
        self._built[name] = command = build()
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._built and name not in self._lazy:
            self._order.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._built.pop(name, None)
        self._lazy.pop(name, None)
        self._order.remove(name)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in self._lazy

    @contextmanager
    def peeking(self) -> Iterator[None]:
        """Unbuilt commands answer as stand-ins (name and help) while inside."""
        self._peeking = True
        try:
            yield
        finally:
            self._peeking = False


class _PlainText:
    """Coercion of a text option or flag: the value as parsed (typer builds a pydantic adapter)."""

    def coerce(self, value: Any, *_args: Any, **_kwargs: Any) -> Any:
        """The value unchanged."""
        return value


class _PlainPath:
    """Coercion of a path option without checks (typer would build a pydantic adapter)."""

    def coerce(self, value: Any, *_args: Any, param: Any = None, ctx: Any = None) -> Any:
        """The value as a path; an empty one is refused (it would name the current folder)."""
        from pathlib import Path

        if value is None or isinstance(value, Path):
            return value
        if not str(value).strip():
            raise _click_errors.BadParameter("''", ctx=ctx, param=param)
        return Path(value)


@dataclass(frozen=True)
class _PlainInt:
    """Coercion of a whole-number option or argument within its bounds, without pydantic."""

    low: int | None
    high: int | None

    def coerce(self, value: Any, *_args: Any, param: Any = None, ctx: Any = None) -> Any:
        """The value as an int, refused (as typer refuses it) when not whole or out of bounds."""
        if value is None:
            return None
        try:
            number = value if isinstance(value, int) else int(str(value).strip(), 10)
        except ValueError:
            number = None
        if (
            number is None
            or isinstance(number, bool)
            or (self.low is not None and number < self.low)
            or (self.high is not None and number > self.high)
        ):
            raise _click_errors.BadParameter(f"{value!r}", ctx=ctx, param=param)
        return number


class _PlainTexts:
    """Coercion of a repeated text option (`--kind a --kind b`): the values as a list."""

    def coerce(self, value: Any, *_args: Any, **_kwargs: Any) -> Any:
        """The values typed, as a list (none: an empty tuple, as typer gives it)."""
        return () if not value else list(value)


def _plain_coercion(param: Any) -> Any:
    """The plain coercion of `param`, or None when typer's own is needed."""
    from pathlib import Path

    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    info = getattr(descriptor, "parameter_info", None)
    if getattr(info, "parser", None) is None and getattr(param, "multiple", False):
        return _PlainTexts() if annotation == list[str] else None
    if (
        getattr(param, "multiple", False)
        or getattr(param, "nargs", 1) != 1
        or getattr(info, "parser", None) is not None
    ):
        return None
    if annotation is str or (annotation is bool and getattr(param, "is_flag", False)):
        return _PlainText()
    if annotation is Path and info is not None and not _path_checks(info):
        return _PlainPath()
    if annotation is int and info is not None and not getattr(info, "clamp", False):
        return _PlainInt(getattr(info, "min", None), getattr(info, "max", None))
    return None


def _path_checks(info: Any) -> bool:
    """Whether a path option asks typer to check or resolve the path."""
    return bool(
        getattr(info, "exists", False)
        or getattr(info, "resolve_path", False)
        or getattr(info, "allow_dash", False)
        or not getattr(info, "file_okay", True)
        or not getattr(info, "dir_okay", True)
        or getattr(info, "readable", True) is not True
        or getattr(info, "writable", False)
        or getattr(info, "executable", False)
        or getattr(info, "path_type", None) is not None
    )


def _plain_text_options(params: list[Any]) -> None:
    """Give a group's own text, path and number options and flags a plain coercion.

    Typer (0.2x) coerces every option through a pydantic TypeAdapter built on first use:
    importing pydantic's types and building the adapter cost ~20 ms, for `thidua unit --help`
    only to read `--db`, for `report kehoach` only to make `--out` a path.
    """
    for param in params:
        if getattr(param, "_runtime_param", 0) is None:
            plain = _plain_coercion(param)
            if plain is not None:
                param._runtime_param = plain


class ThiduaCommand(VietnameseHelp, TyperCommand):
    """A command whose help is Vietnamese: headings, placeholders, defaults."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse the options (text and flags taken as typed, see `_plain_text_options`)."""
        _plain_text_options(self.get_params(ctx))
        return super().parse_args(ctx, args)


class FoldingGroup(VietnameseHelp, TyperGroup):
    """A command group whose names match without diacritics, case, spaces or hyphens."""

    aliases: dict[str, str] = {}  # noqa: RUF012  (folded alias → command name)
    lazy: Mapping[str, LazyEntry] = {}  # name → help line, builder

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.lazy:
            self.commands = LazyCommands(self.commands, self.lazy)

    def list_commands(self, ctx: Any) -> list[str]:
        """The names in the order they were registered, without building any command."""
        return list(self.commands)

    @contextmanager
    def peeking(self) -> Iterator[None]:
        """While inside, unbuilt lazy commands are stand-ins (for help and completion)."""
        if isinstance(self.commands, LazyCommands):
            with self.commands.peeking():
                yield
        else:
            yield

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        """Complete the command names from their registered helps, importing none of them."""
        with self.peeking():
            return super().shell_complete(ctx, incomplete)

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

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse the group's options (text and flags taken as typed, see `_plain_text_options`)."""
        _plain_text_options(self.get_params(ctx))
        return super().parse_args(ctx, args)

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


def group(
    name_aliases: dict[str, str] | None = None,
    *,
    lazy: Mapping[str, LazyEntry] | None = None,
    **kwargs: Any,
) -> typer.Typer:
    """A Typer group with accent-folding names and Vietnamese conventions.

    `lazy` names commands built only when asked for (see `LazyCommands`).
    """
    cls = type("Group", (FoldingGroup,), {"aliases": name_aliases or {}, "lazy": lazy or {}})
    return ThiduaTyper(
        cls=cls,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **kwargs,
    )

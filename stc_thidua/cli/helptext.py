"""Help in Vietnamese for every command: headings, the usage line, placeholders, defaults.

One place does it all: the `VietnameseHelp` mixin formats a command's help (every command and
group the app registers gets it through `cli.base`), and `translate` is the catalog of the few
English strings Click and Typer bring themselves (section titles, the help and completion
options, "Aborted!"), installed as their gettext hook. A placeholder is derived from the
parameter: its type (a path is a `<tệp>`, a number a `<số>`), else its name (`--since` takes a
`<ngày>`), else `<văn bản>`.
"""

from __future__ import annotations

import enum
import gettext
import sys
from contextlib import nullcontext
from pathlib import PurePath
from typing import Any, get_args, get_origin

# What Click and Typer print in English, as the clerk reads it.
CATALOG: dict[str, str] = {
    "Usage: ": "Cách dùng: ",
    "[OPTIONS]": "[TÙY CHỌN]",
    "COMMAND [ARGS]...": "LỆNH [ĐỐI SỐ]...",
    "Arguments": "Đối số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tính lúc chạy)",
    "Aborted!": "Đã hủy.",
    "Show this message and exit.": "In hướng dẫn này rồi thoát.",
    "Install completion for the current shell.": "Cài gợi ý lệnh (phím Tab) cho shell đang dùng.",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "In đoạn mã gợi ý lệnh cho shell đang dùng, để chép hoặc tự cài."
    ),
    "Install completion for the specified shell.": "Cài gợi ý lệnh cho shell đã chỉ định.",
    "Show completion for the specified shell, to copy it or customize the installation.": (
        "In đoạn mã gợi ý lệnh cho shell đã chỉ định, để chép hoặc tự cài."
    ),
}

# Click's and Typer's modules that call gettext; those loaded get `translate` instead.
_GETTEXT_MODULES = (
    "typer.core",
    "typer.main",
    "typer._click.core",
    "typer._click.decorators",
    "typer._click.formatting",
    "typer._click.termui",
    "click.core",
    "click.decorators",
    "click.formatting",
    "click.termui",
)

# The word a placeholder shows, by parameter name.
_WORDS_BY_NAME = {
    "db": "tệp",
    "user": "tên",
    "name": "tên",
    "new_name": "tên",
    "unit": "tên",
    "move_to": "tên",
    "parent": "tên",
    "campaign": "mã",
    "code": "mã",
    "agency": "ký hiệu",
    "abbr": "ký hiệu",
    "number": "số",
    "kind": "loại",
    "entity": "loại",
    "gender": "giới tính",
    "position": "chức vụ",
    "parent_body": "tên",
    "place": "địa danh",
    "fmt": "định dạng",
    "format": "định dạng",
    "new_status": "trạng thái",
    "status": "trạng thái",
    "folder": "thư mục",
    "directory": "thư mục",
    "person": "tên",
    "quantity": "số",
    "amount": "số tiền",
    "work_days": "số ngày công",
    "points": "điểm",
    "per_million": "điểm",
    "per_day": "điểm",
    "by": "đơn-vị|cá-nhân",
}
_DATE_NAMES = ("date", "since", "until", "start", "end", "from", "to", "day", "on")
_FOLDER_NAMES = ("folder", "dir", "directory")


def translate(message: str) -> str:
    """Click's or Typer's English `message` in Vietnamese (unknown text is returned as is)."""
    return CATALOG.get(message, message)


def install_translations() -> None:
    """Make Click and Typer print their own words through `translate` (their gettext hook)."""
    for name in _GETTEXT_MODULES:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "_", None) is gettext.gettext:
            module._ = translate  # type: ignore[attr-defined]


def _value_type(param: Any) -> Any:
    """The Python type one value of `param` has (the element type of a list option)."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None:  # typer before 0.20: a Click parameter type
        click_name = getattr(getattr(param, "type", None), "name", "")
        return {"integer": int, "float": float, "path": PurePath, "boolean": bool}.get(
            click_name, str
        )
    if getattr(descriptor, "is_path", False):
        return PurePath
    annotation = descriptor.annotation
    if get_origin(annotation) in (list, tuple):
        args = get_args(annotation)
        annotation = args[0] if args else str
    return annotation


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(descriptor, "is_choice", False):
        return [str(c.value if isinstance(c, enum.Enum) else c) for c in descriptor.choices or ()]
    return [str(c) for c in getattr(getattr(param, "type", None), "choices", None) or ()]


def value_word(param: Any) -> str:
    """The Vietnamese word for what `param` takes: tệp, thư mục, ngày, số, tên, văn bản..."""
    name = (param.name or "").lower()
    kind = _value_type(param)
    choices = _choices(param)
    if choices:
        return "|".join(choices)
    if isinstance(kind, type) and issubclass(kind, PurePath):
        return "thư mục" if any(part in _FOLDER_NAMES for part in name.split("_")) else "tệp"
    if name in _WORDS_BY_NAME:
        return _WORDS_BY_NAME[name]
    if any(part in _DATE_NAMES for part in name.split("_")):
        return "ngày"
    if kind in (int, float):
        return "số"
    if name.endswith("name"):
        return "tên"
    return "văn bản"


def option_placeholder(param: Any) -> str:
    """What follows an option in help: `--since <ngày>`, `--out <tệp>`."""
    return param.metavar or f"<{value_word(param)}>"


def argument_word(param: Any) -> str:
    """An argument as the usage line shows it: TÊN, TỆP, THƯ-MỤC."""
    return param.metavar or value_word(param).upper().replace(" ", "-")


def _join_options(options: list[str]) -> str:
    return ", ".join(sorted(options, key=lambda o: len(o) - len(o.lstrip("-"))))


def _shown_default(param: Any, ctx: Any) -> str:
    show = getattr(param, "show_default", None)
    if isinstance(show, str):
        return show
    if not (show or getattr(ctx, "show_default", False)):
        return ""
    value = param.default
    if value is None or isinstance(value, bool) or value in ("", [], ()):
        return ""  # a flag off by default, or nothing: the help says what happens
    if callable(value):
        return translate("(dynamic)")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value.value if isinstance(value, enum.Enum) else value)


def _bound(value: Any) -> str:
    """A bound as a clerk reads it: 1.000.000, 0,5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value).replace(".", ",")


def _range(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if high is not None and abs(high) >= 10**12:  # a technical bound (an id's), not a rule
        high = None
    if getattr(param, "count", False) or (low is None and high is None):
        return ""
    if low is not None and high is not None:
        return f"từ {_bound(low)} đến {_bound(high)}"
    return f"từ {_bound(low)} trở lên" if low is not None else f"tối đa {_bound(high)}"


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """The two help columns of a parameter: its name with placeholder, and its help."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = argument_word(param)
    else:
        name = _join_options(param.opts)
        if param.secondary_opts:
            name += " / " + _join_options(param.secondary_opts)
        if not (getattr(param, "is_flag", False) or getattr(param, "count", False)):
            name += f" {option_placeholder(param)}"
    extra = []
    envvar = param.envvar if getattr(param, "show_envvar", False) else None
    if envvar:
        names = envvar if isinstance(envvar, str) else ", ".join(envvar)
        extra.append(translate("env var: {var}").format(var=names))
    default = _shown_default(param, ctx)
    if default:
        extra.append(translate("default: {default}").format(default=default))
    if limits := _range(param):
        extra.append(limits)
    if param.required:
        extra.append(translate("required"))
    text = translate(getattr(param, "help", None) or "")
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return name, text


class VietnameseHelp:
    """Mixin for Click commands and groups: the whole help page in Vietnamese."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """`Cách dùng: thidua unit add [TÙY CHỌN] TÊN`."""
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=translate("Usage: "))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line's words: options, the arguments by name, the subcommand."""
        metavar = getattr(self, "options_metavar", None)
        pieces = [translate(metavar)] if metavar else []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name != "argument":
                continue
            word = argument_word(param) + ("..." if param.nargs != 1 else "")
            pieces.append(word if param.required else f"[{word}]")
        subcommand = getattr(self, "subcommand_metavar", None)
        if subcommand:
            pieces.append(translate(subcommand))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The arguments, the options and (for a group) the commands, under Vietnamese titles."""
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param, ctx)
            if record is not None:
                (arguments if param.param_type_name == "argument" else options).append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(translate(title)):
                    formatter.write_dl(rows)
        if hasattr(self, "list_commands"):
            self._format_commands(ctx, formatter)

    def _format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        peeking = getattr(self, "peeking", None)
        with peeking() if peeking else nullcontext():  # lazy commands: help without importing
            for name in self.list_commands(ctx):  # type: ignore[attr-defined]
                command = self.get_command(ctx, name)  # type: ignore[attr-defined]
                if command is not None and not command.hidden:
                    rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(translate("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

"""Helpers every command group shares: the session, output (JSON, tables, documents), questions."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from stc_thidua.cli.base import state

if TYPE_CHECKING:
    from sqlmodel import Session

JSON_OPTION = typer.Option(False, "--json", help="In kết quả dạng JSON (cho kịch bản).")
CAMPAIGN_OPTION = typer.Option(
    None, "--campaign", "-c", help="Mã, số hoặc tên phong trào (mặc định: phong trào đang dùng)."
)


# the success messages of the command's open session, printed once it has committed
_PENDING: ContextVar[list[str] | None] = ContextVar("thidua_pending_done", default=None)


@contextmanager
def session(ctx: typer.Context, *, create: bool = False) -> Iterator[Session]:
    """One database session for this command, committed once at the end.

    Only commands that add records pass `create`: the others, on a SQLite file that
    does not exist, say so instead of creating an empty database.
    """
    from stc_thidua.db import session_scope
    from stc_thidua.entry import started

    root = state(ctx)
    pending: list[str] = []
    token = _PENDING.set(pending)
    try:
        with session_scope(root.db, user=root.user, create=create) as s:
            started()
            yield s
    finally:
        _PENDING.reset(token)
    for message in pending:  # committed: only now is what `done` said true
        done(message)


def print_json(data: Any) -> None:
    """Print `data` as indented UTF-8 JSON; characters a terminal would obey are escaped."""
    from stc_thidua.text import UNPRINTABLE_BUT_NEWLINE

    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # json.dumps escapes C0 controls inside strings, so a raw newline here is the layout's own
    text = UNPRINTABLE_BUT_NEWLINE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    typer.echo(text)


def say(text: str) -> None:
    """Print one line that may hold stored values, with control characters shown as escapes."""
    from stc_thidua.text import printable

    typer.echo(printable(text))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a table for humans; cells are plain text, never markup ("[bold]" prints as is).

    Control characters in a cell are printed as escapes, never sent to the terminal. Drawn by
    `cli.tables` in Rich's style without Rich's cost (thousands of rows print at once).
    """
    from stc_thidua.cli.tables import print_plain_table
    from stc_thidua.text import printable

    print_plain_table(
        printable(title),
        [printable(c) for c in columns],
        [["" if v is None else printable(str(v)) for v in row] for row in rows],
    )


def done(message: str) -> None:
    """Confirm on stderr what was written, so stdout stays clean for pipes.

    Inside `session`, the message waits for the commit: a write refused at the end
    (closed campaign, read-only file) never prints a success first.
    """
    from stc_thidua.text import printable

    pending = _PENDING.get()
    if pending is not None:
        pending.append(message)
        return
    typer.echo(printable(message), err=True)


def interactive() -> bool:
    """Whether a person is at the terminal (so prompting makes sense)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr while a person watches; nothing when output is piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        f"[bold]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            if done == 1 or done % 200 == 0 or done == total:
                bar.update(task, completed=done, total=total)

        yield advance


YES_WORDS = frozenset({"c", "co", "y", "yes", "u", "uh", "dong y"})
NO_WORDS = frozenset({"k", "khong", "n", "no"})


def yes_or_no(answer: str) -> bool | None:
    """ "c", "có", "Yes" → True; "k", "không", "N" → False; anything else → None."""
    from stc_thidua.text import fold

    word = fold(answer)
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def ask_yes_no(question: str, *, default: bool = False) -> bool:
    """Ask at the terminal until the answer is yes or no: `[c/K]` (Enter takes the default)."""
    choices = "[C/k]" if default else "[c/K]"
    while True:
        answer = typer.prompt(
            f"{question} {choices}", default="", show_default=False, prompt_suffix=" "
        )
        if not answer.strip():
            return default
        verdict = yes_or_no(answer)
        if verdict is not None:
            return verdict
        typer.echo("Hãy trả lời “c” (có) hoặc “k” (không).", err=True)


def confirm(question: str, *, yes: bool, flag: str = "--yes") -> None:
    """Ask before destroying data; `yes` (its `flag` given) skips it, a terminal-less run needs it.

    A "no" stops the command with exit code 1, nothing written.
    """
    if yes:
        return
    if not interactive():
        from stc_thidua.errors import InvalidInput

        # one sentence: "Thay A bằng B? Bản cũ được giữ." → "Thay A bằng B; bản cũ được giữ"
        asked = re.sub(r"\?\s+(\w)", lambda m: "; " + m.group(1).lower(), question.strip())
        raise InvalidInput(f"{asked.rstrip('?.')}: cần xác nhận, hãy thêm {flag}.")
    if not ask_yes_no(question):
        typer.echo("Đã hủy; không có gì thay đổi.", err=True)
        raise typer.Exit(1)


def print_or_write(
    text: str, out: Path | None, *, excel: bool = False, force: bool = False
) -> None:
    """Print `text`, or write it atomically to `out` (with a BOM so Excel reads UTF-8)."""
    if out is None:
        typer.echo(text, nl=False)
        return
    save(out, chr(0xFEFF) + text if excel else text, force=force)


def save(target: Path, content: str | bytes, *, force: bool, what: str = "") -> Path:
    """Write `content` to `target` atomically; an existing file only with --force or a "có"."""
    from stc_thidua.files import write_atomic

    target = target.expanduser()
    if _exists(target) and not force:
        if not interactive():
            from stc_thidua.errors import InvalidInput

            raise InvalidInput(f"Tệp {target} đã có; thêm --force để ghi đè.")
        confirm(f"Tệp {target} đã có; ghi đè?", yes=False, flag="--force")
    written = write_atomic(target, content)
    done(f"Đã ghi {written}{f' ({what})' if what else ''}.")
    return written


# --- documents: one rule for every command that writes one --------------------------------------

# what may be typed after --format, or stand as the file's extension → the format
FORMAT_ALIASES: dict[str, str] = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "docx": "docx",
    "word": "docx",
    "pdf": "pdf",
    "json": "json",
}
FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "docx": "Word", "pdf": "PDF", "json": "JSON"}
BINARY_FORMATS = frozenset({"docx", "pdf"})  # written to a file, never to the screen
DOCUMENT_FORMATS = ("md", "html", "docx")

FORMAT_OPTION = typer.Option(
    None,
    "--format",
    "-f",
    help="md (markdown), html hoặc docx (word); mặc định: theo đuôi --out, không có thì md.",
)
OUT_OPTION = typer.Option(
    None,
    "--out",
    "-o",
    help="Tệp kết quả, định dạng theo đuôi .md, .html, .docx (mặc định: in ra màn hình; "
    "docx: tệp trong thư mục hiện tại).",
)
FORCE_OPTION = typer.Option(False, "--force", help="Ghi đè tệp kết quả đã có mà không hỏi.")


def _listed(formats: Sequence[str], prefix: str = "") -> str:
    names = [f"{prefix}{f}" for f in formats]
    return ", ".join(names[:-1]) + " hoặc " + names[-1] if len(names) > 1 else names[0]


def document_format(
    fmt: str | None, out: Path | None, formats: Sequence[str] = DOCUMENT_FORMATS
) -> str:
    """The format to write: --format, else the extension of --out, else Markdown.

    `formats` are those the document can be rendered to. A format or an extension that is not
    one of them, or a --format that contradicts the extension, is refused naming both.
    """
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import keyword, shown

    chosen = None
    if fmt is not None:
        chosen = FORMAT_ALIASES.get(keyword(fmt))
        if chosen is None or chosen not in formats:
            what = f"chưa in được ra {FORMAT_NAMES[chosen]}" if chosen else "không hợp lệ"
            raise InvalidInput(f"Định dạng “{shown(fmt, 40)}” {what}; chọn {_listed(formats)}.")
    suffix = out.suffix if out is not None else ""
    if out is None or not suffix:
        return chosen or "md"
    by_suffix = FORMAT_ALIASES.get(suffix.lower().lstrip("."))
    if by_suffix is None or by_suffix not in formats:
        raise InvalidInput(
            f"Không ghi văn bản ra “{shown(out.name, 60)}”: đuôi “{shown(suffix, 20)}” "
            f"không được hỗ trợ; dùng {_listed(formats, '.')}."
        )
    if chosen is not None and chosen != by_suffix:
        raise InvalidInput(
            f"--format {chosen} không khớp với đuôi “{suffix}” của “{shown(out.name, 60)}”; "
            f"bỏ --format hoặc đổi đuôi thành .{chosen}."
        )
    return by_suffix


def write_document(
    content: str | bytes, *, fmt: str, out: Path | None, default_name: str, force: bool
) -> None:
    """Print a text document, or write it to --out (a Word or PDF file: `default_name`.docx).

    An existing file is replaced only with --force, or after a "có" at the terminal.
    """
    if out is None and fmt not in BINARY_FORMATS:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        typer.echo(text, nl=False)
        return
    save(out or Path(f"{default_name}.{fmt}"), content, force=force)


def may_write(out: Path | None, force: bool) -> bool:
    """Whether writing --out goes ahead without a question (no such file, or --force)."""
    return out is None or force or not _exists(out.expanduser())


def _exists(path: Path) -> bool:
    try:
        return path.is_file() or path.is_symlink()
    except (OSError, ValueError):  # a name too long, say: writing it will tell
        return False

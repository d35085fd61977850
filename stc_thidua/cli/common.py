"""Helpers every command group shares: the session, JSON and table output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from stc_thidua.cli import state

if TYPE_CHECKING:
    from sqlmodel import Session

JSON_OPTION = typer.Option(False, "--json", help="In kết quả dạng JSON (cho kịch bản).")
CAMPAIGN_OPTION = typer.Option(
    None, "--campaign", "-c", help="Mã, số hoặc tên phong trào (mặc định: phong trào đang dùng)."
)


@contextmanager
def session(ctx: typer.Context, *, create: bool = False) -> Iterator[Session]:
    """One database session for this command, committed once at the end.

    Only commands that add records pass `create`: the others, on a SQLite file that
    does not exist, say so instead of creating an empty database.
    """
    from stc_thidua.db import session_scope

    root = state(ctx)
    with session_scope(root.db, user=root.user, create=create) as s:
        yield s


def print_json(data: Any) -> None:
    """Print `data` as indented UTF-8 JSON."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a table with Rich; cells are plain text, never Rich markup ("[bold]" prints as is)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left")
    for column in columns:
        table.add_column(Text(column), overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row))
    Console(soft_wrap=False).print(table)


def done(message: str) -> None:
    """Confirm on stderr what was written, so stdout stays clean for pipes."""
    typer.echo(message, err=True)


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


def confirm(question: str, *, yes: bool) -> None:
    """Ask before destroying data; `--yes` skips it, and without a terminal `--yes` is needed."""
    if yes:
        return
    if not interactive():
        from stc_thidua.errors import InvalidInput

        raise InvalidInput(f"{question.rstrip('?')}: cần xác nhận, hãy thêm --yes.")
    typer.confirm(question, abort=True)


def print_or_write(text: str, out: Path | None, *, excel: bool = False) -> None:
    """Print `text`, or write it atomically to `out` (with a BOM so Excel reads UTF-8)."""
    if out is None:
        typer.echo(text, nl=False)
        return
    from stc_thidua.files import write_atomic

    done(f"Đã ghi {write_atomic(out, chr(0xFEFF) + text if excel else text)}.")

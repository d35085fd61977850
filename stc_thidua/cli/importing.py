"""What every file import prints: notes, every bad row, a dry run's preview, the summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.common import done, print_json, print_table, progress_bar, session

DRY_RUN = typer.Option(False, "--dry-run", help="Chạy thử: kiểm tra và cho xem, không ghi gì.")
SHEET = typer.Option(None, "--sheet", help="Chỉ đọc trang (sheet) này của tệp Excel.")
PREVIEW_ROWS = 50


@contextmanager
def listing_problems(path: Path | None = None, *, as_json: bool = False) -> Iterator[None]:
    """Print every bad row of a refused file on stderr, one per line, before the error.

    With --json, the bad rows (sheet, row, column, reason) also go to stdout as data.
    """
    from stc_thidua.domain.tabular import FileProblems
    from stc_thidua.text import printable

    try:
        yield
    except FileProblems as exc:
        if as_json:
            print_json(
                {
                    "file": path.name if path else None,
                    "imported": False,
                    "problems": [p.as_json() for p in exc.problems],
                }
            )
        for problem in exc.problems if len(exc.problems) > 1 else []:
            typer.echo(f"  {printable(problem.sentence())}", err=True)
        raise


def run_import(
    ctx: typer.Context,
    work: Callable[[Any, Callable[[int, int], None] | None], Any],
    *,
    path: Path,
    what: str,
    dry_run: bool,
    as_json: bool = False,
    columns: list[tuple[str, str]] | None = None,
) -> None:
    """Run an import in one session (rolled back for a dry run) and report what it did."""
    with (
        listing_problems(path, as_json=as_json),
        session(ctx, create=not dry_run) as s,
        progress_bar("Đang nhập") as progress,
    ):
        result = work(s, progress)
        if dry_run:
            s.rollback()
    for note in result.notes:
        typer.echo(f"Lưu ý: {note}", err=True)
    if as_json:
        data = result.as_json()
        if dry_run:
            data["rows"] = [_plain(r) for r in result.preview]
        print_json(data)
    elif dry_run and columns and result.preview:
        print_table(
            f"Sẽ nhập từ {path.name}",
            ["STT", *(label for _, label in columns)],
            [
                (i, *(_shown(row.get(key)) for key, _ in columns))
                for i, row in enumerate(result.preview[:PREVIEW_ROWS], start=1)
            ],
        )
        if len(result.preview) > PREVIEW_ROWS:
            typer.echo(f"... và {len(result.preview) - PREVIEW_ROWS} dòng nữa.")
    skipped = f"; {result.skipped} dòng đã có, bỏ qua" if result.skipped else ""
    if dry_run:
        done(f"Chạy thử: sẽ nhập {result.added} {what} từ {path.name}{skipped}; chưa ghi gì.")
    else:
        done(f"Đã nhập {result.added} {what} từ {path.name}{skipped}.")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    import datetime as dt

    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def _shown(value: Any) -> str:
    import datetime as dt

    from stc_thidua.render.filters import vn_number

    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int) and not isinstance(value, bool):
        return vn_number(value)
    return str(value)

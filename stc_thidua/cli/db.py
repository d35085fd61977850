"""`thidua db`: where the database is, its schema, backups, restore and checks."""

from __future__ import annotations

from pathlib import Path

import typer

from stc_thidua.cli.base import group, state
from stc_thidua.cli.common import JSON_OPTION, confirm, done, print_json

app = group(
    {
        "duongdan": "path",
        "trangthai": "status",
        "nangcap": "upgrade",
        "saoluu": "backup",
        "khoiphuc": "restore",
        "kiemtra": "check",
    }
)


@app.command("path")
def path(ctx: typer.Context) -> None:
    """In đường dẫn (hoặc địa chỉ) cơ sở dữ liệu đang dùng (đường-dẫn)."""
    from stc_thidua.db import resolve_url, sqlite_path

    url = resolve_url(state(ctx).db)
    file = sqlite_path(url)
    typer.echo(str(file) if file else _hide_password(url))


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _revision(url: str) -> str | None:
    """The schema revision at `url`; a SQLite file is neither created nor changed."""
    from stc_thidua.db import current_revision, make_engine, sqlite_path, sqlite_revision

    file = sqlite_path(url)
    if file is not None:
        return sqlite_revision(file) if file.exists() else None
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


@app.command("status")
def status(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Phiên bản lược đồ của cơ sở dữ liệu so với chương trình (trạng-thái)."""
    from stc_thidua.db import head_revision, known_revisions, resolve_url, sqlite_path

    url = resolve_url(state(ctx).db)
    file = sqlite_path(url)
    current = _revision(url)
    head = head_revision()
    newer = current is not None and current not in known_revisions()
    data = {
        "database": str(file) if file else _hide_password(url),
        "revision": current,
        "head": head,
        "up_to_date": current == head,
        "newer_than_program": newer,
    }
    if as_json:
        print_json(data)
        return
    typer.echo(f"Cơ sở dữ liệu: {data['database']}")
    typer.echo(f"Lược đồ: {current or 'trống'}; chương trình: {head}.")
    if file is not None and not file.exists():
        typer.echo("Chưa có tệp cơ sở dữ liệu; sẽ được tạo khi dùng lần đầu.")
    elif current == head:
        typer.echo("Đã cập nhật.")
    elif newer:
        typer.echo("Cơ sở dữ liệu mới hơn chương trình: hãy cập nhật thidua.")
    else:
        typer.echo("Cần nâng cấp: thidua db upgrade.")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Nâng cấp lược đồ lên bản mới nhất (tự sao lưu trước) (nâng-cấp)."""
    from stc_thidua.db import head_revision, open_engine, resolve_url

    url = resolve_url(state(ctx).db)
    before = _revision(url)
    open_engine(url).dispose()
    head = head_revision()
    if before is None:
        done(f"Đã tạo lược đồ mới nhất ({head}).")
    elif before == head:
        done(f"Lược đồ đã ở bản mới nhất ({head}).")
    else:
        done(f"Đã nâng cấp lược đồ từ {before} lên {head}; bản cũ được sao lưu cạnh tệp.")


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None, help="Tệp sao lưu (mặc định: cạnh cơ sở dữ liệu, tên có ngày giờ)."
    ),
) -> None:
    """Sao lưu cơ sở dữ liệu, nhất quán kể cả khi người khác đang ghi (sao-lưu)."""
    from stc_thidua.backup import backup_database
    from stc_thidua.db import resolve_url

    target = backup_database(url=resolve_url(state(ctx).db), target=file)
    typer.echo(str(target))
    done(f"Đã sao lưu vào {target}.")


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Tệp sao lưu cần khôi phục."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Khôi phục từ một bản sao lưu đã kiểm tra; bản đang dùng được giữ lại (khôi-phục)."""
    from stc_thidua.backup import inspect_backup, restore_database, restore_target
    from stc_thidua.db import resolve_url

    url = resolve_url(state(ctx).db)
    target = restore_target(url)
    revision = inspect_backup(file.expanduser())
    confirm(
        f"Thay {target} bằng {file} (lược đồ {revision})? Bản đang dùng sẽ được giữ lại.", yes=yes
    )
    aside = restore_database(url=url, source=file)
    if aside is not None:
        done(f"Bản đang dùng trước đó được giữ ở {aside}.")
    done(f"Đã khôi phục {target} từ {file}.")


@app.command("check")
def check(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Kiểm tra toàn vẹn và khóa ngoại của cơ sở dữ liệu (kiểm-tra)."""
    from stc_thidua.backup import check_database
    from stc_thidua.db import resolve_url
    from stc_thidua.errors import DatabaseError

    problems = check_database(url=resolve_url(state(ctx).db))
    if as_json:
        print_json({"ok": not problems, "problems": problems})
    else:
        for problem in problems:
            typer.echo(problem)
    if problems:
        raise DatabaseError(f"Cơ sở dữ liệu có {len(problems)} lỗi.")
    if not as_json:
        done("Không có lỗi: toàn vẹn dữ liệu và khóa ngoại đều đúng.")

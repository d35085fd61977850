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
    from stc_thidua.db import resolve_url
    from stc_thidua.domain.database import shown_url

    typer.echo(shown_url(resolve_url(state(ctx).db)))


@app.command("status")
def status(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Phiên bản lược đồ của cơ sở dữ liệu so với chương trình (trạng-thái)."""
    from stc_thidua.db import CREATE_ADVICE
    from stc_thidua.domain.database import schema_status

    found = schema_status(db=state(ctx).db)
    if as_json:
        print_json(
            {
                "database": found.database,
                "exists": found.exists,
                "revision": found.revision,
                "head": found.head,
                "up_to_date": found.up_to_date,
                "newer_than_program": found.newer_than_program,
            }
        )
        return
    typer.echo(f"Cơ sở dữ liệu: {found.database}")
    if not found.exists:
        typer.echo(f"Chưa có tệp cơ sở dữ liệu; {CREATE_ADVICE}.")
        return
    typer.echo(f"Lược đồ: {found.revision or 'trống'}; chương trình: {found.head}.")
    if found.up_to_date:
        typer.echo("Đã cập nhật.")
    elif found.newer_than_program:
        typer.echo("Cơ sở dữ liệu mới hơn chương trình: hãy cập nhật thidua.")
    else:
        typer.echo("Cần nâng cấp: thidua db upgrade.")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Tạo hoặc nâng cấp lược đồ lên bản mới nhất (tự sao lưu trước) (nâng-cấp)."""
    from stc_thidua.domain.database import upgrade_database

    before, head = upgrade_database(db=state(ctx).db)
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
    done(f"Đã sao lưu và kiểm tra bản sao (đủ bảng, đủ dòng): {target}.")


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Tệp sao lưu cần khôi phục."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="Cho khôi phục cả một bản sao lưu không có bản ghi nào."
    ),
) -> None:
    """Khôi phục từ một bản sao lưu đã kiểm tra; bản đang dùng được giữ lại (khôi-phục)."""
    from stc_thidua.backup import inspect_backup, restore_database, restore_target
    from stc_thidua.db import resolve_url
    from stc_thidua.errors import InvalidInput

    url = resolve_url(state(ctx).db)
    target = restore_target(url)
    source = file.expanduser().resolve()
    info = inspect_backup(source)
    if info.rows == 0 and not allow_empty:
        raise InvalidInput(
            f"Tệp {source.name} là cơ sở dữ liệu thidua trống (không có bản ghi nào): khôi phục "
            "sẽ bỏ hết dữ liệu đang dùng; nếu đúng ý, thêm --allow-empty."
        )
    confirm(
        f"Thay {target} bằng {source} (lược đồ {info.revision}, {info.rows} bản ghi)? "
        "Bản đang dùng sẽ được giữ lại.",
        yes=yes,
    )
    aside = restore_database(url=url, source=source)
    if aside is not None:
        done(f"Bản đang dùng trước đó được giữ ở {aside}.")
    done(f"Đã khôi phục {target} từ {source}.")


@app.command("check")
def check(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Kiểm tra toàn vẹn, khóa ngoại, vòng lặp đơn vị và tên trùng (kiểm-tra)."""
    from stc_thidua.db import resolve_url
    from stc_thidua.domain.database import check_database
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
        done("Không có lỗi: toàn vẹn dữ liệu, khóa ngoại và các đơn vị, tên đều đúng.")

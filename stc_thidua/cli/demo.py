"""`thidua demo`: a sample database built from data/ and every document rendered."""

from __future__ import annotations

from pathlib import Path

import typer

FOLDER = typer.Argument(Path("thidua-demo"), help="Thư mục kết quả (mặc định: ./thidua-demo).")


def demo(folder: Path = FOLDER) -> None:
    """Tạo cơ sở dữ liệu mẫu từ data/ và in mọi văn bản vào một thư mục (mẫu)."""
    from stc_thidua.backup import backup_database, check_database, set_aside
    from stc_thidua.db import resolve_url, session_scope
    from stc_thidua.domain.audit import list_log
    from stc_thidua.domain.plan import build_plan
    from stc_thidua.domain.sample import load_sample, load_sample_tracking
    from stc_thidua.domain.standings import build_standings
    from stc_thidua.errors import OutputError, os_reason
    from stc_thidua.files import write_atomic
    from stc_thidua.paths import data_dir
    from stc_thidua.render import render_plan
    from stc_thidua.render.sheets import standings_sheet, workbook_bytes

    folder = folder.expanduser()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} không phải là thư mục.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục {folder}: {os_reason(exc)}.") from None
    db_file = folder / "thidua.db"
    if db_file.exists():  # never destroy a database: the previous sample is kept aside
        typer.echo(f"Cơ sở dữ liệu mẫu cũ được giữ ở {set_aside(db_file, 'mau-cu')}.", err=True)
    with session_scope(str(db_file), user="thidua demo") as s:
        campaign = load_sample(session=s, data=data_dir())
        plan = build_plan(session=s, campaign=campaign)
        imported, verified = load_sample_tracking(session=s, data=data_dir(), campaign=campaign)
        standings = build_standings(session=s, campaign=campaign)
        logged = len(list_log(session=s, limit=None))
    written = [
        write_atomic(folder / f"ke-hoach-{campaign.code}.{fmt}", render_plan(plan, fmt))
        for fmt in ("md", "html", "docx")
    ]
    written.append(
        write_atomic(
            folder / f"xep-hang-{campaign.code}.xlsx", workbook_bytes([standings_sheet(standings)])
        )
    )
    url = resolve_url(str(db_file))
    problems = check_database(url=url)
    copy = backup_database(url=url)
    typer.echo(f"Cơ sở dữ liệu mẫu: {db_file}")
    typer.echo(f"  kiểm tra: {'không có lỗi' if not problems else '; '.join(problems)}")
    typer.echo(f"  đóng góp: {imported} đã nhập từ sổ theo dõi mẫu, {verified} đã xác nhận")
    typer.echo(f"  nhật ký: {logged} thay đổi đã ghi (thidua log)")
    typer.echo(f"  bản sao lưu: {copy}")
    typer.echo("Văn bản:")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo(f"Dùng tiếp: THIDUA_DB={db_file} thidua campaign list")

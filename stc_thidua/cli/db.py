"""`thidua db`: where the database is and which schema it has."""

from __future__ import annotations

import typer

from stc_thidua.cli import group, state
from stc_thidua.cli.common import JSON_OPTION, done, print_json

app = group({"duongdan": "path", "trangthai": "status", "nangcap": "upgrade"})


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


@app.command("status")
def status(ctx: typer.Context, as_json: bool = JSON_OPTION) -> None:
    """Phiên bản lược đồ của cơ sở dữ liệu so với chương trình (trạng-thái)."""
    from stc_thidua.db import current_revision, head_revision, make_engine, resolve_url

    url = resolve_url(state(ctx).db)
    engine = make_engine(url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    head = head_revision()
    data = {
        "database": _hide_password(url),
        "revision": current,
        "head": head,
        "up_to_date": current == head,
    }
    if as_json:
        print_json(data)
        return
    typer.echo(f"Cơ sở dữ liệu: {data['database']}")
    typer.echo(f"Lược đồ: {current or 'trống'}; chương trình: {head}.")
    typer.echo("Đã cập nhật." if current == head else "Cần nâng cấp: thidua db upgrade.")


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Nâng cấp lược đồ lên bản mới nhất (tự sao lưu trước) (nâng-cấp)."""
    from stc_thidua.db import head_revision, open_engine

    engine = open_engine(state(ctx).db)
    engine.dispose()
    done(f"Lược đồ đã ở bản mới nhất ({head_revision()}).")

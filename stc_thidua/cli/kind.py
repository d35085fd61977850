"""`thidua kind`: the kinds of contribution of a campaign and their points."""

from __future__ import annotations

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    JSON_OPTION,
    done,
    print_json,
    print_table,
    session,
)

app = group({"danhsach": "list", "them": "add", "sua": "edit"})

NAME = typer.Option(None, "--name", help="Tên loại, vd. Hiến đất làm đường.")
ALIAS = typer.Option(None, "--alias", help="Tên gọi khác mà sổ sách hay ghi (lặp lại được).")
CONTENT = typer.Option(
    None, "--content", min=1, max=100, help="Nội dung thi đua số mấy mà loại này phục vụ."
)
POINTS = typer.Option(
    None, "--points", metavar="<số>", help="Điểm cho mỗi đơn vị số lượng, vd. 2 hoặc 0,5."
)
PER_MILLION = typer.Option(
    None, "--points-per-million", metavar="<số>", help="Điểm cho mỗi triệu đồng vận động."
)
PER_DAY = typer.Option(
    None, "--points-per-work-day", metavar="<số>", help="Điểm cho mỗi ngày công."
)


def kind_dict(kind: object) -> dict[str, object]:
    """A kind as plain data for --json."""
    from stc_thidua.models import ContributionKind

    assert isinstance(kind, ContributionKind)
    return {
        "id": kind.id,
        "code": kind.code,
        "name": kind.name,
        "aliases": kind.aliases,
        "content": kind.content_position,
        "points": kind.points,
        "points_per_million": kind.points_per_million,
        "points_per_work_day": kind.points_per_work_day,
    }


@app.command("list")
def list_(
    ctx: typer.Context, campaign: str | None = CAMPAIGN_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Liệt kê các loại đóng góp của phong trào và thang điểm (danh-sách)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.kinds import list_kinds
    from stc_thidua.render.filters import vn_number

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        kinds = list_kinds(session=s, campaign=found)
    if as_json:
        print_json([kind_dict(k) for k in kinds])
        return
    print_table(
        f"Loại đóng góp ({found.code})",
        ["Mã", "Tên", "Tên gọi khác", "Nội dung số", "Điểm", "Điểm/triệu đồng", "Điểm/ngày công"],
        [
            (
                k.code,
                k.name,
                ", ".join(k.aliases),
                k.content_position or "",
                vn_number(k.points),
                vn_number(k.points_per_million),
                vn_number(k.points_per_work_day),
            )
            for k in kinds
        ],
    )


@app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Tên loại đóng góp."),
    code: str | None = typer.Option(None, "--code", help="Mã (chữ thường không dấu, _)."),
    alias: list[str] | None = ALIAS,
    content: int | None = CONTENT,
    points: str | None = POINTS,
    per_million: str | None = PER_MILLION,
    per_day: str | None = PER_DAY,
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Thêm một loại đóng góp cho phong trào (thêm)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.kinds import add_kind

    data = {
        "name": name,
        "code": code,
        "aliases": alias,
        "content_position": content,
        "points": points,
        "points_per_million": per_million,
        "points_per_work_day": per_day,
    }
    with session(ctx) as s:
        kind = add_kind(session=s, campaign=find_campaign(session=s, query=campaign), data=data)
        done(f"Đã thêm loại đóng góp “{kind.name}” ({kind.code}).")


@app.command("edit")
def edit(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="Loại cần sửa (mã, tên hoặc tên gọi khác)."),
    name: str | None = NAME,
    alias: list[str] | None = ALIAS,
    content: int | None = CONTENT,
    points: str | None = POINTS,
    per_million: str | None = PER_MILLION,
    per_day: str | None = PER_DAY,
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Sửa tên, tên gọi khác, nội dung phục vụ hay thang điểm của một loại (sửa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.kinds import edit_kind, find_kind

    changes = {
        "name": name,
        "add_aliases": alias,
        "content_position": content,
        "points": points,
        "points_per_million": per_million,
        "points_per_work_day": per_day,
    }
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = find_kind(session=s, campaign=found, query=kind)
        edit_kind(session=s, campaign=found, kind=row, changes=changes)
        done(f"Đã sửa loại đóng góp “{row.name}”.")

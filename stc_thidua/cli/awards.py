"""`thidua campaign award`: the awards a plan announces (form, for whom, how many, criteria)."""

from __future__ import annotations

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    JSON_OPTION,
    confirm,
    done,
    print_json,
    print_table,
    session,
)

app = group({"them": "add", "danhsach": "list", "xoa": "remove"})


@app.command("add")
def add(
    ctx: typer.Context,
    form: str = typer.Option(..., "--form", "-f", help="Hình thức, vd. Giấy khen."),
    nominee: str = typer.Option(..., "--for", help="Đối tượng: tập thể hoặc cá nhân."),
    max_count: int | None = typer.Option(None, "--max", help="Số lượng tối đa (vd. 3)."),
    criteria: str = typer.Option("", "--criteria", help="Tiêu chuẩn xét tặng."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Thêm một khen thưởng vào mục Khen thưởng của kế hoạch (thêm)."""
    from stc_thidua.domain.awards import add_award
    from stc_thidua.domain.campaigns import find_campaign

    data = {"form": form, "nominee": nominee, "max": max_count, "criteria": criteria}
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        given = {k: v for k, v in data.items() if v is not None and v != ""}
        row = add_award(session=s, campaign=found, data=given)
        done(f"Đã thêm khen thưởng thứ {row.position} vào kế hoạch “{found.code}”.")


@app.command("list")
def list_(
    ctx: typer.Context, campaign: str | None = CAMPAIGN_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Liệt kê khen thưởng của kế hoạch (danh-sách)."""
    from stc_thidua.domain.awards import list_awards
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.rules import NOMINEES, rule_set_for

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        rows = list_awards(session=s, campaign=found)
        rule_set = rule_set_for(session=s, campaign=found)
    names = {f.code: f.name for f in rule_set.forms}
    if as_json:
        print_json(
            [
                {
                    "position": r.position,
                    "form": r.form,
                    "form_name": names.get(r.form, r.form),
                    "nominee": r.nominee,
                    "max": r.max_count,
                    "criteria": r.criteria,
                }
                for r in rows
            ]
        )
        return
    print_table(
        f"Khen thưởng của kế hoạch “{found.code}”",
        ["STT", "Hình thức", "Đối tượng", "Tối đa", "Tiêu chuẩn"],
        [
            (
                r.position,
                names.get(r.form, r.form),
                NOMINEES[r.nominee],
                "" if r.max_count is None else r.max_count,
                r.criteria,
            )
            for r in rows
        ],
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    position: int = typer.Argument(..., help="Số thứ tự khen thưởng (xem award list)."),
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một khen thưởng khỏi kế hoạch (xóa)."""
    from stc_thidua.domain.awards import remove_award
    from stc_thidua.domain.campaigns import find_campaign

    confirm(f"Xóa khen thưởng thứ {position} của kế hoạch?", yes=yes)
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        remove_award(session=s, campaign=found, position=position)
        done(f"Đã xóa khen thưởng thứ {position} của kế hoạch “{found.code}”.")

"""`thidua campaign section`: sections a plan adds to the standard outline (Khen thưởng ...)."""

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
    heading: str = typer.Argument(..., help="Tiêu đề, vd. “Khen thưởng”, “Kinh phí thực hiện”."),
    after: str = typer.Option(
        "cuoi",
        "--after",
        help="Đặt sau mục: dau (trước mục I), muc-dich, noi-dung, to-chuc, cuoi (cuối).",
    ),
    paragraph: list[str] = typer.Option([], "--paragraph", help="Một đoạn văn (lặp lại được)."),
    item: list[str] = typer.Option([], "--item", help="Một ý đánh số 1., 2. (lặp lại được)."),
    bullet: list[str] = typer.Option([], "--bullet", help="Một ý gạch đầu dòng (lặp lại được)."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Thêm một mục vào kế hoạch, đánh số La Mã theo thứ tự (thêm)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.outline import PLAN, add_section

    data = {
        "heading": heading,
        "after": after,
        "paragraphs": paragraph,
        "numbered": item,
        "bullets": bullet,
    }
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = add_section(session=s, campaign=found, document=PLAN, data=data)
        done(f"Đã thêm mục “{row.heading}” vào kế hoạch “{found.code}”.")


@app.command("list")
def list_(
    ctx: typer.Context, campaign: str | None = CAMPAIGN_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Các mục bổ sung của kế hoạch (danh-sách)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.outline import PLAN, PLAN_ANCHORS, section_data, sections_of

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        rows = sections_of(session=s, campaign=found, document=PLAN)
    if as_json:
        print_json([{"number": i, **section_data(r)} for i, r in enumerate(rows, start=1)])
        return
    print_table(
        f"Mục bổ sung của kế hoạch “{found.code}”",
        ["Số", "Tiêu đề", "Sau mục"],
        [(i, r.heading, PLAN_ANCHORS.get(r.after, r.after)) for i, r in enumerate(rows, 1)],
    )


@app.command("remove")
def remove(
    ctx: typer.Context,
    section: str = typer.Argument(..., help="Số thứ tự (theo “campaign section list”) hoặc tên."),
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một mục bổ sung của kế hoạch (xóa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.outline import PLAN, find_section, remove_section

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = find_section(session=s, campaign=found, document=PLAN, query=section)
        confirm(f"Xóa mục “{row.heading}” khỏi kế hoạch?", yes=yes)
        remove_section(session=s, row=row)
        done(f"Đã xóa mục “{row.heading}”.")

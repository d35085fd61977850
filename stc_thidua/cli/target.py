"""`thidua target`: the targets (chỉ tiêu) of a campaign and the progress recorded on them."""

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

app = group({"danhsach": "list", "tiendo": "progress", "xoa": "remove-progress"})
TARGET = typer.Argument(..., help="Tên chỉ tiêu (một phần, có dấu hay không) hoặc số thứ tự.")


def _date(value: str) -> object:
    import datetime as dt

    from stc_thidua.errors import InvalidInput
    from stc_thidua.schemas import parse_date
    from stc_thidua.text import shown

    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dt.date):
        raise InvalidInput(f"--date “{shown(value)}” không phải ngày hợp lệ (vd. 30/6/2021).")
    return parsed


@app.command("list")
def list_(
    ctx: typer.Context, campaign: str | None = CAMPAIGN_OPTION, as_json: bool = JSON_OPTION
) -> None:
    """Các chỉ tiêu của phong trào và tiến độ đã ghi (danh-sách)."""
    from stc_thidua.domain.campaigns import find_campaign, targets_of
    from stc_thidua.domain.targets import progress_of
    from stc_thidua.render.filters import chart_number, percent

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        targets = targets_of(session=s, campaign=found)
        progress = progress_of(session=s, campaign=found)
    if as_json:
        print_json(
            [
                {
                    "number": i,
                    "name": t.name,
                    "value": t.value,
                    "unit": t.unit,
                    "progress": [
                        {"date": p.as_of.isoformat(), "value": p.value, "note": p.note}
                        for p in progress.get(t.id or 0, [])
                    ],
                }
                for i, t in enumerate(targets, start=1)
            ]
        )
        return
    rows = []
    for i, t in enumerate(targets, start=1):
        last = progress.get(t.id or 0, [])
        latest = last[-1] if last else None
        rows.append(
            (
                i,
                t.name,
                f"{chart_number(t.value)} {t.unit}".strip(),
                f"{chart_number(latest.value)} ({latest.as_of:%d/%m/%Y})" if latest else "",
                percent(latest.value, t.value) if latest else "",
            )
        )
    print_table(
        f"Chỉ tiêu của phong trào “{found.code}”",
        ["Số", "Chỉ tiêu", "Mục tiêu", "Đã đạt (ngày)", "Tỷ lệ"],
        rows,
    )


@app.command("progress")
def progress(
    ctx: typer.Context,
    target: str = TARGET,
    value: float = typer.Option(..., "--value", help="Giá trị đạt được tại ngày đó, vd. 53."),
    date: str = typer.Option(..., "--date", help="Ngày của số liệu, vd. 30/6/2021."),
    note: str = typer.Option("", "--note", help="Ghi chú, nguồn số liệu."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Ghi tiến độ một chỉ tiêu tại một ngày (tiến-độ)."""
    import datetime as dt

    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.targets import find_target, record_progress
    from stc_thidua.render.filters import chart_number

    day = _date(date)
    assert isinstance(day, dt.date)
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        chosen = find_target(session=s, campaign=found, query=target)
        record_progress(session=s, campaign=found, target=chosen, value=value, as_of=day, note=note)
        done(
            f"Đã ghi “{chosen.name}”: {chart_number(value)} {chosen.unit} "
            f"ngày {day:%d/%m/%Y}.".replace("  ", " ")
        )


@app.command("remove-progress")
def remove_progress(
    ctx: typer.Context,
    target: str = TARGET,
    date: str = typer.Option(..., "--date", help="Ngày của số liệu cần xóa."),
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa số liệu tiến độ của một ngày (xóa)."""
    import datetime as dt

    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.targets import find_target
    from stc_thidua.domain.targets import remove_progress as remove

    day = _date(date)
    assert isinstance(day, dt.date)
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        chosen = find_target(session=s, campaign=found, query=target)
        confirm(f"Xóa tiến độ “{chosen.name}” ngày {day:%d/%m/%Y}?", yes=yes)
        remove(session=s, target=chosen, as_of=day)
        done(f"Đã xóa tiến độ ngày {day:%d/%m/%Y}.")

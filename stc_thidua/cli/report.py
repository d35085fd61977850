"""`thidua report`: the documents of a campaign: kế hoạch, sơ kết, tổng kết.

A document command takes a format option, OUT_OPTION and FORCE_OPTION from `cli.common`,
calls `document_format(fmt, out, formats)` before any work, renders, then `write_document(...)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from stc_thidua.cli.base import group
from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    FORCE_OPTION,
    FORMAT_OPTION,
    OUT_OPTION,
    document_format,
    session,
    write_document,
)

app = group(
    {
        "plan": "kehoach",
        "review": "soket",
        "interim": "soket",
        "final": "tongket",
        "summary": "tongket",
    }
)

REPORT_FORMATS = ("md", "html", "docx", "pdf", "json")
REPORT_FORMAT = typer.Option(
    None,
    "--format",
    "-f",
    help="md, html, docx, pdf hoặc json (mặc định: theo đuôi --out, không có thì md).",
)


@app.command("kehoach")
def kehoach(
    ctx: typer.Context,
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Kế hoạch phát động phong trào, đúng thể thức Nghị định 30/2020 (kế-hoạch, plan)."""
    chosen = document_format(fmt, out)
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.plan import build_plan
    from stc_thidua.render import render_plan

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        doc = build_plan(session=s, campaign=found)
    write_document(
        render_plan(doc, chosen),
        fmt=chosen,
        out=out,
        default_name=f"ke-hoach-{found.code}",
        force=force,
    )


QUARTER = typer.Option(None, "--quarter", "-q", help="Quý 1-4 (quý II: --quarter 2).")
HALF = typer.Option(None, "--half", help="Nửa năm: 1 (6 tháng đầu) hoặc 2 (6 tháng cuối).")
MONTH = typer.Option(None, "--month", help="Tháng 1-12.")
FROM = typer.Option(None, "--from", help="Từ ngày (dd/mm/yyyy), cùng với --to.")
TO = typer.Option(None, "--to", help="Đến ngày (dd/mm/yyyy).")
YEAR = typer.Option(
    None,
    "--year",
    help="Năm của quý, nửa năm, tháng (mặc định: năm đầu tiên kỳ đó nằm trong phong trào).",
)
NUMBER = typer.Option(
    None, "--number", help="Số văn bản khi đã đăng ký (để trống thì giữ chỗ trống: Số:    /BC-...)."
)
DATE = typer.Option(
    None, "--date", help="Ngày ký: 09/7/2021, hoặc 7/2021 (để trống ngày), mặc định để trống."
)


def _day(value: str | None, option: str) -> Any:
    from stc_thidua.dates import to_date

    return None if value is None else to_date(value, option)


def _report(
    ctx: typer.Context,
    kind: str,
    *,
    campaign: str | None,
    fmt: str | None,
    out: Path | None,
    force: bool,
    number: int | None,
    date: str | None,
    period_options: dict[str, Any],
) -> None:
    """Build and write a sơ kết or tổng kết report."""
    chosen = document_format(fmt, out, REPORT_FORMATS)
    from stc_thidua.cli.common import may_write
    from stc_thidua.render import warm_up

    # charts, Word or templates load (a browser starts) while the figures are read; not for
    # a file that will be refused
    warm_up(chosen if may_write(out, force) else "md")
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.periods import choose_period
    from stc_thidua.domain.reports import SO_KET, build_report
    from stc_thidua.errors import InvalidInput
    from stc_thidua.render import render_report
    from stc_thidua.schemas import parse_issue_date
    from stc_thidua.views import PartialDate

    if number is not None and not 1 <= number <= 99999:
        raise InvalidInput(f"Số văn bản {number} không hợp lệ (từ 1 đến 99999).")
    when = None
    if date is not None:
        parts = parse_issue_date(date)
        when = PartialDate(parts["issued_year"], parts["issued_month"], parts["issued_day"])
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        period = None
        if kind == SO_KET:
            period = choose_period(start=found.start_date, end=found.end_date, **period_options)
        doc = build_report(
            session=s, campaign=found, kind=kind, period=period, number=number, date=when
        )
    name = f"so-ket-{found.code}-{period.key}" if period else f"tong-ket-{found.code}"
    write_document(
        render_report(doc, chosen),
        fmt=chosen,
        out=out,
        default_name=name.replace("..", "_"),
        force=force,
    )


@app.command("soket")
def soket(
    ctx: typer.Context,
    quarter: int | None = QUARTER,
    half: int | None = HALF,
    month: int | None = MONTH,
    date_from: str | None = FROM,
    date_to: str | None = TO,
    year: int | None = YEAR,
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = REPORT_FORMAT,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
    number: int | None = NUMBER,
    date: str | None = DATE,
) -> None:
    """Báo cáo sơ kết phong trào theo quý, nửa năm, tháng hoặc khoảng ngày (sơ-kết, soket)."""
    _report(
        ctx,
        "so_ket",
        campaign=campaign,
        fmt=fmt,
        out=out,
        force=force,
        number=number,
        date=date,
        period_options={
            "quarter": quarter,
            "half": half,
            "month": month,
            "date_from": _day(date_from, "--from"),
            "date_to": _day(date_to, "--to"),
            "year": year,
        },
    )


@app.command("tongket")
def tongket(
    ctx: typer.Context,
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = REPORT_FORMAT,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
    number: int | None = NUMBER,
    date: str | None = DATE,
) -> None:
    """Báo cáo tổng kết cả phong trào (tổng-kết, tongket)."""
    _report(
        ctx,
        "tong_ket",
        campaign=campaign,
        fmt=fmt,
        out=out,
        force=force,
        number=number,
        date=date,
        period_options={},
    )

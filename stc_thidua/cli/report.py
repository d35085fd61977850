"""`thidua report`: the documents of a campaign (kế hoạch; sơ kết and tổng kết to come).

A new document command takes FORMAT_OPTION, OUT_OPTION and FORCE_OPTION from `cli.common`,
calls `document_format(fmt, out)` before any work, renders, then `write_document(...)`.
"""

from __future__ import annotations

from pathlib import Path

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

app = group({"plan": "kehoach"})


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

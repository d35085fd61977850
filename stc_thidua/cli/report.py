"""`thidua report`: the documents of a campaign (kế hoạch; sơ kết and tổng kết to come)."""

from __future__ import annotations

from pathlib import Path

import typer

from stc_thidua.cli import group
from stc_thidua.cli.common import CAMPAIGN_OPTION, done, session

app = group({"plan": "kehoach"})

FORMATS = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "docx": "docx",
    "word": "docx",
}
FORMAT = typer.Option(
    None, "--format", "-f", help="md, html hoặc docx (mặc định: theo đuôi --out, không có thì md)."
)
OUT = typer.Option(
    None,
    "--out",
    "-o",
    help="Tệp kết quả (mặc định: in ra màn hình; docx: tệp trong thư mục hiện tại).",
)


def pick_format(fmt: str | None, out: Path | None) -> str:
    """The output format from --format, else from the --out suffix, else Markdown."""
    from stc_thidua.text import choose

    if fmt:
        return choose(fmt, FORMATS, "Định dạng")
    if out is not None and out.suffix.lower().lstrip(".") in FORMATS:
        return FORMATS[out.suffix.lower().lstrip(".")]
    return "md"


def emit(document: str | bytes, fmt: str, out: Path | None, default_name: str) -> None:
    """Print a text document, or write it atomically to --out."""
    from stc_thidua.files import write_atomic

    if out is None and fmt != "docx":
        assert isinstance(document, str)
        typer.echo(document, nl=False)
        return
    path = write_atomic(out or Path(f"{default_name}.{fmt}"), document)
    done(f"Đã ghi {path}.")


@app.command("kehoach")
def kehoach(
    ctx: typer.Context,
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT,
    out: Path | None = OUT,
) -> None:
    """Kế hoạch phát động phong trào, đúng thể thức Nghị định 30/2020 (kế-hoạch, plan)."""
    chosen = pick_format(fmt, out)
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.plan import build_plan
    from stc_thidua.render import render_plan

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        doc = build_plan(session=s, campaign=found)
    emit(render_plan(doc, chosen), chosen, out, f"ke-hoach-{found.code}")

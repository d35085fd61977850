"""`thidua report totrinh|danhsach|bienban|quyetdinh|thanhtich`: the commendation dossier.

Each document prints as Markdown, print-ready HTML or DOCX (Nghị định 30/2020), through the
same pipeline as the plan: domain view-model → render. Registered on the `report` group.
"""

from __future__ import annotations

from pathlib import Path

import typer

from stc_thidua.cli.common import (
    CAMPAIGN_OPTION,
    FORCE_OPTION,
    FORMAT_OPTION,
    OUT_OPTION,
    document_format,
    session,
    write_document,
)

DATE = typer.Option(None, "--date", "-d", help="Ngày văn bản (để trống: giữ chỗ trống để ghi tay).")


def _write(doc: object, fmt: str | None, out: Path | None, force: bool) -> None:
    from stc_thidua.commendation_views import FormalDoc
    from stc_thidua.render.formal import render_formal

    assert isinstance(doc, FormalDoc)
    chosen = document_format(fmt, out)
    write_document(
        render_formal(doc, chosen), fmt=chosen, out=out, default_name=doc.name, force=force
    )


def totrinh(
    ctx: typer.Context,
    upward: bool = typer.Option(
        False, "--upward", "--cap-tren", help="Tờ trình cấp trên (hình thức vượt thẩm quyền)."
    ),
    date: str | None = DATE,
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Tờ trình đề nghị khen thưởng, gửi thủ trưởng hoặc cấp trên (tờ-trình)."""
    document_format(fmt, out)
    from stc_thidua.dates import to_date
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.dossier import to_trinh

    day = to_date(date, "Ngày") if date else None
    with session(ctx) as s:
        doc = to_trinh(
            session=s, campaign=find_campaign(session=s, query=campaign), upward=upward, on=day
        )
    _write(doc, fmt, out, force)


def danhsach(
    ctx: typer.Context,
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Danh sách đề nghị khen thưởng: tập thể trước, cá nhân sau, kèm thành tích (danh-sách)."""
    document_format(fmt, out)
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.dossier import danh_sach

    with session(ctx) as s:
        doc = danh_sach(session=s, campaign=find_campaign(session=s, query=campaign))
    _write(doc, fmt, out, force)


def bienban(
    ctx: typer.Context,
    chair: str = typer.Option("", "--chair", help="Chủ trì: “Họ tên, chức vụ”."),
    secretary: str = typer.Option("", "--secretary", help="Thư ký: “Họ tên, chức vụ”."),
    place: str = typer.Option("", "--place", help="Địa điểm họp."),
    start: str = typer.Option("", "--start", help="Giờ bắt đầu, vd. “14 giờ 00”."),
    end: str = typer.Option("", "--end", help="Giờ kết thúc, vd. “16 giờ 30”."),
    meeting: str | None = typer.Option(
        None, "--meeting", help="Ngày họp Hội đồng (mặc định: lần họp gần nhất), vd. 15/12/2021."
    ),
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Biên bản họp Hội đồng Thi đua - Khen thưởng: thành phần, phiếu, kết quả (biên-bản)."""
    document_format(fmt, out)
    from stc_thidua.dates import to_date
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.dossier import bien_ban
    from stc_thidua.text import clean_line

    day = to_date(meeting, "Ngày họp Hội đồng") if meeting else None
    with session(ctx) as s:
        doc = bien_ban(
            session=s,
            campaign=find_campaign(session=s, query=campaign),
            chair=clean_line(chair),
            secretary=clean_line(secretary),
            place=clean_line(place),
            start=clean_line(start),
            end=clean_line(end),
            meeting=day,
        )
    _write(doc, fmt, out, force)


def quyetdinh(
    ctx: typer.Context,
    number: int | None = typer.Option(None, "--number", "-n", help="Số quyết định đã ban hành."),
    date: str | None = typer.Option(
        None,
        "--date",
        "-d",
        help="Dự thảo: ngày tính mức lương cơ sở (mặc định: cuối phong trào); với --number: "
        "ngày (hoặc năm) của quyết định, khi số đó dùng ở hai năm.",
    ),
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Quyết định khen thưởng (hoặc dự thảo) kèm danh sách và tiền thưởng (quyết-định)."""
    document_format(fmt, out)
    from stc_thidua.dates import to_date
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.dossier import quyet_dinh

    day = to_date(date, "Ngày") if date else None
    with session(ctx) as s:
        doc = quyet_dinh(
            session=s, campaign=find_campaign(session=s, query=campaign), number=number, on=day
        )
    _write(doc, fmt, out, force)


def thanhtich(
    ctx: typer.Context,
    nominee: str = typer.Argument(..., help="Số đề xuất, hoặc tên đơn vị, cá nhân được đề xuất."),
    campaign: str | None = CAMPAIGN_OPTION,
    fmt: str | None = FORMAT_OPTION,
    out: Path | None = OUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Báo cáo thành tích của một tập thể, cá nhân (Mẫu số 07 thời kỳ 91/2017) (thành-tích)."""
    document_format(fmt, out)
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.dossier import find_nominee_proposal, thanh_tich

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        number = find_nominee_proposal(session=s, campaign=found, query=nominee)
        doc = thanh_tich(session=s, proposal_id=number)
    _write(doc, fmt, out, force)


def register(app: typer.Typer) -> None:
    """Add the dossier's documents to the `report` group."""
    app.command("totrinh")(totrinh)
    app.command("danhsach")(danhsach)
    app.command("bienban")(bienban)
    app.command("quyetdinh")(quyetdinh)
    app.command("thanhtich")(thanhtich)

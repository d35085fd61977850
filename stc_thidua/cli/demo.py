"""`thidua demo`: a sample database built from data/ and every document rendered."""

from __future__ import annotations

from pathlib import Path

import typer

FOLDER = typer.Argument(Path("thidua-demo"), help="Thư mục kết quả (mặc định: ./thidua-demo).")


def sample_reports(*, session: object, campaign: object) -> dict[str, object]:
    """The sơ kết of each quarter of the campaign and its tổng kết, by file name."""
    from stc_thidua.domain.periods import quarters_between
    from stc_thidua.domain.reports import SO_KET, TONG_KET, build_report
    from stc_thidua.models import Campaign

    assert isinstance(campaign, Campaign)
    docs: dict[str, object] = {}
    for quarter in quarters_between(campaign.start_date, campaign.end_date):
        docs[f"so-ket-{campaign.code}-{quarter.key}"] = build_report(
            session=session,  # type: ignore[arg-type]
            campaign=campaign,
            kind=SO_KET,
            period=quarter,
        )
    docs[f"tong-ket-{campaign.code}"] = build_report(
        session=session,  # type: ignore[arg-type]
        campaign=campaign,
        kind=TONG_KET,
    )
    return docs


def write_reports(folder: Path, reports: dict[str, object]) -> list[Path]:
    """Each report in every format; PDF when weasyprint or Chromium can print it."""
    from stc_thidua.errors import OutputError
    from stc_thidua.files import write_atomic
    from stc_thidua.render import render_report
    from stc_thidua.views import ReportDoc

    written = []
    formats = ["md", "html", "docx", "json", "pdf"]
    for name, doc in reports.items():
        assert isinstance(doc, ReportDoc)
        for fmt in list(formats):
            try:
                rendered = render_report(doc, fmt)
            except OutputError as exc:  # no PDF printer on this machine: say so once
                typer.echo(f"Bỏ qua bản PDF: {exc.message}", err=True)
                formats.remove(fmt)
                continue
            written.append(write_atomic(folder / f"{name}.{fmt}", rendered))
    return written


def demo(folder: Path = FOLDER) -> None:
    """Tạo cơ sở dữ liệu mẫu từ data/ và in mọi văn bản vào một thư mục (mẫu)."""
    from stc_thidua.backup import backup_database, set_aside
    from stc_thidua.db import resolve_url, session_scope
    from stc_thidua.domain.audit import list_log
    from stc_thidua.domain.campaigns import set_status
    from stc_thidua.domain.commendation_sample import sample_dossier
    from stc_thidua.domain.database import check_database
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
        for status in ("da_phat_dong", "dang_thuc_hien"):  # launched, then under way
            set_status(session=s, campaign=campaign, status=status)
        imported, verified = load_sample_tracking(session=s, data=data_dir(), campaign=campaign)
        standings = build_standings(session=s, campaign=campaign)
        dossier, flow = sample_dossier(session=s, campaign=campaign, data=data_dir())
        reports = sample_reports(session=s, campaign=campaign)
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
    from stc_thidua.render.formal import render_formal

    written += [
        write_atomic(folder / f"{doc.name}.{fmt}", render_formal(doc, fmt))
        for doc in dossier
        for fmt in ("md", "html", "docx")
    ]
    written += write_reports(folder, reports)
    url = resolve_url(str(db_file))
    problems = check_database(url=url)
    copy = backup_database(url=url)
    typer.echo(f"Cơ sở dữ liệu mẫu: {db_file}")
    typer.echo(f"  kiểm tra: {'không có lỗi' if not problems else '; '.join(problems)}")
    typer.echo(f"  đóng góp: {imported} đã nhập từ sổ theo dõi mẫu, {verified} đã xác nhận")
    typer.echo(f"  nhật ký: {logged} thay đổi đã ghi (thidua log)")
    total = f"{flow['total']:,}".replace(",", ".")
    typer.echo(
        f"  khen thưởng: {flow['drafted']} đề xuất, {flow['decided']} được quyết định "
        f"(số 45/QĐ-{campaign.agency_abbr}), {flow['upward']} trình cấp trên, "
        f"tiền thưởng {total} đồng"
    )
    typer.echo(f"  bản sao lưu: {copy}")
    typer.echo("Văn bản:")
    for path in written:
        typer.echo(f"  {path}")
    typer.echo(f"Dùng tiếp: THIDUA_DB={db_file} thidua campaign list")

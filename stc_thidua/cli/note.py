"""`thidua note`: the clerk's own words for the judgement sections of a period's report."""

from __future__ import annotations

from pathlib import Path

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

app = group(
    {
        "ghi": "set",
        "viet": "set",
        "danhsach": "list",
        "sua": "edit",
        "xoa": "remove",
        "themmuc": "add-section",
        "xoamuc": "remove-section",
    }
)

PERIOD = typer.Option(
    ...,
    "--period",
    "-p",
    help="Kỳ báo cáo: Q2 (quý II), H1 (6 tháng đầu), T5 (tháng 5), 01/4/2021..30/6/2021, "
    "hoặc “tổng kết”.",
)
SECTION = typer.Option(
    ...,
    "--section",
    "-s",
    help="Mục: đặc-điểm, chỉ-đạo, ưu-điểm, tồn-tại, bài-học, phương-hướng, kiến-nghị.",
)


def _read(path: Path) -> str:
    from stc_thidua.errors import InvalidInput
    from stc_thidua.text import shown

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise InvalidInput(
            f"Không đọc được tệp “{shown(str(path))}” (cần văn bản UTF-8)."
        ) from None


@app.command("set")
def set_(
    ctx: typer.Context,
    text: str | None = typer.Argument(None, help="Nội dung (các đoạn cách nhau một dòng trống)."),
    period: str = PERIOD,
    section: str = SECTION,
    from_file: Path | None = typer.Option(None, "--from-file", help="Đọc nội dung từ tệp."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Viết nội dung một mục đánh giá của báo cáo một kỳ (ghi, viết)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.notes import SECTIONS, note_period, set_note
    from stc_thidua.errors import InvalidInput

    if (text is None) == (from_file is None):
        raise InvalidInput("Hãy ghi nội dung, hoặc dùng --from-file TỆP (chỉ một trong hai).")
    body = _read(from_file) if from_file is not None else str(text)
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        chosen = note_period(campaign=found, value=period)
        note = set_note(session=s, campaign=found, period=chosen, section=section, text=body)
        done(f"Đã ghi mục “{SECTIONS[note.section]}” cho kỳ {chosen.phrase}.")


@app.command("list")
def list_(
    ctx: typer.Context,
    period: str | None = typer.Option(None, "--period", "-p", help="Chỉ kỳ này (vd. Q2)."),
    campaign: str | None = CAMPAIGN_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Liệt kê các ghi chú đã viết, theo kỳ (danh-sách)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.notes import SECTIONS, list_notes, note_period
    from stc_thidua.domain.outline import REPORT, sections_of

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        chosen = note_period(campaign=found, value=period) if period else None
        notes = list_notes(session=s, campaign=found, period=chosen)
        extras = sections_of(
            session=s, campaign=found, document=REPORT, period_key=chosen.key if chosen else None
        )
    if as_json:
        print_json(
            {
                "notes": [
                    {
                        "period": n.period_key,
                        "section": n.section,
                        "heading": SECTIONS.get(n.section, n.section),
                        "text": n.text,
                        "updated_at": n.updated_at.isoformat(),
                    }
                    for n in notes
                ],
                "sections": [
                    {
                        "number": i,
                        "period": e.period_key or None,
                        "heading": e.heading,
                        "after": e.after,
                        "paragraphs": e.paragraphs,
                        "numbered": e.numbered,
                        "bullets": e.bullets,
                    }
                    for i, e in enumerate(extras, start=1)
                ],
            }
        )
        return
    rows = [(n.period_key, SECTIONS.get(n.section, n.section), _preview(n.text)) for n in notes]
    print_table("Ghi chú của báo cáo", ["Kỳ", "Mục", "Nội dung"], rows)
    if extras:
        extra_rows = [
            (i, e.period_key or "mọi kỳ", e.heading, e.after) for i, e in enumerate(extras, 1)
        ]
        print_table("Mục bổ sung", ["Số", "Kỳ", "Tiêu đề", "Sau mục"], extra_rows)


def _preview(text: str, limit: int = 70) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def edit_text(text: str) -> str | None:
    """Open `text` in $VISUAL or $EDITOR (else nano, vi); the saved text, or None if unchanged."""
    import os
    import shlex
    import shutil
    import subprocess
    import tempfile

    from stc_thidua.errors import InvalidInput

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        command = next((name for name in ("nano", "vi") if shutil.which(name)), "")
    if not command:
        raise InvalidInput("Chưa có trình soạn thảo: hãy đặt biến EDITOR, vd. EDITOR=nano.")
    with tempfile.TemporaryDirectory(prefix="thidua-note-") as folder:
        path = os.path.join(folder, "ghi-chu.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            result = subprocess.run([*shlex.split(command), path], check=False)
        except OSError:
            raise InvalidInput(f"Không mở được trình soạn thảo “{command}”.") from None
        if result.returncode != 0:
            raise InvalidInput(f"Trình soạn thảo “{command}” báo lỗi; ghi chú không đổi.")
        with open(path, encoding="utf-8") as handle:
            edited = handle.read()
    return None if edited == text else edited


@app.command("edit")
def edit(
    ctx: typer.Context,
    period: str = PERIOD,
    section: str = SECTION,
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Sửa một ghi chú bằng trình soạn thảo $EDITOR (sửa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.notes import SECTIONS, get_note, note_period, section_of, set_note

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        chosen = note_period(campaign=found, value=period)
        key = section_of(section)
        note = get_note(session=s, campaign=found, period=chosen, section=key)
        header = f"# {SECTIONS[key]}, kỳ {chosen.phrase}. Dòng bắt đầu bằng # bị bỏ qua.\n"
        edited = edit_text(header + (note.text if note else "") + "\n")
        if edited is None:
            done("Không có thay đổi.")
            return
        body = "\n".join(line for line in edited.splitlines() if not line.startswith("#"))
        set_note(session=s, campaign=found, period=chosen, section=key, text=body)
        done(f"Đã ghi mục “{SECTIONS[key]}” cho kỳ {chosen.phrase}.")


@app.command("remove")
def remove(
    ctx: typer.Context,
    period: str = PERIOD,
    section: str = SECTION,
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một ghi chú: báo cáo lại dự thảo mục đó từ số liệu (xóa)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.notes import SECTIONS, note_period, remove_note, section_of

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        chosen = note_period(campaign=found, value=period)
        key = section_of(section)
        confirm(f"Xóa ghi chú mục “{SECTIONS[key]}” của kỳ {chosen.phrase}?", yes=yes)
        remove_note(session=s, campaign=found, period=chosen, section=key)
        done(f"Đã xóa ghi chú mục “{SECTIONS[key]}” của kỳ {chosen.phrase}.")


@app.command("add-section")
def add_section(
    ctx: typer.Context,
    heading: str = typer.Argument(..., help="Tiêu đề mục, vd. “Công tác phối hợp”."),
    period: str | None = typer.Option(
        None, "--period", "-p", help="Chỉ báo cáo kỳ này (mặc định: mọi báo cáo)."
    ),
    after: str = typer.Option(
        "cuoi",
        "--after",
        help="Đặt sau mục: dau, tinh-hinh, chi-dao, ket-qua, danh-gia, khen-thuong, "
        "phuong-huong, kien-nghi, cuoi.",
    ),
    paragraph: list[str] = typer.Option([], "--paragraph", help="Một đoạn văn (lặp lại được)."),
    item: list[str] = typer.Option([], "--item", help="Một ý đánh số 1., 2. (lặp lại được)."),
    bullet: list[str] = typer.Option([], "--bullet", help="Một ý gạch đầu dòng (lặp lại được)."),
    campaign: str | None = CAMPAIGN_OPTION,
) -> None:
    """Thêm vào báo cáo một mục riêng, đánh số La Mã theo thứ tự (thêm-mục)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.notes import note_period
    from stc_thidua.domain.outline import REPORT
    from stc_thidua.domain.outline import add_section as add

    data = {
        "heading": heading,
        "after": after,
        "paragraphs": paragraph,
        "numbered": item,
        "bullets": bullet,
    }
    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        key = note_period(campaign=found, value=period).key if period else ""
        row = add(session=s, campaign=found, document=REPORT, data=data, period_key=key)
        done(f"Đã thêm mục “{row.heading}” vào báo cáo.")


@app.command("remove-section")
def remove_section(
    ctx: typer.Context,
    section: str = typer.Argument(..., help="Số thứ tự (theo “note list”) hoặc tiêu đề."),
    campaign: str | None = CAMPAIGN_OPTION,
    yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
) -> None:
    """Xóa một mục riêng đã thêm vào báo cáo (xóa-mục)."""
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.outline import REPORT, find_section
    from stc_thidua.domain.outline import remove_section as remove_row

    with session(ctx) as s:
        found = find_campaign(session=s, query=campaign)
        row = find_section(session=s, campaign=found, document=REPORT, query=section)
        confirm(f"Xóa mục “{row.heading}” khỏi báo cáo?", yes=yes)
        remove_row(session=s, row=row)
        done(f"Đã xóa mục “{row.heading}”.")

"""The plan (Kế hoạch) rendered to Markdown, HTML and DOCX, against the seed and snapshots."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Pt
from plan_fixtures import OTHER_PLAN, SEED_PLAN

from stc_thidua.errors import InvalidInput
from stc_thidua.render import close_body, render_plan, render_template
from stc_thidua.views import PlanDoc, Recipient, Section, Subsection

SEED_FILE = Path(__file__).parent / "data" / "ke-hoach-soc-trang-2021.md"
HEADER_LINES = (
    "| UBND TỈNH SÓC TRĂNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
    "| :---: | :---: |",
    "| **SỞ TÀI CHÍNH** | **Độc lập - Tự do - Hạnh phúc** |",
)
SEED_WORDS = ("Sóc Trăng", "Dương Thị Kim Thúy", "nông thôn mới")

Snapshot = Callable[[str, str], None]


def words_of_markdown(text: str) -> str:
    """The text without Markdown markup (#, *, _) and with whitespace collapsed."""
    return " ".join(re.sub(r"[#*_]", "", text).split())


def html_text(html: str) -> str:
    """The visible text of the rendered body, tags dropped and whitespace collapsed."""
    body = html.split("<body>", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", body).replace("\u00a0", " ").split())


# --- Markdown -----------------------------------------------------------------------------------


def test_seed_markdown_has_the_seed_words_in_order() -> None:
    markdown = render_plan(SEED_PLAN, "md")
    assert isinstance(markdown, str)
    lines = markdown.splitlines()
    number_line = next(i for i, line in enumerate(lines) if line.startswith("Số:"))
    # What the seed transcription lost: the two-column header before the number.
    assert tuple(line for line in lines[:number_line] if line) == HEADER_LINES
    body = "\n".join(lines[number_line:])
    assert words_of_markdown(body) == words_of_markdown(SEED_FILE.read_text(encoding="utf-8"))


def test_seed_markdown_lines() -> None:
    lines = render_plan(SEED_PLAN, "md").splitlines()
    assert "Số:      /KH-STC" in lines
    assert "*Sóc Trăng, ngày   tháng 4 năm 2021*" in lines
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in lines
    assert "### 2. Thời gian thi đua" in lines
    assert "- Tiếp tục triển khai thực hiện các phong trào thi đua yêu nước trên các lĩnh vực." in (
        lines
    )
    assert lines[-9:] == [
        "- Sở NN và PTNT (để biết);",
        "- Ban Thi đua KT tỉnh;",
        "- Ban Giám đốc;",
        "- Chánh VP, Chánh TT; Trưởng các phòng NV thuộc Sở;",
        "- Lưu: VP.",
        "",
        "**GIÁM ĐỐC**",
        "",
        "**Dương Thị Kim Thúy**",
    ]


def test_body_end_mark_is_not_doubled() -> None:
    markdown = render_plan(SEED_PLAN, "md")
    assert markdown.count("/.") == 1
    assert "phong trào thi đua./." in markdown


def test_body_end_mark_is_added_once() -> None:
    markdown = render_plan(OTHER_PLAN, "md")
    assert markdown.count("/.") == 1
    assert "2. Cá nhân tiêu biểu được Giám đốc Sở tặng Giấy khen./." in markdown


def test_close_body_closes_the_last_printed_paragraph() -> None:
    sections = (
        Section("A", paragraphs=("Mở đầu.",)),
        Section("B", paragraphs=("Đoạn.",), subsections=(Subsection("X", bullets=("một", "hai")),)),
        Section("C"),
    )
    closed = close_body(sections)
    assert closed[1].subsections[0].bullets == ("một", "hai./.")
    assert closed[1].paragraphs == ("Đoạn.",)
    assert closed[0] == sections[0]
    assert close_body(()) == ()


def test_other_plan_markdown() -> None:
    markdown = render_plan(OTHER_PLAN, "md")
    lines = markdown.splitlines()
    assert lines[0] == "| UBND THÀNH PHỐ CẦN THƠ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |"
    assert "| **SỞ XÂY DỰNG** | **Độc lập - Tự do - Hạnh phúc** |" in lines
    assert "Số: 03/KH-SXD" in lines
    assert "*Cần Thơ, ngày 05 tháng 01 năm 2026*" in lines
    assert "# KẾ HOẠCH" in lines
    assert "## II. KHEN THƯỞNG" in lines
    # An unnamed item prints its number before its first paragraph.
    assert "2. Mỗi phòng chuyên môn đăng ký ít nhất một sáng kiến trong năm." in lines
    assert "- Bộ Xây dựng (để báo cáo);" in lines
    assert lines[-5:] == [
        "**KT. GIÁM ĐỐC**",
        "",
        "**PHÓ GIÁM ĐỐC**",
        "",
        "**Trần Văn An**",
    ]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_other_plan_has_none_of_the_seed(fmt: str) -> None:
    text = render_plan(OTHER_PLAN, fmt)
    assert isinstance(text, str)
    for word in SEED_WORDS:
        assert word not in text


def test_other_plan_docx_has_none_of_the_seed() -> None:
    text = "\n".join(docx_texts(render_plan(OTHER_PLAN, "docx")))
    assert "Trần Văn An" in text
    for word in SEED_WORDS:
        assert word not in text


# --- Snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plan", "name"), [(SEED_PLAN, "ke-hoach-soc-trang"), (OTHER_PLAN, "ke-hoach-can-tho")]
)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_snapshot(plan: PlanDoc, name: str, fmt: str, snapshot: Snapshot) -> None:
    text = render_plan(plan, fmt)
    assert isinstance(text, str)
    snapshot(f"{name}.{fmt}", text)


# --- HTML ---------------------------------------------------------------------------------------


def test_html_is_one_self_contained_vietnamese_page() -> None:
    html = render_plan(SEED_PLAN, "html")
    assert isinstance(html, str)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="vi">' in html
    assert '<meta charset="utf-8">' in html
    assert "size: A4 portrait;" in html
    assert "margin: 20mm 15mm 20mm 30mm;" in html
    assert "@top-center" in html
    assert '"Times New Roman", "Liberation Serif", "Tinos", serif' in html
    assert "<link" not in html
    assert "<script" not in html


def test_html_words_follow_the_seed() -> None:
    text = html_text(str(render_plan(SEED_PLAN, "html")))
    seed = words_of_markdown(SEED_FILE.read_text(encoding="utf-8"))
    header = "UBND TỈNH SÓC TRĂNG SỞ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
    header += "Độc lập - Tự do - Hạnh phúc "
    assert text.startswith(header)
    assert text.removeprefix(header) == seed


def test_html_keeps_the_blanks_non_breaking() -> None:
    html = str(render_plan(SEED_PLAN, "html"))
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-STC" in html
    assert "Sóc Trăng, ngày \u00a0\u00a0\u00a0\u00a0\u00a0 tháng 4 năm 2021" in html


def test_html_escapes_what_the_user_wrote() -> None:
    hostile = dataclasses.replace(
        OTHER_PLAN,
        summary="Thi đua <script>alert('x')</script> & “khen”",
        recipients=(Recipient("Phòng <b>A</b>", "(để biết)"),),
    )
    html = str(render_plan(hostile, "html"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; “khen”" in html
    assert "- Phòng &lt;b&gt;A&lt;/b&gt; (để biết);" in html


def test_kt_signer_in_html() -> None:
    html = str(render_plan(OTHER_PLAN, "html"))
    kt = html.index(">KT. GIÁM ĐỐC<")
    deputy = html.index(">PHÓ GIÁM ĐỐC<")
    name = html.index(">Trần Văn An<")
    assert kt < deputy < name


def test_render_template_is_reusable() -> None:
    text = render_template("kehoach.md.j2", doc=OTHER_PLAN)
    assert "Số: 03/KH-SXD" in text


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidInput, match="pdf"):
        render_plan(SEED_PLAN, "pdf")


# --- DOCX ---------------------------------------------------------------------------------------


def docx_texts(data: str | bytes) -> list[str]:
    """Every paragraph of a DOCX, tables included, in document order."""
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(p.text for row in table.rows for cell in row.cells for p in cell.paragraphs)
    return texts


def test_docx_page_and_font() -> None:
    document = docx.Document(io.BytesIO(render_plan(SEED_PLAN, "docx")))
    section = document.sections[0]
    # DOCX stores lengths in twentieths of a point: compare in millimetres to 0.05 mm.
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.right_margin,
        section.bottom_margin,
        section.left_margin,
    )
    assert [round(Length(size).mm, 1) for size in sizes] == [210, 297, 20, 15, 20, 30]
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fmt = normal.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(Length(fmt.first_line_indent).cm, 2) == 1.0
    assert fmt.space_after == Pt(6)


def test_docx_page_numbers_skip_the_first_page() -> None:
    document = docx.Document(io.BytesIO(render_plan(SEED_PLAN, "docx")))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml
    assert "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_docx_has_the_seed_text() -> None:
    texts = docx_texts(render_plan(SEED_PLAN, "docx"))
    seed = words_of_markdown(SEED_FILE.read_text(encoding="utf-8"))
    body = [" ".join(t.split()) for t in texts if t.strip()]
    for expected in (
        "UBND TỈNH SÓC TRĂNG",
        "SỞ TÀI CHÍNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /KH-STC",
        "Sóc Trăng, ngày tháng 4 năm 2021",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "III. TỔ CHỨC THỰC HIỆN",
        "Nơi nhận:",
        "- Chánh VP, Chánh TT; Trưởng các phòng NV thuộc Sở;",
        "- Lưu: VP.",
        "GIÁM ĐỐC",
        "Dương Thị Kim Thúy",
    ):
        assert expected in body
    # Every paragraph of the body is the seed's, word for word.
    for paragraph in body:
        if paragraph not in ("UBND TỈNH SÓC TRĂNG", "SỞ TÀI CHÍNH"):
            assert paragraph in seed or paragraph in (
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
            )


def test_docx_header_and_signature_tables_have_no_borders() -> None:
    document = docx.Document(io.BytesIO(render_plan(OTHER_PLAN, "docx")))
    assert len(document.tables) == 2
    for table in document.tables:
        assert 'w:val="nil"' in table._tbl.xml
    signature = document.tables[1].rows[0].cells[1]
    lines = [p.text for p in signature.paragraphs if p.text]
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn An"]
    assert all(run.bold for p in signature.paragraphs for run in p.runs if run.text)

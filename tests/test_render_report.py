"""The reports rendered: snapshots of the sample's Markdown, HTML and JSON; the Word layout."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from report_fixtures import fill_sample

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.periods import quarter_period
from stc_thidua.domain.reports import SO_KET, TONG_KET, build_report
from stc_thidua.render import render_report
from stc_thidua.views import ReportDoc

Snapshot = Callable[[str, str], None]


def sample_reports(db: object) -> dict[str, ReportDoc]:
    """The sample campaign's sơ kết of each quarter and its tổng kết."""
    with session_scope(str(db)) as s:
        campaign = find_campaign(session=s)
        campaign.status = "dang_thuc_hien"
        fill_sample(s, campaign)
        docs = {
            f"so-ket-q{q}": build_report(
                session=s, campaign=campaign, kind=SO_KET, period=quarter_period(2021, q)
            )
            for q in (2, 3, 4)
        }
        docs["tong-ket"] = build_report(session=s, campaign=campaign, kind=TONG_KET)
    return docs


@pytest.fixture
def reports(sample_db) -> dict[str, ReportDoc]:
    """The sample reports, built on this test's database (SQLite or PostgreSQL)."""
    return sample_reports(sample_db)


@pytest.mark.parametrize("name", ["so-ket-q2", "so-ket-q3", "so-ket-q4", "tong-ket"])
def test_snapshots(reports: dict[str, ReportDoc], snapshot: Snapshot, name: str) -> None:
    doc = reports[name]
    snapshot(f"{name}-soc-trang.md", str(render_report(doc, "md")))
    snapshot(f"{name}-soc-trang.json", str(render_report(doc, "json")))
    snapshot(f"{name}-soc-trang.html", str(render_report(doc, "html")))  # charts included


def test_html_has_the_charts_and_printable_tables(reports: dict[str, ReportDoc]) -> None:
    html = str(render_report(reports["tong-ket"], "html"))
    assert html.count("<svg") == 3
    assert "<thead>" in html
    assert "display: table-header-group" in html
    assert "break-inside: avoid" in html
    assert "<?xml" not in html


def _docx(doc: ReportDoc) -> docx.document.Document:
    return docx.Document(io.BytesIO(bytes(render_report(doc, "docx"))))


def test_docx_page_setup_and_fonts(reports: dict[str, ReportDoc]) -> None:
    document = _docx(reports["tong-ket"])
    section = document.sections[0]
    measured = (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.left_margin, 30),
        (section.right_margin, 15),
        (section.top_margin, 20),
        (section.bottom_margin, 20),
    )
    for length, mm in measured:
        assert abs(length - Mm(mm)) < Mm(0.1)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert Pt(13) <= normal.font.size <= Pt(14)


def test_docx_tables_repeat_their_header_and_keep_rows_whole(
    reports: dict[str, ReportDoc],
) -> None:
    document = _docx(reports["tong-ket"])
    data_tables = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    assert len(data_tables) == 2
    for table in data_tables:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert borders.find(qn("w:insideH")).get(qn("w:val")) == "single"
    assert len(document.inline_shapes) == 3
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "VII. ĐỀ XUẤT, KIẾN NGHỊ" in text


def test_docx_header_without_parent_body(sample_db) -> None:
    import dataclasses

    doc = sample_reports(sample_db)["tong-ket"]
    header = dataclasses.replace(doc.header, parent_body="", agency="UBND TỈNH SÓC TRĂNG")
    document = _docx(dataclasses.replace(doc, header=header))
    left = document.tables[0].rows[0].cells[0]
    assert [p.text for p in left.paragraphs if p.text] == ["UBND TỈNH SÓC TRĂNG"]

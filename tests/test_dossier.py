"""The commendation dossier: snapshots of every document, the CLI, and the print checks
(HTML printed by Chromium, DOCX converted by LibreOffice: A4, Nghị định 30/2020 margins)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
from pdfprint import MM, pdf_info, pdf_pages, pdf_text, print_pdf

from stc_thidua.commendation_views import FormalDoc
from stc_thidua.db import session_scope
from stc_thidua.domain import dossier
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.commendation_sample import sample_dossier
from stc_thidua.domain.sample import load_sample
from stc_thidua.paths import data_dir
from stc_thidua.render.formal import render_formal

LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
EDGE, ACCENT = 0.5, 4.0
DOCS = (
    "danh-sach",
    "bien-ban",
    "to-trinh",
    "quyet-dinh",
    "to-trinh-cap-tren",
    "thanh-tich-ca-nhan",
    "thanh-tich-tap-the",
)


def _dossier_in(session) -> dict[str, FormalDoc]:
    campaign = find_campaign(session=session, query="ntm-2021")
    docs, _ = sample_dossier(session=session, campaign=campaign, data=data_dir())
    return dict(zip(DOCS, docs, strict=True))


@pytest.fixture
def built(sample_db) -> dict[str, FormalDoc]:
    """The sample dossier built on this backend."""
    with session_scope() as s:
        return _dossier_in(s)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_documents_match_their_snapshots(built, snapshot, fmt):
    for name, doc in built.items():
        text = render_formal(doc, fmt)
        assert isinstance(text, str)
        snapshot(f"khen-thuong/{name}.{fmt}", text)


def test_documents_say_what_the_law_asks(built):
    md = {name: str(render_formal(doc, "md")) for name, doc in built.items()}
    qd = md["quyet-dinh"]
    assert "Số: 45/QĐ-STC" in qd
    assert "*Sóc Trăng, ngày 20 tháng 12 năm 2021*" in qd
    assert "**GIÁM ĐỐC SỞ TÀI CHÍNH**" in qd
    assert "**QUYẾT ĐỊNH:**" in qd
    for article in ("**Điều 1.**", "**Điều 2.**", "**Điều 3.**"):
        assert article in qd
    assert "Quyết định này./." in qd
    assert "- Như Điều 3;" in qd
    assert "(Kèm theo Quyết định số 45/QĐ-STC ngày 20/12/2021 của Giám đốc Sở Tài chính)" in qd
    assert "| **9.440.000** |" in qd  # Phan Quốc Khánh: CSTĐCS only, not LĐTT too
    assert "Bằng chữ: Chín triệu bốn trăm bốn mươi nghìn đồng." in qd
    # collectives first, then persons
    assert qd.index("TẬP THỂ LAO ĐỘNG TIÊN TIẾN") < qd.index("| **III. LAO ĐỘNG TIÊN TIẾN**")
    tt = md["to-trinh"]
    assert "Kính gửi: Giám đốc Sở Tài chính." in tt
    assert "Số:      /TTr-VP" in tt
    assert "- Như trên;" in tt
    up = md["to-trinh-cap-tren"]
    assert (
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng (qua Ban Thi đua - Khen thưởng)." in up
    )
    assert "Số:      /TTr-STC" in up
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in up
    bb = md["bien-ban"]
    for line in (
        "Thời gian bắt đầu: 14 giờ 00, ngày 15 tháng 12 năm 2021.",
        "Thành phần tham dự: 8/9",
    ):
        assert line in bb
    assert "1 thành viên vắng mặt có ý kiến bằng văn bản" in bb
    assert (
        "| 1 | Phan Quốc Khánh | Chuyên viên, Phòng Quản lý ngân sách | 8/9 | 88,9% | Đạt |" in bb
    )
    assert "Cuộc họp kết thúc vào 16 giờ 30, ngày 15 tháng 12 năm 2021./." in bb
    assert bb.index("**THƯ KÝ**") < bb.index("**CHỦ TỌA**")
    assert "*Mẫu số 07*" in md["thanh-tich-ca-nhan"]
    assert "Năm 2020: Lao động tiên tiến, Quyết định số 112/QĐ-STC" in md["thanh-tich-ca-nhan"]
    ds = md["danh-sach"]
    assert "| STT | Tập thể, cá nhân | Chức vụ, đơn vị | Thành tích |" in ds


def test_draft_decision_before_any_decision(sample_db):
    with session_scope() as s:
        campaign = find_campaign(session=s, query="ntm-2021")
        from commendation_fixtures import load_sample as load_records

        from stc_thidua.domain import proposals as flow

        load_records(s)
        drafted, _ = flow.propose_all(session=s, campaign=campaign)
        chosen = [d.proposal for d in drafted if d.proposal.award == "GK"]
        flow.submit(session=s, proposals=chosen)
        for p in chosen:
            flow.council_vote(session=s, proposal=p, members=9, votes_for=8)
        doc = dossier.quyet_dinh(session=s, campaign=campaign)
    md = str(render_formal(doc, "md"))
    assert doc.form_label == "DỰ THẢO"
    assert "Số:      /QĐ-STC" in md
    assert "| **2.700.000** |" in md  # 2 × 900.000 + 2 × 450.000 at 1.490.000 đồng


def test_docx_documents_are_a4_with_the_decree_margins(built):
    for name, doc in built.items():
        data = render_formal(doc, "docx")
        assert isinstance(data, bytes)
        section = docx.Document(io.BytesIO(data)).sections[0]
        assert round(section.page_width.mm) == 210, name
        assert round(section.page_height.mm) == 297, name
        assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
        assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (20, 20)


@pytest.mark.parametrize(
    ("words", "title"),
    [
        (["tờ-trình", "--upward"], "TỜ TRÌNH"),  # to the head: all decided already
        (["TO", "TRINH", "--upward"], "TỜ TRÌNH"),
        (["danh-sách"], "DANH SÁCH"),
        (["biên-bản"], "BIÊN BẢN"),
        (["quyết-định"], "QUYẾT ĐỊNH"),
        (["thanh-tich", "Phòng Ngân sách"], "BÁO CÁO THÀNH TÍCH"),
    ],
)
def test_report_commands_with_or_without_diacritics(cli, sample_db, words, title):
    with session_scope() as s:
        _dossier_in(s)
    result = cli("report", *words)
    assert result.exit_code == 0, result.stderr
    assert f"# {title}" in result.stdout


def test_report_writes_docx_and_html(cli, sample_db, tmp_path):
    with session_scope() as s:
        _dossier_in(s)
    out = tmp_path / "qd.docx"
    assert cli("report", "quyetdinh", "--out", str(out)).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    html = tmp_path / "bb.html"
    assert cli("report", "bienban", "--out", str(html), "--chair", "Ông <A>").exit_code == 0
    assert "Ông &lt;A&gt;" in html.read_text(encoding="utf-8")


def test_report_without_proposals_says_so(cli, sample_db):
    for name in ("totrinh", "danhsach", "bienban", "quyetdinh"):
        result = cli("report", name)
        assert result.exit_code != 0
        assert "chưa" in result.stderr.lower()
    assert cli("report", "quyetdinh", "--number", "99").exit_code != 0


# --- print checks ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, list, str]]:
    """The decision (with its list), the minutes and the upward submission, printed twice:
    HTML by Chromium and DOCX by LibreOffice."""
    folder = tmp_path_factory.mktemp("dossier")
    with session_scope(str(folder / "thidua.db")) as s:
        load_sample(session=s, data=data_dir())
        docs = _dossier_in(s)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed")
        pytest.skip("LibreOffice is not installed")
    out: dict[str, tuple[dict, list, str]] = {}
    for name in PRINTED:
        html = folder / f"{name}.html"
        html.write_text(str(render_formal(docs[name], "html")), encoding="utf-8")
        pdf = print_pdf(html, folder / f"{name}-html.pdf", folder / "profile")
        out[f"{name}.html"] = (pdf_info(pdf), pdf_pages(pdf), pdf_text(pdf))
        word = folder / f"{name}.docx"
        word.write_bytes(render_formal(docs[name], "docx"))  # type: ignore[arg-type]
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'lo').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "lo-out"),
                str(word),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
        pdf = folder / "lo-out" / f"{name}.pdf"
        out[f"{name}.docx"] = (pdf_info(pdf), pdf_pages(pdf), pdf_text(pdf))
    return out


PRINTED = (
    "quyet-dinh",
    "bien-ban",
    "to-trinh",
    "to-trinh-cap-tren",
    "thanh-tich-ca-nhan",
    "thanh-tich-tap-the",
)
PRINTS = [f"{name}.{kind}" for name in PRINTED for kind in ("html", "docx")]
# the signers printed last on each document
SIGNERS = {
    "quyet-dinh": "Dương Thị Kim Thúy",
    "bien-ban": "Dương Thị Kim Thúy",
    "to-trinh": "Trần Minh Tâm",
    "to-trinh-cap-tren": "Dương Thị Kim Thúy",
    "thanh-tich-ca-nhan": "Phan Quốc Khánh",
    "thanh-tich-tap-the": "Nguyễn Hoàng Nam",
}


@pytest.mark.parametrize("name", PRINTS)
def test_the_signature_page_carries_the_end_of_the_body(printed, name):
    # B11: a page holding nothing but "Nơi nhận" and the signature could be swapped; the
    # body's last paragraph (ending "/.") prints on the same page as the signer's name
    _, pages, _ = printed[name]
    signer = SIGNERS[name.rsplit(".", 1)[0]].split()[-1]
    ends = [p for p in pages if any(w.text.endswith("/.") for w in p.words)]
    assert ends, name
    assert any(w.text == signer for w in ends[0].words), (name, ends[0].number)


def test_two_signers_names_are_on_one_line(printed):
    for kind in ("html", "docx"):
        _, pages, _ = printed[f"thanh-tich-ca-nhan.{kind}"]
        words = {w.text: w for p in pages for w in p.words}
        assert abs(words["Nam"].y_min - words["Khánh"].y_min) < 2, kind


@pytest.mark.parametrize("name", PRINTS)
def test_printed_pages_are_a4(printed, name):
    info, _, _ = printed[name]
    match = re.fullmatch(r"([\d.]+) x ([\d.]+) pts \(A4\)", info["Page size"])
    assert match, info["Page size"]
    assert abs(float(match[1]) - 595.28) < 1
    assert abs(float(match[2]) - 841.89) < 1


@pytest.mark.parametrize("name", PRINTS)
def test_printed_text_stays_inside_the_margins(printed, name):
    _, pages, _ = printed[name]
    for page in pages:
        body = [w for w in page.words if w.y_max > TOP]
        assert body, f"{name}: page {page.number} is empty"
        for word in body:
            where = f"{name} page {page.number}: {word}"
            assert word.x_min >= LEFT - EDGE, where
            assert word.x_max <= page.width - RIGHT + EDGE, where
            assert word.y_min >= TOP - ACCENT, where
            assert word.y_max <= page.height - BOTTOM + EDGE, where


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_printed_decision_keeps_its_list_and_total(printed, kind):
    info, pages, text = printed[f"quyet-dinh.{kind}"]
    flat = " ".join(text.split())
    assert "QUYẾT ĐỊNH" in flat
    assert "Số: 45/QĐ-STC" in flat
    assert "9.440.000" in flat
    # the attached list starts on its own page (with the note on who is paid the highest title
    # only, it may run onto one more)
    assert int(info["Pages"]) in (2, 3)
    assert "DANH SÁCH" in " ".join(w.text for w in pages[1].words)

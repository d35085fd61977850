"""`thidua report soket/tongket`, `note`, `target`, `campaign section` end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from stc_thidua.db import session_scope


@pytest.mark.parametrize("name", ["soket", "sokết", "sơ-kết", "SO KET", "so-ket"])
def test_so_ket_name_typed_any_way(cli, filled, name):
    result = cli("report", *name.split(), "--quarter", "2")
    assert result.exit_code == 0, result.stderr
    assert "quý II năm 2021" in result.stdout


@pytest.mark.parametrize("name", ["tongket", "tổng-kết", "TONG KET", "tổngkết"])
def test_tong_ket_name_typed_any_way(cli, filled, name):
    result = cli("report", *name.split(), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["records"] == 10


@pytest.mark.parametrize(
    "options",
    [
        ["--half", "1"],
        ["--month", "5"],
        ["--from", "01/4/2021", "--to", "30/6/2021"],
        ["-q", "4"],
    ],
)
def test_so_ket_periods(cli, filled, options):
    result = cli("report", "soket", *options, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"]["start"] <= data["period"]["end"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--half", "3"], "Nửa năm 3 không hợp lệ"),
        (["--month", "13"], "Tháng 13 không hợp lệ"),
        (["--quarter", "1", "--year", "2023"], "nằm ngoài thời gian của phong trào"),
        (["--from", "30/6/2021", "--to", "01/4/2021"], "sau ngày kết thúc"),
        (["--from", "31/02/2021"], "không tồn tại"),
        (["-q", "2", "--format", "xlsx"], "Định dạng “xlsx” không hợp lệ"),
        (["-q", "2", "--out", "khong-co/bc.md"], "không tồn tại"),
        (["-q", "2", "--date", "32/13/2021"], "Ngày ban hành"),
        ([], "Hãy chọn kỳ báo cáo"),
    ],
)
def test_bad_input_is_one_vietnamese_sentence(cli, filled, options, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("report", "soket", *options)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_every_format_is_written(cli, filled, tmp_path):
    for fmt in ("md", "html", "docx", "json"):
        out = tmp_path / f"bc.{fmt}"
        result = cli("report", "soket", "-q", "3", "--out", str(out))
        assert result.exit_code == 0, result.stderr
        assert out.stat().st_size > 500
    html = (tmp_path / "bc.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3  # per period, per unit, the target's progress
    document = docx.Document(io.BytesIO((tmp_path / "bc.docx").read_bytes()))
    assert len(document.inline_shapes) == 3


def test_pdf_through_chromium(cli, filled, tmp_path):
    out = tmp_path / "bc.pdf"
    result = cli("report", "tongket", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_pdf_without_a_printer_says_what_to_install(cli, filled, tmp_path, monkeypatch):
    from stc_thidua.render import pdf

    monkeypatch.setattr(pdf, "_weasyprint", lambda _html: None)
    monkeypatch.setattr(pdf, "find_browser", lambda: None)
    result = cli("report", "tongket", "--out", str(tmp_path / "bc.pdf"))
    assert result.exit_code != 0
    assert "pip install 'stc-thidua[pdf]'" in result.stderr
    assert "Chromium" in result.stderr
    assert not (tmp_path / "bc.pdf").exists()


def test_number_and_date_print_when_given(cli, filled):
    plain = cli("report", "soket", "-q", "2").stdout
    assert "Số:      /BC-STC" in plain
    assert "*Sóc Trăng, ngày   tháng   năm 2021*" in plain
    given = cli("report", "soket", "-q", "2", "--number", "7", "--date", "05/7/2021").stdout
    assert "Số: 07/BC-STC" in given
    assert "*Sóc Trăng, ngày 05 tháng 7 năm 2021*" in given


def test_notes_set_list_edit_remove(cli, filled, tmp_path, monkeypatch):
    result = cli("note", "set", "--period", "Q2", "--section", "tồn-tại", "Còn chậm.")
    assert result.exit_code == 0, result.stderr
    assert "quý II năm 2021" in result.stderr
    text_file = tmp_path / "uu-diem.txt"
    text_file.write_text("Đoàn kết.\n\nSáng tạo.\n", encoding="utf-8")
    result = cli("ghi-chú", "ghi", "-p", "quý 2", "-s", "uu diem", "--from-file", str(text_file))
    assert result.exit_code == 0, result.stderr
    listed = json.loads(cli("note", "list", "--json").stdout)["notes"]
    assert [(n["period"], n["section"]) for n in listed] == [
        ("2021-Q2", "uu-diem"),
        ("2021-Q2", "ton-tai"),
    ]
    assert listed[0]["text"] == "Đoàn kết.\n\nSáng tạo."
    report = cli("report", "soket", "-q", "2").stdout
    assert "Còn chậm." in report
    assert "Sáng tạo." in report

    monkeypatch.setenv("EDITOR", "sed -i s/chậm/rất_chậm/")
    result = cli("note", "edit", "-p", "Q2", "-s", "ton-tai")
    assert result.exit_code == 0, result.stderr
    assert "Còn rất_chậm." in cli("report", "soket", "-q", "2").stdout

    result = cli("note", "remove", "-p", "Q2", "-s", "ton-tai", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Còn rất_chậm." not in cli("report", "soket", "-q", "2").stdout

    from stc_thidua.domain.audit import list_log

    with session_scope(str(filled)) as s:
        entries = [e for e in list_log(session=s, limit=None) if e.entity == "report_note"]
    assert {e.action for e in entries} == {"insert", "update", "delete"}


def test_unknown_note_section_lists_the_valid_ones(cli, filled):
    result = cli("note", "set", "-p", "Q2", "-s", "thành tích", "x")
    assert result.exit_code != 0
    assert "Không có mục “thành tích”" in result.stderr
    for key in ("uu-diem", "ton-tai", "bai-hoc", "phuong-huong", "kien-nghi", "dac-diem"):
        assert key in result.stderr


def test_note_for_a_period_outside_the_campaign(cli, filled):
    result = cli("note", "set", "-p", "Q1 2022", "-s", "ưu điểm", "x")
    assert result.exit_code != 0
    assert "nằm ngoài thời gian" in result.stderr


def test_clerk_adds_a_report_section(cli, filled):
    result = cli(
        "note",
        "add-section",
        "Công tác phối hợp",
        "--after",
        "ket-qua",
        "--paragraph",
        "Phối hợp chặt chẽ với các xã.",
        "--bullet",
        "Xã Phú Hữu",
    )
    assert result.exit_code == 0, result.stderr
    report = cli("report", "tongket").stdout
    assert "## IV. CÔNG TÁC PHỐI HỢP" in report
    assert "## VIII. ĐỀ XUẤT, KIẾN NGHỊ" in report
    assert cli("note", "remove-section", "1", "--yes").exit_code == 0
    assert "PHỐI HỢP" not in cli("report", "tongket").stdout


def test_target_progress(cli, sample_db):
    result = cli("target", "progress", "xã đạt chuẩn", "--value", "53", "--date", "30/6/2021")
    assert result.exit_code == 0, result.stderr
    again = cli("chỉ-tiêu", "tiến-độ", "1", "--value", "53.5", "--date", "30/6/2021")
    assert again.exit_code == 0, again.stderr
    listed = json.loads(cli("target", "list", "--json").stdout)
    assert listed[0]["progress"] == [{"date": "2021-06-30", "value": 53.5, "note": ""}]
    assert "53,5 xã" in cli("report", "soket", "-q", "2").stdout
    bad = cli("target", "progress", "không có", "--value", "1", "--date", "30/6/2021")
    assert bad.exit_code != 0
    assert "Không tìm thấy chỉ tiêu" in bad.stderr
    assert cli("target", "remove-progress", "1", "--date", "30/6/2021", "-y").exit_code == 0
    assert json.loads(cli("target", "list", "--json").stdout)[0]["progress"] == []


def test_plan_sections_by_options_and_in_the_toml(cli, sample_db, tmp_path):
    result = cli(
        "campaign",
        "section",
        "add",
        "Khen thưởng",
        "--after",
        "nội dung",
        "--item",
        "Tặng Giấy khen cho tập thể, cá nhân tiêu biểu.",
    )
    assert result.exit_code == 0, result.stderr
    cli("campaign", "section", "add", "Kinh phí", "--paragraph", "Từ quỹ thi đua, khen thưởng.")
    plan = cli("report", "kehoach").stdout
    assert "## III. KHEN THƯỞNG" in plan
    assert "## IV. TỔ CHỨC THỰC HIỆN" in plan
    assert "## V. KINH PHÍ" in plan
    assert plan.index("1. Tặng Giấy khen") < plan.index("## IV.")
    assert "Từ quỹ thi đua, khen thưởng./." in plan

    exported = tmp_path / "kh.toml"
    assert cli("campaign", "export", "--out", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert "[[sections]]" in text
    text = text.replace('code = "ntm-2021"', 'code = "ntm-2022"')
    exported.write_text(text, encoding="utf-8")
    assert cli("campaign", "create", "--from", str(exported)).exit_code == 0
    again = cli("report", "kehoach", "--campaign", "ntm-2022").stdout
    assert again.split("# KẾ HOẠCH")[1] == plan.split("# KẾ HOẠCH")[1]
    listed = json.loads(cli("campaign", "section", "list", "--json").stdout)
    assert [s["heading"] for s in listed] == ["Khen thưởng", "Kinh phí"]
    assert cli("campaign", "section", "remove", "Kinh phí", "--yes").exit_code == 0
    assert "KINH PHÍ" not in cli("report", "kehoach").stdout


def test_toml_section_without_content_names_the_line(cli, isolated_db, tmp_path):
    source = Path(__file__).parents[1] / "data" / "ke-hoach-soc-trang-2021.toml"
    text = source.read_text(encoding="utf-8") + '\n[[sections]]\nheading = "Kinh phí"\n'
    plan = tmp_path / "kh.toml"
    plan.write_text(text, encoding="utf-8")
    cli(
        "agency",
        "add",
        "STC",
        "--name",
        "Sở Tài chính",
        "--parent-body",
        "UBND tỉnh Sóc Trăng",
        "--place",
        "Sóc Trăng",
        "--from",
        "01/01/2008",
    )
    result = cli("campaign", "create", "--from", str(plan))
    assert result.exit_code != 0
    assert "chưa có nội dung" in result.stderr


def test_campaign_edit_keeps_target_progress(cli, sample_db):
    cli("target", "progress", "1", "--value", "52", "--date", "30/6/2021")
    assert cli("campaign", "edit", "--signer-name", "Nguyễn Văn B").exit_code == 0
    listed = json.loads(cli("target", "list", "--json").stdout)
    assert listed[0]["progress"][0]["value"] == 52

"""End-to-end: campaigns through the CLI, on a temporary SQLite file and on PostgreSQL."""

from __future__ import annotations

import json

from dbdump import dump

from stc_thidua.paths import data_dir

SEED = data_dir() / "ke-hoach-soc-trang-2021.toml"


def test_create_from_seed_file_and_render(cli, isolated_db):
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
    result = cli("campaign", "create", "--from", str(SEED))
    assert result.exit_code == 0, result.stderr
    md = cli("report", "kehoach").stdout
    assert "UBND TỈNH SÓC TRĂNG" in md
    assert "Số:      /KH-STC" in md
    assert "Sóc Trăng, ngày   tháng 4 năm 2021" in md
    assert md.rstrip().endswith("**Dương Thị Kim Thúy**")


def test_agency_names_follow_the_campaign_date(cli, sample_db):
    """A 2026 campaign of the same office prints the merged province's names."""
    result = cli(
        "campaign",
        "create",
        "--code",
        "cds-2026",
        "--agency",
        "STC",
        "--date",
        "15/01/2026",
        "--title",
        "Phát động thi đua chuyển đổi số năm 2026",
        "--signer-title",
        "Giám đốc",
        "--signer-name",
        "Nguyễn Văn A",
    )
    assert result.exit_code == 0, result.stderr
    md = cli("report", "kehoach", "--campaign", "cds-2026").stdout
    assert "UBND THÀNH PHỐ CẦN THƠ" in md
    assert "Cần Thơ, ngày 15 tháng 01 năm 2026" in md
    assert "Sóc Trăng" not in md


def test_other_agency_plan_has_nothing_of_the_seed(cli, sample_db, tmp_path):
    result = cli(
        "campaign",
        "create",
        "--code",
        "xd-2026",
        "--abbr",
        "SXD",
        "--agency-name",
        "Sở Xây dựng",
        "--parent-body",
        "UBND tỉnh Đồng Tháp",
        "--place",
        "Đồng Tháp",
        "--number",
        "7",
        "--date",
        "3/3/2026",
        "--title",
        "Phát động phong trào thi đua “Công trình xanh” năm 2026",
        "--purpose",
        "Nâng cao chất lượng công trình.",
        "--content",
        "Thi đua bảo đảm an toàn lao động.",
        "--task",
        "Văn phòng Sở theo dõi, tổng hợp.",
        "--recipient",
        "Ban Thi đua - Khen thưởng tỉnh (để báo cáo)",
        "--recipient",
        "Các phòng thuộc Sở",
        "--archive",
        "VT, VP",
        "--signer-prefix",
        "KT.",
        "--signer-prefix-title",
        "Giám đốc",
        "--signer-title",
        "Phó Giám đốc",
        "--signer-name",
        "Lê Thị B",
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "kh.html"
    assert cli("report", "kehoach", "-c", "xd-2026", "--out", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    for seed_word in ("Sóc Trăng", "Dương Thị Kim Thúy", "nông thôn mới", "Sở NN và PTNT"):
        assert seed_word not in html
    assert "Số: 07/KH-SXD" in html
    assert "Đồng Tháp, ngày 03 tháng 3 năm 2026" in html
    assert "KT. GIÁM ĐỐC" in html
    assert "PHÓ GIÁM ĐỐC" in html
    assert "Lưu: VT, VP." in html


def test_campaign_list_json_and_use(cli, sample_db):
    data = json.loads(cli("campaign", "list", "--json").stdout)
    assert [c["code"] for c in data] == ["ntm-2021"]
    assert data[0]["current"] is True
    assert cli("campaign", "use", "ntm 2021").exit_code == 0
    shown = json.loads(cli("campaign", "show", "--json").stdout)
    assert shown["targets"][0]["value"] == 55


def test_launch_and_close_move_status_forward_only(cli, sample_db):
    assert cli("campaign", "phát-động").exit_code == 0
    again = cli("campaign", "launch")
    assert again.exit_code != 0
    assert "không thể chuyển" in again.stderr
    assert cli("campaign", "status", "đang thực hiện").exit_code == 0
    assert cli("campaign", "close").exit_code == 0


def test_edit_replaces_lists_and_revalidates(cli, sample_db):
    result = cli("campaign", "edit", "--number", "5", "--date", "09/4/2021")
    assert result.exit_code == 0, result.stderr
    md = cli("report", "kehoach").stdout
    assert "Số: 05/KH-STC" in md
    assert "Sóc Trăng, ngày 09 tháng 4 năm 2021" in md
    bad = cli("campaign", "edit", "--start", "2022-01-01")
    assert bad.exit_code != 0
    assert "ngày kết thúc trước ngày bắt đầu" in bad.stderr


def test_bad_inputs_leave_database_unchanged(cli, sample_db, tmp_path):
    before = dump(sample_db)
    broken = tmp_path / "broken.toml"
    broken.write_text('code = "x"\ntitle = \n', encoding="utf-8")
    incomplete = tmp_path / "incomplete.toml"
    incomplete.write_text(
        'code = "y"\nagency = "STC"\nissued_year = 2021\nstart_date = 2021-13-01\n',
        encoding="utf-8",
    )
    unknown_key = tmp_path / "unknown.toml"
    unknown_key.write_text('code = "z"\n\ntieu_de = "x"\n', encoding="utf-8")
    cases = [
        (("campaign", "create", "--from", str(broken)), "dòng 2"),
        (("campaign", "create", "--from", str(incomplete)), "dòng 4"),
        (("campaign", "create", "--from", str(unknown_key)), "dòng 3"),
        (("campaign", "create", "--from", str(SEED)), "Đã có phong trào"),
        (
            (
                "campaign",
                "create",
                "--code",
                "q",
                "--agency",
                "STC",
                "--date",
                "31/2/2026",
                "--title",
                "t",
                "--signer-title",
                "GĐ",
                "--signer-name",
                "A",
            ),
            "không tồn tại",
        ),
        (
            (
                "campaign",
                "create",
                "--code",
                "q",
                "--agency",
                "STC",
                "--date",
                "2026",
                "--title",
                "  ",
                "--signer-title",
                "GĐ",
                "--signer-name",
                "A",
            ),
            "trích yếu",
        ),
        (("campaign", "show", "khong-co"), "gần nhất"),
        (("report", "kehoach", "--out", "/proc/none/x.md"), "Không ghi được"),
        (("report", "kehoach", "--out", str(tmp_path / "missing" / "x.md")), "không tồn tại"),
        (("report", "kehoach", "--format", "pdf"), "Định dạng"),
    ]
    for args, expected in cases:
        result = cli(*args)
        assert result.exit_code != 0, args
        assert expected in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert dump(sample_db) == before


def test_export_round_trip(cli, sample_db, tmp_path):
    """A plan exported to TOML and created again prints the same document."""
    out = tmp_path / "kh.toml"
    assert cli("campaign", "xuất", "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8").replace('code = "ntm-2021"', 'code = "ntm-copy"')
    copy = tmp_path / "copy.toml"
    copy.write_text(text, encoding="utf-8")
    assert cli("campaign", "create", "--from", str(copy)).exit_code == 0
    original = cli("report", "kehoach", "-c", "ntm-2021").stdout
    assert cli("report", "kehoach", "-c", "ntm-copy").stdout == original


def test_status_accepts_vietnamese_words(cli, sample_db):
    assert cli("campaign", "launch").exit_code == 0
    assert cli("campaign", "status", "dang thuc hien").exit_code == 0
    shown = json.loads(cli("campaign", "show", "--json").stdout)
    assert shown["status"] == "dang_thuc_hien"
    back = cli("campaign", "trạng-thái", "Đã phát động")
    assert back.exit_code != 0
    assert "không thể chuyển" in back.stderr
    bad = cli("campaign", "status", "xong")
    assert bad.exit_code != 0
    assert "Trạng thái" in bad.stderr


def test_create_without_agency_uses_the_only_one(cli, sample_db):
    result = cli(
        "campaign",
        "create",
        "--code",
        "k-2022",
        "--date",
        "2/2022",
        "--title",
        "Phát động thi đua năm 2022",
        "--signer-title",
        "Giám đốc",
        "--signer-name",
        "Nguyễn Văn A",
    )
    assert result.exit_code == 0, result.stderr
    md = cli("report", "kehoach", "-c", "k-2022").stdout
    assert "UBND TỈNH SÓC TRĂNG" in md
    assert "Sóc Trăng, ngày   tháng 02 năm 2022" in md

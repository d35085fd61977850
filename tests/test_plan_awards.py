"""The plan's own awards: held by the campaign, printed as a numbered "Khen thưởng" section."""

from __future__ import annotations

import json

from dbdump import dump

from stc_thidua.paths import data_dir

AWARDS = """
[[awards]]
form = "Giấy khen"
nominee = "tập thể"
max = 3
criteria = "Có ít nhất 01 giải pháp được công nhận."

[[awards]]
form = "Giay khen"
nominee = "ca nhan"
max = 5
"""


def _plan_with_awards(tmp_path, extra: str = AWARDS):
    text = (data_dir() / "ke-hoach-soc-trang-2021.toml").read_text(encoding="utf-8")
    text = text.replace('code = "ntm-2021"', 'code = "ntm-2021-kt"')
    path = tmp_path / "ke-hoach.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_awards_from_the_plan_file_print_as_their_own_section(cli, sample_db, tmp_path):
    result = cli("campaign", "create", "--from", str(_plan_with_awards(tmp_path)))
    assert result.exit_code == 0, result.stderr
    plan = cli("report", "kehoach", "--campaign", "ntm-2021-kt").stdout
    lines = plan.splitlines()
    assert "## III. KHEN THƯỞNG" in lines
    assert "## IV. TỔ CHỨC THỰC HIỆN" in lines
    assert "### 1. Giấy khen" in lines
    assert (
        "Giám đốc Sở Tài chính tặng Giấy khen cho không quá 03 tập thể và 05 cá nhân có thành "
        "tích xuất sắc trong thực hiện Phong trào thi đua." in lines
    )
    assert "Tiêu chuẩn tập thể: Có ít nhất 01 giải pháp được công nhận." in lines
    assert plan.count("/.") == 1  # the body still ends once, after the last section


def test_awards_round_trip_through_export(cli, sample_db, tmp_path):
    assert cli("campaign", "create", "--from", str(_plan_with_awards(tmp_path))).exit_code == 0
    exported = cli("campaign", "export", "ntm-2021-kt").stdout
    assert "[[awards]]" in exported
    again = tmp_path / "again.toml"
    again.write_text(exported.replace("ntm-2021-kt", "ntm-2022"), encoding="utf-8")
    assert cli("campaign", "create", "--from", str(again)).exit_code == 0
    listed = json.loads(cli("campaign", "award", "list", "-c", "ntm-2022", "--json").stdout)
    assert [(a["form"], a["nominee"], a["max"]) for a in listed] == [
        ("GK", "tap_the", 3),
        ("GK", "ca_nhan", 5),
    ]


def test_seed_plan_has_no_award_section(cli, sample_db):
    assert "KHEN THƯỞNG" not in cli("report", "kehoach").stdout


def test_award_options(cli, sample_db):
    add = cli("campaign", "award", "add", "--form", "TTLĐTT", "--for", "tập thể", "--max", "2")
    assert add.exit_code == 0, add.stderr
    plan = cli("report", "kehoach").stdout
    assert "Tập thể lao động tiên tiến cho không quá 02 tập thể" in plan
    upward = cli("campaign", "khen-thưởng", "thêm", "-f", "Bằng khen tỉnh", "--for", "cá nhân")
    assert upward.exit_code == 0, upward.stderr
    plan = cli("report", "kehoach").stdout
    assert "Đề nghị Chủ tịch Ủy ban nhân dân tỉnh tặng Bằng khen" in plan
    assert cli("campaign", "award", "remove", "1", "--yes").exit_code == 0
    listed = json.loads(cli("campaign", "award", "list", "--json").stdout)
    assert [a["form"] for a in listed] == ["BKT"]


def test_bad_awards_write_nothing(cli, sample_db, tmp_path):
    before = dump(sample_db)
    for args, message in (
        (["campaign", "award", "add", "-f", "LĐTT", "--for", "tập thể"], "chỉ dành cho cá nhân"),
        (["campaign", "award", "add", "-f", "Huân chương", "--for", "cá nhân"], "có:"),
        (["campaign", "award", "add", "-f", "GK", "--for", "ai đó"], "Đối tượng"),
        (["campaign", "award", "add", "-f", "GK", "--for", "cá nhân", "--max", "0"], "quá nhỏ"),
        (["campaign", "award", "remove", "3", "--yes"], "không có khen thưởng thứ 3"),
    ):
        result = cli(*args)
        assert result.exit_code != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert dump(sample_db) == before
    bad = _plan_with_awards(tmp_path, '\n[[awards]]\nform = "GK"\nnominee = "tập thể"\nmax = -1\n')
    result = cli("campaign", "create", "--from", str(bad))
    assert result.exit_code != 0
    assert dump(sample_db) == before

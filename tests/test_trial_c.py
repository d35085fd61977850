"""Trial findings C (a tester briefed only with the README): the movement's name in the
dossier, the rules of a decided campaign, the registration a decided award rests on."""

from __future__ import annotations

import pytest

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign, movement_phrase
from stc_thidua.domain.commendation_sample import load_commendation_sample, run_sample_flow
from stc_thidua.models import Campaign
from stc_thidua.paths import data_dir


def _flow(db: object) -> None:
    with session_scope(str(db)) as s:
        campaign = load_commendation_sample(session=s, data=data_dir())
        run_sample_flow(session=s, campaign=campaign)


# --- C1: a plan titled "Phát động phong trào ..." names its movement once ------------------------


def test_c1_movement_phrase_drops_the_plans_verb_and_year():
    plain = Campaign(title="Phát động phong trào thi đua chuyển đổi số năm 2026")
    assert movement_phrase(plain) == "Phong trào thi đua chuyển đổi số"
    named = Campaign(title="Phát động thi đua", movement_name="Sóc Trăng chung sức")
    assert movement_phrase(named) == "Phong trào thi đua “Sóc Trăng chung sức”"


def test_c1_dossier_of_a_campaign_without_movement_name_reads_once(sample_db, cli):
    _flow(sample_db)
    edit = cli(
        "campaign",
        "edit",
        "--title",
        "Phát động phong trào thi đua chuyển đổi số năm 2021",
        "--movement",
        "",
    )
    assert edit.exit_code == 0, edit.stderr
    decision = cli("report", "quyết-định")
    assert decision.exit_code == 0, decision.stderr
    text = decision.stdout
    assert "Phát động phong trào" not in text
    assert "phát động Phát động" not in text
    assert "thành tích xuất sắc trong Phong trào thi đua chuyển đổi số năm 2021" in text
    listed = cli("report", "danh-sách")
    assert listed.exit_code == 0, listed.stderr
    assert "“Phát động" not in listed.stdout
    assert "trong Phong trào thi đua chuyển đổi số năm 2021" in listed.stdout


# --- C2: a decision keeps the rules it was made under ---------------------------------------------


def test_c2_rules_use_is_refused_once_a_decision_is_made(sample_db, cli):
    _flow(sample_db)
    changed = cli("rules", "use", "nd98-2023")
    assert changed.exit_code != 0
    assert changed.stderr.count("\n") == 1
    assert "Quyết định số 45/QĐ-STC" in changed.stderr
    assert "Nghị định 98/2023" in changed.stderr
    decision = cli("report", "quyết-định")
    assert "98/2023" not in decision.stdout
    assert "91/2017" in decision.stdout
    # the same rules again ("tự động" names them today) are accepted and stay pinned
    same = cli("rules", "use", "tự-động")
    assert same.exit_code == 0, same.stderr
    with session_scope(str(sample_db)) as s:
        assert find_campaign(session=s).rule_set == "nd91-2017"


def test_c2_rules_use_is_refused_on_a_closed_campaign(sample_db, cli):
    assert cli("campaign", "launch").exit_code == 0
    assert cli("campaign", "status", "đang thực hiện").exit_code == 0
    assert cli("campaign", "close").exit_code == 0
    changed = cli("rules", "use", "nd98-2023")
    assert changed.exit_code != 0
    assert "đã tổng kết nên chỉ được xem" in changed.stderr
    with session_scope(str(sample_db)) as s:
        assert find_campaign(session=s).rule_set == ""


# --- C3: the registration of a decided award stays ---------------------------------------------


def test_c3_registration_of_a_decided_award_is_not_removed(sample_db, cli):
    _flow(sample_db)
    removed = cli("registration", "remove", "--person", "Lâm Văn Sơn", "--yes")
    assert removed.exit_code != 0
    assert "Quyết định số 45/QĐ-STC" in removed.stderr
    assert "không xóa được" in removed.stderr
    missing = cli("registration", "list", "--missing", "--json")
    assert missing.exit_code == 0, missing.stderr
    assert "Lâm Văn Sơn" not in missing.stdout


# --- C4: --out onto what is not a regular file -------------------------------------------------


def test_c4_out_onto_a_pipe_is_refused_and_left_alone(sample_db, cli, tmp_path):
    import os
    import stat

    fifo = tmp_path / "ống dẫn #1"
    os.mkfifo(fifo)
    for extra in ((), ("--force",)):
        refused = cli("report", "kehoach", "--format", "md", "--out", str(fifo), *extra)
        assert refused.exit_code != 0
        assert "không phải một tệp thường" in refused.stderr
        assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_c4_out_through_a_link_writes_its_file_and_keeps_the_link(sample_db, cli, tmp_path):
    target = tmp_path / "văn bản" / "ke hoach.md"
    target.parent.mkdir()
    target.write_text("cũ", encoding="utf-8")
    link = tmp_path / "link #2.md"
    link.symlink_to(target)
    refused = cli("report", "kehoach", "--out", str(link))
    assert refused.exit_code != 0
    assert "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "cũ"
    written = cli("report", "kehoach", "--out", str(link), "--force")
    assert written.exit_code == 0, written.stderr
    assert link.is_symlink()
    assert "KẾ HOẠCH" in target.read_text(encoding="utf-8")


# --- C7: a plan file reused for another agency or a later year -----------------------------------


def test_c7_plan_file_reused_takes_the_agency_and_names_of_its_date(sample_db, cli, tmp_path):
    added = cli(
        "agency",
        "add",
        "SYT",
        "--name",
        "Sở Y tế",
        "--parent-body",
        "UBND thành phố Cần Thơ",
        "--place",
        "Cần Thơ",
        "--from",
        "01/01/2020",
    )
    assert added.exit_code == 0, added.stderr
    plan = tmp_path / "kế hoạch #1.toml"
    assert cli("campaign", "export", "ntm-2021", "--out", str(plan)).exit_code == 0
    dates = ("--date", "10/01/2026", "--start", "10/01/2026", "--end", "31/12/2026")
    other = cli(
        "campaign", "create", "--from", str(plan), "--code", "yt-2026", "--agency", "SYT", *dates
    )
    assert other.exit_code == 0, other.stderr
    header = cli("report", "kehoach", "--campaign", "yt-2026").stdout
    assert "**SỞ Y TẾ**" in header
    assert "UBND THÀNH PHỐ CẦN THƠ" in header
    assert "/KH-SYT" in header
    assert "*Cần Thơ, ngày 10 tháng 01 năm 2026*" in header
    assert "SÓC TRĂNG" not in header.split("KẾ HOẠCH")[0]
    later = cli("campaign", "create", "--from", str(plan), "--code", "ntm-2026", *dates)
    assert later.exit_code == 0, later.stderr
    header = cli("report", "kehoach", "--campaign", "ntm-2026").stdout.split("KẾ HOẠCH")[0]
    assert "UBND THÀNH PHỐ CẦN THƠ" in header
    assert "**SỞ TÀI CHÍNH**" in header
    assert "Sóc Trăng" not in header
    assert "SÓC TRĂNG" not in header


# --- C5: the year's titles are decided in January of the next year ------------------------------


def test_c5_a_decision_may_be_dated_early_the_next_year(sample_db, cli):
    import json

    _flow(sample_db)
    assert (
        cli(
            "register", "--person", "Đỗ Văn Ân", "--title", "LĐTT", "--date", "15/04/2021"
        ).exit_code
        == 0
    )
    unit = json.loads(cli("person", "show", "Đỗ Văn Ân", "--json").stdout)["unit"]
    added = cli(
        "contribution",
        "add",
        "--unit",
        unit,
        "--person",
        "Đỗ Văn Ân",
        "--kind",
        "giai phap",
        "--title",
        "Số hóa hồ sơ",
        "--date",
        "20/05/2021",
    )
    assert added.exit_code == 0, added.stderr
    assert cli("contribution", "verify", "--all", "--unit", unit, "--yes").exit_code == 0
    drafted = cli("propose", "--person", "Đỗ Văn Ân", "--form", "Giấy khen", "--json")
    assert drafted.exit_code == 0, drafted.stderr
    pid = str(json.loads(drafted.stdout)["proposals"][0]["id"])
    submitted = cli("proposal", "submit", pid)
    assert submitted.exit_code == 0, submitted.stderr
    members = json.loads(cli("proposal", "list", "--json").stdout)[0]["council_size"]
    voted = cli(
        "council", "vote", pid, "-m", str(members), "--for", str(members), "-d", "16/12/2021"
    )
    assert voted.exit_code == 0, voted.stderr
    late = cli("proposal", "decide", pid, "--number", "3", "--date", "05/01/2023")
    assert late.exit_code != 0
    assert "đến hết năm 2022" in late.stderr
    decided = cli("proposal", "decide", pid, "--number", "45", "--date", "05/01/2022")
    assert decided.exit_code == 0, decided.stderr
    shown = json.loads(cli("proposal", "show", pid, "--json").stdout)
    assert shown["decision_number"] == 45
    assert shown["status"] == "da_quyet_dinh"
    # D2: 45/QĐ-STC of 2021 and 45/QĐ-STC of 2022 are two decisions, never merged
    both = cli("report", "quyết-định", "--number", "45")
    assert both.exit_code != 0
    assert "ngày 20/12/2021" in both.stderr
    assert "ngày 05/01/2022" in both.stderr
    january = cli("report", "quyết-định", "--number", "45", "--date", "05/01/2022")
    assert january.exit_code == 0, january.stderr
    assert "Đỗ Văn Ân" in january.stdout
    assert "Phan Quốc Khánh" not in january.stdout
    december = cli("report", "quyết-định", "--number", "45", "--date", "20/12/2021")
    assert "Phan Quốc Khánh" in december.stdout
    assert "Đỗ Văn Ân" not in december.stdout
    latest = cli("report", "quyết-định")
    assert "Đỗ Văn Ân" in latest.stdout
    assert "Phan Quốc Khánh" not in latest.stdout


def test_c3_facts_written_after_a_decision_are_told_and_leave_its_verdict(sample_db, cli):
    _flow(sample_db)
    rated = cli("rating", "set", "Phan Quốc Khánh", "--year", "2021", "--grade", "không hoàn thành")
    assert rated.exit_code == 0, rated.stderr
    assert (
        "Lưu ý: Phan Quốc Khánh, năm 2021: đã khen thưởng Lao động tiên tiến (đề xuất số"
        in rated.stderr
    )
    assert "Quyết định số 45/QĐ-STC" in rated.stderr
    disciplined = cli(
        "discipline", "add", "Nguyễn Hoàng Nam", "--year", "2021", "--level", "cảnh cáo"
    )
    assert disciplined.exit_code == 0, disciplined.stderr
    assert "Tập thể lao động tiên tiến" in disciplined.stderr
    checked = cli("proposal", "check", "--json", *_decided_ids(cli))
    assert checked.exit_code == 0, checked.stderr
    import json

    for item in json.loads(checked.stdout):
        assert item["eligible"], item  # the verdict it was signed on


# --- C6: a decided CSTĐCS is not stamped with the cap of later drafts ----------------------------


def test_c6_later_drafts_over_the_cap_leave_the_decided_one_alone(sample_db, cli):
    import json

    _flow(sample_db)
    decided = [
        i for i in json.loads(cli("proposal", "list", "--json").stdout) if i["form"] == "CSTDCS"
    ]
    assert decided
    assert all(i["status"] == "da_quyet_dinh" for i in decided)
    for name in ("Nguyễn Hoàng Nam", "Võ Thị Cẩm Tú", "Thạch Văn Phước"):
        cli("propose", "--person", name, "--form", "CSTĐCS")
    ids = [str(i["id"]) for i in decided]
    checked = json.loads(cli("proposal", "check", "--json", *ids).stdout)
    assert all(not i["problems"] or i["eligible"] for i in checked)
    assert all(i["eligible"] for i in checked)


def _decided_ids(cli) -> list[str]:
    import json

    items = json.loads(cli("proposal", "list", "--json").stdout)
    return [str(i["id"]) for i in items if i["status"] == "da_quyet_dinh"]


# --- C8: the names one diacritic apart are both suggested --------------------------------------


def test_c8_both_names_one_mark_apart_are_suggested(sample_db, cli):
    for name in ("Lê Văn Hùng", "Lê Văn Hưng"):
        assert cli("person", "add", name, "--unit", "VP").exit_code == 0
    for typed in ("Lê Văn Hung", "le van hùng"):
        shown = cli("person", "show", typed)
        assert shown.exit_code != 0
        suggested = shown.stderr.split("gần nhất:")[1]
        assert suggested.index("Lê Văn Hùng") < suggested.index("Lê Thị")
        assert suggested.index("Lê Văn Hưng") < suggested.index("Lê Thị")


# --- C10: a document dated after the agency was renamed prints the new names --------------------


def test_c10_documents_after_the_merger_print_the_names_of_their_date(sample_db, cli):
    created = cli(
        "campaign", "create", "--code", "stc-2025", "--agency", "STC", "--date", "02/01/2025",
        "--start", "02/01/2025", "--end", "31/12/2025", "--title", "Phát động thi đua năm 2025",
        "--content", "Nội dung", "--signer-title", "Giám đốc", "--signer-name", "Nguyễn Văn A",
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    plan = cli("report", "kehoach", "--campaign", "stc-2025").stdout
    assert plan.startswith("| UBND TỈNH SÓC TRĂNG |")
    late = cli("report", "tongket", "--campaign", "stc-2025", "--date", "20/12/2025").stdout
    assert late.startswith("| UBND THÀNH PHỐ CẦN THƠ |")
    assert "*Cần Thơ, ngày 20 tháng 12 năm 2025*" in late
    early = cli("report", "soket", "--campaign", "stc-2025", "-q", "1").stdout
    assert early.startswith("| UBND TỈNH SÓC TRĂNG |")  # issued when its quarter ended


def test_c11_bien_ban_ends_with_the_decree_mark(sample_db, cli):
    _flow(sample_db)
    minutes = cli("report", "biên-bản", "--start", "14 giờ 00", "--end", "16 giờ 30")
    assert minutes.exit_code == 0, minutes.stderr
    assert "năm 2021./." in minutes.stdout
    assert "năm 2021/." not in minutes.stdout


# --- C9: a campaign over two calendar years reaches its second year's quarters ------------------


def _campaign_from_july(cli, code: str, end: str, title: str) -> None:
    """A campaign of the sample agency from 01/7/2021 to `end`."""
    created = cli(
        "campaign", "create", "--code", code, "--agency", "STC", "--date", "01/7/2021",
        "--start", "01/7/2021", "--end", end, "--title", title, "--content", "Nội dung",
        "--signer-title", "Giám đốc", "--signer-name", "Nguyễn Văn A",
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr


def test_c9_quarters_of_a_school_year_campaign(sample_db, cli):
    import json

    _campaign_from_july(cli, "nh-2122", "30/6/2022", "Thi đua năm học 2021-2022")
    base = ("--campaign", "nh-2122", "--unit", "Văn phòng", "--kind", "giai phap")
    for day, title in (("15/02/2022", "Giải pháp quý I"), ("15/08/2021", "Giải pháp quý III")):
        added = cli("contribution", "add", *base, "--title", title, "--date", day)
        assert added.exit_code == 0, added.stderr
    listed = cli("contribution", "list", "--campaign", "nh-2122", "-q", "1", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [i["title"] for i in json.loads(listed.stdout)] == ["Giải pháp quý I"]
    standings = cli("standings", "--campaign", "nh-2122", "-q", "3", "--json")
    assert standings.exit_code == 0, standings.stderr
    report = cli("report", "soket", "--campaign", "nh-2122", "-q", "1")
    assert report.exit_code == 0, report.stderr
    assert "quý I năm 2022" in report.stdout


def test_d7_a_longer_campaign_reaches_every_year_of_a_quarter(sample_db, cli):
    """`-q 1 --year 2023` in listings and standings, as in the reports; `-q 1` alone is the
    first year; --year without a quarter, or a quarter outside the campaign, is refused."""
    import json

    _campaign_from_july(cli, "dai-2123", "31/12/2023", "Thi đua giai đoạn 2021-2023")
    base = ("--campaign", "dai-2123", "--unit", "Văn phòng", "--kind", "giai phap")
    for day, title in (("15/02/2022", "Quý I năm 2022"), ("15/02/2023", "Quý I năm 2023")):
        added = cli("contribution", "add", *base, "--title", title, "--date", day)
        assert added.exit_code == 0, added.stderr

    def titles(*args: str) -> list[str]:
        listed = cli("contribution", "list", "--campaign", "dai-2123", *args, "--json")
        assert listed.exit_code == 0, listed.stderr
        return [i["title"] for i in json.loads(listed.stdout)]

    assert titles("-q", "1") == ["Quý I năm 2022"]
    assert titles("-q", "1", "--year", "2023") == ["Quý I năm 2023"]
    assert titles("-q", "1", "--year", "2022") == ["Quý I năm 2022"]
    verified = cli(
        "contribution", "verify", "--all", "--campaign", "dai-2123", "-q", "1", "--year", "2023",
        "--yes",
    )  # fmt: skip
    assert verified.exit_code == 0, verified.stderr
    listed = cli("contribution", "list", "--campaign", "dai-2123", "--json")
    statuses = {i["title"]: i["status"] for i in json.loads(listed.stdout)}
    assert statuses == {"Quý I năm 2022": "cho_duyet", "Quý I năm 2023": "da_duyet"}
    standings = cli("standings", "--campaign", "dai-2123", "-q", "1", "--year", "2023", "--json")
    assert standings.exit_code == 0, standings.stderr
    assert "2023-01-01" in standings.stdout
    for args, message in (
        (("--year", "2023"), "--year chỉ dùng cùng --quarter"),
        (("-q", "1", "--year", "2021"), "ngoài"),
    ):
        refused = cli("contribution", "list", "--campaign", "dai-2123", *args)
        assert refused.exit_code != 0
        assert message in refused.stderr, refused.stderr


@pytest.mark.parametrize(
    ("title", "movement"),
    [
        (
            "Kế hoạch phát động phong trào thi đua chuyển đổi số năm 2025",
            "Phong trào thi đua chuyển đổi số",
        ),
        ("PHÁT ĐỘNG PHONG TRÀO THI ĐUA CHUYỂN ĐỔI SỐ NĂM 2025", "Phong trào thi đua chuyển đổi số"),
        ("Phat dong phong trao thi dua chuyen doi so", "Phong trao thi dua chuyen doi so"),
    ],
)
def test_d1_plan_titles_as_clerks_write_them(title, movement):
    from stc_thidua.domain.campaigns import plan_subject

    campaign = Campaign(title=title)
    assert movement_phrase(campaign) == movement
    assert not plan_subject(campaign).lower().startswith("kế hoạch")
    assert plan_subject(campaign)[:1].islower()


def test_d9_rating_import_names_the_signed_awards_too(sample_db, cli, tmp_path):
    _flow(sample_db)
    sheet = tmp_path / "xếp loại #1.csv"
    sheet.write_text(
        "ho_ten,don_vi,nam,xep_loai\n"
        "Phan Quốc Khánh,Phòng Quản lý ngân sách,2021,không hoàn thành\n",
        encoding="utf-8",
    )
    imported = cli("rating", "import", str(sheet))
    assert imported.exit_code == 0, imported.stderr
    assert "Lưu ý: Phan Quốc Khánh, năm 2021: đã khen thưởng" in imported.stderr
    assert "Quyết định số 45/QĐ-STC" in imported.stderr


# --- D5: a province's units: the chart keeps the leading ones, every bar named ------------------


def test_d5_unit_chart_keeps_the_leading_units_and_names_each_bar(sample_db, cli, tmp_path):
    import re

    units = tmp_path / "đơn vị.csv"
    units.write_text(
        "ten_don_vi,ma\n" + "".join(f"Phòng thử {i:02d},PT{i:02d}\n" for i in range(30)),
        encoding="utf-8",
    )
    assert cli("unit", "import", str(units)).exit_code == 0
    rows = "".join(
        f"Phòng thử {i:02d},,giai phap,Giải pháp {i},15/06/2021,{i + 1}\n" for i in range(30)
    )
    sheet = tmp_path / "đóng góp.csv"
    sheet.write_text("Đơn vị,Họ và tên,Loại,Nội dung,Ngày,Số lượng\n" + rows, encoding="utf-8")
    imported = cli("contribution", "import", str(sheet))
    assert imported.exit_code == 0, imported.stderr
    assert cli("contribution", "verify", "--all", "--yes").exit_code == 0
    html = cli("report", "tongket", "--format", "html").stdout
    title = re.search(
        r"Biểu đồ 2\. Số lượng đóng góp được xác nhận của 25 [^<]+ nhiều nhất \(trong 30\)", html
    )
    assert title, re.findall(r"Biểu đồ \d\.[^<]*", html)[:4]
    chart = html[html.index('aria-label="Biểu đồ 2') :]
    chart = chart[: chart.index("</svg>")]
    assert "Phòng thử 29" in chart  # the largest
    assert "Phòng thử 00" not in chart  # the smallest, left to the table

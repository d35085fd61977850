"""More defects the independent trial of tracking found (A8 onwards), each kept fixed by a test."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from dbdump import dump


def _ok(result) -> None:
    assert result.exit_code == 0, result.stderr


def test_kind_names_one_diacritic_apart_are_two_kinds(cli, sample_db):
    _ok(cli("kind", "add", "Tuyên truyên"))
    _ok(cli("kind", "add", "Mô hinh"))
    kinds = {k["name"]: k["code"] for k in json.loads(cli("kind", "list", "--json").stdout)}
    assert kinds["Tuyên truyền"] == "tuyen_truyen"
    assert kinds["Tuyên truyên"] == "tuyen_truyen_2"
    assert kinds["Mô hinh"].startswith("mo_hinh")
    assert kinds["Mô hinh"] != kinds["Mô hình hay, cách làm mới"]
    # the exact name is still unique (case aside)
    assert cli("kind", "add", "tuyên truyên").exit_code != 0


def test_an_empty_kind_name_is_one_sentence_about_the_name(cli, sample_db):
    before = dump(sample_db)
    result = cli("kind", "add", "  ")
    assert result.exit_code == 2
    assert "mã" not in result.stderr
    assert "Tên loại đóng góp không được để trống" in result.stderr
    assert dump(sample_db) == before


def _unregister(cli, *who: str) -> None:
    """Make sure `who` has no registration (the sample registers most units and persons)."""
    result = cli("registration", "remove", *who, "--yes")
    assert result.exit_code == 0 or "chưa đăng ký" in result.stderr, result.stderr


def _registration_of(cli, who: str) -> dict:
    rows = json.loads(cli("registration", "list", "--json").stdout)
    return next(r for r in rows if who in (r["person"], r["unit"]) and (r["person"] or r["unit"]))


@pytest.mark.parametrize(
    ("who", "title", "reason"),
    [
        (("--person", "Hồ Thị Diễm My"), "xyz danh hiệu lạ", "không có trong"),
        (("--unit", "Thanh tra"), "Chiến sĩ thi đua cơ sở", "chỉ dành cho cá nhân"),
        (("--person", "Châu Văn Đức"), "Tập thể lao động tiên tiến", "chỉ dành cho tập thể"),
    ],
)
def test_register_refuses_a_title_the_rules_do_not_give_this_nominee(
    cli, sample_db, who, title, reason
):
    _unregister(cli, *who)
    before = dump(sample_db)
    result = cli("register", *who, "--title", title)
    assert result.exit_code == 2
    assert reason in result.stderr
    valid = "Tập thể lao động tiên tiến" if who[0] == "--unit" else "Lao động tiên tiến"
    assert valid in result.stderr  # the titles this nominee may register for
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(sample_db) == before


@pytest.mark.parametrize("typed", ["LĐTT", "lao dong tien tien", "Lao Động Tiên Tiến", "LDTT"])
def test_register_stores_the_title_by_its_full_name(cli, sample_db, typed):
    _unregister(cli, "--person", "Châu Văn Đức")
    _ok(cli("register", "--person", "Châu Văn Đức", "--title", typed))
    assert _registration_of(cli, "Châu Văn Đức")["target_title"] == "Lao động tiên tiến"


@pytest.mark.parametrize("day", ["01/01/1990", "01/01/2030", "31/12/2020"])
def test_register_refuses_a_date_outside_the_campaign(cli, sample_db, day):
    _unregister(cli, "--person", "Đỗ Văn Ân")
    before = dump(sample_db)
    result = cli("register", "--person", "Đỗ Văn Ân", "--date", day)
    assert result.exit_code == 2
    assert "nằm ngoài thời gian đăng ký" in result.stderr
    assert dump(sample_db) == before


def test_register_defaults_to_the_campaign_start_when_today_is_outside_it(cli, sample_db):
    campaign = json.loads(cli("campaign", "show", "--json").stdout)
    assert campaign["end_date"] < dt.date.today().isoformat()  # the sample is of 2021
    _unregister(cli, "--person", "Đỗ Văn Ân")
    _ok(cli("register", "--person", "Đỗ Văn Ân"))
    assert _registration_of(cli, "Đỗ Văn Ân")["registered_on"] == campaign["start_date"]
    _unregister(cli, "--person", "Đỗ Văn Ân")
    _ok(cli("register", "--person", "Đỗ Văn Ân", "--date", "05/01/2021"))  # before the start


def test_registration_import_checks_titles_and_dates_on_every_row(cli, sample_db, tmp_path):
    _unregister(cli, "--person", "Đỗ Văn Ân")
    _unregister(cli, "--unit", "Thanh tra")
    sheet = tmp_path / "dk.csv"
    sheet.write_text(
        "Đơn vị,Họ và tên,Danh hiệu đăng ký,Ngày đăng ký\n"
        "Thanh tra,,Lao động tiên tiến,15/04/2021\n"
        ",Đỗ Văn Ân,LĐTT,01/01/1990\n",
        encoding="utf-8",
    )
    before = dump(sample_db)
    result = cli("registration", "import", str(sheet))
    assert result.exit_code != 0
    listed = result.stderr.splitlines()
    assert any(line.startswith("  Dòng 2, cột C") and "dành cho cá nhân" in line for line in listed)
    assert any(line.startswith("  Dòng 3, cột D") and "01/01/1990" in line for line in listed)
    assert dump(sample_db) == before
    sheet.write_text(
        "Đơn vị,Họ và tên,Danh hiệu đăng ký\nThanh tra,,TTLĐTT\n,Đỗ Văn Ân,lao dong tien tien\n",
        encoding="utf-8",
    )
    _ok(cli("registration", "import", str(sheet)))
    assert _registration_of(cli, "Đỗ Văn Ân")["target_title"] == "Lao động tiên tiến"
    assert _registration_of(cli, "Thanh tra")["target_title"] == "Tập thể lao động tiên tiến"


def _added_number(result) -> int:
    _ok(result)
    return int(re.search(r"số (\d+)", result.stderr).group(1))


def test_a_deleted_contribution_number_is_never_given_again(cli, sample_db, tmp_path):
    first = _added_number(
        cli("contribution", "add", "-u", "VP", "-k", "khác", "-t", "Đóng góp A", "-d", "1/10/2021")
    )
    _ok(cli("contribution", "remove", str(first), "--yes"))
    second = _added_number(
        cli("contribution", "add", "-u", "QLNS", "-k", "khác", "-t", "Góp B", "-d", "2/10/2021")
    )
    assert second > first
    _ok(cli("contribution", "remove", str(second), "--yes"))
    sheet = tmp_path / "so.csv"  # the bulk path of imports numbers rows the same way
    sheet.write_text("Đơn vị,Loại,Nội dung,Ngày\nVP,khác,Đóng góp C,03/10/2021\n", encoding="utf-8")
    _ok(cli("contribution", "import", str(sheet)))
    listed = json.loads(cli("contribution", "list", "--json").stdout)
    assert next(c["id"] for c in listed if c["title"] == "Đóng góp C") > second


def test_a_deleted_person_number_is_never_given_again(cli, sample_db):
    _ok(cli("person", "add", "Lê Văn Hùng", "-u", "VP"))
    first = next(
        p["id"] for p in json.loads(cli("person", "list", "--json").stdout)
        if p["full_name"] == "Lê Văn Hùng"
    )  # fmt: skip
    _ok(cli("person", "remove", "Lê Văn Hùng", "--yes"))
    _ok(cli("person", "add", "Lê Văn Hưng", "-u", "VP"))
    second = next(
        p["id"] for p in json.loads(cli("person", "list", "--json").stdout)
        if p["full_name"] == "Lê Văn Hưng"
    )  # fmt: skip
    assert second > first


def _sheet(path, amount: str, work_days: int):
    path.write_text(
        "Đơn vị,Họ và tên,Loại đóng góp,Nội dung,Ngày,Số tiền (đồng),Ngày công\n"
        f'Văn phòng,,XHH,Quyên góp test B,12/10/2021,"{amount}",{work_days}\n'
        "Văn phòng,Ngô Thanh Bình,Giải pháp,GP test A,05/10/2021,,\n",
        encoding="utf-8",
    )
    return str(path)


def test_a_corrected_row_imported_again_is_named_not_added_twice(cli, sample_db, tmp_path):
    _ok(cli("contribution", "import", _sheet(tmp_path / "so.csv", "1.500.000", 2)))
    first = [
        c for c in json.loads(cli("contribution", "list", "--json").stdout)
        if c["title"] == "Quyên góp test B"
    ]  # fmt: skip
    assert len(first) == 1
    before = dump(sample_db)
    result = cli("contribution", "import", _sheet(tmp_path / "so-da-sua.csv", "15.000.000", 20))
    assert result.exit_code != 0
    line = result.stderr  # one problem: the error sentence itself names it
    assert "dòng 2, cột F" in line
    assert f"khác với đóng góp số {first[0]['id']} đã có" in line
    assert "số tiền 1.500.000 → 15.000.000" in line
    assert "ngày công 2 → 20" in line
    assert dump(sample_db) == before
    again = cli("contribution", "import", _sheet(tmp_path / "so-lai.csv", "1.500.000", 2))
    _ok(again)
    assert "Đã nhập 0 đóng góp" in again.stderr


def test_two_rows_of_one_record_with_other_figures_are_a_duplicate(cli, sample_db, tmp_path):
    sheet = tmp_path / "so.csv"
    sheet.write_text(
        "Đơn vị,Loại,Nội dung,Ngày,Số tiền\n"
        "VP,XHH,Quyên góp,12/10/2021,1.000\n"
        "VP,XHH,quyên góp,12/10/2021,2.000\n",
        encoding="utf-8",
    )
    result = cli("contribution", "import", str(sheet))
    assert result.exit_code != 0
    assert "trùng với dòng 2" in result.stderr


def test_contribution_add_refuses_a_second_copy_of_a_record(cli, sample_db):
    args = ("contribution", "add", "-u", "VP", "-k", "xhh", "-t", "Quyên góp C", "-d", "12/10/2021")
    number = _added_number(cli(*args, "--amount", "1.500.000"))
    before = dump(sample_db)
    again = cli(*args, "--amount", "15.000.000")
    assert again.exit_code != 0
    assert f"Đã có đóng góp số {number}" in again.stderr
    assert f"contribution edit {number}" in again.stderr
    assert dump(sample_db) == before
    other = _added_number(cli(*args[:-1], "13/10/2021"))  # another day: another record
    moved = cli("contribution", "edit", str(other), "--date", "12/10/2021")
    assert moved.exit_code != 0
    assert f"số {number}" in moved.stderr


@pytest.mark.parametrize(
    "period",
    [
        ("--quarter", "1"),
        ("--from", "01/01/2020", "--to", "31/12/2020"),
        ("--from", "01/01/2022"),
        ("--to", "31/03/2021"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [("standings",), ("standings", "--json"), ("contribution", "list"), ("contribution", "export")],
)
def test_a_period_outside_the_campaign_is_one_sentence(cli, sample_db, tmp_path, command, period):
    out = ("--out", str(tmp_path / "x.csv")) if command[-1] == "export" else ()
    result = cli(*command, *period, *out)
    assert result.exit_code == 2
    assert "nằm ngoài thời gian của phong trào" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


def test_standings_of_a_period_overlapping_the_campaign_print_it_clipped(cli, sample_db):
    table = json.loads(
        cli("standings", "--from", "01/01/2021", "--to", "30/06/2021", "--json").stdout
    )
    assert table["from"] <= table["to"]
    assert table["to"] == "2021-06-30"


def test_a_moved_person_keeps_their_contributions_findable_and_correctable(cli, sample_db):
    def of(*filters: str) -> list[int]:
        found = json.loads(cli("contribution", "list", *filters, "--json").stdout)
        return sorted(c["id"] for c in found)

    for day in ("05/10/2021", "06/10/2021"):
        _ok(cli("contribution", "add", "-p", "Ngô Thanh Bình", "-k", "khác", "-t", "Việc tốt",
                "-d", day))  # fmt: skip
    _ok(cli("contribution", "verify", "--all", "--yes"))
    mine = of("--person", "Ngô Thanh Bình")
    assert len(mine) == 2
    moved = cli("person", "edit", "Ngô Thanh Bình", "--move-to", "QLNS", "--yes")
    _ok(moved)
    assert f"{len(mine)} đóng góp đã ghi vẫn tính cho “Văn phòng”" in moved.stderr
    assert of("--person", "Ngô Thanh Bình") == mine
    assert of("--unit", "VP", "--person", "Ngô Thanh Bình") == mine
    assert of("--unit", "QLNS", "--person", "Ngô Thanh Bình") == []
    _ok(cli("contribution", "edit", str(mine[-1]), "--amount", "6.000.000"))
    by_person = json.loads(cli("standings", "--by", "person", "--json").stdout)
    row = next(r for r in by_person["rows"] if r["name"] == "Ngô Thanh Bình")
    assert row["unit"] == "Văn phòng"  # where the counted contributions were made
    # a real move of the contribution is still checked: he is not of Văn phòng any more
    refused = cli("contribution", "edit", str(mine[-1]), "--person", "Ngô Thanh Bình")
    assert refused.exit_code != 0


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"password": "sai-mat-khau"}, "từ chối đăng nhập"),
        ({"username": "khong_co_ai"}, "từ chối đăng nhập"),
        (
            {"database": "thidua_khong_co_csdl_nay"},
            "chưa có cơ sở dữ liệu “thidua_khong_co_csdl_nay”",
        ),
    ],
)
def test_postgres_login_and_database_errors_say_what_is_wrong(cli, pg_server, change, said):
    from sqlalchemy.engine import make_url

    url = make_url(pg_server.url_of("postgres")).set(**change)
    result = cli("--db", url.render_as_string(hide_password=False), "unit", "list")
    assert result.exit_code != 0
    assert said in result.stderr
    assert "chưa chạy" not in result.stderr


def _revision(url) -> str | None:
    from stc_thidua import db, schema

    engine = db.make_engine(db.resolve_url(str(url)))
    try:
        return schema.current_revision(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("command", [("unit", "list"), ("campaign", "list"), ("log",)])
def test_a_listing_never_upgrades_an_older_schema(cli, isolated_db, command):
    from stc_thidua import db, schema

    engine = db.make_engine(db.resolve_url(str(isolated_db)))
    schema.upgrade(engine, "0004")  # what the release before tracking wrote
    engine.dispose()
    result = cli(*command)
    assert result.exit_code != 0
    assert "lược đồ 0004" in result.stderr
    assert "thidua db upgrade" in result.stderr
    assert _revision(isolated_db) == "0004"
    _ok(cli("db", "upgrade"))
    assert "lược đồ" not in cli(*command).stderr


def test_a_listing_never_creates_the_schema_of_a_blank_server_database(cli, isolated_db):
    if not str(isolated_db).startswith("postgresql"):
        isolated_db.write_bytes(b"")  # SQLite's blank database: an empty file
    result = cli("unit", "list")
    assert result.exit_code != 0
    assert "thidua db upgrade" in result.stderr
    assert _revision(isolated_db) is None


def test_no_success_is_printed_for_a_write_refused_at_the_commit(cli, sample_db):
    _ok(cli("register", "--unit", "VP", "--title", "TTLĐTT"))
    _ok(cli("campaign", "launch"))
    _ok(cli("campaign", "status", "đang thực hiện"))
    _ok(cli("campaign", "close"))
    before = dump(sample_db)
    result = cli("registration", "remove", "--unit", "VP", "--yes")
    assert result.exit_code != 0
    assert "Đã xóa" not in result.stderr
    assert "đã tổng kết" in result.stderr
    assert dump(sample_db) == before


@pytest.mark.parametrize(
    "args", [("kind", "edit", "khác", "--content", "9"), ("kind", "add", "Mới", "--content", "50")]
)
def test_a_kind_serves_only_a_content_the_plan_has(cli, sample_db, args):
    before = dump(sample_db)
    result = cli(*args)
    assert result.exit_code == 2
    assert "không có nội dung thi đua số" in result.stderr
    assert dump(sample_db) == before


def test_kind_points_take_a_decimal_comma(cli, sample_db):
    _ok(cli("kind", "edit", "khác", "--points", "0,5", "--points-per-million", "1,25"))
    _ok(cli("kind", "add", "Mới", "--points-per-work-day", "0.75"))
    kinds = {k["code"]: k for k in json.loads(cli("kind", "list", "--json").stdout)}
    assert (kinds["khac"]["points"], kinds["khac"]["points_per_million"]) == (0.5, 1.25)
    assert kinds["moi"]["points_per_work_day"] == 0.75
    refused = cli("kind", "edit", "khác", "--points", "-1")
    assert refused.exit_code == 2
    assert "điểm" in refused.stderr


@pytest.mark.parametrize("amount", ["1.500.000,00", "1,500,000.00", "1500000.0", "1.500.000"])
def test_whole_amounts_with_a_zero_fraction_are_read(cli, sample_db, amount):
    _ok(cli("contribution", "add", "-u", "VP", "-k", "xhh", "-t", "Quyên góp", "-d", "5/10/2021",
            "--amount", amount))  # fmt: skip
    (row,) = [
        c for c in json.loads(cli("contribution", "list", "--json").stdout)
        if c["title"] == "Quyên góp"
    ]  # fmt: skip
    assert row["amount"] == 1_500_000


def test_an_amount_with_a_fraction_of_a_dong_is_refused(cli, sample_db):
    result = cli("contribution", "add", "-u", "VP", "-k", "xhh", "-t", "Quyên góp", "-d",
                 "5/10/2021", "--amount", "1.500.000,50")  # fmt: skip
    assert result.exit_code == 2


def test_two_concurrent_imports_of_one_sheet_write_it_once(sample_db, tmp_path):
    """The second import waits for the first one's commit, then finds its rows (A31)."""
    import threading
    import time

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.imports import import_contributions

    sheet = tmp_path / "race.csv"
    rows = [f"VP,XHH,race {i},{1 + i % 28:02d}/10/2021,1.000.000" for i in range(40)]
    sheet.write_text("Đơn vị,Loại,Nội dung,Ngày,Số tiền\n" + "\n".join(rows), encoding="utf-8")
    imported, release = threading.Event(), threading.Event()
    added: dict[str, int] = {}

    def run(name: str) -> None:
        if name == "second":
            imported.wait(10)
        with session_scope(str(sample_db)) as s:
            campaign = find_campaign(session=s)
            added[name] = import_contributions(session=s, campaign=campaign, path=sheet).added
            if name == "first":
                imported.set()
                release.wait(10)  # the first holds its transaction open a while

    threads = [threading.Thread(target=run, args=(n,)) for n in ("first", "second")]
    for thread in threads:
        thread.start()
    imported.wait(10)
    time.sleep(1.5)  # long enough for an unguarded second import to finish
    release.set()
    for thread in threads:
        thread.join(60)
    assert added == {"first": 40, "second": 0}


def test_the_log_reads_statuses_years_and_whose_registration(cli, sample_db):
    number = _added_number(
        cli("contribution", "add", "-u", "VP", "-k", "khác", "-t", "Việc A", "-d", "1/10/2021")
    )
    _ok(cli("contribution", "verify", str(number)))
    _unregister(cli, "--person", "Đỗ Văn Ân")
    _ok(cli("register", "--person", "Đỗ Văn Ân"))
    shown = cli("log", "-n", "5").stdout
    flat = " ".join(shown.replace("│", " ").split())
    assert "chờ xác nhận → đã xác nhận" in flat
    assert "cho_duyet" not in flat
    assert "Đỗ Văn Ân" in flat  # the registration names whose it is


def test_years_in_the_log_are_not_grouped_like_money():
    from stc_thidua.cli.log import _value

    assert _value("proposal", "decision_year", 2021) == "2021"
    assert _value("contribution", "amount", 1_500_000) == "1.500.000"


def test_an_unknown_status_lists_the_statuses_by_their_labels(cli, sample_db):
    result = cli("contribution", "list", "--status", "xyz")
    assert result.exit_code == 2
    assert "“đã xác nhận”" in result.stderr
    assert "da_duyet" not in result.stderr


def test_verify_all_asks_about_whose_contributions_and_which_period(cli, sample_db):
    _ok(cli("contribution", "add", "-u", "QLNS", "-k", "khác", "-t", "Việc B", "-d", "1/10/2021"))
    result = cli("contribution", "verify", "--all", "--unit", "phong quan ly ngan sach",
                 "--quarter", "4")  # fmt: skip
    assert result.exit_code != 0  # no terminal: it needs --yes, and says what it would do
    assert "của “Phòng Quản lý ngân sách”, quý IV năm 2021" in result.stderr


def test_a_truncated_workbook_is_called_a_damaged_excel_file(cli, sample_db, tmp_path):
    from stc_thidua.paths import data_dir

    cut = tmp_path / "so.xlsx"
    cut.write_bytes((data_dir() / "theo-doi-dong-gop-2021.xlsx").read_bytes()[:3000])
    result = cli("contribution", "import", str(cut))
    assert result.exit_code == 2
    assert "bị hỏng hoặc chưa chép hết" in result.stderr
    assert "Word" not in result.stderr


@pytest.mark.parametrize("make", ["nul", "device"])
def test_files_that_are_no_sheet_are_named_before_being_read(cli, sample_db, tmp_path, make):
    if make == "nul":
        path = tmp_path / "so.csv"
        path.write_bytes(b"\x00" * 100_000)
        said = "tệp nhị phân"
    else:
        path, said = Path("/dev/zero"), "không phải tệp thường"
    result = cli("contribution", "import", str(path))
    assert result.exit_code == 2
    assert said in result.stderr


def test_a_file_far_beyond_any_sheet_is_refused_unread(tmp_path, monkeypatch):
    from stc_thidua.domain import tabular
    from stc_thidua.errors import InvalidInput

    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "so.csv"
    path.write_text("Đơn vị\n" + "VP\n" * 1000, encoding="utf-8")
    with pytest.raises(InvalidInput, match="quá lớn"):
        tabular.read_table(path, [])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01.10.2021", dt.date(2021, 10, 1)),
        ("01/10/2021 0:00", dt.date(2021, 10, 1)),
        ("2021-10-01T00:00:00", dt.date(2021, 10, 1)),
    ],
)
def test_dates_with_dots_or_a_midnight_time_are_read(typed, expected):
    from stc_thidua.dates import parse_date

    assert parse_date(typed) == expected


def test_a_date_with_an_hour_says_to_write_the_day_only(cli, sample_db):
    result = cli("contribution", "add", "-u", "VP", "-k", "khác", "-t", "x", "-d",
                 "2021-10-01T10:00")  # fmt: skip
    assert result.exit_code == 2
    assert "chỉ ghi ngày, không ghi giờ" in result.stderr


def test_sheet_names_follow_the_diacritics_rule(cli, sample_db):
    from stc_thidua.paths import data_dir

    workbook = str(data_dir() / "theo-doi-dong-gop-2021.xlsx")
    wrong = cli("contribution", "import", workbook, "--sheet", "Quỳ II", "--dry-run")
    assert wrong.exit_code == 2
    assert "không có trang “Quỳ II”" in wrong.stderr
    _ok(cli("contribution", "import", workbook, "--sheet", "quy ii", "--dry-run"))


def _xlsx(path, rows, merged=()):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    workbook.save(path)
    return str(path)


def test_a_header_on_two_rows_with_merged_cells_is_read(cli, sample_db, tmp_path):
    path = _xlsx(
        tmp_path / "so.xlsx",
        [
            ["STT", "Đơn vị", "Họ và tên", "Đóng góp", None, None, "Kết quả vận động", None],
            [None, None, None, "Loại", "Nội dung", "Ngày", "Số tiền (đồng)", "Ngày công"],
            [1, "Văn phòng", None, "XHH", "hai hàng a", dt.datetime(2021, 10, 5), "2.000.000", 2],
            [
                2,
                "Phòng Quản lý ngân sách",
                "Phan Quốc Khánh",
                "Giải pháp",
                "hai hàng b",
                dt.datetime(2021, 10, 6),
                None,
                None,
            ],
        ],
        merged=["A1:A2", "B1:B2", "C1:C2", "D1:F1", "G1:H1"],
    )
    _ok(cli("contribution", "import", path))
    rows = {
        c["title"]: c for c in json.loads(cli("contribution", "list", "--json").stdout)
        if c["title"].startswith("hai hàng")
    }  # fmt: skip
    assert rows["hai hàng a"]["unit"] == "Văn phòng"
    assert rows["hai hàng a"]["work_days"] == 2
    assert rows["hai hàng b"]["person"] == "Phan Quốc Khánh"


def test_common_header_variants_are_read_and_a_missing_column_names_the_unused(
    cli, sample_db, tmp_path
):
    header = ["TT", "Họ tên", "Tên đơn vị", "Hình thức đóng góp", "Nội dung đóng góp",
              "Thời gian", "Giá trị (đồng)", "Số ngày công lao động"]  # fmt: skip
    row = [1, "Ngô Thanh Bình", "Văn phòng", "Xã hội hóa", "Ủng hộ quỹ",
           dt.datetime(2021, 10, 5), "500.000", 3]  # fmt: skip
    result = cli("contribution", "import", _xlsx(tmp_path / "a.xlsx", [header, row]), "--dry-run",
                 "--json")  # fmt: skip
    _ok(result)
    assert "không dùng" not in result.stderr
    header[3] = "Kiểu"
    refused = cli("contribution", "import", _xlsx(tmp_path / "b.xlsx", [header, row]))
    assert refused.exit_code == 2
    assert "có các cột không dùng: “Kiểu”" in refused.stderr


def test_hidden_sheets_and_rows_are_left_out_with_a_note(cli, sample_db, tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    shown_sheet = workbook.active
    shown_sheet.title = "Quý IV"
    header = ["Đơn vị", "Loại", "Nội dung", "Ngày", "Số tiền (đồng)"]
    shown_sheet.append(header)
    shown_sheet.append(["Văn phòng", "Giải pháp", "dòng thấy", "05/10/2021", None])
    shown_sheet.append(["Văn phòng", "XHH", "dòng ẩn", "06/10/2021", "5.000.000"])
    shown_sheet.row_dimensions[3].hidden = True
    draft = workbook.create_sheet("Nháp")
    draft.sheet_state = "hidden"
    draft.append(header)
    draft.append(["Văn phòng", "XHH", "trang ẩn", "05/10/2021", "9.000.000"])
    path = tmp_path / "so.xlsx"
    workbook.save(path)
    result = cli("contribution", "import", str(path))
    _ok(result)
    assert "Bỏ qua trang ẩn “Nháp”" in result.stderr
    assert "Bỏ qua 1 dòng ẩn ở trang “Quý IV” (dòng 3)" in result.stderr
    titles = {c["title"] for c in json.loads(cli("contribution", "list", "--json").stdout)}
    assert "dòng thấy" in titles
    assert not titles & {"dòng ẩn", "trang ẩn"}
    _ok(cli("contribution", "import", str(path), "--sheet", "Nháp"))  # asked for by name


def test_namesakes_are_listed_with_their_numbers_not_told_to_type_diacritics(cli, sample_db):
    _ok(cli("person", "add", "Phan Quốc Khánh", "-u", "VP"))
    result = cli("person", "show", "Phan Quốc Khánh")
    assert result.exit_code != 0
    assert "gõ đủ dấu" not in result.stderr
    assert "(mã " in result.stderr
    assert "--unit" in result.stderr
    _ok(cli("person", "show", "Phan Quốc Khánh", "--unit", "VP"))


def test_the_readme_registration_lines_run_on_the_sample(cli, sample_db):
    """The tracking block's registrations run as written (A19): no one registered twice."""
    import shlex

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Theo dõi, tổng hợp", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1).replace("\\\n", " ")
    lines = [shlex.split(line, comments=True) for line in block.splitlines()]
    runnable = [
        words for words in lines
        if words[1:2] in (["register"], ["registration"]) and "[" not in " ".join(words)
        and words[2:3] != ["import"]
    ]  # fmt: skip
    assert len(runnable) >= 4
    from stc_thidua.paths import data_dir

    _ok(cli("registration", "import", str(data_dir() / "dang-ky-thi-dua-2021.xlsx")))  # as demo
    for words in runnable:
        _ok(cli(*words[1:]))


def test_a_contribution_title_error_names_its_content_and_limits_read_vietnamese(cli, sample_db):
    blank = cli("contribution", "add", "-u", "VP", "-k", "gp", "-t", "   ", "-d", "1/10/2021")
    assert blank.exit_code == 2
    assert "nội dung" in blank.stderr
    assert "trích yếu" not in blank.stderr
    big = cli("contribution", "add", "-u", "VP", "-k", "xhh", "-t", "x", "-d", "1/10/2021",
              "--amount", "9.000.000.000.000.000")  # fmt: skip
    assert big.exit_code == 2
    assert "1.000.000.000.000.000" in big.stderr


def test_exported_numbers_and_ranks_are_not_grouped_like_money():
    from stc_thidua.render.sheets import CONTRIBUTION_COLUMNS

    kinds = {c.header: c.kind for c in CONTRIBUTION_COLUMNS}
    assert kinds["STT"] == kinds["Mã số"] == "number"
    assert kinds["Số tiền (đồng)"] == "money"


def test_a_question_without_a_terminal_becomes_one_sentence(monkeypatch):
    from stc_thidua.cli import common
    from stc_thidua.errors import InvalidInput

    monkeypatch.setattr(common, "interactive", lambda: False)
    with pytest.raises(InvalidInput) as caught:
        common.confirm("Thay a.db bằng b.db? Bản đang dùng sẽ được giữ lại.", yes=False)
    assert caught.value.message == (
        "Thay a.db bằng b.db; bản đang dùng sẽ được giữ lại: cần xác nhận, hãy thêm --yes."
    )


def test_import_json_gives_kind_codes_and_the_bad_rows_as_data(cli, sample_db, tmp_path):
    good = tmp_path / "tot.csv"
    good.write_text("Đơn vị,Loại,Nội dung,Ngày\nVP,XHH,Quyên góp,01/10/2021\n", encoding="utf-8")
    preview = json.loads(cli("contribution", "import", str(good), "--dry-run", "--json").stdout)
    assert (preview["rows"][0]["kind"], preview["rows"][0]["kind_name"]) == (
        "xa_hoi_hoa",
        "Xã hội hóa",
    )
    bad = tmp_path / "xau.csv"
    bad.write_text("Đơn vị,Loại,Nội dung,Ngày\nVP,bóng đá,x,01/10/2021\n", encoding="utf-8")
    refused = cli("contribution", "import", str(bad), "--json")
    assert refused.exit_code == 2
    data = json.loads(refused.stdout)
    assert data["imported"] is False
    assert data["problems"][0]["row"] == 2


def test_dropping_a_plan_content_leaves_no_kind_serving_it(cli, sample_db):
    result = cli("campaign", "edit", "--content", "Chỉ một nội dung")
    _ok(result)
    assert "không còn nội dung mặc định" in result.stderr
    kinds = json.loads(cli("kind", "list", "--json").stdout)
    assert all(k["content"] in (None, 1) for k in kinds)
    number = _added_number(
        cli("contribution", "add", "-u", "VP", "-k", "mô hình", "-t", "m2", "-d", "1/10/2021")
    )
    shown = json.loads(cli("contribution", "show", str(number), "--json").stdout)
    assert shown["content"] is None
    assert cli("kind", "edit", "mô hình", "--content", "2").exit_code == 2  # no such content


def test_a_refused_date_change_names_the_dates_of_the_contributions_outside(cli, sample_db):
    for day in ("14/04/2021", "20/05/2021", "30/12/2021"):
        _ok(cli("contribution", "add", "-u", "VP", "-k", "khác", "-t", f"Việc {day}", "-d", day))
    result = cli("campaign", "edit", "--start", "01/06/2021")
    assert result.exit_code != 0
    assert "còn 2 đóng góp" in result.stderr
    assert "ghi từ 14/04/2021 đến 20/05/2021" in result.stderr


def test_a_person_row_that_differs_from_the_database_is_named(cli, sample_db, tmp_path):
    _ok(cli("person", "edit", "Ngô Thanh Bình", "--position", "Chuyên viên", "--gender", "nam"))
    sheet = tmp_path / "nguoi.csv"
    sheet.write_text(
        "Họ và tên,Đơn vị,Chức vụ,Giới tính\nNgô Thanh Bình,Văn phòng,Phó Chánh Văn phòng,Nữ\n",
        encoding="utf-8",
    )
    result = cli("person", "import", str(sheet))
    _ok(result)
    assert "Dòng 2: “Ngô Thanh Bình”" in result.stderr
    assert "chức vụ: Chuyên viên → Phó Chánh Văn phòng" in result.stderr
    assert "giới tính: Nam → Nữ" in result.stderr

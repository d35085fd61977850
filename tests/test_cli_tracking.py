"""Registrations, kinds, contributions and standings through the command line."""

from __future__ import annotations

import json

import pytest
from dbdump import dump


def _add(cli, *extra: str):
    return cli(
        "contribution",
        "add",
        "-u",
        "QLNS",
        "-k",
        "giai phap",
        "-t",
        "Giải pháp số hóa",
        "-d",
        "15/06/2021",
        *extra,
    )


def _json(cli, *args: str):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_list_show_with_the_issue_keys(cli, sample_db):
    added = _add(cli, "-p", "Phan Quoc Khanh", "--amount", "1.500.000", "--evidence", "CV 12")
    assert added.exit_code == 0, added.stderr
    assert "Đã ghi đóng góp số 1" in added.stderr
    (item,) = _json(cli, "contribution", "list")
    for key in (
        "id",
        "unit",
        "person",
        "kind",
        "title",
        "date",
        "quantity",
        "amount",
        "work_days",
        "evidence",
        "status",
    ):
        assert key in item
    assert item["person"] == "Phan Quốc Khánh"
    assert item["date"] == "2021-06-15"
    assert item["amount"] == 1_500_000
    assert item["status"] == "cho_duyet"
    assert _json(cli, "contribution", "show", "1") == item
    table = cli("đóng-góp", "danh-sách")
    assert "1.500.000" in table.stdout
    assert "15/06/" in table.stdout  # the date, wrapped in a narrow terminal


def test_unit_own_contribution_has_null_person(cli, sample_db):
    assert cli("contribution", "add", "-u", "VP", "-k", "Tuyên truyền", "-t", "Bài viết", "-d",
               "2021-05-02").exit_code == 0  # fmt: skip
    (item,) = _json(cli, "contribution", "list")
    assert item["person"] is None
    assert item["quarter"] == 2


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["-d", "01/01/2022"], "ngoài thời gian của phong trào"),
        (["-p", "Mai Văn Lộc"], "không thuộc “Phòng Quản lý ngân sách”"),
        (["--amount", "-5"], "số tiền"),
        (["--amount", "mười"], "số tiền"),
        (["-k", "bóng đá"], "các loại"),
        (["-t", " "], "nội dung: không được để trống"),  # not the plan's "trích yếu"
    ],
)
def test_bad_contribution_is_one_sentence_and_writes_nothing(cli, sample_db, args, reason):
    before = dump(sample_db)
    base = ["contribution", "add", "-u", "QLNS", "-k", "khác", "-t", "X", "-d", "15/06/2021"]
    result = cli(*base, *args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert reason in lines[0]
    assert dump(sample_db) == before


def test_filters(cli, sample_db):
    _add(cli, "-p", "Nguyễn Hoàng Nam")
    cli("contribution", "add", "-u", "VP", "-k", "xhh", "-t", "Ủng hộ", "-d", "20/10/2021",
        "--amount", "2000000", "--work-days", "3")  # fmt: skip
    cli("contribution", "add", "-u", "VP", "-k", "khác", "-t", "Hội thao", "-d", "01/08/2021")

    def ids(*args: str) -> list[int]:
        return [item["id"] for item in _json(cli, "contribution", "list", *args)]

    assert ids() == [1, 2, 3]  # in the order recorded
    assert ids("--unit", "van phong") == [2, 3]
    assert ids("--person", "Nguyễn Hoàng Nam") == [1]
    assert ids("--kind", "xã hội hoá") == [2]
    assert ids("--kind", "khac", "--kind", "giai phap") == [1, 3]
    assert ids("--quarter", "4") == [2]
    assert ids("--from", "01/07/2021", "--to", "31/08/2021") == [3]
    assert ids("--status", "chờ xác nhận") == [1, 2, 3]
    assert ids("--status", "đã xác nhận") == []
    bad = cli("contribution", "list", "--quarter", "5")
    assert bad.exit_code == 2


def test_verify_reject_and_batch(cli, sample_db):
    for number in range(3):  # one record each: a second copy of a record is refused
        _add(cli, "-t", f"Giải pháp số hóa {number}")
    cli("contribution", "add", "-u", "VP", "-k", "khác", "-t", "Y", "-d", "01/08/2021")
    assert cli("contribution", "verify", "1").exit_code == 0
    rejected = cli("contribution", "từ-chối", "2", "--note", "Trùng với số 1")
    assert rejected.exit_code == 0, rejected.stderr
    needs_yes = cli("contribution", "verify", "--all", "--unit", "QLNS")
    assert needs_yes.exit_code != 0
    assert "--yes" in needs_yes.stderr
    batch = cli("contribution", "verify", "--all", "--unit", "QLNS", "--yes")
    assert "Đã xác nhận 1 đóng góp" in batch.stderr
    statuses = {i["id"]: i["status"] for i in _json(cli, "contribution", "list")}
    assert statuses == {1: "da_duyet", 2: "tu_choi", 3: "da_duyet", 4: "cho_duyet"}
    missing = cli("contribution", "verify", "4", "99")
    assert missing.exit_code != 0
    assert "99" in missing.stderr
    assert _json(cli, "contribution", "show", "2")["status_note"] == "Trùng với số 1"


def test_edit_sends_back_to_pending_and_remove_asks(cli, sample_db):
    _add(cli)
    cli("contribution", "verify", "1")
    edited = cli("contribution", "edit", "1", "--amount", "300.000", "-p", "Võ Thị Cẩm Tú")
    assert edited.exit_code == 0, edited.stderr
    item = _json(cli, "contribution", "show", "1")
    assert (item["amount"], item["person"], item["status"]) == (
        300_000,
        "Võ Thị Cẩm Tú",
        "cho_duyet",
    )
    assert cli("contribution", "remove", "1").exit_code != 0
    assert cli("contribution", "xóa", "1", "--yes").exit_code == 0
    assert _json(cli, "contribution", "list") == []


def test_every_change_is_in_the_audit_log(cli, sample_db):
    _add(cli)
    cli("contribution", "verify", "1")
    log = _json(cli, "log", "--entity", "contribution")
    assert [entry["action"] for entry in log] == ["update", "insert"]


def test_standings_rank_ties_and_options(cli, sample_db):
    _add(cli)  # QLNS: 10 points
    cli("contribution", "add", "-u", "VP", "-k", "giai phap", "-t", "B", "-d", "01/10/2021")
    cli("contribution", "add", "-u", "TT", "-k", "xhh", "-t", "C", "-d", "01/10/2021",
        "--amount", "4.000.000", "--work-days", "2")  # fmt: skip
    cli("contribution", "verify", "--all", "--yes")
    cli("contribution", "add", "-u", "TT", "-k", "khác", "-t", "D", "-d", "01/10/2021")
    table = _json(cli, "standings")
    rows = {r["name"]: r for r in table["rows"]}
    assert rows["Phòng Quản lý ngân sách"]["rank"] == rows["Văn phòng"]["rank"] == 1
    assert rows["Thanh tra"]["rank"] == 3
    assert rows["Thanh tra"]["points"] == 1 + 4 + 1  # one item, 4 million, 2 work days
    assert rows["Thanh tra"]["kinds"]["xa_hoi_hoa"]["amount"] == 4_000_000
    assert rows["Ban Giám đốc"]["rank"] == 4  # nothing yet: last, tied
    everything = {r["name"]: r for r in _json(cli, "standings", "--all-statuses")["rows"]}
    assert everything["Thanh tra"]["count"] == 2
    q2 = {r["name"]: r["points"] for r in _json(cli, "standings", "--quarter", "2")["rows"]}
    assert q2["Văn phòng"] == 0
    only = _json(cli, "xếp-hạng", "--kind", "xã hội hóa")
    assert [k["code"] for k in only["kinds"]] == ["xa_hoi_hoa"]
    people = _json(cli, "standings", "--by", "person")
    assert all(r["points"] == 0 for r in people["rows"])  # every one of these is a unit's own
    assert len(people["rows"]) == 24


def test_standings_and_export_workbooks(cli, sample_db, tmp_path):
    from openpyxl import load_workbook

    _add(cli, "--amount", "1.234.567")
    cli("contribution", "verify", "1")
    out = tmp_path / "xep-hang.xlsx"
    assert cli("standings", "--format", "xlsx", "--out", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A6"
    assert [c.value for c in sheet[5]][:2] == ["Hạng", "Đơn vị"]
    export = tmp_path / "dong-gop.xlsx"
    result = cli("contribution", "export", "--out", str(export))
    assert result.exit_code == 0, result.stderr
    rows = list(load_workbook(export).active.iter_rows())
    header = [c.value for c in rows[0]]
    date_cell = rows[1][header.index("Ngày")]
    money_cell = rows[1][header.index("Số tiền (đồng)")]
    assert date_cell.is_date
    assert date_cell.number_format == "dd/mm/yyyy"
    assert money_cell.value == 1_234_567
    assert money_cell.number_format == "#,##0"
    csv_out = tmp_path / "dong-gop.csv"
    assert cli("contribution", "export", "--out", str(csv_out)).exit_code == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfSTT,")
    mismatch = cli("contribution", "export", "--format", "xlsx", "--out", str(csv_out))
    assert mismatch.exit_code != 0


def test_export_then_import_adds_nothing(cli, sample_db, tmp_path):
    _add(cli, "-p", "Phan Quốc Khánh")
    out = tmp_path / "x.xlsx"
    cli("contribution", "export", "--out", str(out))
    again = cli("contribution", "import", str(out))
    assert again.exit_code == 0, again.stderr
    assert "Đã nhập 0 đóng góp" in again.stderr
    assert "1 dòng đã có" in again.stderr


def test_registrations(cli, sample_db, tmp_path):
    ok = cli("đăng-ký", "-u", "VP", "--title", "Tập thể lao động tiên tiến", "--commitment", "100%")
    assert ok.exit_code == 0, ok.stderr
    assert cli("register", "-p", "Lê Thị Thu Hà", "--title", "LĐTT").exit_code == 0
    twice = cli("register", "-u", "Văn phòng")
    assert twice.exit_code != 0
    assert "đã đăng ký" in twice.stderr
    rows = _json(cli, "registration", "list")
    assert [(r["unit"], r["person"], r["target_title"]) for r in rows] == [
        ("Văn phòng", None, "Tập thể lao động tiên tiến"),
        ("Văn phòng", "Lê Thị Thu Hà", "Lao động tiên tiến"),  # the rule set's full name
    ]
    missing = _json(cli, "registration", "list", "--missing")
    assert len(missing["units"]) == 8
    assert len(missing["persons"]) == 23
    path = tmp_path / "dk.csv"
    path.write_text("Đơn vị,Họ và tên,Danh hiệu\nThanh tra,,TTLĐTT\nVP,Lê Thị Thu Hà,LĐTT\n")
    imported = cli("registration", "import", str(path))
    assert imported.exit_code == 0, imported.stderr
    assert "Đã nhập 1 đăng ký" in imported.stderr
    assert cli("registration", "remove", "-u", "Thanh tra").exit_code != 0
    assert cli("registration", "remove", "-u", "Thanh tra", "-y").exit_code == 0
    assert len(_json(cli, "registration", "list")) == 2


def test_kinds(cli, sample_db):
    kinds = _json(cli, "kind", "list")
    assert [k["code"] for k in kinds][:2] == ["giai_phap", "tuyen_truyen"]
    assert (
        cli("loại", "thêm", "Hiến đất", "--points", "5", "--alias", "hien dat lam duong").exit_code
        == 0
    )
    assert cli("kind", "edit", "tuyen truyen", "--points", "3", "--alias", "bài báo").exit_code == 0
    kinds = {k["code"]: k for k in _json(cli, "kind", "list")}
    assert kinds["hien_dat"]["points"] == 5
    assert kinds["tuyen_truyen"]["points"] == 3
    assert "bài báo" in kinds["tuyen_truyen"]["aliases"]
    used = cli("contribution", "add", "-u", "VP", "-k", "bài báo", "-t", "X", "-d", "01/06/2021")
    assert used.exit_code == 0, used.stderr
    taken = cli("kind", "add", "Mới", "--alias", "giải pháp")
    assert taken.exit_code != 0
    assert "Giải pháp, sáng kiến" in taken.stderr


def test_campaign_edit_cannot_drop_a_content_in_use(cli, sample_db):
    _add(cli, "--content", "4")
    before = dump(sample_db)
    result = cli("campaign", "edit", "--content", "Một nội dung duy nhất")
    assert result.exit_code != 0
    assert "nội dung thi đua số 4" in result.stderr
    assert "1 đóng góp" in result.stderr
    assert dump(sample_db) == before


def test_names_one_diacritic_apart_are_two_people(cli, sample_db, tmp_path):
    path = tmp_path / "nguoi.csv"
    path.write_text("Họ và tên,Đơn vị\nLê Văn Hùng,VP\nLê Văn Hưng,VP\n", encoding="utf-8")
    result = cli("person", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Đã nhập 2 người" in result.stderr
    contributions = tmp_path / "dg.csv"
    contributions.write_text(
        "Đơn vị,Họ và tên,Loại,Nội dung,Ngày\n"
        "VP,Lê Văn Hưng,khác,A,01/06/2021\n"
        "VP,Lê Văn Hùng,khác,B,01/06/2021\n",
        encoding="utf-8",
    )
    assert cli("contribution", "import", str(contributions)).exit_code == 0
    by_title = {i["title"]: i["person"] for i in _json(cli, "contribution", "list")}
    assert by_title == {"A": "Lê Văn Hưng", "B": "Lê Văn Hùng"}


def test_exports_open_in_libreoffice_with_typed_dates_and_money(cli, sample_db, tmp_path):
    """LibreOffice reads the export back with a real date and a real number, not text."""
    import subprocess

    _add(cli, "--amount", "1.500.000")
    export = tmp_path / "dong-gop.xlsx"
    assert cli("contribution", "export", "--out", str(export)).exit_code == 0
    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(out),
            str(export),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    import zipfile
    from xml.etree import ElementTree

    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    with zipfile.ZipFile(out / "dong-gop.ods") as ods:
        content = ElementTree.fromstring(ods.read("content.xml"))
    rows = list(content.iter(f"{table}table-row"))

    def cells(row):
        found = []
        for cell in row.iter(f"{table}table-cell"):
            repeat = int(cell.get(f"{table}number-columns-repeated", "1"))
            found += [cell] * min(repeat, 50)
        return found

    header = ["".join(c.itertext()) for c in cells(rows[0])]
    first = cells(rows[1])
    day = first[header.index("Ngày")]
    money = first[header.index("Số tiền (đồng)")]
    assert day.get(f"{office}value-type") == "date"
    assert day.get(f"{office}date-value", "").startswith("2021-06-15")
    assert money.get(f"{office}value-type") == "float"
    assert money.get(f"{office}value") == "1500000"


def test_unit_export_reimports_with_a_parent_listed_after_its_child(cli, sample_db, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "ten_don_vi,ma,don_vi_cap_tren\nTổ Văn thư,TVT,Phòng Hành chính\nPhòng Hành chính,PHC,\n",
        encoding="utf-8",
    )
    result = cli("unit", "import", str(path))
    assert result.exit_code == 0, result.stderr
    units = {u["name"]: u for u in _json(cli, "unit", "list")}
    assert units["Tổ Văn thư"]["parent_id"] == units["Phòng Hành chính"]["id"]
    loop = tmp_path / "loop.csv"
    loop.write_text("ten,don_vi_cap_tren\nA Một,B Hai\nB Hai,A Một\n", encoding="utf-8")
    refused = cli("unit", "import", str(loop))
    assert refused.exit_code != 0
    assert "vòng lặp" in refused.stderr


def test_every_bad_row_of_a_csv_is_listed_with_its_column(cli, sample_db, tmp_path):
    before = dump(sample_db)
    path = tmp_path / "xau.csv"
    path.write_text(
        "Đơn vị,Loại,Nội dung,Ngày,Số tiền\n"
        "VP,khác,Có chuông \a ở đây,01/06/2021,\n"
        "VP,khác,Bình thường,31/02/2021,\n"
        "VP,bóng đá,Bình thường,01/06/2021,-5\n"
        "VP,khác,Tốt,01/06/2021,1.000\n",
        encoding="utf-8",
    )
    result = cli("contribution", "import", str(path))
    assert result.exit_code != 0
    listed = result.stderr.rstrip().splitlines()
    assert listed[0].startswith("  Dòng 2, cột C (Nội dung): văn bản chứa ký tự điều khiển")
    assert listed[1] == "  Dòng 3, cột D (Ngày): ngày 31/02/2021 không tồn tại."
    assert listed[2].startswith("  Dòng 4, cột B (Loại): không có loại đóng góp “bóng đá”")
    assert listed[3] == "  Dòng 4, cột E (Số tiền): không được âm."
    assert listed[4].startswith("Lỗi: Tệp xau.csv có 4 lỗi, không dòng nào được nhập")
    assert dump(sample_db) == before


def test_import_past_a_batch_writes_and_logs_every_row(cli, sample_db, tmp_path, monkeypatch):
    """A sheet of one batch and one row more: every row written, each with its own log entry."""
    import datetime as dt

    from openpyxl import Workbook

    from stc_thidua import auditing

    monkeypatch.setattr(auditing, "BATCH", 2)
    book = Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Loại", "Nội dung", "Ngày", "Số tiền (đồng)"])
    sheet.append(["VP", "khác", "Một", dt.datetime(2021, 6, 1), 1_000])
    sheet.append(["TT", "giải pháp", "Hai “nháy”", "02/06/2021", 0])
    sheet.append(["QLNS", "xhh", "Ba", dt.datetime(2021, 6, 3), 3_000_000])
    sheet.cell(row=2, column=4).number_format = "dd/mm/yyyy"
    sheet.cell(row=4, column=4).number_format = "dd/mm/yyyy"
    path = tmp_path / "dong-gop.xlsx"
    book.save(path)
    result = cli("contribution", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Đã nhập 3 đóng góp" in result.stderr
    listed = sorted(_json(cli, "contribution", "list"), key=lambda i: i["id"])
    assert [(i["title"], i["date"], i["amount"]) for i in listed] == [
        ("Một", "2021-06-01", 1_000),
        ("Hai “nháy”", "2021-06-02", 0),
        ("Ba", "2021-06-03", 3_000_000),
    ]
    log = _json(cli, "log", "--entity", "contribution")
    inserts = sorted((e for e in log if e["action"] == "insert"), key=lambda e: e["entity_id"])
    assert [e["entity_id"] for e in inserts] == [i["id"] for i in listed]
    assert all(e["old_values"] is None for e in inserts)
    news = [e["new_values"] for e in inserts]
    assert [(n["id"], n["title"], n["occurred_on"], n["amount"]) for n in news] == [
        (i["id"], i["title"], i["date"], i["amount"]) for i in listed
    ]
    assert all(n["status"] == "cho_duyet" and n["verified_on"] is None for n in news)
    again = cli("contribution", "import", str(path))
    assert again.exit_code == 0, again.stderr
    assert "Đã nhập 0 đóng góp" in again.stderr
    assert "3 dòng đã có" in again.stderr

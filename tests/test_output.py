"""What the user reads: confirmations, labels not codes, documents by extension, escapes."""

from __future__ import annotations

import csv
import io
import json

import pytest

import stc_thidua.cli.common as cli_common
from stc_thidua.cli.common import yes_or_no
from stc_thidua.db import session_scope

# --- confirmations: [c/K], Vietnamese answers ----------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        ("c", True),
        ("có", True),
        ("Có", True),
        ("CO", True),
        ("y", True),
        ("Yes", True),
        (" c ", True),
        ("k", False),
        ("không", False),
        ("KHONG", False),
        ("Không", False),
        ("n", False),
        ("NO", False),
        ("", None),
        ("có lẽ", None),
        ("1", None),
        ("ok", None),
    ],
)
def test_yes_or_no_reads_vietnamese_and_english(answer, verdict):
    assert yes_or_no(answer) is verdict


@pytest.fixture
def terminal(monkeypatch):
    """As if a person sat at the terminal: confirmations ask instead of refusing."""
    monkeypatch.setattr(cli_common, "interactive", lambda: True)


def _unit_names(cli) -> list[str]:
    return [u["name"] for u in json.loads(cli("unit", "list", "--json").stdout)]


def test_confirmation_takes_co_and_asks_again_in_vietnamese(cli, sample_db, terminal):
    assert cli("unit", "add", "Tổ Một").exit_code == 0
    assert cli("unit", "add", "Tổ Hai").exit_code == 0
    kept = cli("unit", "remove", "Tổ Một", input="có lẽ\nkhông\n")
    assert kept.exit_code == 1
    assert "[c/K]" in kept.stdout
    assert "Hãy trả lời “c” (có) hoặc “k” (không)." in kept.stderr
    assert "Đã hủy" in kept.stderr
    assert "Aborted" not in kept.output
    assert "Tổ Một" in _unit_names(cli)
    removed = cli("unit", "remove", "Tổ Một", input="Có\n")
    assert removed.exit_code == 0, removed.stderr
    assert "Tổ Một" not in _unit_names(cli)
    enter = cli("unit", "remove", "Tổ Hai", input="\n")  # Enter takes the default: no
    assert enter.exit_code == 1
    assert "Tổ Hai" in _unit_names(cli)


def test_person_remove_confirms_the_same_way(cli, sample_db, terminal):
    assert cli("person", "add", "Lê Thị Hỏi", "-u", "VP").exit_code == 0
    assert cli("person", "remove", "Lê Thị Hỏi", input="k\n").exit_code == 1
    assert cli("person", "remove", "Lê Thị Hỏi", input="c\n").exit_code == 0


def test_without_a_terminal_the_flag_is_needed(cli, sample_db):
    assert cli("unit", "add", "Tổ Ba").exit_code == 0
    result = cli("unit", "remove", "Tổ Ba")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("Lỗi: Xóa đơn vị “Tổ Ba” (mã ")
    assert result.stderr.strip().endswith(": cần xác nhận, hãy thêm --yes.")


# --- labels, never codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "label", "codes"),
    [
        (("unit", "add", ""), "tên: không được để trống", ["(name)"]),
        (("campaign", "edit", "--number", "abc"), "số văn bản: phải là số", ["doc_number"]),
        (("campaign", "status", "xyz"), "đã phát động", ["da_phat_dong", "du_thao"]),
        (("unit", "add", "Phòng X", "--kind", "abc"), "Ban Giám đốc", ["ban_giam_doc", "phong,"]),
        (("person", "add", "A B", "-u", "VP", "--gender", "xx"), "Nữ", ["female", "male", "nu,"]),
        (("log", "--entity", "xx"), "đơn vị", ["agency_name", "campaign_content"]),
    ],
)
def test_errors_name_labels_not_codes(cli, sample_db, args, label, codes):
    result = cli(*args)
    assert result.exit_code != 0
    assert label in result.stderr
    assert not [code for code in codes if code in result.stderr], result.stderr


def test_log_shows_fields_and_values_in_vietnamese(cli, sample_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one table row per line
    assert cli("campaign", "launch").exit_code == 0
    assert cli("unit", "edit", "VP", "--kind", "Ban Giám đốc").exit_code == 0
    assert cli("person", "edit", "Trần Minh Tâm", "--gender", "nữ").exit_code == 0
    assert cli("unit", "edit", "QLNS", "--head-name", "Lê Văn C").exit_code == 0
    text = " ".join(cli("log", "-n", "4").stdout.replace("│", " ").split())
    assert "trạng thái: dự thảo → đã phát động" in text
    assert "loại: Văn phòng → Ban Giám đốc" in text
    assert "giới tính: Nam → Nữ" in text
    assert "họ tên trưởng đơn vị: Nguyễn Hoàng Nam → Lê Văn C" in text
    for code in ("du_thao", "da_phat_dong", "ban_giam_doc", "van_phong", "gender", "head_name"):
        assert code not in text
    codes = json.loads(cli("log", "-n", "4", "--json").stdout)
    assert {"status": "da_phat_dong"} in [e["new_values"] for e in codes]  # --json keeps codes


def test_every_audited_column_has_a_vietnamese_label():
    from sqlmodel import SQLModel

    from stc_thidua.auditing import AUDITED, DERIVED
    from stc_thidua.domain.audit import ENTITIES, field_label
    from stc_thidua.models import load_all

    load_all()
    tables = set(SQLModel.metadata.tables)
    assert tables >= AUDITED
    assert tables - AUDITED == {"setting", "audit_log"}  # every other table keeps its history
    for table in AUDITED:
        assert table in ENTITIES, table
        for column in SQLModel.metadata.tables[table].columns:
            if column.name != "id" and column.name not in DERIVED:
                assert field_label(table, column.name) != column.name, (table, column.name)


# --- stored values reach the terminal escaped ------------------------------------------------


def _log_row(db, **values: object) -> None:
    """A log entry as an older program (or a hand edit) might have left it."""
    from stc_thidua.models import AuditLog

    with session_scope(str(db)) as s:
        s.add(AuditLog(action="insert", entity="unit", entity_id=1, **values))  # type: ignore[arg-type]


def test_log_escapes_control_characters_of_stored_values(cli, sample_db):
    _log_row(sample_db, user="x\x1b[2Jy", new_values={"name": "Phòng\x1b]0;pwn\x07"})
    result = cli("log", "-n", "1")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "\\x1b" in result.stdout
    data = cli("log", "-n", "1", "--json").stdout
    assert "\x1b" not in data
    assert json.loads(data)[0]["user"] == "x\x1b[2Jy"  # escaped as JSON, the value unchanged


def test_json_escapes_bidirectional_overrides(cli, sample_db):
    _log_row(sample_db, user="\u202eexe.cod")
    data = cli("log", "-n", "1", "--json").stdout
    assert "\u202e" not in data
    assert "\\u202e" in data
    assert json.loads(data)[0]["user"] == "\u202eexe.cod"


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("\x1b[31mđỏ", "ký tự điều khiển"),
        ("a\nb", "ký tự điều khiển"),
        ("x" * 101, "dài quá 100"),
        ("   ", "không được để trống"),
    ],
)
def test_user_is_validated_like_a_name(cli, sample_db, user, expected):
    result = cli("--user", user, "unit", "add", "Tổ Người Dùng")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Lỗi: Người thao tác (--user)")
    assert expected in lines[0]
    assert "\x1b" not in result.stderr
    assert "Tổ Người Dùng" not in _unit_names(cli)


def test_a_valid_user_is_logged_cleaned(cli, sample_db):
    assert cli("--user", "  Chị   Lan ", "unit", "add", "Tổ Bốn").exit_code == 0
    assert json.loads(cli("log", "-n", "1", "--json").stdout)[0]["user"] == "Chị Lan"


# --- --debug -----------------------------------------------------------------------------------


def test_debug_adds_the_detail_on_a_second_line(cli, sample_db, monkeypatch):
    from stc_thidua.domain import campaigns
    from stc_thidua.errors import DatabaseError

    def broken(**_: object) -> None:
        raise DatabaseError("Máy chủ từ chối kết nối.", detail="FATAL: password failed")

    monkeypatch.setattr(campaigns, "find_campaign", broken)
    plain = cli("campaign", "show")
    assert plain.stderr.splitlines() == ["Lỗi: Máy chủ từ chối kết nối."]
    debug = cli("--debug", "campaign", "show")
    assert debug.exit_code == plain.exit_code == 1
    assert debug.stderr.splitlines() == [
        "Lỗi: Máy chủ từ chối kết nối.",
        "Chi tiết: FATAL: password failed",
    ]


# --- campaign show ---------------------------------------------------------------------------


def test_campaign_show_follows_the_plan(cli, sample_db):
    text = cli("campaign", "show").stdout
    lines = text.splitlines()
    labels = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    order = ["Mã", "Trạng thái", "Cơ quan cấp trên", "Tên cơ quan ban hành", "Số văn bản"]
    order += ["Địa danh", "Ngày ban hành", "Trích yếu", "Căn cứ", "Mục đích", "Yêu cầu"]
    order += ["Nội dung thi đua", "Chỉ tiêu", "Thời gian thi đua", "Ngày bắt đầu"]
    order += ["Ngày kết thúc", "Tổ chức thực hiện", "Nơi nhận", "Lưu", "Họ tên người ký"]
    assert [label for label in labels if label in order] == order
    assert "Trạng thái: dự thảo" in lines
    assert "Ngày ban hành: 04/2021" in lines
    assert "Ngày bắt đầu: 09/04/2021" in lines
    assert "Ngày kết thúc: 31/12/2021" in lines
    assert "  - Xã đạt chuẩn nông thôn mới (lũy kế cuối năm 2021): 55 xã" in lines
    for raw in ("55.0", "2021-04-09", "status", "du_thao", "id:"):
        assert raw not in text


def test_campaign_show_json_keeps_its_shape(cli, sample_db):
    from stc_thidua.domain.campaigns import campaign_data, find_campaign

    data = json.loads(cli("campaign", "show", "--json").stdout)
    with session_scope(str(sample_db)) as s:
        expected = campaign_data(session=s, campaign=find_campaign(session=s))
    assert data == {"id": data["id"], "status": "du_thao", **expected}
    assert data["start_date"] == "2021-04-09"
    assert data["targets"][0]["value"] == 55.0


# --- documents: the format follows the extension ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--out", "x.pdf"), ["x.pdf", ".pdf", ".md, .html hoặc .docx"]),
        (("--out", "x.txt"), ["x.txt", ".txt"]),
        (("-f", "docx", "--out", "x.html"), ["--format docx", ".html", "x.html"]),
        (("-f", "markdown", "--out", "x.docx"), ["--format md", ".docx"]),
        (
            (
                "-f",
                "pdf",
            ),
            ["PDF", "md, html hoặc docx"],
        ),
        (
            (
                "-f",
                "odt",
            ),
            ["“odt” không hợp lệ"],
        ),
    ],
)
def test_wrong_extension_or_format_is_refused(cli, sample_db, tmp_path, monkeypatch, args, words):
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path / "out")
    result = cli("report", "kehoach", *args)
    assert result.exit_code == 2
    for word in words:
        assert word in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("fmt", "name", "kind"),
    [("Word", "k.docx", "docx"), ("markdown", "k.md", "md"), ("htm", "k.htm", "html")],
)
def test_format_aliases_agree_with_the_extension(cli, sample_db, tmp_path, fmt, name, kind):
    out = tmp_path / name
    result = cli("report", "kehoach", "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert (data[:2] == b"PK") == (kind == "docx")
    assert (b"<html" in data) == (kind == "html")


def test_word_without_out_writes_a_file_and_prints_nothing(cli, sample_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("report", "kehoach", "--format", "Word")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (tmp_path / "ke-hoach-ntm-2021.docx").read_bytes()[:2] == b"PK"


def test_an_existing_output_is_replaced_only_when_asked(cli, sample_db, tmp_path, monkeypatch):
    out = tmp_path / "k.md"
    out.write_text("bản cũ", encoding="utf-8")
    refused = cli("report", "kehoach", "--out", str(out))
    assert refused.exit_code == 2
    assert "đã có" in refused.stderr
    assert "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "bản cũ"
    assert cli("report", "kehoach", "--out", str(out), "--force").exit_code == 0
    assert "KẾ HOẠCH" in out.read_text(encoding="utf-8")
    out.write_text("bản cũ", encoding="utf-8")
    monkeypatch.setattr(cli_common, "interactive", lambda: True)
    kept = cli("report", "kehoach", "--out", str(out), input="k\n")
    assert kept.exit_code == 1
    assert out.read_text(encoding="utf-8") == "bản cũ"
    replaced = cli("report", "kehoach", "--out", str(out), input="c\n")
    assert replaced.exit_code == 0
    assert "KẾ HOẠCH" in out.read_text(encoding="utf-8")


def test_document_helper_for_other_documents():
    """A document with a PDF rendering accepts .pdf; one without refuses it."""
    from stc_thidua.cli.common import document_format
    from stc_thidua.errors import InvalidInput

    assert document_format(None, None) == "md"
    assert document_format("WORD", None) == "docx"
    assert document_format(None, io_path("k.HTML")) == "html"
    assert document_format(None, io_path("k.pdf"), ("md", "pdf")) == "pdf"
    assert document_format("md", io_path("ke-hoach")) == "md"
    with pytest.raises(InvalidInput):
        document_format(None, io_path("k.pdf"))


def io_path(name: str):
    from pathlib import Path

    return Path(name)


# --- CSV exports: Vietnamese headers, read back by the imports --------------------------------


def _rewrite(path, change) -> None:
    """Change every data row of an exported CSV file with `change(row)`, headers kept."""
    header, *rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [header] + [change(dict(zip(header, r, strict=True))) for r in rows]
    )
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_csv_exports_have_vietnamese_headers_and_import_back(cli, sample_db, tmp_path):
    units, people = tmp_path / "donvi.csv", tmp_path / "nguoi.csv"
    assert cli("unit", "export", "--out", str(units)).exit_code == 0
    assert cli("person", "export", "--out", str(people)).exit_code == 0
    unit_header = next(csv.reader(io.StringIO(units.read_text(encoding="utf-8-sig"))))
    person_header = next(csv.reader(io.StringIO(people.read_text(encoding="utf-8-sig"))))
    assert unit_header == [
        "Tên đơn vị",
        "Mã",
        "Loại",
        "Chức danh trưởng đơn vị",
        "Họ tên trưởng đơn vị",
        "Đơn vị cấp trên",
    ]
    assert person_header == ["Họ và tên", "Đơn vị", "Chức vụ", "Giới tính"]
    # the imports read these headers: the same files, names changed, come in beside the originals
    before_units = len(_unit_names(cli))
    before_people = len(json.loads(cli("person", "list", "--json").stdout))
    _rewrite(
        units,
        lambda r: [f"{r['Tên đơn vị']} mới", "", r["Loại"], r["Chức danh trưởng đơn vị"],
                   r["Họ tên trưởng đơn vị"], ""],
    )  # fmt: skip
    _rewrite(people, lambda r: [f"{r['Họ và tên']} Mới", r["Đơn vị"], r["Chức vụ"], r["Giới tính"]])
    assert cli("unit", "import", str(units)).exit_code == 0
    assert len(_unit_names(cli)) == 2 * before_units
    result = cli("person", "import", str(people))
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(cli("person", "list", "--json").stdout)) == 2 * before_people

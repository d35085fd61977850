"""Names: one diacritic apart is another name; ids shown and typed; uniqueness as typed."""

from __future__ import annotations

import json

import pytest
from dbdump import dump

from stc_thidua.errors import Ambiguous, InvalidInput, NotFound
from stc_thidua.text import clean_line, match, match_one, name_key

PEOPLE = ["Lê Văn Hùng", "Lê Văn Hưng", "Nguyễn Thị Lan", "Trần Thu"]


def pick(query: str, names: list[str] = PEOPLE) -> str:
    return match_one(query, names, lambda n: [n], "người")


# --- the lookup rule, without a database ------------------------------------------------------


def test_a_name_with_diacritics_matches_only_those_diacritics():
    assert pick("Lê Văn Hưng") == "Lê Văn Hưng"
    assert pick("lê văn hùng") == "Lê Văn Hùng"
    with pytest.raises(NotFound):
        pick("Lê Văn Hừng")
    with pytest.raises(NotFound):
        pick("Nguyễn Thị Lân")


def test_a_name_without_diacritics_folds_only_when_one_name_fits():
    with pytest.raises(Ambiguous) as info:
        pick("le van hung")
    assert "Lê Văn Hùng" in info.value.message
    assert "Lê Văn Hưng" in info.value.message
    assert pick("nguyen thi lan") == "Nguyễn Thị Lan"
    assert pick("tran thu") == "Trần Thu"


def test_an_exact_name_wins_over_its_folded_neighbours():
    names = ["Lan", "Lân", "Thu", "Thư"]
    assert pick("Lan", names) == "Lan"
    assert pick("THƯ", names) == "Thư"
    with pytest.raises(NotFound):
        pick("Lận", names)


def test_word_prefixes_keep_the_diacritics_typed():
    units = ["Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư"]
    assert pick("Phòng Ngân sách", units) == "Phòng Quản lý ngân sách"
    assert pick("phong ngan", units) == "Phòng Quản lý ngân sách"
    with pytest.raises(NotFound):
        pick("Phòng Ngan sách", units)


def test_match_tells_whether_it_was_exact():
    assert match("Lê  văn HÙNG", PEOPLE, lambda n: [n], "người").exact is True
    found = match("nguyen thi lan", PEOPLE, lambda n: [n], "người")
    assert (found.item, found.name, found.exact) == ("Nguyễn Thị Lan", "Nguyễn Thị Lan", False)


def test_invisible_characters_are_stripped_on_input():
    assert clean_line("Lê\u200b Văn\u00ad Hùng\ufeff") == "Lê Văn Hùng"
    assert pick("Lê Văn H\u200bùng") == "Lê Văn Hùng"
    assert name_key("Hùng") != name_key("Hưng")
    with pytest.raises(InvalidInput):
        pick("\u200b\u200d")


# --- people and units through the command line ------------------------------------------------


def test_hung_and_hung_are_two_people(cli, sample_db):
    assert cli("person", "add", "Lê Văn Hùng", "-u", "VP").exit_code == 0
    second = cli("person", "add", "Lê Văn Hưng", "-u", "VP")
    assert second.exit_code == 0, second.stderr
    again = cli("person", "add", "LÊ VĂN  HÙNG", "-u", "VP")
    assert again.exit_code != 0
    assert "đã có" in again.stderr
    shown = json.loads(cli("person", "show", "Lê Văn Hưng", "--json").stdout)
    assert shown["full_name"] == "Lê Văn Hưng"
    assert cli("person", "remove", "Lê Văn Hưng", "--yes").exit_code == 0
    left = [p["full_name"] for p in json.loads(cli("person", "list", "-u", "VP", "--json").stdout)]
    assert "Lê Văn Hùng" in left
    assert "Lê Văn Hưng" not in left


def test_an_accent_free_name_between_two_people_is_refused(cli, sample_db):
    for name in ("Lê Văn Hùng", "Lê Văn Hưng"):
        assert cli("person", "add", name, "-u", "VP").exit_code == 0
    before = dump(sample_db)
    result = cli("person", "remove", "le van hung", "--yes")
    assert result.exit_code != 0
    assert "Lê Văn Hùng" in result.stderr
    assert "Lê Văn Hưng" in result.stderr
    assert dump(sample_db) == before


def test_units_one_diacritic_apart(cli, sample_db):
    assert cli("unit", "add", "Tổ cán bộ").exit_code == 0
    other = cli("unit", "add", "Tổ cán bô")
    assert other.exit_code == 0, other.stderr
    shown = json.loads(cli("unit", "show", "Tổ cán bô", "--json").stdout)
    assert shown["name"] == "Tổ cán bô"


def test_person_import_of_hung_and_hung_succeeds(cli, sample_db, tmp_path):
    path = tmp_path / "nguoi.csv"
    path.write_text("ho_ten,don_vi\nLê Văn Hùng,VP\nLê Văn Hưng,VP\n", encoding="utf-8")
    result = cli("person", "import", str(path))
    assert result.exit_code == 0, result.stderr
    names = {p["full_name"] for p in json.loads(cli("person", "list", "--json").stdout)}
    assert {"Lê Văn Hùng", "Lê Văn Hưng"} <= names


def test_moving_a_person_checks_the_names_of_the_new_unit(cli, sample_db):
    assert cli("person", "add", "Lê Văn Hùng", "-u", "VP").exit_code == 0
    assert cli("person", "add", "Lê Văn Hùng", "-u", "Thanh tra").exit_code == 0
    before = dump(sample_db)
    moved = cli("person", "edit", "Lê Văn Hùng", "-u", "VP", "--move-to", "Thanh tra")
    assert moved.exit_code != 0
    assert "đã có" in moved.stderr
    renamed = cli("person", "edit", "Lê Văn Hùng", "-u", "VP", "--name", "Ngô Thanh Bình")
    assert renamed.exit_code != 0
    assert dump(sample_db) == before


def test_a_guessed_name_asks_before_moving(cli, sample_db):
    assert cli("person", "add", "Lê Văn Hùng", "-u", "VP").exit_code == 0
    before = dump(sample_db)
    guessed = cli("person", "edit", "le van hung", "--move-to", "Thanh tra")
    assert guessed.exit_code != 0
    assert "Lê Văn Hùng" in guessed.stderr
    assert "--yes" in guessed.stderr
    assert dump(sample_db) == before
    assert cli("person", "edit", "le van hung", "--move-to", "Thanh tra", "--yes").exit_code == 0
    exact = cli("person", "edit", "Lê Văn Hùng", "--move-to", "VP")
    assert exact.exit_code == 0, exact.stderr


def test_campaign_codes_are_unique_whatever_their_case(cli, sample_db):
    result = cli(
        "campaign", "create", "--code", "NTM-2021", "--agency", "STC", "--date", "2022",
        "--title", "T", "--signer-title", "Giám đốc", "--signer-name", "A",
    )  # fmt: skip
    assert result.exit_code != 0
    assert "ntm-2021" in result.stderr
    created = cli(
        "campaign", "create", "--code", "cds-2026", "--agency", "STC", "--date", "2026",
        "--title", "T", "--signer-title", "Giám đốc", "--signer-name", "A",
    )  # fmt: skip
    assert created.exit_code == 0
    clash = cli("campaign", "edit", "cds-2026", "--code", "NTM-2021")
    assert clash.exit_code != 0
    assert "Đã có phong trào" in clash.stderr


def test_unit_edit_with_an_empty_code_generates_one(cli, sample_db):
    assert cli("unit", "add", "Phòng Pháp chế", "--code", "").exit_code == 0
    assert json.loads(cli("unit", "show", "Phòng Pháp chế", "--json").stdout)["code"] == "PC"
    assert cli("unit", "edit", "Phòng Pháp chế", "--code", "X1").exit_code == 0
    assert cli("unit", "edit", "Phòng Pháp chế", "--code", "").exit_code == 0
    assert json.loads(cli("unit", "show", "Phòng Pháp chế", "--json").stdout)["code"] == "PC"


# --- ids: shown in every listing, and what a typed number means -------------------------------


@pytest.mark.parametrize(
    ("noun", "key"),
    [("unit", "name"), ("person", "full_name"), ("campaign", "code"), ("agency", "abbr")],
)
def test_every_listing_shows_the_id_a_number_means(cli, sample_db, noun, key):
    rows = json.loads(cli(noun, "list", "--json").stdout)
    assert all(isinstance(r["id"], int) for r in rows)
    table = cli(noun, "list").stdout
    assert "Mã" in table
    last = rows[-1]
    assert str(last["id"]) in table
    shown = cli(noun, "show", str(last["id"]), "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)[key] == last[key]


def test_a_number_no_listing_shows_is_refused(cli, sample_db):
    before = dump(sample_db)
    for noun in ("unit", "person"):
        result = cli(noun, "remove", "99999", "--yes")
        assert result.exit_code != 0
        assert "mã số 99999" in result.stderr
    assert dump(sample_db) == before


# --- the database itself holds the rule --------------------------------------------------------


def test_the_database_refuses_a_second_name_key(sample_db):
    from sqlmodel import select

    from stc_thidua.db import session_scope
    from stc_thidua.errors import Duplicate
    from stc_thidua.models import Person, Unit

    def add_twice() -> None:  # straight to the tables, past the domain's own check
        with session_scope() as s:
            unit = s.exec(select(Unit).where(Unit.code == "VP")).one()
            s.add(Person(unit_id=unit.id, full_name="Lê Văn Hùng"))  # type: ignore[arg-type]
            s.add(Person(unit_id=unit.id, full_name="lê  văn hùng"))  # type: ignore[arg-type]

    with pytest.raises(Duplicate) as info:
        add_twice()
    assert info.value.detail  # the server's own words, for --debug


# --- migration 0004 on a filled database of the revision before it ----------------------------


def _migration_0004() -> object:
    import importlib.util

    from stc_thidua.schema import MIGRATIONS_DIR

    path = MIGRATIONS_DIR / "versions" / "0004_name_keys.py"
    spec = importlib.util.spec_from_file_location("migration_0004", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_0004_keeps_every_row_and_keys_the_old_duplicates(isolated_db):
    """Rows an older thidua let in twice survive the upgrade; `db check` names them."""
    import datetime as dt

    import sqlalchemy as sa

    from stc_thidua import schema
    from stc_thidua.db import make_engine, resolve_url, session_scope
    from stc_thidua.domain.database import check_database
    from stc_thidua.models import Campaign, Person, Unit

    previous = _migration_0004().down_revision  # type: ignore[attr-defined]
    url = resolve_url(str(isolated_db))
    engine = make_engine(url)
    schema.upgrade(engine, previous)
    campaign = {
        "agency_id": 1, "parent_body": "", "agency_name": "Sở Tài chính", "agency_abbr": "STC",
        "doc_type": "KH", "place": "Sóc Trăng", "issued_year": 2021, "title": "T",
        "movement_name": "", "basis": [], "purposes": [], "requirements": [], "time_frame": "",
        "start_date": dt.date(2021, 1, 1), "end_date": dt.date(2021, 12, 31),
        "implementation": [], "recipients": [], "archive": "VT", "signer_prefix": "",
        "signer_prefix_title": "", "signer_title": "GĐ", "signer_name": "A", "status": "du_thao",
        "created_at": dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    }  # fmt: skip
    rows = {
        "agency": [{"id": 1, "abbr": "stc"}],
        "unit": [
            {"id": 1, "agency_id": 1, "name": "Văn phòng", "code": "VP", "kind": "van_phong",
             "head_title": "", "head_name": "", "parent_id": None},
            {"id": 2, "agency_id": 1, "name": "VĂN PHÒNG", "code": "VP2", "kind": "van_phong",
             "head_title": "", "head_name": "", "parent_id": None},
        ],
        "person": [
            {"id": 1, "unit_id": 1, "full_name": "Lê Văn Hùng", "position": "", "gender": ""},
            {"id": 2, "unit_id": 1, "full_name": "Lê Văn Hưng", "position": "", "gender": ""},
            {"id": 3, "unit_id": 1, "full_name": "Lê Văn Hùng", "position": "", "gender": ""},
        ],
        "campaign": [
            {"id": 1, "code": "NTM-2021", **campaign},
            {"id": 2, "code": "ntm-2021", **campaign},
        ],
    }  # fmt: skip
    with engine.begin() as conn:
        meta = sa.MetaData()
        for table, values in rows.items():
            conn.execute(sa.Table(table, meta, autoload_with=conn).insert(), values)
    engine.dispose()

    # a SQLite file upgrades on the normal open path of a writing command; a shared PostgreSQL
    # database only by `db upgrade`
    from stc_thidua.domain.database import upgrade_database

    upgrade_database(db=str(isolated_db))
    with session_scope(str(isolated_db)) as s:
        people = {p.id: (p.full_name, p.name_key) for p in s.exec(sa.select(Person)).scalars()}
        units = {u.id: u.name_key for u in s.exec(sa.select(Unit)).scalars()}
        codes = {c.id: c.code_key for c in s.exec(sa.select(Campaign)).scalars()}
        abbr = s.exec(sa.text("SELECT abbr FROM agency")).scalar_one()
    assert people == {
        1: ("Lê Văn Hùng", "lê văn hùng"),
        2: ("Lê Văn Hưng", "lê văn hưng"),
        3: ("Lê Văn Hùng", "lê văn hùng#3"),
    }
    assert units == {1: "văn phòng", 2: "văn phòng#2"}
    assert codes == {1: "ntm-2021", 2: "ntm-2021#2"}
    assert abbr == "STC"
    problems = check_database(url=url)
    assert len(problems) == 3
    assert any("(mã 3)" in p for p in problems)

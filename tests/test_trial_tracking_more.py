"""More defects the independent trial of tracking found (A8 onwards), each kept fixed by a test."""

from __future__ import annotations

import json

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

"""Vietnamese text rules: folding, keywords, matching, collation (no database)."""

from __future__ import annotations

import unicodedata

import pytest

from stc_thidua.errors import Ambiguous, InvalidInput, NotFound
from stc_thidua.text import choose, clean_line, fold, keyword, match_one, vi_key, vi_name_key


@pytest.mark.parametrize("typed", ["sokết", "soket", "sơ-kết", "SO KET", "Sơ Kết", "sơ_kết"])
def test_keyword_variants_are_one_word(typed):
    assert keyword(typed) == "soket"


def test_fold_handles_nfd_and_d_stroke():
    nfd = unicodedata.normalize("NFD", "Phòng Đầu tư")
    assert fold(nfd) == fold("PHONG DAU-TU") == "phong dau tu"


def test_clean_line_refuses_control_characters():
    with pytest.raises(InvalidInput):
        clean_line("abc\x00def")
    assert clean_line("  a \t b  ") == "a b"


UNITS = [
    "Phòng Quản lý ngân sách",
    "Phòng Tài chính đầu tư",
    "Phòng Tài chính doanh nghiệp",
    "Văn phòng",
]


def pick(query: str) -> str:
    return match_one(query, UNITS, lambda u: [u], "đơn vị")


def test_match_exact_and_word_prefixes():
    assert pick("van phong") == "Văn phòng"
    assert pick("Phòng Ngân sách") == "Phòng Quản lý ngân sách"
    assert pick("tai chinh dau tu") == "Phòng Tài chính đầu tư"


def test_match_ambiguous_lists_candidates():
    with pytest.raises(Ambiguous) as info:
        pick("phong tai chinh")
    assert "đầu tư" in info.value.message
    assert "doanh nghiệp" in info.value.message


def test_match_unknown_lists_closest():
    with pytest.raises(NotFound) as info:
        pick("phong ngan sach nha nuoc xyz")
    assert "gần nhất" in info.value.message
    assert "“Phòng Quản lý ngân sách”" in info.value.message


def test_vietnamese_alphabet_order():
    words = ["đa", "da", "ê", "e", "ơ", "ô", "o", "ư", "u", "ă", "â", "a", "b"]
    assert sorted(words, key=vi_key) == [
        "a",
        "ă",
        "â",
        "b",
        "da",
        "đa",
        "e",
        "ê",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
    ]


def test_tones_order_after_letters():
    # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(["má", "mạ", "mà", "ma", "mả", "mã"], key=vi_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]
    assert sorted(["an", "á"], key=vi_key) == ["á", "an"]


def test_names_sort_by_given_name_first():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Anh", "Đỗ Thị An"]
    assert sorted(names, key=vi_name_key) == [
        "Đỗ Thị An",
        "Nguyễn Thị An",
        "Lê Văn Anh",
        "Trần Văn Bình",
    ]


def test_choose_maps_or_refuses():
    options = {"md": "md", "html": "html"}
    assert choose("HTML", options, "Định dạng") == "html"
    with pytest.raises(InvalidInput, match="chọn một trong"):
        choose("pdf", options, "Định dạng")

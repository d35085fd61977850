"""Reward money and council votes, worked by hand from domain.md §4 and §6 (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stc_thidua.domain.money import percent_text, reward, round_up, vote
from stc_thidua.errors import InvalidInput
from stc_thidua.render.filters import money_in_words, vn_money


@pytest.mark.parametrize(
    ("coefficient", "salary", "raw", "amount"),
    [
        # domain.md §6, at 1.490.000 đ under Nghị định 91/2017 (the seed's year)
        (1.0, 1_490_000, 1_490_000, 1_490_000),  # CSTĐCS
        (0.3, 1_490_000, 447_000, 450_000),  # LĐTT
        (0.8, 1_490_000, 1_192_000, 1_200_000),  # TTLĐTT
        # the central Ban Thi đua - Khen thưởng's figures at 1.390.000 đ
        (0.8, 1_390_000, 1_112_000, 1_120_000),  # TTLĐTT
        (0.6, 1_390_000, 834_000, 840_000),  # Giấy khen, collective
        # 1.800.000 đ (1/7/2023 - 30/6/2024): 0,3 × 1.800.000 = 540.000 needs no rounding
        (0.3, 1_800_000, 540_000, 540_000),
        (0.6, 1_800_000, 1_080_000, 1_080_000),
        # 2.340.000 đ: CSTĐCS 2.340.000; LĐTT 702.000 → 710.000 with the rounding up
        (1.0, 2_340_000, 2_340_000, 2_340_000),
        (0.3, 2_340_000, 702_000, 710_000),
        (0.8, 2_340_000, 1_872_000, 1_880_000),
        (1.5, 2_340_000, 3_510_000, 3_510_000),
    ],
)
def test_reward_rounds_up_to_ten_thousand(coefficient, salary, raw, amount):
    result = reward(coefficient, salary, "len_10000")
    assert result.raw == Decimal(raw)
    assert result.amount == amount


def test_reward_without_rounding_keeps_the_product():
    assert reward(0.3, 2_340_000, "khong").amount == 702_000


def test_coefficients_are_exact_decimals():
    # 0.3 as a float is 0.29999...; the product must still be 447.000, not 446.999,99
    assert reward(0.3, 1_490_000).raw == Decimal("447000.0")
    assert reward(0.7, 1_000_000, "khong").amount == 700_000


def test_round_up_edges():
    assert round_up(0) == 0
    assert round_up(1) == 10_000
    assert round_up(10_000) == 10_000
    assert round_up(10_001) == 20_000


def test_money_prints_vietnamese_style_with_words():
    assert vn_money(2_340_000) == "2.340.000 đồng"
    assert money_in_words(2_340_000) == "Hai triệu ba trăm bốn mươi nghìn đồng"
    assert money_in_words(450_000) == "Bốn trăm năm mươi nghìn đồng"


@pytest.mark.parametrize(
    ("members", "votes", "threshold", "passed", "text"),
    [
        (9, 8, 80, True, "8/9 thành viên = 88,9% ≥ 80%: đạt"),
        (9, 7, 80, False, "7/9 thành viên = 77,8% < 80%: không đạt"),
        (10, 8, 80, True, "8/10 thành viên = 80% ≥ 80%: đạt"),
        (5, 4, 80, True, "4/5 thành viên = 80% ≥ 80%: đạt"),
        (11, 8, 80, False, "8/11 thành viên = 72,7% < 80%: không đạt"),
        (11, 9, 80, True, "9/11 thành viên = 81,8% ≥ 80%: đạt"),
        (7, 6, 80, True, "6/7 thành viên = 85,7% ≥ 80%: đạt"),
        (7, 5, 80, False, "5/7 thành viên = 71,4% < 80%: không đạt"),
        (15, 12, 80, True, "12/15 thành viên = 80% ≥ 80%: đạt"),
        (15, 11, 80, False, "11/15 thành viên = 73,3% < 80%: không đạt"),
        (10, 9, 90, True, "9/10 thành viên = 90% ≥ 90%: đạt"),
        (11, 9, 90, False, "9/11 thành viên = 81,8% < 90%: không đạt"),
        (9, 5, "qua_ban", True, "5/9 thành viên = 55,6% > 50% (quá bán): đạt"),
        (10, 5, "qua_ban", False, "5/10 thành viên = 50% ≤ 50% (quá bán): không đạt"),
        (1, 1, 80, True, "1/1 thành viên = 100% ≥ 80%: đạt"),
        (9, 0, 80, False, "0/9 thành viên = 0% < 80%: không đạt"),
    ],
)
def test_vote_is_counted_on_all_members(members, votes, threshold, passed, text):
    result = vote(members, votes, threshold)
    assert result.passed is passed
    assert result.text == text


def test_absent_members_voting_in_writing_count_among_all_members():
    # 9 members, 1 absent who voted in writing, 8 votes for: still 8/9 of ALL members
    assert vote(9, 8, 80, absent_written=1).text == "8/9 thành viên = 88,9% ≥ 80%: đạt"


def test_a_failing_share_never_prints_as_the_threshold():
    # 799/1000 = 79,9%; 1599/2000 = 79,95% would round to "80,0%"
    assert vote(2000, 1599, 80).text.startswith("1599/2000 thành viên = 79,9% < 80%")


@pytest.mark.parametrize(
    ("members", "votes", "absent", "message"),
    [
        (9, 10, 0, "nhiều hơn số thành viên"),
        (0, 0, 0, "ít nhất 1 thành viên"),
        (9, -1, 0, "không được âm"),
        (-3, 0, 0, "ít nhất 1 thành viên"),
        (9, 5, 10, "vắng"),
        (9, 5, -1, "không được âm"),
    ],
)
def test_impossible_votes_are_refused(members, votes, absent, message):
    with pytest.raises(InvalidInput, match=message):
        vote(members, votes, 80, absent_written=absent)


def test_percent_text():
    assert percent_text(Decimal("88.888")) == "88,9%"
    assert percent_text(Decimal(100)) == "100%"

"""Attacks on the commendation workflow: near-identical names, dates, numbers, corrections."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from commendation_fixtures import contribute, new_campaign, rate, register

from stc_thidua.db import session_scope
from stc_thidua.domain import proposals as P
from stc_thidua.domain.rules import Fact, Form, RuleSet, find_form
from stc_thidua.errors import Ambiguous, InvalidInput


def _set(*names: str) -> RuleSet:
    forms = tuple(
        Form(f"F{i}", name, (), "hinh_thuc", ("ca_nhan",), {}) for i, name in enumerate(names)
    )
    facts = {
        "valid_from": Fact(dt.date(2020, 1, 1), "x"),
        "valid_to": Fact(None, "x"),
        "rounding": Fact("len_10000", "x"),
    }
    return RuleSet("t", "Thử", "", facts, {}, forms)


def test_forms_one_diacritic_apart_stay_apart():
    rules = _set("Giấy khen", "Giầy khen")
    assert find_form(rules, "Giấy khen").code == "F0"
    assert find_form(rules, "giầy KHEN").code == "F1"
    with pytest.raises((Ambiguous, InvalidInput)):
        find_form(rules, "giay khen")  # without marks it could be either: refused, not guessed


def _decide_one(s, campaign, name, form, number, day, vote_day):
    drafted = P.propose(session=s, campaign=campaign, person=name, form=form, reason="x")
    P.submit(session=s, proposals=[drafted.proposal])
    P.council_vote(session=s, proposal=drafted.proposal, members=9, votes_for=9, voted_on=vote_day)
    (reward,) = P.decide(session=s, proposals=[drafted.proposal], number=number, on=day)
    return reward


def _ready(s, campaign, name, year):
    register(s, campaign, name, "LĐTT")
    contribute(s, campaign, name)
    rate(s, name, year, "tốt")


def test_decision_numbers_restart_each_year(isolated_db, sample_db):
    with session_scope() as s:
        c21 = new_campaign(s, 2021, "t-2021")
        c22 = new_campaign(s, 2022, "t-2022")
        _ready(s, c21, "Mai Văn Lộc", 2021)
        _ready(s, c22, "Mai Văn Lộc", 2022)
        a = _decide_one(
            s, c21, "Mai Văn Lộc", "LĐTT", 45, dt.date(2021, 12, 20), dt.date(2021, 12, 15)
        )
        b = _decide_one(
            s, c22, "Mai Văn Lộc", "LĐTT", 45, dt.date(2022, 12, 20), dt.date(2022, 12, 15)
        )
    assert (a.amount, b.amount) == (450_000, 450_000)


def test_money_follows_the_salary_in_force_on_the_decision_date(isolated_db, sample_db):
    with session_scope() as s:
        c23 = new_campaign(s, 2023, "t-2023")
        _ready(s, c23, "Mai Văn Lộc", 2023)
        _ready(s, c23, "Hồ Thị Diễm My", 2023)
        before = _decide_one(
            s, c23, "Mai Văn Lộc", "LĐTT", 1, dt.date(2023, 6, 30), dt.date(2023, 6, 1)
        )
        after = _decide_one(
            s, c23, "Hồ Thị Diễm My", "LĐTT", 2, dt.date(2023, 7, 1), dt.date(2023, 6, 1)
        )
    assert (before.base_salary, before.amount) == (1_490_000, 450_000)
    assert (after.base_salary, after.amount) == (1_800_000, 540_000)


def test_a_2024_decision_flags_its_unconfirmed_rounding(isolated_db, sample_db):
    with session_scope() as s:
        c24 = new_campaign(s, 2024, "t-2024")
        _ready(s, c24, "Mai Văn Lộc", 2024)
        reward = _decide_one(
            s, c24, "Mai Văn Lộc", "LĐTT", 7, dt.date(2024, 12, 20), dt.date(2024, 12, 1)
        )
    assert reward.raw == 702_000
    assert reward.amount == 710_000
    assert reward.rounding_unconfirmed is True
    assert "chưa xác nhận" in reward.text


def test_user_corrections_reach_the_money(cli, isolated_db, sample_db):
    assert (
        cli("rules", "salary", "add", "--from", "01/7/2026", "--amount", "2.530.000").exit_code == 0
    )
    assert cli("rules", "set", "nd152-2025", "rounding", "không", "--source", "Thử").exit_code == 0
    with session_scope() as s:
        c26 = new_campaign(s, 2026, "t-2026")
        _ready(s, c26, "Mai Văn Lộc", 2026)
        reward = _decide_one(
            s, c26, "Mai Văn Lộc", "LĐTT", 3, dt.date(2026, 7, 2), dt.date(2026, 7, 1)
        )
    assert (reward.base_salary, reward.amount) == (2_530_000, 759_000)


def test_closed_proposals_stay_closed(cli, isolated_db, sample_db):
    with session_scope() as s:
        c = new_campaign(s, 2021, "t-2021")
        _ready(s, c, "Mai Văn Lộc", 2021)
        pid = P.propose(session=s, campaign=c, person="Mai Văn Lộc", form="LĐTT").proposal.id
    assert cli("proposal", "withdraw", str(pid)).exit_code == 0
    for args in (
        ("council", "vote", str(pid), "-m", "9", "--for", "9"),
        ("proposal", "submit", str(pid)),
        ("proposal", "decide", str(pid), "-n", "1", "-d", "20/12/2021"),
        ("proposal", "edit", str(pid), "--reason", "y"),
        ("proposal", "withdraw", str(pid)),
    ):
        result = cli(*args)
        assert result.exit_code != 0, args
        assert "đã rút" in result.stderr, (args, result.stderr)
    again = cli("propose", "--person", "Mai Văn Lộc", "--form", "LĐTT", "-c", "t-2021")
    assert again.exit_code == 0, again.stderr  # a withdrawn proposal does not block a new one
    dup = cli("propose", "--person", "Mai Văn Lộc", "--form", "LĐTT", "-c", "t-2021")
    assert dup.exit_code != 0
    assert "đã có đề xuất số" in dup.stderr


def test_namesakes_one_diacritic_apart_are_never_confused(cli, sample_db):
    assert cli("person", "add", "Lê Văn Hùng", "-u", "QLNS").exit_code == 0
    assert cli("person", "add", "Lê Văn Hưng", "-u", "HCSN").exit_code == 0
    result = cli("propose", "--person", "Lê Văn Hưng", "--json")
    if result.exit_code == 0:
        (item,) = json.loads(result.stdout)["proposals"]
        assert item["nominee"] == "Lê Văn Hưng"
    else:
        assert "nhiều" in result.stderr  # refused as ambiguous, never the wrong person
    narrowed = cli("propose", "--person", "Lê Văn Hùng", "--unit", "QLNS", "--json")
    assert narrowed.exit_code == 0, narrowed.stderr
    assert json.loads(narrowed.stdout)["proposals"][0]["nominee"] == "Lê Văn Hùng"

"""Rule sets as dated data: the period in force, flags, the user's corrections, the salary."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from dbdump import dump

from stc_thidua.db import session_scope
from stc_thidua.domain import rules
from stc_thidua.errors import InvalidInput

D = dt.date


def test_every_shipped_value_has_a_source():
    for rule_set in rules.shipped_rule_sets():
        for row in rules.rule_rows(rule_set):
            assert row.source.strip(), (rule_set.code, row.key)
        assert {f.code for f in rule_set.forms} >= {"LDTT", "CSTDCS", "TTLDTT", "GK"}


def test_shipped_periods_follow_each_other():
    sets = rules.shipped_rule_sets()
    assert [s.code for s in sets] == ["nd91-2017", "nd98-2023", "nd152-2025"]
    assert sets[0].valid_to == D(2023, 12, 31)
    assert sets[1].valid_from == D(2024, 1, 1)
    assert sets[1].valid_to == D(2025, 6, 30)
    assert sets[2].valid_from == D(2025, 7, 1)
    assert sets[2].valid_to is None


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (D(2021, 4, 9), "nd91-2017"),
        (D(2023, 12, 31), "nd91-2017"),
        (D(2024, 1, 1), "nd98-2023"),
        (D(2025, 6, 30), "nd98-2023"),
        (D(2025, 7, 1), "nd152-2025"),
        (D(2026, 3, 1), "nd152-2025"),
    ],
)
def test_rule_set_in_force(isolated_db, day, code):
    with session_scope() as s:
        assert rules.rule_set_on(session=s, on=day).code == code


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (D(2019, 6, 30), 1_390_000),
        (D(2019, 7, 1), 1_490_000),
        (D(2021, 12, 20), 1_490_000),
        (D(2023, 6, 30), 1_490_000),
        (D(2023, 7, 1), 1_800_000),
        (D(2024, 6, 30), 1_800_000),
        (D(2024, 7, 1), 2_340_000),
        (D(2026, 11, 1), 2_340_000),
    ],
)
def test_base_salary_on_a_date(isolated_db, day, amount):
    with session_scope() as s:
        assert rules.salary_on(session=s, on=day).amount == amount


def test_unconfirmed_values_are_flagged_as_domain_md_says():
    by_code = {s.code: s for s in rules.shipped_rule_sets()}
    nd91, nd98, nd152 = by_code["nd91-2017"], by_code["nd98-2023"], by_code["nd152-2025"]

    def coef(rule_set, code, nominee):
        fact = rule_set.form(code).coefficient(nominee)
        return fact.value, fact.unconfirmed

    assert coef(nd91, "LDTT", "ca_nhan") == (0.3, False)
    assert coef(nd91, "TTLDTT", "tap_the") == (0.8, False)
    assert coef(nd91, "GK", "tap_the") == (0.6, False)
    assert coef(nd91, "GK", "ca_nhan") == (0.3, True)
    assert coef(nd91, "TTLDXS", "tap_the") == (1.5, True)
    assert coef(nd98, "TTLDTT", "tap_the")[1] is True
    assert coef(nd98, "CSTDT", "ca_nhan") == (3.0, False)
    assert coef(nd152, "TTLDTT", "tap_the") == (0.8, False)
    assert coef(nd152, "BKT", "tap_the") == (3.0, False)
    assert coef(nd152, "GK", "ca_nhan")[1] is True
    assert nd91.fact("rounding").unconfirmed is False
    assert nd98.fact("rounding").unconfirmed is True
    assert nd152.fact("rounding").unconfirmed is True
    assert nd98.form("CSTDCS").fact("threshold").value == 80
    assert nd98.form("CSTDCS").fact("threshold").unconfirmed is False
    assert nd152.form("CSTDCS").fact("threshold").unconfirmed is True
    assert nd98.form("LDTT").fact("threshold").value == "qua_ban"
    assert nd98.form("LDTT").fact("threshold").unconfirmed is True


def test_cap_only_under_91_2017():
    by_code = {s.code: s for s in rules.shipped_rule_sets()}
    assert by_code["nd91-2017"].fact("cstdcs_cap").value == 0.15
    assert by_code["nd98-2023"].fact("cstdcs_cap").value == 0
    assert by_code["nd152-2025"].fact("cstdcs_cap").value == 0


def test_deciders():
    nd98 = rules.shipped_rule_sets()[1]
    assert [f.code for f in nd98.forms if f.head_decides] == ["LDTT", "CSTDCS", "TTLDTT", "GK"]
    assert nd98.form("BKT").decider_title == "Chủ tịch Ủy ban nhân dân tỉnh"


@pytest.mark.parametrize(
    "typed", ["LĐTT", "ldtt", "Lao động tiên tiến", "lao dong tien tien", "LAO-ĐỘNG TIÊN TIẾN"]
)
def test_forms_are_found_with_or_without_diacritics(typed):
    assert rules.find_form(rules.shipped_rule_sets()[0], typed).code == "LDTT"


def test_unknown_form_lists_the_valid_ones():
    with pytest.raises(InvalidInput, match="Lao động tiên tiến \\(LDTT\\)"):
        rules.find_form(rules.shipped_rule_sets()[0], "Huân chương Lao động")


def test_cli_list_and_show_flags(cli, isolated_db):
    assert cli("db", "upgrade").exit_code == 0  # reading commands never create a database
    listed = json.loads(cli("rules", "list", "--date", "15/6/2021", "--json").stdout)
    assert [r["code"] for r in listed if r["in_force"]] == ["nd91-2017"]
    shown = json.loads(cli("quy-định", "xem", "--date", "2024-03-01", "--json").stdout)
    assert shown["code"] == "nd98-2023"
    assert shown["base_salary"]["amount"] == 1_800_000
    values = {v["key"]: v for v in shown["values"]}
    assert values["rounding"]["unconfirmed"] is True
    assert values["forms.LDTT.coefficient_person"]["unconfirmed"] is False
    assert values["forms.LDTT.coefficient_person"]["source"].startswith("Nghị định 98/2023")
    human = cli("rules", "show", "nd98-2023")
    assert human.exit_code == 0
    assert "CHƯA" in human.stdout  # the flag (Rich may wrap the cell)


def test_cli_set_and_reset_a_value(cli, isolated_db):
    result = cli(
        "rules",
        "set",
        "nd98-2023",
        "forms.TTLĐTT.coefficient_collective",
        "0,8",
        "--source",
        "Nghị định 98/2023/NĐ-CP (bản đã kiểm tra)",
    )
    assert result.exit_code == 0, result.stderr
    shown = json.loads(cli("rules", "show", "nd98-2023", "--json").stdout)
    value = {v["key"]: v for v in shown["values"]}["forms.TTLDTT.coefficient_collective"]
    assert value["value"] == 0.8
    assert value["unconfirmed"] is False
    assert value["corrected"] is True
    log = json.loads(cli("log", "--entity", "rule_override", "--json").stdout)
    assert len(log) == 1
    assert cli("rules", "reset", "nd98-2023", "forms.TTLDTT.coefficient_collective").exit_code == 0
    shown = json.loads(cli("rules", "show", "nd98-2023", "--json").stdout)
    value = {v["key"]: v for v in shown["values"]}["forms.TTLDTT.coefficient_collective"]
    assert value["unconfirmed"] is True


def test_cli_threshold_and_cap_corrections(cli, isolated_db):
    ok = cli("rules", "set", "nd152-2025", "forms.CSTDCS.threshold", "80%", "--source", "NĐ 152")
    assert ok.exit_code == 0, ok.stderr
    cap = cli("rules", "set", "nd152-2025", "cstdcs_cap", "15%", "--source", "thử")
    assert cap.exit_code == 0, cap.stderr
    with session_scope() as s:
        rule_set = rules.find_rule_set(session=s, query="nd152-2025")
    assert rule_set.form("CSTDCS").fact("threshold").value == 80
    assert rule_set.fact("cstdcs_cap").value == 0.15


def test_cli_salary_add_changes_the_amount_in_force(cli, isolated_db):
    added = cli(
        "rules", "salary", "add", "--from", "01/7/2026", "--amount", "2.530.000", "--source", "NĐ"
    )
    assert added.exit_code == 0, added.stderr
    shown = json.loads(cli("rules", "show", "--date", "2026-07-01", "--json").stdout)
    assert shown["base_salary"]["amount"] == 2_530_000
    before = json.loads(cli("rules", "show", "--date", "2026-06-30", "--json").stdout)
    assert before["base_salary"]["amount"] == 2_340_000
    again = cli("rules", "salary", "add", "--from", "2026-07-01", "--amount", "2600000")
    assert again.exit_code != 0
    assert "Đã có mức lương cơ sở" in again.stderr


def test_cli_period_add_inherits_flagged(cli, isolated_db):
    added = cli(
        "rules", "period", "add", "nd99-2027", "--from", "01/01/2027", "--name", "Nghị định 99"
    )
    assert added.exit_code == 0, added.stderr
    listed = json.loads(cli("rules", "list", "--date", "2027-02-01", "--json").stdout)
    assert [r["code"] for r in listed if r["in_force"]] == ["nd99-2027"]
    shown = json.loads(cli("rules", "show", "nd99-2027", "--json").stdout)
    assert shown["based_on"] == "nd152-2025"
    coef = {v["key"]: v for v in shown["values"]}["forms.LDTT.coefficient_person"]
    assert coef["value"] == 0.3
    assert coef["unconfirmed"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rules", "set", "nd98-2023", "bogus", "1", "--source", "x"], "Khóa “bogus”"),
        (["rules", "set", "nd98-2023", "cstdcs_cap", "abc", "--source", "x"], "phải là một số"),
        (["rules", "set", "nd98-2023", "forms.LDTT.threshold", "120%", "--source", "x"], "Tỷ lệ"),
        (["rules", "set", "nd98-2023", "rounding", "lên", "--source", "x"], "Cách làm tròn"),
        (["rules", "set", "nd98-2023", "cstdcs_cap", "0,2", "--source", " "], "căn cứ"),
        (["rules", "set", "nd77-1999", "cstdcs_cap", "0,2", "--source", "x"], "quy định"),
        (["rules", "salary", "add", "--from", "31/02/2026", "--amount", "1"], "ngày"),
        (["rules", "salary", "add", "--from", "01/7/2026", "--amount", "-5"], "Số tiền"),
        (["rules", "salary", "add", "--from", "01/7/2026", "--amount", "0"], "lớn hơn 0"),
        (["rules", "show", "--date", "hôm qua"], "không phải ngày"),
        (["rules", "period", "add", "nd 9", "--from", "01/01/2027", "--name", "x"], "Mã quy định"),
    ],
)
def test_bad_rule_input_writes_nothing(cli, sample_db, args, message):
    before = dump(sample_db)
    result = cli(*args)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert dump(sample_db) == before


def test_campaign_uses_the_rules_of_its_date_unless_it_names_one(cli, sample_db):
    from stc_thidua.domain.campaigns import find_campaign

    with session_scope() as s:
        campaign = find_campaign(session=s, query="ntm-2021")
        assert rules.rule_set_for(session=s, campaign=campaign).code == "nd91-2017"
    assert cli("rules", "use", "nd98-2023", "--campaign", "ntm-2021").exit_code == 0
    with session_scope() as s:
        campaign = find_campaign(session=s, query="ntm-2021")
        assert rules.rule_set_for(session=s, campaign=campaign).code == "nd98-2023"
    assert cli("rules", "use", "tự-động").exit_code == 0
    with session_scope() as s:
        campaign = find_campaign(session=s, query="ntm-2021")
        assert rules.rule_set_for(session=s, campaign=campaign).code == "nd91-2017"

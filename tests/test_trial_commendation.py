"""Trial findings on commendation (tester B), each worked by hand from the law (domain.md §3–§6)."""

from __future__ import annotations

import datetime as dt

import pytest
from commendation_fixtures import contribute, new_campaign, rate, register

from stc_thidua.db import session_scope
from stc_thidua.domain import proposals as P
from stc_thidua.errors import InvalidInput
from stc_thidua.models import Proposal

VOTED = dt.date(2024, 12, 10)
DECIDED = dt.date(2024, 12, 23)


def _passed(s, campaign, name, form, **kw):
    """A proposal drafted, submitted and passed by a council of 9 voting 9 for."""
    drafted = P.propose(session=s, campaign=campaign, form=form, reason="Thành tích", **kw)
    P.submit(session=s, proposals=[drafted.proposal])
    P.council_vote(session=s, proposal=drafted.proposal, members=9, votes_for=9, voted_on=VOTED)
    return drafted.proposal


def _ldtt_and_cstdcs(s):
    """Mai Văn Lộc, registered, rated "xuất sắc", with one verified solution in 2024."""
    campaign = new_campaign(s, 2024, "b1-2024")
    register(s, campaign, "Mai Văn Lộc", "LĐTT")
    contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="GP")
    rate(s, "Mai Văn Lộc", 2024, "xuất sắc")
    ldtt = _passed(s, campaign, "Mai Văn Lộc", "LĐTT", person="Mai Văn Lộc")
    cstdcs = _passed(s, campaign, "Mai Văn Lộc", "CSTĐCS", person="Mai Văn Lộc")
    return campaign, ldtt, cstdcs


# --- B1: a dependent title is decided only with or after its prerequisite ---------------------


def test_b1_cstdcs_is_not_decided_before_its_ldtt(isolated_db, sample_db):
    # Law 2022 Art. 23: a CSTĐCS must BE a LĐTT; a LĐTT merely passed by the council is not.
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
        with pytest.raises(InvalidInput) as caught:
            P.decide(session=s, proposals=[cstdcs], number=46, on=DECIDED)
        message = caught.value.message
        assert f"số {cstdcs.id}" in message
        assert f"đề xuất số {ldtt.id} chưa quyết định" in message
        assert "cùng hoặc sau Lao động tiên tiến" in message
    with session_scope() as s:
        assert s.get(Proposal, cstdcs.id).status == "hd_dat"  # nothing written


def test_b1_cstdcs_decided_with_its_ldtt_then_the_ldtt_cannot_be_rejected(isolated_db, sample_db):
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
        P.decide(session=s, proposals=[ldtt, cstdcs], number=46, on=DECIDED)
        assert (ldtt.status, cstdcs.status) == ("da_quyet_dinh", "da_quyet_dinh")
        with pytest.raises(InvalidInput):  # a decided LĐTT cannot be rejected at all
            P.reject(session=s, proposal=ldtt, note="Sai sót hồ sơ")


def test_b1_cstdcs_decided_after_its_ldtt_in_a_later_decision(isolated_db, sample_db):
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
        P.decide(session=s, proposals=[ldtt], number=46, on=DECIDED)
        P.decide(session=s, proposals=[cstdcs], number=47, on=DECIDED)
        assert cstdcs.status == "da_quyet_dinh"


def test_b1_an_ldtt_a_decided_cstdcs_rests_on_is_not_rejected_nor_withdrawn(isolated_db, sample_db):
    # A database from before the fix: CSTĐCS decided while its LĐTT was only passed.
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
        cstdcs.status = "da_quyet_dinh"
        s.add(cstdcs)
        s.flush()
        with pytest.raises(InvalidInput) as caught:
            P.reject(session=s, proposal=ldtt, note="Sai sót hồ sơ")
        assert f"đề xuất số {ldtt.id}" in caught.value.message
        assert f"đề xuất số {cstdcs.id}" in caught.value.message
        ldtt.status = "da_trinh"  # withdrawing is refused the same way
        with pytest.raises(InvalidInput, match=f"đề xuất số {cstdcs.id}"):
            P.withdraw(session=s, proposal=ldtt)


def _unit_with_two_ldtt(s):
    """Phòng Tin học và Thống kê: 2 members, both LĐTT-worthy; 70% of 2 needs both."""
    campaign = new_campaign(s, 2024, "b1t-2024")
    register(s, campaign, "Phòng Tin học và Thống kê", "TTLĐTT")
    contribute(s, campaign, "Phòng Tin học và Thống kê", "mo_hinh", title="Mô hình")
    members = []
    for name in ("Kim Sô Phal", "Bùi Thị Ngọc Ánh"):
        register(s, campaign, name, "LĐTT")
        contribute(s, campaign, name, title=f"Tuyên truyền của {name}")
        rate(s, name, 2024, "tốt")
        members.append(_passed(s, campaign, name, "LĐTT", person=name))
    unit = _passed(s, campaign, "", "TTLĐTT", unit="Phòng Tin học và Thống kê")
    return members, unit


def test_b1_ttldtt_counts_only_ldtt_decided_earlier_or_with_it(isolated_db, sample_db):
    with session_scope() as s:
        members, unit = _unit_with_two_ldtt(s)
        with pytest.raises(InvalidInput) as caught:  # 1/2 = 50% < 70%
            P.decide(session=s, proposals=[members[0], unit], number=50, on=DECIDED)
        assert "1/2 thành viên được quyết định Lao động tiên tiến = 50% < 70%" in (
            caught.value.message
        )
        assert f"số {members[1].id} chưa quyết định" in caught.value.message
    with session_scope() as s:
        members = [s.get(Proposal, m.id) for m in members]
        unit = s.get(Proposal, unit.id)
        P.decide(session=s, proposals=[*members, unit], number=50, on=DECIDED)  # 2/2 = 100%
        assert unit.status == "da_quyet_dinh"


def test_b1_ttldtt_member_ldtt_it_rests_on_cannot_be_rejected(isolated_db, sample_db):
    with session_scope() as s:
        members, unit = _unit_with_two_ldtt(s)
        unit.status = "da_quyet_dinh"  # decided before the fix, members still pending
        s.add(unit)
        s.flush()
        with pytest.raises(InvalidInput, match=f"đề xuất số {unit.id}"):
            P.reject(session=s, proposal=members[1], note="Sai sót")


def test_b1_cli_refuses_with_one_sentence(isolated_db, sample_db, cli):
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
    result = cli("proposal", "decide", str(cstdcs.id), "--number", "46", "--date", "23/12/2024")
    assert result.exit_code != 0
    assert f"đề xuất số {ldtt.id} chưa quyết định" in result.stderr


# --- B2: one achievement earns one form; a form needs an achievement of its own ---------------


def _two_achievements(s, year=2021):
    """Hồ Thị Diễm My: registered LĐTT, rated "xuất sắc", a solution and a propaganda."""
    campaign = new_campaign(s, year, f"b2-{year}")
    register(s, campaign, "Hồ Thị Diễm My", "LĐTT")
    gp = contribute(s, campaign, "Hồ Thị Diễm My", "giai_phap", title="GP 2")
    tt = contribute(s, campaign, "Hồ Thị Diễm My", title="TT 2")
    rate(s, "Hồ Thị Diễm My", year, "xuất sắc")
    return campaign, {gp, tt}


def _cited(s, proposal):
    return {a.id for a in P.info(session=s, proposal=proposal).achievements}


def test_b2_giay_khen_with_no_achievement_left_is_an_error(isolated_db, sample_db):
    with session_scope() as s:
        campaign, both = _two_achievements(s)
        ldtt = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="LĐTT")
        assert _cited(s, ldtt.proposal) == both
        gk = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="Giấy khen")
        assert _cited(s, gk.proposal) == set()
        (error,) = [p for p in gk.problems if p.severity == "error"]
        assert error.rule == "achievement_reused"
        assert f"đề xuất số {ldtt.proposal.id}" in error.message
        assert "một thành tích chỉ đề nghị một hình thức" in error.message
        with pytest.raises(InvalidInput, match=f"số {gk.proposal.id}"):
            P.submit(session=s, proposals=[ldtt.proposal, gk.proposal])


def test_b2_giay_khen_takes_the_achievement_left_free(isolated_db, sample_db):
    with session_scope() as s:
        campaign, both = _two_achievements(s)
        gk = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="Giấy khen")
        assert _cited(s, gk.proposal) == both
        ldtt = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="LĐTT")
        assert any(p.rule == "achievement_reused" for p in ldtt.problems)  # and the reverse
        P.edit(session=s, proposal=gk.proposal, remove=(min(both),))
        fixed = P.check(session=s, proposals=[gk.proposal, ldtt.proposal])
        assert [p for p in fixed[gk.proposal.id] if p.severity == "error"] == []


def test_b2_a_cstdcs_shares_the_achievements_of_the_same_persons_ldtt(isolated_db, sample_db):
    # LĐTT and CSTĐCS of one person are one ladder of titles resting on the same year's work
    with session_scope() as s:
        campaign, both = _two_achievements(s)
        P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="LĐTT")
        cstdcs = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="CSTĐCS")
        assert _cited(s, cstdcs.proposal) == both
        assert cstdcs.proposal.reason.startswith("Có 1 giải pháp, sáng kiến được công nhận")
        assert not any(p.rule == "achievement_reused" for p in cstdcs.problems)


# --- B5: several titles for one achievement pay the highest only (NĐ 91/2017 Đ.66.2.c) -------


def test_b5_ldtt_and_cstdcs_in_one_decision_pay_the_cstdcs_only(isolated_db, sample_db):
    # 2024, base salary 2.340.000: CSTĐCS 1,0 × 2.340.000 = 2.340.000; LĐTT 0,3 × 2.340.000
    # = 702.000. One person, one year's achievement: only the higher, 2.340.000 đồng.
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
        rewards = P.decide(session=s, proposals=[ldtt, cstdcs], number=46, on=DECIDED)
        assert (ldtt.amount, cstdcs.amount) == (0, 2_340_000)
        assert sum(r.payable for r in rewards) == 2_340_000
        assert "chỉ nhận mức tiền thưởng cao nhất" in rewards[0].text


def test_b5_a_cstdcs_decided_after_its_ldtt_pays_the_difference(isolated_db, sample_db):
    # LĐTT paid first (702.000 → 710.000 with the period's rounding); the CSTĐCS then brings the
    # person to 2.340.000 in all: 2.340.000 − 710.000 = 1.630.000.
    with session_scope() as s:
        _, ldtt, cstdcs = _ldtt_and_cstdcs(s)
        P.decide(session=s, proposals=[ldtt], number=46, on=DECIDED)
        P.decide(session=s, proposals=[cstdcs], number=47, on=DECIDED)
        assert (ldtt.amount, cstdcs.amount) == (710_000, 1_630_000)


def test_b5_a_title_and_a_form_for_separate_achievements_both_pay(isolated_db, sample_db):
    # 2021: LĐTT 0,3 × 1.490.000 = 447.000 → 450.000; Giấy khen cá nhân 0,3 → 450.000; a title
    # and a form for different achievements are both paid (Điều 66 khoản 2 điểm d).
    with session_scope() as s:
        campaign, both = _two_achievements(s)
        ldtt = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="LĐTT")
        P.edit(session=s, proposal=ldtt.proposal, remove=(max(both),))
        gk = P.propose(session=s, campaign=campaign, person="Hồ Thị Diễm My", form="Giấy khen")
        chosen = [ldtt.proposal, gk.proposal]
        P.submit(session=s, proposals=chosen)
        for p in chosen:
            P.council_vote(
                session=s, proposal=p, members=9, votes_for=9, voted_on=dt.date(2021, 12, 10)
            )
        P.decide(session=s, proposals=chosen, number=5, on=dt.date(2021, 12, 20))
        assert (ldtt.proposal.amount, gk.proposal.amount) == (450_000, 450_000)


def test_b5_the_demo_decision_pays_phan_quoc_khanh_once(isolated_db, sample_db):
    # Quyết định 45/QĐ-STC: Phan Quốc Khánh is LĐTT (450.000) and CSTĐCS (1.490.000) for the
    # same achievements: he gets 1.490.000, not 1.940.000. On these records the decision paid
    # 9.890.000 with both; it pays 9.890.000 − 450.000 = 9.440.000 (the demo, built from the
    # tracking workbook too: 11.090.000 − 450.000 = 10.640.000).
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.commendation_sample import sample_dossier
    from stc_thidua.paths import data_dir
    from stc_thidua.render.formal import render_formal

    with session_scope() as s:
        campaign = find_campaign(session=s, query="ntm-2021")
        docs, flow = sample_dossier(session=s, campaign=campaign, data=data_dir())
        assert flow["total"] == 9_440_000
        khanh = [
            i
            for i in (
                P.info(session=s, proposal=p)
                for p in P.list_proposals(session=s, campaign=campaign)
            )
            if i.nominee == "Phan Quốc Khánh"
        ]
        assert sorted((i.form, i.amount) for i in khanh) == [("CSTDCS", 1_490_000), ("LDTT", 0)]
        _lines, total = P.money_totals(session=s, campaign=campaign)
        assert total == 9_440_000
        qd = str(render_formal(docs[3], "md"))
        assert "tổng số tiền thưởng: 9.440.000 đồng" in qd
        assert "Phan Quốc Khánh chỉ nhận tiền thưởng danh hiệu cao nhất (Nghị định 91/2017" in qd


# --- B14: an official base salary is not replaced by accident -----------------------------------


def test_b14_salary_add_on_a_shipped_date_is_refused_unless_replace(isolated_db, cli):
    from stc_thidua.domain.rules import salary_on

    args = ("rules", "salary", "add", "--from", "01/7/2024", "--amount", "2.530.000")
    refused = cli(*args, "--source", "x")
    assert refused.exit_code != 0
    assert "Đã có mức lương cơ sở 2.340.000 đồng từ ngày 01/07/2024" in refused.stderr
    assert "--replace" in refused.stderr
    with session_scope() as s:  # nothing written: 2.340.000 đồng (Nghị định 73/2024) stays
        assert salary_on(session=s, on=dt.date(2024, 12, 23)).amount == 2_340_000
    replaced = cli(*args, "--source", "x", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    assert "Đã thay mức lương cơ sở 2.340.000 đồng bằng 2.530.000 đồng" in replaced.stderr
    with session_scope() as s:
        assert salary_on(session=s, on=dt.date(2024, 12, 23)).amount == 2_530_000


# --- B13: one percent scale for the CSTĐCS cap and the TTLĐTT ratio ----------------------------


@pytest.mark.parametrize("typed", ["15", "15%", "0,15", "0.15"])
def test_b13_cap_typed_as_displayed_is_fifteen_percent(typed):
    from stc_thidua.domain.rules import parse_value

    assert parse_value("cstdcs_cap", typed) == pytest.approx(0.15)
    assert parse_value("ttldtt_min_ldtt_ratio", typed.replace("15", "70")) == pytest.approx(0.7)


@pytest.mark.parametrize("typed", ["150", "150%", "-1"])
def test_b13_a_cap_above_one_hundred_percent_is_refused(typed):
    from stc_thidua.domain.rules import parse_value

    with pytest.raises(InvalidInput, match="từ 0 đến 100"):
        parse_value("cstdcs_cap", typed)


def test_a_campaign_before_every_rule_period_still_shows_and_exports(cli, sample_db):
    """Only commendation needs a rule set: showing or exporting a 2010 plan must not."""
    created = cli(
        "campaign", "create", "--code", "x-2010", "--agency", "STC", "--date", "15/01/2010",
        "--title", "Phong trào năm 2010", "--signer-title", "Giám đốc", "--signer-name", "A",
    )  # fmt: skip
    assert created.exit_code == 0, created.stderr
    assert cli("campaign", "show", "x-2010").exit_code == 0
    assert cli("campaign", "export", "x-2010").exit_code == 0
    refused = cli("propose", "--unit", "VP", "-c", "x-2010")
    assert refused.exit_code != 0
    assert "rules period add" in refused.stderr

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

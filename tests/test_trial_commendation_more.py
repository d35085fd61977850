"""More trial findings on commendation (tester B), worked by hand from the law (domain.md §3–§6)."""

from __future__ import annotations

import datetime as dt

import pytest
from commendation_fixtures import contribute, new_campaign, rate, register, who

from stc_thidua.db import session_scope
from stc_thidua.domain import proposals as P
from stc_thidua.domain.agencies import find_agency
from stc_thidua.domain.eligibility import errors
from stc_thidua.domain.people import add_commendation
from stc_thidua.domain.units import add_unit
from stc_thidua.errors import InvalidInput
from stc_thidua.models import Proposal

VOTED = dt.date(2024, 12, 10)
DECIDED = dt.date(2024, 12, 23)


def _rules(problems) -> set[str]:
    return {p.rule for p in errors(problems)}


def _draft(s, campaign, form, **kw):
    return P.propose(session=s, campaign=campaign, form=form, reason="Thành tích", **kw)


# --- B25: forms decided upward are checked against their own criteria --------------------------


def test_b25_ttldxs_of_a_unit_with_no_members_is_an_error(isolated_db, sample_db):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b25-2024")
        add_unit(session=s, agency=find_agency(session=s, query="STC"), data={"name": "Phòng Hai"})
        register(s, campaign, "Phòng Hai", "TTLĐXS")
        contribute(s, campaign, "Phòng Hai", "mo_hinh", title="Mô hình")
        drafted = _draft(s, campaign, "TTLĐXS", unit="Phòng Hai")
        assert "unit_members" in _rules(drafted.problems)
        bkt = _draft(s, campaign, "Bằng khen UBND tỉnh", unit="Phòng Hai")
        assert "unit_members" in _rules(bkt.problems)
        with pytest.raises(InvalidInput, match="chưa có thành viên"):
            P.submit(session=s, proposals=[drafted.proposal])


def _it_unit(s):
    """Phòng Tin học và Thống kê: Kim Sô Phal and Bùi Thị Ngọc Ánh, both LĐTT proposed."""
    campaign = new_campaign(s, 2024, "b25x-2024")
    register(s, campaign, "Phòng Tin học và Thống kê", "TTLĐXS")
    contribute(s, campaign, "Phòng Tin học và Thống kê", "mo_hinh", title="Phần mềm")
    for name in ("Kim Sô Phal", "Bùi Thị Ngọc Ánh"):
        register(s, campaign, name, "LĐTT")
        contribute(s, campaign, name, "giai_phap", title=f"Giải pháp của {name}")
        rate(s, name, 2024, "tốt")
        _draft(s, campaign, "LĐTT", person=name)
    return campaign


def test_b25_ttldxs_needs_a_cstdcs_member_and_all_completing_duties(isolated_db, sample_db):
    # domain.md §3: 100% complete duties, ≥ 70% LĐTT (2/2 here), at least one CSTĐCS.
    with session_scope() as s:
        campaign = _it_unit(s)
        drafted = _draft(s, campaign, "TTLĐXS", unit="Phòng Tin học và Thống kê")
        assert _rules(drafted.problems) == {"ttldxs_cstdcs"}
        message = next(p.message for p in drafted.problems if p.rule == "ttldxs_cstdcs")
        assert message == (
            "Phòng Tin học và Thống kê chưa có thành viên nào đạt Chiến sĩ thi đua cơ sở năm 2024."
        )
        rate(s, "Kim Sô Phal", 2024, "xuất sắc")
        _draft(s, campaign, "CSTĐCS", person="Kim Sô Phal")
        rate(s, "Bùi Thị Ngọc Ánh", 2024, "không hoàn thành")
        found = P.check(session=s, proposals=[drafted.proposal])[drafted.proposal.id]
        assert _rules(found) == {"ttldxs_completion"}  # her LĐTT is still proposed
        completion = next(p.message for p in found if p.rule == "ttldxs_completion")
        assert "1/2 thành viên hoàn thành nhiệm vụ năm 2024" in completion
        assert "Bùi Thị Ngọc Ánh (không hoàn thành nhiệm vụ)" in completion
        rate(s, "Bùi Thị Ngọc Ánh", 2024, "tốt")
        found = P.check(session=s, proposals=[drafted.proposal])[drafted.proposal.id]
        assert _rules(found) == set()
        assert {p.rule for p in found} >= {"authority"}  # a warning: it goes upward


def test_b25_cstdt_needs_three_consecutive_cstdcs(isolated_db, sample_db):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b25c-2024")
        register(s, campaign, "Mai Văn Lộc", "CSTĐ cấp tỉnh")
        contribute(s, campaign, "Mai Văn Lộc", "tuyen_truyen", title="Bài viết")
        rate(s, "Mai Văn Lộc", 2024, "xuất sắc")
        drafted = _draft(s, campaign, "CSTĐ cấp tỉnh", person="Mai Văn Lộc")
        assert _rules(drafted.problems) == {"cstdt_cstdcs_years", "cstdt_initiative"}
        years = next(p.message for p in drafted.problems if p.rule == "cstdt_cstdcs_years")
        assert "chưa đạt Chiến sĩ thi đua cơ sở năm 2022, 2023, 2024" in years
        # council passes it (9/9 ≥ 90%) but it cannot be sent upward with these errors
        with pytest.raises(InvalidInput, match="trình Hội đồng"):
            P.submit(session=s, proposals=[drafted.proposal])
    with session_scope() as s:
        _unit, person = who(s, "Mai Văn Lộc")
        for year in (2022, 2023):
            add_commendation(session=s, year=year, form_query="CSTDCS", person=person)
        proposal = s.get(Proposal, drafted.proposal.id)
        found = P.check(session=s, proposals=[proposal])[proposal.id]
        years = next(p.message for p in found if p.rule == "cstdt_cstdcs_years")
        assert "chưa đạt Chiến sĩ thi đua cơ sở năm 2024;" in years


def test_b25_forward_refuses_an_upward_proposal_that_fails_its_criteria(isolated_db, sample_db):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b25f-2024")
        register(s, campaign, "Mai Văn Lộc", "CSTĐ cấp tỉnh")
        contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="Giải pháp")
        rate(s, "Mai Văn Lộc", 2024, "xuất sắc")
        drafted = _draft(s, campaign, "CSTĐ cấp tỉnh", person="Mai Văn Lộc")
        proposal = drafted.proposal
        proposal.status = "hd_dat"  # passed before the criteria were checked
        s.add(proposal)
        s.flush()
        with pytest.raises(InvalidInput, match="trình cấp trên"):
            P.forward(session=s, proposals=[proposal])
        assert proposal.status == "hd_dat"


def test_b25_cli_check_names_the_rule(isolated_db, sample_db, cli):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b25cli-2024")
        register(s, campaign, "Mai Văn Lộc", "CSTĐ cấp tỉnh")
        contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="Giải pháp")
        drafted = _draft(s, campaign, "CSTĐ cấp tỉnh", person="Mai Văn Lộc")
    result = cli("proposal", "check", str(drafted.proposal.id))
    assert "3 lần liên tục đạt Chiến sĩ thi đua cơ sở" in result.output + result.stderr


# --- B22: the tờ trình asks only for what is still to be decided, and is eligible ------------


def _passed(s, campaign, form, members=9, votes=9, **kw):
    drafted = _draft(s, campaign, form, **kw)
    P.submit(session=s, proposals=[drafted.proposal])
    P.council_vote(
        session=s, proposal=drafted.proposal, members=members, votes_for=votes, voted_on=VOTED
    )
    return drafted.proposal


def test_b22_to_trinh_leaves_out_decided_and_no_longer_eligible(isolated_db, sample_db):
    from stc_thidua.domain.dossier import to_trinh
    from stc_thidua.render.formal import render_formal

    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b22-2024")
        for name in ("Mai Văn Lộc", "Hồ Thị Diễm My", "Quách Thị Yến"):
            register(s, campaign, name, "LĐTT")
            contribute(s, campaign, name, "giai_phap", title=f"Giải pháp của {name}")
            rate(s, name, 2024, "xuất sắc")
        # Mai Văn Lộc: LĐTT decided in 45 already; his CSTĐCS is still to be decided
        loc = _passed(s, campaign, "LĐTT", person="Mai Văn Lộc")
        P.decide(session=s, proposals=[loc], number=45, on=DECIDED)
        loc_cs = _passed(s, campaign, "CSTĐCS", person="Mai Văn Lộc")
        # Hồ Thị Diễm My: the council rejected her LĐTT (4/9), passed her CSTĐCS
        my = [_draft(s, campaign, f, person="Hồ Thị Diễm My").proposal for f in ("LĐTT", "CSTĐCS")]
        P.submit(session=s, proposals=my)
        P.council_vote(session=s, proposal=my[1], members=9, votes_for=9, voted_on=VOTED)
        P.council_vote(session=s, proposal=my[0], members=9, votes_for=4, voted_on=VOTED)
        # Quách Thị Yến: LĐTT and CSTĐCS passed, to be decided together
        _passed(s, campaign, "LĐTT", person="Quách Thị Yến")
        yen_cs = _passed(s, campaign, "CSTĐCS", person="Quách Thị Yến")
        yen_cs.reason = ""  # drafted before reasons were: the cell shows her achievements
        s.add(yen_cs)
        s.flush()
        doc = to_trinh(session=s, campaign=campaign)
        md = str(render_formal(doc, "md"))
    body = md.split("DANH SÁCH")[0]
    assert "Tặng danh hiệu “Chiến sĩ thi đua cơ sở” cho 02 cá nhân" in body
    assert "Tặng danh hiệu “Lao động tiên tiến” cho 01 cá nhân" in body
    table = md.split("| STT |")[1]
    assert "Hồ Thị Diễm My" not in md
    assert table.count("Mai Văn Lộc") == 1  # his CSTĐCS only, not the LĐTT decided in 45
    assert "| Giải pháp của Quách Thị Yến |" in table
    rows = [r.split("|")[1:-1] for r in table.splitlines() if r.startswith("| ") and r[2].isdigit()]
    assert len(rows) == 3
    assert all(cell.strip() for row in rows for cell in row)  # no blank cell on paper
    assert loc_cs.id is not None


# --- B17: the evidence of a decision stays ------------------------------------------------------


def _decided_ldtt(s):
    campaign = new_campaign(s, 2024, "b17-2024")
    register(s, campaign, "Mai Văn Lộc", "LĐTT")
    evidence = contribute(s, campaign, "Mai Văn Lộc", "xa_hoi_hoa", title="Vận động", amount=1)
    rate(s, "Mai Văn Lộc", 2024, "tốt")
    proposal = _passed(s, campaign, "LĐTT", person="Mai Văn Lộc")
    P.decide(session=s, proposals=[proposal], number=45, on=DECIDED)
    return campaign, evidence


def test_b17_an_achievement_of_a_decision_is_not_removed_rejected_or_edited(isolated_db, sample_db):
    from stc_thidua.domain import contributions as C
    from stc_thidua.models import Contribution

    with session_scope() as s:
        campaign, evidence = _decided_ldtt(s)
    attempts = [
        lambda s, row, c: C.remove_contribution(session=s, contribution=row),
        lambda s, row, c: C.reject_contribution(
            session=s, campaign=c, contribution_id=row.id, note="Sai"
        ),
        lambda s, row, c: C.edit_contribution(
            session=s, campaign=c, contribution=row, changes={"title": "Vận động khác"}
        ),
    ]

    def attempt_in_one_command(attempt):
        with session_scope() as s:
            attempt(s, s.get(Contribution, evidence), s.get(type(campaign), campaign.id))

    for attempt in attempts:
        with pytest.raises(InvalidInput) as caught:
            attempt_in_one_command(attempt)
        assert caught.value.message == (
            f"Đóng góp số {evidence} là thành tích của đề xuất số 1 (Quyết định số 45/QĐ-STC), "
            "nên không xóa, từ chối hay sửa được."
        )
    with session_scope() as s:
        row = s.get(Contribution, evidence)
        assert (row.status, row.title) == ("da_duyet", "Vận động")  # nothing written


def test_b17_cli_remove_refuses(isolated_db, sample_db, cli):
    with session_scope() as s:
        campaign, evidence = _decided_ldtt(s)
    result = cli("contribution", "remove", str(evidence), "--campaign", campaign.code, "--yes")
    assert result.exit_code != 0
    assert "Quyết định số 45/QĐ-STC" in result.stderr


# --- B18: the council meets within the campaign's year, not in the future -----------------------


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "10/12/2030",
            "Ngày họp Hội đồng 10/12/2030 quá xa sau phong trào (từ 15/01/2024 đến hết năm 2025).",
        ),
        (
            "05/01/2026",
            "Ngày họp Hội đồng 05/01/2026 quá xa sau phong trào (từ 15/01/2024 đến hết năm 2025).",
        ),
    ],
)
def test_b18_vote_dated_after_the_campaign_year_is_refused(
    isolated_db, sample_db, cli, day, message
):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b18-2024")
        register(s, campaign, "Mai Văn Lộc", "LĐTT")
        contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="GP")
        rate(s, "Mai Văn Lộc", 2024, "tốt")
        drafted = _draft(s, campaign, "LĐTT", person="Mai Văn Lộc")
        P.submit(session=s, proposals=[drafted.proposal])
    pid = str(drafted.proposal.id)
    result = cli("council", "vote", pid, "--members", "9", "--for", "5", "--date", day)
    assert result.exit_code != 0
    assert result.stderr.strip() == f"Lỗi: {message}"
    with session_scope() as s:
        assert s.get(Proposal, drafted.proposal.id).status == "da_trinh"  # nothing written


def test_b18_vote_in_the_future_is_refused(isolated_db, sample_db, monkeypatch):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b18f-2024")
        register(s, campaign, "Mai Văn Lộc", "LĐTT")
        contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="GP")
        rate(s, "Mai Văn Lộc", 2024, "tốt")
        drafted = _draft(s, campaign, "LĐTT", person="Mai Văn Lộc")
        P.submit(session=s, proposals=[drafted.proposal])
        monkeypatch.setattr(P, "today", lambda: dt.date(2024, 12, 1))
        with pytest.raises(InvalidInput, match="sau ngày hôm nay 01/12/2024"):
            P.council_vote(
                session=s, proposal=drafted.proposal, members=9, votes_for=9, voted_on=VOTED
            )


# --- B15: a new rule period never changes the basis of an issued decision ----------------------


def test_b15_overlapping_period_is_refused(isolated_db, cli):
    result = cli("rules", "period", "add", "nd99-2027", "--from", "01/01/2020", "--name", "x")
    assert result.exit_code != 0
    assert "chồng lên Nghị định 91/2017/NĐ-CP" in result.stderr
    ok = cli("rules", "period", "add", "nd99-2027", "--from", "01/01/2027", "--name", "NĐ 99")
    assert ok.exit_code == 0, ok.stderr
    inside = cli("rules", "period", "add", "nd98-2026", "--from", "01/7/2026", "--name", "y")
    assert inside.exit_code != 0  # starts before nd99-2027: it would split the periods
    assert "chồng lên NĐ 99" in inside.stderr


def test_b15_a_decision_keeps_the_rules_it_was_made_under(isolated_db, sample_db, cli):
    with session_scope() as s:
        campaign = new_campaign(s, 2026, "b15-2026")
        register(s, campaign, "Mai Văn Lộc", "LĐTT")
        contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="GP")
        rate(s, "Mai Văn Lộc", 2026, "tốt")
        proposal = _draft(s, campaign, "LĐTT", person="Mai Văn Lộc").proposal
        P.submit(session=s, proposals=[proposal])
        P.council_vote(
            session=s, proposal=proposal, members=9, votes_for=9, voted_on=dt.date(2026, 3, 1)
        )
        P.decide(session=s, proposals=[proposal], number=5, on=dt.date(2026, 3, 2))
        assert campaign.rule_set == "nd152-2025"  # pinned at the decision
    later = cli("rules", "period", "add", "nd99-2026", "--from", "02/01/2026", "--name", "z")
    assert later.exit_code == 0, later.stderr  # the campaign keeps nd152-2025
    qd = cli("report", "quyetdinh", "--campaign", "b15-2026", "--number", "5")
    assert qd.exit_code == 0, qd.stderr
    assert "Nghị định 152/2025/NĐ-CP" in qd.stdout
    assert "*Căn cứ z " not in qd.stdout


# --- B19: one council, one size; one biên bản per meeting ---------------------------------------


def test_b19_council_size_is_the_same_for_every_vote_and_minutes_are_per_meeting(
    isolated_db, sample_db, cli
):
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b19-2024")
        ids = []
        for name in ("Mai Văn Lộc", "Hồ Thị Diễm My", "Quách Thị Yến"):
            register(s, campaign, name, "LĐTT")
            contribute(s, campaign, name, "giai_phap", title=f"GP {name}")
            rate(s, name, 2024, "tốt")
            ids.append(_draft(s, campaign, "LĐTT", person=name).proposal.id)
        P.submit(session=s, proposals=[s.get(Proposal, i) for i in ids])
    first = ("council", "vote", str(ids[0]), "--members", "9", "--for", "5")
    assert cli(*first, "--date", "10/12/2024").exit_code == 0
    other = cli(
        "council", "vote", str(ids[1]), "--members", "15", "--for", "14", "--date", "10/12/2024"
    )
    assert other.exit_code != 0
    assert other.stderr.strip() == (
        f"Lỗi: Hội đồng Thi đua - Khen thưởng của phong trào có 9 thành viên (biểu quyết đề "
        f"xuất số {ids[0]}), không phải 15; số thành viên tính trên toàn Hội đồng."
    )
    second = ("council", "vote", str(ids[1]), "--members", "9", "--for", "8")
    assert cli(*second, "--date", "10/12/2024").exit_code == 0
    third = ("council", "vote", str(ids[2]), "--members", "9", "--for", "9")
    assert cli(*third, "--absent-written", "2", "--date", "17/12/2024").exit_code == 0
    latest = cli("report", "bienban", "--campaign", "b19-2024").stdout
    assert "ngày 17 tháng 12 năm 2024" in latest
    assert "7/9 thành viên Hội đồng có mặt; 2 thành viên vắng mặt" in latest
    assert "Quách Thị Yến" in latest
    assert "Mai Văn Lộc" not in latest  # voted at the meeting of 10/12
    earlier = cli("report", "bienban", "--campaign", "b19-2024", "--meeting", "10/12/2024").stdout
    assert "Mai Văn Lộc" in earlier
    assert "Hồ Thị Diễm My" in earlier
    assert "Quách Thị Yến" not in earlier
    missing = cli("report", "bienban", "--campaign", "b19-2024", "--meeting", "11/12/2024")
    assert missing.exit_code != 0
    assert "các ngày họp: 10/12/2024, 17/12/2024" in missing.stderr


# --- B21: money resting on unconfirmed values says so ------------------------------------------


def test_b21_money_under_98_2023_flags_the_unconfirmed_rounding(isolated_db, sample_db, cli):
    # domain.md §6: LĐTT 0,3 × 2.340.000 = 702.000 đồng before any rounding; whether 98/2023
    # keeps the rounding up to the next ten thousand (710.000) is unconfirmed.
    with session_scope() as s:
        campaign = new_campaign(s, 2024, "b21-2024")
        register(s, campaign, "Mai Văn Lộc", "LĐTT")
        contribute(s, campaign, "Mai Văn Lộc", "giai_phap", title="GP")
        rate(s, "Mai Văn Lộc", 2024, "tốt")
        proposal = _passed(s, campaign, "LĐTT", person="Mai Văn Lộc")
        P.decide(session=s, proposals=[proposal], number=45, on=DECIDED)
    import json

    money = json.loads(cli("proposal", "money", "--campaign", "b21-2024", "--json").stdout)
    (line,) = money["by_form"]
    assert line["amount"] == 710_000
    assert line["unconfirmed"] == [
        "Lao động tiên tiến: 0,3 × 2.340.000 đồng = 702.000 đồng → 710.000 đồng (làm tròn lên "
        "hàng chục nghìn, quy tắc làm tròn chưa xác nhận)"
    ]
    shown = cli("proposal", "money", "--campaign", "b21-2024")
    assert "[chưa xác nhận] Lao động tiên tiến: 0,3 × 2.340.000 đồng" in shown.stderr
    qd = cli("report", "quyetdinh", "--campaign", "b21-2024", "--number", "45").stdout
    assert "Lưu ý trước khi ký: mức tiền thưởng dựa trên giá trị chưa được xác nhận" in qd
    assert "702.000 đồng → 710.000 đồng" in qd


# --- B20: a registration is dated within the campaign and aims at a real form -----------------


def test_b20_registration_date_and_title_are_checked(isolated_db, sample_db, cli):
    with session_scope() as s:
        new_campaign(s, 2024, "b20-2024")
    base = ("register", "--campaign", "b20-2024", "--person", "Mai Văn Lộc")
    late = cli(*base, "--title", "LĐTT", "--date", "15/08/2030")
    assert late.exit_code != 0
    assert late.stderr.strip() == (
        "Lỗi: Ngày đăng ký 15/08/2030 nằm ngoài thời gian đăng ký phong trào “b20-2024” "
        "(từ 01/01/2024 đến 31/12/2024)."
    )
    medal = cli(*base, "--title", "Huân chương Lao động hạng Ba", "--date", "15/08/2024")
    assert medal.exit_code != 0
    assert "cá nhân đăng ký được: Lao động tiên tiến," in medal.stderr  # the valid forms
    unit_title = cli(*base, "--title", "Tập thể lao động tiên tiến", "--date", "15/08/2024")
    assert unit_title.exit_code != 0
    assert cli(*base, "--title", "LĐTT", "--date", "15/08/2024").exit_code == 0
    listed = cli("registration", "list", "--campaign", "b20-2024", "--json")
    assert listed.exit_code == 0, listed.stderr

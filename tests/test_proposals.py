"""Proposals end to end: drafting, eligibility with legal sources, the council, the decision."""

from __future__ import annotations

import json

import pytest
from commendation_fixtures import (
    contribute,
    discipline,
    load_sample,
    new_campaign,
    rate,
    register,
)
from dbdump import dump

from stc_thidua.db import session_scope
from stc_thidua.domain import proposals as P
from stc_thidua.domain.eligibility import errors

ITEM_KEYS = {
    "id",
    "nominee",
    "form",
    "status",
    "problems",
    "votes_for",
    "council_size",
    "vote_passed",
    "decision_number",
    "amount",
}


@pytest.fixture
def commendation_db(sample_db):
    """The sample database with the seed campaign's commendation records."""
    with session_scope() as s:
        load_sample(s)
    return sample_db


def _json(cli, *args):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _by_nominee(items):
    return {(i["nominee"], i["form"]): i for i in items}


def _run_all(cli):
    """propose --all, submit all, vote 8/9 on each (15/12/2021)."""
    drafted = _json(cli, "propose", "--all")["proposals"]
    ids = [str(p["id"]) for p in drafted]
    assert cli("proposal", "submit", *ids).exit_code == 0
    for i in ids:
        vote = cli("council", "vote", i, "--members", "9", "--for", "8", "--date", "15/12/2021")
        assert vote.exit_code == 0, vote.stderr
    return _by_nominee(_json(cli, "proposal", "list"))


def test_propose_all_drafts_what_the_records_support(cli, commendation_db):
    out = _json(cli, "đề-xuất", "--all")
    made = {(p["nominee"], p["form"]) for p in out["proposals"]}
    assert ("Phan Quốc Khánh", "CSTDCS") in made
    assert ("Phan Quốc Khánh", "LDTT") in made  # a CSTĐCS is first a LĐTT
    assert ("Phòng Quản lý ngân sách", "TTLDTT") in made
    assert ("Bùi Thị Ngọc Ánh", "BKT") in made
    assert len(made) == 17
    skipped = {s["nominee"]: s["reason"] for s in out["skipped"]}
    assert "2/4 thành viên đạt Lao động tiên tiến = 50% < 70%" in skipped["Văn phòng"]
    assert "Đặng Thị Ánh Tuyết (cảnh cáo)" in skipped["Văn phòng"]
    for item in out["proposals"]:
        assert set(item) >= ITEM_KEYS


def test_reason_is_drafted_from_the_achievements(cli, commendation_db):
    out = _json(cli, "propose", "--unit", "Phòng Ngân sách", "--form", "Giấy khen")
    (item,) = out["proposals"]
    assert item["reason"] == (
        "Có 1 mô hình hay, cách làm mới, vận động 15.000.000 đồng và 20 ngày công trong Phong "
        "trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới”."
    )
    assert len(item["achievements"]) == 2
    given = _json(cli, "propose", "--person", "Ngô Thanh Bình", "--reason", "Tích cực vận động.")
    assert given["proposals"][0]["reason"] == "Tích cực vận động."
    assert given["proposals"][0]["form"] == "GK"  # the registered form


def test_the_whole_flow_money_and_history(cli, commendation_db):
    items = _run_all(cli)
    decide_ids = [str(i["id"]) for i in items.values() if i["form"] != "BKT"]
    result = cli("proposal", "decide", *decide_ids, "--number", "45", "--date", "20/12/2021")
    assert result.exit_code == 0, result.stderr
    assert "447.000 đồng → 450.000 đồng" in result.stderr
    items = _by_nominee(_json(cli, "proposal", "list"))
    khanh = items[("Phan Quốc Khánh", "CSTDCS")]
    assert khanh["status"] == "da_quyet_dinh"
    assert khanh["decision_number"] == 45
    assert khanh["decision"] == "45/QĐ-STC"
    assert khanh["vote_passed"] is True
    assert khanh["votes_for"] == 8
    assert khanh["council_size"] == 9
    assert khanh["vote"] == "8/9 thành viên = 88,9% ≥ 80%: đạt"
    assert khanh["amount"] == 1_490_000
    assert items[("Nguyễn Hoàng Nam", "LDTT")]["amount"] == 450_000
    assert items[("Phòng Quản lý ngân sách", "TTLDTT")]["amount"] == 1_200_000
    assert items[("Phòng Tài chính đầu tư", "GK")]["amount"] == 900_000
    assert items[("Danh Văn Ất", "GK")]["amount"] == 450_000
    money = _json(cli, "proposal", "money")
    # Phan Quốc Khánh's LĐTT pays nothing beside his CSTĐCS: the highest title only
    assert items[("Phan Quốc Khánh", "LDTT")]["amount"] == 0
    assert money["total"] == 9 * 450_000 + 1_490_000 + 1_200_000 + 2 * 900_000 + 2 * 450_000
    assert money["total_words"] == "Chín triệu bốn trăm bốn mươi nghìn đồng"
    history = _json(cli, "person", "history", "Phan Quốc Khánh")["commendations"]
    assert [(c["year"], c["form"], c["decision"]) for c in history] == [
        (2021, "CSTDCS", "45/QĐ-STC"),
        (2021, "LDTT", "45/QĐ-STC"),
        (2020, "LDTT", "112/QĐ-STC"),
    ]
    shown = _json(cli, "proposal", "show", str(khanh["id"]))
    assert [e["action"] for e in shown["events"]] == ["tao", "trinh", "bieu_quyet", "quyet_dinh"]
    assert shown["amount_words"] == "Một triệu bốn trăm chín mươi nghìn đồng"
    # a form above the head's authority goes upward
    bkt = items[("Bùi Thị Ngọc Ánh", "BKT")]
    refused = cli("proposal", "decide", str(bkt["id"]), "--number", "46", "--date", "21/12/2021")
    assert refused.exit_code != 0
    assert "vượt thẩm quyền" in refused.stderr
    assert cli("proposal", "forward", str(bkt["id"])).exit_code == 0
    assert _json(cli, "proposal", "show", str(bkt["id"]))["status"] == "trinh_cap_tren"


def test_invalid_transitions_are_refused_and_write_nothing(cli, commendation_db):
    drafted = _json(cli, "propose", "--person", "Nguyễn Hoàng Nam")["proposals"][0]
    pid = str(drafted["id"])
    cases = [
        (("council", "vote", pid, "--members", "9", "--for", "8"), "chưa trình Hội đồng"),
        (("proposal", "decide", pid, "-n", "1", "-d", "20/12/2021"), "chưa được Hội đồng"),
    ]
    for args, message in cases:
        before = dump(commendation_db)
        result = cli(*args)
        assert result.exit_code != 0
        assert message in result.stderr
        assert dump(commendation_db) == before
    assert cli("proposal", "submit", pid).exit_code == 0
    for args, message in [
        (("council", "vote", pid, "--members", "9", "--for", "10"), "nhiều hơn số thành viên"),
        (("council", "vote", pid, "--members", "9", "--for", "-1"), "không được âm"),
        (("council", "vote", pid, "--members", "0", "--for", "0"), "ít nhất 1 thành viên"),
        (("council", "vote", pid, "-m", "9", "--for", "5", "--absent-written", "10"), "vắng"),
        (("proposal", "edit", pid, "--reason", "x"), "chỉ sửa được đề xuất chưa trình"),
    ]:
        before = dump(commendation_db)
        result = cli(*args)
        assert result.exit_code != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
        assert dump(commendation_db) == before
    vote = cli("council", "vote", pid, "-m", "9", "--for", "8", "--date", "15/12/2021")
    assert vote.exit_code == 0
    for args, message in [
        (("council", "vote", pid, "--members", "9", "--for", "9"), "không biểu quyết lần hai"),
        (("proposal", "decide", pid, "-n", "45", "-d", "10/12/2021"), "trước ngày Hội đồng"),
        (
            ("proposal", "decide", pid, "-n", "45", "-d", "15/01/2023"),
            "ngoài thời gian khen thưởng",
        ),
        (("proposal", "decide", pid, "-n", "45", "-d", "31/02/2021"), "không tồn tại"),
        (("proposal", "withdraw", pid), "không thể rút"),
        (("proposal", "forward", pid), "thuộc thẩm quyền thủ trưởng"),
    ]:
        before = dump(commendation_db)
        result = cli(*args)
        assert result.exit_code != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert dump(commendation_db) == before
    assert cli("proposal", "decide", pid, "-n", "45", "-d", "20/12/2021").exit_code == 0
    other = _json(cli, "propose", "--person", "Võ Thị Cẩm Tú")["proposals"][0]
    oid = str(other["id"])
    assert cli("proposal", "submit", oid).exit_code == 0
    assert cli("council", "vote", oid, "-m", "9", "--for", "8").exit_code == 0
    before = dump(commendation_db)
    used = cli("proposal", "decide", oid, "-n", "45", "-d", "22/12/2021")
    assert used.exit_code != 0
    assert "45/QĐ-STC năm 2021 đã dùng" in used.stderr
    assert dump(commendation_db) == before
    assert cli("proposal", "decide", oid, "-n", "46", "-d", "22/12/2021").exit_code == 0


def test_council_rejection_blocks_the_decision(cli, commendation_db):
    pid = str(_json(cli, "propose", "-p", "Nguyễn Hoàng Nam")["proposals"][0]["id"])
    other = str(_json(cli, "propose", "-p", "Võ Thị Cẩm Tú")["proposals"][0]["id"])
    assert cli("proposal", "submit", pid, other).exit_code == 0
    failed = cli("council", "vote", pid, "--members", "9", "--for", "4")
    assert "4/9 thành viên = 44,4% ≤ 50% (quá bán): không đạt" in failed.stdout
    assert _json(cli, "proposal", "show", pid)["vote_passed"] is False
    refused = cli("proposal", "decide", pid, "--number", "3", "--date", "20/12/2021")
    assert refused.exit_code != 0
    assert "Hội đồng không thông qua" in refused.stderr
    rejected = cli("proposal", "reject", other, "--note", "Chưa đủ thành tích.")
    assert rejected.exit_code == 0
    assert _json(cli, "proposal", "show", other)["status"] == "bi_tu_choi"
    assert cli("proposal", "reject", other, "--note", "lần hai").exit_code != 0


def test_cstdcs_needs_80_percent_of_all_members(cli, commendation_db):
    drafted = _by_nominee(_json(cli, "propose", "--all")["proposals"])
    cstdcs = str(drafted[("Phan Quốc Khánh", "CSTDCS")]["id"])
    ldtt = str(drafted[("Nguyễn Hoàng Nam", "LDTT")]["id"])
    assert cli("proposal", "submit", cstdcs, ldtt).exit_code == 0
    # 7 of 9 members for, 2 of them absent and voting in writing: 77,8% of ALL members
    failed = cli("council", "vote", cstdcs, "-m", "9", "--for", "7", "--absent-written", "2")
    assert "7/9 thành viên = 77,8% < 80%: không đạt" in failed.stdout
    # the same 7 votes are a simple majority for LĐTT
    passed = cli("council", "vote", ldtt, "-m", "9", "--for", "7")
    assert "7/9 thành viên = 77,8% > 50% (quá bán): đạt" in passed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["propose", "--unit", "Phòng Không Có"], "Không tìm thấy đơn vị"),
        (["propose", "--person", "Người Lạ Mặt"], "Không tìm thấy người"),
        (
            ["propose", "--unit", "QLNS", "--form", "Huân chương Lao động"],
            "Lao động tiên tiến (LDTT)",
        ),
        (["propose", "--unit", "QLNS", "--form", "LĐTT"], "chỉ dành cho cá nhân"),
        (["propose", "--person", "Mai Văn Lộc", "--form", "TTLĐTT"], "chỉ dành cho tập thể"),
        (["propose"], "Hãy chỉ rõ đơn vị"),
        (["propose", "--all", "--unit", "QLNS"], "--all không đi cùng"),
        (["proposal", "show", "999"], "Không có đề xuất số 999"),
        (["proposal", "submit", "999"], "Không có đề xuất số 999"),
    ],
)
def test_bad_proposal_input_writes_nothing(cli, commendation_db, args, message):
    before = dump(commendation_db)
    result = cli(*args)
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert dump(commendation_db) == before


def test_nominee_of_another_agency_is_refused(cli, commendation_db):
    assert (
        cli(
            "agency",
            "add",
            "SXD",
            "--name",
            "Sở Xây dựng",
            "--parent-body",
            "UBND tỉnh Sóc Trăng",
            "--place",
            "Sóc Trăng",
            "--from",
            "01/01/2020",
        ).exit_code
        == 0
    )
    assert cli("unit", "add", "Phòng Quản lý xây dựng", "--agency", "SXD").exit_code == 0
    before = dump(commendation_db)
    result = cli("propose", "--unit", "Phòng Quản lý xây dựng")
    assert result.exit_code != 0
    assert "Không tìm thấy đơn vị" in result.stderr
    assert dump(commendation_db) == before


def test_withdraw_frees_the_achievements(cli, commendation_db):
    first = _json(cli, "propose", "--person", "Danh Văn Ất")["proposals"][0]
    assert first["achievements"]
    assert cli("proposal", "withdraw", str(first["id"]), "--note", "Đổi hình thức").exit_code == 0
    again = _json(cli, "propose", "--person", "Danh Văn Ất", "--form", "LĐTT")["proposals"][0]
    assert [a["id"] for a in again["achievements"]] == [a["id"] for a in first["achievements"]]


def test_an_achievement_used_twice_is_an_error(cli, commendation_db):
    unit = _json(cli, "propose", "--unit", "Phòng Tin học và Thống kê")["proposals"][0]
    person = _json(cli, "propose", "--person", "Kim Sô Phal", "--form", "Giấy khen")["proposals"][0]
    used = person["achievements"][0]["id"]
    # the unit cites its member's initiative too: the same achievement for two forms
    edited = cli("proposal", "edit", str(unit["id"]), "--add", str(used))
    assert edited.exit_code == 0, edited.stderr
    checked = _json(cli, "proposal", "check", str(unit["id"]))[0]
    rules = {p["rule"]: p for p in checked["problems"]}
    assert rules["achievement_reused"]["severity"] == "error"
    assert "một thành tích chỉ đề nghị một hình thức" in rules["achievement_reused"]["message"]
    blocked = cli("proposal", "submit", str(unit["id"]))
    assert blocked.exit_code != 0
    assert "Chưa thể trình Hội đồng" in blocked.stderr


# --- eligibility rules, each with its legal source -------------------------------------------


def _problems(s, campaign, name, form):
    unit = person = None
    from stc_thidua.domain.persons import find_person

    try:
        person = find_person(session=s, query=name).full_name
    except Exception:
        unit = name
    drafted = P.propose(session=s, campaign=campaign, unit=unit, person=person, form=form)
    return {p.rule: p for p in drafted.problems}, drafted.proposal


def test_ldtt_needs_a_good_rating(isolated_db, sample_db):
    with session_scope() as s:
        c = new_campaign(s, 2021, "t-2021")
        for name in ("Mai Văn Lộc", "Hồ Thị Diễm My", "Quách Thị Yến"):
            register(s, c, name, "LĐTT")
            contribute(s, c, name)
        rate(s, "Hồ Thị Diễm My", 2021, "hoàn thành")
        rate(s, "Quách Thị Yến", 2021, "tốt")
        none, _ = _problems(s, c, "Mai Văn Lộc", "LĐTT")
        low, _ = _problems(s, c, "Hồ Thị Diễm My", "LĐTT")
        good, _ = _problems(s, c, "Quách Thị Yến", "LĐTT")
    assert none["rating"].severity == "error"
    assert "chưa có xếp loại năm 2021" in none["rating"].message
    assert "Luật Thi đua, khen thưởng 2003" in none["rating"].source
    assert "chưa đạt “hoàn thành tốt nhiệm vụ”" in low["rating"].message
    assert "rating" not in good


def test_no_registration_and_no_contribution(isolated_db, sample_db):
    with session_scope() as s:
        c = new_campaign(s, 2024, "t-2024")
        rate(s, "Mai Văn Lộc", 2024, "tốt")
        found, _ = _problems(s, c, "Mai Văn Lộc", "LĐTT")
    assert found["no_registration"].severity == "error"
    assert found["no_contribution"].severity == "error"
    assert "Luật Thi đua, khen thưởng 2022" in found["no_contribution"].source


def test_cstdcs_under_91_2017_needs_ldtt_and_an_initiative(isolated_db, sample_db):
    with session_scope() as s:
        c = new_campaign(s, 2021, "t-2021")
        register(s, c, "Mai Văn Lộc", "CSTĐCS")
        contribute(s, c, "Mai Văn Lộc", "tuyen_truyen")
        rate(s, "Mai Văn Lộc", 2021, "xuất sắc")
        found, _ = _problems(s, c, "Mai Văn Lộc", "CSTĐCS")
    assert found["cstdcs_without_ldtt"].severity == "error"
    assert found["cstdcs_initiative"].severity == "error"
    assert "Nghị định 91/2017" in found["cstdcs_initiative"].source


def test_cstdcs_from_2024_takes_an_excellent_rating_instead(isolated_db, sample_db):
    with session_scope() as s:
        c = new_campaign(s, 2024, "t-2024")
        register(s, c, "Mai Văn Lộc", "CSTĐCS")
        contribute(s, c, "Mai Văn Lộc", "tuyen_truyen")
        rate(s, "Mai Văn Lộc", 2024, "xuất sắc")
        P.propose(session=s, campaign=c, person="Mai Văn Lộc", form="LĐTT", reason="x")
        found, _ = _problems(s, c, "Mai Văn Lộc", "CSTĐCS")
    assert "cstdcs_without_ldtt" not in found
    assert "cstdcs_initiative" not in found


NAMES = (
    "Mai Văn Lộc",
    "Hồ Thị Diễm My",
    "Quách Thị Yến",
    "Đỗ Văn Ân",
    "Danh Văn Ất",
    "Sơn Thị Hồng Nhung",
    "Ngô Thanh Bình",
)


def _cap_scenario(s, year):
    c = new_campaign(s, year, f"t-{year}")
    for name in NAMES:
        register(s, c, name, "LĐTT")
        contribute(s, c, name, "giai_phap", title=f"Sáng kiến của {name}")
        rate(s, name, year, "xuất sắc")
        P.propose(session=s, campaign=c, person=name, form="LĐTT", reason="Hoàn thành tốt")
    return c


def test_the_15_percent_cap_in_2021_names_the_competitors(isolated_db, sample_db):
    with session_scope() as s:
        c = _cap_scenario(s, 2021)
        # 7 LĐTT × 15% = 1,05: one CSTĐCS
        one, first = _problems(s, c, "Mai Văn Lộc", "CSTĐCS")
        two, second = _problems(s, c, "Hồ Thị Diễm My", "CSTĐCS")
        checked = P.check(session=s, proposals=[first, second])
    assert "cstdcs_cap" not in one
    assert two["cstdcs_cap"].severity == "error"
    message = two["cstdcs_cap"].message
    assert "tối đa 15% của 7 Lao động tiên tiến = 1; đang đề xuất 2" in message
    assert "Mai Văn Lộc (số" in message
    assert "Hồ Thị Diễm My (số" in message
    assert any(p.rule == "cstdcs_cap" for p in checked[first.id])  # both compete


def test_no_cap_in_2024(isolated_db, sample_db):
    with session_scope() as s:
        c = _cap_scenario(s, 2024)
        found = [_problems(s, c, name, "CSTĐCS")[0] for name in NAMES[:3]]
    assert all("cstdcs_cap" not in f for f in found)


def _ttldtt(s, ldtt_names, members_rated=True):
    c = new_campaign(s, 2021, "t-2021")
    register(s, c, "Phòng Tài chính hành chính sự nghiệp", "TTLĐTT")
    contribute(s, c, "Phòng Tài chính hành chính sự nghiệp")
    for name in ldtt_names:
        register(s, c, name, "LĐTT")
        contribute(s, c, name)
        rate(s, name, 2021, "tốt")
        P.propose(session=s, campaign=c, person=name, form="LĐTT", reason="x")
    return c


# Phòng Tài chính hành chính sự nghiệp has 3 members: Lý Thị Ngọc Hân, Mai Văn Lộc, Hồ Thị Diễm My
def test_ttldtt_needs_70_percent_ldtt(isolated_db, sample_db):
    with session_scope() as s:
        c = _ttldtt(s, ["Mai Văn Lộc", "Hồ Thị Diễm My"])  # 2/3 = 66,7%
        found, _ = _problems(s, c, "Phòng Tài chính hành chính sự nghiệp", "TTLĐTT")
    assert found["ttldtt_ldtt_ratio"].severity == "error"
    assert (
        "2/3 thành viên đạt Lao động tiên tiến = 66,7% < 70%" in found["ttldtt_ldtt_ratio"].message
    )


def test_ttldtt_with_every_member_ldtt_passes(isolated_db, sample_db):
    with session_scope() as s:
        c = _ttldtt(s, ["Mai Văn Lộc", "Hồ Thị Diễm My", "Lý Thị Ngọc Hân"])
        found, _ = _problems(s, c, "Phòng Tài chính hành chính sự nghiệp", "TTLĐTT")
    assert errors(list(found.values())) == []


@pytest.mark.parametrize(
    ("level", "blocked"), [("khiển trách", False), ("cảnh cáo", True), ("cách chức", True)]
)
def test_ttldtt_with_a_disciplined_member(isolated_db, sample_db, level, blocked):
    with session_scope() as s:
        c = _ttldtt(s, ["Mai Văn Lộc", "Hồ Thị Diễm My", "Lý Thị Ngọc Hân"])
        discipline(s, "Hồ Thị Diễm My", 2021, level)
        found, _ = _problems(s, c, "Phòng Tài chính hành chính sự nghiệp", "TTLĐTT")
    assert ("ttldtt_discipline" in found) is blocked
    if blocked:
        assert "Hồ Thị Diễm My" in found["ttldtt_discipline"].message


def test_a_form_above_the_head_is_a_warning_and_goes_upward(isolated_db, sample_db):
    with session_scope() as s:
        c = new_campaign(s, 2024, "t-2024")
        register(s, c, "Phòng Tài chính đầu tư", "Bằng khen tỉnh")
        contribute(s, c, "Phòng Tài chính đầu tư")
        found, proposal = _problems(s, c, "Phòng Tài chính đầu tư", "Bằng khen tỉnh")
        info = P.info(session=s, proposal=proposal)
    assert found["authority"].severity == "warning"
    assert "Điều 80" in found["authority"].source
    assert info.route == "to_trinh"
    assert info.decider == "Chủ tịch Ủy ban nhân dân tỉnh"


def test_the_plans_own_cap(cli, commendation_db):
    add = cli("campaign", "award", "add", "--form", "Giấy khen", "--for", "tập thể", "--max", "1")
    assert add.exit_code == 0
    first = _json(cli, "propose", "--unit", "Phòng Tài chính đầu tư")["proposals"][0]
    assert not first["problems"]
    second = _json(cli, "propose", "--unit", "Phòng Tin học và Thống kê")["proposals"][0]
    (problem,) = [p for p in second["problems"] if p["rule"] == "plan_cap"]
    assert problem["severity"] == "error"
    assert "không quá 01 tập thể; đang đề xuất 2" in problem["message"]
    assert problem["source"].startswith("Kế hoạch")

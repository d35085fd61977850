"""Sơ kết / tổng kết reports built from the records: every figure recomputed independently."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any

import pytest
from report_fixtures import fill_random
from sqlalchemy import event
from sqlmodel import Session, select

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.notes import set_note
from stc_thidua.domain.outline import REPORT, add_section
from stc_thidua.domain.periods import (
    Period,
    campaign_period,
    half_period,
    month_period,
    quarter_period,
    span,
)
from stc_thidua.domain.reports import SO_KET, TONG_KET, build_report
from stc_thidua.models import Campaign, Contribution, ContributionKind, Person, Unit
from stc_thidua.render import render_report
from stc_thidua.render.filters import vn_number
from stc_thidua.views import Block, ReportDoc


def _campaign(session: Session) -> Campaign:
    campaign = find_campaign(session=session)
    campaign.status = "dang_thuc_hien"
    session.add(campaign)
    return campaign


def _so_ket(session: Session, period: Period) -> ReportDoc:
    campaign = find_campaign(session=session)
    return build_report(session=session, campaign=campaign, kind=SO_KET, period=period)


def recompute(session: Session, campaign: Campaign, period: Period) -> dict[str, Any]:
    """The figures counted again in plain Python from every contribution row."""
    kinds = {k.id: k.code for k in session.exec(select(ContributionKind))}
    units = {u.id: u.name for u in session.exec(select(Unit))}
    rows = [
        c
        for c in session.exec(select(Contribution).where(Contribution.campaign_id == campaign.id))
        if period.start <= c.occurred_on <= period.end
    ]
    verified = [c for c in rows if c.status == "da_duyet"]
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    by_unit: dict[str, Counter[str]] = defaultdict(Counter)
    for c in verified:
        for bucket in (by_kind[kinds[c.kind_id]], by_unit[units[c.unit_id]]):
            bucket["records"] += 1
            bucket["quantity"] += c.quantity
            bucket["amount"] += c.amount
            bucket["work_days"] += c.work_days
    return {
        "records": len(verified),
        "quantity": sum(c.quantity for c in verified),
        "amount": sum(c.amount for c in verified),
        "work_days": sum(c.work_days for c in verified),
        "pending": sum(1 for c in rows if c.status == "cho_duyet"),
        "rejected": sum(1 for c in rows if c.status == "tu_choi"),
        "units_contributing": len({c.unit_id for c in verified}),
        "persons_contributing": len({c.person_id for c in verified if c.person_id}),
        "by_kind": {k: dict(v) for k, v in by_kind.items()},
        "by_unit": {k: dict(v) for k, v in by_unit.items()},
    }


def check_figures(doc: ReportDoc, expected: dict[str, Any]) -> None:
    """The JSON figures equal the recomputed ones, and the text prints them."""
    f = doc.figures
    totals = f["totals"]
    for key in (
        "records",
        "quantity",
        "amount",
        "work_days",
        "pending",
        "rejected",
        "units_contributing",
        "persons_contributing",
    ):
        assert totals[key] == expected[key], key
    got_kinds = {k["code"]: k for k in f["by_kind"] if k["records"]}
    assert set(got_kinds) == set(expected["by_kind"])
    for code, values in expected["by_kind"].items():
        for key, value in values.items():
            assert got_kinds[code][key] == value, (code, key)
    got_units = {u["unit"]: u for u in f["by_unit"] if u["records"]}
    assert set(got_units) == set(expected["by_unit"])
    for unit, values in expected["by_unit"].items():
        for key, value in values.items():
            assert got_units[unit][key] == value, (unit, key)
    text = " ".join(str(render_report(doc, "md")).split())
    if expected["records"]:
        units_total = totals["units_total"]
        assert f"{expected['units_contributing']}/{units_total} " in text
        assert f"xác nhận {vn_number(expected['records'])} đóng góp" in text
        if expected["amount"]:
            assert f"{vn_number(expected['amount'])} đồng" in text
        if expected["work_days"]:
            assert f"{vn_number(expected['work_days'])} ngày công" in text
        total_row = f"| **Tổng cộng** | **{vn_number(expected['records'])}** |"
        assert total_row in text


# --- the sample campaign ---------------------------------------------------------------------


PERIODS = [
    quarter_period(2021, 2),
    quarter_period(2021, 3),
    quarter_period(2021, 4),
    half_period(2021, 1),
    half_period(2021, 2),
    month_period(2021, 6),
    span(dt.date(2021, 5, 15), dt.date(2021, 9, 15)),
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_sample_figures_match_the_records(filled, period):
    with session_scope(str(filled)) as s:
        campaign = find_campaign(session=s)
        doc = build_report(session=s, campaign=campaign, kind=SO_KET, period=period)
        expected = recompute(s, campaign, period)
    check_figures(doc, expected)


def test_tong_ket_counts_the_whole_campaign(filled):
    with session_scope(str(filled)) as s:
        campaign = find_campaign(session=s)
        doc = build_report(session=s, campaign=campaign, kind=TONG_KET)
        expected = recompute(s, campaign, campaign_period(campaign.start_date, campaign.end_date))
    check_figures(doc, expected)
    assert expected["records"] == 10
    assert doc.summary == (
        "Tổng kết Phong trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới” năm 2021"
    )
    assert doc.figures["previous_period"] is None
    assert [q["key"] for q in doc.figures["by_quarter"]] == ["2021-Q2", "2021-Q3", "2021-Q4"]
    target = doc.figures["targets"][0]
    assert (target["reached"], target["percent"], target["as_of"]) == (55.0, 100.0, "2021-12-31")


def test_so_ket_prose_reads_like_the_clerk(filled):
    with session_scope(str(filled)) as s:
        doc = _so_ket(s, quarter_period(2021, 2))
    text = " ".join(str(render_report(doc, "md")).split())
    assert doc.header.symbol == "BC-STC"
    assert "Số: /BC-STC" in text
    assert "# BÁO CÁO" in text
    assert (
        "**Sơ kết Phong trào thi đua “Sóc Trăng chung sức xây dựng nông thôn mới” quý II năm "
        "2021**" in text
    )
    assert (
        "Trong quý II năm 2021, 3/9 đơn vị có đóng góp, với sự tham gia của 2 công chức, người "
        "lao động; đã được xác nhận 4 đóng góp, gồm 2 giải pháp, sáng kiến; 1 đóng góp với 6 "
        "hoạt động tuyên truyền và 1 hoạt động xã hội hóa; huy động được 15.500.000 đồng và 12 "
        "ngày công."
    ) in text
    assert "Ngoài ra, còn 1 đóng góp đang chờ xác nhận" in text
    assert (
        "mô hình hay"
        not in text.split("## IV.")[0].split("### 1. Kết quả chung")[1].split("### 2.")[0]
    )  # no sentence about a kind with nothing to report
    assert "Đến ngày 30/6/2021, 6/9 đơn vị và 3/24 công chức, người lao động đã đăng ký" in text
    assert "đến ngày 30/6/2021, đạt 52 xã, bằng 94,5% chỉ tiêu, còn 3 xã" in text
    assert (
        "Giải pháp rút ngắn thời gian thẩm định quyết toán vốn nông thôn mới (Nguyễn Hoàng Nam, "
        "Phòng Quản lý ngân sách)" in text
    )
    assert "chưa có tập thể, cá nhân nào được đề xuất hoặc khen thưởng" in text
    assert text.count("(Dự thảo từ số liệu") == 6
    assert "/." in text.split("***Nơi nhận:***")[0][-200:]


def test_so_ket_compares_with_the_previous_quarter(filled):
    with session_scope(str(filled)) as s:
        doc = _so_ket(s, quarter_period(2021, 3))
    assert doc.figures["previous_period"]["key"] == "2021-Q2"
    text = " ".join(str(render_report(doc, "md")).split())
    assert "So với quý II năm 2021: tổng số đóng góp giảm từ 4 xuống 3" in text
    assert "mô hình hay, cách làm mới tăng từ 0 lên 1" in text
    q2 = next(k for k in doc.figures["by_kind"] if k["code"] == "tuyen_truyen")
    assert q2["previous"]["quantity"] == 6


def test_first_quarter_of_the_campaign_has_no_previous(filled):
    with session_scope(str(filled)) as s:
        doc = _so_ket(s, quarter_period(2021, 2))
    assert doc.figures["previous_period"] is None
    assert "So với" not in str(render_report(doc, "md"))


def test_notes_replace_the_drafts(filled):
    with session_scope(str(filled)) as s:
        campaign = find_campaign(session=s)
        period = quarter_period(2021, 2)
        set_note(
            session=s,
            campaign=campaign,
            period=period,
            section="tồn tại",
            text="Một số phòng đăng ký muộn.\n\nNguyên nhân: chưa quán triệt kế hoạch.",
        )
        doc = build_report(session=s, campaign=campaign, kind=SO_KET, period=period)
        other = build_report(
            session=s, campaign=campaign, kind=SO_KET, period=quarter_period(2021, 3)
        )
    assert doc.figures["sections"]["ton-tai"] == "note"
    assert other.figures["sections"]["ton-tai"] == "draft"
    section = next(s for s in doc.sections if s.key == "danh-gia")
    texts = [b.text for b in section.blocks]
    assert "Một số phòng đăng ký muộn." in texts
    assert "Nguyên nhân: chưa quán triệt kế hoạch." in texts
    assert str(render_report(doc, "md")).count("(Dự thảo từ số liệu") == 5


def test_clerk_section_is_numbered_in_order(filled):
    with session_scope(str(filled)) as s:
        campaign = find_campaign(session=s)
        add_section(
            session=s,
            campaign=campaign,
            document=REPORT,
            data={"heading": "Công tác phối hợp", "after": "kết quả", "bullets": ["Với UBND xã."]},
        )
        doc = build_report(session=s, campaign=campaign, kind=TONG_KET)
    headings = [s.heading for s in doc.sections]
    assert headings[2:5] == ["Kết quả đạt được", "Công tác phối hợp", "Đánh giá chung"]
    assert "## IV. CÔNG TÁC PHỐI HỢP" in str(render_report(doc, "md"))
    assert "## VIII. ĐỀ XUẤT, KIẾN NGHỊ" in str(render_report(doc, "md"))


def test_period_without_data_renders_an_honest_report(sample_db):
    with session_scope(str(sample_db)) as s:
        doc = _so_ket(s, quarter_period(2021, 2))
    text = " ".join(str(render_report(doc, "md")).split())
    assert doc.figures["totals"]["records"] == 0
    assert "Trong quý II năm 2021, chưa có đóng góp nào được xác nhận." in text
    assert "chưa có tập thể, cá nhân nào đăng ký thi đua" in text
    assert "Bảng" not in text
    for fmt in ("html", "docx", "json"):
        assert render_report(doc, fmt)


# --- a second data set nobody tuned the code to, and the number of queries --------------------


@pytest.mark.parametrize("period", [quarter_period(2021, 3), half_period(2021, 2)], ids=str)
def test_random_records_match_at_any_period(sample_db, period):
    with session_scope(str(sample_db)) as s:
        campaign = _campaign(s)
        fill_random(s, campaign, 400, seed=11)
    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        doc = build_report(session=s, campaign=campaign, kind=SO_KET, period=period)
        expected = recompute(s, campaign, period)
        whole = build_report(session=s, campaign=campaign, kind=TONG_KET)
        expected_whole = recompute(
            s, campaign, campaign_period(campaign.start_date, campaign.end_date)
        )
    check_figures(doc, expected)
    check_figures(whole, expected_whole)
    by_quarter = sum(q["quantity"] for q in whole.figures["by_quarter"])
    assert by_quarter == expected_whole["quantity"]


def _queries(session: Session, build: Any) -> int:
    count = 0

    def counter(*_args: Any) -> None:
        nonlocal count
        count += 1

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        build()
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_the_number_of_queries_does_not_grow_with_the_data(sample_db):
    counts = []
    for size in (20, 600):
        with session_scope(str(sample_db)) as s:
            campaign = _campaign(s)
            for c in s.exec(select(Contribution)):
                s.delete(c)
            s.flush()
            fill_random(s, campaign, size, seed=size)
            # more units and persons too: per-unit queries would show
            for i in range(size // 20):
                name = f"Phòng thử {size}-{i}"
                unit = Unit(agency_id=campaign.agency_id, name=name, code=f"T{i}")
                s.add(unit)
                s.flush()
                s.add(Person(unit_id=unit.id or 0, full_name=f"Người thử {i}"))
            s.flush()
            s.expire_all()
            counts.append(
                _queries(
                    s,
                    lambda s=s, campaign=campaign: build_report(
                        session=s, campaign=campaign, kind=SO_KET, period=quarter_period(2021, 3)
                    ),
                )
            )
    assert counts[0] == counts[1]
    assert counts[0] <= 21  # one of them: the agency's name periods, for the header


def test_json_has_stable_keys(filled):
    with session_scope(str(filled)) as s:
        doc = build_report(session=s, campaign=find_campaign(session=s), kind=TONG_KET)
    data = json.loads(str(render_report(doc, "json")))
    assert set(data) == {
        "document",
        "campaign",
        "period",
        "previous_period",
        "registrations",
        "totals",
        "by_kind",
        "by_unit",
        "by_content",
        "unassigned",
        "named",
        "named_more",
        "targets",
        "by_quarter",
        "commendations",
        "sections",
    }
    assert data["commendations"] == {
        "proposed": [],
        "decided": [],
        "proposed_nominees": {"collectives": 0, "persons": 0},
        "decided_nominees": {"collectives": 0, "persons": 0},
    }
    assert data["registrations"] == {
        "units": 6,
        "units_total": 9,
        "persons": 3,
        "persons_total": 24,
    }


# --- an agency at the top of its hierarchy ---------------------------------------------------


def test_agency_without_parent_body_prints_its_name_alone(filled):
    with session_scope(str(filled)) as s:
        campaign = find_campaign(session=s)
        campaign.parent_body = ""
        campaign.agency_name = "Ủy ban nhân dân tỉnh Sóc Trăng"
        campaign.agency_abbr = "UBND"
        doc = build_report(session=s, campaign=campaign, kind=TONG_KET)
        from stc_thidua.domain.plan import build_plan
        from stc_thidua.render import render_plan

        plan = build_plan(session=s, campaign=campaign)
    report_md = str(render_report(doc, "md"))
    plan_md = str(render_plan(plan, "md"))
    for text in (report_md, plan_md):
        assert text.startswith(
            "| **ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG** | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "| :---: | :---: |\n| | **Độc lập - Tự do - Hạnh phúc** |\n"
        )
        assert "UBND TỈNH" not in text.split("# ")[0]
    html = str(render_report(doc, "html"))
    assert 'class="parent-body"' not in html
    assert "BC-UBND" in html


def test_close_report_marks_the_last_paragraph():
    from stc_thidua.render import close_report
    from stc_thidua.views import ReportSection

    sections = (
        ReportSection("a", "A", (Block("paragraph", "Một."),)),
        ReportSection("b", "B", (Block("paragraph", "Hai."), Block("table"))),
    )
    closed = close_report(sections)
    assert closed[1].blocks[0].text == "Hai./."
    assert closed[0] == sections[0]
    assert dataclasses.replace(closed[1], blocks=sections[1].blocks) == sections[1]


def test_named_items_are_the_first_of_each_kind_by_date_and_persons_count_once(sample_db):
    """Past NAMED_LIMIT, the report names the earliest of each kind and counts the others;
    a person who contributed in two units counts once in all, once in each unit."""
    from stc_thidua.domain.figures import NAMED_LIMIT, report_figures
    from stc_thidua.domain.kinds import list_kinds

    with session_scope(str(sample_db)) as s:
        campaign = _campaign(s)
        kinds = {k.code: k for k in list_kinds(session=s, campaign=campaign)}
        units = list(s.exec(select(Unit).order_by(Unit.id)))[:2]
        mover = s.exec(select(Person).where(Person.unit_id == units[0].id)).first()
        start = campaign.start_date
        extra = 7
        for code in ("mo_hinh", "giai_phap"):
            # written latest first, so that insertion order is not date order
            for n in reversed(range(NAMED_LIMIT + extra)):
                s.add(
                    Contribution(
                        campaign_id=campaign.id,
                        unit_id=units[n % 2].id,
                        person_id=mover.id if n < 2 else None,
                        kind_id=kinds[code].id,
                        title=f"{code} {n:03d}",
                        occurred_on=start + dt.timedelta(days=n // 2),
                        status="da_duyet",
                    )
                )
        s.flush()
        period = campaign_period(campaign.start_date, campaign.end_date)
        figures = report_figures(session=s, campaign=campaign, period=period)
        rows = list(s.exec(select(Contribution).where(Contribution.campaign_id == campaign.id)))
        for code in ("giai_phap", "mo_hinh"):
            of_kind = sorted(
                (c for c in rows if c.kind_id == kinds[code].id and c.status == "da_duyet"),
                key=lambda c: (c.occurred_on, c.id),
            )
            assert len(of_kind) > NAMED_LIMIT
            assert [item.title for item in figures.named[code]] == [
                c.title for c in of_kind[:NAMED_LIMIT]
            ]
            assert figures.named_more[code] == len(of_kind) - NAMED_LIMIT
        assert list(figures.named) == sorted(figures.named, key=lambda c: kinds[c].id)
        verified = [
            c
            for c in s.exec(select(Contribution).where(Contribution.campaign_id == campaign.id))
            if c.status == "da_duyet" and c.person_id is not None
        ]
        per_unit: dict[int, set[int]] = defaultdict(set)
        for c in verified:
            per_unit[c.unit_id].add(c.person_id)
        assert mover.id in per_unit[units[0].id] & per_unit[units[1].id]
        assert figures.persons_contributing == len({c.person_id for c in verified})
        assert {u.unit_id: u.persons for u in figures.units if u.persons} == {
            unit_id: len(people) for unit_id, people in per_unit.items()
        }

"""The reports' "Công tác khen thưởng" figures come from the proposals and decisions."""

from __future__ import annotations

import json

from sqlmodel import select

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.commendation_sample import run_sample_flow
from stc_thidua.domain.periods import choose_period
from stc_thidua.domain.reports import SO_KET, TONG_KET, build_report
from stc_thidua.models import Proposal
from stc_thidua.render import render_report


def _flow(db: object) -> None:
    from stc_thidua.domain.commendation_sample import load_commendation_sample
    from stc_thidua.paths import data_dir

    with session_scope(str(db)) as s:
        campaign = load_commendation_sample(session=s, data=data_dir())
        run_sample_flow(session=s, campaign=campaign)


def _report(db: object, kind: str, quarter: int | None = None) -> dict[str, object]:
    with session_scope(str(db)) as s:
        campaign = find_campaign(session=s)
        period = None
        if quarter is not None:
            period = choose_period(
                start=campaign.start_date, end=campaign.end_date, quarter=quarter
            )
        doc = build_report(session=s, campaign=campaign, kind=kind, period=period)
    data = json.loads(str(render_report(doc, "json")))
    assert isinstance(data, dict)
    return data


def test_tong_ket_counts_every_decided_proposal_and_its_money(sample_db):
    _flow(sample_db)
    with session_scope(str(sample_db)) as s:
        decided = s.exec(select(Proposal).where(Proposal.status == "da_quyet_dinh")).all()
        proposed = s.exec(select(Proposal).where(Proposal.status != "da_rut")).all()
        expected_money = sum(p.amount or 0 for p in decided)
        expected_decided = len(decided)
        expected_proposed = len(proposed)
    assert expected_decided > 0
    assert expected_money > 0
    lines = _report(sample_db, TONG_KET)["commendations"]
    assert isinstance(lines, dict)
    decided_lines = lines["decided"]
    assert sum(x["collectives"] + x["persons"] for x in decided_lines) == expected_decided
    assert sum(x["amount"] for x in decided_lines) == expected_money
    assert sum(x["collectives"] + x["persons"] for x in lines["proposed"]) == expected_proposed


def test_so_ket_counts_decisions_dated_in_its_quarter_only(sample_db):
    _flow(sample_db)  # the sample decides on 20/12 of the campaign's year
    q4 = _report(sample_db, SO_KET, quarter=4)["commendations"]
    q2 = _report(sample_db, SO_KET, quarter=2)["commendations"]
    assert isinstance(q4, dict)
    assert isinstance(q2, dict)
    assert sum(x["amount"] for x in q4["decided"]) > 0
    assert q2["decided"] == []


def test_the_printed_report_names_the_money(sample_db):
    _flow(sample_db)
    with session_scope(str(sample_db)) as s:
        money = sum(
            p.amount or 0
            for p in s.exec(select(Proposal).where(Proposal.status == "da_quyet_dinh")).all()
        )
        doc = build_report(session=s, campaign=find_campaign(session=s), kind=TONG_KET)
    text = str(render_report(doc, "md"))
    assert f"{money:,}".replace(",", ".") in text

"""Sample records for the commendation workflow of the seed campaign (data/khen-thuong-mau.toml).

Registrations, verified contributions, ratings, a discipline and past commendations, built
through the domain functions, so that `thidua demo` can run proposals through the whole flow.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import Session

from stc_thidua.commendation_views import FormalDoc
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.contributions import add_contribution, verify_contributions
from stc_thidua.domain.eligibility import campaign_year
from stc_thidua.domain.kinds import find_kind
from stc_thidua.domain.people import add_commendation, add_discipline, set_rating
from stc_thidua.domain.persons import find_person
from stc_thidua.domain.registrations import add_registration, find_registration
from stc_thidua.domain.units import find_unit
from stc_thidua.models import Agency, Campaign, Person, Unit

SAMPLE_FILE = "khen-thuong-mau.toml"


def _who(session: Session, agency: Agency, entry: dict[str, Any]) -> tuple[Unit, Person | None]:
    if "person" in entry:
        person = find_person(session=session, query=entry["person"], agency=agency)
        unit = session.get(Unit, person.unit_id)
        assert unit is not None
        return unit, person
    return find_unit(session=session, query=entry["unit"], agency=agency), None


def load_commendation_sample(*, session: Session, data: Path) -> Campaign:
    """Fill the seed campaign with the records its commendations rest on; returns it."""
    with (data / SAMPLE_FILE).open("rb") as handle:
        raw = tomllib.load(handle)
    campaign = find_campaign(session=session, query=raw["campaign"])
    agency = session.get(Agency, campaign.agency_id)
    assert agency is not None
    year = campaign_year(campaign)
    for entry in raw.get("registration", []):
        unit, person = _who(session, agency, entry)
        found = find_registration(session=session, campaign=campaign, unit=unit, person=person)
        if found is not None:  # registered from the tracking sample: aim for the sample's form
            found.target_title = entry.get("target", "") or found.target_title
            found.commitment = entry.get("commitment", "") or found.commitment
            session.add(found)
            continue
        add_registration(
            session=session,
            campaign=campaign,
            unit=unit,
            person=person,
            data={
                "target_title": entry.get("target", ""),
                "commitment": entry.get("commitment", ""),
                "registered_on": raw["registered_on"],
            },
        )
    ids: list[int] = []
    for entry in raw.get("contribution", []):
        unit, person = _who(session, agency, entry)
        row = add_contribution(
            session=session,
            campaign=campaign,
            unit=unit,
            person=person,
            kind=find_kind(session=session, campaign=campaign, query=entry["kind"]),
            data={
                "title": entry["title"],
                "quantity": entry.get("quantity", 1),
                "amount": entry.get("amount", 0),
                "work_days": entry.get("work_days", 0),
                "occurred_on": entry["date"],
            },
        )
        assert row.id is not None
        ids.append(row.id)
    verified_on = raw.get("verified_on")
    verify_contributions(
        session=session,
        campaign=campaign,
        ids=ids,
        on=verified_on if isinstance(verified_on, dt.date) else None,
    )
    for entry in raw.get("rating", []):
        _, person = _who(session, agency, entry)
        assert person is not None
        set_rating(
            session=session, person=person, year=entry.get("year", year), grade=entry["grade"]
        )
    for entry in raw.get("discipline", []):
        _, person = _who(session, agency, entry)
        assert person is not None
        add_discipline(
            session=session,
            person=person,
            year=entry.get("year", year),
            level=entry["level"],
            decision=entry.get("decision", ""),
        )
    for entry in raw.get("history", []):
        unit, person = _who(session, agency, entry)
        add_commendation(
            session=session,
            year=entry["year"],
            form_query=entry["form"],
            person=person,
            unit=None if person else unit,
            decision=entry.get("decision", ""),
            decided_on=entry.get("date"),
            issuer=entry.get("issuer", ""),
        )
    session.flush()
    return campaign


def run_sample_flow(
    *,
    session: Session,
    campaign: Campaign,
    before_decision: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """The sample proposals through the whole flow: drafted, submitted, voted, decided.

    The council meets on 15/12/2021 (9 members, 8 for, 1 absent voting in writing); the
    Director decides what is within her authority on 20/12/2021 (decision 45); the rest is
    sent upward with a tờ trình. `before_decision` runs between the vote and the decision
    (the documents that ask for the decision are drafted then).
    """
    from stc_thidua.domain import proposals as flow

    drafted, skipped = flow.propose_all(session=session, campaign=campaign)
    chosen = [d.proposal for d in drafted]
    flow.submit(session=session, proposals=chosen)
    for proposal in chosen:
        flow.council_vote(
            session=session,
            proposal=proposal,
            members=9,
            votes_for=8,
            absent_written=1,
            voted_on=dt.date(campaign_year(campaign), 12, 15),
        )
    infos = [flow.info(session=session, proposal=p) for p in chosen]
    here = [p for p, i in zip(chosen, infos, strict=True) if i.head_decides and i.vote_passed]
    upward = [p for p, i in zip(chosen, infos, strict=True) if not i.head_decides and i.vote_passed]
    if before_decision is not None:
        before_decision()
    rewards = flow.decide(
        session=session,
        proposals=here,
        number=45,
        on=dt.date(campaign_year(campaign), 12, 20),
    )
    if upward:
        flow.forward(session=session, proposals=upward)
    return {
        "drafted": len(drafted),
        "skipped": [f"{s.nominee}: {s.reason}" for s in skipped],
        "decided": len(here),
        "upward": len(upward),
        "total": sum(r.payable for r in rewards),
        "example": next(
            (p.id for p, i in zip(chosen, infos, strict=True) if i.form == "CSTDCS"), None
        ),
        "unit_example": next(
            (p.id for p, i in zip(chosen, infos, strict=True) if i.form == "TTLDTT"), None
        ),
    }


def sample_dossier(
    *, session: Session, campaign: Campaign, data: Path
) -> tuple[list[FormalDoc], dict[str, Any]]:
    """The sample records, the whole flow, and every document of the dossier."""
    from stc_thidua.domain import dossier

    load_commendation_sample(session=session, data=data)
    docs: list[FormalDoc] = []

    def asking() -> None:  # the list, the minutes and the tờ trình come before the decision
        docs.append(dossier.danh_sach(session=session, campaign=campaign))
        docs.append(
            dossier.bien_ban(session=session, campaign=campaign, start="14 giờ 00", end="16 giờ 30")
        )
        docs.append(dossier.to_trinh(session=session, campaign=campaign))

    flow = run_sample_flow(session=session, campaign=campaign, before_decision=asking)
    docs.append(dossier.quyet_dinh(session=session, campaign=campaign))
    if flow["upward"]:
        docs.append(dossier.to_trinh(session=session, campaign=campaign, upward=True))
    for key in ("example", "unit_example"):
        if flow[key] is not None:
            docs.append(dossier.thanh_tich(session=session, proposal_id=flow[key]))
    return docs, flow

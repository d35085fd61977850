"""The sample database: the seed campaign, the office's units and staff, from data/."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlmodel import Session

from stc_thidua.domain.agencies import load_agency_names, resolve_agency
from stc_thidua.domain.campaigns import create_from_file
from stc_thidua.domain.imports import import_persons, import_units
from stc_thidua.models import Campaign

SEED_CAMPAIGN = "ke-hoach-soc-trang-2021.toml"


def load_sample(*, session: Session, data: Path) -> Campaign:
    """Fill an empty database with the shipped sample; returns the seed campaign."""
    with (data / "agencies.toml").open("rb") as handle:
        load_agency_names(session=session, entries=tomllib.load(handle)["agency"])
    campaign = create_from_file(session=session, path=data / SEED_CAMPAIGN, overrides={})
    agency = resolve_agency(session=session, query=campaign.agency_abbr)
    import_units(session=session, agency=agency, path=data / "units.csv")
    import_persons(session=session, agency=agency, path=data / "persons.csv")
    return campaign

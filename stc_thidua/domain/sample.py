"""The sample database: the seed campaign, the office's units and staff, from data/."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from sqlmodel import Session

from stc_thidua.domain.agencies import load_agency_names, resolve_agency
from stc_thidua.domain.campaigns import create_from_file
from stc_thidua.domain.imports import import_persons, import_units
from stc_thidua.models import Campaign

SEED_CAMPAIGN = "ke-hoach-soc-trang-2021.toml"
SAMPLE_REGISTRATIONS = "dang-ky-thi-dua-2021.xlsx"
SAMPLE_CONTRIBUTIONS = "theo-doi-dong-gop-2021.xlsx"
VERIFIED_UNTIL = dt.date(2021, 11, 30)  # the sample Office has not yet verified December


def load_sample(*, session: Session, data: Path) -> Campaign:
    """Fill an empty database with the shipped sample; returns the seed campaign."""
    with (data / "agencies.toml").open("rb") as handle:
        load_agency_names(session=session, entries=tomllib.load(handle)["agency"])
    campaign = create_from_file(session=session, path=data / SEED_CAMPAIGN, overrides={})
    agency = resolve_agency(session=session, query=campaign.agency_abbr)
    import_units(session=session, agency=agency, path=data / "units.csv")
    import_persons(session=session, agency=agency, path=data / "persons.csv")
    return campaign


def load_sample_tracking(*, session: Session, data: Path, campaign: Campaign) -> tuple[int, int]:
    """Import the sample registrations and contributions; verify those up to November.

    Returns how many contributions were imported and how many verified.
    """
    from stc_thidua.domain.contributions import PENDING, ContributionFilter, verify_contributions
    from stc_thidua.domain.imports import import_contributions, import_registrations

    import_registrations(session=session, campaign=campaign, path=data / SAMPLE_REGISTRATIONS)
    result = import_contributions(
        session=session, campaign=campaign, path=data / SAMPLE_CONTRIBUTIONS
    )
    verified = verify_contributions(
        session=session,
        campaign=campaign,
        filters=ContributionFilter(end=VERIFIED_UNTIL, statuses=[PENDING]),
        on=dt.date(2021, 12, 5),
    )
    return result.added, len(verified)

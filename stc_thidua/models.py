"""The tables (SQLModel rows), built on first use, a group at a time. Input models are `schemas`.

Building a table class costs about 3 ms (SQLAlchemy's mapping, pydantic's fields): all of
them would be a third of `thidua unit list`. So the classes live in groups under
`stc_thidua.tables` (core, plan, rules, tracking, commendation), each group importing the
groups its foreign keys point to, and this module hands a name out by building its group
when it is first asked for: `from stc_thidua.models import Unit` builds the core tables
only. `load_all` builds every group, for what needs the whole schema (migrations, the
audit log's cascade of a delete, schema checks).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stc_thidua.tables.commendation import (
        Commendation,
        Discipline,
        Proposal,
        ProposalAchievement,
        ProposalEvent,
        Rating,
    )
    from stc_thidua.tables.core import (
        Agency,
        AgencyName,
        AuditLog,
        Campaign,
        Person,
        Setting,
        Unit,
    )
    from stc_thidua.tables.plan import (
        CampaignAward,
        CampaignContent,
        ExtraSection,
        ReportNote,
        Target,
        TargetProgress,
    )
    from stc_thidua.tables.rules import (
        RuleOverride,
        RuleSetDef,
        RuleValue,
    )
    from stc_thidua.tables.tracking import (
        CONTRIBUTION_STATUSES,
        Contribution,
        ContributionKind,
        Registration,
    )

GROUPS = ("core", "plan", "rules", "tracking", "commendation")
_HOME = {
    "Setting": "core",
    "Agency": "core",
    "AgencyName": "core",
    "Campaign": "core",
    "Unit": "core",
    "Person": "core",
    "AuditLog": "core",
    "CampaignContent": "plan",
    "Target": "plan",
    "TargetProgress": "plan",
    "ExtraSection": "plan",
    "ReportNote": "plan",
    "CampaignAward": "plan",
    "RuleValue": "rules",
    "RuleOverride": "rules",
    "RuleSetDef": "rules",
    "ContributionKind": "tracking",
    "Registration": "tracking",
    "CONTRIBUTION_STATUSES": "tracking",
    "Contribution": "tracking",
    "Proposal": "commendation",
    "Rating": "commendation",
    "Discipline": "commendation",
    "Commendation": "commendation",
    "ProposalAchievement": "commendation",
    "ProposalEvent": "commendation",
}
__all__ = [
    "CONTRIBUTION_STATUSES",
    "Agency",
    "AgencyName",
    "AuditLog",
    "Campaign",
    "CampaignAward",
    "CampaignContent",
    "Commendation",
    "Contribution",
    "ContributionKind",
    "Discipline",
    "ExtraSection",
    "Person",
    "Proposal",
    "ProposalAchievement",
    "ProposalEvent",
    "Rating",
    "Registration",
    "ReportNote",
    "RuleOverride",
    "RuleSetDef",
    "RuleValue",
    "Setting",
    "Target",
    "TargetProgress",
    "Unit",
    "load_all",
]


def __getattr__(name: str) -> Any:
    """The table `name`, its group built on first use."""
    group = _HOME.get(name)
    if group is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"stc_thidua.tables.{group}"), name)
    globals()[name] = value  # asked once: later lookups are plain attributes
    return value


def load_all() -> None:
    """Build every table class (on `SQLModel.metadata`)."""
    for group in GROUPS:
        importlib.import_module(f"stc_thidua.tables.{group}")

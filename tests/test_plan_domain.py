"""The seed campaign, loaded from data/ through the domain, prints the seed plan exactly."""

from __future__ import annotations

from plan_fixtures import SEED_PLAN

from stc_thidua.db import session_scope
from stc_thidua.domain.campaigns import find_campaign
from stc_thidua.domain.plan import build_plan
from stc_thidua.render import render_plan


def test_sample_campaign_builds_the_seed_plan(sample_db):
    """data/ke-hoach-soc-trang-2021.toml is a faithful transcription of the seed."""
    with session_scope(str(sample_db)) as session:
        doc = build_plan(session=session, campaign=find_campaign(session=session, query=None))
    assert doc == SEED_PLAN
    assert render_plan(doc, "md") == render_plan(SEED_PLAN, "md")


def test_cli_plan_markdown_equals_golden(cli, sample_db):
    assert cli("report", "kehoach").stdout == render_plan(SEED_PLAN, "md")

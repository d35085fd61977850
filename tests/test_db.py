"""Opening databases: URLs, PostgreSQL errors in one sentence, migrations on either backend."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from plan_fixtures import SEED_PLAN

from stc_thidua.render import render_plan

REFUSED = "postgresql://thidua:thidua@127.0.0.1:1/thidua"  # nothing listens on port 1


def one_sentence(result) -> str:
    """The error a command printed, checked to be one Vietnamese line and no traceback."""
    assert result.exit_code != 0
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_postgres_urls_use_psycopg():
    from stc_thidua.db import resolve_url

    for typed in ("postgres://u:p@h/d", "postgresql://u:p@h/d", "postgresql+psycopg://u:p@h/d"):
        assert resolve_url(typed) == "postgresql+psycopg://u:p@h/d"


def test_missing_driver_says_what_to_install(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    line = one_sentence(cli("--db", REFUSED, "campaign", "list"))
    assert "cài thêm: pip install 'stc-thidua[postgres]'" in line


@pytest.mark.parametrize("args", [("campaign", "list"), ("db", "status"), ("db", "upgrade")])
def test_refused_connection_is_one_sentence(cli, args):
    line = one_sentence(cli("--db", REFUSED, *args))
    assert "Không kết nối được máy chủ PostgreSQL 127.0.0.1:1" in line


def test_other_database_kinds_are_refused(cli):
    line = one_sentence(cli("--db", "mysql://u:p@localhost/thidua", "db", "status"))
    assert "Không hỗ trợ loại cơ sở dữ liệu" in line


def test_upgrade_a_blank_database(cli, isolated_db):
    before = cli("db", "status", "--json")
    assert '"revision": null' in before.stdout
    assert cli("db", "upgrade").exit_code == 0
    after = cli("db", "status", "--json")
    assert '"up_to_date": true' in after.stdout


@pytest.mark.postgres
def test_timestamps_are_utc_whatever_the_server_zone(cli, pg_server):
    from sqlalchemy import text

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign

    name = pg_server.create(pg_server.sample_template())
    url = pg_server.url_of(name)
    try:
        with pg_server.engine.connect() as conn:
            conn.execute(text(f"ALTER DATABASE {name} SET timezone TO 'Asia/Ho_Chi_Minh'"))
        result = cli("--db", url, "campaign", "create", "--code", "tz", "--agency", "STC",
                     "--date", "15/01/2026", "--title", "Thi đua giờ chuẩn",
                     "--signer-title", "Giám đốc", "--signer-name", "Nguyễn Văn A")  # fmt: skip
        assert result.exit_code == 0, result.stderr
        with session_scope(url) as session:
            created = find_campaign(session=session, query="tz").created_at
    finally:
        pg_server.drop(name)
    age = dt.datetime.now(dt.UTC) - created.replace(tzinfo=dt.UTC)
    assert dt.timedelta(0) <= age < dt.timedelta(minutes=5)


@pytest.mark.postgres
def test_console_script_renders_the_plan_from_postgres(pg_server, tmp_path):
    """`thidua --db postgresql://...` in a real process prints the seed plan from the server."""
    name = pg_server.create(pg_server.sample_template())
    env = {k: v for k, v in os.environ.items() if k != "THIDUA_DB"}
    try:
        result = subprocess.run(
            ["thidua", "--db", pg_server.url_of(name), "report", "kehoach"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
    finally:
        pg_server.drop(name)
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_plan(SEED_PLAN, "md")


def test_an_older_schema_upgrades_by_itself_only_in_a_sqlite_file(cli, isolated_db, db_backend):
    """A shared PostgreSQL database changes schema only by `db upgrade`: other offices may
    still run the older thidua. A clerk's own SQLite file upgrades when a command writes."""
    from stc_thidua import schema
    from stc_thidua.db import make_engine, resolve_url
    from stc_thidua.revisions import HEAD, REVISIONS

    engine = make_engine(resolve_url(str(isolated_db)))
    try:
        schema.upgrade(engine, REVISIONS[-2])
    finally:
        engine.dispose()
    added = cli("agency", "add", "STC", "--name", "Sở Tài chính", "--place", "Sóc Trăng",
                "--from", "01/01/2020")  # fmt: skip
    status = cli("db", "status", "--json")
    if db_backend == "sqlite":
        assert added.exit_code == 0, added.stderr
        assert HEAD in status.stdout
        return
    assert added.exit_code != 0
    assert "thidua db upgrade" in added.stderr
    assert REVISIONS[-2] in cli("db", "status", "--json").stdout
    assert cli("db", "upgrade").exit_code == 0
    assert cli("agency", "add", "STC", "--name", "Sở Tài chính", "--place", "Sóc Trăng",
               "--from", "01/01/2020").exit_code == 0  # fmt: skip

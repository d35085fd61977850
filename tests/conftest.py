"""Shared test fixtures."""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

SNAPSHOTS_DIR = Path(__file__).parent / "snapshots"

# --- Snapshot files for rendered documents (tests/snapshots/) ---------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register `--update-snapshots` (or set THIDUA_UPDATE_SNAPSHOTS=1) to rewrite snapshots."""
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite the files under tests/snapshots/ from the current output",
    )


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/snapshots/<name>; --update-snapshots rewrites the file."""
    update = bool(request.config.getoption("--update-snapshots")) or (
        os.environ.get("THIDUA_UPDATE_SNAPSHOTS") == "1"
    )

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS_DIR / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            if not update:
                pytest.fail(f"snapshot {name} did not exist: written, check it and run again")
            return
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its snapshot (--update-snapshots to accept)"

    return check


# --- Databases: every test gets its own, nothing touches the user's data ----------------------
#
# A test that asks for `isolated_db` (or `sample_db`) runs once per backend: on a temporary
# SQLite file and on a fresh PostgreSQL database of the server named by THIDUA_TEST_PG_URL.
# Tests about SQLite files themselves (WAL, file backups, kill -9) carry `sqlite_only`.

PG_URL_ENV = "THIDUA_TEST_PG_URL"


def pytest_configure(config: pytest.Config) -> None:
    """Register the `sqlite_only` marker."""
    config.addinivalue_line(
        "markers", "sqlite_only: about SQLite files (WAL, backups, kill -9); SQLite backend only"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test that uses a database one variant per backend."""
    if "db_backend" not in metafunc.fixturenames:
        return
    backends: list[Any] = ["sqlite"]
    if metafunc.definition.get_closest_marker("sqlite_only") is None:
        backends.append(pytest.param("postgres", marks=pytest.mark.postgres))
    metafunc.parametrize("db_backend", backends)


def in_ci() -> bool:
    """Whether this run is CI, where the PostgreSQL variants must run rather than skip."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


class PgServer:
    """Throwaway databases on the PostgreSQL server at THIDUA_TEST_PG_URL, dropped after use."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        from stc_thidua.db import resolve_url

        self.admin_url = make_url(resolve_url(admin_url))
        self.engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []
        self._sample: str | None = None

    def url_of(self, name: str) -> str:
        """The URL of database `name` on this server, password included."""
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its name."""
        from sqlalchemy import text

        name = f"thidua_t_{secrets.token_hex(6)}"
        sql = f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")
        with self.engine.connect() as conn:
            conn.execute(text(sql))
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        """Drop database `name`, closing whatever still holds it open."""
        from sqlalchemy import text
        from sqlalchemy.exc import ProgrammingError

        for attempt in range(50):
            try:
                with self.engine.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                break
            except ProgrammingError:
                # an autovacuum worker on the database: FORCE may not end it (it is not ours),
                # it ends by itself in a moment
                if attempt == 49:
                    raise
                time.sleep(0.1)
        self.created.remove(name)

    def sample_template(self) -> str:
        """A database holding the sample (data/), built once per run to copy from."""
        if self._sample is None:
            from stc_thidua.db import session_scope
            from stc_thidua.domain.sample import load_sample
            from stc_thidua.paths import data_dir

            name = self.create()
            with session_scope(self.url_of(name)) as session:
                load_sample(session=session, data=data_dir())
            self._sample = name
        return self._sample

    def close(self) -> None:
        """Drop every database this run created."""
        for name in list(self.created):
            self.drop(name)
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server of THIDUA_TEST_PG_URL; skipped without it, but failed in CI."""
    admin_url = os.environ.get(PG_URL_ENV, "").strip()
    if not admin_url:
        message = (
            f"{PG_URL_ENV} is not set (e.g. postgresql://thidua:thidua@127.0.0.1:5432/postgres)"
        )
        if in_ci():
            pytest.fail(f"{message}; CI must run the PostgreSQL tests", pytrace=False)
        pytest.skip(message)
    from sqlalchemy.exc import SQLAlchemyError

    server = PgServer(admin_url)
    try:
        with server.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        server.engine.dispose()
        pytest.fail(f"{PG_URL_ENV}: cannot connect: {exc.orig or exc}", pytrace=False)
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point THIDUA_DB and the per-user data folder at a temporary folder, for every test."""
    monkeypatch.setenv("THIDUA_DB", str(tmp_path / "thidua.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def isolated_db(
    db_backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Iterator[Path | str]:
    """This test's own database at THIDUA_DB: a SQLite file path, or a PostgreSQL URL.

    Blank (no schema yet) unless the test also asks for `sample_db`.
    """
    if db_backend == "sqlite":
        path = tmp_path / "thidua.db"
        monkeypatch.setenv("THIDUA_DB", str(path))
        yield path
        return
    server: PgServer = request.getfixturevalue("pg_server")
    template = server.sample_template() if "sample_db" in request.fixturenames else None
    name = server.create(template)
    url = server.url_of(name)
    monkeypatch.setenv("THIDUA_DB", url)
    yield url
    server.drop(name)


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample SQLite database, built once per run from data/."""
    from stc_thidua.db import session_scope
    from stc_thidua.domain.sample import load_sample
    from stc_thidua.paths import data_dir

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    with session_scope(str(path)) as session:
        load_sample(session=session, data=data_dir())
    from stc_thidua.backup import sqlite_backup

    copy = path.with_name("sample-copy.db")
    sqlite_backup(path, copy)
    return copy


@pytest.fixture
def sample_db(isolated_db: Path | str, request: pytest.FixtureRequest) -> Path | str:
    """A fresh copy of the sample database at THIDUA_DB (file path or PostgreSQL URL)."""
    if isinstance(isolated_db, Path):
        shutil.copyfile(request.getfixturevalue("_sample_template"), isolated_db)
    return isolated_db


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run `thidua ARGS...` in-process; returns the result (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from stc_thidua.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def filled(sample_db: Path | str) -> Path | str:
    """The sample database with the fixed tracking records of `report_fixtures`, its campaign
    under way (the reports' and charts' tests)."""
    from report_fixtures import fill_sample

    from stc_thidua.db import session_scope
    from stc_thidua.domain.campaigns import find_campaign

    with session_scope(str(sample_db)) as s:
        campaign = find_campaign(session=s)
        campaign.status = "dang_thuc_hien"
        fill_sample(s, campaign)
    return sample_db

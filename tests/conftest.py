"""Shared test fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

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


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point THIDUA_DB (and the per-user data folder) at a temporary folder."""
    path = tmp_path / "thidua.db"
    monkeypatch.setenv("THIDUA_DB", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return path


@pytest.fixture(scope="session")
def _sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample database, built once per run from data/."""
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
def sample_db(isolated_db: Path, _sample_template: Path) -> Path:
    """A fresh copy of the sample database at THIDUA_DB."""
    import shutil

    shutil.copyfile(_sample_template, isolated_db)
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

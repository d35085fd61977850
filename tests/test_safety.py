"""Crash safety and concurrency on SQLite: kill -9, two writers at once, atomic documents."""

from __future__ import annotations

import csv
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dbdump import dump

from stc_thidua.paths import data_dir

pytestmark = pytest.mark.sqlite_only

WRITE_SECONDS = float(os.environ.get("THIDUA_TEST_WRITE_SECONDS", "10"))


# --- kill -9 in the middle of an import ---------------------------------------------------------


def big_csv(path: Path, rows: int) -> Path:
    """A people file of `rows` new names spread over the sample's units."""
    with (data_dir() / "units.csv").open(encoding="utf-8") as handle:
        units = [row["ten_don_vi"] for row in csv.DictReader(handle)]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ho_ten", "don_vi", "chuc_vu", "gioi_tinh"])
        for i in range(rows):
            writer.writerow([f"Nguyễn Văn Thử {i:05d}", units[i % len(units)], "Chuyên viên", ""])
    return path


def write_locked(db: Path) -> bool:
    """Whether another connection holds the database's write lock right now."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return True
    finally:
        conn.close()


def start_import(db: Path, csv_file: Path) -> subprocess.Popen[bytes]:
    """`thidua person import` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "stc_thidua", "--db", str(db), "person", "import", str(csv_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_until(condition, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Poll `condition` while `proc` runs; fail if it ends or time runs out first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the import ended before it could be killed: {proc.stderr.read()!r}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the import never reached the point to kill it")
        time.sleep(0.005)


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def people(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        conn.close()


def test_kill_9_halfway_through_an_import_leaves_the_database_as_it_was(cli, sample_db, tmp_path):
    rows = big_csv(tmp_path / "20000-nguoi.csv", 20_000)
    before = dump(sample_db)
    proc = start_import(sample_db, rows)
    wait_until(lambda: write_locked(sample_db), proc)
    time.sleep(2.0)  # well into the rows: the whole import takes several seconds more
    assert proc.poll() is None
    assert write_locked(sample_db), "the import should still hold its transaction"
    kill(proc)
    assert dump(sample_db) == before
    assert cli("db", "check").exit_code == 0
    again = cli("person", "add", "Người Sau Sự Cố", "--unit", "VP")
    assert again.exit_code == 0, again.stderr


def test_kill_9_while_committing_leaves_all_or_nothing(cli, sample_db, tmp_path):
    rows = big_csv(tmp_path / "8000-nguoi.csv", 8_000)
    before = dump(sample_db)
    start = people(sample_db)
    wal = sample_db.with_name(sample_db.name + "-wal")
    proc = start_import(sample_db, rows)
    wait_until(lambda: wal.exists() and wal.stat().st_size > 64 * 1024, proc)
    kill(proc)
    count = people(sample_db)
    print(f"killed during commit: {'nothing' if count == start else 'everything'} written")
    assert count in (start, start + 8_000)
    if count == start:
        assert dump(sample_db) == before
    assert cli("db", "check").exit_code == 0


# --- two clerks writing at once -----------------------------------------------------------------


def clerk(db: str, number: int, seconds: float) -> tuple[int, list[str]]:
    """Add a unit and a person to it, one transaction each time, for `seconds`."""
    from stc_thidua.db import session_scope
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.persons import add_person
    from stc_thidua.domain.units import add_unit

    done, errors = 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with session_scope(db, user=f"thư ký {number}") as s:
                agency = resolve_agency(session=s, query=None)
                unit = add_unit(
                    session=s,
                    agency=agency,
                    data={"name": f"Tổ {number}-{done}", "code": f"T{number}-{done}"},
                )
                add_person(session=s, unit=unit, data={"full_name": f"Người {number}-{done}"})
            done += 1
        except Exception as exc:  # every failure is a test failure, reported by name
            errors.append(f"{type(exc).__name__}: {exc}")
    return done, errors


@pytest.mark.slow
def test_two_writers_at_once_lose_nothing(sample_db):
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.starmap(clerk, [(str(sample_db), n, WRITE_SECONDS) for n in (1, 2)])
    for done, errors in results:
        assert errors == []
        assert done > 10
    print(f"writes per clerk in {WRITE_SECONDS:g} s: {[done for done, _ in results]}")
    conn = sqlite3.connect(sample_db)
    try:
        for number, (done, _errors) in zip((1, 2), results, strict=True):
            units = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM unit WHERE name LIKE ?", (f"Tổ {number}-%",)
                )
            }
            assert units == {f"Tổ {number}-{i}" for i in range(done)}
            persons = {
                r[0]
                for r in conn.execute(
                    "SELECT full_name FROM person WHERE full_name LIKE ?", (f"Người {number}-%",)
                )
            }
            assert persons == {f"Người {number}-{i}" for i in range(done)}
            logged = conn.execute(
                "SELECT count(*) FROM audit_log WHERE user = ? AND action = 'insert'",
                (f"thư ký {number}",),
            ).fetchone()[0]
            assert logged == 2 * done
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_backups_taken_while_someone_writes_are_consistent(sample_db, tmp_path):
    """Each transaction adds a unit and a person: a consistent copy has as many of each."""
    from stc_thidua.backup import backup_database
    from stc_thidua.db import resolve_url
    from stc_thidua.domain.database import check_database

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        writing = pool.apply_async(clerk, (str(sample_db), 7, 4.0))
        copies = []
        while not writing.ready():
            target = tmp_path / f"sao-luu-{len(copies)}.db"
            copies.append(backup_database(url=resolve_url(str(sample_db)), target=target))
            time.sleep(0.2)
        done, errors = writing.get()
    assert errors == []
    assert len(copies) >= 5
    seen = []
    for copy in copies:
        assert check_database(url=resolve_url(str(copy))) == []
        conn = sqlite3.connect(copy)
        try:
            units = conn.execute("SELECT count(*) FROM unit WHERE name LIKE 'Tổ 7-%'").fetchone()[0]
            persons = conn.execute(
                "SELECT count(*) FROM person WHERE full_name LIKE 'Người 7-%'"
            ).fetchone()[0]
        finally:
            conn.close()
        assert units == persons
        seen.append(units)
    assert seen == sorted(seen)
    assert seen[-1] <= done


# --- documents are written whole or not at all --------------------------------------------------


def test_failed_rename_leaves_the_old_document(tmp_path, monkeypatch):
    from stc_thidua import files
    from stc_thidua.errors import OutputError

    target = tmp_path / "ke-hoach.md"
    target.write_text("bản cũ", encoding="utf-8")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full_disk)
    with pytest.raises(OutputError, match="hết chỗ trống trên đĩa"):
        files.write_atomic(target, "bản mới " * 10_000)
    assert target.read_text(encoding="utf-8") == "bản cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.md"]


def test_failed_write_leaves_the_old_document(tmp_path, monkeypatch):
    from stc_thidua import files
    from stc_thidua.errors import OutputError

    target = tmp_path / "ke-hoach.docx"
    target.write_bytes(b"PK old")

    def failing_fsync(_fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(OutputError):
        files.write_atomic(target, b"PK new" * 100_000)
    assert target.read_bytes() == b"PK old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ke-hoach.docx"]


def test_kill_9_while_writing_a_document_leaves_the_old_one(tmp_path):
    target = tmp_path / "ke-hoach.html"
    target.write_text("<p>bản cũ</p>", encoding="utf-8")
    ready = tmp_path / "ready"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from stc_thidua import files\n"
        "def stall(fd):\n"
        "    Path(sys.argv[2]).touch()\n"
        "    time.sleep(60)\n"
        "files.os.fsync = stall\n"
        "files.write_atomic(Path(sys.argv[1]), '<p>bản mới</p>' * 100000)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(target), str(ready)])
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert proc.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert target.read_text(encoding="utf-8") == "<p>bản cũ</p>"

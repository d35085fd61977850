"""Benchmarks of thidua: run `python bench/run.py` and copy the table into bench/RESULTS.md.

`python bench/run.py --tracking` runs only the tracking measures (200,000 contributions).

Each figure is the median of several runs on real temporary SQLite files.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def median_seconds(work: Callable[[], object], repeat: int = 7) -> float:
    """Median wall time of `work` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tracking_rows(tmp: Path) -> list[tuple[str, float, str]]:
    """Tracking at size: 200,000 contributions listed and ranked, 20,000 rows imported.

    The data set is bench/generate.py's (seed 1, 30 agencies, 300 units, 6,000 persons);
    each figure is a whole `thidua` process, next to the same process doing next to nothing.
    """
    import shutil

    sys.path.insert(0, str(Path(__file__).parent))
    from generate import generate, write_workbook

    big = tmp / "tracking.db"
    workbook = tmp / "rows-20000.xlsx"
    started = time.perf_counter()
    generate(db=str(big), agencies=30, units=300, persons=6000, contributions=200_000, seed=1)
    built = time.perf_counter() - started
    write_workbook(db=str(big), path=workbook, rows=20_000, seed=1)
    env = {**os.environ, "THIDUA_DB": str(big)}

    def command(*args: str, db: Path = big) -> Callable[[], object]:
        def run() -> None:
            subprocess.run(
                [sys.executable, "-m", "stc_thidua", *args],
                env={**env, "THIDUA_DB": str(db)},
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        return run

    def cpu_seconds(work: Callable[[], object], repeat: int) -> float:
        """Median processor time (user + system) of the child processes `work` runs."""
        import resource

        times = []
        for _ in range(repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            work()
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return statistics.median(times)

    rows: list[tuple[str, float, str]] = [
        ("generate 200,000 contributions (bench/generate.py)", built, "s")
    ]
    base = median_seconds(command("kind", "list", "--json"), 5)
    base_cpu = cpu_seconds(command("kind", "list", "--json"), 5)
    rows.append(("start-up: `thidua kind list --json` on that database", base, "s"))
    rows.append(("  processor time", base_cpu, "s"))
    for label, args in (
        ("`contribution list --json` (200,000 items)", ("contribution", "list", "--json")),
        ("`standings --json` (by unit)", ("standings", "--json")),
        ("`standings --by person --json`", ("standings", "--by", "person", "--json")),
    ):
        seconds = median_seconds(command(*args), 5)
        cpu = cpu_seconds(command(*args), 5)
        rows.append((label, seconds, "s"))
        rows.append(("  above start-up", seconds - base, "s"))
        rows.append(("  processor time above start-up", cpu - base_cpu, "s"))
    copies = iter(range(100))

    def import_rows() -> None:
        copy = tmp / f"import-{next(copies)}.db"
        shutil.copyfile(big, copy)
        command("contribution", "import", str(workbook), db=copy)()

    seconds = median_seconds(import_rows, 3)
    rows.append(("`contribution import` of 20,000 XLSX rows, audit-logged", seconds, "s"))
    return rows


def main() -> None:
    """Run every benchmark and print a Markdown table."""
    if "--tracking" in sys.argv:
        tmp = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
        _print(tracking_rows(tmp))
        return
    from stc_thidua.db import session_scope
    from stc_thidua.domain.agencies import resolve_agency
    from stc_thidua.domain.campaigns import find_campaign
    from stc_thidua.domain.imports import import_persons
    from stc_thidua.domain.plan import build_plan
    from stc_thidua.domain.sample import load_sample
    from stc_thidua.domain.units import find_unit, list_units
    from stc_thidua.paths import data_dir
    from stc_thidua.render import render_plan

    tmp = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    rows: list[tuple[str, float, str]] = []
    env = {**os.environ, "THIDUA_DB": str(tmp / "help.db")}

    def help_process() -> None:
        subprocess.run(
            [sys.executable, "-m", "stc_thidua", "--help"], env=env, check=True, capture_output=True
        )

    rows.append(("`thidua --help` (new process)", median_seconds(help_process), "s"))
    bare = "import typer\napp = typer.Typer()\n@app.command()\ndef hello() -> None: ...\napp()"

    def bare_typer() -> None:
        subprocess.run([sys.executable, "-c", bare, "--help"], check=True, capture_output=True)

    rows.append(("  for comparison: a bare Typer app `--help`", median_seconds(bare_typer), "s"))

    counter = iter(range(1000))

    def build_sample() -> None:
        with session_scope(str(tmp / f"sample-{next(counter)}.db")) as s:
            load_sample(session=s, data=data_dir())

    rows.append(("sample database from data/ (migrate + load)", median_seconds(build_sample), "s"))

    db = str(tmp / "big.db")
    with session_scope(db) as s:
        load_sample(session=s, data=data_dir())
        units = [u.name for u in list_units(session=s)]
    people = tmp / "people.csv"
    lines = ["ho_ten,don_vi,chuc_vu,gioi_tinh"]
    lines += [f"Nguyễn Văn Số {i},{units[i % len(units)]},Chuyên viên,Nam" for i in range(5000)]
    people.write_text("\n".join(lines), encoding="utf-8")

    def import_people() -> None:
        with session_scope(db) as s:
            import_persons(session=s, agency=resolve_agency(session=s, query=None), path=people)
            s.rollback()

    seconds = median_seconds(import_people, repeat=3)
    rows.append(("import 5,000 people from CSV (all-or-nothing)", seconds, "s"))
    rows.append(("  per row", seconds / 5000 * 1e6, "µs"))

    with session_scope(db) as s:
        campaign = find_campaign(session=s, query=None)
        plan = build_plan(session=s, campaign=campaign)

        def lookup() -> None:
            find_unit(session=s, query="phong ngan sach")

        rows.append(("unit lookup by accent-free name", median_seconds(lookup, 20) * 1e3, "ms"))
    for fmt in ("md", "html", "docx"):
        rows.append(
            (
                f"render the plan as {fmt}",
                median_seconds(lambda f=fmt: render_plan(plan, f), 10) * 1e3,
                "ms",
            )
        )

    rows += tracking_rows(tmp)
    _print(rows)


def _print(rows: list[tuple[str, float, str]]) -> None:
    print("| benchmark | median | unit |")
    print("| --- | ---: | --- |")
    for name, value, unit in rows:
        print(f"| {name} | {value:.3f} | {unit} |")


if __name__ == "__main__":
    main()

"""Benchmarks of thidua: run `python bench/run.py` and copy the table into bench/RESULTS.md.

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


def main() -> None:
    """Run every benchmark and print a Markdown table."""
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

    print("| benchmark | median | unit |")
    print("| --- | ---: | --- |")
    for name, value, unit in rows:
        print(f"| {name} | {value:.3f} | {unit} |")


if __name__ == "__main__":
    main()

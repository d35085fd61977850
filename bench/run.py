"""Every performance target of thidua, measured as a ratio against its floor: one table.

    python bench/run.py                                  # province scale, SQLite and PostgreSQL
    python bench/run.py --backend sqlite --repeat 3      # quicker
    python bench/run.py --sizes 2000,20000,200000        # the scaling table too
    python bench/run.py --pg postgresql://u:pw@host:5432/db

Floors, each run in turn with the target it bounds, so the machine's load hits both alike:

- the framework: `python bench/floor_app.py --help` (a minimal Typer app with two commands);
  help, version, group help and completion must stay within 0.7× it;
- the stack: `python -c "import typer, sqlmodel"`; a command on a small database must stay
  within 1.2× it, and every province-scale command within it + 1.5 s;
- importing 20,000 contribution rows from XLSX: within 5 s.

Each figure is the median of `--repeat` runs of a whole `thidua` process (wall time), with its
peak memory (max RSS of the process and what it waited for, e.g. Chromium for a PDF), which
must stay under 250 MB. Data sets come from bench/generate.py (seed 1) and are kept in
`--data` (SQLite files) or in databases `thidua_bench_<size>` next to `--pg`, and reused while
the generator's parameters are unchanged. PostgreSQL is reached through `--pg`,
$THIDUA_BENCH_PG_URL or $THIDUA_TEST_PG_URL; without one, `--backend both` runs SQLite alone.
Benchmarks are not tests: nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

FRAMEWORK_RATIO = 0.7
STACK_RATIO = 1.2
ABOVE_FLOOR = 1.5  # seconds above the stack floor for a province-scale command
IMPORT_LIMIT = 5.0
MEMORY_LIMIT_MB = 250
IMPORT_ROWS = 20_000
PROVINCE = 200_000

HELP_COMMANDS = [
    ("`thidua --help`", ["--help"], {}),
    ("`thidua --version`", ["--version"], {}),
    ("`thidua unit --help` (group help)", ["unit", "--help"], {}),
    ("`thidua report soket --help`", ["report", "soket", "--help"], {}),
    (
        "shell completion of `thidua <Tab>`",
        [],
        {"_THIDUA_COMPLETE": "complete_bash", "COMP_WORDS": "thidua ", "COMP_CWORD": "1"},
    ),
]
SMALL_COMMANDS = [
    ("`unit list`", ["unit", "list"]),
    ("`campaign list`", ["campaign", "list"]),
    ("`person list --json`", ["person", "list", "--json"]),
    ("`proposal list`", ["proposal", "list"]),
    ("`report kehoach --format md`", ["report", "kehoach", "--format", "md"]),
    ("`contribution list`", ["contribution", "list"]),
    ("`standings`", ["standings"]),
    ("`report soket --quarter 2` (md)", ["report", "soket", "--quarter", "2", "--format", "md"]),
]
BIG_COMMANDS = [
    ("`contribution list --json`", ["contribution", "list", "--json"]),
    ("`standings`", ["standings"]),
    ("`standings --by person --json`", ["standings", "--by", "person", "--json"]),
    ("`proposal list`", ["proposal", "list"]),
    ("`proposal list --json`", ["proposal", "list", "--json"]),
    ("`report soket --quarter 2` (md)", ["report", "soket", "--quarter", "2", "--format", "md"]),
    *[
        (f"`report tongket --format {fmt}`", ["report", "tongket", "--format", fmt])
        for fmt in ("md", "html", "docx", "json", "pdf")
    ],
]


@dataclass
class Measure:
    """The median wall time and peak memory of a command over several runs."""

    seconds: float
    rss_mb: float
    runs: list[float] = field(default_factory=list)
    cpu: float = 0.0  # median processor seconds (user + system) of the process and its children


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, max RSS (MB) and processor seconds of one process (and what it waited for)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(argv)}\n{err.decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(argv: list[str], *, repeat: int, env: dict[str, str] | None = None) -> Measure:
    """The median of `repeat` runs of `argv` (one warm-up run first, not counted)."""
    return paired(None, argv, repeat=repeat, env=env)[1]


def paired(
    floor: list[str] | None, argv: list[str], *, repeat: int, env: dict[str, str] | None = None
) -> tuple[Measure, Measure]:
    """`argv` and its floor run in turn, `repeat` times each: the machine's load hits both alike.

    On a shared machine the load changes from one second to the next; a target measured
    minutes after its floor would compare two different machines.
    """
    environment = {**os.environ, **(env or {})}
    plain = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="thidua-bench-run-") as folder:
        cwd = Path(folder)
        run_once(argv, environment, cwd)  # warm-up: page cache, .pyc files
        samples, floors = [], []
        for _ in range(repeat):
            if floor is not None:
                floors.append(run_once(floor, plain, cwd))
            samples.append(run_once(argv, environment, cwd))
    target = _summary(samples)
    return (_summary(floors) if floors else target), target


def _summary(samples: list[tuple[float, float, float]]) -> Measure:
    times = [s for s, _, _ in samples]
    return Measure(
        statistics.median(times),
        max(m for _, m, _ in samples),
        times,
        statistics.median(c for _, _, c in samples),
    )


def thidua(*args: str) -> list[str]:
    """The command line of a thidua process."""
    return [sys.executable, "-m", "stc_thidua", *args]


def document_args(args: list[str]) -> list[str]:
    """Documents are written to a file in the run's folder (--out, --force), text to stdout."""
    if "--format" in args and args[args.index("--format") + 1] in ("docx", "pdf", "html"):
        fmt = args[args.index("--format") + 1]
        return [*args, "--out", f"out.{fmt}", "--force"]
    return args


# --- data sets -----------------------------------------------------------------------------


def _params(size: int) -> dict[str, int]:
    """The generator's parameters for a province-scale data set of `size` contributions."""
    from generate import PROVINCE as COUNTS
    from generate import PROVINCE_PROPOSALS

    proposals = max(30, PROVINCE_PROPOSALS * size // PROVINCE)
    return {**COUNTS, "contributions": size, "proposals": proposals, "seed": 1}


def sqlite_dataset(data: Path, size: int) -> str:
    """The SQLite file of the data set, generated unless kept with the same parameters."""
    path = data / f"province-{size}.db"
    stamp = data / f"province-{size}.json"
    params = _params(size)
    if not (path.exists() and stamp.exists() and json.loads(stamp.read_text()) == params):
        for old in data.glob(f"province-{size}.db*"):
            old.unlink()
        build(str(path), params)
        stamp.write_text(json.dumps(params))
    upgrade(str(path))
    return str(path)


def postgres_dataset(url: str, size: int) -> str:
    """A database `thidua_bench_<size>` on the server of `url`, generated unless kept."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"thidua_bench_{size}"
    target = base.set(database=name).render_as_string(hide_password=False)
    target = target.replace("postgresql+psycopg://", "postgresql://", 1)
    params = _params(size)
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        kept = None
        if exists:
            with psycopg.connect(target) as db:
                try:
                    row = db.execute("SELECT value FROM bench_stamp").fetchone()
                    kept = json.loads(row[0]) if row else None
                except psycopg.Error:
                    kept = None
        if kept != params:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
            build(target, params)
            with psycopg.connect(target, autocommit=True) as db:
                db.execute("CREATE TABLE bench_stamp (value text)")
                db.execute("INSERT INTO bench_stamp VALUES (%s)", (json.dumps(params),))
    upgrade(target)
    return target


def build(db: str, params: dict[str, int]) -> None:
    """Run bench/generate.py for `params` into `db`."""
    started = time.perf_counter()
    print(f"generating {params['contributions']:,} contributions into {db} ...", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            "--db",
            db,
            *[f"--{key}={value}" for key, value in params.items()],
        ],
        check=True,
    )
    print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def upgrade(db: str) -> None:
    """Bring a kept data set to the current schema before it is measured."""
    subprocess.run(thidua("--db", db, "db", "upgrade"), check=True, capture_output=True)


def small_database(folder: Path) -> str:
    """The sample database from data/ (9 units, 24 persons), as `thidua demo` loads it."""
    path = folder / "small.db"
    if not path.exists():
        code = (
            "from stc_thidua.db import session_scope\n"
            "from stc_thidua.domain.sample import load_sample\n"
            "from stc_thidua.paths import data_dir\n"
            f"with session_scope({str(path)!r}) as s:\n"
            "    load_sample(session=s, data=data_dir())\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True)
    return str(path)


# --- the run -----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table."""

    target: str
    backend: str
    size: str
    measure: Measure
    limit: float
    floor: float | None = None  # the paired floor's median
    rss_limit: float | None = MEMORY_LIMIT_MB

    @property
    def ratio(self) -> float:
        """Measured over allowed: at most 1 passes."""
        return self.measure.seconds / self.limit

    @property
    def passed(self) -> bool:
        """Within its time (and memory) limit."""
        memory_ok = self.rss_limit is None or self.measure.rss_mb <= self.rss_limit
        return self.ratio <= 1.0 and memory_ok


def compile_package() -> None:
    """Compile thidua's modules to bytecode first, as installing the package does.

    `pip install .` writes every module's bytecode; an editable install (`pip install -e .`)
    run with PYTHONDONTWRITEBYTECODE set (as in CI) would otherwise compile the sources again
    in every measured process, which the installed program never does.
    """
    import compileall

    import stc_thidua

    compileall.compile_dir(str(Path(stc_thidua.__file__).parent), quiet=1)


def machine() -> list[str]:
    """What the figures ran on."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.1f}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}",
    ]


def postgres_version(url: str) -> str:
    """The server's version line."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return f"- PostgreSQL {row[0] if row else '?'}"


def import_measure(db: str, backend: str, workbook: Path, repeat: int, url: str | None) -> Measure:
    """20,000 XLSX rows imported (audit-logged) into a fresh copy of the province data set."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="thidua-bench-import-") as folder:
        for n in range(repeat):
            if backend == "sqlite":
                copy = str(Path(folder) / f"import-{n}.db")
                shutil.copyfile(db, copy)
            else:
                copy = _pg_copy(db, f"thidua_bench_import_{n}")
            try:
                samples.append(
                    run_once(
                        thidua("--db", copy, "contribution", "import", str(workbook)),
                        dict(os.environ),
                        Path(folder),
                    )
                )
            finally:
                if backend != "sqlite":
                    _pg_drop(db, f"thidua_bench_import_{n}")
    del url
    return _summary(samples)


def _pg_copy(source: str, name: str) -> str:
    import psycopg

    admin, template = source.rsplit("/", 1)
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{admin}/{name}"


def _pg_drop(source: str, name: str) -> None:
    import psycopg

    admin = source.rsplit("/", 1)[0]
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main(argv: list[str] | None = None) -> None:
    """Measure every target and print the table (and the scaling table with several sizes)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["province"], default="province")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--sizes", default=str(PROVINCE), help="contributions, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg", help="PostgreSQL URL (its server holds the data sets)")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="folder of SQLite sets")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args(argv)
    url = args.pg or os.environ.get("THIDUA_BENCH_PG_URL") or os.environ.get("THIDUA_TEST_PG_URL")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not url:
        if args.backend == "postgres":
            parser.error("PostgreSQL needs --pg URL (or $THIDUA_BENCH_PG_URL)")
        backends = ["sqlite"]
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.data.mkdir(parents=True, exist_ok=True)
    repeat = args.repeat
    rows: list[Row] = []
    header = machine()
    compile_package()

    framework_argv = [sys.executable, str(HERE / "floor_app.py"), "--help"]
    stack_argv = [sys.executable, "-c", "import typer, sqlmodel"]
    framework = measure(framework_argv, repeat=repeat)
    stack = measure(stack_argv, repeat=repeat)
    print(
        f"floors: framework {framework.seconds:.3f} s, stack {stack.seconds:.3f} s",
        file=sys.stderr,
    )
    for label, argv_, env in HELP_COMMANDS:
        floor, m = paired(framework_argv, thidua(*argv_), repeat=repeat, env=env)
        rows.append(Row(label, "-", "-", m, FRAMEWORK_RATIO * floor.seconds, floor.seconds))

    with tempfile.TemporaryDirectory(prefix="thidua-bench-small-") as folder:
        small = small_database(Path(folder))
        for label, argv_ in SMALL_COMMANDS:
            floor, m = paired(stack_argv, thidua("--db", small, *argv_), repeat=repeat)
            rows.append(
                Row(label, "sqlite", "sample", m, STACK_RATIO * floor.seconds, floor.seconds)
            )

    datasets: dict[tuple[str, int], str] = {}
    for backend in backends:
        if backend == "postgres":
            assert url is not None
            header.append(postgres_version(url))
        for size in sizes:
            datasets[backend, size] = (
                sqlite_dataset(args.data, size)
                if backend == "sqlite"
                else postgres_dataset(url or "", size)
            )
    scaling: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
    for backend in backends:
        for size in sizes:
            db = datasets[backend, size]
            for label, argv_ in BIG_COMMANDS:
                command = thidua("--db", db, *document_args(argv_))
                floor, m = paired(stack_argv, command, repeat=repeat)
                if size == max(sizes):
                    limit = floor.seconds + ABOVE_FLOOR
                    rows.append(Row(label, backend, f"{size:,}", m, limit, floor.seconds))
                # above the floor run in turn with it: the load of the moment mostly cancels
                scaling.setdefault((label, backend), {})[size] = (m.seconds - floor.seconds, m.cpu)
    if not args.skip_import:
        from generate import write_workbook

        for backend in backends:
            db = datasets[backend, max(sizes)]
            workbook = args.data / f"rows-{IMPORT_ROWS}.xlsx"
            if not workbook.exists():
                write_workbook(db=db, path=workbook, rows=IMPORT_ROWS, seed=1)
            m = import_measure(db, backend, workbook, max(1, min(repeat, 3)), url)
            rows.append(
                Row(
                    f"`contribution import` of {IMPORT_ROWS:,} XLSX rows, audit-logged",
                    backend,
                    f"{max(sizes):,}",
                    m,
                    IMPORT_LIMIT,
                )
            )
    report(header, framework, stack, rows, scaling, sizes, backends, repeat)


def report(
    header: list[str],
    framework: Measure,
    stack: Measure,
    rows: list[Row],
    scaling: dict[tuple[str, str], dict[int, tuple[float, float]]],
    sizes: list[int],
    backends: list[str],
    repeat: int,
) -> None:
    """Print the Markdown the results file keeps."""
    print(f"Measured {time.strftime('%Y-%m-%d %H:%M')}, medians of {repeat} runs (wall time).")
    print()
    print("\n".join(header))
    print()
    print(f"Floors: minimal Typer app `--help` {framework.seconds:.3f} s; ", end="")
    print(f'`python -c "import typer, sqlmodel"` {stack.seconds:.3f} s.')
    print()
    print(
        "| target | backend | data | median s | its floor s | limit s | ratio | cpu s "
        "| max RSS MB | result |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in rows:
        m = row.measure
        floor = f"{row.floor:.3f}" if row.floor is not None else "-"
        print(
            f"| {row.target} | {row.backend} | {row.size} | {m.seconds:.3f} | {floor} "
            f"| {row.limit:.3f} | {row.ratio:.2f} | {m.cpu:.2f} | {m.rss_mb:.0f} "
            f"| {'pass' if row.passed else '**FAIL**'} |"
        )
    print()
    print(
        f"Limits: help {FRAMEWORK_RATIO}× the Typer app; a command on the sample database ", end=""
    )
    print(f"{STACK_RATIO}× the stack; province commands the stack + {ABOVE_FLOOR} s; the import ")
    print(f'{IMPORT_LIMIT} s; memory {MEMORY_LIMIT_MB} MB. "cpu s": processor time of the thidua ')
    print("process and what it waited for (Chromium), not the PostgreSQL server's.")
    if len(sizes) > 1:
        print()
        print("Growth: seconds above the stack floor (run in turn with it), then processor")
        print("seconds of the whole process, at each number of contributions.")
        print()
        columns = " | ".join(f"{s:,}" for s in sizes)
        print(f"| command | backend | {columns} |")
        print("| --- | --- |" + " ---: |" * len(sizes))
        for backend in backends:
            for label, _ in BIG_COMMANDS:
                times = scaling.get((label, backend), {})
                cells = " | ".join(f"{times[s][0]:.2f} ({times[s][1]:.2f})" for s in sizes)
                print(f"| {label} | {backend} | {cells} |")
    failed = [r for r in rows if not r.passed]
    print()
    print(f"{len(rows) - len(failed)} of {len(rows)} targets met.")


if __name__ == "__main__":
    main()

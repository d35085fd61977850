"""Hostile input: every command answers random and adversarial values cleanly.

For each input the answer is either exit code 0 with the right result, or a non-zero exit
with one Vietnamese line on stderr starting with "Lỗi:" and the database exactly as before.
An uncaught exception fails the test (the `cli` fixture runs with catch_exceptions=False).

Examples of one test share its database (a copy of the sample): a command that succeeds
changes it for the next example, which is why results are checked through `--json` and a
refused command is compared with a dump taken just before it.

User text must reach HTML escaped, DOCX as literal text (never a field), CSV with formulas
quoted. There is no XLSX output yet, so nothing here about XLSX.

The developer profile runs 25 examples per test; `CI=1` (or HYPOTHESIS_PROFILE=ci) runs 40, the
same ones on every run (derandomized); HYPOTHESIS_PROFILE=deep runs 1,000, on demand.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import json
import math
import os
import re
import sqlite3
import tomllib
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from dbdump import dump
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from stc_thidua.paths import data_dir

# the 100,000-character examples make Hypothesis warn that their repr is large
pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)

_SHARED = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("dev", max_examples=25, **_SHARED)
# CI runs the same examples every time: a failure there is reproduced by running it again
settings.register_profile("ci", max_examples=40, derandomize=True, **_SHARED)
# on demand (HYPOTHESIS_PROFILE=deep): what a hostile trial does, 1,000 examples per property
settings.register_profile("deep", max_examples=1000, **_SHARED)
_IN_CI = os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "dev"))
# tests that render whole documents for every example run a third as many
FEWER = settings(max_examples=max(8, settings.default.max_examples // 3))

SERIAL = itertools.count()
SEED = data_dir() / "ke-hoach-soc-trang-2021.toml"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SCRIPT = "<script>alert(1)</script>"
VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ"

# Python, pydantic, click and the databases speak English: none of it may reach the user.
ENGLISH = (
    "Errno",
    "Error:",
    "Usage:",
    "Input should",
    "Value error",
    "invalid literal",
    "value too long",
    "violates",
    "psycopg",
    "sqlite3",
)

ADVERSARIAL = [
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\x1b[31mđỏ\x1b[0m",
    "a\nb",
    "\r\n",
    "\u202eexe.cod",
    "\u2066x\u2069",
    "\ufeffPhòng",
    "\u200b",
    "\ufffe",
    "\ud800",
    "\udcff",
    "\u0301",
    "a\u0301\u0301\u0301",
    "'; DROP TABLE unit;--",
    "Robert'); DROP TABLE person;--",
    '" OR 1=1 --',
    SCRIPT,
    "<img src=x onerror=alert(1)>",
    '"><b>x</b>',
    "&amp;",
    "{{ 7*7 }}",
    "{% include 'x' %}",
    "${HOME}",
    "%s%s%n",
    "\\",
    "=1+2",
    "+SUM(A1)",
    "@cmd",
    '=HYPERLINK("http://x")',
    "../../../etc/passwd",
    "--help",
    "-h",
    "0",
    "-1",
    str(2**63),
    str(2**64 + 1),
    "1e400",
    "NaN",
    "Phòng Quản lý ngân sách",
    unicodedata.normalize("NFD", "Phòng Quản lý ngân sách"),
    "PHÒNG QUẢN LÝ NGÂN SÁCH",
    "VP",
    "ạ" * 100_000,
    "x" * 100_000,
    "😀" * 10,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "ǅ İ ß ﬁ",
]

EDGE_DATES = [
    "29/2/2021",
    "29/02/2023",
    "29/2/2024",
    "2024-02-29",
    "2021-02-29",
    "0/0/0",
    "00/00/0000",
    "31/12/9999",
    "9999-12-31",
    "1/1/1",
    "01/01/0001",
    "0001-01-01",
    "31/4/2021",
    "32/1/2021",
    "1/13/2021",
    "2021",
    "4/2021",
    "13/2021",
    "1944",
    "2201",
    "/",
    "1//2021",
    "2021-",
    "1.1.2021",
    "²⁰²¹",
    "٢٠٢١",
    "२०२१",
    "9/4/21",
    "-1/1/2021",
    " 9/4/2021 ",
    "9" * 5000,
]

hostile_text = st.one_of(
    st.sampled_from(ADVERSARIAL),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(ADVERSARIAL), st.text(max_size=10)),
    st.text(alphabet=VIET + " ", min_size=1, max_size=30),
)
hostile_date = st.one_of(
    st.sampled_from(EDGE_DATES),
    st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.dates().map(dt.date.isoformat),
    hostile_text,
)
hostile_number = st.one_of(
    st.integers(min_value=-(2**130), max_value=2**130).map(str),
    st.sampled_from(["9" * 5000, "abc", "", " 7", "1_000", "٣", "5.0", "5.5", "0x10", "+5"]),
)


_click_command = functools.cache(typer.main.get_command)


@pytest.fixture
def cli(cli: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The conftest's `cli`, building the click command once rather than on every call.

    Typer rebuilds it from the function signatures on each invoke (75 ms); with hundreds of
    examples that is most of this module's run time.
    """
    monkeypatch.setattr(typer.testing, "_get_command", _click_command)
    return cli


def file_name(text: str) -> str:
    """`text` as one file name a shell could pass: no "/", no NUL, no lone surrogate."""
    return "".join("_" if ch in "/\x00" or "\ud800" <= ch <= "\udfff" else ch for ch in text)


def snapshot(db: Path | str) -> Any:
    """The whole database; a SQLite file is dumped with iterdump, a server through dbdump."""
    if isinstance(db, str):
        return dump(db)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def answered_cleanly(result: Any) -> bool:
    """Whether the command succeeded; else it must have failed with one Vietnamese line.

    A refused import may list its bad rows first, one indented line each.
    """
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        return True
    lines = [line for line in result.stderr.splitlines() if not line.startswith("  ")]
    assert len(lines) == 1, result.stderr[:2000]
    assert lines[0].startswith("Lỗi: "), lines[0][:2000]
    assert not any(word in lines[0] for word in ENGLISH), lines[0][:2000]
    return False


def run(cli: Any, db: Path | str, *args: str) -> Any:
    """Run a command; a refused one must leave the database exactly as it was."""
    before = snapshot(db)
    result = cli(*args)
    if not answered_cleanly(result):
        assert snapshot(db) == before, f"refused command changed the database: {args!r}"
    return result


def cleaned(value: str) -> str:
    """What a text field stores: invisible characters dropped, NFC, trimmed, whitespace folded."""
    from stc_thidua.text import strip_invisible

    return " ".join(unicodedata.normalize("NFC", strip_invisible(value)).split())


def as_json(cli: Any, *args: str) -> Any:
    """The --json output of a command that must succeed."""
    cut = args.index("--") if "--" in args else len(args)
    result = cli(*args[:cut], "--json", *args[cut:])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- units, persons, agencies -------------------------------------------------------------


@given(
    name=hostile_text,
    code=st.none() | hostile_text,
    kind=st.none() | st.sampled_from(["Phòng", "van-phong", "THANH TRA", "ban"]) | hostile_text,
    head=st.none() | hostile_text,
)
def test_unit_add(cli, sample_db, name, code, kind, head):
    args = ["unit", "add"]
    args += [f"--code={code}"] if code is not None else []
    args += [f"--kind={kind}"] if kind is not None else []
    args += [f"--head-name={head}"] if head is not None else []
    if run(cli, sample_db, *args, "--", name).exit_code == 0:
        names = [u["name"] for u in as_json(cli, "unit", "list")]
        assert names.count(cleaned(name)) == 1
        assert cli("unit", "list").exit_code == 0  # the table, too, takes any name


@given(
    field=st.sampled_from(
        ["--name", "--code", "--kind", "--head-title", "--head-name", "--parent"]
    ),
    value=hostile_text,
    unit=st.sampled_from(["VP", "Văn phòng", "thanh tra", "ngan sach"]) | hostile_text,
)
def test_unit_edit(cli, sample_db, field, value, unit):
    if run(cli, sample_db, "unit", "edit", f"{field}={value}", "--", unit).exit_code == 0:
        shown = {u["name"] for u in as_json(cli, "unit", "list")}
        if field == "--name":
            assert cleaned(value) in shown


@FEWER
@given(name=st.text(alphabet=VIET + " ", min_size=2, max_size=40), nfd_first=st.booleans())
def test_nfc_and_nfd_spellings_find_the_same_unit(cli, sample_db, name, nfd_first):
    nfc_name = unicodedata.normalize("NFC", f"Phòng {name} {len(name)}")
    nfd_name = unicodedata.normalize("NFD", nfc_name)
    typed, looked_up = (nfd_name, nfc_name) if nfd_first else (nfc_name, nfd_name)
    added = run(cli, sample_db, "unit", "add", "--", typed)
    assume(added.exit_code == 0)  # a random name may repeat one already added
    assert as_json(cli, "unit", "show", "--", looked_up)["name"] == cleaned(nfc_name)


@given(
    name=hostile_text,
    unit=st.sampled_from(["VP", "Thanh tra"]) | hostile_text,
    position=st.none() | hostile_text,
    gender=st.none() | st.sampled_from(["Nữ", "nam", "F", ""]) | hostile_text,
)
def test_person_add(cli, sample_db, name, unit, position, gender):
    args = ["person", "add", f"--unit={unit}"]
    args += [f"--position={position}"] if position is not None else []
    args += [f"--gender={gender}"] if gender is not None else []
    if run(cli, sample_db, *args, "--", name).exit_code == 0:
        people = as_json(cli, "person", "list")
        assert cleaned(name) in {p["full_name"] for p in people}
        assert cli("person", "list").exit_code == 0


@given(
    abbr=st.sampled_from(["STC", "SXD", "ĐT", "A1"]) | hostile_text,
    name=hostile_text,
    place=hostile_text,
    valid_from=hostile_date,
    valid_to=st.none() | hostile_date,
)
def test_agency_add(cli, sample_db, abbr, name, place, valid_from, valid_to):
    args = ["agency", "add", f"--name={name}", "--parent-body=UBND tỉnh Thử", f"--place={place}"]
    args += [f"--from={valid_from}"] + ([f"--to={valid_to}"] if valid_to is not None else [])
    if run(cli, sample_db, *args, "--", abbr).exit_code == 0:
        rows = as_json(cli, "agency", "list")
        assert any(r["name"] == cleaned(name) and r["place"] == cleaned(place) for r in rows)
        assert cli("agency", "list").exit_code == 0


# --- campaigns ------------------------------------------------------------------------------

TEXT_OPTIONS = {
    "--title": "title",
    "--movement": "movement_name",
    "--time-frame": "time_frame",
    "--archive": "archive",
    "--signer-title": "signer_title",
    "--signer-name": "signer_name",
    "--place": "place",
    "--agency-name": "agency_name",
    "--parent-body": "parent_body",
}
LIST_OPTIONS = ["--basis", "--purpose", "--requirement", "--content", "--task", "--recipient"]


@given(
    code=st.sampled_from(["t-2026", "../../x", "a\\b", "ntm-2021"]) | hostile_text,
    title=hostile_text,
    date=hostile_date,
    number=st.none() | hostile_number,
    start=st.none() | hostile_date,
    end=st.none() | hostile_date,
    extra=st.lists(
        st.tuples(st.sampled_from([*LIST_OPTIONS, "--target"]), hostile_text), max_size=4
    ),
    signer=hostile_text,
)
def test_campaign_create_from_options(
    cli, sample_db, code, title, date, number, start, end, extra, signer
):
    args = ["campaign", "create", f"--code={code}", "--agency=STC", f"--date={date}"]
    args += [f"--title={title}", "--signer-title=Giám đốc", f"--signer-name={signer}"]
    args += [f"--number={number}"] if number is not None else []
    args += [f"--start={start}"] if start is not None else []
    args += [f"--end={end}"] if end is not None else []
    args += [f"{option}={value}" for option, value in extra]
    if run(cli, sample_db, *args).exit_code == 0:
        listed = {c["code"]: c for c in as_json(cli, "campaign", "list")}
        assert listed[cleaned(code)]["title"] == cleaned(title)
        assert cli("campaign", "list").exit_code == 0


@given(
    option=st.sampled_from([*TEXT_OPTIONS, *LIST_OPTIONS, "--target", "--code", "--abbr"]),
    value=hostile_text,
)
@example(option="--code", value="../../x")
@example(option="--title", value="\u202eexe.cod")
def test_campaign_edit_text(cli, sample_db, option, value):
    if run(cli, sample_db, "campaign", "edit", f"{option}={value}").exit_code == 0:
        shown = as_json(cli, "campaign", "show")
        if option in TEXT_OPTIONS:
            assert shown[TEXT_OPTIONS[option]] == cleaned(value)


@given(
    option=st.sampled_from(["--date", "--start", "--end", "--number"]),
    value=st.one_of(hostile_date, hostile_number),
)
@example(option="--start", value="0001-01-01")
@example(option="--end", value="31/12/9999")
@example(option="--date", value="²⁰²¹")
@example(option="--start", value="²⁰²¹-01-01")
@example(option="--number", value="9" * 5000)
@example(option="--number", value=str(2**64))
def test_campaign_edit_dates_and_numbers(cli, sample_db, option, value):
    if run(cli, sample_db, "campaign", "edit", f"{option}={value}").exit_code == 0:
        shown = as_json(cli, "campaign", "show")
        start, end = (dt.date.fromisoformat(shown[k]) for k in ("start_date", "end_date"))
        assert dt.date(1945, 1, 1) <= start <= end <= dt.date(2200, 12, 31)
        assert 1945 <= shown["issued_year"] <= 2200
        number = shown["doc_number"]
        assert number is None or 1 <= number <= 99999


def _toml(value: Any) -> str:
    """A TOML value (inline tables for dictionaries)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def to_toml(data: dict[str, Any]) -> str:
    """A plan file holding `data`, one key per line."""
    return "".join(f"{json.dumps(key)} = {_toml(value)}\n" for key, value in data.items())


toml_values = st.recursive(
    st.one_of(
        hostile_text,
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(),
        st.booleans(),
        st.dates(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)


@given(
    serial=st.integers(min_value=0, max_value=10**9),
    changes=st.dictionaries(
        st.sampled_from([*tomllib.loads(SEED_TEXT), "agency", "khac"]),
        toml_values,
        min_size=1,
        max_size=3,
    ),
)
def test_campaign_create_from_plan_file(cli, sample_db, tmp_path, serial, changes):
    data = tomllib.loads(SEED_TEXT)
    data.update({"code": f"thu-{serial}"}, **changes)
    path = tmp_path / "ke-hoach.toml"
    path.write_text(to_toml(data), encoding="utf-8", errors="surrogatepass")
    run(cli, sample_db, "campaign", "create", "--from", str(path))


# --- files that are not what their name says ----------------------------------------------


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


UNITS_TEXT = (data_dir() / "units.csv").read_text(encoding="utf-8")
ODD_FILES: dict[str, bytes | None] = {
    "empty": b"",
    "png": _png(),
    "zip": _zip(),
    "utf-16 plan": SEED_TEXT.encode("utf-16"),
    "utf-16-be no bom": SEED_TEXT.encode("utf-16-be"),
    "utf-16 units": UNITS_TEXT.encode("utf-16"),
    "utf-16 broken": b"\xff\xfe" + b"\x00\xd8" * 3,
    "cp1258": unicodedata.normalize("NFD", "ten\nPhòng Tài vụ\n").encode("cp1258"),
    "utf-8 bom": "\ufefften\nPhòng Một\n".encode(),
    "nul inside": b"ten\nPh\x00ong\n",
    "only header": b"ten,ma\n",
    "blank lines": b"\n\n\n",
    "huge cell": b"ten\n" + b"a" * 200_000 + b"\n",
    "huge header": b"x" * 100_000 + b"\n",
    "quote never closed": b'ten\n"Phong\n',
    "deep toml": b"basis = " + b"[" * 100_000,
    "toml control": b'code = "a\x1bb"\n',
    "toml sql": b'code = "\'; DROP TABLE campaign;--"\n',
    "directory": None,
}


@given(
    command=st.sampled_from([("unit", "import"), ("person", "import"), ("campaign", "create")]),
    kind=st.sampled_from(sorted(ODD_FILES)) | st.binary(max_size=200),
    suffix=st.sampled_from([".csv", ".toml", ".txt", ""]),
)
def test_odd_files(cli, sample_db, tmp_path, command, kind, suffix):
    path = tmp_path / f"tep{suffix}"
    if path.is_dir():
        path.rmdir()
    content = kind if isinstance(kind, bytes) else ODD_FILES[kind]
    if content is None:
        path.unlink(missing_ok=True)
        path.mkdir()
    else:
        path.write_bytes(content)
    option = ["--from"] if command[0] == "campaign" else ["--"]
    run(cli, sample_db, *command, *option, str(path))


@given(
    rows=st.lists(st.tuples(hostile_text, hostile_text), min_size=1, max_size=4),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_import_csv_rows(cli, sample_db, tmp_path, rows, delimiter):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["ten_don_vi", "ma"])
    writer.writerows(rows)
    path = tmp_path / "don-vi.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")
    if run(cli, sample_db, "unit", "import", "--", str(path)).exit_code == 0:
        names = {u["name"] for u in as_json(cli, "unit", "list")}
        # a leading "'" before a formula is how exports protect cells, and is taken off
        typed = {cleaned(n) for n, _ in rows if n.strip() and not n.strip().startswith("'")}
        # a name that differs from a unit already there only by case is that unit (skipped)
        from stc_thidua.text import name_key

        assert {name_key(n) for n in typed} <= {name_key(n) for n in names}


# --- documents and look-ups ----------------------------------------------------------------


# The model of `--format` and `--out`: the aliases a user may type, and the formats they mean.
FORMAT_WORDS = {"md": "md", "markdown": "md", "html": "html", "htm": "html"}
FORMAT_WORDS |= {"docx": "docx", "word": "docx"}


def expected_format(fmt: str | None, target: Path | None) -> str | None:
    """The format a report must be written in, or None when it must be refused."""
    from stc_thidua.text import keyword

    chosen = FORMAT_WORDS.get(keyword(fmt)) if fmt is not None else None
    if fmt is not None and chosen is None:
        return None  # an unknown format, or pdf (the plan has no PDF yet)
    suffix = target.suffix.lower().lstrip(".") if target is not None else ""
    if not suffix:
        return chosen or "md"
    by_suffix = FORMAT_WORDS.get(suffix)
    if by_suffix is None or (chosen is not None and chosen != by_suffix):
        return None  # an extension no document has, or one that contradicts --format
    return by_suffix


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long
        return False


@given(
    fmt=st.none() | st.sampled_from(["md", "HTML", "Word", "docx", "pdf", "", "mđ"]) | hostile_text,
    out=st.none()
    | st.sampled_from(["k.md", "k.html", "k.DOCX", "k.pdf", "k", "", "..", "a" * 300 + ".md"])
    | st.sampled_from(["copy.db", "sub/dir/k.html", "file/k.md", "folder", "k.htm"])
    | hostile_text.map(file_name),
    force=st.booleans(),
)
@example(fmt=None, out="copy.db", force=True)
@example(fmt=None, out="a" * 300 + ".md", force=False)
@example(fmt="docx", out="file/k.md", force=False)
@example(fmt="\n", out=None, force=False)
@example(fmt="Word", out=None, force=False)
@example(fmt="docx", out="k.html", force=True)
@example(fmt=None, out="k.pdf", force=False)
def test_report_format_and_out(cli, sample_db, tmp_path, monkeypatch, fmt, out, force):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir(exist_ok=True)
    (tmp_path / "out").mkdir(exist_ok=True)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    args = ["report", "kehoach"] + ([f"--format={fmt}"] if fmt is not None else [])
    args += ["--force"] if force else []
    target = tmp_path / "out" / out if out is not None else None
    if out == "copy.db":  # another database: a document must never replace one
        target = tmp_path / "copy.db"
        with sqlite3.connect(target) as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        conn.close()
    if out in ("sub/dir/k.html", "file/k.md", "folder"):
        target = tmp_path / out
    args += [f"--out={target}"] if target is not None else []
    expected = expected_format(fmt, target)
    written = target
    if target is None and expected == "docx":  # Word is never printed: a file in the folder
        written = tmp_path / "ke-hoach-ntm-2021.docx"
    existed = written is not None and _is_file(written)
    old = written.read_bytes() if existed and written is not None else None
    before = snapshot(sample_db)
    result = run(cli, sample_db, *args)
    assert snapshot(sample_db) == before  # a report never writes to the database
    if out == "copy.db" and target is not None:
        assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    if expected is None or (existed and not force):
        assert result.exit_code != 0, (fmt, out, force)
        if written is not None and old is not None:
            assert written.read_bytes() == old  # an existing file is kept without --force
        return
    if result.exit_code != 0:  # a folder that does not exist, a name too long...
        return
    if written is None:
        assert result.stdout  # Markdown or HTML on the screen
        assert ("<html" in result.stdout.lower()) == (expected == "html")
        return
    assert result.stdout == ""
    data = written.read_bytes()
    assert data[:2] == b"PK" if expected == "docx" else data.decode("utf-8").strip()
    assert (b"<html" in data.lower()) == (expected == "html")


@given(
    command=st.sampled_from(
        [
            ("unit", "show"),
            ("person", "show"),
            ("campaign", "show"),
            ("campaign", "use"),
            ("campaign", "export"),
            ("person", "list", "--unit"),
            ("report", "kehoach", "--campaign"),
            ("unit", "list", "--agency"),
            ("log", "--since"),
            ("log", "--entity"),
        ]
    ),
    query=hostile_text | st.sampled_from(["1", "01", "0", "²", "٣", str(2**64), "9" * 5000, " 1 "]),
)
@example(command=("campaign", "show"), query="²")
@example(command=("campaign", "show"), query="9" * 5000)
@example(command=("person", "show"), query=str(2**70))
@example(command=("unit", "show"), query="a\nb\x1b[31m")
@example(command=("person", "show"), query="ạ" * 100_000)
def test_name_lookups(cli, sample_db, command, query):
    if command[-1].startswith("--"):
        result = run(cli, sample_db, *command[:-1], f"{command[-1]}={query}")
    else:
        result = run(cli, sample_db, *command, "--", query)
    assert len(result.stderr) < 600  # the query is quoted shortened, whatever its length


# --- what user text becomes in documents ---------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(attrs)))


def tags_of(html: str) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


HTML_FIELDS = [
    "--title",
    "--place",
    "--agency-name",
    "--parent-body",
    "--signer-title",
    "--signer-name",
    "--archive",
    "--basis",
    "--purpose",
    "--requirement",
    "--content",
    "--task",
    "--recipient",
]


def test_html_plan_escapes_user_text(cli, sample_db, tmp_path):
    plain = tmp_path / "plain.html"
    assert cli("report", "kehoach", f"--out={plain}").exit_code == 0
    args = [f"{field}=a {SCRIPT} & “{field}”" for field in HTML_FIELDS]
    args += [f"--recipient=Sở {SCRIPT} ({SCRIPT})", "--time-frame=<b onclick='x'>1</b>"]
    result = cli(
        "campaign", "edit", *args, "--signer-prefix=KT.", f"--signer-prefix-title={SCRIPT}"
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "hostile.html"
    assert cli("report", "kehoach", f"--out={out}").exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert [t for t, _ in tags_of(html)].count("script") == 0
    for field in HTML_FIELDS:
        typed = f"a {SCRIPT} & “{field}”"
        assert escape(typed) in html or escape(typed.upper()) in html, field
    assert "&lt;b onclick=&#39;x&#39;&gt;1&lt;/b&gt;" in html


@FEWER
@given(text=hostile_text)
@example(text="\ufffe")
@example(text="</p><p>")
def test_documents_take_any_accepted_text_as_text(cli, sample_db, tmp_path, text):
    baseline = tmp_path / "baseline.html"
    if not baseline.exists():
        assert cli("campaign", "edit", "--title=Tiêu đề", "--content=Nội dung").exit_code == 0
        assert cli("report", "kehoach", f"--out={baseline}").exit_code == 0
    args = [f"--title={text}", f"--content={text}", f"--signer-name={text}"]
    assume(run(cli, sample_db, "campaign", "edit", *args).exit_code == 0)
    html, docx = tmp_path / "plan.html", tmp_path / "plan.docx"
    assert cli("report", "kehoach", f"--out={html}", "--force").exit_code == 0
    assert tags_of(html.read_text(encoding="utf-8")) == tags_of(
        baseline.read_text(encoding="utf-8")
    )
    assert cli("report", "kehoach", f"--out={docx}", "--force").exit_code == 0
    with zipfile.ZipFile(docx) as archive:
        assert archive.testzip() is None


FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.com","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "{ DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe }",
    '{ INCLUDETEXT "http://example.com" }',
]


def test_docx_keeps_formulas_and_fields_as_literal_text(cli, sample_db, tmp_path):
    from docx import Document

    args = [f"--content={f}" for f in FORMULAS] + [f"--title={FORMULAS[0]}"]
    args += [f"--recipient={FORMULAS[2]}", f"--signer-name={FORMULAS[5]}"]
    assert cli("campaign", "edit", *args).exit_code == 0
    out = tmp_path / "k.docx"
    assert cli("report", "kehoach", f"--out={out}").exit_code == 0
    with zipfile.ZipFile(out) as archive:
        parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n[-4:] == ".xml"}
    fields = [re.findall(r"<w:instrText[^>]*>([^<]*)<", xml) for xml in parts.values()]
    assert [f for found in fields for f in found] == [" PAGE "]  # the page number, nothing else
    assert not any("fldSimple" in xml or "ddeLink" in xml for xml in parts.values())
    document = Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    text = "\n".join(paragraphs + cells)
    for formula in FORMULAS:
        assert formula in text


@pytest.mark.parametrize("name", ["k.md", "k.html", "k.docx"])
def test_documents_get_the_usual_file_mode(cli, sample_db, tmp_path, name):
    old = os.umask(0o022)
    try:
        out = tmp_path / name
        assert cli("report", "kehoach", f"--out={out}").exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)
        assert cli("report", "kehoach", f"--out={out}", "--force").exit_code == 0
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u202e", "\u2066", "\ufffe", "\ud800"])
def test_invisible_and_control_characters_are_refused(cli, sample_db, char):
    result = run(cli, sample_db, "unit", "add", "--", f"Phòng{char}Mới")
    assert result.exit_code == 2


@FEWER
@given(
    name=st.builds(
        lambda head, rest: head + rest,
        st.sampled_from(["=", "+", "-", "@", "'", "'=", "''+", '=HYPERLINK("x")']),
        st.text(alphabet=VIET + "()!|' ", min_size=1, max_size=20),
    )
)
def test_csv_export_quotes_formulas_and_imports_back(cli, sample_db, tmp_path, name):
    import csv

    name = f"{name} {next(SERIAL)}"  # a fresh name, also when Hypothesis replays an example
    assume(run(cli, sample_db, "unit", "add", "--", name).exit_code == 0)
    out = tmp_path / "don-vi.csv"
    assert cli("unit", "export", f"--out={out}", "--force").exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for c in row)
    copy = tmp_path / "copy.db"
    copy.unlink(missing_ok=True)
    created = cli(
        "--db",
        str(copy),
        "agency",
        "add",
        "STC",
        "--name=Sở Tài chính",
        "--parent-body=UBND",
        "--place=Cần Thơ",
        "--from=01/01/2020",
    )
    assert created.exit_code == 0, created.stderr
    imported = cli("--db", str(copy), "unit", "import", "--", str(out))
    assert imported.exit_code == 0, imported.stderr
    back = {u["name"] for u in as_json(cli, "--db", str(copy), "unit", "list")}
    assert cleaned(name) in back


@pytest.mark.parametrize("name", ["[bold]Đậm[/bold]", "[/x] Thử", "[link=x]Lk"])
def test_tables_print_rich_markup_as_typed(cli, sample_db, name):
    assert cli("unit", "add", "--code=RM", "--", name).exit_code == 0
    listed = cli("unit", "list")
    assert listed.exit_code == 0, listed.output
    assert name in listed.stdout

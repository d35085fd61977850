"""The report charts drawn as SVG by our own code: valid XML, escaped text, the figures shown."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from stc_thidua.render.svg import COLOURS, chart_svg, nice_ticks
from stc_thidua.views import Chart, ChartSeries

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def _texts(root: ET.Element, group: str | None = None) -> list[str]:
    scope = root if group is None else root.find(f".//{NS}g[@class='{group}']")
    assert scope is not None
    return [t.text or "" for t in scope.iter(f"{NS}text")]


def _bars() -> Chart:
    return Chart(
        key="by_period",
        title="Biểu đồ 1. Đóng góp qua các quý",
        style="bar",
        categories=("Quý I", "Quý II", "Quý III"),
        series=(
            ChartSeries("Giải pháp, sáng kiến", (1200.0, 3.0, 0.0)),
            ChartSeries("Tuyên truyền", (34.0, 4.0, 0.0)),
        ),
        value_label="Số đóng góp",
    )


def test_stacked_bars_print_their_totals_in_vietnamese_with_nice_integer_ticks() -> None:
    svg = chart_svg(_bars())
    root = _parse(svg)
    assert root.get("width") == "160mm"
    assert "Times New Roman" in (root.get("font-family") or "")
    labels = _texts(root)
    marks = _texts(root, "marks")
    assert marks == ["1.234", "7"]  # the stacked totals; an empty category prints none
    assert [t for t in labels if t.startswith("Quý")] == ["Quý I", "Quý II", "Quý III"]
    assert "Số đóng góp" in labels
    assert _texts(root, "legend") == ["Giải pháp, sáng kiến", "Tuyên truyền"]
    fills = {r.get("fill") for r in root.iter(f"{NS}rect")}
    assert {COLOURS[0], COLOURS[1]} <= fills
    ticks = [t for t in _texts(root, "labels") if t[0].isdigit()]
    assert ticks == ["0", "200", "400", "600", "800", "1.000", "1.200", "1.400"]
    assert chart_svg(_bars()) == svg  # deterministic: the snapshots stay stable


def test_user_text_is_escaped_and_long_labels_shortened() -> None:
    chart = Chart(
        key="by_unit",
        title='Đơn vị "A" & <B>',
        style="hbar",
        categories=(
            "<script>alert(1)</script>",
            "A & B",
            "Phòng Quản lý ngân sách và tài chính hành chính sự nghiệp của tỉnh Sóc Trăng",
            "Zeta",
        ),
        series=(ChartSeries("Khác <b>", (1.0, 2.0, 3.0, 4.0)),),
    )
    svg = chart_svg(chart)
    assert "<script>" not in svg
    assert "<b>" not in svg
    assert "&lt;script&gt;" in svg
    assert "A &amp; B" in svg
    root = _parse(svg)
    labels = [t for t in _texts(root, "labels") if not t[0].isdigit()]
    # categories top to bottom, in the order given
    assert labels[:2] == ["<script>alert(1)</script>", "A & B"]
    assert labels[2].startswith("Phòng Quản lý")
    assert labels[2].endswith("…")
    assert len(labels[2]) <= 38
    assert labels[3] == "Zeta"
    ys = [
        float(t.get("y") or 0)
        for t in root.iter(f"{NS}text")
        if t.text in ("<script>alert(1)</script>", "A & B", "Zeta")
    ]
    assert ys == sorted(ys)
    # the labels end left of the plot, which starts where the bars start
    plot_left = min(float(r.get("x") or 0) for r in root.iter(f"{NS}rect"))
    for text in root.iter(f"{NS}text"):
        if text.get("text-anchor") == "end" and not (text.text or "0")[0].isdigit():
            assert float(text.get("x") or 0) < plot_left
            assert float(text.get("x") or 0) > 0
    assert root.find(f".//{NS}g[@class='legend']") is None  # one entry: no legend
    assert root.get("aria-label") == 'Đơn vị "A" & <B>'


def test_line_with_goal_draws_a_dashed_labelled_line() -> None:
    chart = Chart(
        key="target_1",
        title="Biểu đồ 3. Tỷ lệ",
        style="line",
        categories=("Quý I", "Quý II"),
        series=(ChartSeries("Tỷ lệ", (90.5, 96.4)),),
        value_label="%",
        goal=95.0,
    )
    root = _parse(chart_svg(chart))
    goal = root.find(f".//{NS}line[@class='goal']")
    assert goal is not None
    assert goal.get("stroke-dasharray")
    assert goal.get("y1") == goal.get("y2")
    assert "Chỉ tiêu: 95" in _texts(root, "legend")
    assert _texts(root, "marks") == ["90,5", "96,4"]
    assert root.find(f".//{NS}polyline") is not None


def test_many_categories_are_named_one_in_k_rather_than_cut_to_nothing() -> None:
    dates = tuple(f"{day}/{month}/2021" for month in range(1, 13) for day in (15, 28))
    line = Chart("t", "T", "line", dates, (ChartSeries("Giá trị", tuple(range(24))),))
    shown = [t for t in _texts(_parse(chart_svg(line)), "labels") if "/" in t]
    assert shown[0] == "15/1/2021"
    assert 4 <= len(shown) < 24
    assert set(shown) <= set(dates)  # whole dates, never "1…"
    units = tuple(f"Đơn vị số {i}" for i in range(300))
    hbar = Chart("u", "U", "hbar", units, (ChartSeries("Khác", (1.0,) * 300),))
    root = _parse(chart_svg(hbar))
    named = [t for t in root.iter(f"{NS}text") if (t.text or "").startswith("Đơn vị")]
    assert 10 <= len(named) < 300
    ys = [float(t.get("y") or 0) for t in named]
    sizes = {float(t.get("font-size") or 0) for t in named}
    assert min(b - a for a, b in itertools.pairwise(ys)) >= max(sizes)  # never overlap


def test_nice_ticks_step_by_1_2_5() -> None:
    assert nice_ticks(7, integer=True) == [0, 1, 2, 3, 4, 5, 6, 7]
    assert nice_ticks(9, integer=True) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0, integer=True) == [0, 1]
    assert nice_ticks(0.4, integer=True) == [0, 1]  # counts: no tick between 0 and 1
    assert nice_ticks(42195, integer=True) == [0, 10000, 20000, 30000, 40000, 50000]
    assert nice_ticks(0.9, integer=False) == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert nice_ticks(16881, integer=True, most=4) == [0, 5000, 10000, 15000, 20000]
    for top in (1, 3, 13, 99, 101, 777, 12345, 2_000_001):
        ticks = nice_ticks(top, integer=True)
        step = ticks[1] - ticks[0]
        assert ticks[-1] >= top > ticks[-2]
        assert 1 <= len(ticks) - 1 <= 7
        assert str(int(step)).rstrip("0") in ("1", "2", "5")


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_report_does_not_import_matplotlib(filled: Path | str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"bc.{fmt}"
    code = (  # the database is THIDUA_DB, set by the fixture
        "import sys\n"
        "from stc_thidua.cli import main\n"
        f"sys.argv = ['thidua', 'report', 'tongket', '--format', {fmt!r}, '--out', {str(out)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('LOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.rpartition("LOADED=")[2].strip().split(","))
    assert "matplotlib" not in loaded
    assert "PIL" not in loaded
    if fmt == "html":
        html = out.read_text(encoding="utf-8")
        assert html.count("<svg") == 3
    else:
        with zipfile.ZipFile(out) as package:
            names = package.namelist()
        assert len([n for n in names if n.startswith("word/charts/chart")]) == 3

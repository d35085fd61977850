"""The report charts in Word as native Word charts: the chart XML, and the DOCX that holds it."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import docx
from lxml import etree

from stc_thidua.render.svg import COLOURS, GOAL_COLOUR, WIDTH_MM, chart_height
from stc_thidua.render.wordchart import NUMBER_FORMAT, chart_extent, chart_xml
from stc_thidua.views import Chart, ChartSeries

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"


def _parse(chart: Chart) -> etree._Element:
    data = chart_xml(chart)
    assert data.startswith(b"<?xml")
    return etree.fromstring(data)


def _one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return found[0]


def _val(root: etree._Element, path: str) -> str:
    return str(_one(root, path).get("val"))


def _cache(ser: etree._Element, part: str) -> list[str]:
    return [str(v) for v in ser.xpath(f"c:{part}//c:pt/c:v/text()", namespaces=NS)]


def _name(ser: etree._Element) -> str:
    return "".join(ser.xpath("c:tx//c:v/text()", namespaces=NS))


def _stacked(style: str) -> Chart:
    return Chart(
        key="by_unit",
        title="Biểu đồ 2. Đóng góp của từng đơn vị",
        style=style,
        # decomposed (NFD) on purpose: the chart must carry it composed (NFC)
        categories=(unicodedata.normalize("NFD", "Phòng <Kế hoạch> & Đầu tư"), "Văn phòng Sở"),
        series=(
            ChartSeries("Giải pháp, sáng kiến", (1200.0, 3.0)),
            ChartSeries("Tuyên truyền", (34.0, 0.0)),
        ),
        value_label="Số lượng",
    )


def _line() -> Chart:
    return Chart(
        key="target_1",
        title="Biểu đồ 3. Tiến độ chỉ tiêu",
        style="line",
        categories=("31/3/2021", "30/6/2021", "30/9/2021"),
        series=(ChartSeries("Tỷ lệ hồ sơ trực tuyến", (12.5, 40.0, 96.4)),),
        value_label="%",
        goal=1500.0,
    )


def test_common_settings_vietnamese_numbers_and_fonts() -> None:
    root = _parse(_stacked("hbar"))
    assert _val(root, "/c:chartSpace/c:lang") == "vi-VN"
    assert _val(root, "/c:chartSpace/c:roundedCorners") == "0"
    assert _val(root, "/c:chartSpace/c:chart/c:autoTitleDeleted") == "1"
    assert not root.xpath("//c:title[parent::c:chart]", namespaces=NS)  # the caption is below
    assert not root.xpath("//c:externalData", namespaces=NS)  # no embedded workbook
    formats = root.xpath("//c:numFmt[not(ancestor::c:catAx)]", namespaces=NS)
    assert formats
    assert {f.get("sourceLinked") for f in formats} == {"0"}
    assert _one(root, "//c:valAx/c:numFmt").get("formatCode") == NUMBER_FORMAT
    assert NUMBER_FORMAT == r"[>=1000000]#\.###\.###;[>=1000]#\.###;0"
    assert set(root.xpath("//a:latin/@typeface", namespaces=NS)) == {"Times New Roman"}
    sizes = {int(s) for s in root.xpath("//a:defRPr/@sz", namespaces=NS)}
    assert {1000, 900, 800} <= sizes  # ticks, legend, values


def test_horizontal_stacked_bars_top_to_bottom_with_their_totals() -> None:
    root = _parse(_stacked("hbar"))
    bar = _one(root, "//c:barChart")
    assert _val(bar, "c:barDir") == "bar"
    assert _val(bar, "c:grouping") == "stacked"
    assert _val(bar, "c:overlap") == "100"
    assert _val(root, "//c:catAx/c:scaling/c:orientation") == "maxMin"
    series = bar.xpath("c:ser", namespaces=NS)
    assert [_name(s) for s in series[:2]] == ["Giải pháp, sáng kiến", "Tuyên truyền"]
    assert _cache(series[0], "val") == ["1200", "3"]
    assert _cache(series[1], "val") == ["34", "0"]
    category = "Phòng <Kế hoạch> & Đầu tư"
    assert _cache(series[0], "cat") == [category, "Văn phòng Sở"]
    assert b"Ph\xc3\xb2ng &lt;K\xe1\xba\xbf ho\xe1\xba\xa1ch&gt; &amp; \xc4\x90" in chart_xml(
        _stacked("hbar")
    )  # escaped, composed (NFC) UTF-8
    colours = [
        _val(s, "c:spPr/a:solidFill/a:srgbClr") for s in series[:2]
    ]  # the SVG's colours, in order
    assert colours == [c.lstrip("#").upper() for c in COLOURS[:2]]
    # the totals: a last, transparent segment labelled "1.234" and "3" at its base
    extra = series[2]
    assert extra.xpath("c:spPr/a:noFill", namespaces=NS)
    labels = extra.xpath("c:dLbls/c:dLbl[c:numFmt]", namespaces=NS)
    texts = [str(lbl.xpath("c:numFmt/@formatCode", namespaces=NS)[0]) for lbl in labels]
    assert texts == ['"1.234"', '"3"']
    assert {_val(lbl, "c:dLblPos") for lbl in labels} == {"inBase"}
    assert _val(root, "//c:legend/c:legendPos") == "t"
    assert _one(root, "//c:valAx/c:title//a:t").text == "Số lượng"


def test_vertical_stacked_bars_print_totals_from_a_hidden_line() -> None:
    root = _parse(_stacked("bar"))
    bar = _one(root, "//c:barChart")
    assert _val(bar, "c:barDir") == "col"
    assert _val(bar, "c:grouping") == "stacked"
    assert _val(root, "//c:catAx/c:scaling/c:orientation") == "minMax"
    totals = _one(root, "//c:lineChart/c:ser")
    assert _name(totals) == "Tổng cộng"
    assert _cache(totals, "val") == ["1234", "3"]
    assert totals.xpath("c:spPr/a:ln/a:noFill", namespaces=NS)
    assert _val(totals, "c:marker/c:symbol") == "none"
    assert _val(totals, "c:dLbls/c:showVal") == "1"
    assert _val(totals, "c:dLbls/c:dLblPos") == "t"
    assert totals.xpath("c:dLbls/c:numFmt/@formatCode", namespaces=NS) == [NUMBER_FORMAT]
    # the totals' line is left out of the legend
    assert _val(root, "//c:legend/c:legendEntry/c:idx") == _val(totals, "c:idx")
    assert _val(root, "//c:legend/c:legendEntry/c:delete") == "1"


def test_one_series_labels_its_own_bars_and_has_no_legend() -> None:
    chart = Chart("by_period", "Biểu đồ", "bar", ("Quý I", "Quý II"), (ChartSeries("A", (2.0, 0)),))
    root = _parse(chart)
    ser = _one(root, "//c:barChart/c:ser")
    assert _val(ser, "c:dLbls/c:showVal") == "1"
    assert _val(ser, "c:dLbls/c:dLblPos") == "outEnd"
    assert _val(ser, "c:dLbls/c:dLbl/c:delete") == "1"  # no "0" printed over an empty bar
    assert not root.xpath("//c:legend", namespaces=NS)
    assert not root.xpath("//c:lineChart", namespaces=NS)


def test_line_with_markers_values_and_a_dashed_goal() -> None:
    root = _parse(_line())
    chart = _one(root, "//c:lineChart")
    assert not root.xpath("//c:barChart", namespaces=NS)
    series = chart.xpath("c:ser", namespaces=NS)
    assert [_name(s) for s in series] == ["Tỷ lệ hồ sơ trực tuyến", "Chỉ tiêu: 1.500"]
    line, goal = series
    assert _val(line, "c:marker/c:symbol") == "circle"
    assert _cache(line, "cat") == ["31/3/2021", "30/6/2021", "30/9/2021"]
    assert _cache(line, "val") == ["12.5", "40", "96.4"]
    # decimals printed with a comma whatever the locale: as literal text
    literals = line.xpath("c:dLbls/c:dLbl/c:numFmt/@formatCode", namespaces=NS)
    assert literals == ['"12,5"', '"96,4"']
    assert _cache(goal, "val") == ["1500", "1500", "1500"]
    assert _val(goal, "c:spPr/a:ln/a:prstDash") == "dash"
    assert _val(goal, "c:spPr/a:ln/a:solidFill/a:srgbClr") == GOAL_COLOUR.lstrip("#").upper()
    assert _val(goal, "c:dLbls/c:delete") == "1"
    assert float(_val(root, "//c:valAx/c:scaling/c:max")) >= 1500
    assert _val(root, "//c:legend/c:legendPos") == "t"


def test_same_chart_same_bytes_and_svg_size() -> None:
    assert chart_xml(_stacked("hbar")) == chart_xml(_stacked("hbar"))
    width, height = chart_extent(_line())
    assert width == WIDTH_MM * 36000
    assert height == round(chart_height(_line()) * 914400)


def test_a_bar_per_unit_has_room_for_a_two_line_name() -> None:
    """LibreOffice drops every other unit name when two would overlap: each bar of a
    horizontal chart gets room for a name wrapped on two lines at 8 pt (0.45 in), up to the
    page's 9 in."""
    names = tuple(f"Phòng Quản lý tài chính số {i:02d} khu vực" for i in range(1, 26))
    for count in (3, 9, 25):
        chart = Chart(
            key="by_unit",
            title="Biểu đồ",
            style="hbar",
            categories=names[:count],
            series=(ChartSeries("Giải pháp", tuple(1.0 for _ in range(count))),),
        )
        height = chart_extent(chart)[1] / 914400
        assert height >= min(9.0, 1.3 + 0.45 * count) - 0.001
        assert height <= 9.0 + 0.001
    root = _parse(_stacked("hbar"))
    assert _val(root, "//c:catAx/c:tickLblSkip") == "1"
    assert root.xpath("//c:catAx/c:txPr//a:defRPr/@sz", namespaces=NS) == ["800"]


def test_tong_ket_docx_holds_native_charts_and_no_pictures(cli, filled, tmp_path):
    outputs = []
    for name in ("a.docx", "b.docx"):
        out = tmp_path / name
        result = cli("report", "tongket", "--format", "docx", "--out", str(out))
        assert result.exit_code == 0, result.stderr
        outputs.append(zipfile.ZipFile(out))
    package = outputs[0]
    names = package.namelist()
    charts = sorted(n for n in names if n.startswith("word/charts/"))
    assert charts == [f"word/charts/chart{i}.xml" for i in (1, 2, 3)]
    assert not [n for n in names if n.startswith("word/media/")]
    types = package.read("[Content_Types].xml").decode()
    for chart in charts:
        assert f'PartName="/{chart}" ContentType="{CHART_TYPE}"' in types
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    related = {r.get("Id"): r.get("Target") for r in rels if r.get("Type") == CHART_REL}
    assert sorted(related.values()) == [c.removeprefix("word/") for c in charts]
    body = etree.fromstring(package.read("word/document.xml"))
    ns = {
        "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        **NS,
    }
    inline = body.xpath("//wp:inline[.//c:chart]", namespaces=ns)
    assert len(inline) == 3
    ids = body.xpath("//wp:docPr/@id", namespaces=ns)
    assert len(ids) == len(set(ids))
    assert set(body.xpath("//c:chart/@r:id", namespaces=ns)) == set(related)
    assert {int(i.xpath("wp:extent/@cx", namespaces=ns)[0]) for i in inline} == {160 * 36000}
    # the quarters' chart: the categories and values in its caches
    by_period = etree.fromstring(package.read("word/charts/chart1.xml"))
    assert "Quý II năm 2021" in by_period.xpath("//c:cat//c:v/text()", namespaces=NS)
    # the same report gives the same chart parts and body again
    for part in (*charts, "word/document.xml"):
        assert outputs[1].read(part) == package.read(part), part
    document = docx.Document(io.BytesIO((tmp_path / "a.docx").read_bytes()))
    assert len(document.inline_shapes) == 3

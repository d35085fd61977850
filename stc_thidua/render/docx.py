"""DOCX output with python-docx, laid out per Nghị định 30/2020 (same layout as the HTML)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from docx import Document
from docx.document import Document as Doc
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from stc_thidua.render.filters import doc_number, nfc, place_date, roman, upper_vi
from stc_thidua.views import (
    Block,
    Chart,
    DocHeader,
    PlanDoc,
    Recipient,
    ReportDoc,
    ReportSection,
    Section,
    Signer,
)
from stc_thidua.views import Table as ViewTable

FONT = "Times New Roman"
TEXT_WIDTH = Mm(210 - 30 - 15)
HEADER_LEFT = Mm(68)  # the agency column; the national name takes the rest
FOOTER_LEFT = Mm(75)  # the recipients column; the signature takes the rest
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_MOTTO_WIDTH = Mm(58)  # "Độc lập - Tự do - Hạnh phúc" in bold 13 pt Times New Roman
_CAPS_BOLD_13PT_CHAR = Mm(2.7)  # average width of a bold capital at 13 pt, for the agency rule


def new_document() -> Doc:
    """An empty A4 portrait document: margins 20/15/20/30 mm, Times New Roman 14 pt, justified."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1)
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    return document


def add_page_numbers(document: Doc) -> None:
    """Page numbers centred in the top margin, none on the first page."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    _plain(paragraph, WD_ALIGN_PARAGRAPH.CENTER)
    run = paragraph.add_run()._r
    run.append(_field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run.append(instruction)
    run.append(_field_char("separate"))
    shown = OxmlElement("w:t")
    shown.text = "2"  # what a reader shows before it updates the field
    run.append(shown)
    run.append(_field_char("end"))


def _field_char(kind: str) -> BaseOxmlElement:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def _plain(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(0)
    fmt.space_after = Pt(0)
    return paragraph


def _run(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float = 0
) -> None:
    run = paragraph.add_run(nfc(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def _line(
    cell: _Cell | Doc,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    bold: bool = False,
    italic: bool = False,
    size: float = 0,
) -> Paragraph:
    """A paragraph with no indent and no spacing: a header, title or signature line."""
    paragraph = _plain(cell.add_paragraph(), align)
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(cell: _Cell | Doc, width: Length, available: Length, after: Length = Pt(0)) -> None:
    """A centred horizontal rule `width` long: the top border of an empty, 2 pt high paragraph."""
    paragraph = _plain(cell.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER)
    fmt = paragraph.paragraph_format
    side = Length(max(0, (available - width) // 2))
    fmt.left_indent, fmt.right_indent = side, side
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    fmt.space_after = after
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def _table(document: Doc, widths: Iterable[Length], rows: int = 1) -> Table:
    """A borderless table with fixed column widths, its cells emptied of their first paragraph."""
    widths = list(widths)
    table: Table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell._tc.remove(cell.paragraphs[0]._p)
    return table


def add_header(document: Doc, header: DocHeader, doc_type: str, summary: str) -> None:
    """The two-column header (agency, number / national name, place and date), title and summary."""
    left_width, right_width = HEADER_LEFT, Length(TEXT_WIDTH - HEADER_LEFT)
    table = _table(document, (left_width, right_width), rows=2)
    left, right = table.rows[0].cells
    if header.parent_body:
        _line(left, upper_vi(header.parent_body), size=13)
    agency = upper_vi(header.agency)
    _line(left, agency, size=13, bold=True)
    agency_rule = Length(min(left_width, int(len(agency) * _CAPS_BOLD_13PT_CHAR * 0.4)))
    _rule(left, Length(max(Mm(12), agency_rule)), left_width)
    _line(right, NATION, size=12, bold=True)
    _line(right, MOTTO, size=13, bold=True)
    _rule(right, _MOTTO_WIDTH, right_width)
    left, right = table.rows[1].cells
    number_line = _line(left, doc_number(header.number, header.symbol), size=13)
    date_line = _line(right, place_date(header.place, header.date, blank="    "), italic=True)
    number_line.paragraph_format.space_before = date_line.paragraph_format.space_before = Pt(6)
    _line(document, upper_vi(doc_type), bold=True).paragraph_format.space_before = Pt(12)
    _line(document, summary, bold=True)
    _rule(document, Mm(40), TEXT_WIDTH, after=Pt(12))


def add_paragraph(document: Doc, text: str, *, bold: bool = False, number: str = "") -> Paragraph:
    """A body paragraph (justified, first line indented 1 cm), with an optional bold number."""
    paragraph = document.add_paragraph()
    if number:
        _run(paragraph, f"{number} ", bold=True)
    _run(paragraph, text, bold=bold)
    return paragraph


def add_sections(document: Doc, sections: Iterable[Section]) -> None:
    """Roman-numbered sections, their "1." items, paragraphs and dash lists."""
    for index, section in enumerate(sections, start=1):
        add_paragraph(document, f"{roman(index)}. {upper_vi(section.heading)}", bold=True)
        for text in section.paragraphs:
            add_paragraph(document, text)
        for number, sub in enumerate(section.subsections, start=1):
            if sub.heading:
                add_paragraph(document, f"{number}. {sub.heading}", bold=True)
            elif not sub.paragraphs:
                add_paragraph(document, f"{number}.", bold=True)
            for position, text in enumerate(sub.paragraphs):
                unnamed_first = position == 0 and not sub.heading
                add_paragraph(document, text, number=f"{number}." if unnamed_first else "")
            for text in sub.bullets:
                add_paragraph(document, f"- {text}")
        start = len(section.subsections) + 1
        for number, text in enumerate(section.numbered, start=start):
            add_paragraph(document, f"{number}. {text}")
        for text in section.bullets:
            add_paragraph(document, f"- {text}")


def add_signature(
    document: Doc, recipients: Iterable[Recipient], archive: str, signer: Signer
) -> None:
    """Recipients ("Nơi nhận:") on the left, the signature block on the right."""
    table = _table(document, (FOOTER_LEFT, Length(TEXT_WIDTH - FOOTER_LEFT)))
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, size=12, bold=True, italic=True)
    lines = [f"- {r.name}{' ' + r.remark if r.remark else ''};" for r in recipients]
    for text in (*lines, f"- Lưu: {archive}."):
        _line(left, text, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    if signer.prefix:
        _line(right, f"{signer.prefix} {upper_vi(signer.prefix_title)}", bold=True)
    _line(right, upper_vi(signer.title), bold=True)
    for _ in range(4):
        _line(right, "")
    _line(right, signer.name, bold=True)


def to_bytes(document: Doc) -> bytes:
    """The document as DOCX bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def official_document(
    header: DocHeader,
    doc_type: str,
    summary: str,
    preamble: Iterable[str],
    body: Callable[[Doc], None],
    recipients: Iterable[Recipient],
    archive: str,
    signer: Signer,
) -> bytes:
    """Any document of the decree's shape: header, title, preamble, `body`, signature."""
    document = new_document()
    add_page_numbers(document)
    add_header(document, header, doc_type, summary)
    for text in preamble:
        add_paragraph(document, text)
    body(document)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    add_signature(document, recipients, archive, signer)
    return to_bytes(document)


def plan_docx(doc: PlanDoc) -> bytes:
    """The plan (Kế hoạch) as DOCX bytes; the caller has already closed the body with "/."."""
    return official_document(
        doc.header,
        doc.doc_type,
        doc.summary,
        doc.preamble,
        lambda document: add_sections(document, doc.sections),
        doc.recipients,
        doc.archive,
        doc.signer,
    )


def _cell_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "000000"),
        ):
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _row_flags(row: _Row, *, header: bool) -> None:
    """Rows never split across pages; the header row repeats at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _cell_text(
    cell: _Cell, text: str, *, bold: bool, align: WD_ALIGN_PARAGRAPH, size: int = 12
) -> None:
    paragraph = _plain(cell.paragraphs[0], align)
    paragraph.paragraph_format.line_spacing = 1.0
    _run(paragraph, text, bold=bold, size=size)


def add_table(document: Doc, table: ViewTable) -> None:
    """A bordered table of figures at 12 pt, widths in proportion, header repeated per page."""
    if table.title:
        title = _line(document, table.title, bold=True)
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.keep_with_next = True
    from stc_thidua.render.fit import fitted_widths, no_wrap, set_cell_margins

    rows = [table.columns, *table.rows, *([table.total] if table.total else [])]
    widths, size = fitted_widths(
        TEXT_WIDTH,
        table.widths,
        table.columns,
        table.rows,
        table.numeric,
        [table.total] if table.total else [],
    )
    grid: Table = document.add_table(rows=len(rows), cols=len(table.columns))
    grid.autofit = False
    _cell_borders(grid)
    set_cell_margins(grid)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for index, (row, values) in enumerate(zip(grid.rows, rows, strict=True)):
        _row_flags(row, header=index == 0)
        bold = index == 0 or (bool(table.total) and index == len(rows) - 1)
        for cell, value, width, numeric in zip(
            row.cells, values, widths, table.numeric, strict=True
        ):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            align = (
                WD_ALIGN_PARAGRAPH.CENTER
                if index == 0
                else (WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT)
            )
            _cell_text(cell, value, bold=bold, align=align, size=size)
            if numeric and index > 0:
                no_wrap(cell)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def add_chart(document: Doc, chart: Chart) -> None:
    """The chart as a native Word chart across the text width, its title in italics below."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    from stc_thidua.render.wordchart import CONTENT_TYPE, chart_xml, inline_xml

    package = document.part.package
    partname = PackURI(package.next_partname("/word/charts/chart%d.xml"))
    part = Part(partname, CONTENT_TYPE, chart_xml(chart), package)
    relationship = document.part.relate_to(part, RELATIONSHIP_TYPE.CHART)
    paragraph = _plain(document.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.keep_with_next = True
    drawing = inline_xml(chart, relationship, document.part.next_id)
    paragraph.add_run()._r.append(parse_xml(drawing))
    caption = _line(document, chart.title, italic=True, size=12)
    caption.paragraph_format.space_after = Pt(6)


def add_blocks(document: Doc, blocks: Iterable[Block]) -> None:
    """The blocks of one report section, printed as the HTML prints them."""
    for block in blocks:
        if block.kind == "heading":
            add_paragraph(document, block.text, bold=True)
        elif block.kind == "draft":
            paragraph = _line(
                document, block.text, align=WD_ALIGN_PARAGRAPH.LEFT, italic=True, size=12
            )
            paragraph.paragraph_format.space_after = Pt(6)
        elif block.kind in ("paragraph", "numbered"):
            paragraph = add_paragraph(document, block.text)
            for run in paragraph.runs:
                run.italic = block.draft
        elif block.kind == "bullet":
            paragraph = add_paragraph(document, f"- {block.text}")
            for run in paragraph.runs:
                run.italic = block.draft
        elif block.kind == "table" and block.table is not None:
            add_table(document, block.table)
        elif block.kind == "chart" and block.chart is not None:
            add_chart(document, block.chart)


def add_report_sections(document: Doc, sections: Iterable[ReportSection]) -> None:
    """Roman-numbered report sections with their blocks."""
    for index, section in enumerate(sections, start=1):
        add_paragraph(document, f"{roman(index)}. {upper_vi(section.heading)}", bold=True)
        add_blocks(document, section.blocks)


def report_docx(doc: ReportDoc) -> bytes:
    """A sơ kết / tổng kết report as DOCX bytes; the body is already closed with "/."."""
    return official_document(
        doc.header,
        doc.doc_type,
        doc.summary,
        doc.preamble,
        lambda document: add_report_sections(document, doc.sections),
        doc.recipients,
        doc.archive,
        doc.signer,
    )

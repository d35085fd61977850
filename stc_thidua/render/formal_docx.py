"""The commendation dossier as DOCX, laid out like the plan (render/docx.py, Nghị định 30/2020)."""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as Doc
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from stc_thidua.commendation_views import Block, FormalDoc, PageBreak, Para, Signature, Table
from stc_thidua.render.docx import (
    FOOTER_LEFT,
    TEXT_WIDTH,
    _line,
    _run,
    _table,
    add_header,
    add_page_numbers,
    new_document,
    to_bytes,
)
from stc_thidua.render.filters import nfc
from stc_thidua.render.fit import fitted_widths, no_wrap, set_cell_margins

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _para(document: Doc, block: Para, *, new_page: bool = False) -> None:
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.page_break_before = new_page
    style = block.style
    if style in ("center", "center_bold", "center_italic"):
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.first_line_indent = Cm(0)
    elif style in ("plain",):
        fmt.first_line_indent = Cm(0)
    elif style == "bullet":
        fmt.left_indent = Cm(1)
        fmt.first_line_indent = Cm(-0.35)
    if block.lead:
        _run(paragraph, f"{block.lead} ", bold=True)
    text = f"- {block.text}" if style == "bullet" else block.text
    _run(
        paragraph,
        text,
        bold=style in ("center_bold", "heading"),
        italic=style in ("center_italic", "italic"),
    )


def _borders(table: object) -> None:
    """Single black borders on every cell of a table."""
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
    props = table._tbl.tblPr  # type: ignore[attr-defined]
    for old in props.findall(qn("w:tblBorders")):
        props.remove(old)
    props.append(borders)


def _cell_text(cell: object, text: str, align: str, *, bold: bool = False, size: int = 12) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    fmt.first_line_indent = Cm(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    run = paragraph.add_run(nfc(text))
    run.bold = bold
    run.font.size = Pt(size)
    if align == "right":
        no_wrap(cell)  # an amount stays on one line


def _list(document: Doc, block: Table) -> None:
    rows = len(block.rows) + 1 + (1 if block.total else 0)
    table = document.add_table(rows=rows, cols=len(block.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    set_cell_margins(table)
    body = [r for i, r in enumerate(block.rows) if i not in block.groups]
    widths, size = fitted_widths(
        TEXT_WIDTH,
        block.widths,
        block.columns,
        body,
        [a == "right" for a in block.align],
        [block.total] if block.total else [],
    )
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    header = table.rows[0]
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the heading row repeats on every page
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for cell, title in zip(header.cells, block.columns, strict=True):
        _cell_text(cell, title, "center", bold=True, size=size)
    for index, values in enumerate(block.rows):
        row = table.rows[index + 1]
        if index in block.groups:
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, values[0], "left", bold=True, size=size)
            continue
        for cell, value, align in zip(row.cells, values, block.align, strict=True):
            _cell_text(cell, value, align, size=size)
    if block.total:
        row = table.rows[-1]
        for cell, value, align in zip(row.cells, block.total, block.align, strict=True):
            _cell_text(cell, value, align, bold=True, size=size)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _blocks(
    document: Doc, blocks: Iterable[Block], *, new_page: bool = False, tail: int = 0
) -> None:
    """The blocks in order; `new_page` starts the first on a new page (the attached list).

    The `tail` last paragraphs keep with the signature that follows, so that no page holds the
    signature alone (a page that could be swapped).
    """
    items = list(blocks)
    for index, block in enumerate(items):
        if isinstance(block, Para):
            _para(document, block, new_page=new_page and index == 0)
            if index >= len(items) - tail:
                document.paragraphs[-1].paragraph_format.keep_with_next = True
        elif isinstance(block, Table):
            _list(document, block)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _signature_cell(cell: object, signature: Signature) -> None:
    for title in signature.titles:
        _line(cell, title, bold=True)  # type: ignore[arg-type]
    if signature.note:
        _line(cell, signature.note, italic=True)  # type: ignore[arg-type]
    for _ in range(4):
        _line(cell, "")  # type: ignore[arg-type]
    _line(cell, signature.name, bold=True)  # type: ignore[arg-type]


def _keep_rows(table: object) -> None:
    """The footer's rows are not split, and keep with each other."""
    for index, row in enumerate(table.rows):  # type: ignore[attr-defined]
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if index < len(table.rows) - 1:  # type: ignore[attr-defined]
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _footer(document: Doc, doc: FormalDoc) -> None:
    spacer = document.add_paragraph().paragraph_format
    spacer.space_after = Pt(0)
    spacer.keep_with_next = True
    if len(doc.signatures) > 1:
        # titles in one row, names in the next: the names line up whatever the titles' length
        half = Length(TEXT_WIDTH // 2)
        table = _table(document, (half, Length(TEXT_WIDTH - half)), rows=2)
        for column, signature in enumerate(doc.signatures[:2]):
            top, bottom = table.rows[0].cells[column], table.rows[1].cells[column]
            for title in signature.titles:
                _line(top, title, bold=True)
            if signature.note:
                _line(top, signature.note, italic=True)
            for _ in range(4):
                _line(bottom, "")
            _line(bottom, signature.name, bold=True)
        _keep_rows(table)
        return
    table = _table(document, (FOOTER_LEFT, Length(TEXT_WIDTH - FOOTER_LEFT)))
    _keep_rows(table)
    left, right = table.rows[0].cells
    if doc.archive:
        _line(left, "Nơi nhận:", align=WD_ALIGN_PARAGRAPH.LEFT, size=12, bold=True, italic=True)
        lines = [f"- {r.name}{' ' + r.remark if r.remark else ''};" for r in doc.recipients]
        for text in (*lines, f"- Lưu: {doc.archive}."):
            _line(left, text, align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    else:
        _line(left, "")
    if doc.signatures:
        _signature_cell(right, doc.signatures[0])


def formal_docx(doc: FormalDoc) -> bytes:
    """One dossier document as DOCX bytes."""
    document = new_document()
    add_page_numbers(document)
    if doc.form_label:
        label = _line(
            document, doc.form_label, align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, italic=True
        )
        label.paragraph_format.space_after = Pt(4)
    add_header(document, doc.header, doc.doc_type, doc.summary)
    if doc.addressee:
        if len(doc.addressee) == 1:
            _line(document, f"Kính gửi: {doc.addressee[0]}.").paragraph_format.space_after = Pt(8)
        else:
            _line(document, "Kính gửi:")
            for line in doc.addressee:
                _line(document, f"- {line};")
    _blocks(document, doc.blocks, tail=doc.closing)
    _footer(document, doc)
    if doc.appendix:
        _blocks(document, doc.appendix, new_page=True)
    return to_bytes(document)

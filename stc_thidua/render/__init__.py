"""Stage two of every document: a frozen view-model in, Markdown / HTML / DOCX out.

This package knows no database: it reads only `stc_thidua.views`. Jinja is imported when a
template is rendered, so the pure filters (`render.filters`) load without it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from stc_thidua.errors import InvalidInput
from stc_thidua.render.filters import end_mark, nfc
from stc_thidua.views import Block, PlanDoc, ReportDoc, ReportSection, Section, Subsection

__all__ = [
    "FORMATS",
    "REPORT_FORMATS",
    "close_body",
    "close_report",
    "render_plan",
    "render_report",
    "render_template",
    "templates_dir",
]

FORMATS = ("md", "html", "docx")
REPORT_FORMATS = ("md", "html", "docx", "pdf", "json")


def templates_dir() -> Path:
    """The templates folder (see `render.env.templates_dir`)."""
    from stc_thidua.render.env import templates_dir as found

    return found()


def render_template(name: str, /, **context: Any) -> str:
    """Render one template of `templates/` ("kehoach.md.j2", "kehoach.html.j2") to NFC text."""
    from stc_thidua.render.env import get_env, template_kind

    template = get_env(template_kind(name)).get_template(name)
    return nfc(template.render(**context))


def _close_subsection(sub: Subsection) -> Subsection | None:
    if sub.bullets:
        return dataclasses.replace(sub, bullets=(*sub.bullets[:-1], end_mark(sub.bullets[-1])))
    if sub.paragraphs:
        last = end_mark(sub.paragraphs[-1])
        return dataclasses.replace(sub, paragraphs=(*sub.paragraphs[:-1], last))
    return None


def _close_section(section: Section) -> Section | None:
    # Printing order inside a section: paragraphs, subsections, numbered paragraphs, bullets.
    if section.bullets:
        bullets = (*section.bullets[:-1], end_mark(section.bullets[-1]))
        return dataclasses.replace(section, bullets=bullets)
    if section.numbered:
        numbered = (*section.numbered[:-1], end_mark(section.numbered[-1]))
        return dataclasses.replace(section, numbered=numbered)
    for index in reversed(range(len(section.subsections))):
        closed = _close_subsection(section.subsections[index])
        if closed is not None:
            subs = (*section.subsections[:index], closed, *section.subsections[index + 1 :])
            return dataclasses.replace(section, subsections=subs)
    if section.paragraphs:
        last = end_mark(section.paragraphs[-1])
        return dataclasses.replace(section, paragraphs=(*section.paragraphs[:-1], last))
    return None


def close_body(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """The same sections with the body's last paragraph ending in "/." (Nghị định 30/2020)."""
    for index in reversed(range(len(sections))):
        closed = _close_section(sections[index])
        if closed is not None:
            return (*sections[:index], closed, *sections[index + 1 :])
    return sections


def render_plan(doc: PlanDoc, fmt: str) -> str | bytes:
    """The plan (Kế hoạch) as Markdown or HTML text, or DOCX bytes."""
    doc = dataclasses.replace(doc, sections=close_body(doc.sections))
    if fmt == "docx":
        from stc_thidua.render.docx import plan_docx

        return plan_docx(doc)
    if fmt in ("md", "html"):
        return render_template(f"kehoach.{fmt}.j2", doc=doc)
    raise InvalidInput(f"Định dạng không hỗ trợ: {fmt} (chọn một trong: {', '.join(FORMATS)}).")


_CLOSABLE = ("paragraph", "numbered", "bullet")


def close_report(sections: tuple[ReportSection, ...]) -> tuple[ReportSection, ...]:
    """The report's sections with the body's last paragraph ending in "/."."""
    for index in reversed(range(len(sections))):
        blocks = sections[index].blocks
        for position in reversed(range(len(blocks))):
            block = blocks[position]
            if block.kind in _CLOSABLE and block.text:
                closed: Block = dataclasses.replace(block, text=end_mark(block.text))
                new_blocks = (*blocks[:position], closed, *blocks[position + 1 :])
                section = dataclasses.replace(sections[index], blocks=new_blocks)
                return (*sections[:index], section, *sections[index + 1 :])
    return sections


def report_json(doc: ReportDoc) -> str:
    """Every figure the report prints, as indented JSON under stable English keys."""
    import json

    return json.dumps(doc.figures, ensure_ascii=False, indent=2) + "\n"


def report_html(doc: ReportDoc) -> str:
    """The report as one self-contained HTML page, its charts drawn inline as SVG."""
    charts = {}
    for section in doc.sections:
        for block in section.blocks:
            if block.chart is not None:
                from stc_thidua.render.svg import chart_svg

                charts[block.chart.key] = chart_svg(block.chart)
    return render_template("baocao.html.j2", doc=doc, charts=charts)


_warming: list[Any] = []  # the warm-up thread, once started


def warm_up(fmt: str) -> None:
    """Start loading what rendering `fmt` will need, in a thread, while the figures are read.

    For Word, python-docx (and lxml) is imported; its charts are native Word charts written
    by our own code (`render.wordchart`). For HTML and PDF, whose charts are plain SVG drawn
    by our own code, the HTML template is compiled. The report's queries leave the
    interpreter idle while SQLite or the PostgreSQL server works (neither holds the GIL
    then), so on a second core the two overlap. Rendering waits for the thread (`ready`).
    """
    if fmt == "pdf":
        from stc_thidua.render.pdf import start_printer

        start_printer()  # the browser starts on the other core while the figures are read
    if _warming or fmt not in ("html", "docx", "pdf"):
        return
    import threading

    def work() -> None:
        try:
            if fmt == "docx":
                import stc_thidua.render.docx  # noqa: F401
            else:
                from stc_thidua.render.env import get_env

                get_env("html").get_template("baocao.html.j2")
        except Exception:  # rendering itself will report any real problem
            return

    thread = threading.Thread(target=work, name="thidua-warm-up", daemon=True)
    _warming.append(thread)
    thread.start()


def ready() -> None:
    """Wait for the warm-up thread, if one runs (see `warm_up`)."""
    import threading

    for thread in _warming:
        if thread is not threading.current_thread():
            thread.join()


def render_report(doc: ReportDoc, fmt: str) -> str | bytes:
    """A sơ kết / tổng kết report as Markdown, HTML or JSON text, or DOCX or PDF bytes."""
    if fmt == "json":
        return report_json(doc)
    ready()
    doc = dataclasses.replace(doc, sections=close_report(doc.sections))
    if fmt == "md":
        return render_template("baocao.md.j2", doc=doc)
    if fmt == "html":
        return report_html(doc)
    if fmt == "docx":
        from stc_thidua.render.docx import report_docx

        return report_docx(doc)
    if fmt == "pdf":
        from stc_thidua.render.pdf import html_to_pdf

        return html_to_pdf(report_html(doc))
    raise InvalidInput(
        f"Định dạng không hỗ trợ: {fmt} (chọn một trong: {', '.join(REPORT_FORMATS)})."
    )

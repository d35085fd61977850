"""Stage two of every document: a frozen view-model in, Markdown / HTML / DOCX out.

This package knows no database: it reads only `stc_thidua.views`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from stc_thidua.errors import InvalidInput
from stc_thidua.render.env import get_env, template_kind, templates_dir
from stc_thidua.render.filters import end_mark, nfc
from stc_thidua.views import PlanDoc, Section, Subsection

__all__ = [
    "FORMATS",
    "close_body",
    "render_plan",
    "render_template",
    "templates_dir",
]

FORMATS = ("md", "html", "docx")


def render_template(name: str, /, **context: Any) -> str:
    """Render one template of `templates/` ("kehoach.md.j2", "kehoach.html.j2") to NFC text."""
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
    # Printing order inside a section: paragraphs, subsections, numbered paragraphs.
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

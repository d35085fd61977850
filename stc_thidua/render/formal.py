"""The commendation dossier (`FormalDoc`) as Markdown, print-ready HTML or DOCX (Nghị định 30/2020).

Knows no database: it reads only the frozen view-models of `stc_thidua.commendation_views`.
"""

from __future__ import annotations

from stc_thidua.commendation_views import FormalDoc
from stc_thidua.errors import InvalidInput

FORMATS = ("md", "html", "docx")


def render_formal(doc: FormalDoc, fmt: str) -> str | bytes:
    """One dossier document as Markdown or HTML text, or DOCX bytes."""
    if fmt == "docx":
        from stc_thidua.render.formal_docx import formal_docx

        return formal_docx(doc)
    if fmt in ("md", "html"):
        from stc_thidua.render import render_template

        return render_template(f"vanban.{fmt}.j2", doc=doc)
    raise InvalidInput(f"Định dạng không hỗ trợ: {fmt} (chọn một trong: {', '.join(FORMATS)}).")

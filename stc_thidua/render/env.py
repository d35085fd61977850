"""The one place that builds the Jinja environment and finds the templates."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import jinja2

from stc_thidua.render import filters

Kind = Literal["md", "html"]

# HTML collapses runs of spaces: the blanks left for a handwritten day or number are non-breaking.
_HTML_BLANKS = {
    "vn_date": filters.NBSP * 5,
    "place_date": filters.NBSP * 5,
    "short_date": filters.NBSP * 3,
    "doc_number": filters.NBSP * 8,
}


def templates_dir() -> Path:
    """The templates folder: inside the installed package, else at the root of the source tree."""
    packaged = Path(__file__).parents[1] / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parents[2] / "templates"


def template_kind(name: str) -> Kind:
    """The environment a template needs, from its name: "kehoach.html.j2" → "html"."""
    return "html" if name.removesuffix(".j2").endswith(".html") else "md"


@functools.lru_cache(maxsize=2)
def get_env(kind: Kind) -> jinja2.Environment:
    """The Jinja environment for Markdown ("md") or HTML ("html") documents."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters.FILTERS)
    if kind == "html":
        for name, blank in _HTML_BLANKS.items():
            env.filters[name] = functools.partial(filters.FILTERS[name], blank=blank)
    return env

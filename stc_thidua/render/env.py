"""The one place that builds the Jinja environment and finds the templates."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path
from typing import Literal

import jinja2
import jinja2.bccache

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


class _KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, each checked against its source's checksum.

    Compiling the templates of a report costs about 30 ms a run; a file that cannot be read
    or written only means compiling again.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Load the kept code of `bucket`, if it is ours alone and can be read whole."""
        try:
            info = os.stat(self._get_cache_filename(bucket))
        except OSError:
            return  # not kept yet
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return  # loading runs code: only a file no one else wrote
        try:
            super().load_bytecode(bucket)
        except Exception:  # cut short, damaged, of another Jinja: compiled again, and replaced
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code of `bucket`, if the folder can be written."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _kept_templates(kind: Kind) -> jinja2.BytecodeCache | None:
    """The folder of compiled templates in the user's cache, if it is safely ours.

    Compiled code is executed when loaded: a folder another user owns or may write is not
    used. $THIDUA_NO_TEMPLATE_CACHE turns the cache off.
    """
    if os.environ.get("THIDUA_NO_TEMPLATE_CACHE"):
        return None
    from platformdirs import user_cache_path

    python = f"py{sys.version_info.major}{sys.version_info.minor}"
    folder = user_cache_path("thidua", appauthor=False) / "templates" / f"{kind}-{python}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return _KeptTemplates(str(folder))


@functools.lru_cache(maxsize=2)
def get_env(kind: Kind) -> jinja2.Environment:
    """The Jinja environment for Markdown ("md") or HTML ("html") documents."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        bytecode_cache=_kept_templates(kind),
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

"""Sphinx extension: keep the default Jupyter Book 1 page free of console errors and remote code.

The book has no Thebe launch button, yet sphinx-thebe adds its configuration script to every
page, twice when documents are re-read (``Identifier 'THEBE_JS_URL' has already been
declared``), along with a remote thebe URL. This drops those scripts from every page.

pydata-sphinx-theme reads the colour mode from localStorage and, on a first visit, passes an
empty mode to ``setTheme`` (``Got invalid theme mode: .`` in the console). A tiny inline
script gives it the theme's own default, ``auto``, before the theme's deferred script runs.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _is_thebe(script: Any) -> bool:
    filename = getattr(script, "filename", None) or str(script)
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return "thebe" in (filename or "").lower() or "THEBE_JS_URL" in body


def drop_thebe_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Remove sphinx-thebe's scripts and stylesheet from the page context."""
    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not _is_thebe(s)]
    if "css_files" in context:
        context["css_files"] = [c for c in context["css_files"] if "thebe" not in str(getattr(c, "filename", c))]


DEFAULT_MODE_SCRIPT = "(function (d) { if (!d.dataset.mode) { d.dataset.mode = 'auto'; } })(document.documentElement);"


def setup(app: Sphinx) -> dict[str, object]:
    """Register the page-context hook and the colour-mode default."""
    app.connect("html-page-context", drop_thebe_scripts, priority=900)
    app.add_js_file(None, body=DEFAULT_MODE_SCRIPT, priority=100)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

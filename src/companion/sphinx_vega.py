"""Sphinx extension and MyST-NB plugin: offline Vega-Lite charts in the built book.

:class:`VegaLiteMimeRenderer` (registered as a ``myst_nb.mime_renderers`` entry point) turns
each stored Vega-Lite output into :func:`companion.rendering.chart_html`.

The Vega/Vega-Lite/Vega-Embed JavaScript itself:
The script comes from the ``vl-convert-python`` package (no network), is wrapped in a
function scope (at top level its minified names clash with Sphinx's ``_``) and is written to
``_static/companion-vega.js`` of the build. It is cached under ``book/_build/.cache`` so a
no-op rebuild does not bundle it again, and it is never committed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import altair as alt
from docutils import nodes
from sphinx.application import Sphinx

from companion.rendering import VEGALITE_MIMETYPE, chart_html

SCRIPT_NAME = "companion-vega.js"


def vega_lite_version() -> str:
    """The Vega-Lite minor version Altair writes specs for, e.g. ``5.20``."""
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


def build_script() -> str:
    """The offline Vega bundle, wrapped so that it only defines window globals."""
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())
    header = f"/* Vega, Vega-Lite {vega_lite_version()} and Vega-Embed, bundled by vl-convert-python. */\n"
    return header + "(function () {\n" + bundle + "\n})();\n"


def cached_script(cache_dir: Path) -> str:
    """The bundle from the cache, building it once per Vega-Lite version."""
    import vl_convert

    cache = cache_dir / f"companion-vega-{vega_lite_version()}-{vl_convert.__version__}.js"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(build_script(), encoding="utf-8")
    return cache.read_text(encoding="utf-8")


def _write_script(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / SCRIPT_NAME
    script = cached_script(Path(app.outdir).parent / ".cache")
    if not target.exists() or target.read_text(encoding="utf-8") != script:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(script, encoding="utf-8")


class VegaLiteMimeRenderer:
    """MyST-NB mime renderer: Vega-Lite outputs become offline HTML, preferred over text/html."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, VEGALITE_MIMETYPE, 5) for builder in ("html", "dirhtml", "singlehtml", "readthedocs")
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """Render the Vega-Lite mimetype; leave every other mimetype to MyST-NB."""
        if data.mime_type != VEGALITE_MIMETYPE:
            return None
        spec = data.content if isinstance(data.content, dict) else json.loads(data.string)
        return [nodes.raw(text=chart_html(spec), format="html", classes=["output", "vegalite"])]


def _add_script_to_chart_pages(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the Vega bundle only on pages that draw a chart (about 0.9 MB saved elsewhere)."""
    if "companion-chart" in (context.get("body") or ""):
        app.add_js_file(SCRIPT_NAME, priority=400)


def setup(app: Sphinx) -> dict[str, object]:
    """Add the script to chart pages and write it when the build finishes."""
    app.connect("html-page-context", _add_script_to_chart_pages)
    app.connect("build-finished", _write_script)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

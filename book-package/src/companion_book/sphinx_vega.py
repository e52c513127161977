"""Sphinx extension and MyST-NB plugin: offline, static-first Vega-Lite charts in the built book.

:class:`VegaLiteMimeRenderer` (registered as a ``myst_nb.mime_renderers`` entry point) turns
each stored Vega-Lite output into :func:`companion_book.static_charts.chart_html`, with the chart
rendered to SVG at build time (dark mode recolours it with CSS). Renderings are cached under
``book/_build/.cache/charts`` by spec hash, so a no-op rebuild renders nothing.

Chart pages (and only they) get three static files:

- ``companion-book.css``: chart sizing, wrapped tables, the print stylesheet (every page);
- ``companion-charts.js``: swaps each static SVG for a live view near the viewport (deferred);
- ``companion-vega.js``: Vega, Vega-Lite and Vega-Embed from ``vl-convert-python``, loaded by
  ``companion-charts.js`` on demand, wrapped in a function scope (its minified names clash
  with Sphinx's ``_`` otherwise). It is cached so a no-op rebuild does not bundle it again.

A chart with a narrow layout (:func:`companion.rendering.with_narrow`) gets both SVGs, both
cached; the stylesheet carries the container queries that show the one its column fits
(:func:`companion_book.static_charts.layout_css`).

Every chart is a numbered figure (:class:`ChartFigures`): the markdown cell after a chart opens
with its caption, labelled ``(fig-NAME)=``, and the book wraps chart and caption in a figure that
Sphinx numbers (``numfig``) and ``{numref}`` cites; no figure number is typed. Chart figures get
the ``companion-figure`` class (styled in ``companion-book.css``) and a full stop after their
number, "Figure 2.1. Caption", as the typed captions had.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from companion import theme
from companion.rendering import VEGALITE_MIMETYPE, WIDGET_VIEW_MIMETYPE, layouts
from companion_book import register_assets_fingerprint
from companion_book.static_charts import VL_VERSION, chart_html, layout_css, spec_hash, static_svg

SCRIPT_NAME = "companion-vega.js"
CHARTS_SCRIPT = "companion-charts.js"
STYLESHEET = "companion-book.css"
MODES = ("light", "dark")
# Marks the page as scripted before it is drawn, so the charts' static controls show only then.
JS_FLAG_SCRIPT = "document.documentElement.classList.add('companion-js');"
FIGURE_CLASS = "companion-figure"
FIGURE_PREFIX = "fig-"
# The raw node VegaLiteMimeRenderer returns for a chart: how a page's doctree shows that it draws one.
CHART_NODE_CLASS = "vegalite"
_cache_dir: Path | None = None
logger = logging.getLogger(__name__)


def vega_lite_version() -> str:
    """The Vega-Lite minor version of the bundle the book ships, e.g. ``6.4``."""
    return VL_VERSION


def build_script() -> str:
    """The offline Vega bundle, wrapped so that it only defines window globals."""
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=vega_lite_version())  # pyright: ignore[reportCallIssue]
    header = f"/* Vega, Vega-Lite {vega_lite_version()} and Vega-Embed, bundled by vl-convert-python. */\n"
    return header + "(function () {\n" + bundle + "\n})();\n"


def cached_script(cache_dir: Path) -> str:
    """The bundle from the cache, building it once per Vega-Lite version."""
    import vl_convert

    cache = cache_dir / f"companion-vega-{vega_lite_version()}-{vl_convert.__version__}.js"  # pyright: ignore[reportAttributeAccessIssue]
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(build_script(), encoding="utf-8")
    return cache.read_text(encoding="utf-8")


def charts_script() -> str:
    """``companion-charts.js``, preceded by the colours of each mode from :mod:`companion.theme`."""
    modes = {mode: theme.mode_config(mode) for mode in MODES}
    source = resources.files("companion_book").joinpath("static", CHARTS_SCRIPT).read_text(encoding="utf-8")
    return f"window.companionChartModes = {json.dumps(modes, sort_keys=True)};\n{source}"


def stylesheet() -> str:
    """``companion-book.css`` as shipped in the package, with the static charts' dark colours and the
    rules that choose each chart's wide or narrow layout."""
    css = resources.files("companion_book").joinpath("static", STYLESHEET).read_text(encoding="utf-8")
    return (
        css
        + "\n/* dark mode: the static charts' theme colours (companion.theme.static_dark_css) */\n"
        + theme.static_dark_css()
        + "/* each chart's wide or narrow layout, by the width of its column (static_charts.layout_css) */\n"
        + layout_css()
    )


def cached_svg(spec: dict[str, Any], cache_dir: Path | None) -> str:
    """The chart's light SVG, from the cache when this spec was rendered before."""
    path = cache_dir / "charts" / f"{spec_hash(spec)}.svg" if cache_dir else None
    if path is not None and path.exists():
        return path.read_text(encoding="utf-8")
    svg = static_svg(spec)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    return svg


def write_if_changed(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` unless it already holds it (an unchanged file keeps its time)."""
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _write_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    write_if_changed(static / SCRIPT_NAME, cached_script(Path(app.outdir).parent / ".cache"))
    write_if_changed(static / CHARTS_SCRIPT, charts_script())
    write_if_changed(static / STYLESHEET, stylesheet())
    fonts = resources.files("companion_book").joinpath("static", "fonts")
    for font in fonts.iterdir():
        if font.name.endswith(".woff2") or font.name == "LICENSE":
            target = static / "fonts" / font.name
            if not target.exists() or target.read_bytes() != font.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(font.read_bytes())


HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs")


class JsonMimeRenderer:
    """A MyST-NB mime renderer (``myst_nb.mime_renderers`` entry point) for one JSON mimetype.

    A subclass names its ``mimetype`` and ``rank`` (before text/html) and renders the parsed JSON
    with ``render``; MyST-NB renders every other mimetype itself.
    """

    mimetype: ClassVar[str]
    rank: ClassVar[int]
    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.mime_priority_overrides = [(builder, cls.mimetype, cls.rank) for builder in HTML_BUILDERS]

    @classmethod
    def handle_mime(cls, renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != cls.mimetype:
            return None
        return cls.render(data.content if isinstance(data.content, dict) else json.loads(data.string))

    @classmethod
    def render(cls, content: dict[str, Any]) -> list[nodes.Element]:
        raise NotImplementedError


class VegaLiteMimeRenderer(JsonMimeRenderer):
    """Vega-Lite outputs become static-first HTML, preferred over text/html."""

    mimetype, rank = VEGALITE_MIMETYPE, 5

    @classmethod
    def render(cls, content: dict[str, Any]) -> list[nodes.Element]:
        wide, narrow = layouts(content)
        html = chart_html(content, cached_svg(wide, _cache_dir), narrow and cached_svg(narrow, _cache_dir))  # pyright: ignore[reportArgumentType]
        return [nodes.raw(text=html, format="html", classes=["output", "vegalite"])]


def _chart_bundle(node: nodes.Node) -> bool:
    """A notebook output holding a chart, other than an explorer's snapshot of its first state."""
    if not (isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"):
        return False
    mimetypes = {child.get("mime_type") for child in node.children}  # pyright: ignore[reportAttributeAccessIssue]
    return VEGALITE_MIMETYPE in mimetypes and WIDGET_VIEW_MIMETYPE not in mimetypes


class ChartFigures(SphinxTransform):
    """Each chart output and the paragraph labelled ``(fig-...)=`` right after its cell become one figure.

    The paragraph is the caption and the label the figure's name, so Sphinx numbers the figure
    (``numfig``) and ``{numref}`` cites it. A chart without such a caption, or a ``fig-`` label
    not right after a chart, is a build warning (an error in ``make book``). Runs after docutils
    moves the label onto the paragraph and before Sphinx collects the labels.
    """

    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if any(name.startswith(FIGURE_PREFIX) for name in paragraph["names"]):
                self._make_figure(paragraph)
        for bundle in self.document.findall(_chart_bundle):
            if not isinstance(bundle.parent, nodes.figure):
                logger.warning(
                    f"chart output has no caption: open the paragraph after its cell with ({FIGURE_PREFIX}NAME)=",
                    location=bundle,
                )

    def _make_figure(self, paragraph: nodes.paragraph) -> None:
        cell = paragraph.previous_sibling()
        while isinstance(cell, nodes.target):
            cell = cell.previous_sibling()
        bundle = cell.next_node(_chart_bundle) if isinstance(cell, nodes.container) else None
        if bundle is None or isinstance(bundle.parent, nodes.figure):
            logger.warning(
                f"{paragraph['names']}: a figure label must open the paragraph after a chart", location=paragraph
            )
            return
        figure = nodes.figure("", classes=[FIGURE_CLASS], ids=paragraph["ids"], names=paragraph["names"])
        figure.source, figure.line = paragraph.source, paragraph.line
        caption = nodes.caption(paragraph.rawsource, "", *paragraph.children)
        caption.source, caption.line = paragraph.source, paragraph.line
        bundle.replace_self(figure)  # pyright: ignore[reportAttributeAccessIssue]
        figure += [bundle, caption]
        paragraph.parent.remove(paragraph)
        for ident in figure["ids"]:
            self.document.ids[ident] = figure


def _add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The stylesheet on every page; the chart script only on pages that draw a chart, deferred."""
    app.add_css_file(STYLESHEET, priority=900)
    if draws_a_chart(doctree):
        app.add_js_file(None, body=JS_FLAG_SCRIPT, priority=100)
        app.add_js_file(CHARTS_SCRIPT, priority=900, loading_method="defer")


def chart_nodes(doctree: nodes.Node | None) -> list[nodes.raw]:
    """The charts in a page's doctree (generated pages such as the index have no doctree)."""
    if doctree is None:
        return []
    return [node for node in doctree.findall(nodes.raw) if CHART_NODE_CLASS in node["classes"]]


def draws_a_chart(doctree: nodes.Node | None) -> bool:
    """Whether a page's doctree holds a chart."""
    return bool(chart_nodes(doctree))


class CaptionNumberTranslator(HTML5Translator):
    """Sphinx's HTML translator with a full stop after a figure's number in its caption.

    "Figure 2.1. Caption" in the caption, while ``{numref}`` keeps "Figure 2.1" in the text: both read
    ``numfig_format``, so the format itself cannot hold the stop. The theme mixes its own translator
    into this one (pydata-sphinx-theme's ``setup_translators``).
    """

    def add_fignumber(self, node: nodes.Element) -> None:
        start = len(self.body)
        super().add_fignumber(node)
        figtype = self.builder.env.get_domain("std").get_enumerable_node_type(node)  # pyright: ignore[reportAttributeAccessIssue]
        if figtype == "figure" and len(self.body) > start + 1:
            # Sphinx appends '<span class="caption-number">', "Figure 2.1 " and "</span>".
            self.body[start + 1] = self.body[start + 1].rstrip() + ". "


def _set_cache(app: Sphinx) -> None:
    global _cache_dir
    _cache_dir = Path(app.outdir).parent / ".cache"


def setup(app: Sphinx) -> dict[str, object]:
    """Add the assets to pages and write them when the build finishes."""
    register_assets_fingerprint(app)
    app.connect("builder-inited", _set_cache)
    app.add_transform(ChartFigures)
    app.set_translator("html", CaptionNumberTranslator)
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", _write_static)
    # env_version: a change to what ChartFigures stores in the doctrees must re-read every page.
    return {"version": "2", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}

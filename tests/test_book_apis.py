"""Where the book uses an API instead of editing its HTML, and the one repair that has no API.

- The full stop after a figure's number in its caption comes from the HTML translator
  (``CaptionNumberTranslator.add_fignumber``), not from a regex over the page; ``{numref}`` in the
  text keeps "Figure 1". Built here with the pinned theme, which mixes its own translator into ours.
- A page loads the chart script when its doctree holds a chart (``draws_a_chart``), not when its HTML
  string contains a class name.
- The static SVG's per-mark ARIA attributes are still removed from Vega's SVG text
  (``static_charts._MARK_ARIA``): Vega-Lite's ``config.aria = false`` leaves the role and
  roledescription of titles and mark containers in vl-convert's SVG. The test pins that fact against
  the pinned vl-convert; when it fails, the API suffices and the repair can go.
"""

from __future__ import annotations

import re
from pathlib import Path

import vl_convert
from docutils import nodes
from sphinx.application import Sphinx

from companion_book.sphinx_vega import CHART_NODE_CLASS, draws_a_chart
from companion_book.static_charts import _MARK_ARIA, VL_VERSION, static_svg

PAGE = """Title
=====

.. _fig-a:

.. figure:: x.png

   A caption.

See :numref:`fig-a`.
"""


def test_a_caption_number_ends_in_a_full_stop_and_a_numref_does_not(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "ext.py").write_text(
        "from companion_book.sphinx_vega import CaptionNumberTranslator\n\n"
        "def setup(app):\n    app.set_translator('html', CaptionNumberTranslator)\n"
    )
    (src / "conf.py").write_text(
        "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "extensions = ['ext']\nhtml_theme = 'sphinx_book_theme'\n"
        "numfig = True\nnumfig_format = {'figure': 'Figure %s'}\n"
    )
    (src / "index.rst").write_text(PAGE)
    (src / "x.png").write_bytes(b"")
    Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", status=None).build()
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<span class="caption-number">([^<]*)</span>', html) == ["Figure 1. "]
    assert re.findall(r'<span class="std std-numref">([^<]*)</span>', html) == ["Figure 1"]


def test_a_page_draws_a_chart_when_its_doctree_holds_one() -> None:
    page = nodes.section()
    page += nodes.paragraph(text='class="companion-chart" in prose is not a chart')
    assert not draws_a_chart(page)
    assert not draws_a_chart(None)
    page += nodes.raw(text="<div></div>", format="html", classes=["output", CHART_NODE_CLASS])
    assert draws_a_chart(page)


SPEC = {
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]},
    "mark": "bar",
    "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}},
    "title": "A title",
}


def test_vega_lite_aria_false_still_leaves_aria_in_the_svg_so_the_repair_stays() -> None:
    spec = {**SPEC, "config": {"aria": False}}
    left = _MARK_ARIA.findall(vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION))
    assert left, f"vl-convert {vl_convert.__version__}: config.aria=false now strips ARIA; drop _MARK_ARIA"  # pyright: ignore[reportAttributeAccessIssue]


def test_the_static_svg_has_no_per_mark_aria_and_is_hidden_as_one_image() -> None:
    svg = static_svg(SPEC)
    assert not _MARK_ARIA.findall(svg)
    assert svg.startswith('<svg aria-hidden="true" focusable="false" ')


def test_the_extensions_share_one_assets_fingerprint_config_value(tmp_path: Path) -> None:
    """Each extension registers the fingerprint that forces a full rebuild; loaded together, it is one value."""
    from companion_book import assets_fingerprint

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['companion_book.sphinx_vega', 'companion_book.sphinx_studies']\n", encoding="utf-8"
    )
    (src / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", status=None)
    fingerprint = assets_fingerprint()
    holding = [option.name for option in app.config if getattr(app.config, option.name, None) == fingerprint]
    assert holding == ["companion_assets"]

"""Figures are numbered by the book, never typed: labelled captions, {numref} citations, the Sphinx transform."""

from __future__ import annotations

import logging
import re
from collections import Counter

import nbformat
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from companion_book.sphinx_vega import FIGURE_CLASS, ChartFigures

from .figures import BOOK, NUMREF, VEGALITE, WIDGET, book_figures, is_chart_cell, markdown_sources, numbered_pages

TYPED_NUMBER = re.compile(r"\b(?:Figure|Fig\.)\s*\d+(?:\.\d+)+")


def test_no_page_types_a_figure_number():
    typed = [f"{where}: {m.group(0)!r}" for where, text in markdown_sources() for m in TYPED_NUMBER.finditer(text)]
    assert not typed, "figure numbers typed instead of {numref}`fig-NAME` (Sphinx numbers figures):\n" + "\n".join(
        typed
    )


def test_every_chart_is_followed_by_its_labelled_caption():
    figures = book_figures()
    charts = 0
    for page in numbered_pages():
        charts += sum(is_chart_cell(c) for c in nbformat.read(BOOK / f"{page}.ipynb", as_version=4).cells)
    assert charts >= 21
    assert len(figures) == charts, "a chart cell lacks the caption cell that opens with (fig-NAME)="
    assert all(len(f.caption.split()) >= 5 for f in figures), [f.name for f in figures if len(f.caption.split()) < 5]
    repeated = [name for name, n in Counter(f.name for f in figures).items() if n > 1]
    assert not repeated, f"figure labels used twice: {repeated}"


def test_the_text_cites_figures_by_existing_labels():
    cited = [(where, label) for where, text in markdown_sources() for label in NUMREF.findall(text)]
    assert len(cited) >= 2, "the exercises cite figures with {numref}"
    names = {f.name for f in book_figures()}
    assert [c for c in cited if c[1] not in names] == []


def _document(*children: nodes.Node) -> nodes.document:
    document = new_document("chapter.ipynb", get_default_settings(Parser))
    section = nodes.section("", *children, ids=["s"])
    document += section
    return document


def _chart_cell(*mimetypes: str) -> nodes.container:
    bundle = nodes.container(nb_element="mime_bundle")
    bundle += [nodes.container(mime_type=m) for m in mimetypes]
    return nodes.container("", nodes.container("", bundle, classes=["cell_output"]), classes=["cell"])


def _caption(label: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.Text("Each school placed by two measures."), ids=[label], names=[label])


def test_transform_makes_the_chart_and_its_caption_one_named_figure():
    document = _document(_chart_cell(VEGALITE, "text/plain"), _caption("fig-schools"))
    ChartFigures(document).apply()
    figure = next(document.findall(nodes.figure))
    assert figure["ids"] == ["fig-schools"] and FIGURE_CLASS in figure["classes"]
    assert figure.parent["classes"] == ["cell_output"]
    assert figure[0].get("nb_element") == "mime_bundle"
    assert figure[1].astext() == "Each school placed by two measures." and isinstance(figure[1], nodes.caption)
    assert document.ids["fig-schools"] is figure
    assert not list(document.findall(nodes.paragraph))


def test_transform_warns_about_a_chart_without_caption_and_a_label_without_chart(caplog):
    document = _document(
        _chart_cell(VEGALITE), nodes.paragraph("", "Prose."), _chart_cell("text/html"), _caption("fig-orphan")
    )
    with caplog.at_level(logging.WARNING):
        ChartFigures(document).apply()
    messages = [r.getMessage() for r in caplog.records]
    assert any("chart output has no caption" in m for m in messages), messages
    assert any("fig-orphan" in m and "after a chart" in m for m in messages), messages
    assert not list(document.findall(nodes.figure))


def test_transform_leaves_an_explorer_snapshot_alone(caplog):
    document = _document(_chart_cell(WIDGET, VEGALITE))
    with caplog.at_level(logging.WARNING):
        ChartFigures(document).apply()
    assert not caplog.records

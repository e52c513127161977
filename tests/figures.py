"""The book's figures as its sources define them, numbered as the reader should see them.

A figure is a chart cell and the markdown cell after it, which opens with the caption labelled
``(fig-NAME)=`` (see :class:`companion_book.sphinx_vega.ChartFigures`). Its number is worked out here
independently of Sphinx: the chapter's place among the numbered parts of ``_toc.yml`` (numbering
runs on across parts) and the figure's place in its chapter. :func:`stored_figures` gives each
figure's Vega-Lite spec as its notebook stores it: the set of figures the tests must cover.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from companion.rendering import VEGALITE_MIMETYPE, WIDGET_VIEW_MIMETYPE

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
LABEL = re.compile(r"\A\((fig-[a-z0-9]+(?:-[a-z0-9]+)*)\)=\n(.+?)(?:\n\n|\Z)", re.S)
NUMREF = re.compile(r"\{numref\}`(?:[^`<]*<)?([^`>]+)>?`")
VEGALITE, WIDGET = VEGALITE_MIMETYPE, WIDGET_VIEW_MIMETYPE
VIEW_NAME = re.compile(r'"view_[0-9]+"')


@dataclass(frozen=True)
class Figure:
    page: str  # e.g. "chapters/d2_schools"
    number: str  # e.g. "2.1"
    name: str  # e.g. "fig-d2-schools-explorer"
    caption: str  # the caption's markdown source


def numbered_pages() -> list[str]:
    """The pages of the numbered parts of ``_toc.yml``, in reading order (chapter 1 first)."""
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]


def markdown_sources() -> list[tuple[str, str]]:
    """(where, markdown) for every page of the book: each .md file and each notebook's markdown cell."""
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted(BOOK.glob("*.md"))]
    for path in sorted(BOOK.glob("chapters/*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        where = path.relative_to(ROOT)
        found += [(f"{where} cell {i}", c.source) for i, c in enumerate(cells) if c.cell_type == "markdown"]
    return found


def is_chart_cell(cell: nbformat.NotebookNode) -> bool:
    """A code cell that draws a chart (an explorer's snapshot of its first state is not a figure)."""
    bundles = [o.get("data", {}) for o in cell.get("outputs", [])]
    return any(VEGALITE in b and WIDGET not in b for b in bundles)


@dataclass(frozen=True)
class StoredFigure:
    page: str  # e.g. "chapters/d2_schools"
    name: str  # e.g. "fig-d2-schools-explorer"
    spec: dict  # the Vega-Lite spec of the chart cell's stored output, as the book renders it


def _captioned_charts(page: str) -> Iterator[tuple[nbformat.NotebookNode, re.Match[str]]]:
    """Each chart cell of ``page`` whose next cell is a labelled caption, with the caption's match."""
    cells = nbformat.read(BOOK / f"{page}.ipynb", as_version=4).cells
    for before, cell in itertools.pairwise(cells):
        match = LABEL.match(cell.source) if cell.cell_type == "markdown" else None
        if match and is_chart_cell(before):
            yield before, match


def book_figures() -> list[Figure]:
    """Every figure of the book, in reading order, with the number it must carry."""
    figures = []
    for chapter, page in enumerate(numbered_pages(), start=1):
        for _, match in _captioned_charts(page):
            number = f"{chapter}.{sum(f.page == page for f in figures) + 1}"
            figures.append(Figure(page, number, match.group(1), match.group(2)))
    return figures


def _chart_spec(cell: nbformat.NotebookNode) -> dict:
    """The Vega-Lite spec a chart cell stores (plain JSON, as the book's build reads it)."""
    bundle = next(o["data"] for o in cell.outputs if VEGALITE in o.get("data", {}) and WIDGET not in o["data"])
    return json.loads(json.dumps(bundle[VEGALITE]))


def stored_figures() -> dict[str, StoredFigure]:
    """Every figure of every chapter notebook by label, with the spec its chart cell stores."""
    pages = sorted(f"chapters/{p.stem}" for p in BOOK.glob("chapters/*.ipynb"))
    found = [StoredFigure(page, m.group(1), _chart_spec(cell)) for page in pages for cell, m in _captioned_charts(page)]
    return {figure.name: figure for figure in found}


def comparable(spec: dict) -> str:
    """A spec as JSON for comparing, its Altair view names (``view_8``: numbered per process) renumbered in order."""
    text = json.dumps(spec, sort_keys=True)
    names: dict[str, str] = {}
    return VIEW_NAME.sub(lambda m: names.setdefault(m.group(0), f'"view_{len(names) + 1}"'), text)

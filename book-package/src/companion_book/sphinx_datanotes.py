"""Sphinx extension: the "Data notes" appendix and the data page's lists, written from the data package.

The data page's table of datasets (``{dataset-table}``: a download link, the row count and the
title of every dataset) and its list of chapter notebooks (``{chapter-notebooks}``, from
``_toc.yml``) are written at every build, so a dataset or a chapter added to the book appears
there with its true size and nothing is typed twice.

The page lists, dataset by dataset, the transcription decisions and source anomalies that
``data/datapackage.json`` records (what ``companion.datasets.info(name)`` returns). It is a
generated MyST page rather than a notebook output so that each dataset is a real section,
with its own entry in the page's contents and an anchor to link to. It is never stale: it is
rewritten from the data package before each build reads it (only when its text changed, so
a no-op rebuild stays a no-op).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from companion import datasets
from companion_book.sphinx_vega import write_if_changed

PAGE = Path("chapters") / "data_notes.md"
INTRO = """# Data notes

Every dataset in this book is a transcription. This appendix collects, dataset by dataset,
the decisions the companion made while transcribing and the anomalies it found in the
sources, with what it did about each. The same notes are stored in `data/datapackage.json`
and returned by `companion.datasets.info(name)`; this page is written from them at every
build.

The rules throughout: values are kept exactly as printed; anything the companion corrected,
inferred or joined lives in a separate, named column or dataset, and is described here.
"""


def short_source(title: str) -> str:
    """A source as the text cites it, e.g. ``Elmore & Burney (1997)``; the full reference is in the bibliography."""
    match = re.match(r"^(.*?)\s*\((\d{4})\)\.", title)
    if not match:
        return title.split(". ")[0].rstrip(".")
    surnames = re.findall(r"([A-Z][A-Za-z'\-]+),\s*(?:[A-Z]\.\s*)+", match.group(1))
    return f"{' & '.join(surnames) or match.group(1).strip()} ({match.group(2)})"


def short_section(section: str) -> str:
    """A table's number rather than its printed caption (``Table 2``); other sections as they are."""
    match = re.match(r"^table (\d+)\b", section, re.IGNORECASE)
    return f"Table {match.group(1)}" if match else section


def notes_page() -> str:
    """The page's MyST source: one section per dataset, in the order of the data package."""
    parts = [INTRO]
    for name in datasets.names():
        about = datasets.info(name)
        drawn = {short_source(title): short_section(section) for title, section in about.sources}
        source = "; ".join(f"{who}, {where}" if where else who for who, where in drawn.items())
        parts.append(f"## `{name}`\n\n**{about.title}.** {about.description}\n\n*Source:* {source}\n")
        parts.extend(f"- {note}" for note in about.notes)
        parts.append("")
    return "\n".join(parts)


def write_page(app: Sphinx) -> None:
    """Write the page into the book's source folder if its text changed."""
    write_if_changed(Path(app.srcdir) / PAGE, notes_page())


def dataset_rows(relative_to: Path) -> list[str]:
    """The data page's table of datasets in MyST: download link, rows, title (paths relative to the page's folder)."""
    rows = ["| file | rows | what it holds |", "|---|---|---|"]
    for name in datasets.names():
        about = datasets.info(name)
        path = Path(os.path.relpath(datasets.data_dir() / f"{name}.csv", relative_to)).as_posix()
        rows.append(f"| {{download}}`{name}.csv <{path}>` | {len(datasets.load(name))} | {about.title} |")
    return rows


def notebook_rows(book: Path, relative_to: Path) -> list[str]:
    """A download link for every chapter notebook of ``_toc.yml``, in reading order."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    pages = [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    notebooks = [book / f"{page}.ipynb" for page in pages if (book / f"{page}.ipynb").exists()]
    return [f"- {{download}}`{nb.name} <{Path(os.path.relpath(nb, relative_to)).as_posix()}>`" for nb in notebooks]


class _GeneratedList(SphinxDirective):
    """A list the build writes in MyST, parsed where the directive stands."""

    def lines(self, here: Path) -> list[str]:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        here = (Path(self.env.srcdir) / self.env.docname).parent
        self.env.note_dependency(str(datasets.data_dir() / datasets.PACKAGE_FILE))
        container = nodes.container()
        self.state.nested_parse(StringList(self.lines(here)), self.content_offset, container)
        return container.children


class DatasetTable(_GeneratedList):
    """``{dataset-table}``: every dataset of the data package with a download link, its rows and its title."""

    def lines(self, here: Path) -> list[str]:
        return dataset_rows(here)


class ChapterNotebooks(_GeneratedList):
    """``{chapter-notebooks}``: a download link for every chapter notebook, in reading order."""

    def lines(self, here: Path) -> list[str]:
        return notebook_rows(Path(self.env.srcdir), here)


def setup(app: Sphinx) -> dict[str, object]:
    """Write the data notes page before the sources are read; register the data page's lists."""
    app.connect("builder-inited", write_page)
    app.add_directive("dataset-table", DatasetTable)
    app.add_directive("chapter-notebooks", ChapterNotebooks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

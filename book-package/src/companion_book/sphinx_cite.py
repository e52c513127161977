"""Sphinx extension: every chapter ends with how to cite it, in author-date text and BibTeX.

The values (authors, title, version, release date) are read from ``CITATION.cff`` at the
root of the repository, the one place the companion's citation is kept; the chapter's title
and number come from the build. Nothing is typed into the notebooks: the block is added to
each numbered chapter when its page is written.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx.application import Sphinx

CITATION_FILE = "CITATION.cff"


def citation_metadata(root: Path) -> dict[str, str]:
    """Authors, title, version and release date from ``CITATION.cff``."""
    cff = yaml.safe_load((root / CITATION_FILE).read_text(encoding="utf-8"))
    authors = " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    released = str(cff["date-released"])
    return {
        "authors": authors,
        "title": cff["title"],
        "version": str(cff["version"]),
        "date": released,
        "year": released[:4],
    }


def chapter_citation(meta: dict[str, str], docname: str, title: str, number: str) -> tuple[str, str]:
    """The author-date text and the BibTeX entry citing one chapter."""
    chapter = f"Chapter {number} of " if number else "In "
    text = (
        f"{meta['authors']} ({meta['year']}). {title}. {chapter}{meta['title']}, "
        f"version {meta['version']} (released {meta['date']})."
    )
    key = "companion_" + posixpath.basename(docname)
    rows = [
        ("author", "{" + meta["authors"] + "}"),
        ("title", "{" + title + "}"),
        ("booktitle", "{" + meta["title"] + "}"),
        *([("chapter", number)] if number else []),
        ("year", meta["year"]),
        ("version", meta["version"]),
        ("note", f"Version {meta['version']}, released {meta['date']}"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in rows)
    return text, f"@incollection{{{key},\n{body}\n}}"


def _number(app: Sphinx, docname: str) -> str:
    numbers = app.env.toc_secnumbers.get(docname, {})
    first = numbers.get("") or next(iter(numbers.values()), ())
    return ".".join(str(n) for n in first)


def add_citation(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Append "Cite this chapter" to a numbered chapter."""
    number = _number(app, docname)
    section = next(iter(doctree.findall(nodes.section)), None)
    if not number or section is None or not isinstance(section[0], nodes.title):
        return
    title = section[0].astext().strip()
    text, bibtex = chapter_citation(citation_metadata(Path(app.confdir).parent), docname, title, number)
    block = nodes.container(classes=["companion-cite"])
    heading = nodes.rubric("", "Cite this chapter")
    block += heading
    block += nodes.paragraph("", text)
    block += nodes.paragraph("", "BibTeX:")
    block += nodes.literal_block(bibtex, bibtex, language="bibtex")
    section += block


def _heading_role(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body")
    if isinstance(body, str) and "companion-cite" in body:
        context["body"] = body.replace(
            '<p class="rubric">Cite this chapter</p>',
            '<p class="rubric" role="heading" aria-level="2">Cite this chapter</p>',
        )


def setup(app: Sphinx) -> dict[str, object]:
    """Add the citation block to every numbered chapter."""
    app.connect("doctree-resolved", add_citation)
    app.connect("html-page-context", _heading_role)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

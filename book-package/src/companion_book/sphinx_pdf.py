"""Sphinx extension: every page of the book links its own PDF and the whole book's PDF.

``make pdf`` (``tools/build_pdf.py``) prints the built pages into ``pdf/companion.pdf`` and
``pdf/chapters/<page>.pdf`` inside the HTML output, so the links are relative and work over
http and from ``file://``. ``make book`` writes the links; ``make pdf`` fills them.
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx

PDF_DIR = "pdf"
BOOK_PDF = "companion.pdf"


def pdf_paths(docname: str) -> tuple[str, str]:
    """The page's own PDF and the whole book's PDF, relative to the page's HTML file."""
    up = "../" * docname.count("/")
    return f"{up}{PDF_DIR}/chapters/{posixpath.basename(docname)}.pdf", f"{up}{PDF_DIR}/{BOOK_PDF}"


def links_html(docname: str) -> str:
    """The line of PDF links shown under a page's title (hidden in print)."""
    own, book = pdf_paths(docname)
    return (
        '<p class="companion-pdf-links">PDF edition: '
        f'<a class="companion-pdf-page" href="{own}">this page</a> · '
        f'<a class="companion-pdf-book" href="{book}">the whole book</a></p>'
    )


def _add_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    section.insert(1, nodes.raw(text=links_html(docname), format="html"))


def setup(app: Sphinx) -> dict[str, object]:
    """Add the PDF links under each page's title."""
    app.connect("doctree-resolved", _add_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension: each chapter's time in its opener, its link onward, and the instructor guide's table.

A chapter opens with an admonition of class ``chapter-opener`` that says what the reader will
be able to do (a bullet list after "You will be able to") and what the chapter assumes (a
paragraph beginning "It assumes"). The objectives and assumptions are written once, there;
:mod:`companion.syllabus` reads them, with the chapter's computed time, and this extension
puts that time in the opener and builds the instructor guide's ``{chapter-guide}`` table from
the same records (the guide's syllabi come from them too), so nothing is typed twice.

At the end of each chapter the build adds a link to what comes next, in the order of
``_toc.yml``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from companion import syllabus

OPENER_CLASS = "chapter-opener"
logger = logging.getLogger(__name__)


def _opener(doctree: nodes.document) -> nodes.admonition | None:
    found = [n for n in doctree.findall(nodes.admonition) if OPENER_CLASS in n.get("classes", [])]
    return found[0] if found else None


def add_time(app: Sphinx, doctree: nodes.document) -> None:
    """Give the page's opener its computed time; warn about an opener without objectives or assumptions."""
    opener = _opener(doctree)
    if opener is None:
        return
    chapter = syllabus.read_chapter(Path(app.env.doc2path(app.env.docname)), "", app.env.docname)
    if len(chapter.objectives) < 2 or not chapter.assumes:
        logger.warning(
            "%s: the chapter opener needs a list of at least two objectives after 'You will be able to' "
            "and a paragraph beginning 'It assumes'",
            app.env.docname,
            location=opener,
        )
    opener += nodes.paragraph("", chapter.time.sentence(), classes=["chapter-time"])


class ChapterGuide(SphinxDirective):
    """``{chapter-guide}``: every numbered chapter with its objectives, assumptions and time, from the openers."""

    def run(self) -> list[nodes.Node]:
        headers = ["chapter", "students will be able to", "it assumes", "reading", "exercises"]
        table = nodes.table(classes=["chapter-guide"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (22, 40, 22, 8, 8))
        head = nodes.thead()
        head += nodes.row("", *[nodes.entry("", nodes.paragraph("", h)) for h in headers])
        group += head
        body = nodes.tbody()
        for chapter in syllabus.chapters(Path(self.env.srcdir)):
            self.env.note_dependency(self.env.doc2path(chapter.docname))
            link = nodes.paragraph()
            link += addnodes.pending_xref(
                "", nodes.inline("", chapter.title), refdomain="std", reftype="doc",
                reftarget="/" + chapter.docname, refexplicit=True, refdoc=self.env.docname,
            )  # fmt: skip
            objectives = nodes.bullet_list()
            objectives.extend(nodes.list_item("", nodes.paragraph("", o)) for o in chapter.objectives)
            assumes = chapter.assumes.removeprefix("It assumes").strip(" :.")
            cells = [
                link,
                objectives,
                nodes.paragraph("", assumes[:1].upper() + assumes[1:]),
                nodes.paragraph("", f"{chapter.time.reading} min"),
                nodes.paragraph("", f"{chapter.time.n_exercises} ({chapter.time.exercises} min)"),
            ]
            body += nodes.row("", *[nodes.entry("", cell) for cell in cells])
        group += body
        return [table]


def link_onward(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """End each chapter that has an opener with a link to the page that follows it."""
    if _opener(doctree) is None:
        return
    following = app.env.collect_relations().get(docname, (None, None, None))[2]
    if following:
        title = app.env.titles[following].astext()
        link = nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(docname, following))
        doctree += nodes.paragraph("", "", nodes.strong("", "Next: "), link, classes=["chapter-next"])


def setup(app: Sphinx) -> dict[str, object]:
    """Time the openers, build the guide's table, link each chapter onward."""
    app.add_directive("chapter-guide", ChapterGuide)
    app.connect("doctree-read", add_time)
    app.connect("doctree-resolved", link_onward)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

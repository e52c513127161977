"""Sphinx extension: each chapter's opener, its time, its link onward, and the instructor guide's table.

A chapter opens with an admonition of class ``chapter-opener`` that says what the reader will
be able to do (a bullet list after "You will be able to") and what the chapter assumes (a
paragraph beginning "It assumes"). The objectives and assumptions are written once, there;
this extension reads them while the page is read, adds the chapter's time to the opener, and
the instructor guide's ``{chapter-guide}`` table is built from the same records, never typed
twice. The time is computed, not estimated by hand: :data:`READING_WPM` words a minute for the
prose (charts, tables and code left out) and :data:`MINUTES_PER_EXERCISE` for each exercise.

At the end of each chapter the build adds a link to what comes next, in the order of
``_toc.yml``.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

OPENER_CLASS = "chapter-opener"
READING_WPM = 180  # careful reading of an argued text, with charts to look at
MINUTES_PER_EXERCISE = 8
_ENV_KEY = "companion_chapters"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChapterRecord:
    """What a chapter's opener says, and its computed time."""

    docname: str
    objectives: tuple[str, ...]
    assumes: str
    words: int
    exercises: int

    @property
    def reading_minutes(self) -> int:
        """Reading time, rounded up to 5 minutes."""
        return max(5, 5 * math.ceil(self.words / READING_WPM / 5))

    @property
    def exercise_minutes(self) -> int:
        return self.exercises * MINUTES_PER_EXERCISE

    @property
    def total_minutes(self) -> int:
        return self.reading_minutes + self.exercise_minutes


def _records(env: BuildEnvironment) -> dict[str, dict[str, Any]]:
    if not hasattr(env, _ENV_KEY):
        setattr(env, _ENV_KEY, {})
    return getattr(env, _ENV_KEY)


def _in_code_cell(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and "cell" in parent.get("classes", []):
            return True
        if isinstance(parent, nodes.raw):
            return True
        parent = parent.parent
    return False


def prose_words(doctree: nodes.document) -> int:
    """Words of the page's prose: paragraphs, list items and headings, not code cells or their outputs."""
    words = 0
    for node in doctree.findall(nodes.Text):
        if not _in_code_cell(node) and not isinstance(node.parent, (nodes.literal_block, nodes.raw)):
            words += len(re.findall(r"\w+", node.astext()))
    return words


def exercise_count(doctree: nodes.document) -> int:
    from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

    return sum(1 for n in doctree.findall(lambda n: isinstance(n, (exercise_node, exercise_enumerable_node))))


def _opener(doctree: nodes.document) -> nodes.admonition | None:
    found = [n for n in doctree.findall(nodes.admonition) if OPENER_CLASS in n.get("classes", [])]
    return found[0] if found else None


def read_opener(opener: nodes.admonition) -> tuple[tuple[str, ...], str]:
    """The objectives (the list after "You will be able to") and the "It assumes" sentence."""
    objectives: list[str] = []
    assumes = ""
    for child in opener.children:
        text = " ".join(child.astext().split())
        if isinstance(child, nodes.bullet_list) and not objectives:
            objectives = [" ".join(item.astext().split()) for item in child.children]
        elif isinstance(child, nodes.paragraph) and text.startswith("It assumes"):
            assumes = text
    return tuple(objectives), assumes


def time_sentence(record: ChapterRecord) -> str:
    exercises = f"{record.exercises} exercise{'s' if record.exercises != 1 else ''}"
    return (
        f"Time: about {record.total_minutes} minutes ({record.reading_minutes} of reading; {exercises}, "
        f"about {record.exercise_minutes} minutes)."
    )


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """Record the page's opener and add its time to it."""
    env = app.env
    opener = _opener(doctree)
    if opener is None:
        return
    objectives, assumes = read_opener(opener)
    if len(objectives) < 2 or not assumes:
        logger.warning(
            "%s: the chapter opener needs a list of at least two objectives after 'You will be able to' "
            "and a paragraph beginning 'It assumes'",
            env.docname,
            location=opener,
        )
    record = ChapterRecord(env.docname, objectives, assumes, prose_words(doctree), exercise_count(doctree))
    opener += nodes.paragraph("", time_sentence(record), classes=["chapter-time"])
    _records(env)[env.docname] = asdict(record)


def chapter_records(env: BuildEnvironment) -> list[ChapterRecord]:
    """Every chapter with an opener, in the order of the book's contents."""
    records = _records(env)
    ordered = [d for d in _reading_order(env) if d in records]
    return [ChapterRecord(**{**records[d], "objectives": tuple(records[d]["objectives"])}) for d in ordered]


def _reading_order(env: BuildEnvironment) -> list[str]:
    relations = env.collect_relations()
    order, doc, seen = [], env.config.root_doc, set()
    while doc and doc not in seen:
        seen.add(doc)
        order.append(doc)
        doc = relations.get(doc, (None, None, None))[2]
    return order


class chapter_guide(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the instructor guide's table, filled when every chapter has been read."""


class ChapterGuide(SphinxDirective):
    """``{chapter-guide}``: every chapter with its objectives, assumptions and time, from the openers."""

    def run(self) -> list[nodes.Node]:
        _guide_docs(self.env).add(self.env.docname)
        return [chapter_guide()]


def _guide_docs(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, "companion_guide_docs"):
        env.companion_guide_docs = set()  # type: ignore[attr-defined]
    return env.companion_guide_docs  # type: ignore[attr-defined]


def reread_guides(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """A chapter read again may have new objectives or a new time: the guide's table follows."""
    return sorted(_guide_docs(env)) if added or changed or removed else []


def _guide_table(app: Sphinx, fromdoc: str) -> nodes.table:
    env = app.env
    headers = ["chapter", "students will be able to", "it assumes", "reading", "exercises"]
    table = nodes.table(classes=["chapter-guide"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=w) for w in (22, 40, 22, 8, 8))
    head = nodes.thead()
    head += nodes.row("", *[nodes.entry("", nodes.paragraph("", h)) for h in headers])
    group += head
    body = nodes.tbody()
    for record in chapter_records(env):
        number = ".".join(str(n) for n in env.toc_secnumbers.get(record.docname, {}).get("", ()))
        title = env.titles[record.docname].astext()
        link = nodes.reference(
            "", f"{number}. {title}" if number else title, internal=True,
            refuri=app.builder.get_relative_uri(fromdoc, record.docname),
        )  # fmt: skip
        objectives = nodes.bullet_list()
        objectives.extend(nodes.list_item("", nodes.paragraph("", o)) for o in record.objectives)
        cells = [
            nodes.paragraph("", "", link),
            objectives,
            nodes.paragraph("", _sentence_case(record.assumes.removeprefix("It assumes").strip(" :."))),
            nodes.paragraph("", f"{record.reading_minutes} min"),
            nodes.paragraph("", f"{record.exercises} ({record.exercise_minutes} min)"),
        ]
        body += nodes.row("", *[nodes.entry("", cell) for cell in cells])
    group += body
    return table


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill the guide's table, and end each chapter with a link to what comes next."""
    for placeholder in list(doctree.findall(chapter_guide)):
        placeholder.replace_self(_guide_table(app, docname))
    if docname not in _records(app.env):
        return
    following = app.env.collect_relations().get(docname, (None, None, None))[2]
    if following:
        title = app.env.titles[following].astext()
        link = nodes.reference("", title, internal=True, refuri=app.builder.get_relative_uri(docname, following))
        doctree += nodes.paragraph("", "", nodes.strong("", "Next: "), link, classes=["chapter-next"])


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _records(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _records(env).update({d: r for d, r in _records(other).items() if d in docnames})


def setup(app: Sphinx) -> dict[str, object]:
    """Read the openers, build the guide's table, link each chapter onward."""
    app.add_node(chapter_guide)
    app.add_directive("chapter-guide", ChapterGuide)
    app.connect("doctree-read", collect)
    app.connect("doctree-resolved", resolve)
    app.connect("env-get-outdated", reread_guides)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

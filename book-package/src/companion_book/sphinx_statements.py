"""Sphinx extension: the statement register, tied to the text it describes.

``data/statements.csv`` holds one row per factual statement the book makes about a source:
the page, the companion's own words that make it (``text``, an excerpt of the page), the seed
document, its section and an anchor of at most ten words as the source prints them, and
whether the source says it or it is the companion's inference. ``tests/test_statements.py``
checks the register against the sources and the pages; this extension ties it to the built
book:

- while each page is read, the paragraph (or chart) holding each of its rows' ``text`` gets the
  id ``stmt-<statement id>`` and a ``{ref}`` label of the same name; a row whose text is not on
  its page stops the build;
- before the sources are read, it writes the appendix page "Where each statement comes from"
  (:data:`PAGE`), which lists the rows page by page, each linked to its paragraph.

:func:`normalize` and :func:`page_text` are shared with the tests, so that the build and the
tests find a statement's text the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat
import pandas as pd
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from companion import datasets
from companion_book.sphinx_vega import write_if_changed

PAGE = Path("chapters") / "statement_sources.md"
REGISTER = "statements"
# A role ({glue:text}`key`, {cite:p}`key`, ...) becomes this mark: a statement's text may not span one,
# since the book shows a value or a citation there that the source text does not hold.
ROLE_MARK = " \u27e8\u27e9 "
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u00a0": " ", "\u00ad": ""})  # fmt: skip
logger = logging.getLogger(__name__)

INTRO = """# Where each statement comes from

Every factual statement this book makes about one of its five sources is listed here, page by
page: the companion's words that make it (each linked to its paragraph), the source and the
section it rests on, and a short anchor, at most ten words as the source prints them, that
locates the passage. A statement marked *the companion's inference* is not in the source: the
companion drew it from the passage named, and the page says so where it makes it.

The same rows are in `data/statements.csv`. The tests check every anchor against the source
documents, check that every row's words are on its page, and fail on a paragraph that speaks
about a source without a row.
"""


def normalize(text: str) -> str:
    """Text as the register matches it: one space between words, straight quotes and dashes."""
    return " ".join(text.translate(_CHARS).split())


def markdown_text(source: str) -> str:
    """A page's MyST source as a reader reads its words: roles marked, links and markup removed."""
    text = _ROLE.sub(ROLE_MARK, source)
    text = _LINK.sub(r"\1", text)
    return normalize(text.replace("`", "").replace("**", "").replace("*", ""))


def _outputs_text(cell: nbformat.NotebookNode) -> str:
    return json.dumps([o.get("data", o.get("text", "")) for o in cell.get("outputs", [])], ensure_ascii=False)


def page_text(page: str, book: Path) -> str:
    """Everything a reader can read on ``page`` (a document name such as ``chapters/d2_district``), normalized.

    A notebook gives its markdown cells and its outputs (charts' titles and tables included);
    a markdown page its text; a page the build writes (the data notes) the text it will write.
    """
    if page == "chapters/data_notes":
        from companion_book.sphinx_datanotes import notes_page

        return markdown_text(notes_page())
    if page.startswith("studies/"):  # the studies' pages, written at build time
        from companion_book.sphinx_studies import page_markdown

        return markdown_text(page_markdown(page))
    notebook, markdown = book / f"{page}.ipynb", book / f"{page}.md"
    if notebook.exists():
        nb = nbformat.read(notebook, as_version=4)
        parts = [c.source if c.cell_type == "markdown" else _outputs_text(c) for c in nb.cells]
        return markdown_text("\n\n".join(parts))
    if markdown.exists():
        return markdown_text(markdown.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"{page}: no page book/{page}.ipynb or book/{page}.md")


def statement_id(row_id: str) -> str:
    """The HTML id and reference label of a register row."""
    return "stmt-" + nodes.make_id(row_id)


def _register() -> pd.DataFrame:
    return datasets.load(REGISTER)


def _source_labels() -> dict[str, str]:
    """Each seed file's short citation, e.g. ``Elmore & Burney (1997)``."""
    from companion_book.sphinx_datanotes import short_source

    package = json.loads((datasets.data_dir() / datasets.PACKAGE_FILE).read_text(encoding="utf-8"))
    return {Path(s["path"]).name: short_source(s["title"]) for s in package["sources"]}


def _cell(text: str) -> str:
    return normalize(text).replace("|", "\\|")


SECTION_WORDS = 10  # a longer heading is quoted in part, so that the page quotes no passage at length


def _section(section: str) -> str:
    """The heading as printed, or its first words with the elision marked as quotations mark it."""
    words = section.split()
    return " ".join(words[:SECTION_WORDS]) + (" [\u2026]" if len(words) > SECTION_WORDS else "")


def register_page() -> str:
    """The appendix page's MyST source: the register, page by page.

    The columns keep the source's words apart (the section, then the kind, then the anchor), so
    that the page never prints a run of a source's words longer than one anchor.
    """
    rows = _register()
    labels = _source_labels()
    parts = [INTRO]
    for page, group in rows.groupby("page", sort=False):
        parts.append(f"## {{doc}}`/{page}`\n")
        parts.append("| statement (the companion's words) | source and section | kind | anchor, as printed |")
        parts.append("|---|---|---|---|")
        for row in group.itertuples():
            kind = "the companion's inference" if row.kind == "inference" else "the source says it"
            parts.append(
                f"| {{statement}}`{row.statement_id}` "
                f"| {labels.get(row.seed, row.seed)}, {_cell(_section(row.section))} | {kind} "  # pyright: ignore[reportArgumentType, reportCallIssue]
                f"| \u201c{_cell(row.anchor)}\u201d |"  # pyright: ignore[reportArgumentType]
            )
        parts.append("")
    return "\n".join(parts)


def write_page(app: Sphinx) -> None:
    """Write the appendix page into the book's source folder if its text changed."""
    write_if_changed(Path(app.srcdir) / PAGE, register_page())


def _candidates(doctree: nodes.document) -> Iterable[tuple[nodes.Element, str]]:
    """The blocks a statement can sit in: paragraphs, list items, table cells, figure captions, then raw chart HTML."""
    for node in doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption))):
        # a caption's ids would be written twice (Sphinx repeats them on its caption text): mark its figure
        holder = node.parent if isinstance(node, nodes.caption) and isinstance(node.parent, nodes.figure) else node
        yield holder, normalize(node.astext())  # pyright: ignore[reportReturnType]
    for node in doctree.findall(nodes.raw):
        yield node.parent if isinstance(node.parent, nodes.Element) else node, normalize(node.astext())


def _student_edition(app: Sphinx) -> bool:
    """Whether this is the student edition (``companion_book.sphinx_exercises``), whose pages lack the solutions."""
    return getattr(app.config, "companion_edition", "full") == "student"


def mark_statements(app: Sphinx, doctree: nodes.document) -> None:
    """Give each register row's paragraph on this page its id and reference label."""
    docname = app.env.docname
    rows = _register()
    rows = rows[rows["page"] == docname]
    if rows.empty:
        return
    std = app.env.get_domain("std")
    blocks = list(_candidates(doctree))
    for row in rows.itertuples():
        wanted = normalize(row.text)  # pyright: ignore[reportArgumentType]
        found = next((node for node, text in blocks if wanted in text), None)
        if found is None:
            if not _student_edition(app):  # the student edition drops the solutions, and their statements
                logger.warning(
                    "statement %s: its text %r is not on page %s (data/statements.csv)",
                    row.statement_id,
                    wanted,
                    docname,
                )
            continue
        ident = statement_id(row.statement_id)  # pyright: ignore[reportArgumentType]
        found["ids"].append(ident)
        std.anonlabels[ident] = (docname, ident)  # type: ignore[attr-defined]
        std.labels[ident] = (docname, ident, wanted)  # type: ignore[attr-defined]


def _register_stamp() -> str:
    path = datasets.data_dir() / f"{REGISTER}.csv"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def reread_marked_pages(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """When the register changed, read again every page it names, so their ids follow it."""
    stamp = _register_stamp()
    if getattr(env, "companion_register_stamp", None) == stamp:
        return []
    env.companion_register_stamp = stamp  # type: ignore[attr-defined]
    return sorted(set(_register()["page"]) & set(env.found_docs))


class statement_link(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A link to a statement's paragraph, with the statement's words as its text, resolved once every page is read."""


def statement_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: object,
    options: dict | None = None,
    content: list | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{statement}`d2_district-001```: the statement's words, linked to the paragraph that makes them."""
    return [statement_link(rawtext, "", statement=text.strip())], []


def resolve_statement_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each statement link becomes a reference to its paragraph (or plain text, with a warning, if it has none)."""
    rows = _register().set_index("statement_id")["text"]
    std = app.env.get_domain("std")
    for node in list(doctree.findall(statement_link)):
        row_id = node["statement"]
        words = normalize(rows.get(row_id, row_id))
        target = std.anonlabels.get(statement_id(row_id))  # type: ignore[attr-defined]
        if target is None:
            if not _student_edition(app):
                logger.warning("statement %s: no paragraph of the book holds it", row_id, location=node)
            node.replace_self(nodes.Text(words))
            continue
        uri = app.builder.get_relative_uri(docname, target[0]) + "#" + target[1]
        node.replace_self(nodes.reference("", words, internal=True, refuri=uri))


def setup(app: Sphinx) -> dict[str, object]:
    """Write the register page before reading; mark each statement while its page is read."""
    app.connect("builder-inited", write_page)
    app.connect("env-get-outdated", reread_marked_pages)
    app.connect("doctree-read", mark_statements)
    app.add_node(statement_link)
    app.add_role("statement", statement_role)
    app.connect("doctree-resolved", resolve_statement_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

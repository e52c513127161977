"""Sphinx extension: the book's cross-references that readers do not have to type.

- ``{evidence-map}`3``` (or ``{evidence-map}`its studies in the map <3>```) links to the evidence
  map opened on one of Leithwood's ten characteristics: ``ev_map.html?characteristic=3``. The
  evidence map's script reads the query and selects that characteristic; without the script
  (the PDF, a reader with JavaScript off) the link still opens the map.
- Glossary terms: on every page, the first use of each term of the glossary (:data:`GLOSSARY`,
  a ``{glossary}`` directive) links to its definition, with a preview of the definition that
  shows on hover and on keyboard focus. The preview is plain HTML and CSS (``companion-book.css``),
  so it works offline, from ``file://`` and with scripts off; Escape hides it (a few lines of
  script, :data:`PREVIEW_SCRIPT`).
- Dataset names: a dataset named in code style (```district2_facts```) links to its section of
  the data notes.
- Study numbers: "study 16", "studies 4, 10 and 13" in prose link each number to the study's
  record page (``studies/study-16``), so a reader never has to look a number up.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

EVIDENCE_MAP = "chapters/ev_map"
GLOSSARY = "glossary"
DATA_NOTES = "chapters/data_notes"
# Pages that are lists of their own rather than prose: no glossary links there.
NO_TERM_LINKS = {GLOSSARY, "chapters/statement_sources", "bibliography"}
TERM_CLASS = "glossary-term"
# Proper names that contain a glossary term without meaning it.
NOT_THE_TERM = re.compile(r"Office of Superintendent of Public Instruction")
# Escape hides an open preview (WCAG 1.4.13: dismissible without moving the pointer or focus).
PREVIEW_SCRIPT = (
    "document.addEventListener('keydown',function(e){if(e.key==='Escape'){"
    "document.querySelectorAll('.glossary-ref').forEach(function(r){r.classList.add('glossary-closed');});}});"
    "document.addEventListener('focusin',function(){document.querySelectorAll('.glossary-closed')"
    ".forEach(function(r){r.classList.remove('glossary-closed');});});"
)
CHARACTERISTICS = range(1, 11)
# "study 16", "Studies 4, 10 and 13", "studies 2 and 21": the word, then one or more numbers
STUDY_NUMBERS = re.compile(r"\b[Ss]tud(?:y|ies) (\d{1,2})\b((?:(?:,? and |,? or |, )\d{1,2}\b(?![.,]?\d))*)")
_NUMBER = re.compile(r"\b\d{1,2}\b")
_TITLED = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.S)
logger = logging.getLogger(__name__)


class evidence_map_link(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A link to the evidence map filtered to one characteristic, resolved once the pages' URLs are known."""


def evidence_map_url(relative_uri: str, characteristic: int) -> str:
    """The map page's URL with the characteristic to select."""
    return f"{relative_uri}?characteristic={characteristic}"


class EvidenceMapRole(SphinxRole):
    """``{evidence-map}`N``` or ``{evidence-map}`text <N>```: the evidence map opened on characteristic N."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = _TITLED.match(self.text)
        title, target = (match["title"], match["target"]) if match else (None, self.text)
        number = int(target) if target.strip().isdigit() else None
        if number not in CHARACTERISTICS:
            message = self.inliner.reporter.error(
                f"{{evidence-map}}: {target!r} is not a characteristic number (1 to 10)", line=self.lineno
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        text = title or f"the evidence map, opened on characteristic {number}"
        return [evidence_map_link(self.rawtext, text, characteristic=number)], []


@dataclass(frozen=True)
class Term:
    """A glossary entry: the words that name it, where it is defined, and its definition as plain text."""

    names: tuple[str, ...]
    docname: str
    anchor: str
    definition: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """Any of its names, as a whole word, singular or plural, in any case."""
        forms = sorted({f for name in self.names for f in _plural_forms(name)}, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.IGNORECASE)


def _plural_forms(name: str) -> list[str]:
    """``case study``, ``case studies``; ``residual``, ``residuals``; an acronym stays as it is."""
    if name.isupper():
        return [name, name + "s"]
    if re.search(r"[^aeiou]y$", name):
        return [name, name[:-1] + "ies"]
    if re.search(r"(s|sh|ch|x)$", name):
        return [name, name + "es"]
    return [name, name + "s"]


def glossary_terms(app: Sphinx) -> list[Term]:
    """The terms of the glossary page, longest name first (so ``theory in use`` wins over ``theory``)."""
    env = app.env
    if GLOSSARY not in env.found_docs:
        return []
    doctree = env.get_doctree(GLOSSARY)
    found: list[Term] = []
    for item in doctree.findall(nodes.definition_list_item):
        terms = [t for t in item.children if isinstance(t, nodes.term)]
        definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
        if not terms or definition is None or not terms[0]["ids"]:
            continue
        names = tuple(" ".join(t.astext().split()) for t in terms)
        text = " ".join(definition.astext().split())
        found.append(Term(names, GLOSSARY, terms[0]["ids"][0], text))
    return sorted(found, key=lambda t: -max(len(n) for n in t.names))


def _linkable(node: nodes.Text) -> bool:
    """Prose a reader reads: not a heading, link, code, figure label or raw HTML."""
    parent = node.parent
    while parent is not None:
        if isinstance(
            parent,
            (
                nodes.title,
                nodes.reference,
                nodes.literal,
                nodes.literal_block,
                nodes.raw,
                nodes.term,
                nodes.rubric,
                nodes.caption,
                nodes.target,
                nodes.citation_reference,
            ),
        ):
            return False  # fmt: skip
        if isinstance(parent, nodes.container) and "cell" in parent.get("classes", []):
            return False
        if "glossary-ref" in parent.get("classes", []) or "chapter-time" in parent.get("classes", []):
            return False
        parent = parent.parent
    return isinstance(node.parent, (nodes.paragraph, nodes.inline, nodes.emphasis, nodes.strong))


def term_html(term: Term, text: str, uri: str, serial: int) -> str:
    """The linked term and its preview: the link describes itself by the preview (aria-describedby)."""
    tip = f"glossary-tip-{serial}"
    return (
        f'<span class="glossary-ref"><a class="reference internal {TERM_CLASS}" href="{html.escape(uri)}" '
        f'aria-describedby="{tip}">{html.escape(text)}</a><span class="glossary-tip" role="tooltip" id="{tip}">'
        f"<strong>{html.escape(term.names[0])}:</strong> {html.escape(term.definition)}</span></span>"
    )


def link_terms(app: Sphinx, doctree: nodes.document, docname: str) -> int:
    """Link the first use of each glossary term on the page; returns how many were linked."""
    if docname in NO_TERM_LINKS or app.builder.format != "html":
        return 0
    terms = glossary_terms(app)
    pending = {t.anchor: t for t in terms}
    serial = 0
    for node in list(doctree.findall(nodes.Text)):
        if not pending or not _linkable(node):
            continue
        text = str(node)
        names = [(m.start(), m.end()) for m in NOT_THE_TERM.finditer(text)]
        hits = [
            (m.start(), m.end(), t)
            for t in pending.values()
            for m in t.pattern.finditer(text)
            if not any(s <= m.start() < e for s, e in names)
        ]
        if not hits:
            continue
        parts: list[nodes.Node] = []
        at = 0
        taken: list[tuple[int, int]] = []
        for start, end, term in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
            if any(start < e and end > s for s, e in taken) or term.anchor not in pending or start < at:
                continue
            uri = app.builder.get_relative_uri(docname, term.docname) + "#" + term.anchor
            serial += 1
            linked = nodes.raw("", term_html(term, text[start:end], uri, serial), format="html")
            parts += [nodes.Text(text[at:start]), linked]
            taken.append((start, end))
            at = end
            del pending[term.anchor]
        if parts:
            parts.append(nodes.Text(text[at:]))
            node.parent.replace(node, parts)
    return serial


def link_datasets(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A dataset named in code style links to its section of the data notes."""
    if docname == DATA_NOTES or DATA_NOTES not in app.env.found_docs:
        return
    from companion import datasets

    names = set(datasets.names())
    for literal in list(doctree.findall(nodes.literal)):
        name = literal.astext()
        if name not in names or isinstance(literal.parent, nodes.reference):
            continue
        uri = app.builder.get_relative_uri(docname, DATA_NOTES) + "#" + nodes.make_id(name)
        link = nodes.reference("", "", literal.deepcopy(), internal=True, refuri=uri, classes=["dataset-link"])
        literal.replace_self(link)


def study_number_spans(text: str) -> list[tuple[int, int, int]]:
    """The (start, end, study number) of each study number that ``text`` names after "study" or "studies"."""
    spans = []
    for match in STUDY_NUMBERS.finditer(text):
        start = match.start(1)
        for number in _NUMBER.finditer(text, start, match.end()):
            spans.append((number.start(), number.end(), int(number.group())))
    return spans


def _text_before(node: nodes.Text) -> str:
    """The end of the text just before ``node`` when it opens an inline (a glued value), else ''."""
    parent = node.parent
    if not isinstance(parent, nodes.inline) or parent.index(node) != 0 or parent.parent is None:
        return ""
    siblings = parent.parent.children
    at = siblings.index(parent)
    return siblings[at - 1].astext()[-12:] if at > 0 else ""


def link_studies(app: Sphinx, doctree: nodes.document, docname: str) -> int:
    """Link each study number in prose to its record page; returns how many were linked."""
    from companion_book.sphinx_studies import docname as study_page

    linked = 0
    for node in list(doctree.findall(nodes.Text)):
        if not _linkable(node):
            continue
        text = str(node)
        # a glued list ("studies {glue:text}`list`") is an inline of its own after "studies "
        before = _text_before(node)
        spans = [
            (start - len(before), end - len(before), page)
            for start, end, number in study_number_spans(before + text)
            if start >= len(before) and (page := study_page(number)) in app.env.found_docs and page != docname
        ]
        if not spans:
            continue
        parts: list[nodes.Node] = []
        at = 0
        for start, end, page in spans:
            uri = app.builder.get_relative_uri(docname, page)
            parts += [
                nodes.Text(text[at:start]),
                nodes.reference("", text[start:end], internal=True, refuri=uri, classes=["study-link"]),
            ]
            at = end
        parts.append(nodes.Text(text[at:]))
        node.parent.replace(node, parts)
        linked += len(spans)
    return linked


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each evidence-map link into a reference relative to its page; link terms and datasets."""
    for node in list(doctree.findall(evidence_map_link)):
        uri = evidence_map_url(app.builder.get_relative_uri(docname, EVIDENCE_MAP), node["characteristic"])
        node.replace_self(nodes.reference("", node.astext(), internal=True, refuri=uri, classes=["evidence-map-link"]))
    link_datasets(app, doctree, docname)
    if app.builder.format == "html":
        link_studies(app, doctree, docname)
    link_terms(app, doctree, docname)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the roles."""
    app.add_node(evidence_map_link)
    app.add_role("evidence-map", EvidenceMapRole())
    app.connect("doctree-resolved", resolve)
    app.add_js_file(None, body=PREVIEW_SCRIPT, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

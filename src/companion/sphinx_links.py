"""Sphinx extension: the book's cross-reference roles.

``{evidence-map}`3``` (or ``{evidence-map}`its studies in the map <3>```) links to the evidence
map opened on one of Leithwood's ten characteristics: ``ev_map.html?characteristic=3``. The
evidence map's script reads the query and selects that characteristic; without the script (the
PDF, a reader with JavaScript off) the link still opens the map.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

EVIDENCE_MAP = "chapters/ev_map"
CHARACTERISTICS = range(1, 11)
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


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each evidence-map link into a reference relative to its page."""
    for node in list(doctree.findall(evidence_map_link)):
        uri = evidence_map_url(app.builder.get_relative_uri(docname, EVIDENCE_MAP), node["characteristic"])
        node.replace_self(nodes.reference("", node.astext(), internal=True, refuri=uri, classes=["evidence-map-link"]))


def setup(app: Sphinx) -> dict[str, object]:
    """Register the roles."""
    app.add_node(evidence_map_link)
    app.add_role("evidence-map", EvidenceMapRole())
    app.connect("doctree-resolved", resolve)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

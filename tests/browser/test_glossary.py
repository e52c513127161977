"""Glossary terms in the built book: each page links the first use of every term, and the preview opens.

The static check reads each built page as a reader reads it (headings, links, code and charts
left out) and fails on a term whose first use is not a link to its definition. The browser
checks open a preview by pointing at the term and by moving to it with the keyboard, over
http and from ``file://``, and close it with Escape.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, NavigableString
from playwright.sync_api import expect

from companion_book.sphinx_links import NO_TERM_LINKS, NOT_THE_TERM, Term

from .conftest import HTML, measured_pages

pytestmark = pytest.mark.browser

# What the book does not link terms in: headings, links, code, charts and tables of outputs, the chapter time,
# form controls (a menu's options cannot hold a link) and a chapter's citation (added after the terms are linked).
SKIP = (
    "h1, h2, h3, h4, h5, h6, a, code, pre, script, style, svg, .cell, .chapter-time, .admonition-title, figcaption, "
    ".companion-table-wrap, select, .companion-cite, "
    # an exercise's answer options are form labels: a link inside one would fight the radio button
    ".companion-check-form"
)
PAGES = [
    p
    for p in measured_pages()
    if p not in ("search.html", "genindex.html", "index.html") and p.removesuffix(".html") not in NO_TERM_LINKS
]


def _terms() -> list[Term]:
    soup = BeautifulSoup((HTML / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.select("dt a.headerlink"):
        permalink.decompose()
    terms = []
    for dl in soup.select("dl.glossary"):
        aliases: set[int] = set()
        for dt_group in dl.find_all("dt"):
            if not dt_group.get("id") or id(dt_group) in aliases:
                continue
            names = [" ".join(dt_group.get_text(" ", strip=True).split())]
            sibling = dt_group.find_next_sibling()
            while sibling is not None and sibling.name == "dt":
                aliases.add(id(sibling))
                names.append(" ".join(sibling.get_text(" ", strip=True).split()))
                sibling = sibling.find_next_sibling()
            terms.append(Term(tuple(names), "glossary", dt_group["id"], ""))
    return terms


def _first_uses(page: str, terms: list[Term]) -> dict[str, tuple[str, bool]]:
    """For each term used on the page, the text of its first use and whether that use is its link."""
    soup = BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup
    skipped = set(map(id, article.select(SKIP)))
    found: dict[str, tuple[str, bool]] = {}
    for text in article.find_all(string=True):
        if not isinstance(text, NavigableString) or not text.strip():
            continue
        ancestors = list(text.parents)
        link = next((a for a in ancestors if a.name == "a" and "glossary-term" in a.get("class", [])), None)
        if link is None and any(id(a) in skipped for a in ancestors):
            continue
        if any("glossary-tip" in a.get("class", []) for a in ancestors if hasattr(a, "get")):
            continue
        names = [(m.start(), m.end()) for m in NOT_THE_TERM.finditer(text)]
        for term in terms:
            if term.anchor in found:
                continue
            uses = (m for m in term.pattern.finditer(text) if not any(s <= m.start() < e for s, e in names))
            match = next(uses, None)
            if match is None:
                continue
            linked = link is not None and link.get("href", "").endswith("#" + term.anchor)
            if link is not None and not linked:
                continue  # inside the link of a longer term that contains it ("job-embedded professional development")
            found[term.anchor] = (match.group(), linked)
    return found


def test_the_glossary_has_at_least_thirty_terms():
    assert len(_terms()) >= 30


@pytest.mark.parametrize("page", PAGES)
def test_every_glossary_term_links_at_its_first_use(page):
    unlinked = [f"{text!r} ({anchor})" for anchor, (text, linked) in _first_uses(page, _terms()).items() if not linked]
    assert unlinked == [], f"{page}: glossary terms whose first use is not a link to the glossary: {unlinked}"


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_term_s_preview_opens_on_hover_and_on_keyboard_focus_and_closes_with_escape(visit, server, scheme):
    page = "chapters/d2_poverty.html"
    url = f"{server}/{page}" if scheme == "http" else (HTML / page).as_uri()
    tab = visit(url).page
    link = tab.locator("a.glossary-term").first
    tip = tab.locator(f"#{link.get_attribute('aria-describedby')}")
    assert tip.get_attribute("role") == "tooltip"
    assert not tip.is_visible()
    link.scroll_into_view_if_needed()
    link.hover()
    expect(tip).to_be_visible()
    assert tip.is_visible(), "the preview does not open when pointing at the term"
    assert re.search(r"\w+:", tip.inner_text())
    tab.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    assert not tip.is_visible(), "the preview stays open after the pointer leaves"
    link.focus()
    assert tab.evaluate("() => document.activeElement.classList.contains('glossary-term')")
    assert tip.is_visible(), "the preview does not open on keyboard focus"
    tab.keyboard.press("Escape")
    assert not tip.is_visible(), "Escape does not close the preview"
    tab.keyboard.press("Tab")
    tab.keyboard.press("Shift+Tab")
    assert tip.is_visible(), "the preview does not open again when the term is focused again"

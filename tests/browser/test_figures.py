"""The built book numbers its figures: each chart sits in a figure with its caption and the number the
toc gives it, every {numref} names that number, and the caption reads like the text around it."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from ..figures import book_figures, numbered_pages
from .conftest import HTML

pytestmark = pytest.mark.browser

FIGURES = book_figures()
BY_PAGE = defaultdict(list)
for _figure in FIGURES:
    BY_PAGE[_figure.page].append(_figure)


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _words(markdown: str, n: int = 6) -> str:
    """The caption's opening words, before its first role, without markup."""
    return " ".join(re.sub(r"[*_`]", "", markdown.split("{")[0]).replace("'", "\u2019").split()[:n])


@pytest.mark.parametrize("page", numbered_pages())
def test_every_chart_is_a_numbered_captioned_figure(page):
    soup = _soup(page)
    shown = soup.select("figure")
    expected = BY_PAGE[page]
    assert [f.get("id") for f in shown] == [f.name for f in expected]
    for element, figure in zip(shown, expected, strict=True):
        assert "companion-figure" in element["class"]
        assert element.select_one(".companion-chart .companion-static svg"), f"{figure.name}: no static chart"
        number = element.select("figcaption .caption-number")
        assert [n.get_text() for n in number] == [f"Figure {figure.number}. "], f"{figure.name}: {number}"
        text = " ".join(element.figcaption.get_text(" ").split())
        assert text.startswith(f"Figure {figure.number}. {_words(figure.caption)}"), text[:120]
    outside = [
        chart
        for chart in soup.select(".companion-chart")
        if not chart.find_parent("figure") and "Explorer(" not in chart.find_parent(class_="cell").get_text()
    ]
    assert not outside, f"{page}: {len(outside)} chart(s) outside a figure that are not an explorer's snapshot"


def test_every_numref_shows_the_number_of_the_figure_it_links():
    numbers = {f.name: f.number for f in FIGURES}
    links = []
    for page in {f"chapters/{p.stem}" for p in (HTML / "chapters").glob("*.html")} | {"instructor_guide", "data"}:
        for ref in _soup(page).select("a.reference.internal span.std-numref"):
            href = ref.parent["href"]
            target = href.split("#")[1]
            links.append((page, target, ref.get_text()))
            assert ref.get_text() == f"Figure {numbers[target]}", f"{page}: {href} reads {ref.get_text()!r}"
    assert len(links) >= 2


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_a_caption_reads_like_the_text_under_its_chart(browser, server, mode):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=mode)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/chapters/d2_schools.html", wait_until="load")
        tab.evaluate(f"() => {{ document.documentElement.dataset.theme = '{mode}'; }}")
        look = tab.evaluate(
            """() => {
              const figure = document.querySelector('figure.companion-figure');
              const caption = figure.querySelector('figcaption'), number = caption.querySelector('.caption-number');
              const chart = figure.querySelector('.companion-chart');
              const text = figure.closest('.cell').nextElementSibling;  // the paragraph after the figure
              const c = getComputedStyle(caption), t = getComputedStyle(text);
              return {captionLeft: caption.getBoundingClientRect().left, textLeft: text.getBoundingClientRect().left,
                      chartLeft: chart.getBoundingClientRect().left,
                      below: caption.getBoundingClientRect().top >= chart.getBoundingClientRect().bottom,
                      paragraph: text.tagName,
                      align: c.textAlign, size: [c.fontSize, t.fontSize], colour: [c.color, t.color],
                      style: [getComputedStyle(number).fontWeight, getComputedStyle(number).fontStyle]};
            }"""
        )
    finally:
        context.close()
    assert look["paragraph"] == "P" and look["captionLeft"] == look["textLeft"] == look["chartLeft"], look
    assert look["below"] and look["align"] in ("start", "left"), look
    assert look["size"][0] == look["size"][1] and look["colour"][0] == look["colour"][1], look
    assert int(look["style"][0]) >= 700 and look["style"][1] == "normal", look

"""The layout test's own checks catch what they are for: a page that passes them is spoiled on purpose
(chart text made small, a box inside a chart that scrolls sideways, a button too small to tap) and
each spoil is reported."""

from __future__ import annotations

import pytest

from .page_checks import MEASURE

pytestmark = pytest.mark.browser

SPOIL = """() => {
  const chart = document.querySelector('.companion-chart');
  [...chart.querySelectorAll('svg text')].find((t) => t.getBoundingClientRect().width > 0)
    .setAttribute('font-size', '8px');
  const box = document.createElement('div');
  box.style.overflowX = 'auto';
  box.innerHTML = '<div style="width: 900px; height: 4px"></div>';
  chart.appendChild(box);
  const button = document.createElement('button');
  button.textContent = 'x';
  button.style.cssText = 'padding: 0; font-size: 10px; line-height: 1; height: 16px; min-height: 0';
  chart.appendChild(button);
}"""


def test_small_text_sideways_scrolling_and_small_targets_are_reported(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(f"{server}/chapters/d2_district.html", wait_until="load")
        tab.add_script_tag(content=MEASURE)
        assert tab.evaluate("p => companionLayout.measure(p)", True) == []
        tab.evaluate(SPOIL)
        problems = "\n".join(tab.evaluate("p => companionLayout.measure(p)", True))
        assert "chart texts under 11 px on screen, smallest 8.0 px" in problems
        assert "scrolls sideways inside its box" in problems
        assert 'control <button> "x": target' in problems
    finally:
        context.close()


def test_axe_in_the_shared_visit_reports_a_spoiled_page(browser, server):
    """check_page's axe-core run finds what it is for: an image without a text alternative."""
    from .page_checks import axe_source, axe_violations, open_page

    context, tab, _, _ = open_page(browser, f"{server}/glossary.html", (1280, 900), "light")
    try:
        assert axe_violations(tab, axe_source()) == []
        tab.evaluate("() => document.querySelector('article').appendChild(document.createElement('img'))")
        assert "image-alt" in {v["id"] for v in axe_violations(tab, axe_source())}
    finally:
        context.close()

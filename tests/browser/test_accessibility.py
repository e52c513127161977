"""Accessibility of the built book: axe-core on the pages no layout visit opens; keyboard use of a chart menu.

axe-core runs on every other page in the same visit as the layout checks (``page_checks.check_page``,
called by ``test_layout.py`` and ``test_layout_dark.py``): at both widths, in both modes.
"""

from __future__ import annotations

import pytest

from .page_checks import PAGES, axe_source, axe_violations, open_page, viewports

pytestmark = pytest.mark.browser

# The index of terms, and the search page with results (the layout visit opens it empty).
AXE_ONLY = ["genindex.html", "search.html?q=poverty"]
SIZES = {"desktop": (1280, 900), "phone": (390, 900)}


def test_every_page_gets_axe_in_a_layout_visit_or_here():
    from .conftest import measured_pages

    pages = {p for p in measured_pages() if p != "index.html"}  # index.html only redirects to intro.html
    assert pages <= set(PAGES) | {p.split("?")[0] for p in AXE_ONLY}


@pytest.mark.parametrize("page", AXE_ONLY)
@pytest.mark.parametrize(("viewport", "mode"), [(v, m) for m in ("light", "dark") for v in viewports(m)])
def test_no_axe_violations_of_any_impact(browser, server, page, viewport, mode):
    source = axe_source()
    context, tab, _, _ = open_page(browser, f"{server}/{page}", SIZES[viewport], mode)
    try:
        assert axe_violations(tab, source) == []
    finally:
        context.close()


def test_keyboard_reaches_and_changes_a_chart_menu(visit, server):
    v = visit(f"{server}/chapters/d2_schools.html")
    v.wait_for_charts()
    chart = v.page.locator(".companion-chart").first
    before = chart.locator("svg").inner_html()
    for _ in range(200):
        v.page.keyboard.press("Tab")
        focused = v.page.evaluate("() => document.activeElement && document.activeElement.name")
        if focused == "x_measure":
            break
    else:
        pytest.fail("Tab never reached the chart's 'Horizontal axis' menu")
    v.page.keyboard.press("ArrowDown")
    v.settle()
    assert chart.locator("svg").inner_html() != before


def test_every_chart_offers_a_data_table(visit, server):
    v = visit(f"{server}/chapters/d2_reading.html")
    count = v.wait_for_charts()
    tables = v.page.locator("details.companion-chart-data")
    assert tables.count() == count
    first = tables.first
    first.locator("summary").click()
    rows = first.locator("table tbody tr")
    rows.first.wait_for(state="visible", timeout=3000)
    assert rows.count() >= 44  # one row per school (plus long-format rows)
    assert first.locator("th").first.get_attribute("scope") == "col"


def test_charts_follow_dark_mode_in_both_forms(visit, server):
    """The static SVG is recoloured by CSS, and the live view redraws on a dark background."""
    v = visit(f"{server}/chapters/d2_schools.html")
    v.page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    static = v.page.evaluate(
        "() => [...document.querySelectorAll('.companion-static')].map(s => {"
        " const text = s.querySelector('text'); const bg = s.querySelector('svg > rect');"
        " return [getComputedStyle(text).fill, bg ? getComputedStyle(bg).fill : 'none']; })"
    )
    assert static and all(text == "rgb(206, 214, 221)" and "255, 255, 255" not in bg for text, bg in static), static
    v.wait_for_charts()
    v.settle()
    backgrounds = v.page.evaluate(
        "() => [...document.querySelectorAll('.companion-live svg')].map(s => getComputedStyle(s).backgroundColor)"
    )
    assert backgrounds and not any("255, 255, 255" in b for b in backgrounds), backgrounds

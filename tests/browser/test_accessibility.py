"""Accessibility of the built book: axe-core on every page, and keyboard use of a chart control."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, measured_pages, width_mode_pairs

pytestmark = pytest.mark.browser

AXE = Path(ROOT / "node_modules" / "axe-core" / "axe.min.js")
# index.html is only a redirect to intro.html, which is checked itself
PAGES = [p for p in measured_pages() if p not in ("genindex.html", "search.html", "index.html")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (run `npm ci`; `make test` does)")
    return AXE.read_text()


def _violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]], "help": v["help"]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("page", [*PAGES, "genindex.html", "search.html?q=poverty"])
@pytest.mark.parametrize(("width", "mode"), width_mode_pairs((1280, 390)))
def test_no_axe_violations_of_any_impact(browser, server, axe_source, page, mode, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/{page}", wait_until="load")
        tab.evaluate(f"() => {{ document.documentElement.dataset.theme = '{mode}'; }}")
        tab.wait_for_timeout(600)
        assert _violations(tab, axe_source) == []
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
    v.page.wait_for_timeout(300)
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
    v.page.wait_for_timeout(500)
    backgrounds = v.page.evaluate(
        "() => [...document.querySelectorAll('.companion-live svg')].map(s => getComputedStyle(s).backgroundColor)"
    )
    assert backgrounds and not any("255, 255, 255" in b for b in backgrounds), backgrounds

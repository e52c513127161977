"""Charts arrive in the page as SVG, and the live Vega view takes over without a jump.

Measured in Chromium: with JavaScript off every chart is there with its title; with it on, a
chart goes live when it nears the viewport or when a reader focuses one of its controls, at
the same size (no layout shift); the Vega bundle is fetched once, and only on chart pages.
"""

from __future__ import annotations

import json
import re

import pytest

from .conftest import HTML, eventually, measured_pages

pytestmark = pytest.mark.browser

PAGES = measured_pages()
CHART_PAGES = [p for p in PAGES if (HTML / p).exists() and 'class="companion-chart"' in (HTML / p).read_text()]
PLAIN_PAGES = [p for p in PAGES if p not in CHART_PAGES and p != "index.html"]


def _spec_titles(page: str) -> list[str]:
    """The first line of each chart's title, read from the specs in the built page."""
    html = (HTML / page).read_text(encoding="utf-8")
    titles = []
    for payload in re.findall(
        r'<script type="application/json" class="companion-spec"[^>]*>(.*?)</script>', html, re.S
    ):
        title = json.loads(payload.replace("<\\/", "</")).get("title")
        if title is None:  # a concatenation titles its parts
            title = json.loads(payload.replace("<\\/", "</"))["vconcat"][0]["title"]
        text = title["text"] if isinstance(title, dict) else title
        titles.append(text[0] if isinstance(text, list) else text)
    return titles


def test_every_chart_of_the_book_is_counted():
    total = sum(len(_spec_titles(p)) for p in CHART_PAGES)
    assert total >= 21, f"only {total} charts found in {len(CHART_PAGES)} pages"


@pytest.mark.parametrize("page", CHART_PAGES)
def test_without_javascript_every_chart_shows_as_svg_with_its_title(browser, server, page):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{server}/{page}", wait_until="load")
        charts = tab.locator(".companion-chart")
        titles = _spec_titles(page)
        assert charts.count() == len(titles) >= 1
        for i, title in enumerate(titles):
            chart = charts.nth(i)
            svg = chart.locator(".companion-static svg:visible")
            assert svg.count() == 1, f"{page}: chart {i + 1} shows {svg.count()} SVGs without JavaScript, not one"
            box = svg.bounding_box()
            assert box and box["width"] > 200 and box["height"] > 100
            assert title in svg.text_content(), f"{page}: chart {i + 1} lacks its title {title!r}"
            assert len(chart.get_attribute("aria-label") or "") > 30
        assert tab.locator(".companion-chart-live").count() == 0
    finally:
        context.close()


LAYOUT_SHIFT = """() => {
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { window.__shift += entry.value; }
  }).observe({type: 'layout-shift', buffered: false});
}"""


def _boxes(tab) -> list[list[float]]:
    return tab.evaluate(
        "() => [...document.querySelectorAll('.companion-chart')].map(c => {"
        " const r = c.getBoundingClientRect(); const d = c.parentElement.querySelector('.companion-chart-data');"
        " const n = d ? d.getBoundingClientRect() : r; return [r.top + scrollY, r.width, r.height, n.top + scrollY]; })"
    )


@pytest.mark.parametrize("page", ["chapters/d2_schools.html", "chapters/ev_map.html", "chapters/claims_audit.html"])
def test_live_view_replaces_the_static_one_on_scroll_without_layout_shift(visit, server, page):
    v = visit(f"{server}/{page}")
    v.page.evaluate(LAYOUT_SHIFT)
    before = _boxes(v.page)
    charts = v.page.locator(".companion-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).locator(".companion-live svg").wait_for(timeout=10_000)
    v.settle()
    assert v.page.locator(".companion-chart-live").count() == charts.count()
    # one SVG per chart, the live one (the other layout's static SVG is set aside for a change of width)
    assert v.page.locator(".companion-chart .companion-static").count() == 0
    assert v.page.locator(".companion-chart svg").count() == charts.count()
    after = _boxes(v.page)
    assert after == before, "a chart changed size or moved when it went live"
    assert v.page.evaluate("() => window.__shift") == 0
    assert v.errors == []


def test_focusing_a_static_control_makes_the_chart_live_and_keeps_the_focus(visit, server):
    v = visit(f"{server}/chapters/d2_reading.html")
    chart = v.page.locator(".companion-chart").first
    assert "companion-chart-live" not in (chart.get_attribute("class") or "")
    chart.locator("input[type=radio]").nth(1).focus()
    chart.locator(".companion-live svg").wait_for(timeout=10_000)
    assert v.page.evaluate("() => document.activeElement && document.activeElement.name") == "sort_by"


def test_a_choice_made_before_the_chart_is_live_is_kept(visit, server):
    v = visit(f"{server}/chapters/d2_schools.html")
    chart = v.page.locator(".companion-chart").first
    chart.locator("select[name='x_measure']").select_option("white_pct")
    chart.dispatch_event("pointerenter")
    chart.locator(".companion-live svg").wait_for(timeout=10_000)
    v.settle()
    assert "White (%)" in chart.locator(".companion-live svg").text_content()
    assert chart.locator("select[name='x_measure']").input_value() == "white_pct"


def test_vega_is_fetched_once_per_chart_page(visit, server):
    v = visit(f"{server}/chapters/ev_map.html")
    v.wait_for_charts()
    bundles = [u for u in v.requests if u.split("?")[0].endswith("companion-vega.js")]
    assert len(bundles) == 1


@pytest.mark.parametrize("page", PLAIN_PAGES)
def test_pages_without_charts_load_no_vega(visit, server, page):
    v = visit(f"{server}/{page}")
    v.settle()
    assert [u for u in v.requests if "vega" in u or "companion-charts" in u] == []


def test_every_theme_icon_still_draws(visit, server):
    """The icon subset keeps every icon the pages use: each becomes an SVG, none stays an empty <i>."""
    v = visit(f"{server}/chapters/d2_schools.html")
    # the theme's script swaps each <i class="fa-..."> for an SVG after load
    eventually(
        v.page, "() => !document.querySelector('i[class*=\"fa-\"]') && !!document.querySelector('.svg-inline--fa')"
    )
    left = v.page.evaluate("() => [...document.querySelectorAll('i[class*=\"fa-\"]')].map(i => i.className)")
    drawn = v.page.locator("svg.svg-inline--fa").count()
    assert left == [] and drawn >= 8

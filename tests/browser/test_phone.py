"""Charts on a phone: each chart's layout follows the width of its column, with and without JavaScript,
the live view switches when the width changes and keeps what the reader chose, and a tap opens and
closes a tooltip."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import HTML, book_pages, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHART_PAGES = [p for p in book_pages() if (HTML / p).exists() and 'class="companion-chart"' in (HTML / p).read_text()]
SHOWN = """() => [...document.querySelectorAll('.companion-chart')].map(c => {
  const shown = [...c.querySelectorAll(':scope > .companion-view')].filter(v => v.getBoundingClientRect().width > 0);
  return shown.map(v => v.classList.contains('companion-narrow') ? 'narrow' : 'wide').join(' ');
})"""
LIVE = (
    "() => [...document.querySelectorAll('.companion-chart')].every(c => c.classList.contains('companion-chart-live'))"
)


@pytest.mark.parametrize("page", CHART_PAGES)
def test_without_javascript_each_chart_shows_the_layout_that_fits(browser, server, page):
    for viewport, expected in ((PHONE, "narrow"), (DESKTOP, "wide")):
        context = browser.new_context(java_script_enabled=False, viewport=viewport)
        try:
            tab = context.new_page()
            tab.goto(f"{server}/{page}", wait_until="load")
            shown = tab.evaluate(SHOWN)
            assert shown and set(shown) == {expected}, f"{page} at {viewport['width']} px: {shown}"
            tab.emulate_media(media="print")  # the PDF edition prints the wide layouts
            assert set(tab.evaluate(SHOWN)) == {"wide"}, f"{page}: print does not show the wide layouts"
        finally:
            context.close()


def _chart_with(tab, select_name: str):
    charts = tab.locator(".companion-chart")
    for i in range(charts.count()):
        if charts.nth(i).locator(f"select[name='{select_name}']").count():
            return charts.nth(i)
    raise AssertionError(f"no chart with a {select_name!r} menu")


def _wait_layout(tab, chart, layout: str) -> None:
    handle = chart.element_handle()
    tab.wait_for_function("([c, l]) => c.dataset.layout === l", arg=[handle, layout], timeout=10_000)
    settle(tab)


def _listed(chart) -> set[str]:
    svg = chart.locator(".companion-view:visible svg")
    return {word for word in svg.text_content().split("Study ")[1:] if ":" in word[:4]}


def test_resizing_switches_the_evidence_map_layout_and_keeps_the_reader_choices(browser, server):
    context = browser.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/chapters/ev_map.html", wait_until="load")
        tab.evaluate(
            "() => document.querySelectorAll('.companion-chart').forEach("
            "c => c.dispatchEvent(new PointerEvent('pointerenter')))"
        )
        tab.wait_for_function(LIVE, timeout=10_000)
        chart = _chart_with(tab, "design_filter")
        _wait_layout(tab, chart, "wide")
        chart.locator("select[name='design_filter']").select_option("multi-site case studies")
        settle(tab)
        bars = chart.locator(".companion-wide svg path[aria-roledescription='bar']")
        target = next(
            bars.nth(i)
            for i in range(bars.count())
            if "job-embedded" in (bars.nth(i).get_attribute("aria-label") or "")
        )
        target.click()
        settle(tab)
        listed = {s.split(":")[0] for s in _listed(chart)}
        assert len(listed) >= 3, f"clicking a bar listed {listed}"

        for viewport, layout in ((PHONE, "narrow"), (DESKTOP, "wide")):
            tab.set_viewport_size(viewport)
            _wait_layout(tab, chart, layout)
            assert chart.locator(f".companion-{layout} .companion-live svg").is_visible()
            assert chart.locator("select[name='design_filter']").input_value() == "multi-site case studies"
            now = {s.split(":")[0] for s in _listed(chart)}
            assert now == listed, f"at {viewport['width']} px the list shows {now}, not {listed}"
            # the selection still drives the marks: the picked bar is drawn in the highlight colour
            assert chart.locator(f".companion-{layout} svg path[fill='#D55E00']").count() >= 1
    finally:
        context.close()


def test_a_tap_opens_a_tooltip_and_a_second_tap_closes_it(browser, server):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/chapters/d2_district.html", wait_until="load")
        chart = tab.locator(".companion-chart").first
        chart.dispatch_event("pointerenter")
        chart.locator(".companion-live svg").wait_for(timeout=10_000)
        bar = chart.locator(".companion-live svg path[aria-roledescription='bar']").first
        tooltip = tab.locator("#vg-tooltip-element")
        bar.tap()
        expect(tooltip).to_be_visible()
        assert tooltip.is_visible() and "Share" in tooltip.text_content()
        bar.tap()
        expect(tooltip).to_be_hidden()
        assert not tooltip.is_visible()
    finally:
        context.close()

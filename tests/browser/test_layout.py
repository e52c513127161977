"""What a reader sees: every page measured at desktop and phone widths, in light and dark mode.

Each check looks at the rendered page, not at the markup: text cut with an ellipsis, charts
wider than the text column, sideways scrolling of the page on a phone or of a chart inside its
box, labels drawn on top of each other, text drawn outside the visible part of its chart, chart
text smaller than 11 px as drawn on screen (font size times the scale the SVG is drawn at), menus,
radio buttons and buttons whose touch target is under 24 x 24 px, tables that show pandas
internals, white charts in dark mode and Vega console warnings. Charts are measured as static
SVG, as the live view, and as the live view after clicking marks. A failure names the page, the
viewport, the mode and the element (a chart by its figure number).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import measured_pages, width_mode_pairs

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = [p for p in measured_pages() if p not in ("index.html", "genindex.html")]

# window.companionLayout.measure(phone) and .clickMarks(), injected into each page.
MEASURE = (Path(__file__).parent / "measure_layout.js").read_text(encoding="utf-8")


def _open(browser, url: str, viewport: str, mode: str):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=mode)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type in ("warning", "error") else None)
    page.goto(url, wait_until="load")
    page.evaluate(f"() => {{ document.documentElement.dataset.theme = '{mode}'; }}")
    charts = page.locator(".companion-chart").count()
    if charts:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.companion-chart')].every(el => el.querySelector('svg text'))",
            timeout=10_000,
        )
    page.wait_for_timeout(400)
    return context, page, warnings, charts


@pytest.mark.parametrize(("viewport", "mode"), width_mode_pairs(tuple(VIEWPORTS)))
@pytest.mark.parametrize("page", PAGES)
def test_reader_sees_no_cut_overlapping_or_overflowing_content(browser, server, page, viewport, mode):
    context, tab, warnings, charts = _open(browser, f"{server}/{page}", viewport, mode)
    try:
        tab.add_script_tag(content=MEASURE)
        problems = [f"on load: {p}" for p in tab.evaluate("p => companionLayout.measure(p)", viewport == "phone")]
        if charts:  # every chart live, as a reader scrolling through would see it, then clicked
            tab.evaluate(
                "() => document.querySelectorAll('.companion-chart').forEach("
                "c => c.dispatchEvent(new PointerEvent('pointerenter')))"
            )
            tab.wait_for_function(
                "() => [...document.querySelectorAll('.companion-chart')].every("
                "c => c.classList.contains('companion-chart-live'))",
                timeout=10_000,
            )
            tab.wait_for_timeout(200)
            live = tab.evaluate("p => companionLayout.measure(p)", viewport == "phone")
            problems += [f"live: {p}" for p in live]
            tab.evaluate("() => companionLayout.clickMarks()")
            tab.wait_for_timeout(300)
            after = tab.evaluate("p => companionLayout.measure(p)", viewport == "phone")
            problems += [f"after clicking marks: {p}" for p in after]
        problems += [f"console: {w}" for w in warnings]
        # one entry per distinct problem keeps the report readable
        problems = list(dict.fromkeys(problems))
        assert problems == [], f"{page} at {viewport} in {mode} mode:\n  " + "\n  ".join(problems[:40])
    finally:
        context.close()

"""One visit per page, width and colour mode: what a reader sees, and what axe-core finds.

:func:`check_page` opens a page once and runs both measurements on it: axe-core on the page as it
loads (static charts), then the layout checks of ``measure_layout.js`` on load, with every chart
live, and after clicking marks. ``test_layout.py`` (light mode) and ``test_layout_dark.py`` (dark
mode) call it for every page, so the two modes run in parallel workers (pytest-xdist by file).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, measured_pages, settle, width_mode_pairs

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}
MODES = ("light", "dark")
# index.html is only a redirect to intro.html; the index of terms is checked by axe alone
PAGES = [p for p in measured_pages() if p not in ("index.html", "genindex.html")]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# window.companionLayout.measure(phone) and .clickMarks(), injected into each page.
MEASURE = (Path(__file__).parent / "measure_layout.js").read_text(encoding="utf-8")


def viewports(mode: str) -> list[str]:
    """The viewports a page is measured at in ``mode`` (every one, or the student edition's covering pair)."""
    return [viewport for viewport, m in width_mode_pairs(tuple(VIEWPORTS), MODES) if m == mode]


def axe_source() -> str:
    if not AXE.exists():
        pytest.skip(f"axe-core not installed at {AXE} (run `npm ci`; `make test` does)")
    return AXE.read_text(encoding="utf-8")


def axe_violations(tab, source: str, scope: str = "document") -> list[dict]:
    """axe-core's violations of any impact on the open page (``scope``: a JavaScript expression)."""
    tab.add_script_tag(content=source)
    result = tab.evaluate(f"async () => await axe.run({scope}, {{resultTypes: ['violations']}})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]], "help": v["help"]}
        for v in result["violations"]
    ]


def open_page(browser, url: str, size: tuple[int, int], mode: str):
    """A fresh context at ``size`` in ``mode``, the page loaded, its theme set and its charts drawn."""
    width, height = size
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
    settle(page)
    return context, page, warnings, charts


def layout_problems(tab, phone: bool, charts: int, warnings: list[str]) -> list[str]:
    """The layout checks on load, with every chart live and after clicking marks, and the console warnings."""
    tab.add_script_tag(content=MEASURE)
    problems = [f"on load: {p}" for p in tab.evaluate("p => companionLayout.measure(p)", phone)]
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
        settle(tab)
        problems += [f"live: {p}" for p in tab.evaluate("p => companionLayout.measure(p)", phone)]
        tab.evaluate("() => companionLayout.clickMarks()")
        settle(tab)
        problems += [f"after clicking marks: {p}" for p in tab.evaluate("p => companionLayout.measure(p)", phone)]
    problems += [f"console: {w}" for w in warnings]
    return list(dict.fromkeys(problems))  # one entry per distinct problem keeps the report readable


def check_page(browser, server: str, page: str, viewport: str, mode: str) -> None:
    """Fail if axe-core finds a violation of any impact, or a reader would see a layout problem."""
    source = axe_source()
    context, tab, warnings, charts = open_page(browser, f"{server}/{page}", VIEWPORTS[viewport], mode)
    try:
        violations = axe_violations(tab, source)
        problems = layout_problems(tab, viewport == "phone", charts, warnings)
        report = [f"axe: {v}" for v in violations] + problems
        assert report == [], f"{page} at {viewport} in {mode} mode:\n  " + "\n  ".join(report[:40])
    finally:
        context.close()

"""Real-browser fixtures: Debian's Chromium driven by Playwright, the built book on 127.0.0.1.

These tests need ``book/_build/html`` (``make book``) and Chromium: ``$COMPANION_CHROMIUM``, by default
``/usr/bin/chromium`` (the same setting is read by ``.ci/run`` and ``tools/bench.py``). Without them
they are reported as skipped with the reason, never as passed; ``make test`` builds the book
and CI installs Chromium, and sets COMPANION_REQUIRE_BROWSER=1 so that a skip becomes an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from companion_book.browser import CHROMIUM_ARGS, CHROMIUM_HINT, chromium, serve  # noqa: E402

__all__ = ["CHROMIUM_ARGS", "CHROMIUM_HINT", "chromium"]
# COMPANION_BOOK_HTML points the same tests at another build (make test-student: the student edition).
HTML = Path(os.environ.get("COMPANION_BOOK_HTML") or ROOT / "book" / "_build" / "html").resolve()
STUDENT_EDITION = "student" in HTML.relative_to(ROOT).parts if HTML.is_relative_to(ROOT) else False
CHROMIUM = chromium()


def _missing() -> str | None:
    if not (HTML / "index.html").exists():
        return f"built book not found at {HTML} (run `make book`)"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} ({CHROMIUM_HINT})"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("COMPANION_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"browser tests required but cannot run: {reason}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


def book_pages() -> list[str]:
    """Every HTML page of the built book, relative to its root (search/genindex included)."""
    if not HTML.exists():
        return ["index.html"]
    return sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html") if "_static" not in p.parts)


# The study record pages are one directive's output, 31 times over: the per-page measurements
# (axe, layout) visit these four, which between them hold every variant the directive draws (a
# District #2 study with related studies, study 16's two readings of its location, a title the
# appendix cuts short, study 30 that the appendix does not print). tests/browser/test_records.py
# and tests/test_records.py check every record.
RECORD_SAMPLES = ("studies/study-04.html", "studies/study-05.html", "studies/study-16.html", "studies/study-30.html")


def measured_pages() -> list[str]:
    """:func:`book_pages`, with the study record pages represented by :data:`RECORD_SAMPLES`.

    In the student edition, only the pages that differ from the reading edition: the chapters,
    whose exercises lose their solutions, and the front page (the appendices, glossary, data and
    record pages are built from the same sources, and the reading edition's run measures them).
    """
    if STUDENT_EDITION:
        appendices = ("chapters/data_notes.html", "chapters/statement_sources.html")
        return [p for p in book_pages() if (p.startswith("chapters/") and p not in appendices) or p == "index.html"]
    return [p for p in book_pages() if not p.startswith("studies/study-") or p in RECORD_SAMPLES]


def width_mode_pairs(widths: tuple, modes: tuple = ("light", "dark")) -> list[tuple]:
    """The (width, colour mode) pairs a page is measured at: every pair in the reading edition.

    In the student edition, a covering set: each width once and each mode once (the first width in
    the first mode, the second in the second). Its pages differ from the reading edition's only in
    the exercise boxes and the edition notice, whose colours depend on the mode and whose geometry
    depends on the width; the reading edition's run measures every pair.
    """
    if STUDENT_EDITION:
        return list(zip(widths, modes, strict=True))
    return [(width, mode) for mode in modes for width in widths]


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The built book served on an ephemeral 127.0.0.1 port."""
    httpd, base = serve(HTML)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


# The page at rest, awaited in the page: the fonts loaded, the theme's icons drawn (its script swaps each
# <i class="fa-..."> for an SVG within a few frames), a search page's results listed, every live chart's
# pending Vega run drawn (a control change or a click queues one), 0 ms timers fired, two frames painted.
# The loops are bounded in frames (about 0.5 s and 10 s), so a page that never gets there fails its checks.
SETTLE = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  await document.fonts.ready;
  for (let n = 0; n < 30 && document.querySelector('i[class*="fa-"]'); n++) { await frame(); }
  if (document.getElementById('search-results') && new URLSearchParams(location.search).get('q')) {
    for (let n = 0; n < 600 && !document.querySelector('#search-results .search-summary')?.textContent; n++) {
      await frame();
    }
  }
  for (const chart of document.querySelectorAll('.companion-chart')) {
    if (chart.companionView) { await chart.companionView.runAsync(); }
  }
  await new Promise((done) => setTimeout(done, 0));
  await frame();
  await frame();
}"""
# ... and no finite CSS transition or animation still running (a colour mode fades in, a tooltip slides).
NO_ANIMATION = """() => document.getAnimations().every(
  (a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)"""


def settle(page: Any, timeout: float = 10_000) -> None:
    """Wait until ``page`` is at rest (:data:`SETTLE`, :data:`NO_ANIMATION`): no fixed sleep."""
    page.evaluate(SETTLE)
    page.wait_for_function(NO_ANIMATION, timeout=timeout)


def eventually(page: Any, predicate: str, arg: Any = None, timeout: float = 10_000) -> None:
    """Wait until the JavaScript ``predicate`` holds, or ``timeout`` ms pass: the test's assertion then
    reports what it finds (a wait that times out raises nothing here, so the message stays the test's)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(predicate, arg=arg, timeout=timeout)
    except PlaywrightTimeout:
        pass


REFRESH = """() => document.querySelector('meta[http-equiv="refresh" i]') !== null"""


class PageVisit:
    """A page opened in a fresh context, recording console errors and every request."""

    def __init__(self, browser: object, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        self.page.goto(url, wait_until="load")
        if self._redirects():
            # index.html is <meta http-equiv="Refresh">: the reader lands on its target, and a check run while
            # the browser leaves the redirect would lose its document mid-way
            self.page.wait_for_url(lambda now: now != url, wait_until="load")

    def _redirects(self) -> bool:
        """Whether the loaded page is a redirect (a refresh meta tag), or already on its way to another page."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            return self.page.evaluate(REFRESH)
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error):
                raise
            return True

    def wait_for_charts(self, timeout: float = 10_000, live: bool = True) -> int:
        """Wait until every chart shows an SVG (with ``live``, its live Vega view); return how many charts.

        A chart goes live when it nears the viewport or the reader points at it; here every
        chart is pointed at, as a reader scrolling through would.
        """
        count = self.page.locator(".companion-chart").count()
        if count:
            self.page.wait_for_function(
                "() => [...document.querySelectorAll('.companion-chart')].every(el => el.querySelector('svg'))",
                timeout=timeout,
            )
        if count and live:
            self.page.evaluate(
                "() => document.querySelectorAll('.companion-chart').forEach("
                "c => c.dispatchEvent(new PointerEvent('pointerenter')))"
            )
            self.page.wait_for_function(
                "() => [...document.querySelectorAll('.companion-chart')].every("
                "el => el.classList.contains('companion-chart-live'))",
                timeout=timeout,
            )
        return count

    def settle(self) -> None:
        """Wait until the page is at rest (:func:`settle`)."""
        settle(self.page)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: object) -> Iterator[object]:
    opened: list[PageVisit] = []

    def _open(url: str) -> PageVisit:
        v = PageVisit(browser, url)
        opened.append(v)
        return v

    yield _open
    for v in opened:
        v.close()

"""Measure what a first-time reader's browser receives and sees on chart pages (part of `make bench`).

For every chapter with charts, in Chromium with a cold cache, medians of ``--loads`` loads:

- bytes moved before any interaction (load, then a quiet second, no scrolling);
- milliseconds from navigation until every chart of the page is on screen as SVG;
- charts shown with JavaScript disabled;
- layout shift (CLS) while the reader scrolls through and every chart goes live.

With ``--compare DIR`` the same is measured, in the same run, on another build of the book
(for example the previous design, built from an older commit in a temporary worktree), so the
two can be compared. The results replace the charts section of ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from companion_book.browser import CHROMIUM_ARGS, chromium, serve  # noqa: E402

HTML = ROOT / "book" / "_build" / "html"
REPORT = ROOT / "docs" / "performance.md"
START, END = "<!-- charts:start -->", "<!-- charts:end -->"
ON_SCREEN = (
    "() => [...document.querySelectorAll('.companion-chart')].every(c => { const s = c.querySelector('svg');"
    " return s && s.getBoundingClientRect().width > 0; })"
)
SHIFT = (
    "() => { window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries())"
    " { if (!e.hadRecentInput) window.__cls += e.value; } }).observe({type: 'layout-shift', buffered: true}); }"
)


def chart_pages(directory: Path) -> list[str]:
    """Pages of a build that draw at least one chart."""
    return sorted(
        str(p.relative_to(directory))
        for p in directory.rglob("*.html")
        if "_static" not in p.parts and 'class="companion-chart' in p.read_text(encoding="utf-8")
    )


def one_load(browser: object, url: str) -> dict:
    """A cold first visit: bytes before interaction and time until every chart is on screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="commit")
    page.wait_for_function(ON_SCREEN, timeout=15_000, polling=10)
    on_screen = page.evaluate("() => performance.now()")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    moved = sum(sizes.values())
    charts = page.locator(".companion-chart").count()
    # the reader scrolls through: every chart goes live; the shift is what moved meanwhile
    page.evaluate(SHIFT)
    for i in range(charts):
        page.locator(".companion-chart").nth(i).scroll_into_view_if_needed()
        page.wait_for_timeout(150)
    page.wait_for_timeout(1500)
    cls = page.evaluate("() => window.__cls")
    context.close()
    return {"bytes": moved, "on_screen_ms": on_screen, "charts": charts, "cls": cls}


def without_javascript(browser: object, url: str) -> tuple[int, int]:
    """Charts on the page, and how many of them show an SVG with JavaScript disabled."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    charts = page.locator(".companion-chart").count()
    shown = page.evaluate(
        "() => [...document.querySelectorAll('.companion-chart')].filter(c => { const s = c.querySelector('svg');"
        " return s && s.getBoundingClientRect().width > 0; }).length"
    )
    context.close()
    return charts, shown


def measure(directory: Path, loads: int) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(directory)
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
            for page in chart_pages(directory):
                runs = [one_load(browser, f"{base}/{page}") for _ in range(loads)]
                charts, shown = without_javascript(browser, f"{base}/{page}")
                out[page] = {
                    "charts": charts,
                    "no_js": shown,
                    "kb": statistics.median(r["bytes"] for r in runs) / 1024,
                    "ms": statistics.median(r["on_screen_ms"] for r in runs),
                    "cls": max(r["cls"] for r in runs),
                }
            browser.close()
    finally:
        httpd.shutdown()
    return out


def section(now: dict, before: dict | None, loads: int) -> str:
    lines = [
        START,
        "## Charts on a first visit",
        "",
        f"Measured by `make bench` (tools/bench_charts.py) on {dt.date.today().isoformat()}: Chromium with a cold "
        f"cache, pages served from 127.0.0.1 without compression, medians of {loads} loads. *Bytes* are everything "
        "moved until one second after the load event, before any scrolling or interaction. *On screen* is the time "
        "from navigation until every chart of the page shows an SVG. *No JS* counts charts visible with JavaScript "
        "disabled. *CLS* is the largest layout shift seen while scrolling through the page as every chart goes "
        "live (0 = none).",
        "",
    ]
    header = "| page | charts | bytes | on screen | no JS | CLS |"
    if before:
        header = (
            "| page | charts | bytes (before) | bytes | on screen (before) | on screen | no JS (before) | no JS | CLS |"
        )
    lines += [header, "|" + "---|" * (header.count("|") - 1)]
    for page, r in now.items():
        cells = [page, str(r["charts"])]
        b = (before or {}).get(page)
        if before:
            cells += [f"{b['kb']:,.0f} KB" if b else "-", f"{r['kb']:,.0f} KB"]
            cells += [f"{b['ms']:,.0f} ms" if b else "-", f"{r['ms']:,.0f} ms"]
            cells += [f"{b['no_js']} of {b['charts']}" if b else "-", f"{r['no_js']} of {r['charts']}"]
        else:
            cells += [f"{r['kb']:,.0f} KB", f"{r['ms']:,.0f} ms", f"{r['no_js']} of {r['charts']}"]
        cells.append(f"{r['cls']:.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    heaviest = max(now, key=lambda page: now[page]["kb"])
    slowest = max(now.values(), key=lambda r: r["ms"])
    total, shown = sum(r["charts"] for r in now.values()), sum(r["no_js"] for r in now.values())
    kb = now[heaviest]["kb"]
    lines += [
        "",
        f"- Heaviest chart chapter, first visit: {kb:,.0f} KB ({heaviest}) against a target of 1,536 KB "
        f"({'met' if kb <= 1536 else 'missed'}).",
        f"- Slowest chapter until every chart is on screen: {slowest['ms']:,.0f} ms against 600 ms "
        f"({'met' if slowest['ms'] <= 600 else 'missed'}).",
        f"- Charts visible with JavaScript disabled: {shown} of {total}.",
        f"- Largest layout shift while charts go live: {max(r['cls'] for r in now.values()):.3f} (target 0).",
    ]
    if before:
        was = max(before, key=lambda page: before[page]["kb"])
        lines.insert(
            len(lines) - 4,
            f"- The same, measured in this run on the build compared with: {before[was]['kb']:,.0f} KB ({was}); "
            f"now {kb - before[was]['kb']:+,.0f} KB.",
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another build's html folder, measured in the same run")
    args = parser.parse_args(argv)
    if not (HTML / "index.html").exists():
        print(f"bench_charts: no built book at {HTML} (run `make book`)", file=sys.stderr)
        return 1
    before = measure(args.compare, args.loads) if args.compare else None
    now = measure(HTML, args.loads)
    text = section(now, before, args.loads)
    report = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Performance\n"
    if START in report and END in report:
        report = report[: report.index(START)] + text + report[report.index(END) + len(END) + 1 :]
    else:
        report = report.rstrip("\n") + "\n\n" + text
    REPORT.write_text(report, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

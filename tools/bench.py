"""Measure the book on this machine and write docs/performance.md (`make bench`).

What is measured (medians of repeated runs in this one invocation, so figures compare):
- clean build with notebook execution, and a no-op rebuild of the whole book;
- per page, bytes transferred on first load and on a warm reload, split into shared
  (``_static/``) and page-specific bytes, and the time from navigation until every chart
  has rendered (headless Chromium, book served on 127.0.0.1);
- loading every dataset;
- for comparison, the same chart with Altair's default renderer (scripts from a CDN).

The results replace the part of docs/performance.md between its ``bench`` markers; the tests
(``tools/bench_tests.py``), the charts (``tools/bench_charts.py``) and the hand-measured sections
are left as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HTML = ROOT / "book" / "_build" / "html"
OUT = ROOT / "bench-results"
PAGE = ROOT / "docs" / "performance.md"
sys.path.insert(0, str(ROOT))
# One browser setting for tests and bench: COMPANION_CHROMIUM (default /usr/bin/chromium) and the same flags.
from companion_book.browser import CHROMIUM_ARGS as ARGS  # noqa: E402
from companion_book.browser import CHROMIUM_HINT, chromium, serve  # noqa: E402
from tools.bench_tests import START as TESTS_START  # noqa: E402
from tools.bench_tests import replace_section  # noqa: E402

START, END = "<!-- bench:start -->", "<!-- bench:end -->"

CHROMIUM = str(chromium())
JB = [str(BIN / "jupyter-book"), "build", "book", "--warningiserror", "--nitpick", "--keep-going", "--builder", "html"]


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def median_of(n: int, fn) -> tuple[float, list[float]]:
    runs = [fn() for _ in range(n)]
    return statistics.median(runs), runs


def clean_build() -> float:
    shutil.rmtree(ROOT / "book" / "_build", ignore_errors=True)
    return timed([sys.executable, "tools/refresh_notebooks.py"]) + timed(JB)


def pdf_edition() -> dict:
    """`make pdf`'s printing step after `make book`, forced to print everything; the book PDF's size."""
    seconds = timed([sys.executable, "tools/build_pdf.py", "--force"])
    book = ROOT / "book" / "_build" / "pdf" / "companion.pdf"
    from pypdf import PdfReader

    return {"seconds": seconds, "pages": len(PdfReader(book).pages), "bytes": book.stat().st_size}


def dataset_loading() -> dict[str, float]:
    code = (
        "import time, statistics\n"
        "from companion import datasets\n"
        "cold = []\n"
        "for _ in range(20):\n"
        "    datasets._parsed_cached.cache_clear()\n"
        "    t = time.perf_counter(); datasets.load_all(); cold.append(time.perf_counter() - t)\n"
        "warm = []\n"
        "for _ in range(20):\n"
        "    t = time.perf_counter(); datasets.load_all(); warm.append(time.perf_counter() - t)\n"
        "print(statistics.median(cold), statistics.median(warm), len(datasets.names()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    cold, warm, n = out.split()
    return {"cold_s": float(cold), "warm_s": float(warm), "datasets": int(n)}


def measure_load(context, url: str, host: str, charts_selector: str = ".companion-chart") -> dict:
    """One navigation: bytes by shared/page, external requests, ms until all charts have an SVG."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    charts = page.locator(charts_selector).count()
    rendered_ms = None
    try:
        if charts:
            page.wait_for_function(
                "(sel) => [...document.querySelectorAll(sel)].every(e => e.querySelector('svg, canvas'))",
                arg=charts_selector,
                timeout=8000,
            )
        rendered_ms = page.evaluate("() => performance.now()")
    except Exception:
        rendered_ms = None
    page.wait_for_timeout(200)
    shared = sum(n for rid, n in sizes.items() if "/_static/" in urls.get(rid, ""))
    total = sum(sizes.values())
    external = sorted({u for u in urls.values() if u.startswith("http") and host not in u})
    page.close()
    return {
        "total": total,
        "shared": shared,
        "page": total - shared,
        "charts": charts,
        "rendered_ms": rendered_ms,
        "external": external,
    }


def _median(runs: list[dict], key: str) -> float | None:
    values = [r[key] for r in runs if r[key] is not None]
    return statistics.median(values) if values else None


def page_weights(pages: list[str], loads: int = 5) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    httpd, base = serve(HTML)
    host = base.split("//")[1]
    results = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for page in pages:
            first, warm = [], []
            for _ in range(loads):
                context = browser.new_context()
                first.append(measure_load(context, f"{base}/{page}", host))
                warm.append(measure_load(context, f"{base}/{page}", host))
                context.close()
            results[page] = {
                "charts": first[0]["charts"],
                "first_total": _median(first, "total"),
                "first_shared": _median(first, "shared"),
                "first_page": _median(first, "page"),
                "warm_total": _median(warm, "total"),
                "rendered_ms_first": _median(first, "rendered_ms"),
                "rendered_ms_warm": _median(warm, "rendered_ms"),
                "external": sorted({u for r in first + warm for u in r["external"]}),
            }
        browser.close()
    httpd.shutdown()
    return results


def default_renderer_comparison() -> dict:
    """The d2 school explorer saved with Altair's standard HTML (Vega from a CDN), loaded the same way."""
    import altair as alt

    from companion import datasets
    from companion.charts import school_measures

    alt.renderers.enable("default")
    folder = OUT / "default-renderer"
    folder.mkdir(parents=True, exist_ok=True)
    school_measures.school_explorer(datasets.load("district2_schools")).save(folder / "index.html")
    from playwright.sync_api import sync_playwright

    httpd, base = serve(folder)
    host = base.split("//")[1]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        result = measure_load(context, f"{base}/index.html", host, charts_selector="#vis")
        browser.close()
    httpd.shutdown()
    return result


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 1024 / 1024, 1),
        "python": platform.python_version(),
        "chromium": chromium,
        "os": platform.platform(),
    }


def kb(n: float | None) -> str:
    return "n/a" if n is None else f"{n / 1024:,.0f} KB"


def ms(n: float | None) -> str:
    return "never" if n is None else f"{n:,.0f} ms"


def write_page(r: dict) -> None:
    weights = r["pages"]
    chapters = {k: v for k, v in weights.items() if v["charts"]}
    worst_page = max(v["first_page"] for v in chapters.values())
    worst_ms = max(v["rendered_ms_first"] or 1e9 for v in chapters.values())
    lines = [
        START,
        f"Measured by `make bench` on {r['date']} on this machine: {r['machine']['cpu']}, "
        f"{r['machine']['cores']} cores, {r['machine']['memory_gib']} GiB memory, Python {r['machine']['python']}, "
        f"{r['machine']['chromium']}. Times are medians of the runs shown; all figures come from the same run, "
        "so they can be compared with each other, not with other machines.",
        "",
        "## Build and tests",
        "",
        "| what | median | runs | target |",
        "|---|---|---|---|",
        f"| clean build, executing every notebook | {r['clean_build'][0]:.1f} s | {len(r['clean_build'][1])} | |",
        f"| no-op rebuild of the whole book | {r['noop'][0]:.1f} s | {len(r['noop'][1])} | under 5 s |",
    ]
    p = r["pdf"]
    lines.append(
        f"| PDF edition: `make pdf` after `make book` (whole book, {p['pages']} pages, {kb(p['bytes'])}, "
        f"and one PDF per page) | {p['seconds']:.1f} s | 1 | under 3 min |"
    )
    d = r["datasets"]
    lines += [
        f"| loading all {d['datasets']} datasets, validated, first load | {d['cold_s'] * 1000:.0f} ms | 20 "
        "| well under 1 s |",
        f"| loading all {d['datasets']} datasets, cached | {d['warm_s'] * 1000:.1f} ms | 20 | |",
        "",
        "## Pages",
        "",
        "Bytes transferred from the local server on a first visit with an empty cache (shared: files under "
        "`_static/` that every page uses, including the Vega bundle; page: the rest), on a reload with a warm "
        "cache, and the time from navigation until every chart on the page has drawn its SVG. "
        f"Medians of {r['loads']} loads each.",
        "",
        "| page | charts | first load, total | shared | page-specific | warm reload "
        "| charts drawn (first) | charts drawn (warm) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page, v in weights.items():
        lines.append(
            f"| {page} | {v['charts']} | {kb(v['first_total'])} | {kb(v['first_shared'])} | {kb(v['first_page'])} | "
            f"{kb(v['warm_total'])} | {ms(v['rendered_ms_first']) if v['charts'] else '-'} | "
            f"{ms(v['rendered_ms_warm']) if v['charts'] else '-'} |"
        )
    external = sorted({u for v in weights.values() for u in v["external"]})
    c = r["comparison"]
    hosts = ", ".join(sorted({u.split("/")[2] for u in c["external"]}))
    lines += [
        "",
        f"Requests to other hosts from the book's pages: {len(external)}.",
        "",
        "## Against the targets",
        "",
        f"- No-op rebuild: {r['noop'][0]:.1f} s against a target of 5 s ({'met' if r['noop'][0] < 5 else 'missed'}).",
        f"- PDF edition: {r['pdf']['seconds']:.0f} s against 3 min "
        f"({'met' if r['pdf']['seconds'] < 180 else 'missed'}).",
        f"- Largest page-specific weight of a chapter with charts: {kb(worst_page)} against 300 KB "
        f"({'met' if worst_page < 300 * 1024 else 'missed'}).",
        f"- Slowest chapter to draw all its charts on a first visit: {ms(worst_ms)} against 1 s "
        f"({'met' if worst_ms < 1000 else 'missed'}).",
        "",
        "## The default setup, for comparison",
        "",
        "The same chart (chapter 2's school explorer) saved with Altair's standard HTML renderer, served and "
        "loaded the same way. That renderer fetches vega, vega-lite and vega-embed from a CDN; on this machine, "
        "as on a campus network that blocks third-party scripts or a train without network, those requests fail.",
        "",
        "| | companion page (chapter 2) | default renderer |",
        "|---|---|---|",
        f"| bytes from the local server | {kb(weights['chapters/d2_schools.html']['first_total'])} "
        f"| {kb(c['total'])} |",
        f"| requests to other hosts | 0 | {len(c['external'])} ({hosts or 'none'}) |",
        f"| chart drawn | {ms(weights['chapters/d2_schools.html']['rendered_ms_first'])} | {ms(c['rendered_ms'])} |",
        END,
    ]
    replace_section(PAGE, START, END, "\n".join(lines), before=TESTS_START)


def main() -> int:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM}: {CHROMIUM_HINT}")
    OUT.mkdir(exist_ok=True)
    results: dict = {"date": dt.date.today().isoformat(), "machine": machine(), "loads": 5}
    print("clean builds...", flush=True)
    results["clean_build"] = median_of(3, clean_build)
    print("no-op rebuilds...", flush=True)
    results["noop"] = median_of(5, lambda: timed(JB))
    print("PDF edition...", flush=True)
    results["pdf"] = pdf_edition()
    print("datasets...", flush=True)
    results["datasets"] = dataset_loading()
    print("pages...", flush=True)
    pages = sorted(
        str(p.relative_to(HTML))
        for p in HTML.rglob("*.html")
        if "_static" not in p.parts and p.name not in ("index.html", "genindex.html", "search.html")
    )
    results["pages"] = page_weights(pages, loads=results["loads"])
    print("default renderer...", flush=True)
    results["comparison"] = default_renderer_comparison()
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    write_page(results)
    print(f"wrote {PAGE.relative_to(ROOT)} and {OUT.relative_to(ROOT)}/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

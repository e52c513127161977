"""Phone screenshots of chosen figures of a built book, for docs/reader-check (before and after a change).

    .venv/bin/python tools/reader_check.py --html book/_build/html --tag after 9.1 7.1 8.3

Each figure (chart and caption) is photographed as a reader of a 390 x 844 phone sees it, in light
mode, as the static SVG (what a reader sees first); saved as ``phone-fig<number>-<tag>.jpg``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from companion_book.browser import CHROMIUM_ARGS, chromium, serve  # noqa: E402

OUT = ROOT / "docs" / "reader-check"
PHONE = {"width": 390, "height": 844}
STICKY = ".bd-header, .bd-header-article, #pst-skip-link"


def figure_pages(html: Path, numbers: list[str]) -> dict[str, str]:
    """Figure number -> the page of ``html`` that shows it."""
    found: dict[str, str] = {}
    for page in sorted(html.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for number in numbers:
            if f'<span class="caption-number">Figure {number}. </span>' in text:
                found[number] = str(page.relative_to(html))
    missing = [n for n in numbers if n not in found]
    if missing:
        raise SystemExit(f"reader_check: no figure {', '.join(missing)} in {html}")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "book" / "_build" / "html")
    parser.add_argument("--tag", required=True, help="before or after")
    parser.add_argument("figures", nargs="+", help="figure numbers, e.g. 9.1")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    pages = figure_pages(args.html, args.figures)
    OUT.mkdir(parents=True, exist_ok=True)
    httpd, base = serve(args.html)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=PHONE, color_scheme="light", is_mobile=True, has_touch=True)
            for number, page_name in pages.items():
                page = context.new_page()
                page.goto(f"{base}/{page_name}", wait_until="load")
                # the theme's sticky headers would cover the top of a tall figure in the picture
                page.add_style_tag(content=f"{STICKY} {{ display: none !important; }}")
                page.wait_for_timeout(500)
                caption = page.locator(f"figure:has(.caption-number:text-is('Figure {number}.'))")
                target = OUT / f"phone-fig{number}-{args.tag}.jpg"
                caption.screenshot(path=str(target), type="jpeg", quality=70)
                print(f"{target.relative_to(ROOT)}: figure {number} of {page_name}")
                page.close()
            browser.close()
    finally:
        httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

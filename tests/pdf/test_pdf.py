"""The PDF edition (``make pdf``): contents, fonts, page box, vector charts, chapter PDFs and their links."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from ..figures import book_figures
from .conftest import BOOK_PDF, HTML, PDF_DIR, ROOT, flat, info, page_texts, poppler, words

BOOK = ROOT / "book"
TOC = yaml.safe_load((BOOK / "_toc.yml").read_text())
PAGES = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
CHART_NOTE = "The HTML edition of this figure is interactive"


def _markdown(page: str) -> str:
    path = BOOK / f"{page}.ipynb"
    if path.exists():
        return "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return (BOOK / f"{page}.md").read_text(encoding="utf-8")


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return flat(re.sub(r"[*_`]", "", text))


def _title(page: str) -> str:
    return _plain(next(line[2:] for line in _markdown(page).splitlines() if line.startswith("# ")))


def _figures() -> list[tuple[str, str]]:
    """(number, the caption's opening words) for every figure: captions labelled (fig-NAME)= in the chapters,
    numbered by their chapter's place in the toc and their own in the chapter (tests/figures.py)."""
    return [(f.number, " ".join(_plain(f.caption.split("{")[0]).split()[:8])) for f in book_figures()]


@functools.cache
def _book_text() -> str:
    return flat(" ".join(page_texts(BOOK_PDF)))


def test_the_book_has_every_chapter_title(book_pdf):
    missing = [page for page in PAGES if _title(page) not in _book_text()]
    assert not missing, f"chapter titles not in {book_pdf.name}: {missing}"


def test_the_book_has_every_figure_number_with_its_caption(book_pdf):
    figures = _figures()
    assert len(figures) >= 20
    missing = [f"Figure {n}. {words}" for n, words in figures if f"Figure {n}. {words}" not in _book_text()]
    assert not missing, f"figures not in {book_pdf.name}: {missing}"


def _contents_pages(pages: tuple[str, ...]) -> tuple[str, ...]:
    """The contents: from the page after the title page to the page before the first entry's page."""
    first = re.search(r"Contents .+? (\d+) ", flat(pages[1]))
    assert first, "the contents page names no page for its first entry"
    return pages[1 : int(first.group(1)) - 1]


def test_contents_page_numbers_point_at_the_chapters(book_pdf):
    pages = page_texts(book_pdf)
    contents = flat(" ".join(_contents_pages(pages)))
    for page in PAGES[1:]:
        title = _title(page)
        match = re.search(re.escape(title) + r" (\d+)", contents)
        assert match, f"{title!r} has no page number in the contents"
        number = int(match.group(1))
        assert title in flat(pages[number - 1]), f"contents send {title!r} to page {number}, where it is not"


def test_solutions_are_gathered_at_the_end_not_inline(book_pdf):
    pages = [flat(p) for p in page_texts(book_pdf)]
    start = next(i for i, p in enumerate(pages) if i > 4 and p.find("Solutions to the exercises") != -1)
    inline = [i + 1 for i, p in enumerate(pages[:start]) if "Solution to Exercise" in p]
    assert not inline, f"solutions printed inline on pages {inline}"
    gathered = " ".join(pages[start:])
    for chapter in ("1.1", "5.2", "10.1"):
        assert f"Solution to Exercise {chapter}" in gathered
    assert "Bibliography" in gathered and "Leithwood" in gathered


def test_title_page_has_version_and_date_and_says_where_the_notebooks_are(book_pdf):
    first = flat(page_texts(book_pdf)[0])
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    assert f"version {version}" in first
    assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d", first)
    assert "book/chapters" in first
    _, height, boxes = words(book_pdf)[0]
    margin = 20 / 25.4 * 72
    furniture = [w for x0, y0, x1, y1, w in boxes if y1 < margin or y0 > height - margin]
    assert not furniture, f"the title page carries a running head or page number: {furniture}"


def test_every_page_has_a_number_and_a_running_head(book_pdf):
    margin = 20 / 25.4 * 72  # the top and bottom page margins of companion_book/pdf.css, in points
    for number, (_, height, boxes) in enumerate(words(book_pdf)[1:], start=2):
        foot = [w for x0, y0, x1, y1, w in boxes if y0 > height - margin]
        head = " ".join(w for x0, y0, x1, y1, w in boxes if y1 < margin)
        assert foot == [str(number)], f"page {number}: footer reads {foot}, not its number"
        assert "District Improvement Research Companion" in head, f"page {number}: running head reads {head!r}"


@pytest.mark.parametrize("pdf", [BOOK_PDF, *sorted((PDF_DIR / "chapters").glob("*.pdf"))], ids=lambda p: p.name)
def test_every_font_is_embedded(pdf):
    rows = poppler("pdffonts", str(pdf)).splitlines()[2:]
    assert rows, f"{pdf.name} has no fonts (no selectable text)"
    # columns: name type encoding emb sub uni object ID; the type can be two words ("CID TrueType")
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, f"{pdf.name}: fonts not embedded: {not_embedded}"


def test_no_word_lies_outside_the_page_box(book_pdf):
    """Every word inside the page, and inside its side margins (companion_book/pdf.css): nothing cut or pushed out."""
    side = 17 / 25.4 * 72 - 1  # the 17 mm side margins in points, less a point of rounding
    outside = [
        (number, w, round(x0), round(x1))
        for number, (width, height, boxes) in enumerate(words(book_pdf), start=1)
        for x0, y0, x1, y1, w in boxes
        if x0 < side or x1 > width - side or y0 < 0 or y1 > height
    ]
    assert not outside, f"words outside the page box or its margins (page, word, x0, x1): {outside[:10]}"


def test_chart_pages_are_vector_with_no_raster_image(book_pdf):
    pages = page_texts(book_pdf)
    chart_pages = {i + 1 for i, text in enumerate(pages) if CHART_NOTE in flat(text)}
    assert len(chart_pages) >= 15
    rows = poppler("pdfimages", "-list", str(book_pdf)).splitlines()[2:]
    raster = sorted({int(row.split()[0]) for row in rows} & chart_pages)
    assert not raster, f"raster images on chart pages {raster}"


def test_page_count_and_size_are_sane(book_pdf):
    pages, size = int(info(book_pdf)["Pages"]), book_pdf.stat().st_size
    print(f"{book_pdf.name}: {pages} pages, {size / 1024:,.0f} KB")
    # about 200 of the pages are the appendix "Where each statement comes from" (one row per statement)
    assert 40 <= pages <= 600 and size < 20 * 1024 * 1024


def _pdf_link(page: str) -> Path:
    html = HTML / f"{page}.html"
    link = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("a.companion-pdf-page")
    assert link is not None, f"{html.relative_to(ROOT)} does not link its PDF"
    return (html.parent / link["href"]).resolve()


@pytest.mark.parametrize("page", PAGES)
def test_every_chapter_pdf_exists_and_its_page_links_it(page):
    built = PDF_DIR / "chapters" / f"{Path(page).name}.pdf"
    assert built.is_file(), f"{built.relative_to(ROOT)} not written"
    target = _pdf_link(page)
    assert target.is_file() and target.read_bytes() == built.read_bytes(), f"{page}: link to {target} is not its PDF"
    assert _title(page) in flat(" ".join(page_texts(built)))
    charts = (HTML / f"{page}.html").read_text(encoding="utf-8").count('class="companion-chart"')
    assert flat(" ".join(page_texts(built))).count(CHART_NOTE) == charts


def test_the_data_page_links_the_whole_book():
    soup = BeautifulSoup((HTML / "data.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    hrefs = [a["href"] for a in article.find_all("a", href=True) if a["href"].endswith("companion.pdf")]
    assert hrefs, "the data page does not link the book's PDF"
    for href in hrefs:
        assert (HTML / href).resolve().read_bytes() == BOOK_PDF.read_bytes()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_pdf_links_are_served_over_http():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(HTML)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        for page in ("chapters/d2_district", "data"):
            url = f"{base}/{_pdf_link(page).relative_to(HTML.resolve()).as_posix()}"
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200 and response.read(5) == b"%PDF-"
    finally:
        httpd.shutdown()


def test_missing_chromium_is_one_line_naming_what_to_install(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "COMPANION_CHROMIUM": str(tmp_path / "no-chromium")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_pdf.py"), "--check"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0 and "apt-get install chromium" in result.stderr


def test_a_page_without_its_static_chart_is_refused(tmp_path, monkeypatch):
    from companion_book import pdf as build_pdf

    page = HTML / "chapters" / "d2_district.html"
    broken = re.sub(
        r'(<div class="companion-static"[^>]*>)<svg.*?</svg>',
        r"\1",
        page.read_text(),
        flags=re.S,
    )
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "d2_district.html").write_text(broken)
    monkeypatch.setattr(build_pdf, "HTML", tmp_path)
    with pytest.raises(SystemExit, match="has no static SVG"):
        build_pdf.load_page(build_pdf.Entry("chapters/d2_district", None), {"chapters/d2_district"})


def test_a_print_that_lost_its_charts_is_refused():
    from companion_book import pdf as build_pdf

    with_charts = build_pdf.load_page(build_pdf.Entry("chapters/d2_district", None), {"chapters/d2_district"})
    without = PDF_DIR / "chapters" / "bibliography.pdf"
    with pytest.raises(SystemExit, match="no PDF written"):
        build_pdf.check_charts(without, [with_charts])


def test_the_chart_check_reads_every_page_that_prints_a_chart():
    """build_pdf reads only the charted pages of the whole book: they must hold every printed chart."""
    from companion_book import pdf as build_pdf

    entries = build_pdf.toc_entries()
    included = {e.docname for e in entries}
    book = [build_pdf.load_page(e, included) for e in entries]
    read = set(build_pdf.charted_pdf_pages(BOOK_PDF, book))
    texts = page_texts(BOOK_PDF)
    # a chart's note and the first words of its SVG title land on the page that prints the chart
    printed = {i for i, text in enumerate(texts) if "HTML edition of this figure" in flat(text)}
    assert printed and sum(p.charts for p in book) > 0
    assert printed <= read, f"charts printed on pages the check does not read: {sorted(printed - read)[:5]}"
    assert len(read) < len(texts)  # the statement appendix and the other chart-free pages are skipped

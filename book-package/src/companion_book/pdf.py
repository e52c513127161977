"""Build the PDF edition (`make pdf`, after `make book`): the whole book and one PDF per page.

Run as ``python tools/build_pdf.py`` (or ``python -m companion_book.pdf``) from the book's checkout: the
project is ``$COMPANION_BOOK_ROOT`` or the nearest folder at or above the working directory that holds
``book/_toc.yml``.

Route: the built HTML pages are assembled into print documents (title page, contents,
every page of ``book/_toc.yml`` in order, the exercises' solutions gathered at the end, the
bibliography) and printed by the system Chromium through Playwright, with JavaScript off so
that each chart is the vector SVG that ``make book`` rendered (``.companion-static``).
A chart's narrow layout (for phones) is left out: the print shows the wide one, at page width.
Running heads and page numbers are CSS page-margin boxes on one named page per chapter. The
contents' page numbers come from the PDF's own named destinations: the book is printed,
the numbers read back with pypdf and filled in, and printed again until they agree.

Writes ``book/_build/pdf/companion.pdf`` and ``book/_build/pdf/chapters/<page>.pdf``, and
copies them to ``book/_build/html/pdf/``, where every page's "PDF edition" links point.
Nothing is written unless every chart of every page is present as SVG in the print.

The full edition also gets ``book/_build/pdf/answer-key.pdf``: every exercise with its computed
solution, grouped by chapter (for instructors; it is not copied into the HTML book).
``--edition student`` prints the student edition (``make student``) from its own HTML, with no
solutions, into ``book/_build/student/pdf``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import os
import posixpath
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from companion_book.browser import CHROMIUM_ARGS, CHROMIUM_HINT, chromium  # the one browser setting

if TYPE_CHECKING:
    from bs4 import Tag


def project_root() -> Path:
    """The book's checkout: ``$COMPANION_BOOK_ROOT``, else the nearest folder at or above the working
    directory holding ``book/_toc.yml`` (the working directory when there is none: ``--check`` says so)."""
    if os.environ.get("COMPANION_BOOK_ROOT"):
        return Path(os.environ["COMPANION_BOOK_ROOT"]).resolve()
    here = Path.cwd().resolve()
    return next((p for p in (here, *here.parents) if (p / "book" / "_toc.yml").is_file()), here)


ROOT = project_root()
HTML = ROOT / "book" / "_build" / "html"
OUT = ROOT / "book" / "_build" / "pdf"
PUBLISHED = HTML / "pdf"
EDITION = "full"
ANSWER_KEY = "answer-key.pdf"


def configure(edition: str) -> None:
    """Print the ``full`` edition (the default) or the ``student`` edition, from its own HTML build."""
    global HTML, OUT, PUBLISHED, EDITION
    if edition not in ("full", "student"):
        raise SystemExit(f"--edition {edition!r}: choose full or student")
    EDITION = edition
    if edition == "student":
        HTML = ROOT / "book" / "_build" / "student" / "_build" / "html"
        OUT = ROOT / "book" / "_build" / "student" / "pdf"
        PUBLISHED = HTML / "pdf"


STYLESHEET = Path(__file__).with_name("pdf.css")


@functools.cache
def book_title() -> str:
    """The book's title, from ``book/_config.yml``."""
    return yaml.safe_load((ROOT / "book" / "_config.yml").read_text(encoding="utf-8"))["title"]


INSTALL = {
    "chromium": CHROMIUM_HINT,
    "playwright": "make install (playwright is pinned in requirements.txt)",
    "pypdf": "make install (pypdf is pinned in requirements.txt)",
    "bs4": "make install (beautifulsoup4 is pinned in requirements.txt)",
}


def missing_toolchain() -> str | None:
    """One line naming what is missing to print the book, and how to install it; None when all is there."""
    browser = chromium()
    if not (browser.is_file() and os.access(browser, os.X_OK)):
        return f"make pdf needs Chromium, not found at {browser}: {INSTALL['chromium']}"
    for module in ("playwright", "pypdf", "bs4"):
        try:
            __import__(module)
        except ImportError:
            return f"make pdf needs the Python package {module}: {INSTALL[module]}"
    return None


def version() -> str:
    """The package version, from the installed package's metadata."""
    from companion import __version__

    return __version__


def edition_date() -> str:
    """The build date (``SOURCE_DATE_EPOCH`` when set, for a reproducible title page)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return day.strftime("%-d %B %Y")


@dataclass
class Entry:
    """One page of the book in contents order."""

    docname: str
    part: str | None
    slug: str = ""
    parent: str | None = None  # the chapter a section page is printed with (a study's record: the catalogue)

    def __post_init__(self) -> None:
        self.slug = posixpath.basename(self.docname)


def toc_entries() -> list[Entry]:
    """Every page of ``book/_toc.yml`` in reading order, with its part's caption."""
    import yaml

    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text())
    entries = [Entry(toc["root"], None)]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            entries.append(Entry(chapter["file"], part.get("caption")))
            for section in chapter.get("sections", []):
                # a glob (the studies' records, written at build time) is matched against the built pages
                names = (
                    [section["file"]]
                    if "file" in section
                    else sorted(str(p.relative_to(HTML).with_suffix("")) for p in HTML.glob(section["glob"] + ".html"))
                )
                entries += [Entry(name, part.get("caption"), parent=chapter["file"]) for name in names]
    return entries


@dataclass
class Page:
    """One built page, cleaned for print: its article, title, solutions and the citations it makes."""

    entry: Entry
    title: str
    number: str
    body: Tag
    sections: list[tuple[str, str]] = field(default_factory=list)
    solutions: list[Tag] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    charts: int = 0


def _uid(slug: str, ident: str) -> str:
    return f"{slug}--{ident}".replace("/", "-")


def load_page(entry: Entry, included: set[str]) -> Page:
    """Parse a built page and rewrite it for a print document that holds the pages ``included``."""
    from bs4 import BeautifulSoup

    path = HTML / f"{entry.docname}.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise SystemExit(f"{path}: no <article class='bd-article'> (was the book built with make book?)")
    charts = article.select(".companion-chart")
    for chart in charts:
        if not chart.select_one(".companion-static svg"):
            raise SystemExit(f"{path}: chart {chart.get('id')} has no static SVG; rebuild with make book")
    # a chart's narrow layout is for phones: the PDF prints the wide one, at page width
    drop = (
        "script, .companion-narrow, .companion-chart-data, .companion-controls, .companion-pdf-links, "
        ".headerlink, details.above-input, details.below-input, .toggle-details, .companion-check"
    )
    for node in article.select(drop):
        node.decompose()
    solutions = [node.extract() for node in article.select("div.solution")]
    h1 = article.find("h1")
    number_span = h1.select_one(".section-number") if h1 else None
    number = number_span.get_text(strip=True).rstrip(".") if number_span else ""
    title = h1.get_text(" ", strip=True) if h1 else entry.slug
    if number_span:
        title = title.replace(number_span.get_text(" ", strip=True), "", 1).strip()
    sections = [
        (h2.get_text(" ", strip=True), str(h2.find_parent("section").get("id", "")))  # pyright: ignore[reportOptionalMemberAccess]
        for h2 in article.find_all("h2")
    ]
    cited: list[str] = []
    for root in (article, *solutions):
        _rewrite(root, entry, included, cited)
    sections = [(text, _uid(entry.slug, ident)) for text, ident in sections if ident]
    return Page(entry, title, number, article, sections, solutions, cited, len(charts))


def _rewrite(root: Tag, entry: Entry, included: set[str], cited: list[str]) -> None:
    """Prefix ids with the page, point links inside the document, unlink what the PDF cannot hold."""
    here = posixpath.dirname(entry.docname)
    for node in root.find_all(id=True):
        node["id"] = _uid(entry.slug, str(node["id"]))
    for link in root.find_all("a", href=True):
        href = str(link["href"])
        if re.match(r"^[a-z]+:", href):
            continue
        target, _, fragment = href.partition("#")
        target = target.partition("?")[0]  # ev_map.html?characteristic=3: in print, the map itself
        if not target:
            link["href"] = "#" + _uid(entry.slug, fragment)
            continue
        docname = posixpath.normpath(posixpath.join(here, target))
        docname = docname[: -len(".html")] if docname.endswith(".html") else docname
        if docname == "bibliography" and fragment:
            cited.append(fragment)
        if docname in included:
            slug = posixpath.basename(docname)
            link["href"] = "#" + (_uid(slug, fragment) if fragment else slug)
        else:
            link.unwrap()
    for img in root.find_all("img", src=True):
        if not re.match(r"^[a-z]+:", str(img["src"])):
            img["src"] = (HTML / here / str(img["src"])).resolve().as_uri()


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_css(slug: str, head: str) -> str:
    return f"@page p-{slug} {{ @top-left {{ content: {_css_string(head)}; }} }}\n#{slug} {{ page: p-{slug}; }}\n"


def _head_label(page: Page) -> str:
    return f"{page.number}. {page.title}" if page.number else page.title


def stylesheets() -> list[str]:
    """The built book's stylesheets (as ``file://`` URIs), then the PDF edition's own."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((HTML / "intro.html").read_text(encoding="utf-8"), "html.parser")
    links = [str(link["href"]).split("?")[0] for link in soup.find_all("link", rel="stylesheet", href=True)]
    return [(HTML / href).resolve().as_uri() for href in links] + [STYLESHEET.resolve().as_uri()]


def document(pages: list[Page], whole_book: bool, numbers: dict[str, int] | None = None) -> str:
    """One print document: front matter (whole book only), the pages, solutions and references."""
    styles = "".join(f'<link rel="stylesheet" href="{href}">' for href in stylesheets())
    css = "".join(_page_css(p.entry.slug, _head_label(p)) for p in pages)
    css += _page_css("solutions", "Solutions to the exercises") + _page_css("references", "References")
    css += f"@page {{ @top-right {{ content: {_css_string(book_title())}; }} }}\n"
    # the title page carries no running head and no number
    css += "@page title { @top-right { content: none; } @bottom-center { content: none; } }\n"
    css += "#title-page { page: title; }\n"
    parts = [title_page(), contents(pages, numbers or {})] if whole_book else []
    part = None
    back = [p for p in pages if whole_book and p.entry.docname == "bibliography"]
    for page in [p for p in pages if p not in back]:
        heading = ""
        if whole_book and page.entry.part and page.entry.part != part:
            part = page.entry.part
            heading = f'<p class="pdf-part">{html.escape(part)}</p>'
        if not whole_book:
            student = " · student edition, without solutions" if EDITION == "student" else ""
            heading = (
                f'<p class="pdf-edition-line">{html.escape(book_title())} · PDF edition {version()}, {edition_date()}'
                f"{student}</p>"
            )
        body = page.body.decode_contents()
        parts.append(f'<section class="pdf-page bd-article" id="{page.entry.slug}">{heading}{body}</section>')
    solved = [p for p in pages if p.solutions]
    if solved:
        blocks = []
        for page in solved:
            label = f"Chapter {page.number}. {page.title}" if page.number else page.title
            inner = "".join(str(s) for s in page.solutions)
            blocks.append(f'<section class="pdf-solutions-chapter"><h2>{html.escape(label)}</h2>{inner}</section>')
        parts.append(
            '<section class="pdf-page pdf-solutions bd-article" id="solutions"><h1>Solutions to the exercises</h1>'
            + "".join(blocks)
            + "</section>"
        )
    parts += [
        f'<section class="pdf-page bd-article" id="{p.entry.slug}">{p.body.decode_contents()}</section>' for p in back
    ]
    if not whole_book:
        refs = references(pages)
        if refs:
            parts.append(refs)
    return (
        f'<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head><meta charset="utf-8">'
        f"<title>{html.escape(book_title())}</title>{styles}<style>{css}</style></head>"
        f'<body class="pdf-edition">{"".join(parts)}</body></html>'
    )


def title_page() -> str:
    return (
        '<section class="pdf-title" id="title-page">'
        f"<h1>{html.escape(book_title())}</h1>"
        '<p class="pdf-subtitle">Exploring the research on school districts that close achievement gaps</p>'
        f'<p class="pdf-version">PDF edition · version {version()} · {edition_date()}</p>'
        '<p class="pdf-authors">The companion\'s contributors</p>'
        '<div class="pdf-front-note"><p>This is the reading edition: the code that computes every chart, '
        "table and number is hidden. Each chapter is a Jupyter notebook committed with its outputs; the "
        "notebooks are in the folder <code>book/chapters</code> of the source archive "
        f"(<code>companion-{version()}-source.tar.gz</code>) and can be downloaded one by one from the "
        "Data and downloads page of the HTML edition, which also shows each code cell under "
        "“Show code cell source”.</p><p>The charts are printed in the state a reader first sees; in the "
        f"HTML edition they are interactive. {SOLUTIONS_NOTE[EDITION]}</p></div></section>"
    )


SOLUTIONS_NOTE = {
    "full": "The exercises' solutions are collected at the end of the book, before the bibliography.",
    "student": "This is the student edition: it has no solutions. The HTML student edition checks your "
    "answers in each exercise's box.",
}


def answer_key(pages: list[Page]) -> str:
    """Every exercise and its computed solution, grouped by chapter (the full edition's instructor document)."""
    styles = "".join(f'<link rel="stylesheet" href="{href}">' for href in stylesheets())
    blocks = []
    for page in pages:
        solutions = {}
        for solution in page.solutions:
            link = solution.select_one(".admonition-title a[href]")
            if link is not None:
                solutions[str(link["href"]).lstrip("#")] = solution
        pairs = [(ex, solutions.get(ex.get("id", ""))) for ex in page.body.select("div.exercise")]
        if not pairs:
            continue
        label = f"Chapter {page.number}. {page.title}" if page.number else page.title
        inner = "".join(
            str(ex) + (str(sol) if sol is not None else "<p><em>No solution.</em></p>") for ex, sol in pairs
        )
        blocks.append(f'<section class="pdf-solutions-chapter"><h2>{html.escape(label)}</h2>{inner}</section>')
    title = _css_string(book_title())
    css = _page_css("answer-key", "Answer key") + f"@page {{ @top-right {{ content: {title}; }} }}\n"
    return (
        f'<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head><meta charset="utf-8">'
        f"<title>{html.escape(book_title())}: answer key</title>{styles}<style>{css}</style></head>"
        '<body class="pdf-edition"><section class="pdf-page pdf-solutions bd-article" id="answer-key">'
        f'<h1>Answer key</h1><p class="pdf-edition-line">{html.escape(book_title())} · version {version()}, '
        f"{edition_date()}. Every exercise with the solution the book computes from its data, by chapter. "
        "For instructors: the student edition and the course pack leave these out.</p>"
        + "".join(blocks)
        + "</section></body></html>"
    )


def contents(pages: list[Page], numbers: dict[str, int]) -> str:
    """The table of contents: parts, pages and their sections, with page numbers once known."""

    def row(label: str, target: str, level: int) -> str:
        num = numbers.get(target, 0)
        return (
            f'<li class="toc-{level}"><a href="#{target}"><span class="toc-label">{html.escape(label)}</span>'
            f'<span class="toc-page">{num or ""}</span></a></li>'
        )

    rows, part = [], None
    for page in pages:
        if page.entry.part and page.entry.part != part:
            part = page.entry.part
            rows.append(f'<li class="toc-part">{html.escape(part)}</li>')
        rows.append(row(_head_label(page), page.entry.slug, 2 if page.entry.parent else 1))
        if page.number:
            rows += [row(text, ident, 2) for text, ident in page.sections]
    if any(p.solutions for p in pages):
        rows.insert(
            len(rows) - 1 if pages[-1].entry.docname == "bibliography" else len(rows),
            row("Solutions to the exercises", "solutions", 1),
        )
    return f'<nav class="pdf-contents" id="contents"><h1>Contents</h1><ul>{"".join(rows)}</ul></nav>'


def references(pages: list[Page]) -> str:
    """The bibliography entries the pages cite, as a References section (for a chapter PDF)."""
    from bs4 import BeautifulSoup

    keys = list(dict.fromkeys(key for p in pages for key in p.cited))
    if not keys or any(p.entry.docname == "bibliography" for p in pages):
        return ""
    soup = BeautifulSoup((HTML / "bibliography.html").read_text(encoding="utf-8"), "html.parser")
    entries = []
    for key in keys:
        node = soup.find(id=key)
        if node is None:
            raise SystemExit(f"bibliography.html: no entry with id {key}, which a page cites")
        node["id"] = _uid("bibliography", key)
        entries.append(str(node))
    return (
        '<section class="pdf-page pdf-references bd-article" id="references"><h1>References</h1>'
        f'<div class="citation-list">{"".join(entries)}</div></section>'
    )


def _dest_pages(pdf: Path) -> dict[str, int]:
    """Named destination -> 1-based page number, as Chromium wrote them."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return {
        name.lstrip("/"): reader.get_destination_page_number(d) + 1  # pyright: ignore[reportOptionalOperand]
        for name, d in reader.named_destinations.items()
    }


class Printer:
    """Chromium through Playwright, JavaScript off: the static vector SVG is what gets printed."""

    def __enter__(self) -> Printer:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
        self._context = self._browser.new_context(java_script_enabled=False)
        return self

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._pw.stop()

    def print(self, source: Path, target: Path) -> None:
        page = self._context.new_page()
        page.goto(source.as_uri(), wait_until="load")
        page.pdf(path=str(target), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
        page.close()


def chart_signatures(page: Page) -> list[str]:
    """For each chart on the page, the longest text its static SVG draws (its title, usually)."""
    found = []
    for chart in page.body.select(".companion-chart"):
        texts = [t.get_text(" ", strip=True) for t in chart.select(".companion-static svg text")]
        found.append(max(texts, key=len, default=""))
    return found


def _flat(text: str) -> str:
    """Text with ligatures unfolded and whitespace collapsed, for comparing print with source."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def chart_problem(pdf: Path, expected: int, signatures: list[str], only: list[int] | None = None) -> str | None:
    """What the print lost: every chart's note and its SVG's longest text must be in the PDF's text.

    ``only`` limits the reading to those 0-based PDF pages (where the charted pages were printed);
    a print without charts has none to lose and is not read. Returns ``None`` when nothing is lost.
    Runs in a worker process (:func:`main`), so it takes plain values, not parsed pages.
    """
    if expected == 0 and not signatures:
        return None
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    chosen = [reader.pages[i] for i in only] if only is not None else reader.pages
    text = _flat(" ".join(page.extract_text() or "" for page in chosen))
    notes = text.count("The HTML edition of this figure is interactive")
    lost = [s for s in signatures if not s or _flat(s) not in text]
    if notes != expected or lost:
        return f"{pdf.name}: {notes} of {expected} chart notes printed, charts missing: {lost[:3]}; no PDF written"
    return None


def charted_pdf_pages(pdf: Path, pages: list[Page]) -> list[int]:
    """The 0-based pages of a whole-book print that hold the charted pages (and the solutions, if they chart)."""
    from pypdf import PdfReader

    found = _dest_pages(pdf)
    total = len(PdfReader(pdf).pages)
    starts = sorted({found[s] for s in [p.entry.slug for p in pages] + ["solutions", "references"] if s in found})
    charted = [p.entry.slug for p in pages if p.charts]
    if any(s.select(".companion-chart") for p in pages for s in p.solutions):
        charted.append("solutions")
    chosen: set[int] = set()
    for slug in charted:
        first = found.get(slug)
        if first is None:  # a page without its destination: read the whole print
            return list(range(total))
        after = next((s for s in starts if s > first), total)
        chosen.update(range(first - 1, after))  # through the next page's first page: pages may share one
    return sorted(i for i in chosen if i < total)


def check_charts(pdf: Path, pages: list[Page], only: list[int] | None = None) -> None:
    """Refuse a PDF that lost a chart (:func:`chart_problem`, in this process)."""
    problem = chart_problem(pdf, *chart_expectations(pages), only)
    if problem:
        raise SystemExit(problem)


def chart_expectations(pages: list[Page]) -> tuple[int, list[str]]:
    """How many chart notes the print of ``pages`` must hold, and each body chart's signature text."""
    return sum(p.charts for p in pages), [s for p in pages for s in chart_signatures(p)]


def build_book(printer: Printer, pages: list[Page], work: Path) -> Path:
    source, target = work / "companion.html", work / "companion.pdf"
    numbers: dict[str, int] = {}
    for _ in range(4):
        source.write_text(document(pages, True, numbers), encoding="utf-8")
        printer.print(source, target)
        found = _dest_pages(target)
        wanted = {k: found.get(k, 0) for k in [p.entry.slug for p in pages] + ["solutions"]}
        wanted.update({ident: found.get(ident, 0) for p in pages for _, ident in p.sections})
        if wanted == numbers:
            return target
        numbers = wanted
    raise SystemExit("the contents' page numbers did not settle after four prints")


def inputs_digest(entries: list[Entry]) -> str:
    h = hashlib.sha256()
    files = [HTML / f"{e.docname}.html" for e in entries] + [Path(__file__), STYLESHEET, ROOT / "pyproject.toml"]
    files += sorted((HTML / "_static").rglob("*.css"))
    for path in files:
        h.update(str(path).encode() + b"\0" + path.read_bytes())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", edition_date()).encode() + EDITION.encode())
    return h.hexdigest()


def main() -> int:
    if "--edition" in sys.argv[1:]:
        configure(sys.argv[sys.argv.index("--edition") + 1])
    problem = missing_toolchain()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if "--check" in sys.argv[1:]:
        return 0
    if not (HTML / "index.html").is_file():
        print(
            f"make pdf prints the built book, not found at {HTML.relative_to(ROOT)}: run make book first",
            file=sys.stderr,
        )
        return 1
    start = time.monotonic()
    entries = toc_entries()
    stamp = OUT / ".inputs"
    key = inputs_digest(entries)
    fresh = stamp.is_file() and stamp.read_text() == key and (PUBLISHED / "companion.pdf").is_file()
    if fresh and "--force" not in sys.argv[1:]:
        print(f"PDFs up to date in {OUT.relative_to(ROOT)}")
        return 0
    included = {e.docname for e in entries}
    # The whole book ends with the solutions and then the bibliography.
    book = sorted((load_page(e, included) for e in entries), key=lambda p: p.entry.docname == "bibliography")
    with tempfile.TemporaryDirectory(prefix="pdf-", dir=OUT.parent) as tmp, Printer() as printer:
        work = Path(tmp)
        (work / "chapters").mkdir()
        book_pdf = build_book(printer, book, work)
        # The checks read the prints' text (slow in pypdf) in worker processes while Chromium prints the rest.
        with ProcessPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as checks:
            pending = [
                checks.submit(chart_problem, book_pdf, *chart_expectations(book), charted_pdf_pages(book_pdf, book))
            ]
            for entry in [e for e in entries if not e.parent]:
                # a chapter's PDF holds its section pages too (the catalogue: every study's record)
                group = [entry, *(e for e in entries if e.parent == entry.docname)]
                pages = [load_page(e, {g.docname for g in group}) for e in group]
                source, target = work / "chapters" / f"{entry.slug}.html", work / "chapters" / f"{entry.slug}.pdf"
                source.write_text(document(pages, False), encoding="utf-8")
                printer.print(source, target)
                pending.append(checks.submit(chart_problem, target, *chart_expectations(pages)))
            problems = [problem for future in pending if (problem := future.result())]
        if problems:
            raise SystemExit("\n".join(problems))
        if EDITION == "full":
            (work / "answer-key.html").write_text(answer_key(book), encoding="utf-8")
            printer.print(work / "answer-key.html", work / ANSWER_KEY)
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir(parents=True)
        shutil.copy2(book_pdf, OUT / "companion.pdf")
        if (work / ANSWER_KEY).exists():
            shutil.copy2(work / ANSWER_KEY, OUT / ANSWER_KEY)
        shutil.copytree(work / "chapters", OUT / "chapters", ignore=shutil.ignore_patterns("*.html"))
        (OUT / "print").mkdir()
        for html_file in [work / "companion.html", *sorted((work / "chapters").glob("*.html"))]:
            shutil.copy2(html_file, OUT / "print" / html_file.name)
    if PUBLISHED.exists():
        shutil.rmtree(PUBLISHED)
    shutil.copytree(OUT, PUBLISHED, ignore=shutil.ignore_patterns("print", ".inputs", ANSWER_KEY))
    stamp.write_text(key)
    size = (OUT / "companion.pdf").stat().st_size
    from pypdf import PdfReader

    count = len(PdfReader(OUT / "companion.pdf").pages)
    print(
        f"{(OUT / 'companion.pdf').relative_to(ROOT)}: {count} pages, {size / 1024:,.0f} KB; "
        f"{len([e for e in entries if not e.parent])} chapter PDFs in {(OUT / 'chapters').relative_to(ROOT)}; "
        + (f"answer key {(OUT / ANSWER_KEY).relative_to(ROOT)}; " if (OUT / ANSWER_KEY).exists() else "")
        + f"{EDITION} edition; "
        f"{time.monotonic() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

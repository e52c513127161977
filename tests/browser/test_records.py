"""The studies' record pages, the catalogue and the exports in the built book.

Every appendix study has a record page whose fields equal the data; every link from a record
resolves; every chapter ends with its citation. In Chromium: filters set on the evidence map
and on the catalogue, each format downloaded over http and from file://, and the files read
back with bibtexparser and rispy; an empty selection writes no file.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import bibtexparser
import pytest
import rispy
import yaml
from bs4 import BeautifulSoup

from companion import records as study_records
from companion_book.sphinx_cite import citation_metadata

from .conftest import HTML, ROOT, settle

pytestmark = pytest.mark.browser

RECORDS = {r.study_id: r for r in study_records.study_records()}
TOC = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
# the numbered chapters: each ends with how to cite it
CHAPTERS = [HTML / f"{c['file']}.html" for part in TOC["parts"] if part.get("numbered") for c in part["chapters"]]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def _ids(path: Path) -> frozenset[str]:
    """Every element id of a built page, parsed once for all the records that link it."""
    return frozenset(node["id"] for node in _soup(path).find_all(id=True))


def _page(study_id: int) -> Path:
    return HTML / "studies" / f"study-{study_id:02d}.html"


def _fields(article) -> dict[str, str]:
    for tip in article.select(".glossary-tip"):  # a glossary term's preview is not part of the field
        tip.decompose()
    return {
        dt.get_text(" ", strip=True).replace("\u2019", "'"): dd.get_text(" ", strip=True)
        for dt, dd in zip(article.select("dl dt"), article.select("dl dd"), strict=True)
    }


@pytest.mark.parametrize("study_id", sorted(RECORDS))
def test_every_study_has_a_record_page_whose_fields_equal_the_data(study_id):
    record = RECORDS[study_id]
    article = _soup(_page(study_id)).select_one("article.bd-article")
    assert article.h1.get_text(" ", strip=True).startswith(f"Study {study_id}:")
    if not record.identified:
        assert "No row for study 30 is printed in the appendix" in article.get_text(" ")
        assert not article.select("pre"), "study 30 has no citation to show"
        return
    fields = _fields(article)
    ref, app = record.reference, record.appendix
    assert fields["Authors"] == ref["authors"] and fields["Year"] == ref["year"]
    assert fields["Title"].startswith(ref["title"])
    assert fields["Title"].endswith("cuts it short)") == record.truncated
    assert fields["Source"] == ref["source"]
    assert (fields["Sample (appendix)"], fields["Method (appendix)"]) == (app["sample"], app["method"])
    assert fields["Design (the companion's)"] == record.design
    assert fields["Setting (the companion's)"] == record.setting
    section = article.select_one("section#evidence-in-table-1")
    listed = [int(re.match(r"(\d+)\.", li.get_text(strip=True)).group(1)) for li in section.select("li")]
    assert listed == [c for c, _ in record.characteristics]
    cited = article.select_one("section#where-the-review-s-text-cites-it").select("li")
    assert [li.get_text(" ", strip=True).split(" (")[0] for li in cited] == [h for h, _ in record.text_sections]
    blocks = [pre.get_text() for pre in article.select("section#cite-this-study pre")]
    assert blocks == [record.work.bibtex().rstrip() + "\n", record.work.ris().rstrip() + "\n"]
    related = article.select_one("section#related-studies").select("li a")
    assert [a.get_text(" ", strip=True) for a in related] == [f"Study {r.study_id}: {r.label}" for r in record.related]


def _targets(page: Path) -> list[tuple[str, Path, str]]:
    """(href, target file, fragment) of every link in a page's article."""
    out = []
    for a in _soup(page).select("article.bd-article a[href]"):
        if a.find_parent(class_="companion-pdf-links"):
            continue  # the PDF edition's links, filled by make pdf and checked by tests/pdf
        href = a["href"]
        assert not urlparse(href).scheme, f"{page.name} links another site: {href}"
        path, _, fragment = href.partition("#")
        path = path.partition("?")[0]
        target = (page.parent / path).resolve() if path else page
        out.append((href, target, fragment))
    return out


@pytest.mark.parametrize("study_id", sorted(RECORDS))
def test_every_link_from_a_record_resolves(study_id):
    page = _page(study_id)
    links = _targets(page)
    assert links
    for href, target, fragment in links:
        assert target.is_file(), f"{page.name}: {href} points at no page"
        if fragment and target.suffix == ".html":
            assert fragment in _ids(target), f"{page.name}: {href} has no #{fragment}"


def test_the_catalogue_links_every_record():
    page = HTML / "studies" / "index.html"
    rows = _soup(page).select("table.companion-catalogue-table tbody tr")
    assert [int(r["data-study"]) for r in rows] == sorted(RECORDS)
    for row in rows:
        link = row.select_one("a")["href"]
        assert (page.parent / link).is_file() and link == f"study-{int(row['data-study']):02d}.html"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_ends_with_its_citation(chapter):
    meta = citation_metadata(ROOT)
    article = _soup(chapter).select_one("article.bd-article")
    blocks = article.select(".companion-cite")
    assert len(blocks) == 1, f"{chapter.name}: no 'Cite this chapter'"
    title = article.h1.get_text(" ", strip=True).split(" ", 1)[1].rstrip("#").strip()
    text = blocks[0].get_text(" ", strip=True)
    assert title in text and f"version {meta['version']}" in text and meta["date"] in text
    entry = bibtexparser.parse_string(blocks[0].select_one("pre").get_text()).entries[0]
    assert entry["title"] == "{" + title + "}" and entry["version"] == meta["version"]
    assert not blocks[0].find_next_sibling(), "the citation is not the chapter's last block"


# --- in Chromium ------------------------------------------------------------------------------------


def _download(page, fmt: str) -> str:
    with page.expect_download() as caught:
        page.locator(f".companion-export-button[data-format={fmt}]").first.click()
    return Path(caught.value.path()).read_text(encoding="utf-8")


def _check_files(page, ids: list[int]) -> None:
    """Each format holds exactly the studies ``ids``, with fields equal to the data."""
    bib = bibtexparser.parse_string(_download(page, "bib"))
    assert not bib.failed_blocks
    works = {RECORDS[i].work.key: RECORDS[i] for i in ids}
    assert [e.key for e in bib.entries] == list(works)
    for entry in bib.entries:
        record = works[entry.key]
        assert entry["title"] == "{" + record.reference["title"].replace("#", "\\#") + "}"
        assert entry["year"] == record.reference["year"]
        assert entry["author"] == record.work._authors_bibtex()
    ris = rispy.loads(_download(page, "ris"))
    assert [e["id"] for e in ris] == list(works)
    for entry in ris:
        record = works[entry["id"]]
        assert entry["title"] == record.reference["title"] and entry["year"] == record.reference["year"]
        assert entry["authors"] == [n.ris() for n in record.work.authors]
    rows = list(csv.DictReader(io.StringIO(_download(page, "csv"))))
    assert [int(r["study_id"]) for r in rows] == ids
    assert rows == [RECORDS[i].csv_row() for i in ids]


def _expected(design: str = "all", setting: str = "all", characteristic: int | None = None) -> list[int]:
    return [
        sid
        for sid, r in RECORDS.items()
        if r.identified
        and design in ("all", r.design)
        and setting in ("all", r.setting)
        and (characteristic is None or characteristic in [c for c, _ in r.characteristics])
    ]


def _no_file_when_empty(page) -> None:
    downloads: list[object] = []
    page.on("download", lambda d: downloads.append(d))
    for button in page.locator(".companion-export-button").all():
        assert button.is_disabled() and "no studies selected" in button.inner_text()
        button.click(force=True)
    settle(page)
    assert downloads == []
    assert "nothing to download" in page.locator(".companion-export-status").first.inner_text()


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    assert errors == []
    context.close()


@pytest.mark.parametrize("where", ["http", "file"])
def test_map_filters_export_exactly_the_selected_studies(tab, server, where):
    base = server if where == "http" else HTML.as_uri()
    tab.goto(f"{base}/chapters/ev_map.html", wait_until="load")
    chart = tab.locator(".companion-chart").first
    chart.dispatch_event("pointerenter")
    tab.wait_for_function("() => document.querySelector('.companion-chart').companionView", timeout=15_000)
    chart.locator("select[name='design_filter']").select_option("multi-site case studies")
    chart.locator("select[name='setting_filter']").select_option("Texas")
    settle(tab)
    ids = _expected("multi-site case studies", "Texas")
    assert ids == [20, 23, 24]
    assert f"{len(ids)} studies selected" in tab.locator(".companion-export-status").first.inner_text()
    _check_files(tab, ids)
    chart.locator("select[name='design_filter']").select_option("quantitative")  # no quantitative Texas study
    settle(tab)
    _no_file_when_empty(tab)


def test_map_opened_on_one_characteristic_from_the_url(tab, server):
    tab.goto(f"{server}/chapters/ev_map.html?characteristic=4", wait_until="load")
    tab.wait_for_function(
        "() => { const c = document.querySelector('.companion-chart'); return c.companionView && "
        "c.companionView.signal('pick_char').characteristic_id; }",
        timeout=15_000,
    )
    assert tab.evaluate(
        "() => document.querySelector('.companion-chart').companionView.signal('pick_char').characteristic_id"
    ) == [4]
    ids = _expected(characteristic=4)
    assert ids == [5, 8, 13, 20]
    assert "characteristic 4" in tab.locator(".companion-export-status").first.inner_text()
    _check_files(tab, ids)


@pytest.mark.parametrize("where", ["http", "file"])
def test_catalogue_filters_sort_and_export_exactly_the_rows_shown(tab, server, where):
    base = server if where == "http" else HTML.as_uri()
    tab.goto(f"{base}/studies/index.html", wait_until="load")
    catalogue = tab.locator(".companion-catalogue")
    catalogue.locator("select[name='setting']").select_option("NYC District #2")
    catalogue.locator("select[name='characteristic']").select_option("8")
    shown = [
        int(s) for s in tab.eval_on_selector_all("tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.study)")
    ]
    ids = _expected(setting="NYC District #2", characteristic=8)
    assert shown == ids == [2, 5, 21, 27]
    _check_files(tab, ids)
    # sorting by year, newest first, keeps the selection and reorders the rows
    header = tab.locator("th button", has_text="Authors (year)")
    header.click()
    assert tab.locator("th", has_text="Authors (year)").get_attribute("aria-sort") == "ascending"
    catalogue.locator("select[name='design']").select_option("quantitative")
    catalogue.locator("select[name='characteristic']").select_option("7")
    assert tab.locator("tbody tr:not([hidden])").count() == 0
    _no_file_when_empty(tab)


def test_a_record_page_links_its_characteristics_to_what_the_review_found(tab, server):
    """A record's characteristic opens its section of the findings chapter, which opens the filtered map."""
    tab.goto(f"{server}/studies/study-04.html", wait_until="load")
    link = tab.locator("section#evidence-in-table-1 li a").first
    href = link.get_attribute("href")
    assert posixpath.normpath(href) == "../chapters/ev_findings.html#characteristic-3"
    link.click()
    tab.wait_for_url("**/chapters/ev_findings.html#characteristic-3")
    to_map = tab.locator('section:has(> #characteristic-3) a[href="ev_map.html?characteristic=3"]').first
    to_map.click()
    tab.wait_for_function(
        "() => { const c = document.querySelector('.companion-chart'); return c && c.companionView && "
        "(c.companionView.signal('pick_char').characteristic_id || [])[0] === 3; }",
        timeout=15_000,
    )

"""The built book in a real browser: charts render offline, over http and from disk."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import HTML, STUDENT_EDITION, measured_pages

pytestmark = pytest.mark.browser

PAGES = measured_pages()
CHAPTERS_WITH_CHARTS = [p for p in PAGES if (HTML / p).exists() and 'class="companion-chart"' in (HTML / p).read_text()]


def _external(requests: list[str], allowed_host: str | None) -> list[str]:
    out = []
    for url in requests:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            continue
        if parsed.scheme == "file" and allowed_host is None:
            continue
        if parsed.scheme in ("http", "https") and parsed.netloc == allowed_host:
            continue
        out.append(url)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_page_over_http_has_charts_no_errors_no_external_requests(visit, server, page):
    v = visit(f"{server}/{page}")
    v.wait_for_charts()
    v.settle()
    assert v.errors == []
    assert _external(v.requests, urlparse(server).netloc) == []


@pytest.mark.parametrize("page", CHAPTERS_WITH_CHARTS)
def test_chapter_charts_render_from_disk(visit, page):
    v = visit((HTML / page).as_uri())
    assert v.wait_for_charts() >= 1
    assert v.errors == []
    assert _external(v.requests, None) == []


def test_every_chart_is_an_accessible_svg(visit, server):
    v = visit(f"{server}/chapters/d2_schools.html")
    assert v.wait_for_charts() >= 2
    charts = v.page.locator(".companion-chart")
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("role") in ("figure", "graphics-document")
        assert len(chart.get_attribute("aria-label") or "") > 40, "chart lacks a description for screen readers"
        # Vega's SVG renderer gives each mark a role and a readable label
        assert chart.locator("svg [role='graphics-symbol'][aria-label]").count() > 0


def test_axis_dropdown_changes_the_scatter(visit, server):
    v = visit(f"{server}/chapters/d2_schools.html")
    v.wait_for_charts()
    chart = v.page.locator(".companion-chart").first
    select = chart.locator("select[name='x_measure']")
    before = chart.locator("svg").inner_html()
    assert "Free/reduced-price lunch (%)" in chart.locator("svg").text_content()
    select.select_option("white_pct")
    v.settle()
    after = chart.locator("svg").inner_html()
    assert after != before
    assert "White (%)" in chart.locator("svg").text_content()


def test_school_highlight_marks_the_school_in_every_view(visit, server):
    v = visit(f"{server}/chapters/d2_schools.html")
    v.wait_for_charts()
    chart = v.page.locator(".companion-chart").first
    chart.locator("select[name='school_pick']").select_option("42")
    v.settle()
    svg = chart.locator("svg")
    assert "School 42 (elementary)" in svg.text_content()
    highlighted = svg.locator("path[fill='#D55E00']")
    # one mark in the scatter plot plus one in each of the nine measure strips
    assert highlighted.count() >= 10


def _chart_with(v, select_name: str):
    charts = v.page.locator(".companion-chart")
    for i in range(charts.count()):
        if charts.nth(i).locator(f"select[name='{select_name}']").count():
            return charts.nth(i)
    raise AssertionError(f"no chart with a {select_name!r} menu")


def test_evidence_map_click_lists_the_studies(visit, server):
    v = visit(f"{server}/chapters/ev_map.html")
    v.wait_for_charts()
    chart = _chart_with(v, "design_filter")
    svg = chart.locator("svg")
    assert "Study 5:" not in svg.text_content()
    # the bar for "District-wide sense of efficacy" (studies 5, 8, 13, 20)
    bars = svg.locator("path[aria-roledescription='bar']")
    target = None
    for i in range(bars.count()):
        if "sense of efficacy" in (bars.nth(i).get_attribute("aria-label") or ""):
            target = bars.nth(i)
    assert target is not None, "no bar for the efficacy characteristic"
    target.click()
    v.settle()
    text = svg.text_content()
    for study in ("Study 5:", "Study 8:", "Study 13:", "Study 20:"):
        assert study in text
    assert "Study 1:" not in text


def test_evidence_map_design_filter_changes_the_counts(visit, server):
    v = visit(f"{server}/chapters/ev_map.html")
    v.wait_for_charts()
    chart = _chart_with(v, "design_filter")
    bars = chart.locator("svg path[aria-roledescription='bar']")
    before = sorted(bars.nth(i).get_attribute("aria-label") for i in range(bars.count()))
    chart.locator("select[name='design_filter']").select_option("quantitative")
    v.settle()
    after = sorted(bars.nth(i).get_attribute("aria-label") for i in range(bars.count()))
    assert after != before
    assert v.errors == []


@pytest.mark.parametrize("where", ["http", "file"])
def test_download_links_work_offline(visit, server, where):
    url = f"{server}/data.html" if where == "http" else (HTML / "data.html").as_uri()
    v = visit(url)
    links = v.page.locator("a.download")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(h.endswith("district2_schools.csv") for h in hrefs)
    assert any(h.endswith("d2_schools.ipynb") for h in hrefs)
    for href in hrefs:
        target = (HTML / href).resolve()
        assert target.is_file() and target.stat().st_size > 0, href
    if where == "http":
        csv_href = next(h for h in hrefs if h.endswith("district2_schools.csv"))
        response = v.page.request.get(f"{server}/{csv_href}")
        assert response.ok and response.text().startswith("row,school,level")


@pytest.mark.skipif(STUDENT_EDITION, reason="the student edition has no solutions (tests/teaching checks it)")
def test_exercise_solutions_are_hidden_until_opened(visit, server):
    v = visit(f"{server}/chapters/d2_poverty.html")
    solution = v.page.locator("div.solution.dropdown").first
    output = solution.locator(".cell_output")
    assert not output.is_visible()  # hidden behind a toggle by default
    solution.locator(".admonition-title").click()
    output.wait_for(state="visible", timeout=3000)
    assert "r =" in output.text_content()  # the computed answer is in the stored output


def test_vega_bundle_loads_only_where_charts_are(visit, server):
    intro = visit(f"{server}/intro.html")
    intro.settle()
    assert not any("companion-vega.js" in u for u in intro.requests)
    chapter = visit(f"{server}/chapters/d2_reading.html")
    chapter.wait_for_charts()
    assert any("_static/companion-vega.js" in u for u in chapter.requests)


def test_every_study_number_in_the_chapters_links_its_record():
    """A reader never looks a study number up: "study 16" in any chapter's prose is a link.

    Not checked: an exercise's options, hints and answers, which the exercise renderer writes as
    raw HTML from the notebook's strings (their text is not prose the links pass reaches).
    """
    import re

    from bs4 import BeautifulSoup

    from companion_book.sphinx_links import study_number_spans

    unlinked = []
    for page in sorted((HTML / "chapters").glob("*.html")):
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("main")
        for skip in main.select(
            "a, code, pre, script, style, svg, table, figcaption, .cell_input, h1, h2, h3, h4, "
            ".companion-check, .companion-answer, .companion-answer-options, .companion-answer-hint"
        ):
            skip.decompose()
        text = re.sub(r"\s+", " ", main.get_text(" "))
        unlinked += [f"{page.name}: …{text[max(0, s - 40) : e]}" for s, e, _ in study_number_spans(text)]
    assert unlinked == [], "\n".join(unlinked[:20])

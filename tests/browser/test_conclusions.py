"""The closing chapter's independence chart in a real browser: the buttons change what is counted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _independence_chart(v):
    charts = v.page.locator(".companion-chart")
    for i in range(charts.count()):
        if charts.nth(i).locator("input[name='counting']").count():
            return charts.nth(i)
    raise AssertionError("no chart with the 'counting' buttons")


def _row_texts(chart) -> list[str]:
    """The count printed after each characteristic's row ('16 of 21', or '21' when every study counts)."""
    texts = [t.strip() for t in chart.locator("svg text").all_text_contents()]
    return [t for t in texts if t.replace(" of ", "").isdigit()]


def test_independence_buttons_switch_between_studies_districts_and_teams(visit, server):
    v = visit(f"{server}/chapters/ev_conclusions.html")
    v.wait_for_charts()
    chart = _independence_chart(v)
    # first state: each district once (district-wide, job-embedded PD: 16 districts of 21 studies)
    assert "16 of 21" in _row_texts(chart)
    marks = chart.locator("svg path[aria-roledescription='point']")
    hollow = chart.locator("svg path[aria-roledescription='point'][aria-label*='Hollow marks']")
    # every row is as long as its studies: filled marks (districts) plus hollow ones (repeats)
    assert marks.count() == 125 and hollow.count() == 125 - 98

    chart.locator("input[name='counting'][value='study']").check()
    v.settle()
    studies = _row_texts(chart)
    assert "21" in studies and not any(" of " in t for t in studies)  # every study counted: no shrinkage
    assert marks.count() == 125 and hollow.count() == 0

    chart.locator("input[name='counting'][value='team']").check()
    v.settle()
    assert "15 of 21" in _row_texts(chart)
    assert hollow.count() == 125 - 95
    assert v.errors == []


def test_the_title_is_the_same_in_every_state(visit, server):
    v = visit(f"{server}/chapters/ev_conclusions.html")
    v.wait_for_charts()
    chart = _independence_chart(v)
    title = chart.locator("svg text").first.text_content()
    for value in ("study", "team", "district"):
        chart.locator(f"input[name='counting'][value='{value}']").check()
        v.settle()
        assert chart.locator("svg text").first.text_content() == title

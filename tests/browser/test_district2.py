"""District #2's strategy figure in a real browser: choosing a principle lights up its models and schools."""

from __future__ import annotations

import pytest

from companion import datasets

pytestmark = pytest.mark.browser
HIGHLIGHT = "#D55E00"


def _network(v):
    charts = v.page.locator(".companion-chart")
    for i in range(charts.count()):
        if charts.nth(i).locator("select[name='principle_pick']").count():
            return charts.nth(i)
    raise AssertionError("no chart with the principle menu")


def _lit(chart) -> tuple[int, int, list[str]]:
    svg = chart.locator("svg")
    nodes = svg.locator(f"path[fill='{HIGHLIGHT}']").count()
    links = svg.locator(f"line[stroke='{HIGHLIGHT}'], path[stroke='{HIGHLIGHT}']:not([fill='{HIGHLIGHT}'])").count()
    bold = [t.strip() for t in svg.locator("text[font-weight='bold']").all_text_contents()]
    return nodes, links, bold


def test_choosing_a_principle_highlights_its_models_and_the_groups_they_reach(visit, server):
    v = visit(f"{server}/chapters/d2_strategy.html")
    v.wait_for_charts()
    chart = _network(v)
    nodes, links, _ = _lit(chart)
    assert (nodes, links) == (0, 0), "nothing is highlighted before a principle is chosen"
    chart.locator("select[name='principle_pick']").select_option("6")
    v.settle()
    nodes, links, bold = _lit(chart)
    data = datasets.load("district2_strategy_links")
    models = set(data.loc[(data["link"] == "principle to model") & (data["principle"] == 6), "model"])
    reached = data[(data["link"] == "model to group") & data["model"].isin(models)]
    # the principle, its models (drawn in both panels) and the groups; its links and the models' links
    assert nodes == 1 + 2 * len(models) + reached["group"].nunique()
    assert links == len(models) + len(reached)
    assert any(label.startswith("6.") for label in bold) and any("Watch-List" in label for label in bold)
    chart.locator("select[name='principle_pick']").select_option("5")
    v.settle()
    _, _, bold = _lit(chart)
    assert not any("Watch-List" in label for label in bold), "principle 5 reaches no group of schools"
    assert v.errors == []

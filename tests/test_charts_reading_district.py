"""Specs of the reading, poverty, district and group charts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from companion import datasets
from companion.charts import district_overview, reading
from companion.measures import QUARTILES
from companion.regression import fit_line, residuals
from companion.schools import join_schools_reading


@pytest.fixture(scope="module")
def data():
    schools = datasets.load("district2_schools")
    table2 = datasets.load("district2_reading_1997")
    joined = join_schools_reading(schools, table2, datasets.load("district2_school_keys"))
    fits = {q: fit_line(joined["frl_pct"], joined[q]) for q in QUARTILES}
    flagged = pd.concat([residuals(joined, "frl_pct", q, f).assign(quartile=q) for q, f in fits.items()])
    return table2, datasets.load("reading_benchmarks_1997"), joined, fits, flagged


def test_reading_by_school_is_sortable_and_keeps_both_002_rows(data):
    spec = reading.reading_by_school(data[0], data[1]).to_dict()
    assert spec["params"][0]["name"] == "sort_by" and spec["params"][0]["bind"]["input"] == "radio"
    rows = next(v for v in spec["datasets"].values() if len(v) == 88)
    labels = {r["label"] for r in rows}
    assert {"002 (row 2)", "002 (row 3)"} <= labels and len(labels) == 44
    assert spec["layer"][2]["encoding"]["shape"]["field"] == "quartile"  # not colour alone


def test_quartile_spread_draws_all_three_references(data):
    text = json.dumps(reading.quartile_spread(data[0], data[1]).to_dict())
    for name in ("District #2 total", "Citywide", "National norm"):
        assert name in text


def test_poverty_chart_has_quartile_menu_fit_and_flags(data):
    _, _, joined, fits, flagged = data
    spec = reading.poverty_vs_reading(joined, fits, flagged).to_dict()
    assert spec["params"][0]["name"] == "quartile"
    assert "least-squares" in " ".join(spec["title"]["subtitle"])
    text = json.dumps(spec)
    assert "better than predicted" in text and "worse than predicted" in text


def test_district_charts_keep_the_papers_qualifiers():
    facts = datasets.load("district2_facts")
    spec = district_overview.enrollment_composition(facts).to_dict()
    rows = next(iter(spec["datasets"].values()))
    labels = {r["group"]: r["label"] for r in rows}
    assert labels["Native American"] == "< 1%" and labels["Asian"] == "about 34%"
    rank = district_overview.district_rank(facts).to_dict()
    assert rank["layer"][0]["encoding"]["y"]["scale"]["domain"] == [32, 1]


def test_group_chart_shows_sizes_as_worded():
    spec = district_overview.school_groups(datasets.load("district2_school_groups")).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["approx_schools"] for r in rows][:2] == ["no more than five or six", "nearly twenty"]
    assert "school" not in json.dumps(rows).lower().replace("schools", "")  # no school numbers


def test_timeline_tells_printed_dates_from_the_companions_dating():
    timeline = datasets.load("district2_timeline")
    spec = district_overview.timeline(timeline).to_dict()
    rows = next(v for v in spec["datasets"].values() if len(v) == len(timeline))
    assert {r["dating_label"] for r in rows} == set(district_overview.DATING_LABELS.values())
    # dating is shown by shape and fill as well as colour
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert points and all({"shape", "fill", "color"} <= set(p["encoding"]) for p in points)
    assert spec["layer"][0]["encoding"]["strokeDash"]["field"] == "dating_label"
    assert "1987" in " ".join(spec["title"]["text"])


def _strategy_frames():
    from companion.charts import strategy

    return strategy._network_frames(
        datasets.load("district2_strategy"),
        datasets.load("district2_school_groups"),
        datasets.load("district2_strategy_links"),
    )


def test_strategy_network_lights_a_principle_s_models_and_the_groups_they_reach():
    nodes, edges, _ = _strategy_frames()
    links = datasets.load("district2_strategy_links")
    lit = lambda frame, p: set(frame.loc[frame["reach"].str.contains(f"|{p}|", regex=False), "key"])  # noqa: E731
    # principle 6 names the twice-yearly visits (model 5), which reach every group of schools
    assert lit(nodes, 6) == {"P6", "M5", "M5b", "G1", "G2", "G3", "G4"}
    # principle 5 reaches only the Laboratory, which no group's passage mentions
    assert lit(nodes, 5) == {"P5", "M1", "M1b"}
    assert len(edges) == len(links)
    assert set(edges["support"]) == {"named in the paper", "the companion's inference"}


def test_strategy_network_is_one_narrow_chart_with_a_principle_menu():
    from companion.charts import strategy

    spec = strategy.strategy_network(
        datasets.load("district2_strategy"),
        datasets.load("district2_school_groups"),
        datasets.load("district2_strategy_links"),
    ).to_dict()
    (param,) = spec["params"]
    assert param["name"] == "principle_pick" and param["value"] == 0 and param["bind"]["input"] == "select"
    assert len(param["bind"]["options"]) == 8  # all, then principles 1 to 7
    assert spec["width"] <= 340  # read on a phone without being scaled down
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["encoding"]["strokeDash"]["field"] == "support"  # stated or inferred: never colour alone
    assert "principle_pick" in json.dumps(rule["encoding"]["strokeWidth"])


def test_poverty_rings_say_better_or_worse_by_dash_as_well_as_colour_with_a_legend(data):
    """Not colour alone: solid and dashed rings, and a legend that names both (Figure 4.1 and the explorer's chart)."""
    from companion import explorers
    from companion_book import static_charts

    _, _, joined, fits, flagged = data
    for chart in (reading.poverty_vs_reading(joined, fits, flagged), explorers.PovertyExplorer().chart()):
        spec = chart.to_dict()
        rings = [layer for layer in spec["layer"] if "stroke" in layer.get("encoding", {})]
        assert len(rings) == 1
        dash = rings[0]["encoding"]["strokeDash"]
        assert dash["field"] == "versus_prediction" and dash.get("legend", "shown") is not None
        svg = static_charts.static_svg(spec)
        assert "better than predicted" in svg and "worse than predicted" in svg  # the legend is drawn

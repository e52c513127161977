"""Specs of the evidence-base charts and the evidence grid behind them."""

from __future__ import annotations

import json

import pytest

from companion import datasets
from companion.charts import evidence, frameworks
from companion.leithwood import counts_by, evidence_grid, support_per_study


@pytest.fixture(scope="module")
def grid(leithwood_tables):
    return evidence_grid(*leithwood_tables)


def test_grid_keeps_gaps_explicitly(grid):
    assert len(grid) == 310 and grid["linked"].sum() == 125
    assert grid.groupby("characteristic_id")["linked"].sum().tolist() == [14, 14, 15, 4, 13, 16, 9, 21, 6, 13]
    unidentified = grid[grid["study_id"] == 30]
    assert not unidentified["linked"].any() and set(unidentified["design"]) == {"unknown"}


def test_counts_by_design_include_zero_cells(grid):
    counts = counts_by(grid, "design")
    assert len(counts) == 10 * 5 and (counts["studies"] == 0).any()
    assert counts.groupby("characteristic_id")["studies"].sum().tolist()[7] == 21


def test_support_per_study_lists_uncited_studies(leithwood_tables):
    support = support_per_study(leithwood_tables[1], leithwood_tables[2])
    assert set(support.loc[support["characteristics"] == 0, "study_id"]) == {16, 30}
    assert support.iloc[0]["characteristics"] == 9


def test_evidence_map_has_filters_click_selection_and_banner_description(grid):
    spec = evidence.evidence_map(grid).to_dict()
    names = {p["name"] for p in spec["params"]}
    assert {"design_filter", "setting_filter", "pick_char"} <= names
    text = json.dumps(spec)
    assert "Click a square or a bar above to list its studies here." in text
    # the list counts only the studies that pass the menus, in a box of fixed height (never cut)
    box = spec["vconcat"][2]
    listing = box["layer"][0]
    assert "datum.linked && datum.matches" in json.dumps(listing["transform"])
    assert listing["encoding"]["y"]["scale"] is None  # rows at fixed pixel heights
    assert box["height"] >= 21 * 17  # room for the 21 studies of the best-supported characteristic
    assert '"detail": {"field": "characteristic_id"' in text  # click on a bar selects an id
    assert "hollow: a gap" in text


def test_search_funnel_title_is_computed_from_the_data():
    spec = evidence.search_funnel(datasets.load("leithwood_search")).to_dict()
    assert spec["title"]["text"] == ["From 944 ERIC abstracts and other searches to 31 studies"]
    bars = spec["layer"][0]
    assert bars["encoding"]["x"]["scale"]["type"] == "log"
    # a log scale has no zero: bars start at 1, or they have no length at all
    assert bars["encoding"]["x2"] == {"datum": 1}
    assert "color" not in bars["encoding"]  # no legend for a colour no mark uses


def test_stated_and_derived_settings_are_both_drawn(leithwood_tables):
    spec = evidence.settings_stated_vs_derived(leithwood_tables[1], datasets.load("leithwood_locations")).to_dict()
    rows = next(iter(spec["datasets"].values()))
    stated = {r["setting"]: r["count"] for r in rows if r["basis"] == "stated in the text"}
    derived = {r["setting"]: r["count"] for r in rows if r["basis"] == "counted from the appendix"}
    assert stated["San Diego"] == 3 and derived["San Diego"] == 2
    assert sum(stated.values()) == 30 and sum(derived.values()) == 31


def test_crosswalk_chart_flags_single_framework_themes():
    spec = frameworks.crosswalk_matrix(datasets.load("framework_crosswalk"), datasets.load("shared_themes")).to_dict()
    title = " ".join(spec["title"]["text"])
    assert title.startswith("In the companion's mapping") and title.endswith("1 from only one")
    assert "pick_theme" in json.dumps(spec)


def test_ospi_chart_gives_each_category_its_own_titled_panel():
    spec = frameworks.ospi_framework(datasets.load("ospi_themes"), datasets.load("ospi_questions")).to_dict()
    assert " ".join(spec["title"]["text"]).startswith("13 themes in 4 categories")
    # the category is written above its panel, so no legend (and no colour-only key) is needed
    panels = [panel["title"]["text"] for panel in spec["vconcat"]]
    assert panels == datasets.load("ospi_themes")["category"].drop_duplicates().tolist()

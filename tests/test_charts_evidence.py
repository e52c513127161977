"""Specs of the evidence-base charts and the evidence grid behind them."""

from __future__ import annotations

import json

import pytest

from companion import analysis, datasets
from companion.charts import evidence, frameworks


@pytest.fixture(scope="module")
def leithwood():
    return (
        datasets.load("leithwood_characteristics"),
        datasets.load("leithwood_studies"),
        datasets.load("leithwood_evidence"),
    )


@pytest.fixture(scope="module")
def grid(leithwood):
    return analysis.evidence_grid(*leithwood)


def test_grid_keeps_gaps_explicitly(grid):
    assert len(grid) == 310 and grid["linked"].sum() == 125
    assert grid.groupby("characteristic_id")["linked"].sum().tolist() == [14, 14, 15, 4, 13, 16, 9, 21, 6, 13]
    unidentified = grid[grid["study_id"] == 30]
    assert not unidentified["linked"].any() and set(unidentified["design"]) == {"unknown"}


def test_counts_by_design_include_zero_cells(grid):
    counts = analysis.counts_by(grid, "design")
    assert len(counts) == 10 * 5 and (counts["studies"] == 0).any()
    assert counts.groupby("characteristic_id")["studies"].sum().tolist()[7] == 21


def test_support_per_study_lists_uncited_studies(leithwood):
    support = analysis.support_per_study(leithwood[1], leithwood[2])
    assert set(support.loc[support["characteristics"] == 0, "study_id"]) == {16, 30}
    assert support.iloc[0]["characteristics"] == 9


def test_evidence_map_has_filters_click_selection_and_banner_description(grid):
    spec = evidence.evidence_map(grid).to_dict()
    names = {p["name"] for p in spec["params"]}
    assert {"design_filter", "setting_filter", "pick_char"} <= names
    text = json.dumps(spec)
    assert "Studies for the characteristic you clicked" in text
    assert '"detail": {"field": "characteristic_id"' in text  # click on a bar selects an id
    assert "hollow: a gap" in text


def test_search_funnel_title_is_computed_from_the_data():
    spec = evidence.search_funnel(datasets.load("leithwood_search")).to_dict()
    assert spec["title"]["text"] == "From 944 abstracts to 31 studies"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"


def test_stated_and_derived_settings_are_both_drawn(leithwood):
    spec = evidence.settings_stated_vs_derived(leithwood[1], datasets.load("leithwood_locations")).to_dict()
    rows = next(iter(spec["datasets"].values()))
    stated = {r["setting"]: r["count"] for r in rows if r["basis"] == "stated in the text"}
    derived = {r["setting"]: r["count"] for r in rows if r["basis"] == "counted from the appendix"}
    assert stated["San Diego"] == 3 and derived["San Diego"] == 2
    assert sum(stated.values()) == 30 and sum(derived.values()) == 31


def test_crosswalk_chart_flags_single_framework_themes():
    spec = frameworks.crosswalk_matrix(datasets.load("framework_crosswalk"), datasets.load("shared_themes")).to_dict()
    assert spec["title"]["text"].endswith("1 shared theme is named by one framework only")
    assert "pick_theme" in json.dumps(spec)


def test_ospi_chart_encodes_category_by_colour_and_shape():
    spec = frameworks.ospi_framework(datasets.load("ospi_themes"), datasets.load("ospi_questions")).to_dict()
    assert spec["title"]["text"].startswith("13 themes in 4 categories")
    assert spec["layer"][1]["encoding"]["shape"]["field"] == "category"

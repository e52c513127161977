"""Specs of the District #2 charts: data, encodings, interactions and accessibility."""

from __future__ import annotations

import json

import pytest

from companion import datasets, rendering
from companion.charts import school_measures
from companion.schools import measures_long, weighted_mean
from companion.theme import PALETTE


@pytest.fixture(scope="module")
def schools():
    return datasets.load("district2_schools")


def _params(spec: dict) -> dict[str, dict]:
    found = {}

    def walk(node):
        if isinstance(node, dict):
            for p in node.get("params", []):
                found[p["name"]] = p
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(spec)
    return found


@pytest.mark.parametrize("layout", [0, 1])
def test_explorer_has_axis_menus_and_one_shared_school_menu(schools, layout):
    spec = rendering.layouts(school_measures.school_explorer(schools).to_dict())[layout]
    params = _params(spec)
    assert {"x_measure", "y_measure", "school_pick"} <= set(params)
    # defined once in each layout, at the top level, so one menu drives both views
    assert "school_pick" in [p["name"] for p in spec["params"]]
    assert json.dumps(spec).count('"name": "school_pick"') == 1
    options = params["school_pick"]["bind"]["options"]
    assert options[0] == 0 and sorted(options[1:]) == sorted(schools["school"].tolist())
    assert "frl_pct" in params["x_measure"]["bind"]["options"]
    assert len(spec["description"]) > 80


def test_explorer_names_missing_schools_instead_of_dropping_them(schools):
    text = json.dumps(school_measures.axis_scatter(schools).to_dict())
    assert "Not plotted, value missing" in text
    assert "!isValid(datum.x) || !isValid(datum.y)" in text


def test_level_is_shown_by_shape_as_well_as_colour(schools):
    spec = school_measures.axis_scatter(schools).to_dict()
    points = spec["layer"][0]["encoding"]
    assert points["shape"]["field"] == "level"
    assert points["color"]["condition"]["value"]  # highlight colour
    assert points["color"]["field"] == "level"
    assert points["color"]["scale"]["range"] == PALETTE[:2]
    tooltips = [t["title"] for t in points["tooltip"]]
    assert "School" in tooltips and "Enrollment" in tooltips


def test_strips_cover_every_measure_and_flag_missing_counts(schools):
    long = measures_long(schools)
    assert len(long) == 43 * 9
    labels = long.drop_duplicates("measure").set_index("measure")["measure_label"]
    assert labels["frl_pct"].endswith("2 of 43 missing")
    assert labels["lep_pct"] == "Limited English proficient (%)"
    assert long[long.measure == "frl_pct"]["missing"].sum() == 2


def test_weighted_average_uses_enrollment_and_skips_missing(schools):
    expected = (schools["frl_pct"] * schools["enrollment"]).sum() / schools.loc[
        schools["frl_pct"].notna(), "enrollment"
    ].sum()
    assert weighted_mean(schools["frl_pct"], schools["enrollment"]) == pytest.approx(float(expected))


def test_composition_sorts_schools_by_poverty_and_uses_panels(schools):
    spec = school_measures.composition_by_school(schools).to_dict()
    order = spec["spec"]["encoding"]["y"]["sort"]
    assert order[0].startswith("School 2 ") or order[0].startswith("School 151 ")  # both 100% F/RL
    # schools with no lunch figure come last and say so, instead of passing for the lowest share
    assert order[-2:] == ["School 875 (elementary): no lunch figure", "School 218 (intermediate): no lunch figure"]
    assert spec["facet"]["column"]["field"] == "measure_label"
    assert "hover_school" in json.dumps(spec)


def test_every_chart_has_a_title_subtitle_with_source(schools):
    for chart in (school_measures.axis_scatter(schools), school_measures.measure_strips(schools)):
        title = chart.to_dict()["title"]
        assert title["text"] and any("Elmore & Burney" in line for line in title["subtitle"])

"""The evidence for Leithwood's characteristics counted by study, by district and by research team.

``companion.leithwood.evidence_units`` counts each characteristic's Table 1 studies three ways,
from the companion's grouping of the studies (``leithwood_study_groups``); the closing chapter's
chart draws it with a menu (a Vega-Lite parameter) that switches the counting.
"""

from __future__ import annotations

import json

import pytest

from companion import datasets, rendering
from companion.charts import conclusions
from companion.leithwood import COUNTINGS, SEVERAL_DESIGNS, district_groups, evidence_units, independence_summary


@pytest.fixture(scope="module")
def groups():
    return datasets.load("leithwood_study_groups")


@pytest.fixture(scope="module")
def units(leithwood_tables, groups):
    return evidence_units(*leithwood_tables, groups)


def test_counting_every_study_gives_table_1_totals(units, leithwood_tables):
    summary = independence_summary(units).set_index("characteristic_id")
    printed_totals = leithwood_tables[0].set_index("characteristic_id")["studies_reported"]
    assert (summary["studies"] == printed_totals).all()
    assert summary["studies"].sum() == 125


def test_counting_each_district_or_team_once(units):
    summary = independence_summary(units).set_index("characteristic_id")
    assert summary["districts"].tolist() == [11, 11, 13, 4, 10, 10, 6, 16, 6, 11]
    assert summary["teams"].tolist() == [11, 11, 13, 4, 9, 10, 6, 15, 6, 10]
    assert summary["districts"].sum() == 98 and summary["teams"].sum() == 95
    # never more sources than studies, and only efficacy (4) and government agenda (9) keep every study
    assert (summary["teams"] <= summary["districts"]).all() and (summary["districts"] <= summary["studies"]).all()
    assert summary.index[summary["districts"] == summary["studies"]].tolist() == [4, 9]


def test_a_district_counted_once_keeps_all_its_studies_and_says_when_their_designs_differ(units):
    d2 = units[(units["counting"] == "district") & (units["unit"] == "NYC District #2")].set_index("characteristic_id")
    # instructional leadership (6): studies 2, 5, 6 and 21, case studies and quantitative ones
    assert d2.loc[6, "studies"] == "2, 5, 6, 21" and d2.loc[6, "n_studies"] == 4
    assert d2.loc[6, "design"] == SEVERAL_DESIGNS
    single = units[(units["counting"] == "study") & (units["unit"] == "Study 5")]
    assert set(single["design"]) == {"single-site case study"}
    # positions run 0..n-1 within each row, ordered by design family
    for _, row in units.groupby(["counting", "characteristic_id"]):
        assert sorted(row["position"]) == list(range(len(row)))


def test_either_reading_of_study_16_gives_the_same_counts(leithwood_tables, groups, units):
    readings = datasets.load("leithwood_location_readings")
    text = district_groups(groups, readings, "text")
    assert text.set_index("study_id").loc[16, "district_group"] == "San Diego"
    assert district_groups(groups, readings, "appendix").equals(groups)
    # study 16 is listed for no characteristic in Table 1, so the counts cannot move
    assert 16 not in set(leithwood_tables[2]["study_id"])
    assert evidence_units(*leithwood_tables, text).equals(units)
    with pytest.raises(ValueError, match="reading"):
        district_groups(groups, readings, "neither")


def test_a_study_without_a_group_is_refused(leithwood_tables, groups):
    with pytest.raises(ValueError, match="without a group"):
        evidence_units(*leithwood_tables, groups[groups["study_id"] != 5])


def test_the_chart_switches_counting_with_a_parameter_and_keeps_a_title_true_for_every_state(units):
    spec = conclusions.evidence_independence(units).to_dict()
    (param,) = [p for p in spec["params"] if p["name"] == "counting"]
    assert param["value"] == "district" and param["bind"]["input"] == "radio"
    assert param["bind"]["options"] == list(COUNTINGS)
    for layout in rendering.layouts(spec):  # the wide layout and the narrow one (a phone)
        # hollow marks, marks and numbers follow the buttons
        assert json.dumps(layout).count("datum.counting == counting") == 3
    title = " ".join(spec["title"]["text"])
    assert "8 of the 10 characteristics" in title and "per district or per research team" in title
    # shape and colour both carry the design family
    symbols = spec["layer"][2]["encoding"]
    assert symbols["color"]["field"] == symbols["shape"]["field"] == "design"
    assert spec["width"] <= 340  # drawn at its own size on a phone
    with pytest.raises(ValueError, match="counting"):
        conclusions.evidence_independence(units, counting="school")

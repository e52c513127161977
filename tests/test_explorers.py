"""The live explorers, driven through their Python state and their widgets as a reader would."""

from __future__ import annotations

import html

import pytest

from companion import claims, datasets
from companion.explorers import (
    PERCENTILE,
    RANK,
    WIDGET_VIEW_MIMETYPE,
    ClaimsAuditExplorer,
    EvidenceExplorer,
    PovertyExplorer,
    SchoolProfile,
)
from companion.regression import fit_line
from companion.rendering import VEGALITE_MIMETYPE
from companion.schools import join_schools_reading

# --- claims audit ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit():
    return claims.audit().set_index("claim_id")


def test_claims_first_state_is_the_audit(audit):
    explorer = ClaimsAuditExplorer()
    for claim_id in explorer.claims.index:
        explorer.update_claim(claim_id)
        assert explorer.message == ""
        assert explorer.value == audit.loc[claim_id, "recomputed"], claim_id
        assert explorer.verdict == audit.loc[claim_id, "verdict"], claim_id


def test_claims_inclusive_cutoff_tolerance_and_missing_change_the_result():
    explorer = ClaimsAuditExplorer("E11")  # free/reduced lunch <= 20, stated 6; two schools lack the figure
    assert (explorer.operator(), explorer.value, explorer.verdict) == ("<=", 6, "consistent")
    explorer.update(inclusive=False, cutoff=20)
    assert explorer.operator() == "<"
    explorer.update(cutoff=30)
    assert explorer.value > 6 and explorer.verdict == "differs"
    assert len(explorer.rows) == explorer.value
    explorer.update(tolerance=explorer.value - 6)
    assert explorer.verdict == "consistent"
    before = explorer.value
    explorer.update(missing="counted as meeting")
    assert explorer.value == before + 2 and (explorer.rows["value"] == "no value").sum() == 2
    explorer.update(missing="read as zero")
    assert explorer.value == before + 2
    explorer.update(missing="left out", inclusive=True, cutoff=0)
    assert explorer.value == 0 and "0 rows that count" in explorer.html()


def test_claims_rows_that_count_name_the_schools():
    explorer = ClaimsAuditExplorer("E10")
    assert "School 1 (elementary)" in set(explorer.rows["row"])
    assert explorer.rows["value"].str.fullmatch(r"\d+(\.\d+)?").all()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"tolerance": -1}, "tolerance must be 0 or more; got -1"),
        ({"cutoff": "ten"}, "cutoff must be a number; got 'ten'"),
        ({"missing": "ignore"}, "missing values: got 'ignore'"),
        ({"colour": "red"}, "unknown control(s) colour"),
    ],
)
def test_claims_bad_values_give_a_message_not_a_traceback(change, expected):
    explorer = ClaimsAuditExplorer("E10")
    before = dict(explorer.state)
    explorer.update(**change)
    assert expected in explorer.message
    assert explorer.state == before
    assert "Not applied" in explorer.html() and html.escape(expected.split(";")[0]) in explorer.html()
    explorer.update(cutoff=50)
    assert explorer.message == ""


@pytest.mark.parametrize("claim_id", ["Z99", "E01"])
def test_unknown_or_non_threshold_claim_is_named(claim_id):
    explorer = ClaimsAuditExplorer(claim_id)
    assert f"claim {claim_id!r} is not a threshold claim of data/claims.csv" in explorer.message
    assert "E10" in explorer.message


def test_claims_widget_controls_drive_the_output():
    explorer = ClaimsAuditExplorer()
    widget = explorer.widget
    before = explorer._output.value
    explorer._claim_dropdown.value = "E14"
    assert explorer.state["claim"] == "E14" and explorer._output.value != before
    cutoff = explorer._claim_controls["cutoff"]
    assert cutoff.value == 30
    cutoff.value = 35
    assert explorer.state["cutoff"] == 35 and "&gt; 35" in explorer._output.value
    explorer._claim_controls["tolerance"].value = -3
    assert "tolerance must be 0 or more" in explorer._output.value
    assert widget.model_id.startswith("companion-claims-")


# --- poverty and performance ---------------------------------------------------------------------


def test_poverty_first_state_matches_the_chapter_fit():

    explorer = PovertyExplorer()
    tables = [datasets.load(n) for n in ("district2_schools", "district2_reading_1997", "district2_school_keys")]
    joined = join_schools_reading(*tables)
    fit = fit_line(joined["frl_pct"], joined["lowest_quartile_pct"])
    assert (explorer.fit.r, explorer.fit.r_low, explorer.fit.r_high, explorer.fit.n) == (
        fit.r,
        fit.r_low,
        fit.r_high,
        fit.n,
    )
    assert (explorer.band["low"] <= explorer.band["fitted"]).all()
    assert (explorer.band["fitted"] <= explorer.band["high"]).all()


def test_poverty_controls_refit_the_line():
    explorer = PovertyExplorer()
    r_low, n = explorer.fit.r, explorer.fit.n
    explorer.update(measure="highest_quartile_pct")
    assert explorer.fit.r < 0 < r_low
    explorer.update(measure="lowest_quartile_pct", join="exact")
    assert explorer.fit.n == n - 1  # the inferred pair (school 3) is left out
    explorer.update(join="exact and inferred", exclude_flagged=True)
    assert explorer.excluded and explorer.fit.n == n - len(explorer.excluded)
    assert explorer.fit.r > r_low
    explorer.update(exclude_flagged=False, seed=1)
    assert explorer.fit.r == r_low and explorer.fit.seed == 1
    interval = (explorer.fit.r_low, explorer.fit.r_high)
    explorer.update(seed=2)
    assert (explorer.fit.r_low, explorer.fit.r_high) != interval
    explorer.update(resamples=500)
    assert explorer.fit.resamples == 500 and "500 resamples" in explorer.summary()


def test_poverty_outliers_and_chart_follow_the_state():
    explorer = PovertyExplorer()
    outliers = explorer.outliers()
    assert set(outliers["compared with the line"]) == {"better than predicted", "worse than predicted"}
    spec = explorer.chart().to_dict()
    explorer.update(measure="highest_quartile_pct")
    assert explorer.chart().to_dict() != spec
    assert not explorer.outliers().equals(outliers)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"resamples": -5}, "resamples must be a whole number from 100 to 20,000; got -5"),
        ({"resamples": 2.5}, "resamples must be a whole number"),
        ({"seed": -1}, "seed must be a whole number from 0"),
        ({"measure": "median"}, "reading measure 'median' unknown"),
        ({"join": "fuzzy"}, "join 'fuzzy' unknown"),
    ],
)
def test_poverty_bad_values_give_a_message(change, expected):
    explorer = PovertyExplorer()
    explorer.update(**change)
    assert expected in explorer.message
    assert "Not applied" in explorer.html()
    assert VEGALITE_MIMETYPE not in explorer.snapshot()


def test_poverty_widget_resamples_box_reports_bad_input():
    explorer = PovertyExplorer()
    explorer.widget  # noqa: B018 - builds the view
    controls = {c.description: c for c in explorer.widget.children[0].children}
    chart = explorer._chart.outputs
    controls["Reading:"].value = "highest_quartile_pct"
    assert explorer._chart.outputs != chart
    controls["Resamples:"].value = -10
    assert "resamples must be a whole number" in explorer._output.value


# --- evidence map --------------------------------------------------------------------------------


def test_evidence_first_state_counts_every_link():
    explorer = EvidenceExplorer()
    counts = explorer.counts
    assert (counts["studies in this selection"] == counts["studies in Table 1"]).sum() >= 1
    assert counts["studies in this selection"].sum() == len(datasets.load("leithwood_evidence"))
    assert len(explorer.citations()) == 31


def test_evidence_filters_recount_and_cite():
    explorer = EvidenceExplorer()
    explorer.update(designs=("quantitative",))
    quantitative = explorer.citations()
    assert set(quantitative["design"]) == {"quantitative"} and len(quantitative) == 5
    assert explorer.counts["studies in this selection"].sum() < 125
    assert quantitative["citation"].str.contains(r"\(\d{4}\)\. .+\. .+\.$").all()
    explorer.update(designs=tuple(explorer.designs), settings=("Texas",))
    assert set(explorer.citations()["setting"]) == {"Texas"}
    explorer.update(settings=tuple(explorer.settings), location="TX")
    assert all("TX" in s for s in explorer.citations()["sample"])
    explorer.update(location="nowhere at all")
    assert explorer.citations().empty and explorer.counts["studies in this selection"].sum() == 0


def test_evidence_exports_the_filtered_set(tmp_path):
    import pandas as pd

    explorer = EvidenceExplorer().update(settings=("San Diego",))
    target = tmp_path / "selection.csv"
    assert explorer.export(str(target)) == f"wrote 2 studies to {target}"
    exported = pd.read_csv(target)
    assert list(exported["study"]) == list(explorer.citations()["study"])


def test_evidence_bad_filter_names_the_choices():
    explorer = EvidenceExplorer()
    explorer.update(designs=("randomised trial",))
    assert "designs: 'randomised trial' not in the data; choose from" in explorer.message
    assert "quantitative" in explorer.message and len(explorer.selected) == 31


# --- school profile --------------------------------------------------------------------------------


def test_profile_integers_ranks_and_missing_values():
    profile = SchoolProfile((42,)).tables[42].set_index("measure")
    assert profile.loc["Enrollment (students)", "value"] == "982"  # an integer, not 982.0
    lep = profile.loc["Limited English proficient (%)"]
    assert (lep["value"], lep[RANK], lep[PERCENTILE]) == ("57", "1 of 43", "98")
    assert profile.loc["Free/reduced-price lunch (%)", "district figure"] == "55.3 (enrollment-weighted)"
    lowest = profile.loc["Lowest national quartile (%), Table 2"]
    assert lowest["district figure"].endswith("(enrollment-weighted, 39 matched schools)")
    missing = SchoolProfile((875,)).tables[875].set_index("measure").loc["Free/reduced-price lunch (%)"]
    assert missing["value"] == "no value" and missing[RANK] == "no value: Table 1 prints no value"


def test_profile_two_schools_and_bad_picks():
    profile = SchoolProfile()
    profile.update(schools=(1, 218))
    assert list(profile.tables) == [1, 218]
    assert "Table 2 has no matched row" in profile.html()  # 218 has no Table 2 row
    profile.update(schools=(1, 2, 3))
    assert profile.message == "pick one or two schools; got 3"
    profile.update(schools=(9999,))
    assert "school 9999 is not in Table 1" in profile.message and list(profile.tables) == [1, 218]


def test_profile_widget_dropdowns_drive_the_tables():
    profile = SchoolProfile()
    first, second = profile.widget.children[0].children
    before = profile._output.value
    first.value = 875
    assert profile._output.value != before and "School 875 (elementary)" in profile._output.value
    second.value = 42
    assert profile.state["schools"] == (875, 42) and "School 42 (elementary)" in profile._output.value


# --- every explorer ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [ClaimsAuditExplorer, PovertyExplorer, EvidenceExplorer, SchoolProfile])
def test_display_bundle_has_the_widget_and_a_deterministic_snapshot(cls):
    first, second = cls(), cls()
    bundle = first._repr_mimebundle_()
    view = bundle[WIDGET_VIEW_MIMETYPE]
    assert view["model_id"].startswith(f"companion-{cls.name}-")
    assert second._repr_mimebundle_()[WIDGET_VIEW_MIMETYPE]["model_id"] != view["model_id"]
    assert "text/html" in bundle and "<table" in bundle["text/html"]
    assert {k: v for k, v in second.snapshot().items()} == {k: bundle[k] for k in second.snapshot()}
    assert (VEGALITE_MIMETYPE in bundle) == (cls is PovertyExplorer)

"""The analyses behind the District #2 chapters: joins, fits, bootstrap and residuals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from companion.regression import fit_line, residuals
from companion.schools import (
    Standing,
    count_where,
    join_schools_reading,
    meets,
    meets_under,
    reading_labels,
    standing,
    unmatched,
)
from tests.pins import printed


@pytest.fixture(scope="module")
def joined(district2_tables):
    return join_schools_reading(*district2_tables)


def test_join_pairs_39_schools_with_the_right_rows(joined):
    assert len(joined) == 39
    by_school = joined.set_index("school")
    assert by_school.loc[1, "school_label"] == "001" and by_school.loc[3, "match"] == "inferred"
    assert by_school.loc[70, "school_label"] == "IS070"
    printed(by_school.loc[1, "lowest_quartile_pct"], 10.6, "Table 2 prints 10.6 for school 001 (lowest quartile, %)")
    third_row = "Table 2 prints 50.2 in its third row (labelled 002, read as school 3; highest quartile, %)"
    printed(by_school.loc[3, "highest_quartile_pct"], 50.2, third_row)
    printed(by_school.loc[70, "lowest_quartile_pct"], 33.7, "Table 2 prints 33.7 for IS070 (lowest quartile, %)")
    assert (joined["level"] == joined["table2_level"]).all()


def test_unmatched_lists_both_sides(district2_tables):
    rows = unmatched(district2_tables[2])
    assert rows["table"].value_counts().to_dict() == {"Table 1 only": 4, "Table 2 only": 5}
    assert {"875", "218", "IS217", "IS894"} <= set(rows["id"])


def test_fit_line_recovers_a_known_line():
    x = pd.Series(np.arange(20, dtype=float))
    fit = fit_line(x, 3 + 2 * x, resamples=200, seed=1)
    assert fit.slope == pytest.approx(2) and fit.intercept == pytest.approx(3) and fit.r == pytest.approx(1)
    assert fit.r_low == pytest.approx(1) and fit.n == 20


def test_fit_skips_missing_values_and_bootstrap_is_seeded(joined):
    first = fit_line(joined["frl_pct"], joined["lowest_quartile_pct"])
    second = fit_line(joined["frl_pct"], joined["lowest_quartile_pct"])
    assert first == second
    assert first.n == joined["frl_pct"].notna().sum() == 39  # 875 and 218 lack F/RL and are unmatched anyway
    assert first.r_low < first.r < first.r_high
    pairs = joined[["frl_pct", "lowest_quartile_pct"]].dropna().to_numpy(dtype=float)
    assert first.r == pytest.approx(np.corrcoef(pairs[:, 0], pairs[:, 1])[0, 1])
    other = fit_line(joined["frl_pct"], joined["lowest_quartile_pct"], seed=2)
    assert other.r == first.r and (other.r_low, other.r_high) != (first.r_low, first.r_high)


def test_residual_direction_depends_on_the_quartile(joined):
    for column, better_sign in (("lowest_quartile_pct", -1), ("highest_quartile_pct", 1)):
        fit = fit_line(joined["frl_pct"], joined[column])
        res = residuals(joined, "frl_pct", column, fit)
        better = res[res["versus_prediction"] == "better than predicted"]
        assert len(better) > 0 and (np.sign(better["residual"]) == better_sign).all()
        sd = res["residual"].std(ddof=1)
        assert (res.loc[res["versus_prediction"] == "as predicted", "residual"].abs() <= sd).all()


def test_reading_labels_are_unique(district2_tables):
    labels = reading_labels(district2_tables[1])
    assert labels.is_unique and labels.iloc[1] == "002 (row 2)" and labels.iloc[2] == "002 (row 3)"


def test_count_where_is_explicit_about_the_boundary():
    values = pd.Series([20.0, 20.0, 30.0, None], dtype="Float64")
    assert count_where(values, "<=", 20) == 2
    assert count_where(values, "<", 20) == 0
    assert count_where(values, ">", 20) == 1


def test_a_missing_value_never_meets_a_cut_off():
    values = pd.Series([None, 10.0, 50.0], dtype="Float64")
    for op in ("<", "<=", ">", ">="):
        assert not meets(values, op, 10)[0]
    assert meets(values, ">=", 10).tolist() == [False, True, True]
    assert meets(values, "<", 50).tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("missing", "op", "expected"),
    [
        ("left out", ">", [False, False, True]),
        ("counted as meeting", ">", [True, False, True]),
        ("read as zero", ">", [False, False, True]),
        ("left out", "<", [False, True, False]),
        ("counted as meeting", "<", [True, True, False]),
        ("read as zero", "<", [True, True, False]),  # 0 is below the cut-off
    ],
)
def test_meets_under_follows_the_rule_for_missing_values(missing, op, expected):
    values = pd.Series([None, 10.0, 50.0], dtype="Float64")
    assert meets_under(values, op, 20, missing).tolist() == expected


def test_meets_under_leaves_missing_values_out_by_default_as_meets_does():
    values = pd.Series([None, 20.0, 30.0], dtype="Float64")
    assert meets_under(values, ">=", 20).tolist() == meets(values, ">=", 20).tolist() == [False, True, True]


def test_meets_under_refuses_an_unknown_rule_naming_the_rules():
    with pytest.raises(ValueError, match="missing values: got 'ignored'; choose one of left out, counted as meeting"):
        meets_under(pd.Series([1.0]), ">", 0, "ignored")


def test_standing_ranks_from_the_highest_and_leaves_missing_values_out():
    values = pd.Series([10.0, 30.0, 30.0, None, 50.0], dtype="Float64")
    assert standing(values, 50.0) == Standing(rank=1, reporting=4, percentile=75.0)
    assert standing(values, 30.0) == Standing(rank=2, reporting=4, percentile=25.0)  # ties share a rank
    assert standing(values, 10.0) == Standing(rank=4, reporting=4, percentile=0.0)

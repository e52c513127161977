"""The threshold table gives the exact cut-offs that reproduce each stated count, and they agree with the curves."""

from __future__ import annotations

import json

import numpy as np
import pytest

from companion import claims
from companion.charts import verdicts


@pytest.fixture(scope="module")
def threshold():
    audit = claims.audit()
    rows = audit[audit["op"] == "count_where"]
    return audit, claims.threshold_curves(rows), claims.reproducing_cutoffs(rows)


def _inside(t, row) -> bool:
    above = t > row.low or (row.low_closed and np.isclose(t, row.low))
    below = t < row.high or (row.high_closed and np.isclose(t, row.high))
    return bool(above and below)


def test_the_exact_range_holds_every_grid_cutoff_that_gives_the_stated_count(threshold):
    audit, curves, cutoffs = threshold
    stated = audit.set_index("claim_id")["stated_value"]
    for row in cutoffs.itertuples():
        curve = curves[curves["claim_id"] == row.claim_id]
        for t, count in zip(curve["threshold"], curve["count"], strict=True):
            # grid points a hair from a bound are left to the bound's own closedness
            if not np.isnan(row.low) and min(abs(t - row.low), abs(t - row.high)) < 1e-6:
                continue
            gives = count == stated[row.claim_id]
            assert gives == (not np.isnan(row.low) and _inside(t, row)), (row.claim_id, t, count)


def test_the_table_prints_the_exact_range(threshold):
    audit, curves, cutoffs = threshold
    spec = json.dumps(verdicts.threshold_sensitivity(curves, audit, cutoffs).to_dict())
    e10 = cutoffs.set_index("claim_id").loc["E10"]
    assert (e10.low, e10.high, e10.low_closed, e10.high_closed) == (59.9, 65.8, True, False)
    assert "from 59.9 up to but not including 65.8" in spec
    assert "59.9 to 65.7" not in spec  # the 0.1 grid's answer

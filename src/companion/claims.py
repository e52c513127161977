"""The claims audit: recompute every quantitative statement of the sources from the datasets.

Each claim in ``data/claims.csv`` names how to recompute it (``op``, on a dataset and column)
and how to compare the result with the stated value (``compare`` and ``tolerance``). The
verdict is always computed here, never typed:

``consistent``  the recomputed value satisfies the comparison;
``differs``     it does not;
``cannot be checked``  the datasets hold nothing to recompute it from (``op`` = ``none``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from companion import datasets
from companion.analysis import count_where

VERDICTS = ["consistent", "differs", "cannot be checked"]


@dataclass(frozen=True)
class Recomputed:
    """A recomputed value, or None with the reason it cannot be recomputed."""

    value: float | None
    note: str = ""


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column, or a sum of columns written ``a+b+c`` (used for combined group shares)."""
    if "+" in column:
        parts = [f"{p}_pct" for p in column.split("+")]
        return frame[parts].sum(axis=1, min_count=len(parts)).astype("Float64")
    return frame[column]


def _group_sizes(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby(column).size()


def _search_split(frame: pd.DataFrame, claim: pd.Series) -> Recomputed:
    counts = frame.set_index("step")["count"]
    useful, unused = counts["ERIC articles useful for the review"], counts["ERIC articles read but not used"]
    return Recomputed(float(useful + unused), f"about {useful} useful + {unused} not used")


def _discussed_not_in_table(frame: pd.DataFrame, claim: pd.Series) -> Recomputed:
    in_table = set(datasets.load("leithwood_evidence")["study_id"])
    cited = frame.dropna(subset=[claim.column])
    missing = cited[~cited[claim.column].isin(in_table)]
    names = ", ".join(f"{w} ({y})" for w, y in zip(missing["work"], missing["year"], strict=True))
    return Recomputed(float(len(missing)), names)


OPS: dict[str, Callable[[pd.DataFrame, pd.Series], Recomputed]] = {
    "sum": lambda f, c: Recomputed(float(_column(f, c.column).sum())),
    "count_rows": lambda f, c: Recomputed(float(len(f))),
    "count_equal": lambda f, c: Recomputed(float((f[c.column].astype(str) == c.selector).sum())),
    "count_true": lambda f, c: Recomputed(float(f[c.column].fillna(False).astype(bool).sum())),
    "distinct": lambda f, c: Recomputed(float(f[c.column].nunique())),
    "max": lambda f, c: Recomputed(float(_column(f, c.column).max())),
    "min": lambda f, c: Recomputed(float(_column(f, c.column).min())),
    "benchmark": lambda f, c: Recomputed(float(f.set_index("benchmark").loc[c.selector, c.column])),
    "count_where": lambda f, c: Recomputed(float(count_where(_column(f, c.column), c.selector, float(c.threshold)))),
    "max_group_size": lambda f, c: Recomputed(float(_group_sizes(f, c.column).max())),
    "min_group_size": lambda f, c: Recomputed(float(_group_sizes(f, c.column).min())),
    "search_split": _search_split,
    "discussed_not_in_table": _discussed_not_in_table,
}


def load_claims() -> pd.DataFrame:
    """The claims registry as stored in ``data/claims.csv``."""
    return datasets.load("claims")


def recompute(claim: pd.Series, tables: dict[str, pd.DataFrame] | None = None) -> Recomputed:
    """Recompute one claim from the datasets."""
    if claim.op == "none":
        return Recomputed(None, claim.rule)
    tables = tables if tables is not None else {}
    frame = tables.get(claim.dataset)
    if frame is None:
        frame = datasets.load(claim.dataset)
    return OPS[claim.op](frame, claim)


def _field(claim: object, key: str) -> object:
    """A claim's field, whether the claim is a Series (where ``.compare`` is a method) or a row tuple."""
    return claim[key] if isinstance(claim, pd.Series) else getattr(claim, key)


def verdict(claim: pd.Series, value: float | None) -> str:
    """Compare a recomputed value with the stated one under the claim's rule."""
    if value is None:
        return "cannot be checked"
    stated = float(_field(claim, "stated_value"))
    tolerance = _field(claim, "tolerance")
    tolerance = 0.0 if pd.isna(tolerance) else float(tolerance)
    checks = {
        "equal": abs(value - stated) <= tolerance + 1e-9,
        "above": value > stated,
        "below": value < stated,
        "at_most": value <= stated + tolerance,
        "nearly": stated - tolerance <= value <= stated,
    }
    return "consistent" if checks[_field(claim, "compare")] else "differs"


def audit(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every claim with its recomputed value and computed verdict."""
    claims = load_claims() if claims is None else claims
    tables = {name: datasets.load(name) for name in claims["dataset"].dropna().unique()}
    rows = []
    for claim in claims.itertuples(index=False):
        result = recompute(pd.Series(claim._asdict()), tables)
        rows.append(
            {"recomputed": result.value, "recompute_note": result.note, "verdict": verdict(claim, result.value)}
        )
    out = pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    out["recomputed"] = out["recomputed"].astype("Float64")
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    return out


def threshold_curve(claim: pd.Series, thresholds: np.ndarray | None = None) -> pd.DataFrame:
    """For a threshold claim, the recomputed count at each cut-off near the stated one."""
    if claim.op != "count_where":
        raise ValueError(f"claim {claim.claim_id} is not a threshold count")
    column = _column(datasets.load(claim.dataset), claim.column)
    centre = float(claim.threshold)
    if thresholds is None:
        thresholds = np.round(np.arange(centre - 10, centre + 10.01, 0.1), 1)
    counts = [count_where(column, claim.selector, float(t)) for t in thresholds]
    return pd.DataFrame({"claim_id": claim.claim_id, "threshold": thresholds, "count": counts})

"""Recompute every claim, judge it against the stated figure and explain the differences.

One flow: registry rows become :class:`~companion.claims.registry.Claim` objects once
(``claims_from``), and the tables they read are loaded once (:func:`tables_for`, the only place
that loads a source table). Every function given ``tables`` reads those and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from companion import datasets
from companion.claims.explanations import explain
from companion.claims.registry import COMPARES, Claim, Recomputed, Tables, claims_from, require_claim

VERDICTS = ["consistent", "differs", "cannot be checked"]


def load_claims() -> pd.DataFrame:
    """The claims registry as stored in ``data/claims.csv``."""
    return datasets.load("claims")


def tables_for(claims: pd.DataFrame | Iterable[Claim]) -> dict[str, pd.DataFrame]:
    """Every source table the claims read, loaded once: the audit's only access to the datasets."""
    registry = claims_from(claims) if isinstance(claims, pd.DataFrame) else claims
    names = {name for claim in registry for name in claim.reads}
    return {name: datasets.load(name) for name in sorted(names)}


def recompute(claim: Claim, tables: Tables) -> Recomputed:
    """Recompute one claim from the source tables (which must hold every dataset in ``claim.reads``)."""
    record = require_claim(claim).operation
    if record is None:
        return Recomputed(None, claim.rule)
    return record.compute(tables, claim)


def verdict(claim: Claim, value: float | None, bounds: tuple[float | None, float | None] = (None, None)) -> str:
    """Compare a recomputed value with the stated one under the claim's rule.

    With ``bounds`` (what the data allow when they cover only part of the statement), a
    ``within_bounds`` claim is consistent when the stated figure, give or take its tolerance,
    overlaps them.
    """
    require_claim(claim)
    if value is None:
        return "cannot be checked"
    low, high = bounds
    if claim.compare == "within_bounds" and low is not None and high is not None:
        s, tol = claim.stated_value, claim.tolerance
        return "consistent" if s - tol <= high + 1e-9 and s + tol >= low - 1e-9 else "differs"
    return "consistent" if COMPARES[claim.compare](value, claim.stated_value, claim.tolerance) else "differs"


def judge(claim: Claim, result: Recomputed) -> str:
    """The verdict on a recomputation: :func:`verdict` with the bounds the recomputation found."""
    return verdict(claim, result.value, (result.low, result.high))


def audit(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """Every claim with its recomputed value, computed verdict and, for differences, computed explanation.

    Without ``tables`` the tables the claims read are loaded (:func:`tables_for`); given ``tables``, only
    they are read.
    """
    claims = load_claims() if claims is None else claims
    registry = claims_from(claims)
    tables = tables_for(registry) if tables is None else tables
    rows = []
    for claim in registry:
        result = recompute(claim, tables)
        found = judge(claim, result)
        rows.append(
            {
                "recomputed": result.value,
                "allowed": "" if result.low is None else f"{result.low:.1f} to {result.high:.1f}",
                "recompute_note": result.note,
                "verdict": found,
                "explanation": explain(claim, result, tables) if found == "differs" else "",
            }
        )
    out = pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    out["recomputed"] = out["recomputed"].astype("Float64")
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    return out

"""Sensitivity of the verdicts to the rules chosen, and of threshold counts to their cut-offs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from companion.claims.explanations import interval_words, reproducing_range, threshold_claim
from companion.claims.registry import STRICT_SWAP, Claim, Tables, claims_from, values
from companion.claims.verdicts import audit, load_claims, tables_for
from companion.schools import count_where

# How far either side of a stated cut-off threshold_curve looks (points of the measure).
CURVE_SPAN = 10
NO_CUTOFF = "none: tied values make the count jump past it"


def rule_variants(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The claims under other reasonable rules.

    Tolerances halved, doubled or zero; strictness swapped; district-wide shares judged on the
    schools Table 1 prints as if they were the whole district; and the contested study 16
    placed as its appendix row places it rather than as the review's text groups it.
    """
    variants = {}
    for name, factor in (("tolerance doubled", 2.0), ("tolerance halved", 0.5), ("no tolerance", 0.0)):
        changed = claims.copy()
        changed["tolerance"] = changed["tolerance"] * factor
        variants[name] = changed
    swapped = claims.copy()
    threshold = swapped["op"] == "count_where"
    swapped.loc[threshold, "selector"] = swapped.loc[threshold, "selector"].map(STRICT_SWAP)
    variants["strict and inclusive swapped"] = swapped
    whole = claims.copy()
    whole.loc[whole["compare"] == "within_bounds", "compare"] = "equal"
    variants["Table 1 taken as the whole district"] = whole
    appendix = claims.copy()
    appendix.loc[appendix["reading"] == "text", "reading"] = "appendix"
    variants["study 16 placed as its appendix row places it"] = appendix
    return variants


def sensitivity(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """For each rule variant, how many verdicts change and which claims they are."""
    claims = load_claims() if claims is None else claims
    tables = tables_for(claims) if tables is None else tables
    base = audit(claims, tables).set_index("claim_id")["verdict"].astype(str)
    rows = []
    for name, variant in rule_variants(claims).items():
        other = audit(variant, tables).set_index("claim_id")["verdict"].astype(str)
        moved = base.index[base != other]
        rows.append(
            {
                "rule": name,
                "consistent": int((other == "consistent").sum()),
                "differs": int((other == "differs").sum()),
                "n_changed": len(moved),
                "changed": ", ".join(f"{i} ({base[i]} to {other[i]})" for i in moved),
            }
        )
    return pd.DataFrame(rows)


def threshold_curve(claim: Claim, tables: Tables, thresholds: np.ndarray | None = None) -> pd.DataFrame:
    """For a threshold claim, the recomputed count at each cut-off near the stated one."""
    threshold_claim(claim)
    column = values(tables, claim)
    op, stated = str(claim.selector), float(claim.threshold or 0.0)
    if thresholds is None:
        span = CURVE_SPAN
        thresholds = np.round(np.arange(stated - span, stated + span + 0.01, 0.1), 1)
    counts = [count_where(column, op, float(t)) for t in thresholds]
    return pd.DataFrame({"claim_id": claim.claim_id, "threshold": thresholds, "count": counts})


def threshold_curves(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """:func:`threshold_curve` of every threshold claim in ``claims`` (registry or audit rows), one after another."""
    claims = load_claims() if claims is None else claims
    threshold = [claim for claim in claims_from(claims) if claim.op == "count_where"]
    if not threshold:
        return pd.DataFrame({"claim_id": [], "threshold": [], "count": []})
    tables = tables_for(threshold) if tables is None else tables
    return pd.concat([threshold_curve(claim, tables) for claim in threshold], ignore_index=True)


def reproducing_cutoffs(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """For every threshold claim, the exact interval of cut-offs that reproduce its stated count.

    One row per claim: ``low`` and ``high`` (NaN when no cut-off gives the stated count: ties make
    the count jump past it), whether each bound is itself such a cut-off, and ``words``, the
    interval as the book prints it.
    """
    claims = load_claims() if claims is None else claims
    threshold = [claim for claim in claims_from(claims) if claim.op == "count_where"]
    tables = tables_for(threshold) if tables is None else tables
    rows = []
    for claim in threshold:
        present = values(tables, claim).astype("Float64").dropna().astype(float).to_numpy()
        found = reproducing_range(present, str(claim.selector), int(claim.stated_value))
        low, high, low_closed, high_closed = found if found else (np.nan, np.nan, False, False)
        words = interval_words(*found) if found else NO_CUTOFF
        rows.append(
            {
                "claim_id": claim.claim_id,
                "low": low,
                "high": high,
                "low_closed": low_closed,
                "high_closed": high_closed,
                "words": words,
            }
        )
    return pd.DataFrame(rows, columns=["claim_id", "low", "high", "low_closed", "high_closed", "words"])

"""Every claim can fail: mutating the source tables it reads moves its verdict.

A consistent claim is pushed away from its stated figure, a differing one toward it, by small
edits to the source tables (drop a row, repeat a row, add a row with a new key, rescale a
column, set one cell), until the verdict changes. A claim whose recomputation ignored the
tables, or read its own typed figure back, could not be moved and fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest

from companion import claims, datasets

CLAIMS = claims.load_claims()
BY_ID = {claim.claim_id: claim for claim in claims.claims_from(CLAIMS)}
TABLES = claims.tables_for(CLAIMS)
AUDIT = claims.audit(CLAIMS, TABLES).set_index("claim_id")
MAX_STEPS = 8
# Datasets of figures typed from the sources' prose: checking a sentence against them would read it back.
TYPED_FROM_PROSE = {"district2_facts", "leithwood_search"}


def _value_columns(claim: claims.Claim) -> list[str]:
    if claim.column is None:
        return []
    if "+" in claim.column:
        return [f"{p}_pct" for p in claim.column.split("+")]
    return [claim.column]


def _candidates(claim: claims.Claim, tables: dict[str, pd.DataFrame], toward: float | None) -> Iterator[dict]:
    """Single edits of the tables the claim reads: each yields a new tables dict."""
    frame = tables[claim.dataset]
    columns = [c for c in _value_columns(claim) if pd.api.types.is_numeric_dtype(frame[c])]
    value = claims.recompute(claim, tables).value
    factors = [0.5, 1.5] + ([claim.stated_value / value] if toward is not None and value else [])
    for factor in factors:
        changed = frame.copy()
        for c in columns:
            changed[c] = changed[c].astype("Float64") * factor
        yield {**tables, claim.dataset: changed}
    for c in columns:
        for i in range(len(frame)):
            changed = frame.copy()
            changed[c] = changed[c].astype("Float64")
            changed.loc[changed.index[i], c] = claim.stated_value
            yield {**tables, claim.dataset: changed}
    text_columns = [c for c in _value_columns(claim) if c in frame and not pd.api.types.is_numeric_dtype(frame[c])]
    for c in text_columns:  # a number printed in a text cell (an appendix sample): one more, or the stated one
        for i in range(len(frame)):
            cell = frame[c].iloc[i]
            if not isinstance(cell, str) or not re.search(r"\d", cell):
                continue
            for number in (lambda m: str(int(m.group()) + 1), lambda m: f"{claim.stated_value:g}"):
                changed = frame.copy()
                changed.loc[changed.index[i], c] = re.sub(r"\d+", number, cell)
                yield {**tables, claim.dataset: changed}
    for name in claim.reads:
        frame = tables[name]
        for i in range(len(frame)):
            yield {**tables, name: frame.drop(frame.index[i])}
            yield {**tables, name: pd.concat([frame, frame.iloc[[i]]], ignore_index=True)}
        key = claim.column if name == claim.dataset and claim.column in frame else frame.columns[0]
        if len(frame):
            fresh = frame.iloc[[0]].copy()
            numeric = pd.api.types.is_numeric_dtype(frame[key])
            fresh[key] = frame[key].max() + 1 if numeric else "a value not in the table"
            yield {**tables, name: pd.concat([frame, fresh], ignore_index=True)}


def _away(compare: str, new: float, old: float, stated: float) -> bool:
    """Does the edit move the value toward failing the comparison?"""
    if compare == "above":
        return new < old
    if compare in ("below", "at_most", "nearly"):
        return new > old
    if compare == "at_least":
        return new < old
    return new != old and abs(new - stated) >= abs(old - stated)


def _flip(claim: claims.Claim) -> tuple[str, str, int]:
    """Edit the tables step by step until the verdict changes; returns (before, after, steps)."""
    tables = dict(TABLES)
    result = claims.recompute(claim, tables)
    value, before = result.value, claims.judge(claim, result)
    stated = claim.stated_value
    for step in range(1, MAX_STEPS + 1):
        if before == "differs":  # move toward the stated figure: the edit that gets closest
            best, best_gap = None, abs(value - stated)
            for option in _candidates(claim, tables, toward=stated):
                try:
                    found = claims.recompute(claim, option)
                except (KeyError, TypeError, ValueError, ZeroDivisionError):
                    continue
                if found.value is not None and abs(found.value - stated) < best_gap - 1e-12:
                    best, best_gap = (option, found), abs(found.value - stated)
            if best is None:
                break
            tables, result = best
        else:  # move away from it: the first edit that changes the value
            for option in _candidates(claim, tables, toward=None):
                try:
                    found = claims.recompute(claim, option)
                except (KeyError, TypeError, ValueError, ZeroDivisionError):
                    continue
                if found.value is not None and _away(claim.compare, found.value, value, stated):
                    tables, result = option, found
                    break
            else:
                break
        value = result.value
        after = claims.judge(claim, result)
        if after != before:
            return before, after, step
    return before, before, MAX_STEPS


CHECKABLE = sorted(CLAIMS.loc[CLAIMS["op"] != "none", "claim_id"])
UNCHECKABLE = sorted(CLAIMS.loc[CLAIMS["op"] == "none", "claim_id"])


def test_the_mutation_tests_cover_every_claim():
    assert set(CHECKABLE) | set(UNCHECKABLE) == set(CLAIMS["claim_id"])


@pytest.mark.heavy  # up to 8 rounds of single-cell edits per claim
@pytest.mark.parametrize("claim_id", CHECKABLE)
def test_mutating_the_source_tables_moves_the_verdict(claim_id):
    before, after, _steps = _flip(BY_ID[claim_id])
    assert before == AUDIT.loc[claim_id, "verdict"]
    assert after != before, f"{claim_id}: no edit of its source tables moved the verdict ({before})"


@pytest.mark.parametrize("claim_id", UNCHECKABLE)
def test_claims_that_cannot_be_checked_stay_so_and_say_why(claim_id):
    emptied = {name: frame.iloc[: len(frame) // 2] for name, frame in datasets.load_all().items()}
    assert claims.recompute(BY_ID[claim_id], emptied).value is None
    assert AUDIT.loc[claim_id, "verdict"] == "cannot be checked"
    reason = AUDIT.loc[claim_id, "rule"]
    assert isinstance(reason, str) and len(reason.split()) >= 8, f"{claim_id}: the reason is missing or too short"


@pytest.mark.parametrize("claim_id", CHECKABLE)
def test_no_claim_reads_figures_typed_from_prose(claim_id):
    claim = BY_ID[claim_id]
    assert claim.dataset not in TYPED_FROM_PROSE, f"{claim_id} recomputes from prose figures ({claim.dataset})"

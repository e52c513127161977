"""The claims audit as one typed flow: rows become :class:`Claim` once, and only the tables given are read."""

from __future__ import annotations

from dataclasses import fields, replace

import pandas as pd
import pytest

from companion import claims, datasets

REGISTRY = claims.load_claims()
CLAIMS = {claim.claim_id: claim for claim in claims.claims_from(REGISTRY)}
TABLES = claims.tables_for(REGISTRY)


def _refuse(name: str, *args: object, **kwargs: object) -> pd.DataFrame:
    raise AssertionError(f"datasets.load({name!r}) called inside the audit")


def test_a_claim_from_a_row_has_typed_fields():
    e10 = CLAIMS["E10"]
    assert e10 == claims.Claim.from_row(REGISTRY.set_index("claim_id", drop=False).loc["E10"])
    assert (e10.op, e10.selector, e10.threshold, e10.stated_value) == ("count_where", ">", 66.667, 18.0)
    assert e10.reads == ("district2_schools",)
    for claim in CLAIMS.values():
        for field in fields(claims.Claim):
            value = getattr(claim, field.name)
            allowed = {"str": str, "float": float}[field.type.split(" |")[0]]
            assert isinstance(value, allowed) or (value is None and "None" in field.type), (claim.claim_id, field.name)
    blank = next(c for c in CLAIMS.values() if pd.isna(REGISTRY.set_index("claim_id").loc[c.claim_id, "tolerance"]))
    assert blank.tolerance == 0.0  # an empty tolerance means none
    unchecked = next(c for c in CLAIMS.values() if c.op == "none")
    assert unchecked.reads == ()
    assert CLAIMS["B01"].reads == ("brief_elements", "brief_citations")


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("op", "median", "must be one of sum, count_rows"),
        ("compare", "roughly", "must be one of equal, above, below, at_most, at_least, nearly, within_bounds"),
        ("selector", "=>", "op count_where compares with one of <, <=, >, >="),
        ("threshold", None, "op count_where needs a cut-off"),
        ("dataset", None, "op count_where needs a dataset"),
        ("stated_value", "eighteen", "must be a number"),
    ],
)
def test_a_bad_row_names_claim_column_value_and_rule(column, value, rule):
    row = REGISTRY.set_index("claim_id", drop=False).loc["E10"].astype(object)
    row[column] = value
    with pytest.raises(claims.ClaimError) as caught:
        claims.Claim.from_row(row)
    error = caught.value
    assert (error.claim_id, error.column, error.value) == ("E10", column, value)
    assert str(error).startswith(f"data/claims.csv, claim E10, column {column!r}, value {value!r}: {rule}")


def test_the_audit_reads_only_the_tables_it_is_given(monkeypatch):
    monkeypatch.setattr(datasets, "load", _refuse)
    audit = claims.audit(REGISTRY, TABLES)
    assert len(audit) == len(REGISTRY)
    claims.sensitivity(REGISTRY, TABLES)
    claims.threshold_curves(REGISTRY, TABLES)
    e10 = CLAIMS["E10"]
    claims.threshold_curve(e10, TABLES)
    claims.cutoff_facts(e10, TABLES)
    for claim in CLAIMS.values():
        claims.explain(claim, claims.recompute(claim, TABLES), TABLES)


@pytest.mark.parametrize("missing", ["district2_schools", "leithwood_evidence", "brief_citations"])
def test_a_missing_table_is_named(missing):
    tables = {name: frame for name, frame in TABLES.items() if name != missing}
    with pytest.raises(KeyError) as caught:
        claims.audit(REGISTRY, tables)
    assert isinstance(caught.value, claims.MissingTableError)
    assert f"reads dataset {missing!r}, which the tables given do not hold" in str(caught.value)
    assert "companion.claims.tables_for" in str(caught.value)


def test_the_threshold_explanation_needs_its_table():
    with pytest.raises(KeyError, match="claim E10 reads dataset 'district2_schools'"):
        claims.cutoff_facts(CLAIMS["E10"], {})
    with pytest.raises(KeyError, match="claim E10 reads dataset 'district2_schools'"):
        claims.threshold_curve(CLAIMS["E10"], {})


def test_recompute_and_verdict_take_only_claims():
    row = REGISTRY.set_index("claim_id", drop=False).loc["E10"]
    for call in (
        lambda: claims.recompute(row, TABLES),
        lambda: claims.verdict(row, 18.0),
        lambda: claims.explain(row, claims.Recomputed(19.0), TABLES),
        lambda: claims.cutoff_facts(row, TABLES),
        lambda: claims.threshold_curve(row, TABLES),
    ):
        with pytest.raises(TypeError, match=r"expected a companion\.claims\.Claim .* got Series"):
            call()
    assert claims.verdict(replace(CLAIMS["E10"], stated_value=19.0), 19.0) == "consistent"


def test_audit_rows_give_back_the_same_claims():
    """The audit keeps every registry column, so its rows rebuild the claims (as the book's notebook does)."""
    assert claims.claims_from(claims.audit(REGISTRY, TABLES)) == list(CLAIMS.values())

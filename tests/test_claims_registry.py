"""The claims operations are one registry: one whole record per operation, registered by name."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from companion import claims, datasets


@pytest.mark.parametrize("name", sorted(claims.OPERATIONS))
def test_every_operation_has_its_whole_record(name):
    record = claims.OPERATIONS[name]
    assert record.name == name
    assert claims.missing_parts(record) == [], f"operation {name} lacks {claims.missing_parts(record)}"


def test_a_record_without_a_part_is_reported():
    whole = claims.OPERATIONS["sum"]
    assert claims.missing_parts(dataclasses.replace(whole, phrase=" ")) == ["phrase"]
    assert claims.missing_parts(dataclasses.replace(whole, explain=None)) == ["explain"]
    assert claims.missing_parts(dataclasses.replace(whole, compute="sum")) == ["compute"]
    assert claims.missing_parts(dataclasses.replace(whole, reads=["x"])) == ["reads"]
    assert claims.missing_parts(dataclasses.replace(whole, selector=None)) == ["selector"]


def test_registering_needs_every_part():
    with pytest.raises(TypeError):
        claims.operation("incomplete", reads=(), selector=False, phrase="something")  # no explain


def test_an_operation_cannot_be_registered_twice():
    with pytest.raises(ValueError, match="registered twice"):
        claims.operation("sum", reads=(), selector=False, phrase="x", explain=claims.explain_gap)(lambda t, c: None)


def test_every_operation_the_registry_uses_is_registered():
    used = set(claims.load_claims()["op"].dropna()) - {"none"}
    assert used <= set(claims.OPERATIONS)


def test_one_registration_is_all_an_operation_needs():
    """A new operation, registered in one place, is parsed, read, recomputed, judged and explained."""

    @claims.operation(
        "example_mean",
        reads=("district2_facts",),
        selector=False,
        phrase="the mean of {column} in {dataset}",
        explain=claims.explain_gap,
    )
    def mean(tables, claim):
        return claims.Recomputed(float(tables[claim.dataset][claim.column].mean()))

    try:
        row = {
            "claim_id": "X1",
            "stated_value": 1.0,
            "unit": "schools",
            "dataset": "district2_schools",
            "column": "enrollment",
            "op": "example_mean",
            "selector": None,
            "threshold": None,
            "compare": "equal",
            "rule": "",
            "tolerance": 0.0,
        }
        claim = claims.Claim.from_row(row)
        assert claim.reads == ("district2_schools", "district2_facts")
        tables = claims.tables_for([claim])
        result = claims.recompute(claim, tables)
        expected = datasets.load("district2_schools")["enrollment"].mean()
        assert result.value == pytest.approx(expected)
        assert claims.judge(claim, result) == "differs"
        assert "the mean of enrollment in district2_schools" in claims.explain(claim, result, tables)
        audited = claims.audit(pd.DataFrame([row]), tables)
        assert audited.loc[0, "verdict"] == "differs"
    finally:
        del claims.OPERATIONS["example_mean"]


def test_the_data_schema_admits_exactly_the_registered_operations():
    """data/datapackage.json's enum for ``op`` (what frictionless checks) follows the registry."""
    package = json.loads(
        (Path(__file__).resolve().parents[1] / "data" / "datapackage.json").read_text(encoding="utf-8")
    )
    resource = next(r for r in package["resources"] if r["name"] == "claims")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "op")
    assert sorted(field["constraints"]["enum"]) == sorted([*claims.OPERATIONS, "none"])

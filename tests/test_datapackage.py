"""data/datapackage.json is a valid Frictionless data package that agrees with the files."""

from __future__ import annotations

import json

import pytest

from companion import datasets

frictionless = pytest.importorskip("frictionless")


def test_frictionless_validates_every_resource():
    report = frictionless.validate(str(datasets.data_dir() / "datapackage.json"))
    problems = [task.errors[:3] for task in report.tasks if not task.valid]
    assert report.valid, problems


def test_every_resource_documents_source_notes_and_fields():
    package = json.loads((datasets.data_dir() / "datapackage.json").read_text())
    assert package["licenses"] and "x-rights-statement" in package
    for resource in package["resources"]:
        source = resource["sources"][0]
        assert source["path"].startswith("shared/seeds/") or source["title"].endswith("(editorial)")
        assert resource["sources"][0]["section"], resource["name"]
        assert resource["notes"], resource["name"]
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
            if field["name"].endswith("_pct"):
                assert field["constraints"]["minimum"] == 0 and field["constraints"]["maximum"] == 100
                assert field["unit"] == "percent"

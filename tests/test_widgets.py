"""The live-kernel school profile explorer, driven like a reader would."""

from __future__ import annotations

import pytest

from companion.widgets import SchoolProfile
from tests.pins import printed


@pytest.fixture(scope="module")
def explorer():
    return SchoolProfile.from_datasets()


def test_changing_the_dropdown_updates_the_profile(explorer):
    explorer.dropdown.value = 1
    before = explorer.output.value
    assert "School 1 (elementary)" in before and "95.2" in before
    explorer.dropdown.value = 875
    after = explorer.output.value
    assert after != before
    assert "School 875 (elementary)" in after and "no value" in after  # 875 has no lunch figure


def test_profile_places_the_school_among_the_others(explorer):
    table = explorer.table(42).set_index("measure")
    lep = table.loc["Limited English proficient (%)"]
    printed(lep["value"], 57.0, "Table 1 prints 57.0 for school 42 (limited English proficient, %)")
    assert lep["schools below"] == 42 and lep["schools reporting"] == 43
    assert "Lowest reading quartile (%), Table 2 042" in table.index


def test_unmatched_school_has_no_reading_rows(explorer):
    assert not any("reading" in m for m in explorer.table(218)["measure"])

"""Tables for readers (companion.tables.reader_table): what a reader sees in every table of the book."""

from __future__ import annotations

import pandas as pd

from companion import datasets
from companion.tables import MISSING, reader_table


def test_coded_values_are_shown_in_words():
    framework = datasets.load("rapid_improvement_framework")
    table = reader_table(framework[["component", "label"]])
    components = {row[0] for row in table.rows}
    assert components == {"pathway step", "catalyst", "key driver", "informing study", "additional reference"}


def test_free_text_keeps_its_underscores():
    frame = pd.DataFrame({"note": ["see district2_schools"]})
    assert reader_table(frame).rows == [["see district2_schools"]]


def test_headers_come_from_titles_then_a_readable_name():
    schools = datasets.load("district2_schools")
    table = reader_table(schools[["school", "frl_pct", "lep_pct"]], titles={"school": "School"})
    assert table.headers == ["School", "Free/reduced lunch %", "LEP %"]


def test_whole_numbers_missing_values_and_index():
    frame = pd.DataFrame({"n": [22000.0, 3.0], "share": [12.5, None]}, index=[5, 9])
    table = reader_table(frame)
    assert table.rows == [["22,000", "12.5"], ["3", MISSING]]
    assert table.headers == ["N", "Share"]

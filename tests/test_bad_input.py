"""Hand-edited CSVs that break a rule fail with one message naming file, line, column, value and rule.

Every broken copy is also run through ``frictionless.validate`` (frictionless-py, the Table Schema
reference implementation), so the companion's validator and the published schema cannot drift: a
rule frictionless also enforces must make it report an error, and a rule only the companion
enforces is named as such, with its reason (``BEYOND``), and frictionless must accept that copy.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import frictionless
import pytest

from companion import _validation, datasets
from companion.datasets import DataValidationError


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# Rules only companion.datasets enforces, and why frictionless-py cannot see them.
BEYOND = {
    "cross-field": "a companion rule (x-companion-checks): Table Schema has no constraint across a row's fields",
    "cross-table": "a companion rule (x-companion-checks) comparing two tables: Table Schema has none",
    "rows": "Table Schema allows a table with no rows; the companion's tables are printed ones and have rows",
    "provenance": "Data Package makes 'sources' optional; the companion requires every resource's provenance",
    "digits": "frictionless-py parses numbers with Python, which accepts non-ASCII digits and '_' separators",
    "extension": "the companion's own x-companion-checks key, which frictionless ignores",
    "unique-non-null": "a companion rule (x-companion-checks unique_non_null): unique among the filled cells",
    "list-cell": "a companion rule (x-companion-checks list_in) on the parts of a '; '-separated cell",
}


def frictionless_errors(folder: Path, name: str) -> set[str]:
    """The error types frictionless-py reports for resource ``name`` of the package in ``folder``."""
    try:
        package = frictionless.Package(str(folder / "datapackage.json"))
    except frictionless.FrictionlessException as error:
        return {error.error.type}
    report = package.get_resource(name).validate()
    return {e.type for task in report.tasks for e in task.errors} | {e.type for e in report.errors}


def failure(folder: Path, name: str, *, beyond: str | None = None) -> DataValidationError:
    """The companion's error for ``name``, after checking frictionless-py agrees (or, with ``beyond``, cannot)."""
    with pytest.raises(DataValidationError) as caught:
        datasets.load(name, folder)
    seen = frictionless_errors(folder, name)
    if beyond is None:
        assert seen, f"frictionless.validate accepts what companion.datasets refuses ({caught.value.rule})"
    else:
        assert not seen, f"frictionless now reports {sorted(seen)} too; drop beyond={beyond!r} ({BEYOND[beyond]})"
    return caught.value


def accepted(folder: Path, name: str, *, frictionless_reports: frozenset[str] = frozenset()) -> None:
    """The companion loads ``name`` as in the real package; frictionless-py reports exactly ``frictionless_reports``."""
    assert datasets.load(name, folder).equals(datasets.load(name))
    assert frictionless_errors(folder, name) == frictionless_reports


def test_non_numeric_value_names_file_line_column_value_rule(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary,685,95.2", "1,1,elementary,685,9S.2")
    error = failure(data_copy, "district2_schools")
    where = (Path(error.file).name, error.line, error.column, error.value)
    assert where == ("district2_schools.csv", 2, "frl_pct", "9S.2")
    assert "not a number" in str(error)
    assert re.search(r"district2_schools\.csv, line 2, column 'frl_pct', value '9S\.2': not a number", str(error))


def test_percentage_above_100(data_copy):
    edit(data_copy, "district2_reading_1997", "6,033,elementary,24.3,19.1", "6,033,elementary,243,19.1")
    error = failure(data_copy, "district2_reading_1997")
    assert (error.line, error.column, error.value) == (7, "lowest_quartile_pct", "243")
    assert "above the maximum 100" in error.rule


def test_race_shares_far_from_100(data_copy):
    edit(data_copy, "district2_schools", "1.5,9.2,12.6,76.8", "15,9.2,12.6,76.8")
    error = failure(data_copy, "district2_schools", beyond="cross-field")
    assert error.line == 2 and error.column == "white_pct"
    assert "= 113.6, not 100" in error.rule


def test_missing_column(data_copy):
    path = data_copy / "ospi_themes.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(",".join(line.split(",")[:2]) for line in lines[:1]) + "\n" + "\n".join(lines[1:]))
    error = failure(data_copy, "ospi_themes")
    assert error.line == 1 and "missing column(s) ['theme', 'summary']" in error.rule


def test_extra_unknown_column(data_copy):
    edit(data_copy, "reading_benchmarks_1997", "source,note", "source,note,comment")
    error = failure(data_copy, "reading_benchmarks_1997")
    assert "unknown column(s) ['comment']" in error.rule


def test_duplicate_key(data_copy):
    edit(data_copy, "district2_schools", "\n3,3,elementary", "\n3,2,elementary")
    error = failure(data_copy, "district2_schools")
    assert (error.line, error.column, error.value) == (4, "school", 2)
    assert "duplicate key ['school'] (also on line 3)" in error.rule


def test_evidence_link_to_unknown_study(data_copy):
    edit(data_copy, "leithwood_evidence", "4,20,4\n", "4,32,4\n")
    error = failure(data_copy, "leithwood_evidence")
    assert error.column == "study_id" and error.value == 32
    assert "refers to no row of leithwood_studies.study_id" in error.rule


def test_count_disagrees_with_studies_reported(data_copy):
    edit(data_copy, "leithwood_characteristics", '"5, 8, 13, 20",4', '"5, 8, 13, 20",5')
    error = failure(data_copy, "leithwood_characteristics", beyond="cross-table")
    assert (error.line, error.column, error.value) == (5, "studies_reported", 5)
    assert "leithwood_evidence lists 4 row(s) for characteristic_id 4" in error.rule


def test_missing_required_value(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary,685", "1,1,elementary,NA")
    error = failure(data_copy, "district2_schools")
    assert error.column == "enrollment" and "required" in error.rule


def test_value_outside_enum(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary", "1,1,Elementary")
    assert "not one of ['elementary', 'intermediate']" in failure(data_copy, "district2_schools").rule


def test_empty_file(data_copy):
    (data_copy / "brief_elements.csv").write_text("")
    error = failure(data_copy, "brief_elements")
    assert "empty" in error.rule and error.file.endswith("brief_elements.csv")


def test_header_only_file(data_copy):
    path = data_copy / "brief_elements.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    assert "no data rows" in failure(data_copy, "brief_elements", beyond="rows").rule


def test_missing_file(data_copy):
    (data_copy / "ospi_questions.csv").unlink()
    error = failure(data_copy, "ospi_questions")
    assert error.rule == "file not found" and error.file.endswith("ospi_questions.csv")


def test_ragged_row(data_copy):
    edit(data_copy, "reading_benchmarks_1997", "Citywide,23.9,", "Citywide,23.9,1,")
    error = failure(data_copy, "reading_benchmarks_1997")
    assert error.line == 3 and "cells but the header has" in error.rule


def test_byte_order_mark_loads(data_copy):
    path = data_copy / "district2_schools.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    accepted(data_copy, "district2_schools")


def test_windows_line_endings_load(data_copy):
    path = data_copy / "district2_strategy.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    accepted(data_copy, "district2_strategy")


def test_a_fixed_file_is_read_again(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary,685,95.2", "1,1,elementary,685,x")
    failure(data_copy, "district2_schools")
    edit(data_copy, "district2_schools", "1,1,elementary,685,x", "1,1,elementary,685,95.2")
    assert len(datasets.load("district2_schools", data_copy)) == 43


def test_error_is_a_single_line_message_not_a_traceback_chain(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary,685,95.2", "1,1,elementary,685,x")
    error = failure(data_copy, "district2_schools")
    assert "\n" not in str(error)
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)


def test_repeated_name_that_disagrees_with_its_lookup(data_copy):
    edit(data_copy, "ospi_questions", "1,Focus on All Students Learning,1,", "1,Focus on All Student Learning,1,")
    error = failure(data_copy, "ospi_questions", beyond="cross-table")
    assert error.column == "theme" and "ospi_themes names theme_id 1" in error.rule


# --- datapackage.json mistakes, encodings, line numbers, digits, trailing lines, where the data is -----


def _edit_package(folder: Path, change) -> str:
    """Apply ``change`` to the parsed datapackage.json, write it back indented; return the new text."""
    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(package)
    text = json.dumps(package, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return text


def _line(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


def _resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


def test_package_without_resources_names_the_key(data_copy):
    _edit_package(data_copy, lambda p: p.pop("resources"))
    error = failure(data_copy, "district2_schools")
    assert (Path(error.file).name, error.line, error.column) == ("datapackage.json", 1, "resources")
    assert "'resources' list" in error.rule


def test_resource_without_sources_names_the_resource_and_its_line(data_copy):
    text = _edit_package(data_copy, lambda p: _resource(p, "district2_schools").pop("sources"))
    error = failure(data_copy, "district2_schools", beyond="provenance")
    assert Path(error.file).name == "datapackage.json" and error.column == "sources"
    assert error.line == _line(text, '"name": "district2_schools"')
    assert "resource 'district2_schools' needs a 'sources' list" in error.rule


def test_unsupported_field_type_names_field_value_and_line(data_copy):
    def to_date(package: dict) -> None:
        _resource(package, "district2_schools")["schema"]["fields"][2]["type"] = "date"

    text = _edit_package(data_copy, to_date)
    error = failure(data_copy, "district2_schools")
    field_name = json.loads(text)["resources"][0]["schema"]["fields"][2]["name"]
    assert (error.column, error.value) == (field_name, "date")
    assert error.line == _line(text, '"type": "date"')
    assert "not one companion.datasets reads (use one of integer, number, string, boolean)" in error.rule


def test_non_utf8_byte_far_into_a_file_gets_its_line_and_column(data_copy):
    path = data_copy / "claims.csv"
    lines = path.read_bytes().split(b"\n")
    assert len(b"\n".join(lines[:-3])) > 8192  # beyond the first chunk a text decoder reads
    target = len(lines) - 3  # 0-based index of the line we break
    column = next(csv.reader([lines[0].decode()])).index("statement")
    statement = next(csv.reader([lines[target].decode()]))[column].encode()
    assert b"e" in statement
    lines[target] = lines[target].replace(statement, statement.replace(b"e", b"\xe9", 1), 1)
    assert b"\xe9" in lines[target]
    path.write_bytes(b"\n".join(lines))
    error = failure(data_copy, "claims")
    assert (error.line, error.column, error.value) == (target + 1, "statement", "\\xe9")
    assert "not UTF-8 text" in error.rule and "save the file as UTF-8" in error.rule


def test_quoted_field_spanning_lines_keeps_later_line_numbers_right(data_copy):
    question = "How does the district build and spread a shared focus on better student learning?"
    edit(
        data_copy,
        "ospi_questions",
        question,
        '"' + question.replace(" a shared", "\na shared").replace(" on", "\non") + '"',
    )
    edit(data_copy, "ospi_questions", "1,Focus on All Students Learning,2,", "1,Focus on All Students Learning,x,")
    text = (data_copy / "ospi_questions.csv").read_text()
    error = failure(data_copy, "ospi_questions")
    assert (error.column, error.value) == ("question_number", "x")
    assert error.line == _line(text, "Learning,x,") == 5


def test_fullwidth_digits_are_not_a_whole_number(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary,685,", "1,1,elementary,\uff16\uff18\uff15,")
    error = failure(data_copy, "district2_schools", beyond="digits")
    assert (error.line, error.column, error.value) == (2, "enrollment", "\uff16\uff18\uff15")
    assert "ASCII digits" in error.rule


def test_underscore_inside_a_number_is_rejected(data_copy):
    edit(data_copy, "district2_schools", "1,1,elementary,685,95.2", "1,1,elementary,685,9_5.2")
    error = failure(data_copy, "district2_schools", beyond="digits")
    assert (error.line, error.column, error.value) == (2, "frl_pct", "9_5.2")
    assert "not a number" in error.rule


def test_blank_lines_at_the_end_are_accepted(data_copy):
    path = data_copy / "district2_strategy.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    # A known difference, kept on purpose: an editor's trailing empty lines are not data to the companion;
    # frictionless-py reads them as blank rows (and as rows whose primary key is empty).
    accepted(data_copy, "district2_strategy", frictionless_reports=frozenset({"blank-row", "primary-key"}))


def test_blank_line_in_the_middle_is_still_an_error(data_copy):
    edit(data_copy, "district2_schools", "\n3,3,elementary", "\n\n3,3,elementary")
    error = failure(data_copy, "district2_schools")
    assert error.line == 4 and error.rule == "blank row"


def test_missing_data_folder_says_how_to_point_at_the_data(tmp_path):
    with pytest.raises(DataValidationError) as caught:
        datasets.load("district2_schools", tmp_path / "nowhere")
    assert "data package description not found" in caught.value.rule
    assert "COMPANION_DATA_DIR" in caught.value.rule


def test_companion_data_dir_overrides_the_default(data_copy, monkeypatch):
    edit(data_copy, "district2_schools", "1,1,elementary,685,95.2", "1,1,elementary,685,x")
    monkeypatch.setenv("COMPANION_DATA_DIR", str(data_copy))
    assert datasets.data_dir() == data_copy
    assert failure(data_copy, "district2_schools").value == "x"


# --- the package's own rules: one registered check per rule ----------------------------------------


def test_every_reason_for_a_rule_beyond_frictionless_is_used():
    used = set(re.findall(r'beyond="([\w-]+)"', Path(__file__).read_text(encoding="utf-8")))
    assert used == set(BEYOND)


def test_the_unbroken_package_passes_both_validators():
    report = frictionless.validate(str(datasets.data_dir() / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])[:5]
    assert all(len(datasets.load(name)) for name in datasets.names())


def test_every_rule_the_package_names_is_registered_and_every_registered_rule_is_used():
    package = json.loads((datasets.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    named = {c["rule"] for r in package["resources"] for c in r.get("x-companion-checks", [])}
    assert named == set(_validation.CUSTOM_CHECKS)


def test_unknown_rule_names_the_package_file_the_dataset_and_the_known_rules(data_copy):
    _edit_package(
        data_copy,
        lambda p: _resource(p, "ospi_themes").setdefault("x-companion-checks", []).append({"rule": "row_total"}),
    )
    error = failure(data_copy, "ospi_themes", beyond="extension")
    assert error.file.endswith("datapackage.json")
    assert "unknown check rule 'row_total' in ospi_themes" in error.rule
    assert "(known: count_matches, list_in, lookup_matches, row_sum, unique_non_null)" in error.rule


def test_a_table2_row_matched_twice_is_a_duplicate(data_copy):
    edit(data_copy, "district2_school_keys", "3,002,3,inferred", "3,002,2,inferred")
    error = failure(data_copy, "district2_school_keys", beyond="unique-non-null")
    assert error.column == "table2_row" and error.value == 2 and error.rule.startswith("duplicate ['table2_row']")


def test_reading_label_outside_its_pattern(data_copy):
    edit(data_copy, "district2_reading_1997", ",IS070,", ",IS70,")
    error = failure(data_copy, "district2_reading_1997")
    assert error.column == "school_label" and error.value == "IS70" and "pattern" in error.rule


def test_a_citation_section_that_is_no_printed_heading_names_line_column_value(data_copy):
    edit(
        data_copy,
        "leithwood_text_citations",
        "Bandura,1993,,Districtwide Sense of Efficacy",
        "Bandura,1993,,Sense of Efficacy",
    )
    error = failure(data_copy, "leithwood_text_citations", beyond="list-cell")
    assert (Path(error.file).name, error.line, error.column, error.value) == (
        "leithwood_text_citations.csv",
        2,
        "sections",
        "Sense of Efficacy",
    )
    assert "'Sense of Efficacy' is not a leithwood_characteristics.results_heading" in error.rule


def test_a_citation_section_listed_twice_is_refused(data_copy):
    edit(data_copy, "leithwood_text_citations", "Lotto,1983,,CONCLUSION", "Lotto,1983,,CONCLUSION; CONCLUSION")
    error = failure(data_copy, "leithwood_text_citations", beyond="list-cell")
    assert error.column == "sections" and "listed twice" in error.rule


def test_a_reference_list_entry_for_an_unknown_study(data_copy):
    edit(data_copy, "leithwood_references", "journal article,1,", "journal article,32,")
    error = failure(data_copy, "leithwood_references")
    assert (error.column, error.value) == ("study_id", 32) and "foreign key" in error.rule


def test_two_reference_list_entries_for_one_study(data_copy):
    edit(data_copy, "leithwood_references", "journal article,1,", "journal article,2,")
    error = failure(data_copy, "leithwood_references", beyond="unique-non-null")
    assert error.column == "study_id" and error.rule.startswith("duplicate ['study_id']")

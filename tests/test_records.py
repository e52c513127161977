"""Study records, the catalogue's data, the {evidence-map} role and "Cite this chapter", before the build."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from companion import bibliography, datasets, records
from companion_book.sphinx_cite import chapter_citation, citation_metadata
from companion_book.sphinx_studies import catalogue_html, record_markdown, studies_script

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def all_records():
    return {r.study_id: r for r in records.study_records()}


def test_there_is_a_record_for_every_study_number(all_records):
    assert sorted(all_records) == list(range(1, 32))
    assert not all_records[30].identified and all_records[30].work is None


def test_every_record_equals_the_data(all_records):
    studies = datasets.load("leithwood_studies").set_index("study_id")
    refs = datasets.load("leithwood_references").dropna(subset=["study_id"])
    refs = refs.assign(study_id=refs["study_id"].astype(int)).set_index("study_id")
    evidence = datasets.load("leithwood_evidence")
    for sid, record in all_records.items():
        if not record.identified:
            continue
        assert record.reference == {k: str(refs.loc[sid, k]) for k in ("authors", "year", "title", "source")}
        for k in ("sample", "method", "title"):
            assert record.appendix[k] == studies.loc[sid, k]
        assert (record.design, record.setting) == (studies.loc[sid, "design"], studies.loc[sid, "setting"])
        listed = sorted(evidence.loc[evidence["study_id"] == sid, "characteristic_id"].astype(int))
        assert [c for c, _ in record.characteristics] == listed
        assert record.work.key == bibliography.studies()[sid].key


def test_text_sections_come_from_the_citations(all_records):
    cites = datasets.load("leithwood_text_citations").dropna(subset=["study_id"])
    for cite in cites.itertuples():
        assert [h for h, _ in all_records[int(cite.study_id)].text_sections] == cite.sections.split("; ")
    assert all_records[15].text_sections == ()  # listed in Table 1, never named in the text
    assert all_records[16].characteristics == () and all_records[16].text_sections  # the reverse


def test_truncations_and_differences(all_records):
    assert {sid for sid, r in all_records.items() if r.truncated} == {4, 10, 13}
    assert ("title", all_records[28].appendix["title"], "differs") in all_records[28].differences
    assert all_records[3].differences == ()  # a missing comma in the appendix is not a difference


def test_related_studies_are_computed_both_ways(all_records):
    for sid, record in all_records.items():
        for rel in record.related:
            assert sid in {r.study_id for r in all_records[rel.study_id].related}
    stein = {r.study_id for r in all_records[28].related}
    assert {2, 5, 6, 21, 27} <= stein  # District #2, the Stein-D'Amico-Harwell team, the HPLC site


def test_csv_export_has_one_row_per_identified_study_equal_to_the_data(all_records):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(records.csv_text(list(all_records.values())))))
    assert [int(r["study_id"]) for r in rows] == [s for s, r in all_records.items() if r.identified]
    assert list(rows[0]) == records.CSV_FIELDS
    first = rows[0]
    assert (
        first["title"] == "Six districts, one goal of excellence" and first["characteristics"] == "1; 2; 3; 6; 8; 9; 10"
    )


def test_the_page_script_carries_the_same_entries(all_records):
    payload = json.loads(studies_script().removeprefix("window.companionStudies = ").rstrip(";\n"))
    assert sorted(map(int, payload["studies"])) == [s for s, r in all_records.items() if r.identified]
    assert payload["studies"]["4"]["bibtex"] == all_records[4].work.bibtex()
    assert payload["studies"]["4"]["ris"] == all_records[4].work.ris()
    assert payload["mapParams"] == ["design_filter", "setting_filter", "pick_char"]


def test_the_map_chart_still_declares_the_parameters_the_export_reads():
    from companion.charts.evidence import evidence_map
    from companion.leithwood import evidence_grid

    grid = evidence_grid(
        *(datasets.load(n) for n in ("leithwood_characteristics", "leithwood_studies", "leithwood_evidence"))
    )
    names = {p["name"] for p in evidence_map(grid).to_dict()["params"]}
    assert {"design_filter", "setting_filter", "pick_char"} <= names


def test_record_markdown_links_the_map_until_the_findings_chapter_has_its_labels(all_records):
    names = datasets.load("leithwood_characteristics").set_index("characteristic_id")["name"].to_dict()
    text = record_markdown(all_records[4], set(), names)
    assert "{evidence-map}`3. Use of evidence" in text
    text = record_markdown(all_records[4], {3}, names)
    assert "<characteristic-3>`" in text and "{evidence-map}`5." in text
    assert "{evidence-map}" not in record_markdown(all_records[30], set(), names)


def test_catalogue_lists_every_study_with_a_link_to_its_record(all_records):
    names = datasets.load("leithwood_characteristics").set_index("characteristic_id")["name"].to_dict()
    page = catalogue_html(list(all_records.values()), names)
    assert re.findall(r'<tr data-study="(\d+)"', page) == [str(s) for s in all_records]
    for sid in all_records:
        assert f'href="study-{sid:02d}.html"' in page


def test_cite_this_chapter_reads_citation_cff_which_agrees_with_pyproject():
    meta = citation_metadata(ROOT)
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert meta["version"] == str(cff["version"]) == version
    text, bibtex = chapter_citation(meta, "chapters/ev_map", "The evidence map", "7")
    assert text.startswith(f"{cff['authors'][0]['name']} ({str(cff['date-released'])[:4]}). The evidence map.")
    assert f"version {version}" in text and str(cff["date-released"]) in text
    import bibtexparser

    entry = bibtexparser.parse_string(bibtex).entries[0]
    assert entry.key == "companion_ev_map" and entry["chapter"] == "7" and entry["version"] == version

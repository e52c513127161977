"""The bibliography is generated from the sources' reference lists, read back by a reference-manager library."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest
import rispy

from companion import bibliography, datasets
from companion.bibliography import Name, parse_authors, parse_source
from companion.datasets import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"


def test_committed_references_bib_is_the_one_the_data_generates():
    assert BIB.read_text(encoding="utf-8") == bibliography.bibtex_file(), "run make bib and commit book/references.bib"


def test_the_check_mode_of_the_tool_agrees():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_bibliography.py"), "--check"], check=False)
    assert result.returncode == 0


def test_every_cited_key_of_the_book_is_kept():
    keys = {w.key for w in bibliography.works()}
    cited = set()
    for path in [*(ROOT / "book").glob("*.md"), *(ROOT / "book").glob("chapters/*.ipynb")]:
        for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", path.read_text(encoding="utf-8")):
            cited |= {k.strip() for k in group.split(",")}
    assert cited <= keys, cited - keys


@pytest.fixture(scope="module")
def parsed():
    library = bibtexparser.parse_string(BIB.read_text(encoding="utf-8"))
    assert not library.failed_blocks
    return {entry.key: entry for entry in library.entries}


def test_bibtexparser_reads_every_entry_with_fields_equal_to_the_reference_list(parsed):
    refs = datasets.load("leithwood_references").dropna(subset=["study_id"])
    works = bibliography.studies()
    assert len(works) == len(refs) == 30
    for ref in refs.itertuples():
        entry = parsed[works[int(ref.study_id)].key]
        assert entry["title"] == "{" + ref.title.replace("#", "\\#") + "}"
        assert entry["year"] == str(ref.year)
        assert f"Study {ref.study_id} in Leithwood (2010), Appendix." in entry["note"]


def test_darling_hammond_has_six_authors_as_printed(parsed):
    entry = parsed["darlinghammond2003"]
    assert entry["author"].split(" and ") == [
        "Darling-Hammond, L.",
        "Hightower, A.",
        "Husbands, J. L.",
        "LaFors, J. R.",
        "Young, V. M.",
        "Christopher, C.",
    ]


def test_truncated_appendix_titles_are_completed_from_the_reference_list_and_noted(parsed):
    studies = datasets.load("leithwood_studies").set_index("study_id")
    works = bibliography.studies()
    truncated = {sid for sid, w in works.items() if any("cuts the title short" in n for n in w.notes)}
    assert truncated == {4, 10, 13}
    assert parsed["eilers2007"]["title"] == "{School culture change in the making: Leadership factors that matter}"
    assert studies.loc[4, "title"] == "Sc"
    for sid in truncated:
        assert works[sid].title.startswith(studies.loc[sid, "title"])


def test_nothing_added_is_unmarked(parsed):
    """Only what a source prints; a field the companion supplies is named in the entry's note."""
    rows = datasets.load("source_documents").set_index("key")
    for key, row in rows.iterrows():
        added = row["added"]
        note = parsed[key].fields_dict.get("note")
        assert (note is not None and str(added) in note.value) if isinstance(added, str) else note is None, key
    for key in ("fullan2004", "honig2008", "odoherty2007"):
        assert "title" not in parsed[key].fields_dict and "no source gives the title" in parsed[key]["note"]
    # initials the brief never prints are not supplied
    assert parsed["fullan2004"]["author"] == "Fullan and Bertani and Quinn"


def test_a_work_shared_by_two_sources_has_one_entry():
    works = bibliography.works()
    assert sum(1 for w in works if w.key.startswith("mclaughlin")) == 1
    assert [w.key for w in works if re.fullmatch(r"marsh2005\w*", w.key)] == ["marsh2005"]
    assert "Also one of the five studies behind the INSTLL framework." in bibliography.studies()[25].notes


def test_ris_of_every_work_reads_back_with_rispy():
    works = bibliography.works()
    entries = rispy.loads("".join(w.ris() for w in works))
    assert len(entries) == len(works)
    by_id = {e["id"]: e for e in entries}
    eilers = by_id["eilers2007"]
    assert eilers["type_of_reference"] == "JOUR" and eilers["authors"] == ["Eilers, A. M.", "Camacho, A."]
    assert (eilers["volume"], eilers["number"], eilers["start_page"], eilers["end_page"]) == ("42", "6", "616", "637")
    assert by_id["ragland1999"]["authors"][-1] == "Johnson, J. F., Jr."


@pytest.mark.parametrize(
    ("printed", "names", "others"),
    [
        ("McLaughlin, M. & Talbert, J.", ["McLaughlin, M.", "Talbert, J."], False),
        (
            "D'Amico, L., Harwell, M., Stein, M. K., & van den Heuvel, J.",
            ["D'Amico, L.", "Harwell, M.", "Stein, M. K.", "van den Heuvel, J."],
            False,
        ),
        ("Meltzoff, R. Roschelle, J.", ["Meltzoff, R.", "Roschelle, J."], False),
        (
            "Ragland, M. A., Asera, R., Johnson, J. F. Jr.",
            ["Ragland, M. A.", "Asera, R.", "Johnson, Jr., J. F."],
            False,
        ),
        ("Childress, S., Elmore, R., and Grossman, A.", ["Childress, S.", "Elmore, R.", "Grossman, A."], False),
        ("Marsh, J. et al.", ["Marsh, J."], True),
        ("Leithwood, et al.", ["Leithwood"], True),
        ("Goodman, G.S., & Young, I. P.", ["Goodman, G.S.", "Young, I. P."], False),
        ("Elmore, Richard F., & Burney, Deanna", ["Elmore, Richard F.", "Burney, Deanna"], False),
    ],
)
def test_printed_author_lists_parse(printed, names, others):
    parsed, et_al = parse_authors(printed)
    assert [n.bibtex() for n in parsed] == names and et_al == others


def test_an_author_list_that_cannot_be_read_names_file_line_column_and_value(data_copy):
    path = data_copy / "leithwood_references.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"Cawelti, G."', '"Cawelti G"'), encoding="utf-8")
    monkey = pytest.MonkeyPatch()
    monkey.setenv("COMPANION_DATA_DIR", str(data_copy))
    try:
        with pytest.raises(DataValidationError) as caught:
            bibliography.works()
    finally:
        monkey.undo()
    error = caught.value
    assert (Path(error.file).name, error.line, error.column, error.value) == (
        "leithwood_references.csv",
        4,
        "authors",
        "Cawelti G",
    )
    assert "cannot read the authors" in error.rule


def test_sources_are_split_only_into_what_they_print():
    assert parse_source("journal article", "Journal of School Leadership 17(6), 735\u2013770") == {
        "journal": "Journal of School Leadership",
        "volume": "17",
        "number": "6",
        "pages": "735\u2013770",
    }
    online = parse_source("online document", "Retrieved July 2008 from http:// www.air.org/x.pdf")
    assert online == {
        "howpublished": "Retrieved July 2008 from http:// www.air.org/x.pdf",
        "url": "http://www.air.org/x.pdf",
    }
    assert parse_source("report", "Santa Monica, CA: RAND") == {"address": "Santa Monica, CA", "publisher": "RAND"}
    assert Name("Johnson", "J. F.", "Jr.").ris() == "Johnson, J. F., Jr."

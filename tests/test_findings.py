"""What the review found (issue 22): the data behind the findings chapter, its analyses, and the chapter itself.

The practices and the results sections' own counts are pinned to what Leithwood (2010) prints; the
per-characteristic profiles are recomputed here from the raw tables; the chapter must give one labelled
section per characteristic, each with its computed counts (glued, and equal to the data) and a link to
the evidence map opened on it.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from companion import datasets
from companion.leithwood import (
    CONCENTRATED,
    characteristic_profiles,
    describe_designs,
    describe_settings,
    evidence_grid,
    link_share,
    location_counts,
)

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "book" / "chapters" / "ev_findings.ipynb"


def _grid() -> pd.DataFrame:
    return evidence_grid(
        datasets.load("leithwood_characteristics"),
        datasets.load("leithwood_studies"),
        datasets.load("leithwood_evidence"),
    )


# --- the data, as printed ------------------------------------------------------------------------------


def test_practices_are_the_bullets_and_sub_headings_as_printed():
    practices = datasets.load("leithwood_practices")
    per_characteristic = practices.groupby("characteristic_id").size().to_dict()
    assert per_characteristic == {1: 2, 2: 3, 3: 5, 4: 2, 5: 4, 6: 5, 7: 5, 8: 5, 9: 3, 10: 3}
    for _, rows in practices.groupby("characteristic_id"):
        assert list(rows["order"]) == list(range(1, len(rows) + 1))
    by_key = practices.set_index(["characteristic_id", "order"])
    assert by_key.loc[(5, 4), "bullet_as_printed"] == (
        "nurture teacher-teacher relationships through support for professional learning communities"
    )
    assert by_key.loc[(3, 3), "bullet_as_printed"].endswith("when needed")
    assert by_key.loc[(3, 3), "heading_as_printed"].endswith("when appropriate")
    assert by_key.loc[(7, 3), "heading_as_printed"] == "INTEGRATE CHANGES WITH EXISTING POLICIES AND PROCEDURES"
    assert by_key.loc[(10, 3), "heading_as_printed"] == "Organizational alignment"
    assert by_key.loc[(9, 1), "bullet_as_printed"] == "comply with the government's initiatives and implement them well"


def test_every_practice_heading_is_a_section_of_the_source():
    sections = set(datasets.load("source_sections")["section"])
    practices = datasets.load("leithwood_practices")
    assert set(practices["heading_as_printed"]) <= sections
    counts = datasets.load("leithwood_results_counts")
    assert set(counts["section"]) <= sections


def test_the_sub_sections_own_counts_are_as_printed():
    sub = datasets.load("leithwood_practices").set_index(["characteristic_id", "order"])
    stated = sub["studies_stated"].dropna().astype(int).to_dict()
    assert stated == {(3, 1): 4, (3, 3): 3, (5, 1): 1, (10, 1): 8, (10, 2): 9, (10, 3): 8}
    assert sub.loc[(7, 5), "studies_stated_as_printed"] == "Only the Skrla studies"  # no number printed
    assert pd.isna(sub.loc[(7, 5), "studies_stated"])
    # characteristic 10's three counts exceed its row of Table 1: some studies count under more than one
    row_10 = datasets.load("leithwood_characteristics").set_index("characteristic_id").loc[10, "studies_reported"]
    assert sum(stated[(10, i)] for i in (1, 2, 3)) > row_10


def test_every_results_section_opens_with_table_1_s_count():
    counts = datasets.load("leithwood_results_counts").set_index("characteristic_id")
    table = datasets.load("leithwood_characteristics").set_index("characteristic_id")["studies_reported"]
    listed = datasets.load("leithwood_evidence").groupby("characteristic_id").size()
    assert counts["studies_stated"].to_dict() == table.to_dict() == listed.to_dict()
    assert counts.loc[2, "studies_stated_as_printed"] == "Fourteen of 31 studies"
    assert counts.loc[4, "studies_stated_as_printed"] == "Only four studies"


# --- the analyses -------------------------------------------------------------------------------------


def test_profiles_equal_a_count_made_from_the_raw_tables():
    studies = datasets.load("leithwood_studies").set_index("study_id")
    evidence = datasets.load("leithwood_evidence")
    profiles = characteristic_profiles(_grid()).set_index("characteristic_id")
    for cid, rows in evidence.groupby("characteristic_id"):
        ids = sorted(rows["study_id"])
        listed = studies.loc[ids]
        profile = profiles.loc[cid]
        assert profile["studies"] == len(ids)
        assert profile["study_ids"] == ", ".join(map(str, ids))
        assert profile["district2"] == (listed["setting"] == "NYC District #2").sum()
        assert profile["san_diego"] == (listed["setting"] == "San Diego").sum()
        assert profile["concentrated"] == listed["setting"].isin(CONCENTRATED).sum()
        assert profile["concentrated_share"] == pytest.approx(profile["concentrated"] / len(ids))
        for design, n in listed["design"].value_counts().items():
            assert profile[design] == n
    assert profiles.loc[7, ["concentrated", "studies"]].tolist() == [4, 9]
    assert profiles.loc[10, ["concentrated", "studies"]].tolist() == [1, 13]


def test_design_and_setting_words():
    assert describe_designs({"multi-site case studies": 1, "quantitative": 2}) == (
        "1 multi-site case study and 2 quantitative studies"
    )
    assert describe_designs({"single-site case study": 2, "mixed methods": 1, "multi-site case studies": 3}) == (
        "2 single-site case studies, 3 multi-site case studies and 1 mixed-methods study"
    )
    assert describe_designs({}) == "no study"
    assert describe_settings({"Other U.S.": 2, "Texas": 1}) == "1 in Texas and 2 elsewhere in the U.S."


def test_concentration_of_the_links():
    grid = _grid()
    assert link_share(grid, "setting", ["NYC District #2"]) == (18, 125)
    assert link_share(grid, "setting", CONCENTRATED) == (31, 125)
    groups = datasets.load("leithwood_study_groups")
    lrdc = groups.loc[groups["team_group"] == "LRDC District #2 studies", "study_id"]
    assert sorted(lrdc) == [2, 5, 6, 21, 27, 28]
    assert link_share(grid, "study_id", lrdc) == (18, 125)
    # study 16 has no link, so its two readings give the same concentration
    assert link_share(grid, "study_id", [16]) == (0, 125)


def test_location_counts_under_both_readings_of_study_16():
    counts = location_counts(
        datasets.load("leithwood_studies"),
        datasets.load("leithwood_locations"),
        datasets.load("leithwood_location_readings"),
    ).pivot(index="setting", columns="basis", values="studies")
    assert counts.loc[["Other U.S.", "San Diego"], "appendix"].tolist() == [17, 2]
    assert counts.loc[["Other U.S.", "San Diego"], "text"].tolist() == [16, 3]
    assert (counts["text"].drop("unknown") == counts["stated"].drop("unknown")).all()
    assert (counts["appendix"].drop("unknown") != counts["stated"].drop("unknown")).sum() == 2
    assert counts.loc["unknown", ["stated", "appendix", "text"]].tolist() == [0, 1, 1]  # study 30, not printed


# --- the chapter -------------------------------------------------------------------------------------


def _notebook() -> nbformat.NotebookNode:
    return nbformat.read(CHAPTER, as_version=4)


def _glued() -> dict[str, str]:
    """The values the chapter's code cells glued, as stored in the executed notebook."""
    values = {}
    for cell in _notebook().cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                text = next(v for k, v in output["data"].items() if k.endswith("text/plain"))
                values[name] = text.strip("'\"")
    return values


def _sections() -> dict[int, str]:
    """Each characteristic's section: from its label to the next level-2 heading."""
    text = "\n\n".join(c.source for c in _notebook().cells if c.cell_type == "markdown")
    found = {}
    for match in re.finditer(r"^\(characteristic-(\d+)\)=\n## (.*)$", text, re.M):
        rest = text[match.end() :]
        end = re.search(r"^(\([\w-]+\)=\n)?## ", rest, re.M)
        found[int(match.group(1))] = match.group(2) + rest[: end.start() if end else len(rest)]
    return found


def test_the_chapter_follows_the_evidence_map_in_the_contents():
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert files.index("chapters/ev_findings") == files.index("chapters/ev_map") + 1


def test_ten_sections_each_labelled_with_its_characteristic_in_table_1_order():
    sections = _sections()
    assert sorted(sections) == list(range(1, 11))
    text = "\n".join(c.source for c in _notebook().cells if c.cell_type == "markdown")
    order = [int(n) for n in re.findall(r"^\(characteristic-(\d+)\)=", text, re.M)]
    assert order == list(range(1, 11))
    for number, body in sections.items():
        assert body.startswith(f"Characteristic {number}: ")


@pytest.mark.parametrize("number", range(1, 11))
def test_each_section_shows_its_computed_counts_and_links_to_the_filtered_map(number):
    body = _sections()[number]
    for key in ("n", "ids", "stated", "designs", "settings", "conc", "share", "practices"):
        assert f"{{glue:text}}`c{number}_{key}`" in body, (number, key)
    assert f"{{evidence-map}}`{number}`" in body
    for part in ("**What it means.**", "**The practices.**", "**Qualifications the review reports.**"):
        assert part in body


@pytest.mark.parametrize("number", range(1, 11))
def test_each_section_s_glued_counts_equal_the_data(number):
    glued = _glued()
    profile = characteristic_profiles(_grid()).set_index("characteristic_id").loc[number]
    practices = datasets.load("leithwood_practices")
    stated = datasets.load("leithwood_results_counts").set_index("characteristic_id")
    assert int(glued[f"c{number}_n"]) == profile["studies"]
    assert glued[f"c{number}_ids"] == profile["study_ids"]
    assert glued[f"c{number}_designs"] == profile["designs"]
    assert glued[f"c{number}_settings"] == profile["settings"]
    assert int(glued[f"c{number}_conc"]) == profile["concentrated"]
    assert glued[f"c{number}_share"] == f"{profile['concentrated_share']:.0%}"
    assert int(glued[f"c{number}_practices"]) == (practices["characteristic_id"] == number).sum()
    assert glued[f"c{number}_stated"].strip("\u201c\u201d") == stated.loc[number, "studies_stated_as_printed"]


def test_the_chapter_s_concentration_counts_equal_the_data():
    glued = _glued()
    grid = _grid()
    assert int(glued["links_both"]) == link_share(grid, "setting", CONCENTRATED)[0]
    assert int(glued["links_both_text"]) == int(glued["links_both"])
    assert int(glued["lrdc_links"]) == 18 and glued["lrdc_all_d2"] == "all"
    assert int(glued["n_practices"]) == len(datasets.load("leithwood_practices"))
    assert glued["stated_agree"] == "all ten"
    assert int(glued["texas_links"]) == link_share(grid, "study_id", [12, 23, 24])[0]


def test_every_characteristic_link_in_the_book_has_its_section():
    labels = {f"characteristic-{n}" for n in _sections()}
    book = ROOT / "book"
    for path in [*book.glob("*.md"), *book.glob("chapters/*.ipynb")]:
        for target in re.findall(r"\{ref\}`(?:[^`<]*<)?(characteristic-\d+)>?`", path.read_text(encoding="utf-8")):
            assert target in labels, (path.name, target)


# --- the charts' titles, true for the data ------------------------------------------------------------


def _title(spec: dict) -> str:
    return " ".join(spec["title"]["text"])


def test_chart_titles_state_what_the_data_give():
    from companion.charts import evidence, review
    from companion.leithwood import support_per_study

    studies, links = datasets.load("leithwood_studies"), datasets.load("leithwood_evidence")
    support = evidence.support_per_study_chart(support_per_study(studies, links)).to_dict()
    assert _title(support) == "9 of the 31 studies hold over half of Table 1's links; 2 hold none"
    ranked = links.groupby("study_id").size().sort_values(ascending=False)
    assert ranked.head(9).sum() > len(links) / 2 >= ranked.head(8).sum()
    concentration = review.concentration_by_characteristic(characteristic_profiles(_grid())).to_dict()
    assert _title(concentration) == "31 of Table 1's 125 links come from District #2 and San Diego studies"


def test_the_evidence_map_chapter_s_chart_titles_hold_for_the_data():
    nb = nbformat.read(ROOT / "book" / "chapters" / "ev_map.ipynb", as_version=4)
    stored = "\n".join(str(o.get("data", "")) for c in nb.cells for o in c.get("outputs", []))
    profiles = characteristic_profiles(_grid())
    share = ((profiles["single-site case study"] + profiles["multi-site case studies"]) / profiles["studies"]).min()
    assert f"Case studies are at least {share:.0%} of the studies for every characteristic" in stored
    texas, d2 = (int((profiles[s] > 0).sum()) for s in ("Texas", "NYC District #2"))
    assert (texas, d2) == (10, 8)
    assert "Texas studies appear for all 10 characteristics, District #2 studies for 8 of the 10" in stored

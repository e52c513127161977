"""The loader API and every dataset's invariants, with spot checks against the printed sources."""

from __future__ import annotations

import pandas as pd
import pytest

from companion import datasets
from tests.pins import printed

EXPECTED_ROWS = {
    "district2_schools": 43,
    "district2_reading_1997": 44,
    "reading_benchmarks_1997": 3,
    "leithwood_characteristics": 10,
    "leithwood_studies": 31,
    "leithwood_evidence": 125,
    "ospi_themes": 13,
    "ospi_questions": 43,
    "district2_school_groups": 4,
    "leithwood_text_citations": 39,
    "leithwood_references": 43,
    "source_documents": 5,
    "framework_crosswalk": 41,
    "shared_themes": 12,
    "leithwood_search": 8,
}


def test_names_lists_every_csv_in_data_dir():
    csvs = sorted(p.stem for p in datasets.data_dir().glob("*.csv"))
    assert sorted(datasets.names()) == csvs


@pytest.mark.parametrize("name", datasets.names())
def test_every_dataset_loads_typed_with_provenance(name):
    frame = datasets.load(name)
    assert len(frame) > 0
    about = datasets.info(name)
    assert list(frame.columns) == list(about.fields["name"])
    assert about.source and about.description and about.notes
    assert frame.attrs["dataset"] == name
    for column, kind in zip(about.fields["name"], about.fields["type"], strict=True):
        expected = {"integer": "Int64", "number": "Float64", "boolean": "boolean"}.get(kind)
        if expected:
            assert str(frame[column].dtype) == expected, column
        else:
            assert pd.api.types.is_string_dtype(frame[column]), column


@pytest.mark.parametrize(("name", "rows"), EXPECTED_ROWS.items())
def test_row_counts_match_the_printed_tables(name, rows):
    assert len(datasets.load(name)) == rows


def test_unknown_dataset_names_the_choices():
    with pytest.raises(KeyError, match="district2_schools"):
        datasets.load("district_2")


def test_info_prints_source_notes_and_fields():
    text = str(datasets.info("district2_schools"))
    assert "Elmore" in text and "frl_pct" in text and "Licence" in text
    assert "| `frl_pct` |" in datasets.info("district2_schools")._repr_markdown_()


def test_load_returns_an_independent_copy():
    first = datasets.load("district2_schools")
    first.loc[0, "enrollment"] = -1
    assert datasets.load("district2_schools").loc[0, "enrollment"] == 685


# --- District #2, Table 1 -------------------------------------------------------------------


@pytest.fixture(scope="module")
def schools():
    return datasets.load("district2_schools")


def test_table1_spot_checks(schools):
    first = schools.iloc[0]
    printed(
        (first.school, first.enrollment, first.frl_pct, first.asian_other_pct),
        (1, 685, 95.2, 76.8),
        "Table 1's first row prints school 1: enrollment 685, free lunch 95.2 %, Asian/other 76.8 %",
    )
    last = schools.iloc[-1]
    printed(
        (last.school, last.enrollment, last.frl_pct, last.lep_pct),
        (891, 63, 58.7, 1.6),
        "Table 1's last row prints school 891: enrollment 63, free lunch 58.7 %, LEP 1.6 %",
    )
    printed(
        schools.set_index("school").loc[290, "under_2_yrs_in_school_pct"],
        91.3,
        "Table 1 prints 91.3 for school 290 (students under 2 years in the school, %)",
    )


def test_table1_keeps_printed_na_as_missing(schools):
    by_school = schools.set_index("school")
    assert pd.isna(by_school.loc[875, "frl_pct"]) and pd.isna(by_school.loc[218, "frl_pct"])
    assert schools["frl_pct"].isna().sum() == 2
    assert schools["over_5_yrs_teaching_pct"].isna().sum() == 17


def test_table1_levels_follow_the_restart_in_numbering(schools):
    assert schools["level"].value_counts().to_dict() == {"elementary": 31, "intermediate": 12}
    assert schools.loc[schools.level == "intermediate", "row"].min() == 32
    assert list(schools["row"]) == list(range(1, 44))


def test_table1_race_shares_add_to_100(schools):
    totals = schools[["white_pct", "black_pct", "latino_pct", "asian_other_pct"]].sum(axis=1)
    assert totals.round(1).between(99.9, 100.2).all()


def test_table1_total_enrollment(schools):
    assert schools["enrollment"].sum() == 21_304  # summed independently from the seed with awk


# --- District #2, Table 2 and benchmarks ----------------------------------------------------


def test_table2_keeps_the_duplicate_label_and_order():
    reading = datasets.load("district2_reading_1997")
    assert list(reading.school_label[:4]) == ["001", "002", "002", "006"]
    assert reading.school_label.str.startswith("IS").sum() == 16
    row = reading.set_index("school_label").loc["IS877"]
    printed((row.lowest_quartile_pct, row.highest_quartile_pct), (0.3, 80.4), "Table 2 prints 0.3 and 80.4 for IS877")


def test_benchmarks_as_printed():
    bench = datasets.load("reading_benchmarks_1997").set_index("benchmark")
    printed(bench.loc["District #2 total"].tolist()[:2], [11.0, 40.0], "Table 2 prints 11.0 and 40.0 for District #2")
    printed(bench.loc["Citywide"].tolist()[:2], [23.9, 20.4], "Table 2 prints 23.9 and 20.4 citywide")
    printed(bench.loc["National norm"].tolist()[:2], [25, 25], "The national norm is 25 % in each quartile")


def test_school_keys_cover_both_tables_once():
    keys = datasets.load("district2_school_keys")
    schools = datasets.load("district2_schools")
    reading = datasets.load("district2_reading_1997")
    assert sorted(keys.school.dropna()) == sorted(schools.school)
    assert sorted(keys.table2_row.dropna()) == sorted(reading.row)
    assert keys.match.value_counts().to_dict() == {"exact": 38, "none": 9, "inferred": 1}
    inferred = keys[keys.match == "inferred"].iloc[0]
    assert (inferred.school, inferred.school_label, inferred.table2_row) == (3, "002", 3)
    assert keys[keys.match != "none"].notna()[["school", "school_label"]].all().all()


# --- Leithwood --------------------------------------------------------------------------------


def test_evidence_counts_equal_printed_totals():
    chars = datasets.load("leithwood_characteristics").set_index("characteristic_id")
    links = datasets.load("leithwood_evidence")
    counts = links.groupby("characteristic_id").size()
    assert (counts == chars.studies_reported).all()
    assert chars.studies_reported.max() == 21 and chars.studies_reported.min() == 4
    assert chars.loc[8, "studies_reported"] == 21 and chars.loc[4, "studies_reported"] == 4


def test_evidence_parsing_of_misprinted_cells():
    links = datasets.load("leithwood_evidence")
    first = links[links.characteristic_id == 1].study_id.tolist()
    assert first[-2:] == [25, 31]
    assert links[links.characteristic_id == 6].study_id.tolist()[11:13] == [21, 20]


def test_studies_flag_the_unidentified_number():
    studies = datasets.load("leithwood_studies").set_index("study_id")
    assert list(studies.index) == list(range(1, 32))
    assert studies.identified.sum() == 30
    assert not studies.loc[30, "identified"] and pd.isna(studies.loc[30, "authors"])
    assert studies.loc[29, "id_as_printed"] == "59"
    assert studies.loc[5, "authors"].startswith("Elmore") and studies.loc[5, "year"] == 1998


def test_derived_settings_against_the_reviews_location_counts():
    studies = datasets.load("leithwood_studies")
    counts = studies.setting.value_counts().to_dict()
    assert counts["NYC District #2"] == 6 and counts["Texas"] == 4 and counts["Alberta, Canada"] == 1
    assert studies.set_index("study_id").loc[14, "setting"] == "Alberta, Canada"


# --- Other syntheses --------------------------------------------------------------------------


def test_ospi_has_13_themes_in_4_categories_and_questions_for_each():
    themes = datasets.load("ospi_themes")
    assert themes.category.nunique() == 4
    assert themes.groupby("category", sort=False).size().tolist() == [3, 4, 3, 3]
    questions = datasets.load("ospi_questions")
    assert set(questions.theme_id) == set(themes.theme_id)


def test_brief_and_framework():
    assert len(datasets.load("brief_elements")) == 7
    citations = datasets.load("brief_citations")
    assert citations.work.nunique() == 11
    # every parenthetical citation as printed: repeats within a paragraph are kept
    assert len(citations) == 44
    assert citations.groupby("paragraph").size().to_dict() == {1: 10, 3: 9, 4: 3, 5: 10, 6: 6, 7: 2, 8: 4}
    framework = datasets.load("rapid_improvement_framework")
    assert (framework.component == "informing_study").sum() == 5


def test_district_facts_and_groups():
    facts = datasets.load("district2_facts").set_index("fact")
    assert facts.loc["Students", "value"] == 22000
    # "Its 22,000 students" and "for 20% of students, English is a second language" are printed bare
    assert facts.loc["Students", "qualifier"] == "no qualifier"
    assert facts.loc["Students for whom English is a second language", "qualifier"] == "no qualifier"
    groups = datasets.load("district2_school_groups")
    assert groups.group.tolist() == ["Free-Agents", "With-the-Drill", "Watch-List", "Off-the-Screen"]
    strategy = datasets.load("district2_strategy")
    assert strategy.kind.value_counts().to_dict() == {
        "organizing principle": 7,
        "professional development model": 5,
        "emerging theme": 5,
    }


def test_search_and_location_counts_as_stated():
    search = datasets.load("leithwood_search").set_index("step")["count"]
    assert search["ERIC abstracts skimmed"] == 944 and search["Articles in the final review"] == 31
    locations = datasets.load("leithwood_locations")
    assert locations["studies_stated"].sum() == 30  # the text's breakdown is one short of 31


def test_crosswalk_covers_every_item_of_every_framework():
    crosswalk = datasets.load("framework_crosswalk")
    expected = {
        "Leithwood": set(datasets.load("leithwood_characteristics")["characteristic_id"]),
        "OSPI": set(datasets.load("ospi_themes")["theme_id"]),
        "Brief": set(datasets.load("brief_elements")["element_id"]),
        "District #2 principles": set(
            datasets.load("district2_strategy").query("kind == 'organizing principle'")["number"]
        ),
        "Rapid improvement": {1, 2},
    }
    for framework, ids in expected.items():
        assert set(crosswalk.loc[crosswalk["framework"] == framework, "item_id"]) == ids, framework
    assert set(crosswalk["theme_id"]) == set(datasets.load("shared_themes")["theme_id"])


def test_shared_works_point_at_the_right_studies():
    works = datasets.load("shared_works").set_index("work")
    studies = datasets.load("leithwood_studies").set_index("study_id")
    for work, row in works.dropna(subset=["leithwood_study_id"]).iterrows():
        study = studies.loc[int(row["leithwood_study_id"])]
        assert study["year"] == row["year"], work
        assert work.split()[0].rstrip(",") in study["authors"], work


def test_crosswalk_statements_made_in_the_chapter_prose():
    """ev_crosswalk says which frameworks name efficacy/resolve and data; keep the prose true."""
    crosswalk = datasets.load("framework_crosswalk")
    by_theme = crosswalk.groupby("theme_id")["framework"].apply(set)
    assert by_theme[11] == {"Leithwood", "Brief"}
    assert by_theme[3] == {"Leithwood", "OSPI"}
    assert by_theme[12] == {"Rapid improvement"}


def test_the_package_description_is_read_once_and_again_when_it_changes(tmp_path):
    import shutil

    for f in datasets.data_dir().iterdir():
        shutil.copy(f, tmp_path / f.name)
    datasets._read_package.cache_clear()
    datasets.names(tmp_path)
    datasets.info("district2_schools", tmp_path)
    datasets.load(
        "district2_groups" if "district2_groups" in datasets.names(tmp_path) else "district2_schools", tmp_path
    )
    assert datasets._read_package.cache_info().misses == 1  # parsed and checked once for all those calls
    package = tmp_path / "datapackage.json"
    package.write_text(package.read_text().replace('"title": "District #2 schools', '"title": "District 2 schools', 1))
    assert datasets.info("district2_schools", tmp_path).title.startswith("District 2 schools")
    assert datasets._read_package.cache_info().misses == 2


def test_every_identified_study_has_one_group_and_the_district_groups_follow_the_settings():
    studies = datasets.load("leithwood_studies")
    groups = datasets.load("leithwood_study_groups").merge(studies[["study_id", "setting"]], on="study_id")
    assert sorted(groups["study_id"]) == sorted(studies.loc[studies["identified"], "study_id"])
    district2 = groups[groups["setting"] == "NYC District #2"]
    assert set(district2["district_group"]) == {"NYC District #2"} and len(district2) == 6
    assert set(groups.loc[groups["setting"] == "San Diego", "district_group"]) == {"San Diego"}
    # the review's "three of them ... in the same four districts ... by the same team": 12, 23 and 24
    texas_four = groups.loc[groups["district_group"].str.startswith("Texas: the four"), "study_id"]
    assert sorted(texas_four) == [12, 23, 24]


def test_the_text_reading_of_study_16_reconciles_the_location_breakdown_with_the_printed_rows():
    studies = datasets.load("leithwood_studies").set_index("study_id")
    stated = datasets.load("leithwood_locations").set_index("setting")["studies_stated"]
    readings = datasets.load("leithwood_location_readings").set_index(["study_id", "reading"])["setting"]
    assert readings[(16, "appendix")] == studies.loc[16, "setting"]
    identified = studies[studies["identified"]]
    appendix = identified["setting"].value_counts()
    assert (appendix.get("Other U.S."), appendix.get("San Diego")) == (17, 2)  # the appendix reading
    text = identified["setting"].where(identified.index != 16, readings[(16, "text")]).value_counts()
    assert text.sort_index().to_dict() == stated.sort_index().to_dict()  # the text reading: every location matches


# --- District #2 as Elmore and Burney tell it: people, dates, the argument's lists, the strategy's links -------


def test_district2_new_facts_as_printed():
    facts = datasets.load("district2_facts").set_index("fact")
    pins = {
        "Years Alvarado served as Superintendent of District #4": (10, "served for 10 years as Superintendent"),
        "Months Alvarado served as Chancellor of New York City Public Schools": (18, "for 18 months as Chancellor"),
        "Length of the HPLC project": (5, "a five-year collaborative venture"),
        "Purposes of the HPLC project": (3, "The HPLC Project has three broad purposes"),
        "Sections of the paper": (5, "This paper has five sections"),
        "Focused Literacy schools on the state's SURR list": (1, "One of the seven is on the state's SURR ... list"),
        "Off-the-Screen schools that are relatively high performers by national, district and city norms": (
            2,
            "at least two of the Off-the-Screen schools are relatively high performers",
        ),
        "Off-the-Screen schools on the district's list for closure": (1, "One school is on the district's list"),
    }
    for fact, (value, passage) in pins.items():
        printed(facts.loc[fact, "value"], value, f"The paper prints '{passage}'")
    assert facts.loc["Off-the-Screen schools that are relatively high performers by national, district and city norms",
                     "qualifier"] == "at least"  # fmt: skip
    assert facts.loc["Students from families below the poverty level", "qualifier"] == "about"  # "About half"


def test_district2_people_as_printed():
    people = datasets.load("district2_people").set_index("person")
    named = people[people["kind"] == "named person"]
    assert set(named.index) == {
        "Anthony Alvarado", "Elaine Fink", "Bea Johnstone", "Frank DiStefano",
        "Richard F. Elmore", "Deanna Burney", "Chris Argyris", "Donald Schon",
    }  # fmt: skip
    printed(people.loc["Elaine Fink", "role"], "Deputy Superintendent", "The paper prints 'Deputy Superintendent'")
    printed(
        people.loc["Bea Johnstone", "role"],
        "Professional Development Director",
        "The paper prints 'Professional Development Director Bea Johnstone'",
    )
    assert "since 1987" in people.loc["Anthony Alvarado", "role"]


def test_district2_timeline_dates():
    timeline = datasets.load("district2_timeline")
    assert (timeline["start_year"] <= timeline["end_year"]).all()
    by_printed = timeline.set_index("date_as_printed")
    printed(by_printed.loc["since 1987", "start_year"], 1987, "The paper prints 'Superintendent since 1987'")
    printed(by_printed.loc["In 1997-98", "end_year"], 1998, "The paper prints 'In 1997-98, a total of 13 schools'")
    printed(by_printed.loc["March 1996", "start_year"], 1996, "Footnote 1 prints 'March 1996'")
    # a relative phrase is dated by the companion, counting back from the paper's date (October 1997)
    relative = timeline[timeline["dating"] == "companion's dating"]
    assert set(relative["date_as_printed"]) >= {"in the last five years or so", "within the past two-to-three years"}
    assert relative["note"].str.len().gt(0).all(), "every companion's dating says how it was worked out"
    paper = timeline.set_index("event").loc["The paper is dated"]
    assert (paper["date_as_printed"], paper["dating"]) == ("October 1997", "printed")


def test_district2_argument_lists_as_printed():
    argument = datasets.load("district2_argument")
    assert argument["list"].value_counts().to_dict() == {
        "assumption of standards-based improvement": 6,  # "Embedded in this view are several assumptions: 1. ... 6."
        "theory-of-action principle": 5,
        "principals' theme": 7,  # "grouped under seven main themes"
        "closing question": 4,
    }
    for kind, group in argument.groupby("list"):
        assert group["number"].tolist() == list(range(1, len(group) + 1)), kind
    assumptions = argument[argument["list"] == "assumption of standards-based improvement"]
    assert assumptions["printed_heading"].isna().all()  # numbered sentences, no headings
    headed = argument[argument["list"] != "assumption of standards-based improvement"]
    assert headed["printed_heading"].notna().all()


def test_district2_strategy_links_connect_known_items():
    links = datasets.load("district2_strategy_links")
    strategy = datasets.load("district2_strategy")
    principles = set(strategy.loc[strategy["kind"] == "organizing principle", "number"])
    models = set(strategy.loc[strategy["kind"] == "professional development model", "number"])
    groups = set(datasets.load("district2_school_groups")["group"])
    pm, mg = links[links["link"] == "principle to model"], links[links["link"] == "model to group"]
    assert set(pm["principle"]) == principles and pm["group"].isna().all()
    assert set(links["model"]) <= models and mg["principle"].isna().all() and set(mg["group"]) <= groups
    assert not links.duplicated(["link", "principle", "model", "group"]).any()
    # stated only where a principle's or a group's own passage names the model's activity
    stated = links[links["support"] == "stated"]
    assert {(int(r.principle), int(r.model)) for r in stated.itertuples() if r.link == "principle to model"} == {
        (3, 2), (3, 3), (3, 5), (6, 5)
    }  # fmt: skip
    assert {(int(r.model), r.group) for r in stated.itertuples() if r.link == "model to group"} == {
        (5, "Free-Agents"), (5, "With-the-Drill"), (5, "Watch-List"), (5, "Off-the-Screen"), (3, "With-the-Drill")
    }  # fmt: skip


DISTRICT2_PASSAGES = {
    "district2_people": "003_dd5da374b071434c.txt",
    "district2_timeline": "003_dd5da374b071434c.txt",
    "district2_argument": "003_dd5da374b071434c.txt",
    "district2_strategy_links": "003_dd5da374b071434c.txt",
    "leithwood_on_district2": "000_842ac5b9b51fed6d.txt",
}


@pytest.mark.parametrize(("name", "seed"), DISTRICT2_PASSAGES.items())
def test_district2_passages_are_printed_in_their_sections(name, seed):
    from companion_book.sphinx_statements import normalize
    from tests.test_statements import SEEDS, section_spans, seed_text

    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}")
    lines, spans = seed_text(seed), section_spans(seed)
    frame = datasets.load(name)
    problems = []
    for row in frame.itertuples():
        anchor = normalize(row.anchor)
        start, end = spans[row.section]
        if not 1 <= len(anchor.split()) <= 10 or anchor not in " ".join(lines[start:end]):
            problems.append(f"{row.Index}: {row.anchor!r} not in {row.section!r} (or longer than ten words)")
    if name == "district2_argument":
        text = " ".join(lines).replace("*", "")
        for row in frame.dropna(subset=["printed_heading"]).itertuples():
            if normalize(row.printed_heading) not in text:
                problems.append(f"heading not printed: {row.printed_heading!r}")
    assert problems == [], "\n".join(problems)


def test_leithwood_on_district2_as_printed():
    lw = datasets.load("leithwood_on_district2")
    locations = datasets.load("leithwood_locations").set_index("setting")["studies_stated"]
    by_anchor = lw.set_index("anchor")["value"]
    printed(by_anchor["Six were conducted in New York City's District # 2"], locations["NYC District #2"], "Six")
    printed(by_anchor["Evidence from the first four years of this effort"], 4, "The review prints 'first four years'")
    # the review cites the authors' 1998 paper (study 5), not the 1997 paper the chapters follow
    studies = datasets.load("leithwood_studies").set_index("study_id")
    assert studies.loc[5, "year"] == 1998 and "Elmore" in studies.loc[5, "authors"]


# --- What the sources say about their own scope and limits (source_passages) -----------------


def test_source_passages_pin_the_sources_limits_and_parts():
    passages = datasets.load("source_passages")
    by = passages.groupby(["seed", "topic"]).size()
    ospi, brief, instll, leithwood = (
        "001_9c180b1be3d3f984.txt",
        "002_9c8a03ea642ac8ff.txt",
        "004_315309803b695ae8.txt",
        "000_842ac5b9b51fed6d.txt",
    )
    printed(by[(ospi, "caveat")], 7, "OSPI's summary states seven limits of its evidence")
    printed(by[(brief, "implication")], 4, "The brief's Implications paragraph makes four points, one citation each")
    printed(by[(instll, "relation")], 3, "The INSTLL page relates three things: core functions, capacity, key drivers")
    printed(by[(leithwood, "research agenda")], 6, "Leithwood's conclusion: six points on future research and theory")
    rows = passages.set_index(["seed", "topic", "order"])["printed"]
    printed(rows[(ospi, "basis", 1)], "collected and analyzed more than 80 research reports and articles", "OSPI")
    printed(rows[(ospi, "caveat", 2)], "improvement at the elementary level", "OSPI's second paragraph")
    printed(rows[(instll, "research gap", 1)], "it does not provide much guidance on how districts actually", "INSTLL")
    assert (passages["printed"].str.split().str.len() <= 12).all()


def test_source_passages_are_printed_in_their_sections():
    from tests.test_statements import SEEDS, section_spans, seed_text

    if not SEEDS.is_dir():
        pytest.skip(f"the source documents are not at {SEEDS}")
    from companion_book.sphinx_statements import normalize

    missing = []
    for row in datasets.load("source_passages").itertuples():
        start, end = section_spans(row.seed)[row.section]
        if normalize(row.printed) not in " ".join(seed_text(row.seed)[start:end]):
            missing.append(f"{row.seed} {row.topic} {row.order}: {row.printed!r} not in {row.section!r}")
    assert missing == []


def test_shared_works_say_whether_leithwood_cites_each():
    works = datasets.load("shared_works").set_index("work")
    # a work with an appendix study is cited by Leithwood; Rorrer et al. is cited in his text, not among the 31
    assert works.loc[works["leithwood_study_id"].notna(), "in_leithwood"].all()
    rorrer = works.loc["Rorrer, Skrla & Scheurich"]
    assert pd.isna(rorrer["leithwood_study_id"]) and rorrer["in_leithwood"] and rorrer["in_rapid_framework"]
    text = datasets.load("leithwood_text_citations")
    assert ((text["work"] == "Rorrer, Skrla & Scheurich") & (text["year"] == 2009)).any()  # the text's year
    # every shared work is cited by at least two of the three sources
    assert (works[["in_leithwood", "in_brief", "in_rapid_framework"]].sum(axis=1) >= 2).all()


# --- Leithwood (2010), the reference list and the text's citations ---------------------------


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def test_every_appendix_study_is_one_reference_list_entry_with_its_year_and_authors():
    refs = datasets.load("leithwood_references").dropna(subset=["study_id"]).set_index("study_id")
    studies = datasets.load("leithwood_studies").set_index("study_id")
    identified = studies[studies["identified"]]
    assert sorted(refs.index) == sorted(identified.index)
    for sid, study in identified.iterrows():
        assert refs.loc[sid, "year"] == study["year"], sid
        # the same names, whatever the commas and '&' (study 3's appendix row drops a comma)
        assert _letters(refs.loc[sid, "authors"]) == _letters(study["authors"]), sid


def test_every_text_citation_has_its_reference_list_entry():
    refs = datasets.load("leithwood_references")
    cites = datasets.load("leithwood_text_citations")
    printed_as = {("Lave", 1994)}  # the text spells the second author 'Wegner', the list 'Wenger'
    for cite in cites.itertuples():
        first = cite.work.replace(",", " ").split()[0]
        match = refs[(refs["authors"].str.startswith(first)) & (refs["year"] == cite.year)]
        assert len(match) >= 1 or (first, cite.year) in printed_as, cite.work
        if not pd.isna(cite.study_id):
            assert int(cite.study_id) in set(match["study_id"].dropna().astype(int)), cite.work


def test_citation_sections_as_printed():
    cites = datasets.load("leithwood_text_citations").set_index(["work", "year"])["sections"]
    headings = datasets.load("leithwood_characteristics").set_index("characteristic_id")["results_heading"]
    assert cites[("Louis, Marks & Kruse", 1996)] == headings[5]
    # 'Florian's study' and 'Florian et al.'s study' are two works
    assert headings[4] in cites[("Florian", 2000)] and headings[4] not in cites[("Florian et al.", 2000)]
    assert cites[("Resnick & Harwell", 2000)] == "NOTES"
    assert cites[("Teddlie & Stringfield", 2007)] == "CONCLUSION"
    assert headings[8] == "Districtwide, Job-embedded Professional Development for Leaders and Teachers"

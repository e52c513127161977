"""The District #2 chapters cover what the paper argues: every principle, model and theme has its section,
the figures the paper gives are glued from the data, and the argument's parts are where readers look for them."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from companion import datasets

BOOK = Path(__file__).resolve().parents[1] / "book" / "chapters"


def _markdown(chapter: str) -> str:
    nb = nbformat.read(BOOK / f"{chapter}.ipynb", as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _glued(chapter: str) -> dict[str, str]:
    """Every value the chapter glues, as stored in its outputs."""
    nb = nbformat.read(BOOK / f"{chapter}.ipynb", as_version=4)
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                found[name] = output["data"]["application/papermill.record/text/plain"].strip("'\"")
    return found


def _section(text: str, label: str) -> str:
    """The text of the section labelled ``(label)=``, up to the next heading of the same or a higher level."""
    match = re.search(rf"^\({re.escape(label)}\)=\n(#+) [^\n]*\n", text, re.M)
    assert match, f"no section labelled {label}"
    level = len(match.group(1))
    rest = text[match.end() :]
    following = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: following.start()] if following else rest


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [("organizing principle", "principle"), ("professional development model", "model"), ("emerging theme", "theme")],
)
def test_every_principle_model_and_theme_has_its_section(kind, prefix):
    text = _markdown("d2_strategy")
    strategy = datasets.load("district2_strategy")
    for number in strategy.loc[strategy["kind"] == kind, "number"]:
        body = _section(text, f"{prefix}-{number}")
        assert len(body.split()) > 40, f"{prefix}-{number}: a section, not a line"
        if prefix != "theme":
            for part in ("**What it is.**", "**How it worked.**", "**Who.**", "**Scale.**"):
                assert part in body, f"{prefix}-{number} lacks {part}"


MODEL_FIGURES = {
    # section label: {glue key: fact in district2_facts}
    "model-1": {
        "pdl_low": "Visiting teachers per year in the Professional Development Laboratory (lower bound)",
        "pdl_high": "Visiting teachers per year in the Professional Development Laboratory (upper bound)",
        "pdl_weeks": "Length of a Professional Development Laboratory residency",
    },
    "model-3": {"intervisit_days": "Professional days budgeted for intervisitations"},
    "model-5": {"days_in_schools": "Days a week district staff spend in schools"},
    "principle-6": {"formal_visits": "Formal district visits to each school"},
}


@pytest.mark.parametrize("label", MODEL_FIGURES)
def test_the_figures_the_paper_gives_are_glued_from_the_data(label):
    text, glued = _markdown("d2_strategy"), _glued("d2_strategy")
    facts = datasets.load("district2_facts").set_index("fact")["value"]
    body = _section(text, label)
    for key, fact in MODEL_FIGURES[label].items():
        assert f"{{glue:text}}`{key}`" in body, f"{label} does not show {key}"
        assert float(glued[key]) == float(facts[fact]), f"{key} is not the paper's figure"


def test_the_theory_of_action_has_a_section_per_principle_and_the_student_work_label():
    text = _markdown("d2_theory")
    principles = datasets.load("district2_argument").query("list == 'theory-of-action principle'")
    labels = [f"theory-principle-{n}" for n in principles["number"] if n != 5] + ["theory-student-work"]
    for label in labels:
        assert len(_section(text, label).split()) > 60, label
    assert "(theory-student-work)=\n### Principle 5" in text  # d2_poverty links here
    assert "{doc}`d2_poverty`" in text
    for part in ("Argyris", "emergency room", "## What the theory predicts, and what would count against it"):
        assert part in text


def test_the_groups_chapter_carries_the_principals_themes_and_the_closing_questions():
    text = _markdown("d2_groups")
    argument = datasets.load("district2_argument")
    themes = argument.query('list == "principals\' theme"')
    for number, title in zip(themes["number"], themes["short_title"], strict=True):
        assert f"### {number}. " in text, f"principals' theme {number} ({title}) has no section"
    questions = argument.query("list == 'closing question'")
    for number in questions["number"]:
        assert re.search(rf"^{number}\. \*\*", text, re.M), f"closing question {number}"
    for part in ("Focused Literacy", "SURR", "extended day", "informed dissent", "fair accommodations", "union"):
        assert part in text, part
    assert "attract the most" not in text  # the paper's words: With-the-Drill and Watch-List get the most attention


def test_the_district_chapter_opens_the_part_with_the_argument_people_dates_and_the_sources_limits():
    text = _markdown("d2_district")
    for part in (
        "## The question",
        "## Why District #2 is a useful case",
        "## Who is who",
        "## The dates the paper gives",
        ":class: source-profile",
        "## What one outlier case can and cannot show",
        "{doc}`ev_gathering`",
        "San Diego",
    ):
        assert part in text, part
    # the paper prints these bare: no "about" before the glued figures
    assert "about {glue:text}`students`" not in text and "about\n{glue:text}`esl`" not in text
    assert "Roughly" not in text and "the district's own test results" not in text

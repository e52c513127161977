"""The book's cross-reference roles, in a small Sphinx project built from MyST pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.application import Sphinx


def _build(tmp_path: Path, page: str) -> tuple[str, str]:
    src = tmp_path / "src"
    (src / "chapters").mkdir(parents=True)
    (src / "conf.py").write_text("extensions = ['myst_parser', 'companion_book.sphinx_links']\n")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nchapters/ev_map\npage\n```\n")
    (src / "chapters" / "ev_map.md").write_text("# The evidence map\n")
    (src / "page.md").write_text(f"# A page\n\n{page}\n")
    warnings = tmp_path / "warnings.txt"
    with warnings.open("w") as stream:
        Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", warning=stream).build()
    return (tmp_path / "out" / "page.html").read_text(), warnings.read_text()


def test_evidence_map_role_links_the_map_opened_on_a_characteristic(tmp_path):
    html, warnings = _build(tmp_path, "See {evidence-map}`3` or {evidence-map}`its studies <10>`.")
    assert 'href="chapters/ev_map.html?characteristic=3"' in html
    assert ">the evidence map, opened on characteristic 3<" in html
    assert 'href="chapters/ev_map.html?characteristic=10"' in html and ">its studies<" in html
    assert "evidence-map" not in warnings


@pytest.mark.parametrize("target", ["11", "three"])
def test_evidence_map_role_refuses_what_is_not_a_characteristic(tmp_path, target):
    _, warnings = _build(tmp_path, f"See {{evidence-map}}`{target}`.")
    assert f"{{evidence-map}}: '{target}' is not a characteristic number (1 to 10)" in warnings


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("McLaughlin and Talbert (study 16) twice", [16]),
        ("the appendix cuts studies 4, 10 and 13 short", [4, 10, 13]),
        ("Studies 2 and 21 failed to confirm", [2, 21]),
        ("a study 1999 reported", []),  # a year is not a study number
        ("Nine of the 31 studies", []),  # a count before the word is not a study number
        ("study 5, 1998", [5]),
    ],
)
def test_study_numbers_are_found_after_study_or_studies(text, numbers):
    from companion_book.sphinx_links import study_number_spans

    assert [n for _, _, n in study_number_spans(text)] == numbers


def test_a_study_number_in_prose_links_its_record_page(tmp_path):
    src = tmp_path / "src"
    (src / "studies").mkdir(parents=True)
    (src / "conf.py").write_text("extensions = ['myst_parser', 'companion_book.sphinx_links']\n")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nstudies/study-16\npage\n```\n")
    (src / "studies" / "study-16.md").write_text("# Study 16\n\nThis is study 16.\n")
    (src / "page.md").write_text("# A page\n\nMcLaughlin and Talbert (study 16) and study 17, `study 16` in code.\n")
    Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html").build()
    page = (tmp_path / "out" / "page.html").read_text()
    assert '<a class="study-link reference internal" href="studies/study-16.html">16</a>' in page
    assert "study 17," in page  # no record page: left as text
    assert page.count("study-link") == 1  # not inside code
    record = (tmp_path / "out" / "studies" / "study-16.html").read_text()
    assert "study-link" not in record  # a page does not link itself

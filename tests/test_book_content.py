"""The book's teaching and citing material: exercises, discussion, data page, citation file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from companion import datasets

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
TOC = yaml.safe_load((BOOK / "_toc.yml").read_text())
TOC_FILES = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
CONTENT_CHAPTERS = [f for f in TOC_FILES if f.startswith("chapters/") and (BOOK / f"{f}.ipynb").exists()]
CFFCONVERT = Path(os.environ.get("COMPANION_CFFCONVERT", ROOT / ".venv-cff" / "bin" / "cffconvert"))


def _markdown(chapter: str) -> str:
    nb = nbformat.read(BOOK / f"{chapter}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("chapter", CONTENT_CHAPTERS)
def test_every_content_chapter_has_exercises_with_code_solutions_and_discussion(chapter):
    nb = nbformat.read(BOOK / f"{chapter}.ipynb", as_version=4)
    sources = [c.source for c in nb.cells]
    labels = re.findall(r"```\{exercise\}\n:label: (\S+)", "\n".join(sources))
    assert len(labels) >= 2
    for label in labels:
        start = next(i for i, s in enumerate(sources) if s.startswith(f"```{{solution-start}} {label}"))
        assert ":class: dropdown" in sources[start]  # hidden by default
        assert nb.cells[start + 1].cell_type == "code" and nb.cells[start + 1].outputs  # computed, stored
        assert sources[start + 2].startswith("```{solution-end}")
    assert "## Discussion questions" in _markdown(chapter)


@pytest.mark.parametrize("chapter", CONTENT_CHAPTERS)
def test_every_content_chapter_cites_its_sources(chapter):
    assert re.search(r"\{cite:[pt]\}`", _markdown(chapter))


def test_every_citation_key_is_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", (BOOK / "references.bib").read_text(), re.M))
    cited = set()
    for path in [*BOOK.glob("*.md"), *BOOK.glob("chapters/*.ipynb")]:
        text = path.read_text()
        for group in re.findall(r"\{cite:[pt]\}`([^`]+)`", text):
            cited.update(k.strip() for k in group.split(","))
    assert cited and cited <= keys
    assert len(keys) >= 45  # 30 identified studies + sources + brief and framework works


def test_bibliography_holds_every_identified_leithwood_study():
    bib = (BOOK / "references.bib").read_text()
    studies = datasets.load("leithwood_studies")
    for study_id in studies.loc[studies["identified"], "study_id"]:
        assert f"Study {study_id} in Leithwood (2010), Appendix." in bib


def test_data_page_offers_every_dataset_and_every_chapter_notebook():
    from companion_book.sphinx_datanotes import dataset_rows, notebook_rows

    page = (BOOK / "data.md").read_text()
    assert "```{dataset-table}" in page and "```{chapter-notebooks}" in page
    table = "\n".join(dataset_rows(BOOK))
    for name in datasets.names():
        assert f"<../data/{name}.csv>" in table, name
    notebooks = "\n".join(notebook_rows(BOOK, BOOK))
    for chapter in TOC_FILES:
        if chapter.startswith("chapters/") and (BOOK / f"{chapter}.ipynb").exists():
            assert f"<{chapter}.ipynb>" in notebooks, chapter
    assert "<../data/datapackage.json>" in page


def test_toc_lists_the_guide_bibliography_and_data_pages():
    assert {"instructor_guide", "data", "bibliography"} <= set(TOC_FILES)


def test_citation_cff_is_valid():
    if not CFFCONVERT.exists():
        pytest.skip(f"cffconvert not installed at {CFFCONVERT} (make installs it into .venv-cff)")
    result = subprocess.run(
        [str(CFFCONVERT), "--validate", "--infile", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_data_page_row_counts_match_the_data():
    from companion_book.sphinx_datanotes import dataset_rows

    table = "\n".join(dataset_rows(BOOK))
    for name in datasets.names():
        match = re.search(rf"<\.\./data/{name}\.csv>` \| (\d+) \|", table)
        assert match and int(match.group(1)) == len(datasets.load(name)), name


def test_data_page_offers_the_wheel_and_the_source_archive_as_make_book_names_them():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_downloads

    page = (BOOK / "data.md").read_text()
    for name in (build_downloads.wheel_name(), build_downloads.archive_name()):
        assert f"<_build/downloads/{name}>" in page, f"book/data.md should link {name} (version from pyproject.toml)"
    run_locally = page[page.index("## Run it locally") :]
    assert "COMPANION_DATA_DIR" in run_locally and "[notebooks]" in run_locally and "make book" in run_locally

"""The student edition (`make student`) holds no solution anywhere: pages, search index, downloads, PDF.

"Solution text" is every line of every chapter's solution cells (code and stored outputs) that
appears nowhere else in the chapters and is not a value or field name of the data package (those are
printed on every page that shows the data), and the answer as the solution shows it. Needs
``make student`` (``make test-teaching`` runs it).
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from companion.teaching import exercises, read_notebook
from companion_book.sphinx_exercises import STUDENT_NOTICE

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "book" / "_build" / "student" / "_build" / "html"
PDF = ROOT / "book" / "_build" / "student" / "pdf"
CHAPTERS = sorted((ROOT / "book" / "chapters").glob("*.ipynb"))
pytestmark = pytest.mark.skipif(not (HTML / "index.html").exists(), reason="student edition not built (make student)")


def _lines(cell: dict) -> list[str]:
    texts = ["".join(cell.get("source", ""))]
    for output in cell.get("outputs", []):
        texts.append("".join(output.get("text", "")))
        texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return [line.strip() for text in texts for line in text.splitlines() if len(line.strip()) >= 16]


def data_texts() -> set[str]:
    """Every cell value and header of the data package's tables: printed by the book wherever it shows the data."""
    values = set()
    for path in (ROOT / "data").rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            values |= {value.strip() for row in csv.reader(handle) for value in row}
    return values


def solution_texts() -> dict[str, set[str]]:
    """Per chapter, the lines only its solutions hold."""
    inside, outside = {}, data_texts()
    for path in CHAPTERS:
        notebook = read_notebook(path)
        cells = {i for e in exercises(notebook) for i in e.solution_cells}
        inside[path.stem] = {line for i in cells for line in _lines(notebook["cells"][i])}
        outside |= {line for i, c in enumerate(notebook["cells"]) if i not in cells for line in _lines(c)}
    return {chapter: lines - outside for chapter, lines in inside.items()}


SOLUTIONS = solution_texts()
NEEDLES = sorted({line for lines in SOLUTIONS.values() for line in lines})
MARKS = ["Answer:</strong>", "solution-start", "companion-answer-output"]


def _pieces(text: str) -> set[str]:
    """A file's lines, also those inside JSON strings and HTML, stripped as :func:`_lines` strips them."""
    if "<html" in text[:2000].lower():
        from bs4 import BeautifulSoup

        text = BeautifulSoup(text, "html.parser").get_text("\n")
    return {piece.strip().strip('",').strip() for piece in re.split(r"\n|\\n", text)}


def _files() -> list[tuple[str, str]]:
    found = []
    for path in HTML.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".txt", ".ipynb", ".json", ".md"):
            found.append((str(path.relative_to(HTML)), path.read_text(encoding="utf-8", errors="ignore")))
        elif path.name.endswith(".tar.gz"):
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    if member.isfile() and member.name.endswith(".ipynb"):  # where solutions live
                        data = archive.extractfile(member).read().decode("utf-8", errors="ignore")
                        found.append((f"{path.name}:{member.name}", data))
    return found


def test_the_solutions_have_text_to_look_for():
    assert sum(len(lines) for lines in SOLUTIONS.values()) >= 10


def test_no_page_search_index_or_download_holds_a_solution():
    files = _files()
    assert any(name.endswith("searchindex.js") for name, _ in files)
    assert any(".tar.gz:" in name for name, _ in files), "the source archive was not searched"
    assert any(name.endswith(".ipynb") for name, _ in files), "no notebook download was searched"
    leaks = [(name, mark) for name, text in files for mark in MARKS if mark in text]
    leaks += [(name, needle) for name, text in files for needle in set(NEEDLES) & _pieces(text)]
    assert leaks == []


def test_every_page_says_it_is_the_student_edition():
    pages = [p for p in HTML.rglob("*.html") if "_static" not in p.parts and p.name != "index.html"]
    notice = html.escape(STUDENT_NOTICE)
    missing = [str(p.relative_to(HTML)) for p in pages if notice not in p.read_text(encoding="utf-8")]
    assert missing == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed (poppler-utils)")
def test_the_student_pdfs_hold_no_solution():
    pdfs = [PDF / "companion.pdf", *sorted((PDF / "chapters").glob("*.pdf"))]
    assert pdfs[0].exists() and len(pdfs) > 5
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert "Solutions to the exercises" not in flat and "Solution to Exercise" not in flat, pdf.name
        assert "Answer:" not in flat, pdf.name
        leaks = [n for n in NEEDLES if len(n) >= 40 and not n.startswith(("from ", "import ")) and n in flat]
        assert leaks == [], (pdf.name, leaks[:3])
    assert (
        "student edition"
        in subprocess.run(["pdftotext", str(pdfs[0]), "-"], capture_output=True, text=True, check=True).stdout.lower()
    )


def test_the_full_edition_still_has_its_solutions():
    """The needles are real: the reading edition holds them (so the test above can fail)."""
    full = ROOT / "book" / "_build" / "html" / "chapters" / "claims_audit.html"
    if not full.exists():
        pytest.skip("full edition not built")
    text = full.read_text(encoding="utf-8")
    assert "Answer:</strong>" in text
    assert any(needle in text for needle in SOLUTIONS["claims_audit"])
    assert json.loads  # keep the import for the notebook check below
    notebook = json.load(open(ROOT / "book" / "chapters" / "claims_audit.ipynb", encoding="utf-8"))
    assert any("solution-start" in "".join(c["source"]) for c in notebook["cells"])

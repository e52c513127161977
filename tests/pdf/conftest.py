"""Fixtures for the PDF edition's checks (``make test-pdf``, after ``make pdf``).

The PDFs are read with poppler-utils (pdftotext, pdffonts, pdfimages, pdfinfo), which ``.ci/run``
installs. A missing PDF or tool is an error naming what to run or install, never a skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PDF_DIR = ROOT / "book" / "_build" / "pdf"
BOOK_PDF = PDF_DIR / "companion.pdf"
HTML = ROOT / "book" / "_build" / "html"
POPPLER = ("pdftotext", "pdffonts", "pdfimages", "pdfinfo")


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool and return its standard output."""
    if shutil.which(tool) is None:
        pytest.fail(
            f"{tool} not found: install poppler-utils (apt-get install poppler-utils; macOS: brew install poppler)"
        )
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """Text with ligatures unfolded, typographic quotes made plain and whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    plain = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    text = text.translate(str.maketrans(plain))
    return re.sub(r"\s+", " ", text).strip()


@cache
def page_texts(pdf: Path) -> tuple[str, ...]:
    """The text of every page of ``pdf`` (pdftotext, page by page via form feeds)."""
    return tuple(poppler("pdftotext", str(pdf), "-").split("\f"))


@cache
def words(pdf: Path) -> tuple[tuple[float, float, tuple[tuple[float, float, float, float, str], ...]], ...]:
    """For every page: its width, height and words with their boxes (pdftotext -bbox)."""
    out = poppler("pdftotext", "-bbox", str(pdf), "-")
    word = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>')
    pages = []
    for page in out.split("<page ")[1:]:
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        boxes = tuple((float(a), float(b), float(c), float(d), w) for a, b, c, d, w in word.findall(page))
        pages.append((width, height, boxes))
    return tuple(pages)


@cache
def info(pdf: Path) -> dict[str, str]:
    lines = poppler("pdfinfo", str(pdf)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


@pytest.fixture(scope="session")
def book_pdf() -> Path:
    if not BOOK_PDF.is_file():
        pytest.fail(f"{BOOK_PDF.relative_to(ROOT)} not found: run make pdf")
    return BOOK_PDF


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report the page count and file size of the book and of each chapter PDF."""
    if not BOOK_PDF.is_file() or shutil.which("pdfinfo") is None:
        return
    terminalreporter.section("PDF edition")
    for pdf in [BOOK_PDF, *sorted((PDF_DIR / "chapters").glob("*.pdf"))]:
        size = pdf.stat().st_size / 1024
        terminalreporter.write_line(f"{pdf.relative_to(ROOT)}: {info(pdf)['Pages']} pages, {size:,.0f} KB")

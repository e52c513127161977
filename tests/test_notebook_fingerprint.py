"""Stale-output guard: `make refresh` stores a fingerprint, `make book` refuses stale notebooks with a hint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_downloads  # noqa: E402
import notebook_fingerprint as fp  # noqa: E402

# Table 2's first row (school 001): lowest quartile 10.6 %, which chapter d2_poverty's outputs depend on.
TABLE2_ROW, EDITED_ROW = "1,001,elementary,10.6,33.0", "1,001,elementary,12.6,33.0"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's source files (as in the source archive) sharing this checkout's .venv."""
    copy = tmp_path / "project"
    for path in build_downloads.files(build_downloads.SOURCE_FILES):
        target = copy / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def _edit_data(project: Path) -> None:
    path = project / "data" / "district2_reading_1997.csv"
    text = path.read_text()
    assert TABLE2_ROW in text
    path.write_text(text.replace(TABLE2_ROW, EDITED_ROW))


def _make(project: Path, *targets: str, **env: str) -> subprocess.CompletedProcess:
    command = ["make", "--no-print-directory", "-o", ".venv/.installed-stamp", *targets]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env={**os.environ, **env}, timeout=600)


def test_every_chapter_fingerprint_is_current():
    found = fp.stale()
    assert found == [], fp.report(found)


def test_every_library_module_counts_and_the_book_package_does_not(project):
    """No name rule: any module of src/companion changes the fingerprint; the book's build never does."""
    before = fp.inputs_digest(project)
    extension = project / "book-package" / "src" / "companion_book" / "sphinx_vega.py"
    extension.write_text(extension.read_text() + "\n# shapes pages only\n")
    assert fp.inputs_digest(project) == before
    (project / "src" / "companion" / "sphinx_named.py").write_text("VALUE = 1\n")
    assert fp.inputs_digest(project) != before


def test_fingerprint_follows_code_cells_not_markdown():
    notebook = json.loads((ROOT / fp.CHAPTERS / "d2_poverty.ipynb").read_text())
    before = fp.fingerprint(notebook)
    markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "edited prose"
    assert fp.fingerprint(notebook) == before
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    code["source"] = "".join(code["source"]) + "\n# edited"
    assert fp.fingerprint(notebook) != before


def test_data_edit_without_refresh_makes_make_book_refuse(project):
    assert fp.stale(project) == []
    _edit_data(project)
    result = _make(project, "book")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "make refresh" in output and "book/chapters/d2_poverty.ipynb" in output
    assert not (project / "book" / "_build" / "html").exists()


@pytest.mark.notebooks
def test_nbval_failure_ends_with_the_refresh_hint(project):
    _edit_data(project)
    notebook = "book/chapters/d2_poverty.ipynb"
    result = _make(project, "test-notebooks", f"NOTEBOOKS={notebook}", COMPANION_DATA_DIR=str(project / "data"))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    tail = output.strip().splitlines()[-16:]
    assert any("make refresh" in line for line in tail), "\n".join(tail)
    assert any(notebook in line for line in tail), "\n".join(tail)

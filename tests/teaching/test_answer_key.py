"""`make pdf` writes the answer key: every exercise with its computed solution, by chapter."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from companion.teaching import exercises, read_notebook

ROOT = Path(__file__).resolve().parents[2]
KEY = ROOT / "book" / "_build" / "pdf" / "answer-key.pdf"


@pytest.mark.skipif(not KEY.exists() or shutil.which("pdftotext") is None, reason="run make pdf (needs poppler-utils)")
def test_the_answer_key_holds_every_exercise_and_each_computed_answer():
    text = " ".join(
        subprocess.run(["pdftotext", str(KEY), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    solutions = text.count("Solution to Exercise")
    found = [e for path in sorted((ROOT / "book" / "chapters").glob("*.ipynb")) for e in exercises(read_notebook(path))]
    assert solutions == len(found) and text.count("Exercise") >= 2 * len(found)
    for exercise in found:
        if exercise.answer is not None:
            assert f"Answer: {exercise.answer.shown()}" in text, exercise.label
    assert not (ROOT / "book" / "_build" / "html" / "pdf" / KEY.name).exists(), "the key is not for the HTML book"

"""The course pack (`make course`) grades real submissions made from it (`make grade`) as it should.

For every chapter whose pack was built: the solution gets full marks, the untouched student
notebook zero on every question, one wrong answer loses exactly that question, a deleted answer
cell loses its question. For one chapter (FAULT_CHAPTER; the grader's handling of these does not
depend on the chapter) a broken file, a raising cell, an endless loop, a memory hog and an
attempt to delete a file outside its folder also each get their row, with the problem named,
within the time limit, and the instructor's file is still there. Needs ``make course`` (``make test-teaching`` runs it).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "book" / "_build" / "course"
sys.path.insert(0, str(ROOT / "tools"))
from sample_submissions import write_samples  # noqa: E402

PACKS = sorted(p.parent.parent.name for p in COURSE.glob("*/autograder/autograder.zip"))
TIMEOUT = 20
FAULT_CHAPTER = "claims_audit" if "claims_audit" in PACKS else (PACKS or [""])[0]


@pytest.mark.skipif(not PACKS, reason="no course pack built (run make course)")
@pytest.mark.parametrize("chapter", PACKS)
def test_the_pack_holds_a_student_and_a_solution_notebook_without_answers_in_the_clear(chapter):
    pack = COURSE / chapter
    student = (pack / "student" / f"{chapter}.ipynb").read_text(encoding="utf-8")
    solution = json.loads((pack / "solution" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    questions = json.loads((pack / "questions.json").read_text(encoding="utf-8"))["questions"]
    for question in questions:
        assert f'grader.check(\\"{question}\\")' in student, f"{question}: no offline check for the student"
        assert f"{question.replace('-', '_')} = ..." in student
    assert "BEGIN SOLUTION" not in student and "answer(" not in student
    code = "\n".join("".join(c["source"]) for c in solution["cells"] if c["cell_type"] == "code")
    assert all(f"{q.replace('-', '_')} = ..." not in code for q in questions)


@pytest.mark.skipif(not PACKS, reason="no course pack built (run make course)")
@pytest.mark.parametrize("chapter", PACKS)
def test_make_grade_scores_a_folder_of_real_submissions(chapter, tmp_path):
    folder, instructor = tmp_path / "submissions", tmp_path / "instructor"
    instructor.mkdir()
    keep = instructor / "keep-me.txt"
    keep.write_text("the instructor's file\n")
    faults = chapter == FAULT_CHAPTER
    kinds = write_samples(chapter, folder, keep, COURSE, faults=faults)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "grade.py"), chapter, str(folder), "--timeout", str(TIMEOUT)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT * len(kinds),
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert time.monotonic() - started < TIMEOUT * len(kinds)  # the endless loop did not hold up the run
    questions = json.loads((COURSE / chapter / "questions.json").read_text(encoding="utf-8"))["questions"]
    rows = {r["submission"]: r for r in csv.DictReader((folder / "grades.csv").open(encoding="utf-8"))}
    assert set(rows) == set(kinds)
    n = len(questions)

    def scores(name: str) -> list[float]:
        return [float(rows[name][q]) for q in questions]

    assert scores("01-solution.ipynb") == [1] * n and rows["01-solution.ipynb"]["problems"] == ""
    assert scores("02-untouched.ipynb") == [0] * n
    wrong = [0 if q == questions[0] else 1 for q in questions]
    assert scores("03-one-wrong.ipynb") == wrong and float(rows["03-one-wrong.ipynb"]["total"]) == n - 1
    assert scores("04-all-right.ipynb") == [1] * n
    deleted = rows["07-deleted-cell.ipynb"]
    assert float(deleted[questions[-1]]) == 0 and "cells deleted" in deleted["problems"]
    if faults:
        _check_faults(rows, scores, n)
    assert keep.read_text() == "the instructor's file\n"
    assert sorted(p.name for p in instructor.iterdir()) == ["keep-me.txt"]
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "grades.csv"} == before
    print(run.stdout)


def _check_faults(rows: dict, scores, n: int) -> None:
    assert scores("05-truncated.ipynb") == [0] * n and "truncated" in rows["05-truncated.ipynb"]["problems"]
    assert "not a notebook" in rows["06-notes.txt"]["problems"]
    assert "raised ZeroDivisionError" in rows["08-raises.ipynb"]["problems"]
    assert scores("08-raises.ipynb") == [1] * n
    assert "time limit" in rows["09-endless-loop.ipynb"]["problems"] and scores("09-endless-loop.ipynb") == [0] * n
    assert "ran out of memory" in rows["10-memory-hog.ipynb"]["problems"]
    assert "outside its folder" in rows["11-deletes-outside.ipynb"]["problems"]


@pytest.mark.skipif(not PACKS, reason="no course pack built (run make course)")
def test_the_faulty_submissions_are_graded_for_one_chapter():
    assert FAULT_CHAPTER in PACKS


def test_grading_without_a_pack_says_what_to_do(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "grade.py"), "no_such_chapter", str(tmp_path), "--course", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "run make course first" in run.stderr

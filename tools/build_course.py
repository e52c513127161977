"""Build the course pack (`make course`): per chapter, a student notebook, a solution notebook and an autograder.

Everything comes from the chapter notebooks (``companion.teaching``): each exercise's prompt,
its solution cells, and the answer its last cell computes. For each chapter this writes an
Otter Assign master notebook (the solution's work inside ``# BEGIN SOLUTION``, the answer as
``<label> = value  # SOLUTION``, a test that calls :func:`companion.exercises.check` with the
salted hashes of the answer) and runs ``otter assign``, which executes the solutions against the
tests and writes, under ``book/_build/course/<chapter>/``:

- ``student/<chapter>.ipynb`` and ``student/tests/``: the exercises without solutions, with a
  ``grader.check(...)`` cell under each question that a student runs offline;
- ``solution/<chapter>.ipynb``: the same notebook with the solutions;
- ``autograder/autograder.zip``: what ``make grade`` (``tools/grade.py``) grades with.

A chapter with an exercise whose solution computes no answer yet is skipped with one line.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from companion.teaching import ChapterError, Exercise, exercises, read_notebook, split_answer  # noqa: E402

CHAPTERS = ROOT / "book" / "chapters"
OUT = ROOT / "book" / "_build" / "course"
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<text>[^`]*)`")
OTTER_HINT = "make course needs otter-grader: make install (otter-grader is pinned in requirements.txt)"


def variable(label: str) -> str:
    """The Python name a student assigns the answer to: ``cla-ex1`` -> ``cla_ex1``."""
    return re.sub(r"\W", "_", label)


def plain(markdown: str) -> str:
    """MyST roles the pack cannot resolve, as their text: {numref}`Figure %s <fig-x>` -> "the chapter's figure"."""

    def text(match: re.Match[str]) -> str:
        role, inner = match.group("role"), match.group("text")
        if role == "numref":
            return "the chapter's figure"
        target = re.match(r"^(.*?)\s*<[^>]+>$", inner)
        return target.group(1) if target else inner

    return ROLE.sub(text, markdown)


def _cell(kind: str, source: str, **extra: object) -> dict:
    cell: dict = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell | extra


def how_to_answer(exercise: Exercise) -> str:
    found = exercise.answer
    name = variable(exercise.label)
    if found.kind == "choice":
        letters = "\n".join(f"- **{chr(65 + i)}.** {label}" for i, (label, _) in enumerate(found.options))
        return f'{letters}\n\nSet `{name}` to the letter of your choice (for example `"A"`) or its text.'
    unit = f" in {found.unit}" if found.unit else ""
    if found.kind == "number":
        places = exercise.public()["decimals"]
        return f"Set `{name}` to a number{unit} (it is checked to {places} decimal place{'s' if places != 1 else ''})."
    return f"Set `{name}` to a short text (case, spaces and punctuation do not matter)."


def question_cells(exercise: Exercise, number: int) -> list[dict]:
    """Otter Assign's cells for one exercise: question, prompt, solution, test."""
    work, value, _ = split_answer(exercise.code)
    name = variable(exercise.label)
    public = exercise.public()
    message = f"Not yet. Hint: {exercise.answer.hint}".replace('"', "'").replace("\\", "/")
    solution = "# Compute the answer from the data (or read it from the chapter), then set the variable.\n"
    if work:
        solution += f"# BEGIN SOLUTION\n{work}\n# END SOLUTION\n"
    solution += f"{name} = {value}  # SOLUTION"
    config = yaml.safe_dump({"points": 1, "failure_message": message, "success_message": "Correct."}, width=10_000)
    test = (
        f'""" # BEGIN TEST CONFIG\n{config}""" # END TEST CONFIG\n'
        f"def test_{name}({name}):\n"
        "    from companion.exercises import check\n\n"
        f"    assert check({name}, {json.dumps(public, ensure_ascii=False)})\n\n"
        f"test_{name}({name})"
    )
    return [
        _cell("raw", f"# BEGIN QUESTION\nname: {exercise.label}\npoints: 1"),
        _cell(
            "markdown",
            f"### Question {number} ({exercise.label})\n\n{plain(exercise.prompt)}\n\n{how_to_answer(exercise)}",
        ),
        _cell("raw", "# BEGIN SOLUTION"),
        _cell("code", solution),
        _cell("raw", "# END SOLUTION"),
        _cell("raw", "# BEGIN TESTS"),
        _cell("code", test),
        _cell("raw", "# END TESTS"),
        _cell("raw", "# END QUESTION"),
    ]


def master(chapter: str, notebook: dict, found: list[Exercise]) -> dict:
    """The Otter Assign master notebook for one chapter."""
    title = next(
        (line.lstrip("# ").strip() for c in notebook["cells"] for line in _lines(c) if line.startswith("# ")), chapter
    )
    config = {
        "name": chapter,
        "init_cell": True,
        "check_all_cell": True,
        "export_cell": False,
        "run_tests": True,
        "solutions_pdf": False,
        "generate": {"pdf": False, "zips": False},
        "tests": {"files": True, "ok_format": False},
    }
    cells = [
        _cell("raw", "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)),
        _cell(
            "markdown",
            f"# {plain(title)}: exercises\n\n"
            "These are the exercises of the chapter of the same name in the District Improvement Research "
            "Companion. Answer each one in the code cell under it, then run the `grader.check` cell below it: "
            "it tells you, offline, whether your answer is right, and gives a hint if not.\n\n"
            "You need Python with the `companion` package and `otter-grader` (the book's `make install`, or "
            "`pip install` the companion wheel and `otter-grader==7.0.0`). Keep the `tests` folder next to this "
            "notebook. Do not rename the answer variables: the grader looks for them.",
        ),
    ]
    for number, exercise in enumerate(found, 1):
        cells += question_cells(exercise, number)
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _lines(cell: dict) -> list[str]:
    source = cell.get("source", "")
    return ("".join(source) if isinstance(source, list) else source).splitlines()


MARKERS = re.compile(r"^\s*# (BEGIN|END) SOLUTION\s*\n?|  # SOLUTION$", re.M)


def clean(solution: dict) -> dict:
    """The solution notebook without Otter's solution markers (it is the instructor's to read)."""
    for cell in solution["cells"]:
        if cell.get("cell_type") == "code":
            cell["source"] = MARKERS.sub(
                "", "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            )
    return solution


def build_chapter(path: Path, out: Path) -> str:
    """Build one chapter's pack into ``out/<chapter>``; return a one-line report."""
    chapter = path.stem
    notebook = read_notebook(path)
    found = exercises(notebook)
    missing = [e.label for e in found if e.answer is None]
    if not found or missing:
        return f"{chapter}: skipped, exercises without answer() or choice(): {', '.join(missing) or 'no exercises'}"
    target = out / chapter
    with tempfile.TemporaryDirectory(prefix=f"course-{chapter}-") as tmp:
        work = Path(tmp)
        (work / f"{chapter}.ipynb").write_text(json.dumps(master(chapter, notebook, found), indent=1), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, "-m", "otter", "assign", "--no-pdfs", f"{chapter}.ipynb", "dist"],
            cwd=work,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            raise ChapterError(f"{chapter}: otter assign failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        dist = work / "dist"
        if target.exists():
            shutil.rmtree(target)
        (target / "solution").mkdir(parents=True)
        shutil.copytree(dist / "student", target / "student")
        solution = json.loads((dist / "autograder" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
        (target / "solution" / f"{chapter}.ipynb").write_text(json.dumps(clean(solution), indent=1), encoding="utf-8")
        shutil.copytree(dist / "student" / "tests", target / "solution" / "tests")
        (target / "autograder").mkdir()
        zips = sorted((dist / "autograder").glob("*.zip"))
        if not zips:
            raise ChapterError(f"{chapter}: otter assign wrote no autograder zip")
        shutil.copy2(zips[-1], target / "autograder" / "autograder.zip")
        (target / "questions.json").write_text(
            json.dumps({"chapter": chapter, "questions": [e.label for e in found]}, indent=1) + "\n", encoding="utf-8"
        )
    return f"{chapter}: {len(found)} questions -> {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", type=Path, help="chapter notebooks (default: every chapter)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    try:
        import otter  # noqa: F401
    except ImportError:
        print(OTTER_HINT, file=sys.stderr)
        return 1
    paths = [p.resolve() for p in args.chapters] or sorted(CHAPTERS.glob("*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor() as pool:
        for line in pool.map(build_chapter, paths, [args.out] * len(paths)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Submissions made from a chapter's course pack, for the grading tests and `make bench`.

``write_samples`` writes one of each kind a class hands in: the solution, the untouched student
notebook, one wrong answer, a truncated file, a file that is not a notebook, a deleted answer
cell, a raising cell, an endless loop, a memory hog, and one that tries to delete (and write) a
file outside its folder. ``write_class`` writes ``n`` plausible submissions (right and wrong
answers mixed) for timing.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from companion.teaching import Exercise, exercises, read_notebook  # noqa: E402

CHAPTERS = ROOT / "book" / "chapters"
COURSE = ROOT / "book" / "_build" / "course"


def variable(label: str) -> str:
    return re.sub(r"\W", "_", label)


def literal(exercise: Exercise, right: bool) -> str:
    """A Python literal a student might type: the right answer, or a wrong one."""
    found = exercise.answer
    if found.kind == "choice":
        labels = [label for label, _ in found.options]
        pick = found.value if right else next(label for label in labels if label != found.value)
        return repr(chr(65 + labels.index(pick)))
    if found.kind == "number":
        return repr(float(found.value) if right else float(found.value) + 1)
    return repr(str(found.value) if right else "not this")


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def answered(student: dict, found: list[Exercise], wrong: set[str] = frozenset()) -> dict:
    """The student notebook with every answer typed in (those in ``wrong`` wrongly)."""
    notebook = copy.deepcopy(student)
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        text = _source(cell)
        for exercise in found:
            name = variable(exercise.label)
            text = re.sub(
                rf"^{name} = \.\.\.$", f"{name} = {literal(exercise, exercise.label not in wrong)}", text, flags=re.M
            )
        cell["source"] = text
    return notebook


def _with_cell(notebook: dict, source: str, at: int = 1) -> dict:
    changed = copy.deepcopy(notebook)
    changed["cells"].insert(
        at, {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}
    )
    return changed


def _dump(notebook: dict) -> str:
    return json.dumps(notebook, indent=1)


def pack_parts(chapter: str, course: Path) -> tuple[dict, dict, list[Exercise]]:
    pack = course / chapter
    student = json.loads((pack / "student" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    solution = json.loads((pack / "solution" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    return student, solution, exercises(read_notebook(CHAPTERS / f"{chapter}.ipynb"))


FAULTS = (
    "05-truncated.ipynb",
    "06-notes.txt",
    "08-raises.ipynb",
    "09-endless-loop.ipynb",
    "10-memory-hog.ipynb",
    "11-deletes-outside.ipynb",
)


def write_samples(
    chapter: str, folder: Path, outside: Path, course: Path = COURSE, *, faults: bool = True
) -> dict[str, str]:
    """One submission of each kind into ``folder``; ``outside`` is a file they must not touch. Returns name -> kind.

    ``faults=False`` leaves out the kinds whose handling does not depend on the chapter (:data:`FAULTS`: a broken
    file, a raising cell, an endless loop, a memory hog, a file deleted outside the folder).
    """
    student, solution, found = pack_parts(chapter, course)
    folder.mkdir(parents=True, exist_ok=True)
    right = answered(student, found)
    first = found[0].label
    answer_cell = next(
        i for i, c in enumerate(right["cells"]) if re.search(rf"^{variable(found[-1].label)} =", _source(c), re.M)
    )
    deleted = copy.deepcopy(right)
    del deleted["cells"][answer_cell]
    files = {
        "01-solution.ipynb": (_dump(solution), "solution"),
        "02-untouched.ipynb": (_dump(student), "untouched"),
        "03-one-wrong.ipynb": (_dump(answered(student, found, {first})), f"wrong:{first}"),
        "04-all-right.ipynb": (_dump(right), "all right"),
        "05-truncated.ipynb": (_dump(right)[: len(_dump(right)) // 2], "truncated"),
        "06-notes.txt": ("my answers are in my head\n", "not a notebook"),
        "07-deleted-cell.ipynb": (_dump(deleted), f"deleted:{found[-1].label}"),
        "08-raises.ipynb": (_dump(_with_cell(right, "1 / 0")), "raises"),
        "09-endless-loop.ipynb": (_dump(_with_cell(right, "while True:\n    pass")), "loop"),
        "10-memory-hog.ipynb": (_dump(_with_cell(right, "hog = bytearray(64 * 2**30)")), "memory"),
        "11-deletes-outside.ipynb": (
            _dump(
                _with_cell(
                    _with_cell(
                        right, f"import os, shutil\nos.remove({str(outside)!r})\nshutil.rmtree({str(outside.parent)!r})"
                    ),
                    f"open({str(outside.parent / 'written-by-student.txt')!r}, 'w').write('x')",
                )
            ),
            "deletes",
        ),
    }
    if not faults:
        files = {name: entry for name, entry in files.items() if name not in FAULTS}
    for name, (text, _) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: kind for name, (_, kind) in files.items()}


def write_class(chapter: str, folder: Path, n: int, course: Path = COURSE) -> None:
    """``n`` submissions: every fourth fully right, the others with one or two wrong answers."""
    student, _, found = pack_parts(chapter, course)
    folder.mkdir(parents=True, exist_ok=True)
    labels = [e.label for e in found]
    for i in range(n):
        wrong = set() if i % 4 == 0 else {labels[i % len(labels)], labels[(i * 7) % len(labels)]}
        (folder / f"student-{i:03d}.ipynb").write_text(_dump(answered(student, found, wrong)), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--class-size", type=int, help="write this many plausible submissions instead")
    parser.add_argument("--outside", type=Path, help="a file the bad submissions try to delete")
    args = parser.parse_args()
    if args.class_size:
        write_class(args.chapter, args.folder, args.class_size)
    else:
        outside = args.outside or args.folder.parent / "instructor" / "keep-me.txt"
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_text("the instructor's file\n")
        for name, kind in write_samples(args.chapter, args.folder, outside).items():
            print(f"{name}: {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

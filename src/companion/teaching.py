"""A chapter's exercises as the teaching edition reads them from the notebook.

An exercise is a markdown cell holding a MyST ``{exercise}`` block with a ``:label:``; its
solution runs from a ``{solution-start} <label>`` cell to the next ``{solution-end}`` cell,
and its last code cell ends with :func:`companion.exercises.answer` or
:func:`~companion.exercises.choice`, whose stored output holds the answer
(:data:`~companion.exercises.ANSWER_MIMETYPE`). The book's checks, the student edition, the
answer key and the course pack all read exercises through :func:`exercises`, so an exercise
changed in a chapter changes everywhere.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion.exercises import ANSWER_MIMETYPE, Answer

FENCE = r"(?P<fence>`{3,}|:{3,})"
EXERCISE = re.compile(FENCE + r"\{exercise\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M)
SOLUTION_START = re.compile(FENCE + r"\{solution-start\}[ \t]+(?P<label>\S+)")
SOLUTION_END = re.compile(FENCE + r"\{solution-end\}")
OPTION = re.compile(r"^:(?P<name>[\w-]+):[ \t]*(?P<value>.*)$")
ANSWER_CALLS = ("answer", "choice")


class ChapterError(ValueError):
    """A chapter whose exercises the teaching edition cannot read (a solution without its exercise, ...)."""


@dataclass
class Exercise:
    """One exercise of a chapter: its prompt, its solution's cells and the answer they compute."""

    label: str
    prompt: str
    cell: int
    solution_cells: list[int] = field(default_factory=list)
    answer: Answer | None = None
    code: str = ""

    @property
    def salt(self) -> str:
        """The exercise's salt, the same in every build, page and course pack."""
        return salt_for(self.label)

    def public(self) -> dict[str, Any]:
        """The answer's check (salted hashes only); the exercise must have an answer."""
        if self.answer is None:
            raise ChapterError(f"exercise {self.label} has no answer() or choice() output")
        return self.answer.public(self.salt)


def salt_for(label: str) -> str:
    """A salt for the exercise labelled ``label`` (labels are unique across the book)."""
    return hashlib.sha256(f"companion-exercise:{label}".encode()).hexdigest()[:16]


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _answer_output(cell: dict[str, Any]) -> Answer | None:
    found = None
    for output in cell.get("outputs", []):
        data = output.get("data", {}).get(ANSWER_MIMETYPE)
        if data is not None:
            found = Answer.from_json(data if isinstance(data, dict) else json.loads(data))
    return found


def _prompt(body: str) -> tuple[str, str]:
    lines = body.splitlines()
    label = ""
    while lines and (OPTION.match(lines[0]) or not lines[0].strip()):
        match = OPTION.match(lines[0])
        if match and match.group("name") == "label":
            label = match.group("value").strip()
        lines.pop(0)
    return label, "\n".join(lines).strip()


def read_notebook(path: Path) -> dict[str, Any]:
    """A notebook's JSON, with a clear error for a file that is not one."""
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ChapterError(f"{path}: not a readable notebook ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ChapterError(f"{path}: not a notebook (no list of cells)")
    return notebook


def exercises(notebook: dict[str, Any]) -> list[Exercise]:
    """The notebook's exercises in order, each with its solution cells and stored answer."""
    found: dict[str, Exercise] = {}
    current: Exercise | None = None
    for index, cell in enumerate(notebook["cells"]):
        text = _source(cell) if cell.get("cell_type") == "markdown" else ""
        start, end = SOLUTION_START.search(text), SOLUTION_END.search(text)
        if start:
            label = start.group("label")
            if label not in found:
                raise ChapterError(f"cell {index}: solution to {label!r}, which no earlier exercise is labelled")
            current = found[label]
            current.solution_cells.append(index)
        elif end:
            if current is None:
                raise ChapterError(f"cell {index}: solution-end without a solution-start")
            current.solution_cells.append(index)
            current = None
        elif current is not None:
            current.solution_cells.append(index)
            if cell.get("cell_type") == "code":
                current.code = _source(cell)
                current.answer = _answer_output(cell) or current.answer
        else:
            for match in EXERCISE.finditer(text):
                label, prompt = _prompt(match.group("body"))
                if not label:
                    raise ChapterError(f"cell {index}: an exercise without a :label:")
                found[label] = Exercise(label, prompt, index)
    if current is not None:
        raise ChapterError(f"solution to {current.label!r} has no solution-end")
    return list(found.values())


def strip_solutions(notebook: dict[str, Any]) -> dict[str, Any]:
    """A copy of the notebook without any solution cell (from ``solution-start`` to ``solution-end``)."""
    drop = {i for exercise in exercises(notebook) for i in exercise.solution_cells}
    stripped = copy.deepcopy(notebook)
    stripped["cells"] = [cell for i, cell in enumerate(notebook["cells"]) if i not in drop]
    return stripped


def split_answer(code: str) -> tuple[str, str, str]:
    """A solution cell cut before its final ``answer(...)``/``choice(...)``: (work, value expression, call).

    The value expression is the call's first argument, on one line.
    """
    tree = ast.parse(code)
    last = tree.body[-1] if tree.body else None
    call = last.value if isinstance(last, ast.Expr) else None
    name = getattr(getattr(call, "func", None), "id", getattr(getattr(call, "func", None), "attr", None))
    if not isinstance(call, ast.Call) or name not in ANSWER_CALLS or not call.args:
        raise ChapterError("a solution's last statement must be answer(value, ...) or choice(correct, ...)")
    assert last is not None  # call is its value
    lines = code.splitlines()
    work = "\n".join(lines[: last.lineno - 1]).rstrip()
    return work, ast.unparse(call.args[0]), ast.get_source_segment(code, call) or ast.unparse(call)

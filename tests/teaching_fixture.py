"""A small book with three exercises (a number, a text, a choice), for testing the teaching edition alone.

Its solution outputs are made by the real :func:`companion.exercises.answer` and
:func:`~companion.exercises.choice`, exactly as a kernel stores them, so the tests prove the
mechanism without depending on the chapters.
"""

from __future__ import annotations

import json
from pathlib import Path

from companion.exercises import answer, choice

ANSWERS = {
    "fx-ex1": answer(43, hint="Count the rows of the table.", unit="schools"),
    "fx-ex2": answer("Study 16", accept=["16"], hint="Look for the study no table cell names."),
    "fx-ex3": choice(
        "Less than it seems",
        {"More than it seems": "No: the six studies share one district.", "Less than it seems": "Yes: one district."},
        hint="Think about how many districts the six studies looked at.",
    ),
}
SOLUTION_CODE = {
    "fx-ex1": (
        "from companion.exercises import answer\n\n"
        'rows = 43\nanswer(rows, hint="Count the rows of the table.", unit="schools")'
    ),
    "fx-ex2": (
        "from companion.exercises import answer\n\n"
        'answer("Study 16", accept=["16"], hint="Look for the study no table cell names.")'
    ),
    "fx-ex3": (
        "from companion.exercises import choice\n\n"
        'choice(\n    "Less than it seems",\n    {"More than it seems": "No: the six studies share one district.", '
        '"Less than it seems": "Yes: one district."},\n'
        '    hint="Think about how many districts the six studies looked at.",\n)'
    ),
}
CONF = """
extensions = ["myst_nb", "sphinx_exercise", "companion_book.sphinx_exercises"]
nb_execution_mode = "off"
myst_enable_extensions = ["colon_fence"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
"""


def _md(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def notebook() -> dict:
    """The fixture chapter: a title, three exercises, each followed by its gated solution."""
    cells = [_md("# Fixture chapter\n\nSome prose about 43 schools.\n\n## Exercises")]
    for n, (label, found) in enumerate(ANSWERS.items(), 1):
        cells.append(_md(f"```{{exercise}}\n:label: {label}\n\nQuestion {n} of the fixture.\n```"))
        cells.append(_md(f"```{{solution-start}} {label}\n:class: dropdown\n```"))
        output = {
            "output_type": "execute_result",
            "execution_count": n,
            "metadata": {},
            "data": found._repr_mimebundle_(),
        }
        cells.append(
            {
                "cell_type": "code",
                "execution_count": n,
                "metadata": {},
                "outputs": [output],
                "source": SOLUTION_CODE[label],
            }
        )
        cells.append(_md("```{solution-end}\n```"))
    for n, cell in enumerate(cells):
        cell["id"] = f"fixture-{n}"
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_book(folder: Path) -> Path:
    """The fixture book's sources (conf.py, index, the chapter) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "index.md").write_text("# Fixture book\n\n```{toctree}\nfixture\n```\n", encoding="utf-8")
    (folder / "fixture.ipynb").write_text(json.dumps(notebook(), indent=1), encoding="utf-8")
    return folder

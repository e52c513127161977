"""The JupyterLab reader's table of what the book fills into a chapter's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion import prose

ROOT = Path(__file__).resolve().parents[1]


def _notebook(folder: Path) -> Path:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["As {cite:p}`one,two` say, {glue:text}`n_a` of "]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ["from myst_nb import glue\n", "glue('n_a', 7 * 6, display=False)\n", "glue('label', 'ok')"],
        },
        {"cell_type": "markdown", "metadata": {}, "source": ["{glue:text}`n_a` again, {glue:text}`n_b` never glued"]},
    ]
    (folder / "chapters").mkdir()
    path = folder / "chapters" / "x.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (folder / "references.bib").write_text(
        "@misc{one,\n  author = {Smith, A.},\n  year = {1999},\n}\n\n"
        "@misc{two,\n  author = {Lee, B. and Kim, C. and Diaz, D.},\n  year = {2004},\n}\n"
    )
    return path


def test_text_values_recomputes_glue_and_labels_citations(tmp_path):
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.instance()
    table = prose.text_values(_notebook(tmp_path)).set_index("in the notebook")["in the book"]
    assert table.to_dict() == {"one": "Smith (1999)", "two": "Lee et al. (2004)", "n_a": "42", "n_b": "not glued"}


def test_text_values_without_a_kernel_says_so(tmp_path, monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    with pytest.raises(RuntimeError, match="needs a running IPython kernel"):
        prose.text_values(_notebook(tmp_path))


def test_bibliography_keys_get_author_year_labels():
    labels = prose.citations(ROOT / "book" / "references.bib")
    assert labels["elmore1997"] == "Elmore and Burney (1997)"
    assert labels["mclaughlin2003"] == "McLaughlin and Talbert (2003)"

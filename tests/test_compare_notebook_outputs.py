"""tools/compare_notebook_outputs.py: fingerprints are set aside, any other output change is reported."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "compare_notebook_outputs.py"
spec = importlib.util.spec_from_file_location("compare_notebook_outputs", TOOL)
assert spec and spec.loader
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)

NOTEBOOK = {
    "metadata": {"companion": {"fingerprint": "aaa"}, "kernelspec": {"name": "python3"}},
    "cells": [
        {"cell_type": "markdown", "id": "m", "source": "# Title"},
        {"cell_type": "code", "id": "c", "source": "1", "outputs": [{"output_type": "stream", "text": "1\n"}]},
    ],
}


def test_a_new_fingerprint_alone_is_no_difference():
    new = copy.deepcopy(NOTEBOOK)
    new["metadata"]["companion"]["fingerprint"] = "bbb"
    assert tool.compare({"a.ipynb": NOTEBOOK}, {"a.ipynb": new}) == ([], 1)


def test_a_changed_output_is_reported():
    new = copy.deepcopy(NOTEBOOK)
    new["cells"][1]["outputs"][0]["text"] = "2\n"
    differences, _ = tool.compare({"a.ipynb": NOTEBOOK}, {"a.ipynb": new})
    assert differences == ["a.ipynb: cell c: outputs differ"]


def test_other_metadata_and_missing_notebooks_are_reported():
    new = copy.deepcopy(NOTEBOOK)
    new["metadata"]["kernelspec"]["name"] = "other"
    differences, _ = tool.compare({"a.ipynb": NOTEBOOK, "b.ipynb": NOTEBOOK}, {"a.ipynb": new})
    assert len(differences) == 2


def test_a_printed_line_split_over_two_messages_is_the_same_output():
    new = copy.deepcopy(NOTEBOOK)
    new["cells"][1]["outputs"] = [{"output_type": "stream", "text": "1"}, {"output_type": "stream", "text": ["\n"]}]
    assert tool.compare({"a.ipynb": NOTEBOOK}, {"a.ipynb": new})[0] == []


def test_a_folder_or_revision_without_chapters_is_one_line_and_status_2(tmp_path, capsys):
    cases = ((str(tmp_path), "is a folder but holds no book/chapters/"), ("no-such-ref", "neither a folder"))
    for where, says in cases:
        with pytest.raises(SystemExit) as stop:
            tool.main([where, "HEAD"])
        assert stop.value.code == 2
        error = capsys.readouterr().err
        assert says in error and "Traceback" not in error

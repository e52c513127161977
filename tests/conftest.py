"""Shared fixtures: a scratch copy of data/ that tests may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from companion import datasets

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/; the real files are never touched."""
    target = tmp_path / "data"
    shutil.copytree(datasets.data_dir(), target)
    return target


@pytest.fixture(scope="session")
def district2_tables() -> tuple:
    """Elmore & Burney's Table 1, Table 2 and the keys that join them."""
    return tuple(datasets.load(n) for n in ("district2_schools", "district2_reading_1997", "district2_school_keys"))


@pytest.fixture(scope="session")
def leithwood_tables() -> tuple:
    """Leithwood's characteristics, studies and the evidence links between them."""
    return tuple(datasets.load(n) for n in ("leithwood_characteristics", "leithwood_studies", "leithwood_evidence"))


# Markers by where a test lives (registered in pyproject.toml), so that `make check` can leave out
# what needs a browser, a PDF, a built edition or a fresh venv: `-m "not browser and not pdf ..."`.
_MARKS_BY_PATH = (
    ("tests/browser/", "browser"),
    ("tests/pdf/", "pdf"),
    ("tests/teaching/", "teaching"),
    ("tests/teaching/test_answer_key.py", "pdf"),
    ("tests/test_installed_package.py", "installed"),
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.resolve()
        where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        for prefix, mark in _MARKS_BY_PATH:
            if where.startswith(prefix):
                item.add_marker(mark)

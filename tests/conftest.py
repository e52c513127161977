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


def load_tables(*names: str) -> tuple:
    """The named datasets, loaded in order (for module-scoped fixtures)."""
    return tuple(datasets.load(name) for name in names)

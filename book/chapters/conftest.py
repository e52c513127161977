"""pytest over the notebooks (`pytest --nbval book/chapters`): every notebook cell is marked ``notebooks``.

The marker is registered in pyproject.toml, so the cells can be selected or left out with ``-m``.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker("notebooks")

"""The package's layers run one way: data loading, then analyses, then charts, then explorers.

A module may import only from its own layer or the layers below it, so that an analysis never
depends on how it is drawn and a chart never reaches for a live widget.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "companion"
LAYERS = [
    {
        "measures",
        "theme",
        "prose",
        "datasets",
        "_validation",
        "numbers",
        "exercises",
        "teaching",
        "syllabus",
    },  # names, colours and the data itself
    {"tables", "schools", "regression", "leithwood", "claims", "bibliography", "records"},  # analyses and reader tables
    {"rendering"},  # how a chart reaches a notebook or the book
    {"charts"},  # chart functions
    {"explorers"},  # ipywidgets for live notebooks
    # the book's build
    {"sphinx_vega", "sphinx_hygiene", "sphinx_datanotes", "sphinx_pdf", "sphinx_statements", "sphinx_chapters"}
    | {"sphinx_links", "sphinx_exercises", "sphinx_studies", "sphinx_cite"},
]


def _layer(module: str) -> int:
    top = module.removeprefix("companion.").split(".")[0]
    return next(i for i, names in enumerate(LAYERS) if top in names)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] != "__init__":
            found["companion." + ".".join(parts)] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "companion":
            names |= {f"companion.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("companion."):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("companion.")}
    return names


def test_every_module_has_a_layer():
    unplaced = [m for m in _modules() if not any(m.removeprefix("companion.").split(".")[0] in s for s in LAYERS)]
    assert unplaced == []


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_only_from_its_own_layer_or_below(module):
    path = _modules()[module]
    upward = sorted(name for name in _imports(path) if _layer(name) > _layer(module))
    assert upward == [], f"{module} (layer {_layer(module)}) imports from a higher layer: {upward}"

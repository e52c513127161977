"""The package's layers run one way: data loading, then analyses, then charts, then explorers, then the book.

A module may import only from its own layer or the layers below it, so that an analysis never
depends on how it is drawn and a chart never reaches for a live widget. The book's build is the
separate ``companion_book`` package, which the library never imports (nor Sphinx or docutils).
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
]
# The book's build (companion-book) sits above them all, in its own distribution.
BOOK_SRC = SRC.parents[1] / "book-package" / "src" / "companion_book"
BOOK_ONLY = {"companion_book", "sphinx", "docutils", "myst_nb", "vl_convert"}


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


def _top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


@pytest.mark.parametrize("module", sorted(_modules()))
def test_the_library_never_imports_the_book_or_its_build_tools(module):
    book_only = _top_level_imports(_modules()[module]) & BOOK_ONLY
    assert book_only == set(), f"{module} imports {sorted(book_only)}: that belongs in book-package/ (companion_book)"


def test_the_book_package_holds_the_build():
    assert sorted(p.name for p in BOOK_SRC.glob("sphinx_*.py")), "no Sphinx extension in book-package/"
    assert not list(SRC.rglob("sphinx_*.py")) and not (SRC / "static").exists() and not (SRC / "templates").exists()

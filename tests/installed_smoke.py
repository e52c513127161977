"""Exercise an installed ``companion`` wheel from outside the repository (run by test_installed_package.py).

Loads every dataset, runs the claims audit, builds every figure the chapter notebooks store with
its case from the repository's ``tests/chart_cases.py`` and compares it with the stored spec, and
builds every case of ``chart_functions()``; prints one JSON line with what it did. The figures and
the chart functions are those the repository's tests know (:func:`tests.figures.stored_figures`,
checked there against the cases), run here against the installed package.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

import companion
import companion.charts
from companion import claims, datasets, rendering

COMPOSITIONS = {"layer", "vconcat", "hconcat", "concat", "facet", "mark", "repeat"}


def chart_functions() -> list[Callable]:
    """Every public function in companion.charts.* that returns an Altair chart."""
    found = []
    for module_info in pkgutil.iter_modules(companion.charts.__path__):
        if module_info.name == "common":  # the scaffolding the chart functions share, not charts
            continue
        module = importlib.import_module(f"companion.charts.{module_info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            returns = str(fn.__annotations__.get("return", ""))
            if fn.__module__ == module.__name__ and not name.startswith("_") and "Chart" in returns:
                found.append(fn)
    return found


def main(repo: str) -> int:
    package_dir = Path(companion.__file__).resolve().parent
    if Path(repo).resolve() in package_dir.parents:
        raise SystemExit(f"companion was imported from the repository ({package_dir}), not from the installed wheel")
    sys.path.insert(0, repo)  # the repository's test cases and stored figures; companion stays the wheel's
    from tests.chart_cases import book_charts
    from tests.chart_cases import chart_functions as chart_cases
    from tests.figures import comparable, stored_figures

    data = datasets.data_dir().resolve()
    tables = datasets.load_all()
    audit = claims.audit()
    cases = book_charts()
    figures = {
        name: comparable(rendering.mimebundle(cases[name]().to_dict())[rendering.VEGALITE_MIMETYPE])
        == comparable(figure.spec)
        for name, figure in stored_figures().items()
        if name in cases
    }
    specs = {f"companion.charts.{name}": build().to_dict() for name, build in chart_cases().items()}
    report = {
        "package": str(package_dir),
        "data_dir": str(data),
        "datasets": {name: len(frame) for name, frame in tables.items()},
        "verdicts": audit["verdict"].value_counts().to_dict(),
        "figures": figures,
        "charts": {name: sorted(k for k in spec if k in COMPOSITIONS) for name, spec in specs.items()},
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

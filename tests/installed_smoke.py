"""Exercise an installed ``companion`` wheel from outside the repository (run by test_installed_package.py).

Loads every dataset, runs the claims audit and builds the Vega-Lite spec of every chart
function in ``companion.charts``; prints one JSON line with what it did. Chart functions are
called with inputs chosen by parameter name (``INPUTS``, or ``OVERRIDES`` per function): a new
chart function whose parameter has no input here fails with a message saying what to add.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

import companion
import companion.charts
from companion import claims, datasets
from companion.leithwood import characteristic_profiles, counts_by, evidence_grid, evidence_units, support_per_study
from companion.regression import fit_line, residuals
from companion.schools import join_schools_reading


@cache
def load(name: str) -> pd.DataFrame:
    return datasets.load(name)


def _leithwood() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return load("leithwood_characteristics"), load("leithwood_studies"), load("leithwood_evidence")


@cache
def _joined() -> pd.DataFrame:
    keys = load("district2_school_keys")
    return join_schools_reading(load("district2_schools"), load("district2_reading_1997"), keys)


@cache
def _fits() -> dict:
    from companion.measures import QUARTILES

    return {q: fit_line(_joined()["frl_pct"], _joined()[q]) for q in QUARTILES}


def _flagged() -> pd.DataFrame:
    parts = [residuals(_joined(), "frl_pct", q, fit).assign(quartile=q) for q, fit in _fits().items()]
    return pd.concat(parts, ignore_index=True)


def _curves() -> pd.DataFrame:
    return claims.threshold_curves()


INPUTS: dict[str, Callable[[], object]] = {
    "schools": lambda: load("district2_schools"),
    "reading": lambda: load("district2_reading_1997"),
    "benchmarks": lambda: load("reading_benchmarks_1997"),
    "joined": _joined,
    "fits": _fits,
    "flagged": _flagged,
    "facts": lambda: load("district2_facts"),
    "groups": lambda: load("district2_school_groups"),
    "events": lambda: load("district2_timeline"),
    "strategy": lambda: load("district2_strategy"),
    "links": lambda: load("district2_strategy_links"),
    "search": lambda: load("leithwood_search"),
    "studies": lambda: load("leithwood_studies"),
    "locations": lambda: load("leithwood_locations"),
    "readings": lambda: load("leithwood_location_readings"),
    "profiles": lambda: characteristic_profiles(evidence_grid(*_leithwood())),
    "grid": lambda: evidence_grid(*_leithwood()),
    "counts": lambda: counts_by(evidence_grid(*_leithwood()), "design"),
    "column": lambda: "design",
    "order": lambda: sorted(load("leithwood_studies")["design"].dropna().unique()),
    "label": lambda: "Design",
    "title": lambda: "Characteristics by design",
    "support": lambda: support_per_study(load("leithwood_studies"), load("leithwood_evidence")),
    "themes": lambda: load("shared_themes"),
    "questions": lambda: load("ospi_questions"),
    "citations": lambda: load("brief_citations"),
    "elements": lambda: load("brief_elements"),
    "shared": lambda: load("shared_works"),
    "crosswalk": lambda: load("framework_crosswalk"),
    "units": lambda: evidence_units(*_leithwood(), load("leithwood_study_groups")),
    "audit": claims.audit,
    "curves": _curves,
    "cutoffs": claims.reproducing_cutoffs,
}
COMPOSITIONS = {"layer", "vconcat", "hconcat", "concat", "facet", "mark", "repeat"}
OVERRIDES: dict[tuple[str, str], Callable[[], object]] = {
    ("ospi_framework", "themes"): lambda: load("ospi_themes"),
}
# Chart functions whose inputs are another object's internals: built the way that object builds them.
BUILT_BY: dict[str, Callable[[], object]] = {
    "fit_with_band": lambda: __import__("companion.explorers", fromlist=["PovertyExplorer"]).PovertyExplorer().chart(),
}


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


def build(fn: Callable) -> dict:
    if fn.__name__ in BUILT_BY:
        return BUILT_BY[fn.__name__]().to_dict()
    kwargs = {}
    for name, param in inspect.signature(fn).parameters.items():
        if param.default is not inspect.Parameter.empty:
            continue
        make = OVERRIDES.get((fn.__name__, name), INPUTS.get(name))
        if make is None:
            where = f"{fn.__module__}.{fn.__name__}"
            raise SystemExit(f"{where}: no input for parameter {name!r}; add one to INPUTS in tests/installed_smoke.py")
        kwargs[name] = make()
    return fn(**kwargs).to_dict()


def main(repo: str) -> int:
    package_dir = Path(companion.__file__).resolve().parent
    if Path(repo).resolve() in package_dir.parents:
        raise SystemExit(f"companion was imported from the repository ({package_dir}), not from the installed wheel")
    data = datasets.data_dir().resolve()
    tables = datasets.load_all()
    audit = claims.audit()
    specs = {f"{fn.__module__}.{fn.__name__}": build(fn) for fn in chart_functions()}
    report = {
        "package": str(package_dir),
        "data_dir": str(data),
        "datasets": {name: len(frame) for name, frame in tables.items()},
        "verdicts": audit["verdict"].value_counts().to_dict(),
        "charts": {name: sorted(k for k in spec if k in COMPOSITIONS) for name, spec in specs.items()},
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

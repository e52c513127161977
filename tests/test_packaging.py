"""pyproject.toml declares compatible ranges, and those ranges admit the exact pins of requirements.txt."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
DECLARED = [
    Requirement(line)
    for line in [*PROJECT["dependencies"], *(d for extra in PROJECT["optional-dependencies"].values() for d in extra)]
]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


@pytest.mark.parametrize("requirement", DECLARED, ids=str)
def test_dependency_has_a_lower_and_an_upper_bound(requirement):
    operators = {spec.operator for spec in requirement.specifier}
    assert operators & {">=", ">", "~="} and operators & {"<", "<=", "~="}, (
        f"pyproject.toml: {requirement} needs a compatible range such as >=X,<Y (an unbounded dependency lets pip "
        "install a new major version the book was never tested with)"
    )


@pytest.mark.parametrize("requirement", DECLARED, ids=str)
def test_dependency_range_admits_the_pinned_version(requirement):
    pins = _pins()
    name = requirement.name.lower().replace("_", "-")
    assert name in pins, f"{requirement.name} is declared in pyproject.toml but not pinned in requirements.txt"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"pyproject.toml allows {requirement}, but requirements.txt pins {name}=={pins[name]}: widen the range or "
        "re-lock (make lock)"
    )

"""pyproject.toml declares compatible ranges, and those ranges admit the exact pins of requirements.txt."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_downloads  # noqa: E402

# The reader's package and the book's build (book-package/): each declares the ranges it imports.
PYPROJECTS = ("pyproject.toml", "book-package/pyproject.toml")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# The distributions built here, which requirements.txt installs from the checkout, not from a pin.
LOCAL = {"companion", "companion-book"}


def _declared(pyproject: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / pyproject).read_text())["project"]
    extras = project.get("optional-dependencies", {}).values()
    return [Requirement(line) for line in [*project["dependencies"], *(d for extra in extras for d in extra)]]


DECLARED = [
    pytest.param(requirement, id=f"{pyproject}: {requirement}")
    for pyproject in PYPROJECTS
    for requirement in _declared(pyproject)
    if requirement.name not in LOCAL
]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


@pytest.mark.parametrize("requirement", DECLARED)
def test_dependency_has_a_lower_and_an_upper_bound(requirement):
    operators = {spec.operator for spec in requirement.specifier}
    assert operators & {">=", ">", "~="} and operators & {"<", "<=", "~="}, (
        f"pyproject.toml: {requirement} needs a compatible range such as >=X,<Y (an unbounded dependency lets pip "
        "install a new major version the book was never tested with)"
    )


@pytest.mark.parametrize("requirement", DECLARED)
def test_dependency_range_admits_the_pinned_version(requirement):
    pins = _pins()
    name = requirement.name.lower().replace("_", "-")
    assert name in pins, f"{requirement.name} is declared in pyproject.toml but not pinned in requirements.txt"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"pyproject.toml allows {requirement}, but requirements.txt pins {name}=={pins[name]}: widen the range or "
        "re-lock (make lock)"
    )


def test_source_archive_holds_what_a_local_run_needs(tmp_path):
    archive = build_downloads.build_archive(tmp_path)
    prefix = f"companion-{PROJECT['version']}/"
    with tarfile.open(archive) as tar:
        members = {m.name.removeprefix(prefix): m for m in tar.getmembers()}
    needed = {
        "Makefile",
        "README.md",
        "pyproject.toml",
        "requirements.txt",
        "requirements.in",
        "environment.yml",
        "package-lock.json",
        "data/datapackage.json",
        "data/district2_schools.csv",
        "src/companion/datasets.py",
        "src/companion/charts/reading.py",
        "book-package/pyproject.toml",
        "book-package/src/companion_book/sphinx_vega.py",
        "book-package/src/companion_book/static/companion-charts.js",
        "book-package/src/companion_book/static/fonts/companion-sans-regular.woff2",
        "book-package/src/companion_book/templates/layout.html",
        "book/_toc.yml",
        "book/chapters/d2_poverty.ipynb",
        "tools/refresh_notebooks.py",
        ".ci/run",
    }
    assert needed - set(members) == set()
    assert not any("__pycache__" in name or name.startswith(("book/_build", ".venv")) for name in members)
    assert members[".ci/run"].mode & 0o100, ".ci/run must stay executable"
    assert build_downloads.build_archive(tmp_path / "again").read_bytes() == archive.read_bytes()  # reproducible


# Tracked files a local run does not need, left out of the source archive: the screenshots of the
# reader checks (docs/reader-check/, about 100 images).
NOT_ARCHIVED = ("docs/reader-check/",)


def test_source_archive_holds_every_tracked_file_a_run_or_a_contributor_reads():
    """Nothing tracked is missing from the archive by accident (a twin, a hook's config, a test's script)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout, so no list of tracked files: {listed.stderr.strip()}")
    tracked = {name for name in listed.stdout.split("\0") if name and not name.startswith(NOT_ARCHIVED)}
    archived = {str(path.relative_to(ROOT)) for path in build_downloads.files(build_downloads.SOURCE_FILES)}
    missing = sorted(tracked - archived)
    assert not missing, f"tracked but not in the source archive (tools/build_downloads.py SOURCE_FILES): {missing}"


def test_the_book_package_requires_the_library_it_builds_on():
    library = next(r for r in _declared("book-package/pyproject.toml") if r.name == "companion")
    assert library.specifier.contains(PROJECT["version"]), f"book-package/pyproject.toml: {library} excludes it"

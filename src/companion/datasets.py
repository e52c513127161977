"""Load the companion's datasets from ``data/`` with provenance.

Every dataset is one CSV described in ``data/datapackage.json`` (Frictionless Data
Package). :func:`load` checks the file against that description and returns a typed
:class:`pandas.DataFrame`; a broken file raises one :class:`DataValidationError` that
names the file, line, column, value and rule.

The files are found in ``$COMPANION_DATA_DIR`` if set, else inside the installed package
(the wheel ships ``data/`` as ``companion/data``), else in the repository's ``data/``.

>>> from companion import datasets
>>> datasets.names()[:2]
['district2_schools', 'district2_reading_1997']
>>> datasets.load("district2_schools").shape
(43, 12)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from companion._validation import (
    PANDAS_DTYPES,
    DataValidationError,
    Table,
    check_custom,
    check_foreign_keys,
    parse,
    read_package,
)

__all__ = ["DataValidationError", "DatasetInfo", "data_dir", "info", "load", "load_all", "names"]

PACKAGE_FILE = "datapackage.json"


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance and field descriptions of one dataset."""

    name: str
    title: str
    description: str
    source: str
    section: str
    notes: list[str]
    fields: pd.DataFrame = field(repr=False)
    license: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # every (title, section) the dataset draws on; source is the first

    def __str__(self) -> str:
        lines = [self.title, "", self.description, "", f"Source: {self.source}", f"Section: {self.section}", ""]
        lines += ["Notes:"] + [f"  - {n}" for n in self.notes] + ["", "Fields:"]
        for row in self.fields.itertuples():
            unit = f" [{row.unit}]" if row.unit else ""
            lines.append(f"  {row.name} ({row.type}{unit}): {row.description}")
        lines += ["", f"Licence: {self.license}"]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        notes = "\n".join(f"- {n}" for n in self.notes)
        table = "\n".join(f"| `{r.name}` | {r.type} | {r.unit} | {r.description} |" for r in self.fields.itertuples())
        return (
            f"**{self.title}**\n\n{self.description}\n\n*Source:* {self.source} ({self.section})\n\n{notes}\n\n"
            f"| field | type | unit | description |\n|---|---|---|---|\n{table}\n"
        )


def _default_dirs() -> list[Path]:
    """Where the data is looked for without ``$COMPANION_DATA_DIR``: the installed package, then the checkout."""
    packaged = resources.files("companion").joinpath("data")
    found = [Path(str(packaged))] if isinstance(packaged, Path) else []
    return [*found, Path(__file__).resolve().parents[2] / "data"]


def data_dir() -> Path:
    """The folder holding ``datapackage.json``.

    ``$COMPANION_DATA_DIR`` if set; otherwise the copy installed with the package
    (``companion/data``, read through :mod:`importlib.resources`) or, in a checkout, the
    repository's ``data/``.
    """
    env = os.environ.get("COMPANION_DATA_DIR")
    if env:
        return Path(env)
    candidates = _default_dirs()
    return next((d for d in candidates if (d / PACKAGE_FILE).is_file()), candidates[0])


def _package(directory: Path) -> dict[str, Any]:
    """The parsed, checked ``datapackage.json``; read again only when the file changes (mtime and size).

    Callers must not modify the returned dictionary: it is shared between calls.
    """
    path = directory / PACKAGE_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        stat = None
    return _read_package(path, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=8)
def _read_package(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    return read_package(path)


def _resource(name: str, directory: Path) -> dict[str, Any]:
    package = _package(directory)
    for resource in package["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(r["name"] for r in package["resources"])
    raise KeyError(f"unknown dataset {name!r}; available: {known}")


def names(directory: Path | None = None) -> list[str]:
    """Names of all datasets, in the order of the data package."""
    return [r["name"] for r in _package(directory or data_dir())["resources"]]


def info(name: str, directory: Path | None = None) -> DatasetInfo:
    """Provenance, notes and field descriptions of dataset ``name``."""
    directory = directory or data_dir()
    package = _package(directory)
    resource = _resource(name, directory)
    source = resource["sources"][0]
    fields = pd.DataFrame(
        [
            {
                "name": f["name"],
                "title": f.get("title", ""),
                "type": f["type"],
                "unit": f.get("unit", ""),
                "required": f.get("constraints", {}).get("required", False),
                "codes": list(f.get("constraints", {}).get("enum", [])),
                "description": f["description"],
            }
            for f in resource["schema"]["fields"]
        ]
    )
    licence = "; ".join(lic.get("title", lic["name"]) for lic in package.get("licenses", []))
    return DatasetInfo(
        name=name,
        title=resource["title"],
        description=resource["description"],
        source=source["title"],
        section=source.get("section", ""),
        notes=list(resource.get("notes", [])),
        fields=fields,
        license=f"{licence}. {package.get('x-rights-statement', '')}".strip(),
        sources=tuple((s["title"], s.get("section", "")) for s in resource["sources"]),
    )


@lru_cache(maxsize=64)
def _parsed_cached(name: str, directory: Path, stamp: tuple) -> Table:
    resource = _resource(name, directory)
    return parse(directory / resource["path"], resource)


def _stamp(directory: Path) -> tuple:
    """Sizes and modification times of the package's files, so that edited files are re-read."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.*")))


def _parsed(name: str, directory: Path) -> Table:
    """Records of one file after the checks that need no other file."""
    return _parsed_cached(name, directory.resolve(), _stamp(directory))


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Dataset ``name`` as a typed DataFrame (nullable dtypes; ``<NA>`` where the source prints NA).

    Raises :class:`DataValidationError` if the file breaks a rule of the data package and
    :class:`KeyError` for an unknown name.
    """
    directory = Path(directory or data_dir())
    resource = _resource(name, directory)
    table = _parsed(name, directory)
    records = table.records
    path = directory / resource["path"]

    def parsed(other: str) -> Table:
        return _parsed(other, directory)

    check_foreign_keys(path, table, resource, parsed)
    check_custom(path, table, resource, directory / PACKAGE_FILE, parsed)
    frame = pd.DataFrame(
        {
            f["name"]: pd.array([r[f["name"]] for r in records], dtype=PANDAS_DTYPES[f["type"]])  # pyright: ignore[reportCallIssue, reportArgumentType]
            for f in resource["schema"]["fields"]
        }
    )
    frame.attrs["dataset"] = name
    frame.attrs["source"] = resource["sources"][0]["title"]
    return frame


def load_all(selection: Iterable[str] | None = None, directory: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset (or those in ``selection``) by name."""
    return {name: load(name, directory) for name in (selection or names(directory))}

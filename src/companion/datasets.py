"""Load the companion's datasets from ``data/`` with provenance.

Every dataset is one CSV described in ``data/datapackage.json`` (Frictionless Data
Package). :func:`load` checks the file against that description and returns a typed
:class:`pandas.DataFrame`; a broken file raises one :class:`DataValidationError` that
names the file, line, column, value and rule.

>>> from companion import datasets
>>> datasets.names()[:2]
['district2_schools', 'district2_reading_1997']
>>> datasets.load("district2_schools").shape
(43, 12)
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["DataValidationError", "DatasetInfo", "data_dir", "info", "load", "load_all", "names"]

PACKAGE_FILE = "datapackage.json"
_PANDAS_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean"}
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}
_INTEGER = re.compile(r"[+-]?\d+")


class DataValidationError(ValueError):
    """A data file breaks a rule of the data package.

    Attributes name the file, the line in it (header = line 1), the column, the value and
    the rule, so that a contributor can fix a hand-edited CSV straight away.
    """

    def __init__(
        self, file: str | Path, rule: str, line: int | None = None, column: str | None = None, value: Any = None
    ) -> None:
        self.file, self.rule, self.line, self.column, self.value = str(file), rule, line, column, value
        where = [self.file]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        if value is not None:
            where.append(f"value {value!r}")
        super().__init__(f"{', '.join(where)}: {rule}")


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


def data_dir() -> Path:
    """The folder holding ``datapackage.json``: ``$COMPANION_DATA_DIR`` or the repository's ``data/``."""
    env = os.environ.get("COMPANION_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def _package(directory: Path) -> dict[str, Any]:
    path = directory / PACKAGE_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError(path, "data package description not found") from None
    except json.JSONDecodeError as exc:
        raise DataValidationError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from None


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
    )


# --- reading and checking ------------------------------------------------------------------


def _read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV; a BOM and Windows line endings are accepted."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise DataValidationError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataValidationError(path, f"not UTF-8 text (byte {exc.start})") from None
    if not rows:
        raise DataValidationError(path, "file is empty: expected a header row and data")
    return rows[0], rows[1:]


def _convert(raw: str, spec: dict[str, Any], where: dict[str, Any]) -> Any:
    kind = spec["type"]
    if kind == "integer":
        if not _INTEGER.fullmatch(raw):
            raise DataValidationError(**where, rule="not a whole number (type integer)")
        return int(raw)
    if kind == "number":
        try:
            value = float(raw)
        except ValueError:
            raise DataValidationError(**where, rule="not a number (type number)") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise DataValidationError(**where, rule="not a finite number (type number)")
        return value
    if kind == "boolean":
        if raw in _TRUE:
            return True
        if raw in _FALSE:
            return False
        raise DataValidationError(**where, rule="not true or false (type boolean)")
    return raw


def _check_constraints(value: Any, constraints: dict[str, Any], where: dict[str, Any]) -> None:
    if "minimum" in constraints and value < constraints["minimum"]:
        raise DataValidationError(**where, rule=f"below the minimum {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:
        raise DataValidationError(**where, rule=f"above the maximum {constraints['maximum']}")
    if "enum" in constraints and value not in constraints["enum"]:
        raise DataValidationError(**where, rule=f"not one of {constraints['enum']}")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], str(value)):
        raise DataValidationError(**where, rule=f"does not match the pattern {constraints['pattern']!r}")


def _parse(path: Path, resource: dict[str, Any]) -> list[dict[str, Any]]:
    schema = resource["schema"]
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    header, rows = _read_rows(path)
    header = [h.strip() for h in header]
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataValidationError(path, f"missing column(s) {missing}; expected {expected}", line=1)
    extra = [c for c in header if c not in expected]
    if extra:
        raise DataValidationError(path, f"unknown column(s) {extra}; expected {expected}", line=1)
    if len(set(header)) != len(header):
        dup = [c for c, n in Counter(header).items() if n > 1]
        raise DataValidationError(path, f"column(s) {dup} appear more than once", line=1)
    if not rows:
        raise DataValidationError(path, "no data rows after the header")
    missing_values = set(schema.get("missingValues", [""]))
    records = []
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(cell.strip() for cell in row):
            raise DataValidationError(path, "blank row", line=line)
        if len(row) != len(header):
            raise DataValidationError(path, f"has {len(row)} cells but the header has {len(header)}", line=line)
        cells = dict(zip(header, row, strict=True))
        record = {}
        for spec in fields:
            name = spec["name"]
            raw = cells[name]
            where = {"file": path, "line": line, "column": name, "value": raw}
            constraints = spec.get("constraints", {})
            if raw in missing_values or raw == "":
                if constraints.get("required"):
                    raise DataValidationError(**where, rule="a value is required (missing or NA)")
                record[name] = None
                continue
            if raw != raw.strip():
                raise DataValidationError(**where, rule="leading or trailing spaces")
            value = _convert(raw, spec, where)
            _check_constraints(value, constraints, where)
            record[name] = value
        records.append(record)
    _check_unique(path, records, fields, schema)
    return records


def _check_unique(path: Path, records: list[dict[str, Any]], fields: list[dict], schema: dict) -> None:
    keys: list[list[str]] = [[f["name"]] for f in fields if f.get("constraints", {}).get("unique")]
    if schema.get("primaryKey"):
        keys.append(list(schema["primaryKey"]))
    for key in keys:
        seen: dict[tuple, int] = {}
        for line, record in enumerate(records, start=2):
            value = tuple(record[k] for k in key)
            if None in value:
                raise DataValidationError(path, f"key {key} must not be empty", line=line, column=key[0])
            if value in seen:
                shown = value[0] if len(value) == 1 else value
                raise DataValidationError(
                    path, f"duplicate key {key} (also on line {seen[value]})", line=line, column=key[0], value=shown
                )
            seen[value] = line


def _check_foreign_keys(path: Path, records: list[dict], resource: dict, directory: Path) -> None:
    for fk in resource["schema"].get("foreignKeys", []):
        column, target = fk["fields"], fk["reference"]
        allowed = {r[target["fields"]] for r in _parsed(target["resource"], directory)}
        for line, record in enumerate(records, start=2):
            value = record[column]
            if value is not None and value not in allowed:
                raise DataValidationError(
                    path,
                    f"refers to no row of {target['resource']}.{target['fields']} (foreign key)",
                    line=line,
                    column=column,
                    value=value,
                )


def _check_custom(path: Path, records: list[dict], resource: dict, directory: Path) -> None:
    for check in resource.get("x-companion-checks", []):
        rule = check["rule"]
        if rule == "row_sum":
            for line, record in enumerate(records, start=2):
                values = [record[f] for f in check["fields"]]
                if None in values:
                    continue
                total = sum(values)
                if abs(total - check["target"]) > check["tolerance"]:
                    raise DataValidationError(
                        path,
                        f"{' + '.join(check['fields'])} = {total:g}, not {check['target']} +/- {check['tolerance']}",
                        line=line,
                        column=check["fields"][0],
                        value=values[0],
                    )
        elif rule == "count_matches":
            links = _parsed(check["resource"], directory)
            counts = Counter(r[check["key"]] for r in links)
            for line, record in enumerate(records, start=2):
                actual = counts.get(record[check["key"]], 0)
                if record[check["field"]] != actual:
                    raise DataValidationError(
                        path,
                        f"{check['resource']} lists {actual} row(s) for {check['key']} {record[check['key']]}",
                        line=line,
                        column=check["field"],
                        value=record[check["field"]],
                    )
        elif rule == "lookup_matches":
            # record[key] names a row of another resource (by target_key, default the same name);
            # record[field] must repeat that row's field.
            target_key = check.get("target_key", check["key"])
            target = {r[target_key]: r[check["field"]] for r in _parsed(check["resource"], directory)}
            for line, record in enumerate(records, start=2):
                expected = target.get(record[check["key"]])
                if expected is not None and record[check["field"]] != expected:
                    raise DataValidationError(
                        path,
                        f"{check['resource']} names {target_key} {record[check['key']]} {expected!r}",
                        line=line,
                        column=check["field"],
                        value=record[check["field"]],
                    )
        elif rule == "unique_non_null":
            seen: dict[tuple, int] = {}
            for line, record in enumerate(records, start=2):
                value = tuple(record[f] for f in check["fields"])
                if None in value:
                    continue
                if value in seen:
                    raise DataValidationError(
                        path,
                        f"duplicate {check['fields']} (also on line {seen[value]})",
                        line=line,
                        column=check["fields"][0],
                        value=value[0],
                    )
                seen[value] = line
        else:
            raise DataValidationError(directory / PACKAGE_FILE, f"unknown check rule {rule!r} in {resource['name']}")


@lru_cache(maxsize=64)
def _parsed_cached(name: str, directory: Path, stamp: tuple) -> list[dict[str, Any]]:
    resource = _resource(name, directory)
    return _parse(directory / resource["path"], resource)


def _stamp(directory: Path) -> tuple:
    """Sizes and modification times of the package's files, so that edited files are re-read."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in directory.glob("*.*")))


def _parsed(name: str, directory: Path) -> list[dict[str, Any]]:
    """Records of one file after the checks that need no other file."""
    return _parsed_cached(name, directory.resolve(), _stamp(directory))


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Dataset ``name`` as a typed DataFrame (nullable dtypes; ``<NA>`` where the source prints NA).

    Raises :class:`DataValidationError` if the file breaks a rule of the data package and
    :class:`KeyError` for an unknown name.
    """
    directory = Path(directory or data_dir())
    resource = _resource(name, directory)
    records = _parsed(name, directory)
    path = directory / resource["path"]
    _check_foreign_keys(path, records, resource, directory)
    _check_custom(path, records, resource, directory)
    frame = pd.DataFrame(
        {
            f["name"]: pd.array([r[f["name"]] for r in records], dtype=_PANDAS_DTYPES[f["type"]])
            for f in resource["schema"]["fields"]
        }
    )
    frame.attrs["dataset"] = name
    frame.attrs["source"] = resource["sources"][0]["title"]
    return frame


def load_all(selection: Iterable[str] | None = None, directory: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset (or those in ``selection``) by name."""
    return {name: load(name, directory) for name in (selection or names(directory))}

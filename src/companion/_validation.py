"""The Table Schema validator behind :mod:`companion.datasets` (private: use ``datasets.load``).

Checks ``datapackage.json`` (:func:`check_package`) and parses one CSV against its resource's
schema (:func:`parse`: types, constraints, unique and primary keys); :func:`check_foreign_keys`
and :func:`check_custom` (the package's own ``x-companion-checks``) need the package's other
files, which the caller passes as a function from dataset name to parsed records. Every broken
rule raises one :class:`DataValidationError` naming the file, line, column, value and rule.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, NoReturn

PANDAS_DTYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean"}
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}
# ASCII digits only: int() and float() also accept fullwidth digits (U+FF10-U+FF19) and underscores ("9_5.2").
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class DataValidationError(ValueError):
    """A data file breaks a rule of the data package.

    Attributes name the file, the line in it (header = line 1), the column, the value and
    the rule, so that a contributor can fix a hand-edited CSV straight away. For a mistake in
    ``datapackage.json`` the column is the dataset column (or the JSON key) concerned.
    """

    __module__ = "companion.datasets"  # its public home, as tracebacks and reprs name it

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


def read_package(path: Path) -> dict[str, Any]:
    """``datapackage.json`` parsed and checked (:func:`check_package`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataValidationError(
            path,
            "data package description not found; set COMPANION_DATA_DIR to the folder holding datapackage.json "
            "and the CSV files (the data/ folder of the companion's source archive)",
        ) from None
    except UnicodeDecodeError as exc:
        raise DataValidationError(path, f"not UTF-8 text (byte {exc.start} of the file)") from None
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataValidationError(path, f"not valid JSON ({exc.msg}, character {exc.colno})", line=exc.lineno) from None
    check_package(path, text, package)
    return package


def _line_of(text: str, *steps: str) -> int:
    """Line of the last of ``steps`` (JSON ``"key": "value"`` pairs, or keys), each searched after the previous."""
    position = 0
    for step in steps:
        key, _, value = step.partition("=")
        pattern = rf'"{re.escape(key)}"\s*:' + (rf'\s*"{re.escape(value)}"' if value else "")
        match = re.compile(pattern).search(text, position)
        if match is None:
            break
        position = match.start()
    return text.count("\n", 0, position) + 1


def check_package(path: Path, text: str, package: Any) -> None:
    """Raise one clear error for a data package the loader cannot use (instead of a bare KeyError)."""

    def fail(rule: str, steps: tuple[str, ...], column: str | None, value: Any = None) -> NoReturn:
        raise DataValidationError(path, rule, line=_line_of(text, *steps), column=column, value=value)

    resources_ = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources_, list) or not resources_:
        fail("the package needs a non-empty 'resources' list, one entry per dataset", (), "resources")
    for index, resource in enumerate(resources_):
        name = resource.get("name") if isinstance(resource, dict) else None
        if not isinstance(name, str) or not name:
            fail(f"resource {index + 1} has no 'name'", ("resources",), "name")
        at = ("resources", f"name={name}")
        for key in ("path", "title", "description"):
            if not isinstance(resource.get(key), str):
                fail(f"resource {name!r} needs a text '{key}'", at, key)
        sources = resource.get("sources")
        if not (isinstance(sources, list) and sources and all(isinstance(s, dict) and "title" in s for s in sources)):
            fail(f"resource {name!r} needs a 'sources' list whose entries have a 'title'", at, "sources")
        fields = resource.get("schema", {}).get("fields") if isinstance(resource.get("schema"), dict) else None
        if not isinstance(fields, list) or not fields:
            fail(f"resource {name!r} needs a 'schema' with a non-empty 'fields' list", at, "schema")
        for spec in fields:
            field_name = spec.get("name") if isinstance(spec, dict) else None
            if not isinstance(field_name, str):
                fail(f"a field of resource {name!r} has no 'name'", (*at, "fields"), "fields")
            here = (*at, f"name={field_name}")
            kind = spec.get("type")
            if kind not in PANDAS_DTYPES:
                fail(
                    f"field type of resource {name!r} is not one companion.datasets reads "
                    f"(use one of {', '.join(PANDAS_DTYPES)})",
                    (*here, "type"),
                    field_name,
                    kind,
                )
            if not isinstance(spec.get("description"), str):
                fail(f"field of resource {name!r} needs a text 'description'", here, field_name)


class _Rows(NamedTuple):
    """Cells of a CSV's rows with the line each row starts on (a quoted field may span lines)."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def _decode(path: Path, data: bytes) -> str:
    """The file as text; a byte that is not UTF-8 is reported with its line and column."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        parsed = list(csv.reader(io.StringIO(before, newline="")))
        header = [h.strip() for h in parsed[0]] if parsed and line > 1 else []
        cell = 0 if not before or before.endswith("\n") else len(parsed[-1]) - 1
        column = header[cell] if cell < len(header) else None
        bad = "".join(f"\\x{b:02x}" for b in data[exc.start : exc.end])
        offset = len(before) - (before.rfind("\n") + 1) + 1
        raise DataValidationError(
            path,
            f"not UTF-8 text (character {offset} of the line); save the file as UTF-8",
            line=line,
            column=column,
            value=bad,
        ) from None


def _read_rows(path: Path) -> _Rows:
    """Header and rows of a CSV; a BOM, Windows line endings and blank lines at the end are accepted."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataValidationError(path, "file not found") from None
    reader = csv.reader(io.StringIO(_decode(path, data), newline=""))
    rows, lines = [], []
    start = 1
    for row in reader:
        rows.append(row)
        lines.append(start)
        start = reader.line_num + 1
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
        lines.pop()
    if not rows:
        raise DataValidationError(path, "file is empty: expected a header row and data")
    return _Rows(rows[0], rows[1:], lines[1:])


def _convert(raw: str, spec: dict[str, Any], where: dict[str, Any]) -> Any:
    kind = spec["type"]
    if kind == "integer":
        if not _INTEGER.fullmatch(raw):
            raise DataValidationError(**where, rule="not a whole number in ASCII digits (type integer)")
        return int(raw)
    if kind == "number":
        if not _NUMBER.fullmatch(raw):
            raise DataValidationError(**where, rule="not a number in ASCII digits, like 12.5 (type number)")
        value = float(raw)
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


# One small check per constraint of the Table Schema, registered by the constraint's name: each
# returns the rule a value breaks, or None.
_CONSTRAINTS: dict[str, Callable[[Any, Any], str | None]] = {
    "minimum": lambda value, limit: f"below the minimum {limit}" if value < limit else None,
    "maximum": lambda value, limit: f"above the maximum {limit}" if value > limit else None,
    "enum": lambda value, allowed: f"not one of {allowed}" if value not in allowed else None,
    "pattern": lambda value, pattern: (
        f"does not match the pattern {pattern!r}" if not re.fullmatch(pattern, str(value)) else None
    ),
}


def _check_constraints(value: Any, constraints: dict[str, Any], where: dict[str, Any]) -> None:
    for name, check in _CONSTRAINTS.items():
        if name in constraints and (broken := check(value, constraints[name])):
            raise DataValidationError(**where, rule=broken)


NumberedRecords = list[tuple[int, dict[str, Any]]]
"""(line, record) pairs of one CSV."""


class Table(NamedTuple):
    """Typed records of one CSV and the line each starts on."""

    records: list[dict[str, Any]]
    lines: list[int]

    def rows(self) -> NumberedRecords:
        """(line, record) pairs."""
        return list(zip(self.lines, self.records, strict=True))


Parsed = Callable[[str], Table]
"""The parsed records of another dataset of the same package, by name."""


def parse(path: Path, resource: dict[str, Any]) -> Table:
    """The typed records of one CSV after every check that needs no other file."""
    schema = resource["schema"]
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    header, rows, lines = _read_rows(path)
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
    for line, row in zip(lines, rows, strict=True):
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
    table = Table(records, lines)
    _check_unique(path, table, fields, schema)
    return table


def _check_key(path: Path, rows: NumberedRecords, key: list[str], *, nulls: str, what: str) -> None:
    """No two rows share a value of ``key``; a row with an empty key part is an error or skipped (``nulls``)."""
    seen: dict[tuple, int] = {}
    for line, record in rows:
        value = tuple(record[k] for k in key)
        if None in value:
            if nulls == "skip":
                continue
            raise DataValidationError(path, f"key {key} must not be empty", line=line, column=key[0])
        if value in seen:
            shown = value[0] if len(value) == 1 else value
            raise DataValidationError(
                path, f"duplicate {what} (also on line {seen[value]})", line=line, column=key[0], value=shown
            )
        seen[value] = line


def _check_unique(path: Path, table: Table, fields: list[dict], schema: dict) -> None:
    keys: list[list[str]] = [[f["name"]] for f in fields if f.get("constraints", {}).get("unique")]
    if schema.get("primaryKey"):
        keys.append(list(schema["primaryKey"]))
    for key in keys:
        _check_key(path, table.rows(), key, nulls="error", what=f"key {key}")


def check_foreign_keys(path: Path, table: Table, resource: dict, parsed: Parsed) -> None:
    """Every foreign key of ``resource`` names a row of the file it refers to."""
    for fk in resource["schema"].get("foreignKeys", []):
        target = fk["reference"]
        # A key is one field or, as Table Schema allows, a list of fields (a composite key).
        columns, targets = _field_list(fk["fields"]), _field_list(target["fields"])
        allowed = {tuple(r[t] for t in targets) for r in parsed(target["resource"]).records}
        for line, record in zip(table.lines, table.records, strict=True):
            value = tuple(record[c] for c in columns)
            if None not in value and value not in allowed:
                raise DataValidationError(
                    path,
                    f"refers to no row of {target['resource']}.{'+'.join(targets)} (foreign key)",
                    line=line,
                    column="+".join(columns),
                    value=value[0] if len(value) == 1 else " / ".join(str(v) for v in value),
                )


def _field_list(fields: str | list[str]) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


# The package's own rules (``x-companion-checks`` in datapackage.json), one small function per
# rule, registered by name as frictionless-py does: each gets the file, its rows, the check's
# settings and the records of the package's other files, and raises DataValidationError on the first row that breaks it.
_CustomCheck = Callable[[Path, NumberedRecords, dict[str, Any], Parsed], None]
CUSTOM_CHECKS: dict[str, _CustomCheck] = {}


def _custom_check(rule: str) -> Callable[[_CustomCheck], _CustomCheck]:
    def register(check: _CustomCheck) -> _CustomCheck:
        CUSTOM_CHECKS[rule] = check
        return check

    return register


def _expect(
    path: Path, rows: NumberedRecords, field: str, expected: Callable[[dict], Any], says: Callable[..., str]
) -> None:
    """Each row's ``field`` equals ``expected(record)`` (rows where that is None are not checked)."""
    for line, record in rows:
        want = expected(record)
        if want is not None and record[field] != want:
            raise DataValidationError(path, says(record, want), line=line, column=field, value=record[field])


@_custom_check("row_sum")
def _row_sum(path: Path, rows: NumberedRecords, check: dict[str, Any], parsed: Parsed) -> None:
    """The row's ``fields`` add up to ``target`` within ``tolerance`` (rows with a missing part are skipped)."""
    fields, target, tolerance = check["fields"], check["target"], check["tolerance"]
    for line, record in rows:
        values = [record[f] for f in fields]
        if None not in values and abs(sum(values) - target) > tolerance:
            rule = f"{' + '.join(fields)} = {sum(values):g}, not {target} +/- {tolerance}"
            raise DataValidationError(path, rule, line=line, column=fields[0], value=values[0])


@_custom_check("count_matches")
def _count_matches(path: Path, rows: NumberedRecords, check: dict[str, Any], parsed: Parsed) -> None:
    """``field`` states how many rows of ``resource`` share the row's ``key``."""
    key, other = check["key"], check["resource"]
    counts = Counter(r[key] for r in parsed(other).records)
    _expect(
        path,
        rows,
        check["field"],
        lambda record: counts.get(record[key], 0),
        lambda record, want: f"{other} lists {want} row(s) for {key} {record[key]}",
    )


@_custom_check("lookup_matches")
def _lookup_matches(path: Path, rows: NumberedRecords, check: dict[str, Any], parsed: Parsed) -> None:
    """``field`` repeats the ``field`` of the ``resource`` row the row's ``key`` names (by ``target_key``)."""
    key, other = check["key"], check["resource"]
    target_key = check.get("target_key", key)
    target = {r[target_key]: r[check["field"]] for r in parsed(other).records}
    _expect(
        path,
        rows,
        check["field"],
        lambda record: target.get(record[key]),
        lambda record, want: f"{other} names {target_key} {record[key]} {want!r}",
    )


@_custom_check("list_in")
def _list_in(path: Path, rows: NumberedRecords, check: dict[str, Any], parsed: Parsed) -> None:
    """Each part of ``field`` (split on ``separator``) is a ``target_field`` of ``resource`` or one of ``also``."""
    field, separator = check["field"], check["separator"]
    allowed = {r[check["target_field"]] for r in parsed(check["resource"]).records} | set(check["also"])
    for line, record in rows:
        parts = (record[field] or "").split(separator) if record[field] is not None else []
        bad = [p for p in parts if p not in allowed]
        if bad or len(set(parts)) != len(parts):
            rule = (
                f"{bad[0]!r} is not a {check['resource']}.{check['target_field']} or one of {check['also']}"
                if bad
                else "a part is listed twice"
            )
            raise DataValidationError(
                path, f"{rule} (parts separated by {separator!r})", line=line, column=field, value=record[field]
            )


@_custom_check("unique_non_null")
def _unique_non_null(path: Path, rows: NumberedRecords, check: dict[str, Any], parsed: Parsed) -> None:
    """No two rows share ``fields`` where all of them have a value."""
    _check_key(path, rows, check["fields"], nulls="skip", what=f"{check['fields']}")


def check_custom(path: Path, table: Table, resource: dict, package_file: Path, parsed: Parsed) -> None:
    """The package's own rules for ``resource`` (``x-companion-checks``)."""
    for check in resource.get("x-companion-checks", []):
        rule = check["rule"]
        if rule not in CUSTOM_CHECKS:
            known = ", ".join(sorted(CUSTOM_CHECKS))
            raise DataValidationError(
                package_file, f"unknown check rule {rule!r} in {resource['name']} (known: {known})"
            )
        CUSTOM_CHECKS[rule](path, table.rows(), check, parsed)

"""The claims registry's rows as :class:`Claim` objects, and the registry of operations that recompute them.

Every operation is one :class:`Operation` record, registered by name with :func:`operation` (in the
style of frictionless-py's checks): what it computes, the datasets it reads besides the claim's
own, whether it takes a selector, the phrase that names what it computes, and the sentence that
explains a difference. ``companion.claims.operations`` holds the records; nothing else lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from companion.schools import reading_labels

Tables = Mapping[str, pd.DataFrame]
CLAIMS_FILE = "data/claims.csv"
STRICT_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
READINGS = ("appendix", "text")

# How a recomputed value is compared with the stated one (``compare`` column), given (value, stated, tolerance).
COMPARES: dict[str, Callable[[float, float, float], bool]] = {
    "equal": lambda v, s, tol: abs(v - s) <= tol + 1e-9,
    "above": lambda v, s, tol: v > s,
    "below": lambda v, s, tol: v < s,
    "at_most": lambda v, s, tol: v <= s + tol,
    "at_least": lambda v, s, tol: v >= s - tol,
    "nearly": lambda v, s, tol: s - tol <= v <= s,
    # with bounds (low, high): the stated figure, give or take the tolerance, is one the data allow
    "within_bounds": lambda v, s, tol: abs(v - s) <= tol + 1e-9,
}


class ClaimError(ValueError):
    """A row of the claims registry the audit cannot run, named by claim, column, value and rule."""

    def __init__(self, claim_id: object, column: str, value: object, rule: str) -> None:
        self.claim_id, self.column, self.value, self.rule = claim_id, column, value, rule
        super().__init__(f"{CLAIMS_FILE}, claim {claim_id}, column {column!r}, value {value!r}: {rule}")


class MissingTableError(KeyError):
    """The tables given to the audit lack a dataset a claim reads."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Recomputed:
    """A recomputed value, or None with the reason it cannot be recomputed.

    ``low`` and ``high`` bound what the data allow when they cover only part of what the
    statement describes (a district-wide share from a table that lacks some schools).
    """

    value: float | None
    note: str = ""
    low: float | None = None
    high: float | None = None


Compute = Callable[[Tables, "Claim"], Recomputed]
Explain = Callable[["Claim", Recomputed, Tables], str]
# A further rule on a claim's row: None when it holds, else (column, rule broken).
Validate = Callable[["Claim"], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Operation:
    """One way of recomputing a claim: the whole record, registered under ``name``.

    ``reads``: the datasets it reads besides the claim's own ``dataset`` (may be empty);
    ``selector``: whether a claim using it must give a ``selector``; ``phrase``: what it computes,
    in the words of an explanation (``{dataset}``, ``{column}`` and ``{selector}`` are filled in);
    ``explain``: the sentence for a claim whose recomputation differs; ``validate``: any further
    rule on the claim's row.
    """

    name: str
    compute: Compute
    reads: tuple[str, ...]
    selector: bool
    phrase: str
    explain: Explain
    validate: Validate | None = None

    def describe(self, claim: Claim) -> str:
        """The phrase for one claim."""
        return self.phrase.format(dataset=claim.dataset, column=claim.column, selector=claim.selector)


# The registry: filled by companion.claims.operations, read by everything else.
OPERATIONS: dict[str, Operation] = {}
NO_OPERATION = "none"  # the op of a claim the datasets hold nothing to recompute from


def operation(
    name: str,
    *,
    reads: tuple[str, ...],
    selector: bool,
    phrase: str,
    explain: Explain,
    validate: Validate | None = None,
) -> Callable[[Compute], Compute]:
    """Register the decorated function as the computation of operation ``name``, with the rest of its record."""

    def register(compute: Compute) -> Compute:
        if name in OPERATIONS or name == NO_OPERATION:
            raise ValueError(f"claims operation {name!r} is registered twice")
        OPERATIONS[name] = Operation(name, compute, tuple(reads), selector, phrase, explain, validate)
        return compute

    return register


def missing_parts(record: Operation) -> list[str]:
    """The parts of an operation's record that are absent or of the wrong kind (empty for a whole record)."""
    missing = []
    if not callable(record.compute):
        missing.append("compute")
    if not isinstance(record.reads, tuple) or not all(isinstance(name, str) and name for name in record.reads):
        missing.append("reads")
    if not isinstance(record.selector, bool):
        missing.append("selector")
    if not isinstance(record.phrase, str) or not record.phrase.strip():
        missing.append("phrase")
    if not callable(record.explain):
        missing.append("explain")
    return missing


@dataclass(frozen=True)
class Claim:
    """One row of ``data/claims.csv``: what the audit needs to recompute and judge it."""

    claim_id: str
    stated_value: float
    unit: str
    dataset: str | None
    column: str | None
    op: str
    selector: str | None
    threshold: float | None
    compare: str
    rule: str
    tolerance: float = 0.0  # empty in the registry means 0
    reading: str | None = None  # count_setting: which reading of a contested study's setting

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | pd.Series) -> Claim:
        """A claim from a registry (or audit) row; :class:`ClaimError` if the audit cannot run it."""
        claim_id = row["claim_id"]

        def text(column: str) -> str | None:
            return None if pd.isna(row[column]) else str(row[column])

        def number(column: str) -> float | None:
            value = row[column]
            if pd.isna(value):
                return None
            try:
                return float(value)
            except (TypeError, ValueError):
                raise ClaimError(claim_id, column, value, "must be a number") from None

        def fail(column: str, rule: str) -> ClaimError:
            return ClaimError(claim_id, column, row[column], rule)

        op, compare, stated = text("op"), text("compare"), number("stated_value")
        if op is None or (op not in OPERATIONS and op != NO_OPERATION):
            raise fail("op", f"must be one of {', '.join([*OPERATIONS, NO_OPERATION])}")
        if compare is None or compare not in COMPARES:
            raise fail("compare", f"must be one of {', '.join(COMPARES)}")
        if stated is None:
            raise fail("stated_value", "the figure the source states is required")
        claim = cls(
            claim_id=str(claim_id),
            stated_value=stated,
            unit=text("unit") or "",
            dataset=text("dataset"),
            column=text("column"),
            op=op,
            selector=text("selector"),
            threshold=number("threshold"),
            compare=compare,
            rule=text("rule") or "",
            tolerance=number("tolerance") or 0.0,
            reading=text("reading") if "reading" in row else None,
        )
        record = OPERATIONS.get(op)
        if record is None:
            return claim
        for column in ("dataset", "column"):
            if getattr(claim, column) is None:
                raise fail(column, f"op {op} needs a {column}")
        if record.selector and claim.selector is None:
            raise fail("selector", f"op {op} needs a selector")
        broken = record.validate(claim) if record.validate else None
        if broken is not None:
            raise fail(*broken)
        return claim

    @property
    def operation(self) -> Operation | None:
        """The operation's record (None for a claim that cannot be checked)."""
        return OPERATIONS.get(self.op)

    @property
    def reads(self) -> tuple[str, ...]:
        """The datasets the recomputation reads (none for a claim that cannot be checked)."""
        record = self.operation
        if record is None or self.dataset is None:
            return ()
        return (self.dataset, *record.reads)


def claims_from(frame: pd.DataFrame) -> list[Claim]:
    """The claims of a registry frame (``data/claims.csv``, a variant of it, or the audit), in order."""
    return [Claim.from_row(row) for row in frame.to_dict("records")]  # pyright: ignore[reportArgumentType]


def require_claim(claim: object) -> Claim:
    if not isinstance(claim, Claim):
        raise TypeError(f"expected a companion.claims.Claim (see claims_from), got {type(claim).__name__}")
    return claim


def frame(tables: Tables, claim: Claim, name: str | None = None) -> pd.DataFrame:
    """Table ``name`` (by default the claim's dataset) from ``tables``; :class:`MissingTableError` if absent."""
    name = name or claim.dataset
    if name is None or name not in tables:
        held = ", ".join(sorted(tables)) or "none"
        raise MissingTableError(
            f"claim {claim.claim_id} reads dataset {name!r}, which the tables given do not hold "
            f"(they hold: {held}); load them with companion.claims.tables_for"
        )
    return tables[name]


def column_values(table: pd.DataFrame, column: str) -> pd.Series:
    """A column, or a sum of columns written ``a+b+c`` (used for combined group shares)."""
    if "+" in column:
        parts = [f"{p}_pct" for p in column.split("+")]
        return table[parts].sum(axis=1, min_count=len(parts)).astype("Float64")
    return table[column]


def values(tables: Tables, claim: Claim) -> pd.Series:
    """The claim's column of its dataset."""
    return column_values(frame(tables, claim), str(claim.column))


def row_labels(table: pd.DataFrame, dataset: str | None) -> pd.Series:
    """Reader-facing names for a dataset's rows, as used in the explanations."""
    if dataset == "district2_schools":
        return "school " + table["school"].astype(str)
    if dataset == "district2_reading_1997":
        return reading_labels(table)
    if dataset == "leithwood_studies":
        return "study " + table["study_id"].astype(str)
    return table.iloc[:, 0].astype(str)

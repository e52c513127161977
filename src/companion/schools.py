"""Analyses of District #2's school tables (Elmore & Burney 1997, Tables 1 and 2): school labels,
district figures, a school's standing among the others, threshold counts (also under another rule
for missing values) and the join of the two tables."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from companion.measures import MEASURES


def school_label(schools: pd.DataFrame) -> pd.Series:
    """A reader-facing name for each Table 1 row, e.g. ``School 42 (elementary)``."""
    return "School " + schools["school"].astype(str) + " (" + schools["level"].astype(str) + ")"


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Mean of ``values`` weighted by ``weights``, over rows where the value is present."""
    present = values.notna()
    return float(np.average(values[present].astype(float), weights=weights[present].astype(float)))


def district_average(schools: pd.DataFrame, column: str) -> float:
    """District #2's figure for one measure over the schools that report it.

    Shares are weighted by enrollment, so that a large school counts for more students;
    enrollment itself is averaged per school.
    """
    values = schools[column].astype("Float64")
    if column == "enrollment":
        return float(values.mean())
    return weighted_mean(values, schools["enrollment"])


@dataclass(frozen=True)
class Standing:
    """Where one school's value stands among the schools that report the measure."""

    rank: int  # 1 = the highest value; schools with the same value share a rank
    reporting: int  # how many schools report the measure
    percentile: float  # the share of reporting schools below the value, in percent


def standing(values: pd.Series, value: float) -> Standing:
    """The rank (1 = highest) and percentile (% of reporting schools below) of ``value`` among ``values``."""
    present = values.astype("Float64").dropna().astype(float)
    return Standing(
        rank=int((present > value).sum()) + 1,
        reporting=len(present),
        percentile=float(100 * (present < value).sum() / len(present)),
    )


def measures_long(schools: pd.DataFrame, measures: dict[str, str] = MEASURES) -> pd.DataFrame:
    """One row per (school, measure), missing values kept as NaN with ``missing`` = True.

    ``measure_label`` also says how many schools lack the measure, so a reader sees what a
    chart leaves out; ``school_average`` is the enrollment-weighted average of the schools
    that report it.
    """
    rows = []
    for column, label in measures.items():
        values = schools[column].astype("Float64")
        n_missing = int(values.isna().sum())
        suffix = f" - {n_missing} of {len(schools)} missing" if n_missing else ""
        average = district_average(schools, column)
        for school, level, value in zip(schools["school"], schools["level"], values, strict=True):
            rows.append(
                {
                    "school": int(school),
                    "level": str(level),
                    "measure": column,
                    "measure_label": label + suffix,
                    "value": None if pd.isna(value) else float(value),
                    "missing": bool(pd.isna(value)),
                    "school_average": round(average, 1),
                }
            )
    return pd.DataFrame(rows)


COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def meets(values: pd.Series, op: str, threshold: float) -> pd.Series:
    """Which values satisfy ``value <op> threshold`` (op one of < <= > >=); a missing value never does."""
    return COMPARISONS[op](values.astype("Float64"), threshold).fillna(False).astype(bool)


def count_where(values: pd.Series, op: str, threshold: float) -> int:
    """How many values satisfy ``value <op> threshold``, missing values left out."""
    return int(meets(values, op, threshold).sum())


MISSING_POLICIES = {
    "left out": "rows without a value are left out (the registry's rule)",
    "counted as meeting": "rows without a value count as meeting the condition",
    "read as zero": "a row without a value is read as 0",
}


def meets_under(values: pd.Series, op: str, threshold: float, missing: str = "left out") -> pd.Series:
    """Which values satisfy ``value <op> threshold`` when missing values follow ``missing``.

    ``missing`` is one of :data:`MISSING_POLICIES`: ``left out`` (as :func:`meets`), ``counted as
    meeting`` (a missing value always satisfies the condition) or ``read as zero``.
    """
    if missing not in MISSING_POLICIES:
        raise ValueError(f"missing values: got {missing!r}; choose one of {', '.join(MISSING_POLICIES)}")
    absent = values.isna()
    filled = values.fillna(0.0) if missing == "read as zero" else values
    return meets(filled, op, threshold) | (absent & (missing == "counted as meeting"))


# --- Table 2 and the join with Table 1 ----------------------------------------------------------


def reading_labels(reading: pd.DataFrame) -> pd.Series:
    """Unique reader-facing labels for Table 2 rows: a label printed twice gets its row number."""
    counts = reading["school_label"].value_counts()
    return pd.Series(
        [
            f"{label} (row {row})" if counts[label] > 1 else str(label)
            for label, row in zip(reading["school_label"], reading["row"], strict=True)
        ],
        index=reading.index,
        dtype="string",
    )


def join_schools_reading(schools: pd.DataFrame, reading: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Table 1 rows joined to their Table 2 row through ``district2_school_keys``.

    Only keys with ``match`` exact or inferred are used; the ``match`` column is kept so that
    a chart or analysis can show or drop the inferred pair.
    """
    usable = keys[keys["match"].isin(["exact", "inferred"])][["school", "table2_row", "match"]]
    joined = usable.merge(schools, on="school", how="inner", validate="one_to_one").merge(
        reading.rename(columns={"row": "table2_row", "level": "table2_level"}),
        on="table2_row",
        how="inner",
        validate="one_to_one",
    )
    return joined.sort_values("row").reset_index(drop=True)


def unmatched(keys: pd.DataFrame) -> pd.DataFrame:
    """Rows of either table with no counterpart, and why."""
    rows = keys[keys["match"] == "none"].copy()
    rows["table"] = rows["school"].isna().map({True: "Table 2 only", False: "Table 1 only"})
    rows["id"] = rows["school"].astype("string").fillna(rows["school_label"])
    return rows[["table", "id", "note"]].reset_index(drop=True)

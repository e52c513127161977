"""Analyses the chapters use: reshaping, joins and summaries of the District #2 tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from companion.measures import MEASURES


def school_name(schools: pd.DataFrame) -> pd.Series:
    """A reader-facing name for each Table 1 row, e.g. ``School 42 (elementary)``."""
    return "School " + schools["school"].astype(str) + " (" + schools["level"].astype(str) + ")"


def weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    """Mean of ``values`` weighted by ``weights``, over rows where the value is present."""
    present = values.notna()
    return float(np.average(values[present].astype(float), weights=weights[present].astype(float)))


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
        average = weighted_mean(values, schools["enrollment"]) if column != "enrollment" else float(values.mean())
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


def count_where(values: pd.Series, op: str, threshold: float) -> int:
    """How many non-missing values satisfy ``value <op> threshold`` (op one of < <= > >=)."""
    present = values.dropna().astype(float)
    ops = {"<": present < threshold, "<=": present <= threshold, ">": present > threshold, ">=": present >= threshold}
    return int(ops[op].sum())

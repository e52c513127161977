"""Analyses the chapters use: reshaping, joins and summaries of the District #2 tables."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class LinearFit:
    """Least-squares line ``y = intercept + slope * x`` and Pearson's r, with a bootstrap interval."""

    slope: float
    intercept: float
    r: float
    r_low: float
    r_high: float
    n: int
    resamples: int
    seed: int

    def predict(self, x: pd.Series) -> pd.Series:
        """Fitted values for ``x``."""
        return self.intercept + self.slope * x.astype(float)


def fit_line(x: pd.Series, y: pd.Series, resamples: int = 2000, seed: int = 1997, level: float = 0.95) -> LinearFit:
    """Fit ``y`` on ``x`` over rows where both are present; percentile bootstrap for r (seeded)."""
    present = x.notna() & y.notna()
    xs, ys = x[present].to_numpy(dtype=float), y[present].to_numpy(dtype=float)
    slope, intercept = np.polyfit(xs, ys, 1)
    r = float(np.corrcoef(xs, ys)[0, 1])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(xs), size=(resamples, len(xs)))
    bx, by = xs[picks], ys[picks]
    bx_c, by_c = bx - bx.mean(axis=1, keepdims=True), by - by.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rs = (bx_c * by_c).sum(axis=1) / np.sqrt((bx_c**2).sum(axis=1) * (by_c**2).sum(axis=1))
    rs = rs[np.isfinite(rs)]
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(rs, [tail, 100 - tail])
    return LinearFit(float(slope), float(intercept), r, float(low), float(high), len(xs), resamples, seed)


def fit_band(
    x: pd.Series, y: pd.Series, at: np.ndarray, resamples: int = 2000, seed: int = 1997, level: float = 0.95
) -> pd.DataFrame:
    """Percentile bootstrap band of the least-squares line at the points ``at`` (seeded, rows resampled)."""
    present = x.notna() & y.notna()
    xs, ys = x[present].to_numpy(dtype=float), y[present].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(xs), size=(resamples, len(xs)))
    bx, by = xs[picks], ys[picks]
    bx_c = bx - bx.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        slopes = (bx_c * (by - by.mean(axis=1, keepdims=True))).sum(axis=1) / (bx_c**2).sum(axis=1)
    intercepts = by.mean(axis=1) - slopes * bx.mean(axis=1)
    keep = np.isfinite(slopes)
    lines = intercepts[keep, None] + slopes[keep, None] * np.asarray(at, dtype=float)[None, :]
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(lines, [tail, 100 - tail], axis=0)
    return pd.DataFrame({"x": np.asarray(at, dtype=float), "low": low, "high": high})


def residuals(frame: pd.DataFrame, x: str, y: str, fit: LinearFit, threshold_sd: float = 1.0) -> pd.DataFrame:
    """Each school's distance from the fitted line, labelled relative to ``threshold_sd`` residual SDs.

    For the lowest quartile a *negative* residual is better than predicted (fewer weak readers);
    for the highest quartile a positive one is. ``y`` names the column, and the label says which.
    """
    present = frame[x].notna() & frame[y].notna()
    out = frame.loc[present].copy()
    out["predicted"] = fit.predict(out[x])
    out["residual"] = out[y].astype(float) - out["predicted"]
    sd = float(out["residual"].std(ddof=1))
    better_when_lower = y.startswith("lowest")
    direction = -1 if better_when_lower else 1
    score = direction * out["residual"] / sd
    out["versus_prediction"] = np.select(
        [score > threshold_sd, score < -threshold_sd], ["better than predicted", "worse than predicted"], "as predicted"
    )
    return out


# --- Leithwood's evidence table ------------------------------------------------------------------


def evidence_grid(characteristics: pd.DataFrame, studies: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Every (characteristic, study) pair with ``linked`` True where Table 1 lists the study.

    Unlinked pairs are kept so that a chart can show gaps explicitly; study details ride along
    for tooltips. Unidentified studies keep empty details.
    """
    grid = characteristics[["characteristic_id", "name", "studies_reported"]].merge(
        studies[["study_id", "identified", "authors", "year", "sample", "method", "design", "setting"]], how="cross"
    )
    links = evidence[["characteristic_id", "study_id"]].assign(linked=True)
    grid = grid.merge(links, on=["characteristic_id", "study_id"], how="left", validate="one_to_one")
    grid["linked"] = grid["linked"].fillna(False).astype(bool)
    grid["study"] = (
        grid["authors"].fillna("not identified in the appendix").str.split(",").str[0].astype(str)
        + " ("
        + grid["year"].astype("string").fillna("?")
        + ")"
    )
    grid["design"] = grid["design"].fillna("unknown")
    grid["setting"] = grid["setting"].fillna("unknown")
    return grid


def support_per_study(studies: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """How many characteristics each study is listed for (0 for studies Table 1 never cites)."""
    counts = evidence.groupby("study_id").size().rename("characteristics")
    out = studies[["study_id", "identified", "authors", "year", "design", "setting"]].merge(
        counts, left_on="study_id", right_index=True, how="left"
    )
    out["characteristics"] = out["characteristics"].fillna(0).astype(int)
    return out.sort_values(["characteristics", "study_id"], ascending=[False, True]).reset_index(drop=True)


def counts_by(grid: pd.DataFrame, column: str) -> pd.DataFrame:
    """Linked studies per characteristic and ``column`` value, zeros included (explicit gaps)."""
    full = grid.groupby(["characteristic_id", "name", column], as_index=False)["linked"].sum()
    return full.rename(columns={"linked": "studies"})

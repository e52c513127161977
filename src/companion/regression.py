"""A least-squares line with seeded percentile-bootstrap intervals, and each point's residual."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


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


def _pairs(x: pd.Series, y: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) pairs where both are present, as float arrays."""
    present = x.notna() & y.notna()
    return x[present].to_numpy(dtype=float), y[present].to_numpy(dtype=float)


def _resamples(xs: np.ndarray, ys: np.ndarray, resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``resamples`` bootstrap resamples of the pairs (rows drawn with replacement, seeded)."""
    picks = np.random.default_rng(seed).integers(0, len(xs), size=(resamples, len(xs)))
    return xs[picks], ys[picks]


def fit_line(x: pd.Series, y: pd.Series, resamples: int = 2000, seed: int = 1997, level: float = 0.95) -> LinearFit:
    """Fit ``y`` on ``x`` over rows where both are present; percentile bootstrap for r (seeded)."""
    xs, ys = _pairs(x, y)
    slope, intercept = np.polyfit(xs, ys, 1)
    r = float(np.corrcoef(xs, ys)[0, 1])
    bx, by = _resamples(xs, ys, resamples, seed)
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
    bx, by = _resamples(*_pairs(x, y), resamples, seed)
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

"""The poverty explorer: reading refitted on the lunch share for a measure and a join policy."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from companion import datasets
from companion.explorers.base import Explorer, table_html
from companion.measures import QUARTILES
from companion.numbers import number_text
from companion.regression import fit_band, fit_line, residuals
from companion.schools import join_schools_reading, school_label

JOIN_POLICIES = {"exact": ["exact"], "exact and inferred": ["exact", "inferred"]}


class PovertyExplorer(Explorer):
    """Refit reading on poverty for a measure and join policy, optionally without the flagged schools."""

    name = "poverty"

    def __init__(self) -> None:
        super().__init__()
        schools = datasets.load("district2_schools")
        self.keys = datasets.load("district2_school_keys")
        self.joined = join_schools_reading(schools, datasets.load("district2_reading_1997"), self.keys)
        self.state = {
            "measure": "lowest_quartile_pct",
            "join": "exact and inferred",
            "exclude_flagged": False,
            "resamples": 2000,
            "seed": 1997,
        }
        self.update()

    def _check(self, state: dict[str, Any]) -> None:
        if state["measure"] not in QUARTILES:
            raise ValueError(f"reading measure {state['measure']!r} unknown; choose one of {', '.join(QUARTILES)}")
        if state["join"] not in JOIN_POLICIES:
            raise ValueError(f"join {state['join']!r} unknown; choose one of {', '.join(JOIN_POLICIES)}")
        for key, low, high in (("resamples", 100, 20_000), ("seed", 0, 2**32 - 1)):
            value = state[key]
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
                raise ValueError(f"{key} must be a whole number from {low:,} to {high:,}; got {value!r}")

    def _compute(self, state: dict[str, Any]) -> None:
        y = state["measure"]
        frame = self.joined[self.joined["match"].isin(JOIN_POLICIES[state["join"]])]
        frame = frame[frame["frl_pct"].notna() & frame[y].notna()]
        first = fit_line(frame["frl_pct"], frame[y], resamples=100, seed=state["seed"])
        flagged = residuals(frame, "frl_pct", y, first)
        self.excluded = (
            sorted(flagged.loc[flagged["versus_prediction"] != "as predicted", "school"].astype(int))
            if state["exclude_flagged"]
            else []
        )
        frame = frame[~frame["school"].isin(self.excluded)]
        self.fit = fit_line(frame["frl_pct"], frame[y], resamples=state["resamples"], seed=state["seed"])
        self.points = residuals(frame, "frl_pct", y, self.fit)
        at = np.linspace(float(self.joined["frl_pct"].min()), float(self.joined["frl_pct"].max()), 25)
        band = fit_band(frame["frl_pct"], frame[y], at, resamples=state["resamples"], seed=state["seed"])
        self.band = band.assign(fitted=self.fit.intercept + self.fit.slope * band["x"])

    def summary(self) -> str:
        f = self.fit
        dropped = f"; left out flagged schools {', '.join(map(str, self.excluded))}" if self.excluded else ""
        return (
            f"{QUARTILES[self.state['measure']]} on lunch share, {self.state['join']} matches, n = {f.n}: "
            f"slope {f.slope:.2f}, r = {f.r:.2f} (95% bootstrap interval {f.r_low:.2f} to {f.r_high:.2f}, "
            f"{f.resamples:,} resamples, seed {f.seed}){dropped}."
        )

    def outliers(self) -> pd.DataFrame:
        """Schools more than one residual SD from the current line."""
        off = self.points[self.points["versus_prediction"] != "as predicted"]
        return pd.DataFrame(
            {
                "school": off["school"].astype(int),
                "level": off["level"].astype(str),
                "lunch %": off["frl_pct"].map(number_text),
                "share %": off[self.state["measure"]].map(number_text),
                "predicted %": off["predicted"].round(1).map(number_text),
                "compared with the line": off["versus_prediction"],
            }
        ).sort_values("school")

    def _html(self) -> str:
        return f"<p>{html.escape(self.summary())}</p><p>Residual outliers:</p>" + table_html(self.outliers())

    def chart(self) -> Any:
        from companion.charts.fit import fit_with_band

        points = pd.DataFrame(
            {
                "school": self.points["school"].astype(int),
                "level": self.points["level"].astype(str),
                "name": school_label(self.points),
                "x": self.points["frl_pct"].astype(float),
                "y": self.points[self.state["measure"]].astype(float),
                "versus_prediction": self.points["versus_prediction"],
            }
        )
        label = QUARTILES[self.state["measure"]]
        return fit_with_band(
            points, self.band, "Free/reduced-price lunch (%)", label, f"{label} against poverty, r = {self.fit.r:.2f}"
        )

    def _controls(self, widgets: Any) -> dict[str, Any]:
        s = self.state
        return {
            "measure": widgets.Dropdown(
                options=[(v, k) for k, v in QUARTILES.items()], value=s["measure"], description="Reading:"
            ),
            "join": widgets.Dropdown(options=list(JOIN_POLICIES), value=s["join"], description="Join:"),
            "exclude_flagged": widgets.Checkbox(value=s["exclude_flagged"], description="Exclude flagged schools"),
            "resamples": widgets.IntText(value=s["resamples"], description="Resamples:"),
            "seed": widgets.IntText(value=s["seed"], description="Seed:"),
        }

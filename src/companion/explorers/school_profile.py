"""The school profile: one or two schools, each measure's value, rank and percentile against the district
(the ranks are :func:`companion.schools.standing`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd

from companion import datasets
from companion.explorers.base import Explorer, table_html
from companion.measures import MEASURES, QUARTILES
from companion.numbers import number_text
from companion.schools import district_average, join_schools_reading, school_label, standing

RANK, PERCENTILE = "rank (1 = highest)", "percentile (% of reporting schools below)"


class SchoolProfile(Explorer):
    """One or two schools: each measure's value, rank and percentile, against the district figure."""

    name = "schools"

    def __init__(self, schools: tuple[int, ...] = (1,)) -> None:
        super().__init__()
        frame = datasets.load("district2_schools")
        joined = join_schools_reading(
            frame, datasets.load("district2_reading_1997"), datasets.load("district2_school_keys")
        )
        reading = joined.set_index("school")[list(QUARTILES)]
        self.frame = frame.join(reading, on="school").set_index("school", drop=False)
        self.measures = {**MEASURES, **{k: f"{v}, Table 2" for k, v in QUARTILES.items()}}
        self.names = dict(zip(frame["school"].astype(int), school_label(frame), strict=True))
        self.state = {"schools": tuple(schools)}
        self.update()

    def _check(self, state: dict[str, Any]) -> None:
        picked = state["schools"]
        if not 1 <= len(picked) <= 2:
            raise ValueError(f"pick one or two schools; got {len(picked)}")
        bad = [s for s in picked if s not in self.names]
        if bad:
            raise ValueError(f"school {', '.join(map(repr, bad))} is not in Table 1 (schools 1 to {max(self.names)})")

    def profile(self, school: int) -> pd.DataFrame:
        """Value, rank (1 = highest), percentile (% of reporting schools below) and district figure per measure."""
        rows = []
        for column, label in self.measures.items():
            values = self.frame[column].astype("Float64")
            value = values.loc[school]
            average = district_average(self.frame, column)
            if column == "enrollment":
                district = f"{average:.0f} (mean per school)"
            else:
                among = f", {int(values.notna().sum())} matched schools" if column in QUARTILES else ""
                district = f"{average:.1f} (enrollment-weighted{among})"
            if pd.isna(value):
                source = "Table 2 has no matched row" if column in QUARTILES else "Table 1 prints no value"
                rank, percentile = f"no value: {source}", "no value"
                shown = "no value"
            else:
                place = standing(values, float(value))
                rank = f"{place.rank} of {place.reporting}"
                percentile = f"{place.percentile:.0f}"
                shown = number_text(value)
            rows.append(
                {
                    "measure": label,
                    "value": shown,
                    RANK: rank,
                    PERCENTILE: percentile,
                    "district figure": district,
                }
            )
        return pd.DataFrame(rows)

    def _compute(self, state: dict[str, Any]) -> None:
        self.tables = {school: self.profile(school) for school in state["schools"]}

    def summary(self) -> str:
        return " and ".join(self.names[s] for s in self.state["schools"]) + "."

    def _html(self) -> str:
        return "".join(
            f'<p class="companion-explorer-heading"><strong>{html.escape(self.names[s])}</strong></p>'
            + table_html(table)
            for s, table in self.tables.items()
        )

    def _controls(self, widgets: Any) -> dict[str, Any]:
        options = [(name, school) for school, name in self.names.items()]
        first = widgets.Dropdown(options=options, value=self.state["schools"][0], description="School:")
        second = widgets.Dropdown(options=[("(none)", 0), *options], value=0, description="Compare with:")
        return {"schools": _Pair(first, second)}

    def _layout(self, controls: dict[str, Any]) -> list[Any]:
        pair = controls["schools"]
        return [pair.first, pair.second]


class _Pair:
    """Two dropdowns observed as one ``schools`` control (the second may be "(none)")."""

    def __init__(self, first: Any, second: Any) -> None:
        self.first, self.second = first, second

    @property
    def value(self) -> tuple[int, ...]:
        return tuple(v for v in (self.first.value, self.second.value) if v)

    def observe(self, handler: Callable[[dict], None], names: str) -> None:
        for control in (self.first, self.second):
            control.observe(lambda _: handler({"new": self.value}), names=names)

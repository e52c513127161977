"""ipywidgets explorers for readers running the notebooks in a live kernel.

The built book cannot run Python callbacks, so chapters show :meth:`SchoolProfile.table`
(a static profile) and a Vega-Lite selection instead; the widget is for JupyterLab,
Notebook 7 or VS Code::

    from companion.widgets import SchoolProfile
    SchoolProfile.from_datasets().widget
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from companion import datasets
from companion.analysis import join_schools_reading, school_name, weighted_mean
from companion.measures import MEASURES


class SchoolProfile:
    """Pick a school; see its Table 1 measures, where each sits among the district's schools, and its reading shares."""

    def __init__(self, schools: pd.DataFrame, joined: pd.DataFrame | None = None) -> None:
        self.schools = schools.set_index("school", drop=False)
        self.reading = joined.set_index("school") if joined is not None else None
        names = school_name(schools)
        self.dropdown = widgets.Dropdown(
            options=list(zip(names, schools["school"].astype(int), strict=True)), description="School:"
        )
        self.output = widgets.HTML()
        self.dropdown.observe(self._on_change, names="value")
        self.widget = widgets.VBox([self.dropdown, self.output])
        self._on_change()

    @classmethod
    def from_datasets(cls) -> SchoolProfile:
        """A profile explorer over the packaged District #2 datasets."""
        schools = datasets.load("district2_schools")
        joined = join_schools_reading(
            schools, datasets.load("district2_reading_1997"), datasets.load("district2_school_keys")
        )
        return cls(schools, joined)

    def table(self, school: int) -> pd.DataFrame:
        """The profile of one school: value, rank among schools reporting it, weighted average."""
        row = self.schools.loc[school]
        records = []
        for column, label in MEASURES.items():
            values = self.schools[column].astype("Float64")
            value = row[column]
            present = values.dropna()
            below = int((present < value).sum()) if pd.notna(value) else None
            average = (
                weighted_mean(values, self.schools["enrollment"]) if column != "enrollment" else float(present.mean())
            )
            records.append(
                {
                    "measure": label,
                    "value": None if pd.isna(value) else float(value),
                    "schools below": below,
                    "schools reporting": len(present),
                    "district average": round(average, 1),
                }
            )
        if self.reading is not None and school in self.reading.index:
            match = self.reading.loc[school]
            for column, label in (
                ("lowest_quartile_pct", "Lowest reading quartile (%)"),
                ("highest_quartile_pct", "Highest reading quartile (%)"),
            ):
                records.append({"measure": f"{label}, Table 2 {match['school_label']}", "value": float(match[column])})
        return pd.DataFrame(records)

    def _on_change(self, change: dict | None = None) -> None:
        school = int(self.dropdown.value)
        table = self.table(school)
        title = html.escape(school_name(self.schools.loc[[school]]).iloc[0])
        self.output.value = f"<h4>{title}</h4>" + table.to_html(
            index=False, na_rep="no value", float_format="{:.1f}".format
        )

"""A fitted line with its bootstrap band, as drawn by the poverty and performance explorer."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.charts.common import GREY, PlotArea, finish, level_color, level_shape, point_labels, tooltips
from companion.tables import reader_table
from companion.theme import HIGHLIGHT, OKABE_ITO

FITTED_FORMATS = dict.fromkeys(["x", "fitted", "low", "high"], ".1f")


def fit_with_band(points: pd.DataFrame, band: pd.DataFrame, x_title: str, y_title: str, title: str) -> alt.LayerChart:
    """Schools as points (``x``, ``y``, ``level``, ``name``, ``versus_prediction``), the line and its band.

    ``band`` has ``x``, ``fitted``, ``low`` and ``high``; schools not ``as predicted`` are ringed.
    """
    x = alt.X("x:Q", title=x_title, scale=alt.Scale(domain=[0, 100]))
    y = alt.Y("y:Q", title=y_title, scale=alt.Scale(domain=[0, 85]))
    band_tooltip = tooltips(band, "x fitted low high", {"x": x_title, "fitted": "Fitted line"}, FITTED_FORMATS)
    area = alt.Chart(band).mark_area(color=GREY, opacity=0.25).encode(x=x, y="low:Q", y2="high:Q", tooltip=band_tooltip)
    line = (
        alt.Chart(band)
        .mark_line(color=GREY, strokeWidth=2)
        .encode(x=x, y=alt.Y("fitted:Q", title=y_title), tooltip=band_tooltip)
    )
    titles = {"name": "School", "x": x_title, "y": y_title, "versus_prediction": "Compared with the line"}
    tooltip = tooltips(points, "name x y versus_prediction", titles, dict.fromkeys("xy", ".1f"))
    marks = (
        alt.Chart(points)
        .mark_point(filled=True, size=80, opacity=0.85)
        .encode(
            x=x,
            y=y,
            color=level_color(),
            shape=level_shape(),
            tooltip=tooltip,
        )
    )
    off = points[points["versus_prediction"] != "as predicted"]
    rings = (
        alt.Chart(off)
        .mark_point(size=260, strokeWidth=2, filled=False)
        .encode(
            x=x,
            y=y,
            stroke=alt.Stroke(
                "versus_prediction:N",
                title="Compared with the line",
                scale=alt.Scale(
                    domain=["better than predicted", "worse than predicted"], range=[OKABE_ITO["green"], HIGHLIGHT]
                ),
            ),
            strokeDash=alt.StrokeDash(  # solid or dashed as well as green or vermilion: not colour alone
                "versus_prediction:N",
                scale=alt.Scale(domain=["better than predicted", "worse than predicted"], range=[[1, 0], [3, 2]]),
            ),
            tooltip=tooltip,
        )
    )

    def drawn(width: int, height: int) -> alt.LayerChart:
        plot = PlotArea((0, 100), (0, 85), width, height)
        labels = point_labels(off.dropna(subset=["x", "y"]), "x", "y", "school", plot)
        return alt.layer(area, line, marks, rings, labels).properties(width=width, height=height)

    return finish(
        drawn(480, 300),
        narrow=drawn(280, 240),
        title=title,
        subtitle="Grey band: 95% bootstrap band of the line. Rings: more than one residual SD.",
        description=f"Scatter plot of {y_title} against {x_title} per school, with the fitted line and its band.",
        data=reader_table(
            points[["name", "x", "y", "versus_prediction"]],
            titles=titles,
        ),
    )

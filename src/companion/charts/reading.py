"""Charts of District #2 reading results (Table 2) and their relation to poverty (Table 1)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.analysis import LinearFit, reading_labels
from companion.charts.common import GREY, HIGHLIGHT, level_color, level_shape
from companion.theme import OKABE_ITO

SOURCE = "Source: Elmore & Burney (1997), Table 2 (CTB reading, spring 1997)."
QUARTILES = {
    "lowest_quartile_pct": "Lowest national quartile (%)",
    "highest_quartile_pct": "Highest national quartile (%)",
}
BENCHMARK_STYLE = {"District #2 total": [1, 0], "Citywide": [6, 3], "National norm": [2, 2]}


def _benchmark_rules(benchmarks: pd.DataFrame, field: str) -> alt.Chart:
    return (
        alt.Chart(benchmarks)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X(f"{field}:Q"),
            color=alt.value(GREY),
            strokeDash=alt.StrokeDash(
                "benchmark:N",
                title="Reference",
                scale=alt.Scale(domain=list(BENCHMARK_STYLE), range=list(BENCHMARK_STYLE.values())),
            ),
            tooltip=[alt.Tooltip("benchmark:N", title="Reference"), alt.Tooltip(f"{field}:Q", title="%", format=".1f")],
        )
    )


def reading_by_school(reading: pd.DataFrame, benchmarks: pd.DataFrame) -> alt.LayerChart:
    """Each school's lowest- and highest-quartile shares against district, city and nation; sortable."""
    frame = reading.assign(
        label=reading_labels(reading), lo=reading["lowest_quartile_pct"], hi=reading["highest_quartile_pct"]
    )
    sort_param = alt.param(
        name="sort_by",
        value="lowest_quartile_pct",
        bind=alt.binding_radio(
            options=["lowest_quartile_pct", "highest_quartile_pct", "row"],
            labels=["lowest-quartile share", "highest-quartile share", "printed order"],
            name="Sort schools by: ",
        ),
    )
    long = frame.melt(
        id_vars=["row", "label", "level", "lo", "hi"],
        value_vars=list(QUARTILES),
        var_name="quartile",
        value_name="share",
    )
    long["quartile"] = long["quartile"].map(QUARTILES)
    sort_key = "sort_by == 'row' ? -datum.row : sort_by == 'lowest_quartile_pct' ? datum.lo : datum.hi"
    base = alt.Chart(long).transform_calculate(sort_key=sort_key)
    y = alt.Y("label:N", title="School (Table 2 label)", sort=alt.EncodingSortField("sort_key", order="descending"))
    link = (
        alt.Chart(frame)
        .transform_calculate(sort_key=sort_key)
        .mark_rule(color="#bbb")
        .encode(y=y, x=alt.X("lo:Q", title="% of students"), x2="hi:Q")
    )
    dots = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        y=y,
        x=alt.X("share:Q", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "quartile:N",
            title="Share of students in the",
            scale=alt.Scale(domain=list(QUARTILES.values()), range=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]]),
        ),
        shape=alt.Shape(
            "quartile:N", scale=alt.Scale(domain=list(QUARTILES.values()), range=["triangle-down", "triangle-up"])
        ),
        tooltip=[
            alt.Tooltip("label:N", title="School"),
            alt.Tooltip("level:N", title="Level"),
            alt.Tooltip("lo:Q", title="Lowest quartile (%)", format=".1f"),
            alt.Tooltip("hi:Q", title="Highest quartile (%)", format=".1f"),
        ],
    )
    national = benchmarks[benchmarks["benchmark"] == "National norm"]
    rule = (
        alt.Chart(national)
        .mark_rule(color=GREY, strokeDash=[2, 2], strokeWidth=2)
        .encode(
            x="lowest_quartile_pct:Q",
            tooltip=[alt.Tooltip("benchmark:N"), alt.Tooltip("lowest_quartile_pct:Q", title="%")],
        )
    )
    return (
        alt.layer(link, rule, dots)
        .add_params(sort_param)
        .properties(
            width=520,
            height=alt.Step(13),
            title=alt.Title(
                "Most schools beat the national 25% at both ends, but some have more weak than strong readers",
                subtitle=[
                    "Down-triangles: share in the lowest quartile; up-triangles: in the highest. Dotted line: 25%.",
                    SOURCE,
                ],
            ),
            description=(
                "Dot plot of the 44 District #2 schools in Table 2: for each school the percent of students scoring in "
                "the lowest and in the highest national quartile on the 1997 CTB reading test, with the national "
                "25% line. A radio control sorts the schools."
            ),
        )
    )


def quartile_spread(reading: pd.DataFrame, benchmarks: pd.DataFrame) -> alt.VConcatChart:
    """Distribution of the two shares across schools, with district, citywide and national lines."""
    panels = []
    for field, label in QUARTILES.items():
        bars = (
            alt.Chart(reading)
            .mark_bar(color=OKABE_ITO["sky"], stroke="white")
            .encode(
                x=alt.X(f"{field}:Q", bin=alt.Bin(step=5, extent=[0, 85]), title=label),
                y=alt.Y("count():Q", title="Schools"),
                tooltip=[
                    alt.Tooltip(f"{field}:Q", bin=alt.Bin(step=5, extent=[0, 85]), title="Range (%)"),
                    "count():Q",
                ],
            )
        )
        panels.append(alt.layer(bars, _benchmark_rules(benchmarks, field)).properties(width=520, height=140))
    return alt.vconcat(*panels).properties(
        title=alt.Title(
            "Schools spread widely at both ends of the reading scale",
            subtitle=["Bars count schools in 5-point bins. Lines: district total, citywide and national norm.", SOURCE],
        ),
        description=(
            "Two histograms of the 44 District #2 schools: the percent of students in the lowest and in the highest "
            "national reading quartile, with reference lines for the district total, the city and the nation."
        ),
    )


def poverty_vs_reading(joined: pd.DataFrame, fits: dict[str, LinearFit], flagged: pd.DataFrame) -> alt.LayerChart:
    """Free/reduced lunch against a chosen quartile share, with the fitted line and flagged schools."""
    frame = joined.merge(
        flagged[["school", "quartile", "versus_prediction", "predicted"]],
        on="school",
        how="left",
        validate="one_to_many",
    )
    frame["name"] = "School " + frame["school"].astype(str) + " (" + frame["level"].astype(str) + ")"
    frame["share"] = [row[q] for q, (_, row) in zip(frame["quartile"], frame.iterrows(), strict=True)]
    quartile = alt.param(
        name="quartile",
        value="lowest_quartile_pct",
        bind=alt.binding_select(options=list(QUARTILES), labels=list(QUARTILES.values()), name="Reading measure: "),
    )
    lines = pd.DataFrame(
        [
            {"quartile": q, "frl_pct": x, "fitted": f.intercept + f.slope * x}
            for q, f in fits.items()
            for x in (float(joined["frl_pct"].min()), float(joined["frl_pct"].max()))
        ]
    )
    base = alt.Chart(frame).transform_filter("datum.quartile == quartile")
    points = base.mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X("frl_pct:Q", title="Free/reduced-price lunch (%), Table 1", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("share:Q", title="% of students in the chosen quartile, Table 2", scale=alt.Scale(domain=[0, 85])),
        color=level_color(),
        shape=level_shape(),
        tooltip=[
            alt.Tooltip("name:N", title="School"),
            alt.Tooltip("frl_pct:Q", title="Free/reduced lunch (%)", format=".1f"),
            alt.Tooltip("share:Q", title="Share in quartile (%)", format=".1f"),
            alt.Tooltip("predicted:Q", title="Predicted from poverty (%)", format=".1f"),
            alt.Tooltip("versus_prediction:N", title="Compared with prediction"),
            alt.Tooltip("match:N", title="Table 1-2 match"),
        ],
    )
    rings = (
        base.transform_filter("datum.versus_prediction != 'as predicted'")
        .mark_point(size=300, strokeWidth=2, filled=False)
        .encode(
            x="frl_pct:Q",
            y="share:Q",
            stroke=alt.Stroke(
                "versus_prediction:N",
                title="Compared with the line",
                scale=alt.Scale(
                    domain=["better than predicted", "worse than predicted"], range=[OKABE_ITO["green"], HIGHLIGHT]
                ),
            ),
            strokeDash=alt.StrokeDash(
                "versus_prediction:N",
                scale=alt.Scale(domain=["better than predicted", "worse than predicted"], range=[[1, 0], [3, 2]]),
                legend=None,
            ),
        )
    )
    labels = (
        base.transform_filter("datum.versus_prediction != 'as predicted'")
        .mark_text(dx=12, align="left", fontSize=11)
        .encode(x="frl_pct:Q", y="share:Q", text="school:N")
    )
    line = (
        alt.Chart(lines)
        .transform_filter("datum.quartile == quartile")
        .mark_line(color=GREY, strokeWidth=2)
        .encode(x="frl_pct:Q", y="fitted:Q")
    )
    return (
        alt.layer(line, points, rings, labels)
        .add_params(quartile)
        .properties(
            width=520,
            height=340,
            title=alt.Title(
                "Poorer schools have more weak readers and fewer strong ones, with exceptions on both sides",
                subtitle=[
                    "Grey line: least-squares fit. Rings: schools more than one residual SD from it (number labels).",
                    "Sources: Elmore & Burney (1997), Tables 1 and 2, joined by district2_school_keys.",
                ],
            ),
            description=(
                "Scatter plot of the District #2 schools found in both tables: free or reduced-price lunch share "
                "against the share of students in the chosen national reading quartile, with a fitted line; schools "
                "far from the line are ringed and numbered."
            ),
        )
    )

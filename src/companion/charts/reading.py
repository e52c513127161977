"""Charts of District #2 reading results (Table 2) and their relation to poverty (Table 1)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.charts.common import GREY, HIGHLIGHT, PlotArea, finish, level_color, level_shape, point_labels, tooltips
from companion.measures import QUARTILES
from companion.regression import LinearFit
from companion.schools import reading_labels, school_label
from companion.tables import ReaderTable, reader_table
from companion.theme import OKABE_ITO

SOURCE = "Source: Elmore & Burney (1997), Table 2 (CTB reading, spring 1997)."
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
    table = reader_table(
        frame[["label", "level", "lowest_quartile_pct", "highest_quartile_pct"]],
        titles={"label": "School (Table 2 label)", "level": "Level", **QUARTILES},
    )
    return finish(
        alt.layer(link, rule, dots).add_params(sort_param).properties(width=480, height=alt.Step(14)),
        narrow=alt.layer(link, rule, dots).add_params(sort_param).properties(width=220, height=alt.Step(16)),
        title="Most schools beat the national 25% at both ends, but some have more weak than strong readers",
        subtitle=[
            "Down-triangles: share in the lowest quartile; up-triangles: in the highest. Dotted line: 25%.",
            SOURCE,
        ],
        data=table,
        description=(
            "Dot plot of the 44 District #2 schools in Table 2: for each school the percent of students scoring in "
            "the lowest and in the highest national quartile on the 1997 CTB reading test, with the national "
            "25% line. A radio control sorts the schools."
        ),
    )


def _bin_table(reading: pd.DataFrame, step: int = 5, top: int = 85) -> ReaderTable:
    """Schools per 5-point band of each share: what the histograms draw."""
    edges = list(range(0, top + step, step))
    bands = [f"{lo} to under {lo + step}" for lo in edges[:-1]]
    counts = {
        label: pd.cut(reading[field].astype(float), edges, right=False, labels=bands).value_counts().reindex(bands)
        for field, label in QUARTILES.items()
    }
    frame = pd.DataFrame({"band": bands, **{f"Schools: {k}": v.to_numpy() for k, v in counts.items()}})
    return reader_table(frame, titles={"band": "Share of students (%)"})


def quartile_spread(reading: pd.DataFrame, benchmarks: pd.DataFrame) -> alt.VConcatChart:
    """Distribution of the two shares across schools, with district, citywide and national lines."""
    panels: dict[str, list[alt.LayerChart]] = {"wide": [], "narrow": []}
    for field, label in QUARTILES.items():
        bars = (
            alt.Chart(reading)
            .mark_bar(color=OKABE_ITO["sky"])
            .encode(
                x=alt.X(f"{field}:Q", bin=alt.Bin(step=5, extent=[0, 85]), title=label),
                y=alt.Y("count():Q", title="Schools"),
                tooltip=[
                    alt.Tooltip(f"{field}:Q", bin=alt.Bin(step=5, extent=[0, 85]), title="Range (%)"),
                    "count():Q",
                ],
            )
        )
        layer = alt.layer(bars, _benchmark_rules(benchmarks, field))
        panels["wide"].append(layer.properties(width=520, height=140))
        panels["narrow"].append(layer.properties(width=270, height=130))
    return finish(
        alt.vconcat(*panels["wide"]),
        narrow=alt.vconcat(*panels["narrow"]),
        title="Schools spread widely at both ends of the reading scale",
        subtitle=["Bars count schools in 5-point bins. Lines: district total, citywide and national norm.", SOURCE],
        data=_bin_table(reading),
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
    frame["name"] = school_label(frame)
    frame["share"] = [row[q] for q, (_, row) in zip(frame["quartile"], frame.iterrows(), strict=True)]
    quartile = alt.param(
        name="quartile",
        value="lowest_quartile_pct",
        bind=alt.binding_select(options=list(QUARTILES), labels=list(QUARTILES.values()), name="Reading measure: "),
    )
    ends = pd.Series([float(joined["frl_pct"].min()), float(joined["frl_pct"].max())])
    lines = pd.DataFrame(
        [
            {"quartile": q, "frl_pct": x, "fitted": y}
            for q, f in fits.items()
            for x, y in zip(ends, f.predict(ends), strict=True)
        ]
    )
    base = alt.Chart(frame).transform_filter("datum.quartile == quartile")
    titles = {
        "name": "School",
        "frl_pct": "Free/reduced lunch (%)",
        "share": "Share in quartile (%)",
        "predicted": "Predicted from poverty (%)",
        "versus_prediction": "Compared with prediction",
        "match": "Table 1-2 match",
    }
    tooltip = tooltips(
        frame,
        "name frl_pct share predicted versus_prediction match",
        titles,
        dict.fromkeys(["frl_pct", "share", "predicted"], ".1f"),
    )
    points = base.mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X("frl_pct:Q", title="Free/reduced-price lunch (%), Table 1", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("share:Q", title="% of students in the chosen quartile, Table 2", scale=alt.Scale(domain=[0, 85])),
        color=level_color(),
        shape=level_shape(),
        tooltip=tooltip,
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
            ),
            tooltip=tooltip,
        )
    )
    ringed = frame[(frame["versus_prediction"] != "as predicted") & frame["share"].notna() & frame["frl_pct"].notna()]

    def labels(width: int, height: int) -> alt.LayerChart:
        """The ringed schools' numbers, placed for a plot of this size."""
        area = PlotArea((0, 100), (0, 85), width, height)
        return point_labels(ringed, "frl_pct", "share", "school", area, transform_filter="datum.quartile == quartile")

    line = (
        alt.Chart(lines)
        .transform_filter("datum.quartile == quartile")
        .mark_line(color=GREY, strokeWidth=2)
        .encode(
            x="frl_pct:Q",
            y="fitted:Q",
            tooltip=tooltips(lines, "frl_pct fitted", {**titles, "fitted": "Fitted line (%)"}, {"fitted": ".1f"}),
        )
    )
    wide = frame.pivot_table(index="name", columns="quartile", values="versus_prediction", aggfunc="first")
    table = (
        joined.assign(name=frame.drop_duplicates("school").set_index("school").loc[joined["school"], "name"].to_numpy())
        .sort_values("frl_pct", na_position="last")[["name", "frl_pct", *QUARTILES]]
        .assign(
            **{f"{label}: against the line": lambda f, q=q: f["name"].map(wide[q]) for q, label in QUARTILES.items()}
        )
    )
    return finish(
        alt.layer(line, points, rings, labels(500, 340)).add_params(quartile).properties(width=500, height=340),
        narrow=alt.layer(line, points, rings, labels(280, 260)).add_params(quartile).properties(width=280, height=260),
        title="Poorer schools have more weak readers and fewer strong ones, with exceptions on both sides",
        subtitle=[
            "Grey line: least-squares fit. Rings: schools more than one residual SD from it (number labels).",
            "Sources: Elmore & Burney (1997), Tables 1 and 2, joined by district2_school_keys.",
        ],
        description=(
            "Scatter plot of the District #2 schools found in both tables: free or reduced-price lunch share "
            "against the share of students in the chosen national reading quartile, with a fitted line; schools "
            "far from the line are ringed and numbered."
        ),
        data=reader_table(table, titles={"name": "School", "frl_pct": "Free/reduced-price lunch (%)", **QUARTILES}),
    )

"""Charts of the District #2 school tables (Elmore & Burney 1997, Tables 1 and 2)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.charts.common import (
    GREY,
    HIGHLIGHT,
    finish,
    highlight_condition,
    level_color,
    level_shape,
    school_picker,
    tooltips,
)
from companion.measures import MEASURES, PERCENT_MEASURES, RACE_MEASURES
from companion.rendering import with_reader_data
from companion.schools import measures_long, school_label
from companion.tables import ReaderTable, reader_table
from companion.theme import PALETTE

SOURCE = "Source: Elmore & Burney (1997), Table 1."


def _picker_for(schools: pd.DataFrame) -> alt.Parameter:
    ordered = schools.sort_values("school")
    return school_picker(ordered["school"].astype(int).tolist(), school_label(ordered).tolist())


def axis_scatter(schools: pd.DataFrame, picker: alt.Parameter | None = None) -> alt.LayerChart:
    """Scatter of any two Table 1 measures chosen from dropdowns, sized by enrollment.

    Elementary and intermediate schools differ in colour *and* shape; schools missing either
    chosen measure are listed under the plot instead of silently dropped.
    """
    standalone = picker is None
    picker = picker or _picker_for(schools)
    keys, labels = list(PERCENT_MEASURES), list(PERCENT_MEASURES.values())
    x_param = alt.param(
        name="x_measure",
        value="frl_pct",
        bind=alt.binding_select(options=keys, labels=labels, name="Horizontal axis: "),
    )
    y_param = alt.param(
        name="y_measure", value="lep_pct", bind=alt.binding_select(options=keys, labels=labels, name="Vertical axis: ")
    )
    label_lookup = "{" + ", ".join(f"'{k}': '{v.replace(chr(39), '')}'" for k, v in PERCENT_MEASURES.items()) + "}"
    base = alt.Chart(schools.assign(name=school_label(schools))).transform_calculate(
        x="datum[x_measure]",
        y="datum[y_measure]",
        x_name=f"{label_lookup}[x_measure]",
        y_name=f"{label_lookup}[y_measure]",
    )
    is_picked = highlight_condition(picker)
    points = (
        base.transform_filter("isValid(datum.x) && isValid(datum.y)")
        .mark_point(filled=True, opacity=0.8)
        .encode(
            x=alt.X("x:Q", title=None, scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("y:Q", title=None, scale=alt.Scale(domain=[0, 100])),
            size=alt.Size(
                "enrollment:Q",
                title="Enrollment",
                scale=alt.Scale(range=[30, 500]),
                legend=alt.Legend(symbolFillColor=GREY, symbolStrokeColor=GREY),
            ),
            color=alt.condition(is_picked, alt.value(HIGHLIGHT), level_color()),
            shape=level_shape(),
            tooltip=[
                alt.Tooltip("name:N", title="School"),
                alt.Tooltip("x_name:N", title="Horizontal"),
                alt.Tooltip("x:Q", title="value", format=".1f"),
                alt.Tooltip("y_name:N", title="Vertical"),
                alt.Tooltip("y:Q", title="value", format=".1f"),
                alt.Tooltip("enrollment:Q", title="Enrollment"),
            ],
        )
    )
    label = (
        base.transform_filter(f"isValid(datum.x) && isValid(datum.y) && {is_picked}")
        .mark_text(align="left", dx=10, dy=-10, fontWeight="bold", color=HIGHLIGHT)
        .encode(x="x:Q", y="y:Q", text="name:N")
    )
    missing = (
        base.transform_filter("!isValid(datum.x) || !isValid(datum.y)")
        .transform_aggregate(schools="values(school)", n="count()")
        .transform_calculate(text="'Not plotted, value missing: school ' + join(pluck(datum.schools, 'school'), ', ')")
        .mark_text(align="left", baseline="bottom", fontSize=12)
        .encode(text="text:N", x=alt.value(0), y=alt.value(-6))
    )
    # Axis titles that follow the menus (Vega-Lite axis titles cannot be expressions).
    titles = alt.Chart(alt.Data(values=[{"axis": "x"}])).transform_calculate(
        x_name=f"{label_lookup}[x_measure]", y_name=f"{label_lookup}[y_measure]"
    )
    x_title = titles.mark_text(fontWeight="bold", fontSize=13, baseline="top").encode(
        text="x_name:N", x=alt.value(260), y=alt.value(352)
    )
    y_title = titles.mark_text(fontWeight="bold", fontSize=13, angle=270, baseline="bottom").encode(
        text="y_name:N", x=alt.value(-34), y=alt.value(160)
    )
    params = [x_param, y_param, picker] if standalone else [x_param, y_param]
    chart = alt.layer(points, label, missing, x_title, y_title).add_params(*params).properties(width=520, height=320)
    return _explorer_part(
        chart,
        schools if standalone else None,
        "Any two Table 1 measures, one mark per school",
        "Sized by enrollment. Pick the two measures in the menus; the axis titles follow them.",
        "Scatter plot of the District #2 schools in Table 1 of Elmore and Burney (1997) on two measures chosen from "
        "menus, one mark per school sized by enrollment, with school level in colour and shape.",
    )


def measure_strips(schools: pd.DataFrame, picker: alt.Parameter | None = None) -> alt.FacetChart:
    """Every Table 1 measure as a strip of schools, with the enrollment-weighted average."""
    standalone = picker is None
    picker = picker or _picker_for(schools)
    long = measures_long(schools, MEASURES)
    long["name"] = long["school"].map(dict(zip(schools["school"], school_label(schools), strict=True)))
    is_picked = highlight_condition(picker)
    base = alt.Chart().encode(
        x=alt.X("value:Q", title=None),
    )
    dots = (
        base.transform_filter("isValid(datum.value)")
        .mark_point(filled=True, size=60, opacity=0.75)
        .encode(
            color=alt.condition(is_picked, alt.value(HIGHLIGHT), level_color()),
            shape=level_shape(),
            size=alt.condition(is_picked, alt.value(220), alt.value(60)),
            tooltip=tooltips(
                long,
                "name measure_label value school_average",
                {"name": "School", "measure_label": "Measure", "school_average": "Weighted average"},
                dict.fromkeys(["value", "school_average"], ",.1f"),
            ),
        )
    )
    average = (
        alt.Chart()
        .mark_rule(color=GREY, strokeDash=[4, 3], strokeWidth=2)
        .encode(x="mean(school_average):Q", tooltip=[alt.Tooltip("mean(school_average):Q", title="Weighted average")])
    )
    chart = (
        alt.layer(dots, average, data=long)
        .properties(width=520, height=36)
        .facet(
            row=alt.Row(
                "measure_label:N",
                title=None,
                sort=[m for m in long["measure_label"].unique()],
                header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top"),
            )
        )
        .resolve_scale(x="independent")
    )
    description = (
        "Strip plots of every Table 1 measure, one row per measure and one dot per school, with a dashed line at the "
        "enrollment-weighted average of the schools that report it."
    )
    title = "Schools in one district span almost the whole range on every measure"
    note = "Dashed line: enrollment-weighted average of the schools reporting the measure."
    if standalone:
        chart = chart.add_params(picker)
    return _explorer_part(chart, schools if standalone else None, title, note, description)


def school_explorer(schools: pd.DataFrame) -> alt.VConcatChart:
    """The axis-choosing scatter above the measure strips, sharing one school dropdown."""
    picker = _picker_for(schools)
    chart = (
        alt.vconcat(axis_scatter(schools, picker), measure_strips(schools, picker))
        .add_params(picker)
        .properties(
            description=(
                "Interactive scatter plot and strip plots of the 43 schools in Table 1 of Elmore and Burney (1997). "
                "Menus choose the scatter's two measures and a school to highlight in every view."
            )
        )
    )
    return with_reader_data(chart, _measures_table(schools))


def _explorer_part(
    chart: alt.TopLevelMixin, schools: pd.DataFrame | None, title: str, note: str, description: str
) -> alt.TopLevelMixin:
    """One view of the school explorer, finished; drawn alone (``schools`` given) it carries the measures table."""
    data = None if schools is None else _measures_table(schools)
    return finish(chart, title=title, subtitle=[note, SOURCE], description=description, data=data, line_chars=80)


def _measures_table(schools: pd.DataFrame) -> ReaderTable:
    """Every Table 1 measure per school, in reader terms."""
    return reader_table(schools[["school", "level", *MEASURES]], titles={"school": "School", **MEASURES})


def composition_by_school(schools: pd.DataFrame) -> alt.FacetChart:
    """Race/ethnicity shares per school, schools sorted by poverty, one column per group.

    Separate columns (position), not stacked colours, carry the group; colour only repeats it.
    """
    long = measures_long(schools, RACE_MEASURES)
    frl = schools.set_index("school")["frl_pct"]
    long["frl_pct"] = long["school"].map(frl).astype("Float64")
    no_figure = schools["frl_pct"].isna()
    labels = school_label(schools)
    names = labels.where(~no_figure, labels + ": no lunch figure")
    long["name"] = long["school"].map(dict(zip(schools["school"], names, strict=True)))
    order = schools.assign(name=names).sort_values("frl_pct", ascending=False, na_position="last")["name"].tolist()
    table = reader_table(
        schools.sort_values("frl_pct", ascending=False, na_position="last")[
            ["school", "level", "frl_pct", *RACE_MEASURES]
        ],
        titles={"school": "School", **MEASURES},
    )
    hover = alt.selection_point(name="hover_school", fields=["school"], on="pointerover", clear="pointerout")
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 50, 100])),
            y=alt.Y(
                "name:N",
                sort=order,
                title="School, highest free/reduced-lunch share first",
                axis=alt.Axis(labelFontSize=11),
            ),
            color=alt.Color(
                "measure_label:N", legend=None, scale=alt.Scale(domain=list(RACE_MEASURES.values()), range=PALETTE[:4])
            ),
            opacity=alt.condition(hover, alt.value(1), alt.value(0.55)),
            tooltip=tooltips(
                long,
                "name measure_label value frl_pct",
                {"name": "School", "measure_label": "Group", "value": "Share", "frl_pct": "Free/reduced lunch (%)"},
                dict.fromkeys(["value", "frl_pct"], ".1f"),
            ),
        )
        .add_params(hover)
        .properties(width=70, height=alt.Step(14))
        .facet(column=alt.Column("measure_label:N", title=None, sort=list(RACE_MEASURES.values())))
    )
    return finish(
        chart,
        title="The poorest schools are mostly Asian or Latino; most low-poverty schools are majority White",
        subtitle=[
            "Bars: % of each school's students. Schools run from the highest free/reduced-lunch share (top) to "
            "the lowest; the "
            f"{int(no_figure.sum())} schools with no lunch figure come last and say so.",
            SOURCE,
        ],
        description=(
            "Bar charts of the White, Black, Latino and Asian-and-other shares of each of the 43 District #2 "
            "schools, one panel per group, schools ordered by free or reduced-price lunch eligibility."
        ),
        data=table,
    )

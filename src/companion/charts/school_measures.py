"""Charts of the District #2 school tables (Elmore & Burney 1997, Tables 1 and 2)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from companion.charts.common import (
    GREY,
    HIGHLIGHT,
    NARROW_LINE_CHARS,
    NARROW_SUBTITLE_CHARS,
    attach_narrow,
    finish,
    highlight_condition,
    level_color,
    level_shape,
    school_picker,
    tooltips,
    wrapped_labels,
)
from companion.measures import MEASURES, PERCENT_MEASURES, RACE_MEASURES
from companion.rendering import ChartT, with_reader_data
from companion.schools import measures_long, school_label
from companion.tables import ReaderTable, reader_table
from companion.theme import PALETTE

SOURCE = "Source: Elmore & Burney (1997), Table 1."
# The explorer's views in each layout: the scatter's plot (width, height) and the strips' width.
SCATTER_SIZE = {"wide": (520, 320), "narrow": (250, 230)}
STRIPS_WIDTH = {"wide": 520, "narrow": 260}
SCATTER_TEXT = (
    "Any two Table 1 measures, one mark per school",
    "Sized by enrollment. Pick the two measures in the menus; the axis titles follow them.",
    "Scatter plot of the District #2 schools in Table 1 of Elmore and Burney (1997) on two measures chosen from "
    "menus, one mark per school sized by enrollment, with school level in colour and shape.",
)
STRIPS_TEXT = (
    "Schools in one district span almost the whole range on every measure",
    "Dashed line: enrollment-weighted average of the schools reporting the measure.",
    "Strip plots of every Table 1 measure, one row per measure and one dot per school, with a dashed line at the "
    "enrollment-weighted average of the schools that report it.",
)


def _picker_for(schools: pd.DataFrame) -> alt.Parameter:
    ordered = schools.sort_values("school")
    return school_picker(ordered["school"].astype(int).tolist(), school_label(ordered).tolist())


def axis_scatter(schools: pd.DataFrame, picker: alt.Parameter | None = None, layout: str = "wide") -> alt.LayerChart:
    """Scatter of any two Table 1 measures chosen from dropdowns, sized by enrollment.

    Elementary and intermediate schools differ in colour *and* shape; schools missing either
    chosen measure are listed under the plot instead of silently dropped. Drawn alone (no
    ``picker``) it holds both layouts; as a part of the explorer, the ``layout`` asked for.
    """
    if picker is None:
        picker = _picker_for(schools)
        wide, narrow = (_scatter(schools, picker, True, layout) for layout in ("wide", "narrow"))
        return _explorer_part(wide, schools, *SCATTER_TEXT, narrow=narrow)
    return _explorer_part(_scatter(schools, picker, False, layout), None, *SCATTER_TEXT, layout=layout)


def _scatter(schools: pd.DataFrame, picker: alt.Parameter, standalone: bool, layout: str) -> alt.LayerChart:
    """The scatter's layers in one layout, unfinished; ``standalone`` adds the school menu to it."""
    width, height = SCATTER_SIZE[layout]
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
    # on two lines in the narrow layout (the line break is Vega's: the list is computed there)
    gap = "\\n" if layout == "narrow" else " "
    missing = (
        base.transform_filter("!isValid(datum.x) || !isValid(datum.y)")
        .transform_aggregate(schools="values(school)", n="count()")
        .transform_calculate(
            text=f"'Not plotted, value missing:{gap}school ' + join(pluck(datum.schools, 'school'), ', ')"
        )
        .mark_text(align="left", baseline="bottom", fontSize=12, lineBreak="\n")
        .encode(text="text:N", x=alt.value(0), y=alt.value(-6 - (14 if layout == "narrow" else 0)))
    )
    # Axis titles that follow the menus (Vega-Lite axis titles cannot be expressions).
    titles = alt.Chart(alt.Data(values=[{"axis": "x"}])).transform_calculate(
        x_name=f"{label_lookup}[x_measure]", y_name=f"{label_lookup}[y_measure]"
    )
    x_title = titles.mark_text(fontWeight="bold", fontSize=13, baseline="top").encode(
        text="x_name:N", x=alt.value(width / 2), y=alt.value(height + 32)
    )
    y_title = titles.mark_text(fontWeight="bold", fontSize=13, angle=270, baseline="bottom").encode(
        text="y_name:N", x=alt.value(-34), y=alt.value(height / 2)
    )
    params = [x_param, y_param, picker] if standalone else [x_param, y_param]
    chart = alt.layer(points, label, missing, x_title, y_title).add_params(*params)
    return chart.properties(width=width, height=height)


def measure_strips(schools: pd.DataFrame, picker: alt.Parameter | None = None, layout: str = "wide") -> alt.FacetChart:
    """Every Table 1 measure as a strip of schools, with the enrollment-weighted average.

    Drawn alone (no ``picker``) it holds both layouts; as a part of the explorer, the ``layout`` asked for.
    """
    if picker is None:
        picker = _picker_for(schools)
        wide, narrow = (_strips(schools, picker, layout).add_params(picker) for layout in ("wide", "narrow"))
        return _explorer_part(wide, schools, *STRIPS_TEXT, narrow=narrow)
    return _explorer_part(_strips(schools, picker, layout), None, *STRIPS_TEXT, layout=layout)


def _strips(schools: pd.DataFrame, picker: alt.Parameter, layout: str) -> alt.FacetChart:
    """The strips in one layout, unfinished."""
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
        .properties(width=STRIPS_WIDTH[layout], height=36)
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
    return chart


def school_explorer(schools: pd.DataFrame) -> alt.VConcatChart:
    """The axis-choosing scatter above the measure strips, sharing one school dropdown."""
    picker = _picker_for(schools)
    description = (
        "Interactive scatter plot and strip plots of the 43 schools in Table 1 of Elmore and Burney (1997). "
        "Menus choose the scatter's two measures and a school to highlight in every view."
    )
    wide, narrow = (
        alt.vconcat(axis_scatter(schools, picker, layout), measure_strips(schools, picker, layout))
        .add_params(picker)
        .properties(description=description)
        for layout in ("wide", "narrow")
    )
    return attach_narrow(with_reader_data(wide, _measures_table(schools)), narrow)


def _explorer_part(
    chart: ChartT,
    schools: pd.DataFrame | None,
    title: str,
    note: str,
    description: str,
    layout: str = "wide",
    narrow: alt.TopLevelMixin | None = None,
) -> ChartT:
    """One view of the school explorer, finished for its ``layout``; drawn alone (``schools`` given) it carries
    the measures table and its ``narrow`` layout."""
    data = None if schools is None else _measures_table(schools)
    chars = {"line_chars": NARROW_LINE_CHARS, "subtitle_chars": NARROW_SUBTITLE_CHARS} if layout == "narrow" else {}
    return finish(
        chart,
        title=title,
        subtitle=[note, SOURCE],
        description=description,
        data=data,
        line_chars=chars.get("line_chars", 80),
        subtitle_chars=chars.get("subtitle_chars"),
        narrow=narrow,
    )


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
    # narrow: short row labels with a key (E/I for the level, * for no lunch figure), headers on two lines
    short = {
        name: f"School {school} {level[0].upper()}{' *' if missing else ''}"
        for name, school, level, missing in zip(names, schools["school"], schools["level"], no_figure, strict=True)
    }
    groups = list(RACE_MEASURES.values())

    def drawn(layout: str) -> alt.FacetChart:
        narrow = layout == "narrow"
        y_axis = alt.Axis(labelFontSize=11, labelExpr=f"{json.dumps(short)}[datum.value]") if narrow else None
        header = alt.Header(labelExpr=wrapped_labels(groups, 8)) if narrow else alt.Header()
        return (
            alt.Chart(long)
            .mark_bar()
            .encode(
                x=alt.X("value:Q", title=None, scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 50, 100])),
                y=alt.Y(
                    "name:N",
                    sort=order,
                    title=None if narrow else "School, highest free/reduced-lunch share first",
                    axis=y_axis or alt.Axis(labelFontSize=11),
                ),
                color=alt.Color("measure_label:N", legend=None, scale=alt.Scale(domain=groups, range=PALETTE[:4])),
                opacity=alt.condition(hover, alt.value(1), alt.value(0.55)),
                tooltip=tooltips(
                    long,
                    "name measure_label value frl_pct",
                    {"name": "School", "measure_label": "Group", "value": "Share", "frl_pct": "Free/reduced lunch (%)"},
                    dict.fromkeys(["value", "frl_pct"], ".1f"),
                ),
            )
            .add_params(hover)
            .properties(width=54 if narrow else 70, height=alt.Step(14))
            .facet(
                column=alt.Column("measure_label:N", title=None, sort=groups, header=header),
                spacing=8 if narrow else alt.Undefined,
            )
        )

    chart = drawn("wide")
    return finish(
        chart,
        narrow=drawn("narrow"),
        narrow_subtitle=[
            "Bars: % of each school's students. Schools run from the highest free/reduced-lunch share (top) to the "
            f"lowest. E: elementary, I: intermediate; *: no lunch figure ({int(no_figure.sum())} schools, last).",
            SOURCE,
        ],
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

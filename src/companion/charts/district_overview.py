"""Charts of District #2 as a whole: headline figures and the four groups of schools."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from companion.charts.common import finish, labelled_bars, tooltips, wrap, wrapped_axis
from companion.tables import reader_table
from companion.theme import GREY, OKABE_ITO, PALETTE

SOURCE = "Source: Elmore & Burney (1997)."
COMPOSITION_FACTS = {
    "White students": "White",
    "African American students": "African American",
    "Hispanic students": "Hispanic",
    "Asian students": "Asian",
    "Native American students": "Native American",
}
ZONE_ORDER = [
    "exceptionally broad",
    "broad in some domains, limited in others",
    "moderate-to-narrow",
    "relatively narrow",
]


def enrollment_composition(facts: pd.DataFrame) -> alt.LayerChart:
    """The district's students by group, as the paper's prose states them (with 'about' and 'less than')."""
    rows = facts[facts["fact"].isin(COMPOSITION_FACTS)].copy()
    rows["group"] = rows["fact"].map(COMPOSITION_FACTS)
    rows["label"] = (
        rows["qualifier"].map({"about": "about ", "less than": "< "}).fillna("")
        + rows["value"].astype(int).astype(str)
        + "%"
    )
    bars = (
        alt.Chart(rows)
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("group:N", sort=rows.sort_values("value", ascending=False)["group"].tolist(), title=None),
            x=alt.X("value:Q", title="% of the district's students", scale=alt.Scale(domain=[0, 40])),
            tooltip=[alt.Tooltip("fact:N", title="Group"), alt.Tooltip("label:N", title="Share (as stated)")],
        )
    )
    text = bars.mark_text(align="left", dx=4).encode(text="label:N")
    return finish(
        (bars + text).properties(width=420, height=alt.Step(26)),
        narrow=(bars + text).properties(width=170, height=alt.Step(26)),
        title="No group is a majority of District #2's students",
        subtitle=SOURCE + " Section 1.",
        description="Bar chart of the racial and ethnic composition of District #2's students as stated in the paper.",
        data=reader_table(rows[["group", "label"]], titles={"group": "Group", "label": "Share (as stated)"}),
    )


def district_rank(facts: pd.DataFrame) -> alt.LayerChart:
    """The district's rank among New York City's community districts before and after the strategy."""
    lookup = facts.set_index("fact")
    points = pd.DataFrame(
        [
            {
                "when": "When Alvarado arrived (1987)",
                "rank": float(
                    lookup.loc[  # pyright: ignore[reportArgumentType]
                        "District rank on city-wide reading and mathematics tests when Alvarado arrived", "value"
                    ]
                ),
                "stated": "about 16th",
            },
            {
                "when": "Later years of the strategy",
                "rank": float(lookup.loc["District rank in the later years of the strategy", "value"]),  # pyright: ignore[reportArgumentType]
                "stated": "2nd",
            },
        ]
    )
    total = int(lookup.loc["Community school districts in New York City", "value"])  # pyright: ignore[reportArgumentType]
    y = alt.Y(
        "rank:Q",
        scale=alt.Scale(domain=[total, 1], nice=False),
        title=f"Rank among the city's {total} districts (1 = best)",
    )

    def drawn(x_axis: alt.Axis) -> alt.LayerChart:
        base = alt.Chart(points).encode(
            x=alt.X("when:N", sort=None, title=None, axis=x_axis),
            y=y,
            tooltip=tooltips(points, "when stated", {"stated": "Rank as stated"}),
        )
        line = base.mark_line(color=GREY, strokeDash=[4, 3])
        dots = base.mark_point(filled=True, size=160, color=OKABE_ITO["blue"])
        labels = base.mark_text(dx=14, align="left", fontWeight="bold").encode(text="stated:N")
        return line + dots + labels

    return finish(
        drawn(alt.Axis(labelAngle=0)).properties(width=360, height=260),
        narrow=drawn(wrapped_axis(points["when"], 16, vertical=False, labelAngle=0)).properties(width=230, height=240),
        title="From the middle of the city's districts to near the top",
        subtitle=SOURCE + " Section 1.",
        description="Line chart of District #2's rank among New York City community districts, before and after.",
        data=reader_table(points[["when", "stated"]], titles={"when": "When", "stated": "Rank as stated"}),
    )


def school_groups(groups: pd.DataFrame) -> alt.LayerChart:
    """The four groups: approximate size (as stated) against the latitude each is given."""
    frame = groups.copy()
    # for the narrow layout: each count, as worded, on lines short enough to sit past its bar
    frame["approx_lines"] = frame["approx_schools"].map(lambda s: "\n".join(wrap(s, 14)))  # pyright: ignore[reportArgumentType]
    frame["zone"] = frame["zone_of_indifference"].replace(
        {"broad in some domains (professional development), limited in others (teacher hiring)": ZONE_ORDER[1]}
    )
    base = alt.Chart(frame).encode(
        y=alt.Y("group:N", sort=frame.sort_values("order")["group"].tolist(), title=None),
        x=alt.X(
            "approx_schools_value:Q",
            title="Schools in the group (approximate, as stated)",
            scale=alt.Scale(domain=[0, 24]),
        ),
    )
    titles = {
        "approx_schools": "Schools (as worded)",
        "zone_of_indifference": "Latitude (zone of indifference)",
        "attention": "District attention",
    }
    columns = "group approx_schools zone_of_indifference attention"
    tooltip = tooltips(frame, columns, titles)
    bars = labelled_bars(base, "approx_schools:N", tooltip, OKABE_ITO["sky"])
    narrow_bars = labelled_bars(base, "approx_lines:N", tooltip, OKABE_ITO["sky"], line_break="\n")
    largest = frame.sort_values("approx_schools_value").iloc[-1]
    return finish(
        bars.properties(width=420, height=alt.Step(40)),
        narrow=narrow_bars.properties(width=130, height=alt.Step(44)),
        title=f"The authors put the most schools, {largest['approx_schools']}, in the {largest['group']} group",
        subtitle=[
            "Bar length: the authors' approximate count, as worded. Latitude and attention are in the tooltip and "
            "the table below.",
            SOURCE + " Theory in use.",
        ],
        description=(
            "Bar chart of the four heuristic groups of District #2 schools (Free-Agents, With-the-Drill, Watch-List, "
            "Off-the-Screen) by the approximate number of schools the authors give for each."
        ),
        data=reader_table(
            frame.sort_values("order")[columns.split()],
            titles=titles,
        ),
        line_chars=56,  # keeps a hyphenated group name ("With-the-Drill") on one line
    )


LINE = 15
"""Pixels per line of an event's name in the narrow timeline."""
DATING_LABELS = {"printed": "date printed in the paper", "companion's dating": "the companion's dating"}


def timeline(events: pd.DataFrame) -> alt.LayerChart:
    """The dates the paper gives, one row per event: printed dates apart from those the companion works out.

    A single year is a point, a span (1997-98, 'two-to-three years') a bar between its years. Printed
    dates are filled circles on solid bars; the companion's dating hollow diamonds on dashed bars.
    """
    frame = events.sort_values(["start_year", "end_year"], kind="stable").reset_index(drop=True).copy()
    frame["order"] = range(len(frame))
    frame["dating_label"] = frame["dating"].map(DATING_LABELS)
    frame["years"] = [
        f"{a}" if a == b else f"{a} to {b}" for a, b in zip(frame["start_year"], frame["end_year"], strict=True)
    ]
    frame["note"] = frame["note"].fillna("")
    labels = frame["event"].tolist()
    first, last = int(frame["start_year"].min()), int(frame["end_year"].max())
    y = alt.Y(
        "event:N",
        sort=labels,
        title=None,
        axis=wrapped_axis(labels, 25, font_size=12, labelPadding=6, ticks=False, domain=False),
    )
    years = alt.Scale(domain=[first - 1, last + 1], nice=False, zero=False)
    x = alt.X(
        "start_year:Q", title="Year", scale=years, axis=alt.Axis(format="d", values=list(range(first, last + 1, 5)))
    )
    dating = alt.Scale(domain=list(DATING_LABELS.values()), range=[OKABE_ITO["blue"], OKABE_ITO["orange"]])
    legend = alt.Legend(direction="vertical", symbolStrokeWidth=2)
    tips = tooltips(
        frame,
        "event date_as_printed years dating_label note",
        {"date_as_printed": "As printed", "years": "Year(s)", "dating_label": "Dating", "note": "How dated"},
    )

    def marks(base: alt.Chart) -> list[alt.Chart]:
        """Each event's span (a rule) and its two ends (points), on ``base``'s encoding."""
        spans = base.mark_rule(strokeWidth=4).encode(
            x=x,
            x2="end_year:Q",
            color=alt.Color("dating_label:N", scale=dating, title="Dating", legend=legend),
            strokeDash=alt.StrokeDash(
                "dating_label:N",
                scale=alt.Scale(domain=list(DATING_LABELS.values()), range=[[1, 0], [4, 2]]),
                title="Dating",
                legend=legend,
            ),
        )
        ends = [
            base.mark_point(size=110, strokeWidth=2).encode(
                x=alt.X(f"{field}:Q", scale=years, title="Year"),
                color=alt.Color("dating_label:N", scale=dating, title="Dating", legend=legend),
                shape=alt.Shape(
                    "dating_label:N",
                    scale=alt.Scale(domain=list(DATING_LABELS.values()), range=["circle", "diamond"]),
                    title="Dating",
                    legend=legend,
                ),
                fill=alt.Fill(
                    "dating_label:N",
                    scale=alt.Scale(domain=list(DATING_LABELS.values()), range=[OKABE_ITO["blue"], "transparent"]),
                    title="Dating",
                    legend=legend,
                ),
            )
            for field in ("start_year", "end_year")
        ]
        return [spans, *ends]

    # a phone: one row per event under its full name, written across the width, and its year(s) beside the
    # marks (left of them in the later half), so no row is read against an axis far below it
    heads, tops, top = [], [], 6
    for event in labels:
        for line in wrap(event, 46):
            heads.append({"text": line, "y": top + LINE / 2})
            top += LINE
        tops.append(top + 11)
        top += 22 + 8
    pixels: dict[str, Any] = {"scale": None, "axis": None}
    rows = frame.assign(row_y=tops)
    row = alt.Chart(rows).encode(y=alt.Y("row_y:Q", **pixels), tooltip=tips)
    middle = (first + last) / 2
    years_text = [
        row.transform_filter(test)
        .mark_text(align=align, dx=dx, baseline="middle", fontSize=12)  # pyright: ignore[reportArgumentType]
        .encode(x=alt.X(f"{field}:Q", scale=years, title="Year"), text="years:N")
        for test, align, dx, field in (
            (f"datum.end_year <= {middle}", "left", 10, "end_year"),
            (f"datum.end_year > {middle}", "right", -10, "start_year"),
        )
    ]
    names = (
        alt.Chart(pd.DataFrame(heads))
        .mark_text(align="left", baseline="middle", fontSize=12)
        .encode(x=alt.value(0), y=alt.Y("y:Q", **pixels), text="text:N")
    )
    narrow = alt.layer(names, *marks(row), *years_text).properties(width=300, height=top - 8)
    return finish(
        alt.layer(*marks(alt.Chart(frame).encode(y=y, tooltip=tips))).properties(width=150, height=alt.Step(56)),
        narrow=narrow,
        title=f"{len(frame)} events the paper dates, from {first} to {last}",
        subtitle=[
            "Filled circles: dates the paper prints. Hollow diamonds: years the companion works out from phrases "
            "such as 'in the last five years or so', counting back from October 1997.",
            SOURCE,
        ],
        description=(
            f"Timeline of the {len(frame)} events the paper dates, from {frame['event'].iloc[0]} ({first}) to "
            f"{frame['event'].iloc[-1]} ({frame['years'].iloc[-1]}), with printed dates told apart from the "
            "companion's dating by shape and fill."
        ),
        data=reader_table(
            frame[["event", "date_as_printed", "years", "dating_label", "note"]],
            titles={
                "event": "Event",
                "date_as_printed": "As printed",
                "years": "Year(s)",
                "dating_label": "Dating",
                "note": "How dated",
            },
        ),
        line_chars=40,
    )

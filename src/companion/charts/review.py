"""Charts of what Leithwood's (2010) review found and how its text and tables agree (Ch. 6-7)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.charts.common import GREY, finish, tooltips
from companion.leithwood import CONCENTRATED, location_counts
from companion.measures import SETTINGS
from companion.tables import reader_table
from companion.theme import OKABE_ITO

SOURCE = "Source: Leithwood (2010), Location of Districts Studied, Table 1 and Appendix."
BASES = {
    "stated": "The text's breakdown",
    "appendix": "Appendix, 16 in California",
    "text": "Appendix, 16 in San Diego",
}
"""The three counts of studies per setting, as the chart and its table name them."""


LINE = 15
"""Pixels per line of text in the charts laid out row by row."""
BAR = 16
"""Pixels per bar in those charts."""


def _rows(groups: list[tuple[str, int, list[dict]]]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Lay out groups top to bottom in pixels: each group's heading (wrapped at ``width`` characters), then its bars.

    ``groups`` holds (heading, wrap width, bars); each bar is a dict of its fields. Returns the
    heading lines (``text``, ``y``), the bars with ``top``, ``bottom`` and ``middle`` and the height used.
    """
    from companion.charts.common import wrap

    lines, bars, y = [], [], 0
    for heading, width, items in groups:
        for line in wrap(heading, width):
            lines.append({"text": line, "y": y + LINE / 2})
            y += LINE
        y += 3
        for item in items:
            bars.append({**item, "top": y, "bottom": y + BAR - 2, "middle": y + (BAR - 2) / 2})
            y += BAR
        y += 10
    return pd.DataFrame(lines), pd.DataFrame(bars), y


def _pixel_y(field: str) -> alt.Y:
    return alt.Y(f"{field}:Q", scale=None, axis=None)


def settings_two_readings(studies: pd.DataFrame, locations: pd.DataFrame, readings: pd.DataFrame) -> alt.LayerChart:
    """Studies per setting: the review's stated breakdown beside the appendix rows under both readings of study 16.

    Each setting is a heading with three bars under it, each bar named at its left (colour repeats
    the name, never replaces it) and its number at its end.
    """
    frame = location_counts(studies, locations, readings)
    frame["count"] = frame["basis"].map(BASES)
    frame["where"] = frame["setting"].replace({"unknown": "Not printed (study 30)"})
    order = [s if s != "unknown" else "Not printed (study 30)" for s in SETTINGS]
    labels = list(BASES.values())
    groups = [
        (where, frame[frame["where"] == where].set_index("basis").loc[list(BASES)].reset_index().to_dict("records"))
        for where in order
    ]

    def drawn(heading_chars: int, width: int) -> alt.LayerChart:
        """The bars ``width`` px long, each setting's heading wrapped at ``heading_chars`` characters."""
        heads, bars, height = _rows([(where, heading_chars, items) for where, items in groups])
        tip = tooltips(bars, "where count studies", {"where": "Setting", "count": "Count"})
        x = alt.X("studies:Q", title="Studies", scale=alt.Scale(domain=[0, 18]), axis=alt.Axis(values=[0, 5, 10, 15]))
        colour = alt.Scale(domain=labels, range=[OKABE_ITO["orange"], OKABE_ITO["blue"], OKABE_ITO["sky"]])
        marks = (
            alt.Chart(bars)
            .mark_bar()
            .encode(
                x=x,
                x2=alt.datum(0),
                y=_pixel_y("top"),
                y2="bottom:Q",
                color=alt.Color("count:N", legend=None, scale=colour),
                tooltip=tip,
            )
        )
        numbers = alt.Chart(bars).mark_text(align="left", dx=4).encode(x=x, y=_pixel_y("middle"), text="studies:Q")
        names = (
            alt.Chart(bars)
            .mark_text(align="right", dx=-6)
            .encode(x=alt.value(0), y=_pixel_y("middle"), text="count:N", tooltip=tip)
        )
        titles = (
            alt.Chart(heads)
            .mark_text(align="left", fontWeight="bold", fontSize=12)
            .encode(x=alt.value(-160), y=_pixel_y("y"), text="text:N")
        )
        return alt.layer(marks, numbers, names, titles).properties(width=width, height=height)

    table = frame.pivot(index="where", columns="count", values="studies").reindex(index=order, columns=labels)
    return finish(
        drawn(40, 150),
        # a phone: the same bars, shorter (each bar's name keeps its full width at the left)
        narrow=drawn(30, 120),
        title="Where the studies were done: the text's breakdown against the appendix rows, "
        "under two readings of study 16",
        subtitle=["Settings of the appendix rows are the companion's classification.", SOURCE],
        description=(
            "Three bars for each setting: the number of studies the review's text gives for it, and the number of "
            "appendix rows in it with study 16 (McLaughlin and Talbert) placed as the appendix places it (California) "
            "and as the text groups it (with San Diego)."
        ),
        data=reader_table(table.rename_axis(columns=None).reset_index(), titles={"where": "Setting"}),
        line_chars=40,
    )


def concentration_by_characteristic(profiles: pd.DataFrame) -> alt.LayerChart:
    """Studies per characteristic, split into those from District #2 or San Diego and those from elsewhere.

    ``profiles`` is :func:`companion.leithwood.characteristic_profiles`. Each characteristic's
    full name is written above its bar and the split at the bar's end ('6 of 16'), so colour is
    never the only carrier; the tooltip and the table give District #2 and San Diego apart.
    """
    profiles = profiles.sort_values("characteristic_id")
    inner, outer = "District #2 or San Diego", "Elsewhere"
    groups = []
    for row in profiles.itertuples():
        bar = {
            "name": row.name,
            "studies": int(row.studies),  # pyright: ignore[reportArgumentType]
            "district2": int(row.district2),  # pyright: ignore[reportArgumentType]
            "san_diego": int(row.san_diego),  # pyright: ignore[reportArgumentType]
            "concentrated": int(row.concentrated),  # pyright: ignore[reportArgumentType]
            "label": f"{int(row.concentrated)} of {int(row.studies)}",  # pyright: ignore[reportArgumentType]
        }
        groups.append((f"{int(row.characteristic_id)}. {row.name}", [bar]))  # pyright: ignore[reportArgumentType]
    titles = {
        "name": "Characteristic",
        "part": "Studies from",
        "n": "Studies in this part",
        "studies": "Studies in Table 1",
        "district2": "District #2 studies",
        "san_diego": "San Diego studies",
    }

    def drawn(heading_chars: int, width: int) -> alt.LayerChart:
        """The bars (the axis ``width`` px long) under each characteristic's name, wrapped at ``heading_chars``."""
        heads, bars, height = _rows([(head, heading_chars, items) for head, items in groups])
        parts = pd.concat(
            [
                bars.assign(part=inner, start=0, end=bars["concentrated"], n=bars["concentrated"]),
                bars.assign(
                    part=outer,
                    start=bars["concentrated"],
                    end=bars["studies"],
                    n=bars["studies"] - bars["concentrated"],
                ),
            ],
            ignore_index=True,
        )
        x = alt.X(
            "start:Q",
            title="Studies listed in Table 1",
            scale=alt.Scale(domain=[0, 24]),
            axis=alt.Axis(values=[0, 5, 10, 15, 20]),
        )
        marks = (
            alt.Chart(parts)
            .mark_bar(stroke=GREY, strokeWidth=0.5)
            .encode(
                x=x,
                x2="end:Q",
                y=_pixel_y("top"),
                y2="bottom:Q",
                color=alt.Color(
                    "part:N",
                    title=None,
                    sort=[inner, outer],
                    scale=alt.Scale(domain=[inner, outer], range=[OKABE_ITO["blue"], "#d9d9d9"]),
                    legend=alt.Legend(orient="top", direction="horizontal"),
                ),
                tooltip=tooltips(parts, "name part n studies district2 san_diego", titles),
            )
        )
        ends = (
            alt.Chart(bars)
            .mark_text(align="left", dx=4)
            .encode(
                x=alt.X("studies:Q", scale=alt.Scale(domain=[0, 24])),
                y=_pixel_y("middle"),
                text="label:N",
                tooltip=tooltips(bars, "name studies label", titles),
            )
        )
        names = (
            alt.Chart(heads).mark_text(align="left", fontSize=12).encode(x=alt.value(0), y=_pixel_y("y"), text="text:N")
        )
        return alt.layer(marks, ends, names).properties(width=width, height=height)

    share = int(profiles["concentrated"].sum())
    total = int(profiles["studies"].sum())
    table = profiles[["name", "studies", "district2", "san_diego", "concentrated"]].assign(
        share=(profiles["concentrated_share"] * 100).round().astype(int)
    )
    return finish(
        drawn(46, 300),
        # a phone: the same bars, shorter, under names wrapped to the narrower column
        narrow=drawn(44, 270),
        title=f"{share} of Table 1's {total} links come from District #2 and San Diego studies",
        subtitle=[
            "Bar: studies listed for the characteristic; dark part and first number: those from "
            f"{' or '.join(CONCENTRATED).replace('NYC ', '')}.",
            "Source: Leithwood (2010), Table 1 and Appendix; settings are the companion's classification.",
        ],
        description=(
            "Stacked bars, one per characteristic: the studies Table 1 lists for it, split into those done in "
            "New York's District #2 or San Diego and those done elsewhere, with the split written at each bar's end."
        ),
        data=reader_table(
            table,
            titles={
                "name": "Characteristic",
                "studies": "Studies in Table 1",
                "district2": "District #2",
                "san_diego": "San Diego",
                "concentrated": "District #2 or San Diego",
                "share": "Share (%)",
            },
        ),
        line_chars=40,
    )

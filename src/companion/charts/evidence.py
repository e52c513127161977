"""Charts of Leithwood's (2010) evidence base: search, designs, the evidence map and gaps."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.charts.common import (
    GREY,
    HIGHLIGHT,
    finish,
    headed_rows,
    labelled_bars,
    tooltips,
    wrap,
    wrapped_axis,
    wrapped_labels,
)
from companion.measures import DESIGNS, SETTINGS
from companion.tables import reader_table
from companion.theme import OKABE_ITO, PALETTE

SOURCE = "Source: Leithwood (2010), Table 1 and Appendix."


def search_funnel(search: pd.DataFrame) -> alt.LayerChart:
    """The counts the review reports for each search step, with its 'about' qualifiers.

    Bars start at 1 on the log scale (a log scale has no zero); the route of each step is in
    its label and tooltip, not in a colour.
    """
    frame = search.sort_values("order").copy()
    frame["label"] = frame["qualifier"].map({"about": "about ", "no qualifier": ""}) + frame["count"].astype(str)
    skimmed = int(frame.loc[frame["step"] == "ERIC abstracts skimmed", "count"].iloc[0])
    final = int(frame.loc[frame["step"] == "Articles in the final review", "count"].iloc[0])
    steps = frame["step"].tolist()
    stated = {"label": "Count as stated"}

    def drawn(axis: alt.Axis) -> alt.LayerChart:
        base = alt.Chart(frame).encode(
            y=alt.Y("step:N", sort=steps, title=None, axis=axis),
            x=alt.X(
                "count:Q",
                title="Articles or studies (log scale)",
                scale=alt.Scale(type="log", domain=[1, 2000]),
                axis=alt.Axis(values=[1, 10, 100, 1000], format=","),
            ),
        )
        tooltip = tooltips(frame, "step route label note", stated)
        return labelled_bars(base, "label:N", tooltip, OKABE_ITO["blue"], x2=alt.datum(1))

    return finish(
        drawn(alt.Axis(labelExpr=wrapped_labels(steps, 40))).properties(width=300, height=alt.Step(36)),
        narrow=drawn(wrapped_axis(steps, 20)).properties(width=150, height=alt.Step(_step_for(steps, 20))),
        title=f"From {skimmed} ERIC abstracts and other searches to {final} studies",
        subtitle=[
            "Counts as the review states them; 'about' is the review's own word. Bars start at 1 on a log scale.",
            "Source: Leithwood (2010), Review methods.",
        ],
        description="Bar chart of the number of articles at each step of the review's search and selection.",
        data=reader_table(frame[["step", "route", "label", "note"]], titles=stated),
        line_chars=56,
    )


def _step_for(labels: list[str], chars: int, line_px: int = 13) -> int:
    """A band step that holds the longest of ``labels`` wrapped at ``chars`` characters."""
    return line_px * max(len(wrap(label, chars)) for label in labels) + 8


def settings_stated_vs_derived(studies: pd.DataFrame, locations: pd.DataFrame) -> alt.Chart:
    """Studies per setting: the review's stated breakdown next to a count of the appendix rows."""
    derived = studies.assign(setting=studies["setting"].fillna("unknown")).groupby("setting").size()
    rows = []
    for setting in SETTINGS:
        stated = locations.loc[locations["setting"] == setting, "studies_stated"]
        rows.append(
            {"setting": setting, "count": int(stated.sum()) if len(stated) else 0, "basis": "stated in the text"}
        )
        rows.append({"setting": setting, "count": int(derived.get(setting, 0)), "basis": "counted from the appendix"})
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("basis:N", title=None),
            x=alt.X("count:Q", title="Studies"),
            row=alt.Row(
                "setting:N",
                sort=SETTINGS,
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top"),
            ),
            color=alt.Color("basis:N", legend=None, scale=alt.Scale(range=[OKABE_ITO["orange"], OKABE_ITO["blue"]])),
            tooltip=[
                alt.Tooltip("setting:N", title="Setting"),
                alt.Tooltip("basis:N", title="Basis"),
                alt.Tooltip("count:Q", title="Studies"),
            ],
        )
    )
    wide, narrow = (chart.properties(width=width, height=alt.Step(16)) for width in (360, 150))
    return finish(
        wide,
        narrow=narrow,
        title="Where the districts were: the text's breakdown and the appendix disagree",
        subtitle=["Setting of each appendix row is the companion's classification.", SOURCE],
        description="Paired bars per setting: studies stated in the review's text and counted in the appendix.",
        data=reader_table(
            frame.pivot(index="setting", columns="basis", values="count").reindex(SETTINGS).reset_index(),
            titles={
                "setting": "Setting",
                "stated in the text": "Stated in the text",
                "counted from the appendix": "Counted from the appendix",
            },
        ),
        line_chars=64,
    )


def studies_by_design(studies: pd.DataFrame) -> alt.LayerChart:
    """Studies per derived design family."""
    frame = studies.assign(design=studies["design"].fillna("unknown"))
    counts = frame.groupby("design", as_index=False).size().rename(columns={"size": "studies"})
    base = alt.Chart(counts).encode(
        y=alt.Y("design:N", sort=DESIGNS, title=None), x=alt.X("studies:Q", title="Studies")
    )
    tooltip = [alt.Tooltip("design:N", title="Design family"), alt.Tooltip("studies:Q", title="Studies")]
    bars = labelled_bars(base, "studies:Q", tooltip, OKABE_ITO["blue"])
    return finish(
        bars.properties(width=360, height=alt.Step(26)),
        title="Case studies dominate the evidence",
        subtitle=["Design families derived from the appendix's method column.", SOURCE],
        description="Bar chart of the 31 studies by design family: case studies, mixed methods, quantitative, unknown.",
        data=reader_table(counts, titles={"design": "Design family", "studies": "Studies"}),
        narrow=bars.properties(width=180, height=alt.Step(26)),
    )


def evidence_map(grid: pd.DataFrame) -> alt.VConcatChart:
    """Characteristics by studies: filled squares are links, hollow squares explicit gaps.

    Menus filter by design and setting (non-matching studies fade, and the bars and the list
    count only the matching studies); hovering a cell shows the study; clicking (or tapping) a
    square or a bar lists that characteristic's studies in a box of fixed height below, so nothing
    is cut. The narrow layout (a phone) turns the grid: studies are rows and the characteristics,
    numbered as in the bars, are columns; its list wraps each study onto lines that fit.

    Both layouts share these names, which other views of the book read from the live view:
    parameters ``design_filter`` and ``setting_filter`` (the menus; ``"all"`` or a design or
    setting) and ``pick_char`` (the clicked characteristic, a point selection on the field
    ``characteristic_id``; its tuples are in the dataset ``pick_char_store``); data fields
    ``characteristic_id``, ``name``, ``study_id``, ``study``, ``sample``, ``method``, ``design``,
    ``setting`` and ``linked`` (the grid), with ``matches`` computed from the menus.
    """
    design = alt.param(
        name="design_filter",
        value="all",
        bind=alt.binding_select(options=["all", *DESIGNS[:-1]], name="Design: "),
    )
    setting = alt.param(
        name="setting_filter",
        value="all",
        bind=alt.binding_select(options=["all", *SETTINGS[:-1]], name="Setting: "),
    )
    pick = alt.selection_point(name="pick_char", fields=["characteristic_id"], on="click", empty=False)
    matches = (
        "(design_filter == 'all' || datum.design == design_filter) && "
        "(setting_filter == 'all' || datum.setting == setting_filter)"
    )
    chars = grid.drop_duplicates("characteristic_id").sort_values("characteristic_id")
    names = chars["name"].tolist()
    numbered = {name: f"{i}. {name}" for i, name in zip(chars["characteristic_id"], names, strict=True)}
    titles = {"name": "Characteristic", "study_id": "Study", "study": "Authors (year)", "linked": "Listed in Table 1"}
    tooltip = tooltips(grid, "name study_id:O study sample method design setting linked:N", titles)
    base = alt.Chart(grid).transform_calculate(matches=matches)
    filtered = base.transform_filter("datum.linked && datum.matches")
    cell = {
        "fill": alt.condition("datum.linked", alt.value(OKABE_ITO["blue"]), alt.value("transparent")),
        "stroke": alt.condition(pick, alt.value(HIGHLIGHT), alt.value(GREY)),
        "strokeWidth": alt.condition(pick, alt.value(2.5), alt.value(1)),
        "opacity": alt.condition("datum.matches", alt.value(1), alt.value(0.15)),
        "tooltip": tooltip,
    }
    count_title = "Studies providing evidence (after the menus' filters)"

    def bars(axis: alt.Axis, x: alt.X, width: int, step: int) -> alt.Chart:
        return (
            filtered.mark_bar()
            .encode(
                y=alt.Y("name:N", sort=names, title=None, axis=axis),
                x=x,
                detail="characteristic_id:N",  # keeps the id through the aggregate, for the click selection
                color=alt.condition(pick, alt.value(HIGHLIGHT), alt.value(OKABE_ITO["sky"])),
                tooltip=[alt.Tooltip("name:N", title="Characteristic"), alt.Tooltip("count():Q", title="Studies")],
            )
            .add_params(pick)
            .properties(width=width, height=alt.Step(step))
        )

    most = int(grid[grid["linked"]].groupby("characteristic_id").size().max())

    # Vega sizes the figure by what is drawn: an invisible mark at the box's foot keeps the room
    # for the longest list, so a list that appears later is never cut
    def foot(x: int, y: float) -> alt.Chart:
        return (
            alt.Chart(alt.Data(values=[{}]))
            .mark_point(opacity=0, size=1, aria=False)
            .encode(x=alt.value(x), y=alt.value(y))
        )

    def hint(text: str, x: int = 0) -> alt.Chart:
        return (
            alt.Chart(alt.Data(values=[{}]))
            .transform_filter("!length(data('pick_char_store'))")
            .mark_text(align="left", baseline="top", fontStyle="italic", lineBreak="\n")
            .encode(x=alt.value(x), y=alt.value(0), text=alt.value(text))
        )

    # --- wide: characteristics are rows, the 31 studies columns; the list one line per study
    labels = wrapped_axis(names, 32)
    matrix = (
        base.mark_square(size=100)
        .encode(
            x=alt.X(
                "study_id:O",
                title="Study number (Appendix)",
                axis=alt.Axis(labelAngle=0, labelFontSize=11, orient="top"),
            ),
            y=alt.Y("name:N", sort=names, title=None, axis=labels),
            **cell,
        )
        .add_params(pick)
        .properties(width=alt.Step(15), height=alt.Step(48))
    )
    line_height = 17
    listing = (
        filtered.transform_filter(pick)
        .transform_window(line="row_number()", sort=[alt.SortField("study_id")])
        .transform_calculate(y=f"(datum.line - 0.5) * {line_height}")
        .transform_calculate(
            label="'Study ' + datum.study_id + ': ' + datum.study + ', ' + datum.design + ', ' + datum.setting"
        )
        .mark_text(align="left", baseline="middle", fontSize=12)
        .encode(
            x=alt.value(-150),
            y=alt.Y("y:Q", axis=None, scale=None),  # pixels: line n sits at a fixed height, never cut
            text=alt.Text("label:N"),
            tooltip=tooltip[1:],
        )
    )
    chosen = (
        base.transform_filter(pick)
        .transform_aggregate(name="min(name)")
        .mark_text(align="left", baseline="bottom", fontWeight="bold", fontSize=13)
        .encode(x=alt.value(-150), y=alt.value(-8), text="name:N")
    )
    box = alt.layer(
        listing,
        hint("Click a square or a bar above to list its studies here."),
        chosen,
        foot(-150, (most + 2) * line_height),
    ).properties(width=430, height=(most + 2) * line_height, view=alt.ViewBackground(fill="transparent", stroke=None))
    wide = alt.vconcat(matrix, bars(labels, alt.X("count():Q", title=count_title), 300, 48), box, spacing=28)
    wide = wide.add_params(design, setting)

    # --- narrow: studies are rows, the characteristics (numbered) columns; the list wraps
    narrow_matrix = (
        base.mark_square(size=150)
        .encode(
            x=alt.X(
                "characteristic_id:O",
                title=wrap("Characteristic, numbered as in the bars below", 30),
                axis=alt.Axis(labelAngle=0, labelFontSize=12, orient="top"),
            ),
            y=alt.Y("study_id:O", title="Study number (Appendix)", axis=alt.Axis(labelFontSize=11)),
            **cell,
        )
        .add_params(pick)
        .properties(width=alt.Step(25), height=alt.Step(20))
    )
    left = 40  # the list starts under the grid's study numbers, at the figure's left edge
    # each characteristic's bar under its numbered name, written across the width
    narrow_bars = (
        filtered.mark_bar()
        .encode(
            x=alt.X("count():Q", title=wrap(count_title, 30)),
            detail="characteristic_id:N",
            color=alt.condition(pick, alt.value(HIGHLIGHT), alt.value(OKABE_ITO["sky"])),
            tooltip=[alt.Tooltip("name:N", title="Characteristic"), alt.Tooltip("count():Q", title="Studies")],
        )
        .add_params(pick)
        .properties(width=250, height=22)
        .facet(row=headed_rows("name", names, 40, shown=numbered), spacing=4)
    )
    studies = grid.drop_duplicates("study_id").sort_values("study_id")
    lines = [
        wrap(f"Study {row.study_id}: {row.study}, {row.design}, {row.setting}", 44) for row in studies.itertuples()
    ]
    study_lines = pd.DataFrame(
        {"study_id": studies["study_id"], "lines": ["\n".join(x) for x in lines], "n_lines": [len(x) for x in lines]}
    )
    heads = pd.DataFrame(
        {"characteristic_id": chars["characteristic_id"], "heading": ["\n".join(wrap(numbered[n], 40)) for n in names]}
    )
    head_lines = max(len(wrap(numbered[n], 40)) for n in names)
    per = grid[grid["linked"]].merge(study_lines, on="study_id").groupby("characteristic_id")["n_lines"].sum()
    narrow_height = 16 * head_lines + 8 + int(per.max()) * 15
    narrow_listing = (
        filtered.transform_filter(pick)
        .transform_lookup(lookup="study_id", from_=alt.LookupData(study_lines, "study_id", ["lines", "n_lines"]))  # pyright: ignore[reportArgumentType]
        .transform_window(ends="sum(n_lines)", sort=[alt.SortField("study_id")])
        .transform_calculate(y=f"{16 * head_lines + 8} + (datum.ends - datum.n_lines) * 15")
        .mark_text(align="left", baseline="top", fontSize=12, lineBreak="\n", lineHeight=15)
        .encode(x=alt.value(-left), y=alt.Y("y:Q", axis=None, scale=None), text="lines:N", tooltip=tooltip[1:])
    )
    narrow_chosen = (
        alt.Chart(heads)
        .transform_filter(pick)
        .mark_text(align="left", baseline="top", fontWeight="bold", fontSize=13, lineBreak="\n", lineHeight=16)
        .encode(x=alt.value(-left), y=alt.value(0), text="heading:N")
    )
    narrow_box = alt.layer(
        narrow_listing,
        hint("Tap a square or a bar above to list\nits studies here.", -left),
        narrow_chosen,
        foot(-left, narrow_height),
    ).properties(width=320 - left, height=narrow_height, view=alt.ViewBackground(fill="transparent", stroke=None))
    narrow = alt.vconcat(narrow_matrix, narrow_bars, narrow_box, spacing=24).add_params(design, setting)
    return finish(
        wide,
        narrow=narrow,
        title=f"Which of the {grid['study_id'].nunique()} studies give evidence for each characteristic",
        subtitle=[
            "Filled square: the study is listed for the characteristic; hollow: a gap. Click a square or a bar "
            "to list that characteristic's studies at the bottom; the menus filter by design and setting.",
            SOURCE,
        ],
        narrow_subtitle=[
            "Filled square: the study is listed for the characteristic; hollow: a gap. Columns: the characteristics, "
            "numbered as in the bars. Tap a square or a bar to list that characteristic's studies at the bottom; "
            "the menus filter by design and setting.",
            SOURCE,
        ],
        description=(
            "Evidence map of Leithwood's Table 1: a grid of 10 district characteristics by 31 studies, "
            "filled where a study provides evidence, with a bar chart of studies per characteristic and "
            "menus to filter by design and setting. Clicking a characteristic lists its studies."
        ),
        data=reader_table(
            grid[grid["linked"]][["name", "study_id", "study", "design", "setting"]].sort_values(["name", "study_id"]),
            titles={"name": "Characteristic", "study_id": "Study", "study": "Authors (year)"},
        ),
    )


def characteristic_by_category(
    counts: pd.DataFrame, column: str, order: list[str], label: str, title: str
) -> alt.LayerChart:
    """Characteristics by design family or setting: circles sized by study count, zero shown as a gap."""
    names = counts.drop_duplicates("characteristic_id").sort_values("characteristic_id")["name"].tolist()
    tooltip = [
        alt.Tooltip("name:N", title="Characteristic"),
        alt.Tooltip(f"{column}:N", title=label),
        alt.Tooltip("studies:Q", title="Studies"),
    ]

    def cells(base: alt.Chart) -> list[alt.Chart]:
        circles = (
            base.transform_filter("datum.studies > 0")
            .mark_circle(color=OKABE_ITO["blue"], opacity=0.8)
            .encode(size=alt.Size("studies:Q", title="Studies", scale=alt.Scale(range=[60, 900]), legend=None))
        )
        gaps = base.transform_filter("datum.studies == 0").mark_text(text="-", color=GREY, fontSize=16)
        numbers = (
            base.transform_filter("datum.studies > 0")
            .mark_text(color="white", fontWeight="bold")
            .encode(text="studies:Q")
        )
        return [circles, gaps, numbers]

    x = alt.X(f"{column}:N", sort=order, title=label, axis=wrapped_axis(order, 12, vertical=False, labelAngle=0))
    base = alt.Chart(counts).encode(
        x=x, y=alt.Y("name:N", sort=names, title=None, axis=wrapped_axis(names, 36)), tooltip=tooltip
    )
    wide = alt.layer(*cells(base)).properties(width=alt.Step(70), height=alt.Step(48))
    # narrow: one row per characteristic, its full name above it, under a key naming the columns
    step = 320 // len(order)
    key_frame = pd.DataFrame({column: order, "lines": ["\n".join(wrap(o, 8)) for o in order]})
    key = (
        alt.Chart(key_frame)
        .mark_text(baseline="top", lineBreak="\n")
        .encode(
            x=alt.X(f"{column}:N", sort=order, title=label, axis=alt.Axis(orient="top", labels=False, ticks=False)),
            y=alt.value(4),
            text="lines:N",
            tooltip=[alt.Tooltip(f"{column}:N", title=label)],
        )
        .properties(width=alt.Step(step), height=40)
    )
    rows = (
        alt.layer(*cells(alt.Chart().encode(x=alt.X(f"{column}:N", sort=order, axis=None), tooltip=tooltip)))
        .properties(data=counts, width=alt.Step(step), height=44)
        .facet(row=headed_rows("name", names, 44), spacing=6)
    )
    narrow = alt.vconcat(key, rows, spacing=6)
    table = counts.pivot(index="name", columns=column, values="studies").reindex(index=names, columns=order)
    return finish(
        wide,
        narrow=narrow,
        title=title,
        subtitle=["Circle size and number: studies; a dash marks an empty cell.", SOURCE],
        description=f"Matrix of the 10 characteristics by {label.lower()}, circles sized by the number of studies.",
        data=reader_table(table.rename_axis(columns=None).reset_index(), titles={"name": "Characteristic"}),
        line_chars=64,
    )


def support_per_study_chart(support: pd.DataFrame) -> alt.LayerChart:
    """Characteristics each study is listed for, studies cited for none included."""
    frame = support.copy()
    none = int((frame["characteristics"] == 0).sum())
    # the fewest studies (most-listed first) that together hold more than half of the links
    cumulative = frame["characteristics"].sort_values(ascending=False).cumsum()
    carriers = int((cumulative < frame["characteristics"].sum() / 2).sum()) + 1
    frame["label"] = (
        frame["study_id"].astype(str) + ": " + frame["authors"].fillna("not identified").str.split(",").str[0]
    )
    x_title = "Characteristics the study is listed for"

    def bars(legend_columns: int, title_chars: int) -> alt.LayerChart:
        base = alt.Chart(frame).encode(
            y=alt.Y("label:N", sort=frame["label"].tolist(), title="Study"),
            x=alt.X("characteristics:Q", title=wrap(x_title, title_chars), scale=alt.Scale(domain=[0, 10])),
        )
        return labelled_bars(
            base,
            "characteristics:Q",
            tooltips(frame, "label authors year design setting characteristics", {"label": "Study"}, {"year": "d"}),
            color=alt.Color(
                "design:N",
                title="Design",
                scale=alt.Scale(domain=DESIGNS[:-1], range=PALETTE[:4]),
                legend=alt.Legend(columns=legend_columns),
            ),
        )

    return finish(
        bars(2, len(x_title)).properties(width=360, height=alt.Step(15)),
        narrow=bars(1, 22).properties(width=150, height=alt.Step(16)),
        title=f"{carriers} of the {len(frame)} studies hold over half of Table 1's links; {none} hold none",
        subtitle=["Bar length and number: characteristics; colour: design family (also in the tooltip).", SOURCE],
        description="Bar chart of the number of characteristics each of the 31 studies is listed for.",
        data=reader_table(
            frame[["study_id", "authors", "year", "design", "setting", "characteristics"]],
            titles={"study_id": "Study"},
        ),
    )

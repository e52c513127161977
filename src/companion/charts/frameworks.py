"""Charts of the other syntheses (OSPI, the brief, the rapid-improvement framework) and the crosswalk."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from companion.charts.common import GREY, HIGHLIGHT, finish, labelled_bars, tooltips, wrap, wrapped_axis
from companion.tables import reader_table
from companion.theme import OKABE_ITO, PALETTE, SHAPES

FRAMEWORKS = ["Leithwood", "OSPI", "Brief", "District #2 principles", "Rapid improvement"]
SOURCES = ["Leithwood (2010)", "Research brief", "Rapid-improvement framework"]
# Each framework's mark in the crosswalk, named in the narrow layout's panel titles (colour is never alone).
SHAPE_NAMES = ["circles", "squares", "triangles", "diamonds", "crosses"]


def ospi_framework(themes: pd.DataFrame, questions: pd.DataFrame) -> alt.VConcatChart:
    """The 13 themes in their 4 categories (one panel each), with how many reflection questions each carries."""
    counts = questions.groupby("theme_id").size().rename("questions")
    frame = themes.merge(counts, left_on="theme_id", right_index=True).sort_values("theme_id")
    categories = frame["category"].drop_duplicates().tolist()

    def panels(label_chars: int, width: int, step: int) -> alt.VConcatChart:
        axis = wrapped_axis(frame["theme"].tolist(), label_chars, font_size=12)
        drawn = []
        for category in categories:
            rows = frame[frame["category"] == category]
            base = alt.Chart(rows).encode(
                y=alt.Y("theme:N", sort=rows["theme"].tolist(), title=None, axis=axis),
                x=alt.X("questions:Q", title="Reflection questions", scale=alt.Scale(domain=[0, 6])),
            )
            tooltip = tooltips(rows, "category theme summary questions", {"summary": "Summary (paraphrased)"})
            heading = alt.Title(category, fontSize=13, anchor="start")
            drawn.append(
                labelled_bars(base, "questions:Q", tooltip, OKABE_ITO["blue"]).properties(
                    width=width, height=alt.Step(step), title=heading
                )
            )
        return alt.vconcat(*drawn, spacing=14).resolve_axis(x="independent")

    return finish(
        panels(42, 260, 30),
        narrow=panels(22, 130, 14 * max(len(wrap(t, 22)) for t in frame["theme"]) + 6),
        title=f"{len(frame)} themes in {len(categories)} categories, each with reflection questions",
        subtitle=["One panel per category.", "Source: OSPI synthesis, executive summary."],
        description="Bar chart of the OSPI synthesis' themes, grouped by category, by number of reflection questions.",
        data=reader_table(frame[["category", "theme_id", "theme", "questions"]], titles={"theme_id": "Theme number"}),
        line_chars=64,
    )


def brief_citation_counts(citations: pd.DataFrame, elements: pd.DataFrame) -> alt.LayerChart:
    """How many of the brief's elements each work is cited for."""
    linked = citations.dropna(subset=["element_id"]).merge(elements, on="element_id")
    per_work = (
        linked.groupby(["work", "year"])
        .agg(elements=("element_id", "nunique"), which=("element", lambda s: "; ".join(sorted(set(s)))))
        .reset_index()
    )
    per_work["label"] = per_work["work"] + " (" + per_work["year"].astype(str) + ")"
    order = per_work.sort_values(["elements", "label"], ascending=[False, True])["label"].tolist()
    titles = {"label": "Work", "elements": "Elements cited for", "which": "Which elements"}

    def bars(axis: alt.Axis | None) -> alt.LayerChart:
        base = alt.Chart(per_work).encode(
            y=alt.Y("label:N", sort=order, title=None, **_axis(axis)),
            x=alt.X("elements:Q", title="Elements the work is cited for", scale=alt.Scale(domain=[0, 7])),
        )
        return labelled_bars(base, "elements:Q", tooltips(per_work, "label elements which", titles), OKABE_ITO["blue"])

    ranked = per_work.sort_values("elements", ascending=False)
    top, rest = ranked.iloc[0], ranked.iloc[1:]
    if len(rest) and rest["elements"].max() < top["elements"]:
        title = (
            f"{top['label']} is cited for {top['elements']} of the brief's {len(elements)} elements; "
            f"no other work for more than {rest['elements'].max()}"
        )
    else:
        title = f"No single work is cited for more of the brief's {len(elements)} elements than every other"
    return finish(
        bars(None).properties(width=320, height=alt.Step(22)),
        narrow=bars(wrapped_axis(order, 24)).properties(width=150, height=alt.Step(30)),
        title=title,
        subtitle=["Counting each element once per work.", "Source: research brief on district-driven success."],
        description="Bar chart of the works the research brief cites, by how many of its elements cite each work.",
        data=reader_table(
            per_work.sort_values(["elements", "label"], ascending=[False, True])[["label", "elements", "which"]],
            titles=titles,
        ),
    )


def shared_works_matrix(shared: pd.DataFrame) -> alt.LayerChart:
    """Which source cites which shared work."""
    rows = []
    for record in shared.itertuples():
        label = f"{record.work} ({record.year})"
        for source, present in zip(
            SOURCES,
            (bool(record.in_leithwood), bool(record.in_brief), bool(record.in_rapid_framework)),
            strict=True,
        ):
            rows.append(
                {
                    "work": label,
                    "source": source,
                    "cites": "cited" if present else "not cited",
                    "note": record.match_note,
                }
            )
    frame = pd.DataFrame(rows)
    works = sorted(frame["work"].unique())

    def matrix(x_axis: alt.Axis, y_axis: alt.Axis | None) -> alt.LayerChart:
        return _shared_matrix(frame, x_axis, y_axis)

    in_all = int((shared[["in_leithwood", "in_brief", "in_rapid_framework"]].sum(axis=1) == len(SOURCES)).sum())
    return finish(
        matrix(alt.Axis(labelAngle=0), None).properties(width=alt.Step(140), height=alt.Step(28)),
        narrow=matrix(wrapped_axis(SOURCES, 10, vertical=False, labelAngle=0), wrapped_axis(works, 22)).properties(
            width=alt.Step(62), height=alt.Step(40)
        ),
        title=(
            f"Matched by authors and year, {len(shared)} works are cited by two of these three sources"
            + (", none by all three" if in_all == 0 else f", {in_all} by all three")
        ),
        subtitle=[
            "Titles compared where the sources print them; OSPI lists none of its studies, so it cannot be matched.",
            "Source: the sources' citations; the matching is the companion's (see shared_works notes).",
        ],
        description="Matrix of works cited by more than one of the three reviews, with a tick where a review cites it.",
        data=reader_table(
            frame.pivot(index="work", columns="source", values="cites")[SOURCES]
            .rename_axis(columns=None)
            .reset_index(),
            titles={"work": "Work"},
        ),
    )


def _shared_matrix(frame: pd.DataFrame, x_axis: alt.Axis, y_axis: alt.Axis | None) -> alt.LayerChart:
    """The squares and ticks of :func:`shared_works_matrix`, with these axes."""
    base = alt.Chart(frame).encode(
        x=alt.X("source:N", sort=SOURCES, title=None, axis=x_axis),
        y=alt.Y("work:N", title=None, **_axis(y_axis)),
        tooltip=[
            alt.Tooltip("work:N", title="Work"),
            alt.Tooltip("source:N", title="Review"),
            alt.Tooltip("cites:N", title="Cited?"),
            alt.Tooltip("note:N", title="How matched"),
        ],
    )
    matrix = base.mark_square(size=260).encode(
        fill=alt.Fill(
            "cites:N",
            title=None,
            scale=alt.Scale(domain=["cited", "not cited"], range=[OKABE_ITO["blue"], "transparent"]),
        ),
        stroke=alt.value(GREY),
    ) + base.transform_filter("datum.cites == 'cited'").mark_text(text="✓", color="white", fontWeight="bold")
    return matrix


def crosswalk_matrix(crosswalk: pd.DataFrame, themes: pd.DataFrame) -> alt.VConcatChart:
    """Framework items by shared themes; clicking an item's square lights up its counterparts."""
    frame = crosswalk.merge(themes[["theme_id", "theme"]], on="theme_id")
    frame["item_label"] = frame["framework"] + ": " + frame["item"]
    order = (
        frame.assign(f=frame["framework"].map({f: i for i, f in enumerate(FRAMEWORKS)}))
        .sort_values(["f", "item_id"])["item_label"]
        .drop_duplicates()
        .tolist()
    )
    theme_order = themes.sort_values("theme_id")["theme"].tolist()
    pick = alt.selection_point(name="pick_theme", fields=["theme_id"], on="click", empty=False)
    legend = alt.Legend(orient="bottom", columns=3)
    squares = (
        alt.Chart(frame)
        .mark_point(filled=True, opacity=1)
        .encode(
            x=alt.X(
                "theme:N",
                sort=theme_order,
                title="Shared theme (companion's reading)",
                axis=wrapped_axis(
                    theme_order,
                    24,
                    font_size=11,
                    vertical=False,
                    labelAngle=-90,
                    labelAlign="right",
                    labelBaseline="middle",
                ),
            ),
            y=alt.Y("item_label:N", sort=order, title=None, axis=wrapped_axis(order, 52, font_size=11)),
            color=alt.Color(
                "framework:N", title="Framework", scale=alt.Scale(domain=FRAMEWORKS, range=PALETTE[:5]), legend=legend
            ),
            shape=alt.Shape(
                "framework:N", title="Framework", scale=alt.Scale(domain=FRAMEWORKS, range=SHAPES[:5]), legend=legend
            ),
            **_crosswalk_marks(pick, 110, 260),
        )
        .add_params(pick)
        .properties(width=alt.Step(28), height=alt.Step(40))  # three lines of 11 px labels
    )
    coverage_base = (
        alt.Chart(frame)
        .transform_aggregate(frameworks="distinct(framework)", groupby=["theme", "theme_id"])
        .encode(
            x=alt.X("theme:N", sort=theme_order, title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("frameworks:Q", title="Frameworks naming it", scale=alt.Scale(domain=[0, 5])),
            tooltip=[alt.Tooltip("theme:N", title="Shared theme"), alt.Tooltip("frameworks:Q", title="Frameworks")],
        )
        .properties(width=alt.Step(28), height=90)
    )
    coverage = coverage_base.mark_bar().encode(
        color=alt.condition("datum.frameworks == 1", alt.value(HIGHLIGHT), alt.value(OKABE_ITO["sky"]))
    )
    coverage_text = coverage_base.mark_text(dy=-6).encode(text="frameworks:Q")
    per_theme = frame.groupby("theme_id")["framework"].nunique()
    single = int((per_theme == 1).sum())
    three = int((per_theme >= 3).sum())
    headline = (
        f"In the companion's mapping, {three} of the {len(per_theme)} shared themes gather items from three or "
        f"more frameworks; {single} from only one"
    )
    return finish(
        alt.vconcat(coverage + coverage_text, squares, spacing=4),
        narrow=_crosswalk_narrow(frame, themes, pick),
        narrow_subtitle=[
            "Top: each shared theme, numbered, and how many frameworks name it (vermillion: only one). Below: one "
            "panel per framework, its items against the themes' numbers.",
            "Tap a mark or a bar to light up every item linked to the same theme. Editorial mapping by the companion.",
        ],
        title=headline,
        subtitle=[
            "Top: how many frameworks name each shared theme (vermillion: only one).",
            "Click a mark to light up every item linked to the same theme. Editorial mapping by the companion.",
        ],
        description=(
            "Crosswalk matrix: items of five frameworks (rows) against the companion's shared themes (columns), "
            "with a bar chart of how many frameworks name each theme. Clicking a mark highlights every item "
            "linked to the same theme."
        ),
        data=reader_table(
            frame[["framework", "item", "theme", "rationale"]],
            titles={"theme": "Shared theme", "rationale": "Why (companion's reading)"},
        ),
        line_chars=64,
    )


def _axis(axis: alt.Axis | None) -> dict[str, Any]:
    """``axis=`` for an encoding when an axis is given, nothing (Vega-Lite's default axis) when not."""
    return {"axis": axis} if axis else {}


def _crosswalk_marks(pick: alt.Parameter, size: int, picked: int) -> dict[str, Any]:
    """A crosswalk item's mark: ``picked`` in size and ringed when its theme is picked, and its tooltip."""
    return {
        "size": alt.condition(pick, alt.value(picked), alt.value(size)),
        "stroke": alt.condition(pick, alt.value(HIGHLIGHT), alt.value(None)),
        "strokeWidth": alt.condition(pick, alt.value(3), alt.value(0)),
        "tooltip": [
            alt.Tooltip("framework:N", title="Framework"),
            alt.Tooltip("item:N", title="Item"),
            alt.Tooltip("theme:N", title="Shared theme"),
            alt.Tooltip("rationale:N", title="Why (companion's reading)"),
        ],
    }


def _crosswalk_narrow(frame: pd.DataFrame, themes: pd.DataFrame, pick: alt.Parameter) -> alt.VConcatChart:
    """The crosswalk for a phone: the themes, numbered, as bars (the key), then one panel per framework
    whose columns are the themes' numbers."""
    ordered = themes.sort_values("theme_id")
    numbered = {t: f"{i}. {t}" for i, t in zip(ordered["theme_id"], ordered["theme"], strict=True)}
    theme_order = ordered["theme"].tolist()
    key_base = (
        alt.Chart(frame)
        .transform_aggregate(frameworks="distinct(framework)", groupby=["theme", "theme_id"])
        .encode(
            y=alt.Y("theme:N", sort=theme_order, title=None, axis=wrapped_axis(theme_order, 20, shown=numbered)),
            x=alt.X("frameworks:Q", title="Frameworks naming it", scale=alt.Scale(domain=[0, 5])),
            tooltip=[alt.Tooltip("theme:N", title="Shared theme"), alt.Tooltip("frameworks:Q", title="Frameworks")],
        )
    )
    key = (
        key_base.mark_bar()
        .encode(
            color=alt.condition("datum.frameworks == 1", alt.value(HIGHLIGHT), alt.value(OKABE_ITO["sky"])),
            stroke=alt.condition(pick, alt.value(GREY), alt.value(None)),
            strokeWidth=alt.condition(pick, alt.value(2), alt.value(0)),
        )
        .add_params(pick)
        + key_base.mark_text(align="left", dx=4).encode(text="frameworks:Q")
    ).properties(width=120, height=alt.Step(13 * max(len(wrap(v, 20)) for v in numbered.values()) + 6))
    ids = ordered["theme_id"].tolist()
    panels: list[Any] = [key]
    for i, framework in enumerate(FRAMEWORKS):
        rows = frame[frame["framework"] == framework]
        items = rows.sort_values("item_id")["item"].drop_duplicates().tolist()
        step = 13 * max(len(wrap(item, 20)) for item in items) + 6
        panels.append(
            alt.Chart(rows)
            .mark_point(filled=True, opacity=1, color=PALETTE[i], shape=SHAPES[i])
            .encode(
                x=alt.X(
                    "theme_id:O",
                    title="Shared theme (number)",
                    scale=alt.Scale(domain=ids),
                    axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=11, titleFontSize=12),
                ),
                y=alt.Y("item:N", sort=items, title=None, axis=wrapped_axis(items, 20)),
                **_crosswalk_marks(pick, 90, 220),
            )
            .add_params(pick)
            .properties(
                width=alt.Step(16),
                height=alt.Step(step),
                title=alt.Title(f"{framework}: {SHAPE_NAMES[i]}", fontSize=13, anchor="start"),
            )
        )
    return alt.vconcat(*panels, spacing=16)

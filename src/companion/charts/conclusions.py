"""Charts of the closing chapter: how much evidence each of Leithwood's characteristics has, and how independent."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from companion.charts.common import GREY, finish, tooltips, wrap
from companion.leithwood import COUNTINGS, SEVERAL_DESIGNS, independence_summary
from companion.measures import DESIGNS
from companion.tables import reader_table
from companion.theme import OKABE_ITO, PALETTE, SHAPES

SOURCE = "Source: Leithwood (2010), Table 1 and Appendix; districts and teams: the companion's grouping."
UNIT_DESIGNS = [*DESIGNS[:-1], SEVERAL_DESIGNS]
# Layout in pixels: the chart is drawn at its own size on a phone (about 340 px of text column).
STEP, LINE, LABEL_CHARS, GAP = 13, 15, 46, 9


def _rows(summary: pd.DataFrame, label_chars: int = LABEL_CHARS) -> pd.DataFrame:
    """Each characteristic's label lines (wrapped at ``label_chars``) and the pixel heights of its label and
    its row of marks."""
    rows = summary[["characteristic_id", "name"]].copy()
    numbered = [f"{i}. {n}" for i, n in zip(rows["characteristic_id"], rows["name"], strict=True)]
    rows["lines"] = [wrap(label, label_chars) for label in numbered]
    tops, top = [], 0
    for lines in rows["lines"]:
        tops.append(top)
        top += len(lines) * LINE + 22 + GAP
    rows["top"] = tops
    rows["marks_y"] = rows["top"] + rows["lines"].str.len() * LINE + 10
    return rows


def _drawn(
    units: pd.DataFrame, summary: pd.DataFrame, pick: alt.Parameter, label_chars: int, step: int, width: int
) -> alt.LayerChart:
    """The rows of marks, ``step`` px apart, under labels wrapped at ``label_chars``, ``width`` px wide."""
    rows = _rows(summary, label_chars)
    marks = units.merge(rows[["characteristic_id", "marks_y"]], on="characteristic_id")
    marks["x"] = step / 2 + marks["position"] * step
    marks["counted_as"] = marks["counting"].map(COUNTINGS)
    marks["studies_label"] = marks["studies"].map(lambda s: ("Studies " if "," in s else "Study ") + s)  # pyright: ignore[reportOperatorIssue]

    per_row = summary.merge(rows, on=["characteristic_id", "name"])
    ghosts, counts = [], []
    for key, column in (("study", "studies"), ("district", "districts"), ("team", "teams")):
        for r in per_row.itertuples():
            units_n, studies_n = int(getattr(r, column)), int(r.studies)  # pyright: ignore[reportArgumentType]
            unit = {"district": "district", "team": "research team"}.get(key, "study")
            note = f"{studies_n - units_n} of its {studies_n} studies repeat a {unit} already counted"
            ghosts += [
                {"counting": key, "characteristic_id": r.characteristic_id, "name": r.name,
                 "x": step / 2 + p * step, "y": r.marks_y, "note": note}
                for p in range(units_n, studies_n)
            ]  # fmt: skip
            label = str(studies_n) if key == "study" else f"{units_n} of {studies_n}"
            counts.append({"counting": key, "x": studies_n * step + 4, "y": r.marks_y, "label": label})
    ghosts, counts = pd.DataFrame(ghosts), pd.DataFrame(counts)

    shown = "datum.counting == counting"
    px: dict[str, Any] = {"scale": None, "axis": None}
    labels = (
        alt.Chart(rows.explode("lines").assign(line=lambda f: f.groupby(level=0).cumcount()).reset_index(drop=True))
        .transform_calculate(y=f"datum.top + datum.line * {LINE}")
        .mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold")
        .encode(x=alt.value(0), y=alt.Y("y:Q", **px), text="lines:N")
    )
    design_scale = {"domain": UNIT_DESIGNS, "legend": alt.Legend(title="Design", orient="top", columns=2)}
    titles = {
        "name": "Characteristic",
        "counted_as": "Counting",
        "unit": "Study, district or team",
        "studies_label": "Listed in Table 1",
        "designs": "Design (of its studies)",
        "settings": "Setting",
    }
    symbols = (
        alt.Chart(marks)
        .transform_filter(shown)
        .mark_point(filled=True, size=75, opacity=1)
        .encode(
            x=alt.X("x:Q", **px),
            y=alt.Y("marks_y:Q", **px),
            color=alt.Color("design:N", scale=alt.Scale(domain=UNIT_DESIGNS, range=[*PALETTE[:4], OKABE_ITO["purple"]]),
                            **{k: v for k, v in design_scale.items() if k != "domain"}),
            shape=alt.Shape("design:N", scale=alt.Scale(domain=UNIT_DESIGNS, range=[*SHAPES[:4], "cross"]),
                            **{k: v for k, v in design_scale.items() if k != "domain"}),
            tooltip=tooltips(marks, "name counted_as unit studies_label designs settings", titles),
        )
    )  # fmt: skip
    hollow = (
        alt.Chart(ghosts)
        .transform_filter(shown)
        .mark_point(shape="circle", filled=False, size=60, color=GREY, strokeWidth=1.2)
        .encode(
            x=alt.X("x:Q", **px),
            y=alt.Y("y:Q", **px),
            tooltip=tooltips(ghosts, "name note", {"name": "Characteristic", "note": "Hollow marks"}),
        )
    )
    numbers = (
        alt.Chart(counts)
        .transform_filter(shown)
        .mark_text(align="left", baseline="middle", fontSize=12)
        .encode(x=alt.X("x:Q", **px), y=alt.Y("y:Q", **px), text="label:N")
    )
    height = int(rows["top"].iloc[-1] + rows["lines"].iloc[-1].__len__() * LINE + 22)
    return (
        alt.layer(labels, hollow, symbols, numbers)
        .add_params(pick)
        .properties(width=width, height=height)
        .resolve_scale(color="shared", shape="shared")
    )


def evidence_independence(units: pd.DataFrame, counting: str = "district") -> alt.LayerChart:
    """Each characteristic's evidence as a row of marks, one per study, district or research team (a menu).

    ``units`` comes from :func:`companion.leithwood.evidence_units`. A mark's shape and colour give
    its design family (or "several designs" when a district's or team's studies differ); hollow
    grey marks fill the row up to the number of studies, so every state shows both counts.
    """
    if counting not in COUNTINGS:
        raise ValueError(f"counting {counting!r}: one of {list(COUNTINGS)}")
    summary = independence_summary(units)
    pick = alt.param(
        name="counting",
        value=counting,
        bind=alt.binding_radio(options=list(COUNTINGS), labels=list(COUNTINGS.values()), name="Count: "),
    )
    fewer_d = summary.loc[summary["districts"] < summary["studies"], "characteristic_id"].tolist()
    fewer_t = summary.loc[summary["teams"] < summary["studies"], "characteristic_id"].tolist()
    n = len(summary)
    if fewer_d == fewer_t:
        title = (
            f"Counted once per district or per research team, {len(fewer_d)} of the {n} characteristics "
            "rest on fewer sources than studies"
        )
    else:
        title = (
            f"Counted once per district, {len(fewer_d)} of the {n} characteristics rest on fewer sources than "
            f"studies; once per research team, {len(fewer_t)}"
        )
    table = summary.rename(columns={"name": "characteristic"})
    return finish(
        _drawn(units, summary, pick, LABEL_CHARS, STEP, 330),
        # a phone: the marks closer together, the labels wrapped shorter, so the longest row fits with room
        narrow=_drawn(units, summary, pick, 40, 12, 300),
        title=title,
        subtitle=[
            "One mark per study, per district (or set of districts) studied, or per research team, as the "
            "buttons choose; shape and colour: design family.",
            "Hollow grey marks: studies of a district or team already counted. Number: sources, of studies.",
            SOURCE,
        ],
        description=(
            "For each of Leithwood's ten characteristics, a row of marks: one per study listed in Table 1, "
            "or one per district or research team when studies of the same district or team are counted once; "
            "hollow marks show how many studies repeat one already counted. Buttons switch the counting."
        ),
        data=reader_table(
            table,
            titles={
                "characteristic_id": "Number",
                "characteristic": "Characteristic",
                "studies": "Studies",
                "districts": "Districts (or sets of districts)",
                "teams": "Research teams",
            },
        ),
        line_chars=38,
    )

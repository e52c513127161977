"""Charts of the claims audit: stated against recomputed values, and threshold sensitivity."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.theme import GREY, OKABE_ITO

VERDICT_STYLE = {
    "consistent": (OKABE_ITO["blue"], "circle"),
    "differs": (OKABE_ITO["vermillion"], "triangle-up"),
    "cannot be checked": (GREY, "square"),
}


def stated_vs_recomputed(audit: pd.DataFrame) -> alt.LayerChart:
    """Each checkable count claim: stated value against recomputed value, off-diagonal marks differ."""
    frame = audit[audit["recomputed"].notna() & audit["unit"].isin(["schools", "studies", "items", "themes"])].copy()
    frame["gap"] = frame["recomputed"].astype(float) - frame["stated_value"].astype(float)
    top = float(max(frame["stated_value"].max(), frame["recomputed"].max())) + 2
    diagonal = (
        alt.Chart(pd.DataFrame({"v": [0, top]})).mark_line(color=GREY, strokeDash=[4, 3]).encode(x="v:Q", y="v:Q")
    )
    domain = [v for v in VERDICT_STYLE if v in set(frame["verdict"].astype(str))]
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=110, opacity=0.85)
        .encode(
            x=alt.X("stated_value:Q", title="Value stated in the source", scale=alt.Scale(domain=[0, top])),
            y=alt.Y("recomputed:Q", title="Value recomputed from the data", scale=alt.Scale(domain=[0, top])),
            color=alt.Color(
                "verdict:N",
                title="Verdict",
                scale=alt.Scale(domain=domain, range=[VERDICT_STYLE[v][0] for v in domain]),
            ),
            shape=alt.Shape("verdict:N", scale=alt.Scale(domain=domain, range=[VERDICT_STYLE[v][1] for v in domain])),
            tooltip=[
                alt.Tooltip("claim_id:N", title="Claim"),
                alt.Tooltip("statement:N", title="Statement"),
                alt.Tooltip("stated_value:Q", title="Stated"),
                alt.Tooltip("recomputed:Q", title="Recomputed"),
                alt.Tooltip("gap:Q", title="Difference"),
                alt.Tooltip("verdict:N", title="Verdict"),
                alt.Tooltip("rule:N", title="Rule"),
            ],
        )
    )
    labels = (
        alt.Chart(frame[frame["verdict"] == "differs"])
        .mark_text(align="left", dx=7, dy=-6, fontSize=11)
        .encode(x="stated_value:Q", y="recomputed:Q", text="claim_id:N")
    )
    return (diagonal + points + labels).properties(
        width=420,
        height=420,
        title=alt.Title(
            "Counts that match fall on the diagonal; the labelled ones do not",
            subtitle=["Count claims only (schools, studies, items). Hover for the statement and the rule."],
        ),
        description=(
            "Scatter plot of the audited count claims: the value each source states against the value recomputed from "
            "the datasets, with the diagonal marking agreement; differing claims are labelled."
        ),
    )


def threshold_sensitivity(curves: pd.DataFrame, audit: pd.DataFrame) -> alt.LayerChart:
    """For each threshold claim, the count at cut-offs around the stated one; pick the claim in a menu."""
    meta = audit.set_index("claim_id")
    ids = list(dict.fromkeys(curves["claim_id"]))
    labels = [f"{i}: {meta.loc[i, 'statement'][:70]}" for i in ids]
    pick = alt.param(name="claim", value=ids[0], bind=alt.binding_select(options=ids, labels=labels, name="Claim: "))
    refs = pd.DataFrame(
        [
            {
                "claim_id": i,
                "stated_threshold": float(meta.loc[i, "threshold"]),
                "stated_count": float(meta.loc[i, "stated_value"]),
                "op": meta.loc[i, "selector"],
            }
            for i in ids
        ]
    )
    line = (
        alt.Chart(curves)
        .transform_filter("datum.claim_id == claim")
        .mark_line(interpolate="step-after", color=OKABE_ITO["blue"], strokeWidth=2)
        .encode(
            x=alt.X("threshold:Q", title="Cut-off (%)"),
            y=alt.Y("count:Q", title="Schools counted"),
            tooltip=[
                alt.Tooltip("threshold:Q", title="Cut-off", format=".1f"),
                alt.Tooltip("count:Q", title="Schools"),
            ],
        )
    )
    base = alt.Chart(refs).transform_filter("datum.claim_id == claim")
    stated_count = base.mark_rule(color=OKABE_ITO["vermillion"], strokeDash=[6, 3], strokeWidth=2).encode(
        y="stated_count:Q", tooltip=[alt.Tooltip("stated_count:Q", title="Count stated in the source")]
    )
    stated_threshold = base.mark_rule(color=GREY, strokeDash=[2, 2], strokeWidth=2).encode(
        x="stated_threshold:Q", tooltip=[alt.Tooltip("stated_threshold:Q", title="Cut-off stated"), "op:N"]
    )
    return (
        alt.layer(line, stated_count, stated_threshold)
        .add_params(pick)
        .properties(
            width=480,
            height=260,
            title=alt.Title(
                "Does moving the cut-off explain a difference?",
                subtitle=[
                    "Blue: schools counted at each cut-off. Dashed vermillion: the count the source states.",
                    "Dotted grey: the cut-off the source states.",
                    "If blue meets the dashed line close to the dotted one, the gap is a boundary effect.",
                ],
            ),
            description=(
                "Step chart of how many schools a threshold statement counts as the cut-off moves, for a claim chosen "
                "in a menu, with the stated count and stated cut-off as reference lines."
            ),
        )
    )

"""Charts of the claims audit: stated against recomputed values, and threshold sensitivity."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion.charts.common import finish, tooltips
from companion.tables import reader_table
from companion.theme import GREY, OKABE_ITO

VERDICT_STYLE = {
    "consistent": (OKABE_ITO["blue"], "circle"),
    "differs": (OKABE_ITO["vermillion"], "triangle-up"),
    "cannot be checked": (GREY, "square"),
}


# Units of the claims that count things (schools, studies, districts...), as against shares and years.
COUNT_UNITS = ("schools", "studies", "items", "themes", "districts", "states")


def stated_vs_recomputed(audit: pd.DataFrame) -> alt.LayerChart:
    """Each checkable count claim on its own row: recomputed minus stated, zero where they agree."""
    frame = audit[
        audit["recomputed"].notna()
        & audit["unit"].isin(["schools", "studies", "items", "themes", "districts", "states"])
    ].copy()
    frame["gap"] = frame["recomputed"].astype(float) - frame["stated_value"].astype(float)
    frame = frame.sort_values(["gap", "claim_id"])
    domain = [v for v in VERDICT_STYLE if v in set(frame["verdict"].astype(str))]
    limit = float(frame["gap"].abs().max()) + 1
    titles = {"claim_id": "Claim", "stated_value": "Stated", "gap": "Difference"}
    y = alt.Y("claim_id:N", sort=frame["claim_id"].tolist(), title="Claim", axis=alt.Axis(labelFontSize=11))
    zero = alt.Chart(pd.DataFrame({"gap": [0]})).mark_rule(strokeDash=[4, 3]).encode(x="gap:Q")
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90, opacity=0.9)
        .encode(
            x=alt.X("gap:Q", title="Recomputed minus stated (0 = agreement)", scale=alt.Scale(domain=[-limit, limit])),
            y=y,
            color=alt.Color(
                "verdict:N",
                title="Verdict",
                scale=alt.Scale(domain=domain, range=[VERDICT_STYLE[v][0] for v in domain]),
            ),
            shape=alt.Shape("verdict:N", scale=alt.Scale(domain=domain, range=[VERDICT_STYLE[v][1] for v in domain])),
            tooltip=tooltips(frame, "claim_id statement stated_value recomputed gap verdict rule", titles),
        )
    )
    agree = int((frame["verdict"] == "consistent").sum())
    return finish(
        (zero + points).properties(width=420, height=alt.Step(13)),
        narrow=(zero + points).properties(width=220, height=alt.Step(14)),
        title=f"{agree} of {len(frame)} count claims agree with the data; the others miss by a few",
        subtitle=[
            "Count claims only (schools, studies, items). Colour and shape: verdict. Hover for the statement "
            "and the rule; the table below lists them all."
        ],
        description=(
            "Dot plot of the audited count claims, one row each: the value recomputed from the datasets minus the "
            "value the source states, with zero marking agreement."
        ),
        data=reader_table(
            frame[["claim_id", "statement", "stated_value", "recomputed", "verdict"]],
            titles=titles,
        ),
    )


def threshold_sensitivity(curves: pd.DataFrame, audit: pd.DataFrame, cutoffs: pd.DataFrame) -> alt.LayerChart:
    """For each threshold claim, the count at cut-offs around the stated one; pick the claim in a menu.

    ``curves`` is :func:`companion.claims.threshold_curves`; ``cutoffs``,
    :func:`companion.claims.reproducing_cutoffs`, gives the table the exact cut-offs that reproduce each
    stated count.
    """
    meta = audit.set_index("claim_id")
    exact = cutoffs.set_index("claim_id")["words"]
    # only cut-offs on a percentage scale: a count of items below a number has no meaningful curve
    curves = curves[curves["claim_id"].map(meta["unit"]).eq("schools") & curves["threshold"].between(0, 100)]
    ids = list(dict.fromkeys(curves["claim_id"]))
    labels = [f"{i}: {meta.loc[i, 'statement']}" for i in ids]
    pick = alt.param(name="claim", value=ids[0], bind=alt.binding_select(options=ids, labels=labels, name="Claim: "))
    refs = pd.DataFrame(
        [
            {
                "claim_id": i,
                "stated_threshold": float(meta.loc[i, "threshold"]),  # pyright: ignore[reportArgumentType]
                "stated_count": float(meta.loc[i, "stated_value"]),  # pyright: ignore[reportArgumentType]
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
    summary = []
    for i in ids:
        curve = curves[curves["claim_id"] == i]
        stated = float(meta.loc[i, "stated_value"])  # pyright: ignore[reportArgumentType]
        summary.append(
            {
                "claim_id": i,
                "statement": meta.loc[i, "statement"],
                "stated_cutoff": float(meta.loc[i, "threshold"]),  # pyright: ignore[reportArgumentType]
                "stated_count": stated,
                "count_at_stated_cutoff": int(
                    curve.loc[(curve["threshold"] - float(meta.loc[i, "threshold"])).abs().idxmin(), "count"]  # pyright: ignore[reportArgumentType]
                ),
                "cutoffs_giving_stated_count": exact[i],
            }
        )
    layers = alt.layer(line, stated_count, stated_threshold).add_params(pick)
    return finish(
        layers.properties(width=480, height=260),
        narrow=layers.properties(width=270, height=220),
        title="Does moving the cut-off explain a difference?",
        subtitle=[
            "Blue: schools counted at each cut-off. Dashed vermillion: the count the source states.",
            "Dotted grey: the cut-off the source states.",
            "If blue meets the dashed line close to the dotted one, the gap is a boundary effect.",
        ],
        description=(
            "Step chart of how many schools a threshold statement counts as the cut-off moves, for a claim chosen "
            "in a menu, with the stated count and stated cut-off as reference lines."
        ),
        data=reader_table(
            pd.DataFrame(summary),
            titles={
                "claim_id": "Claim",
                "stated_cutoff": "Cut-off stated (%)",
                "stated_count": "Count stated",
                "count_at_stated_cutoff": "Count at the stated cut-off",
                "cutoffs_giving_stated_count": "Cut-offs (%) that give the stated count",
            },
        ),
    )

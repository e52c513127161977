"""District #2's strategy as a working system: organizing principles, professional development models and
the groups of schools they reach (Elmore & Burney 1997, sections 1 and 3)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from companion.charts.common import finish, tooltips, wrap
from companion.tables import reader_table
from companion.theme import GREY, HIGHLIGHT, OKABE_ITO

SOURCE = "Source: Elmore & Burney (1997), sections 1, 3."
# The chart is drawn in pixels, narrow enough to be read on a phone without being scaled down.
WIDTH = 340
LEFT_EDGE, RIGHT_EDGE = 130, 210  # node columns; labels sit outside them
LABEL_CHARS = 18
# The narrow layout (a phone's 358 px column): the columns closer together, so the right-hand labels end inside it.
NARROW_PLOT_WIDTH, NARROW_LEFT, NARROW_RIGHT = 320, 128, 192
ROW_A, ROW_B = 48, 44  # row heights of the two panels
TOP_A = 34
SUPPORT_LABELS = {"stated": "named in the paper", "inference": "the companion's inference"}
KIND_SHAPES = {"principle": "circle", "model": "square", "group": "diamond"}


def _reach_key(principles: set[int]) -> str:
    """The principles that light a mark up, as '|1|3|' (searched with indexof in Vega)."""
    return "|" + "|".join(str(p) for p in sorted(principles)) + "|" if principles else "|"


def _network_frames(
    strategy: pd.DataFrame,
    groups: pd.DataFrame,
    links: pd.DataFrame,
    left: int = LEFT_EDGE,
    right: int = RIGHT_EDGE,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The chart's nodes and edges in pixel coordinates (node columns at ``left`` and ``right``), and
    its height.

    Panel A links the principles (left) to the models (right); panel B the models (left) to the
    groups of schools (right). Each node and edge carries ``reach``: the principles whose choice
    highlights it (a principle, its links and models, and the groups those models reach).
    """
    principles = strategy[strategy["kind"] == "organizing principle"].sort_values("number")
    models = strategy[strategy["kind"] == "professional development model"].sort_values("number")
    groups = groups.sort_values("order")
    pm = links[links["link"] == "principle to model"]
    mg = links[links["link"] == "model to group"]
    by_model = {int(m): set(pm.loc[pm["model"] == m, "principle"].astype(int)) for m in models["number"]}
    by_group = {g: set().union(*[by_model[int(m)] for m in mg.loc[mg["group"] == g, "model"]]) for g in groups["group"]}
    span_a = ROW_A * (len(principles) - 1)
    top_b = TOP_A + span_a + 74
    span_b = ROW_B * (len(models) - 1)

    def spread(n: int, top: float, span: float) -> list[float]:
        return [top + span / 2] if n == 1 else [top + span * i / (n - 1) for i in range(n)]

    nodes = []

    def node(key, kind, panel, x, y, side, label, name, summary, reach):
        nodes.append(
            {
                "key": key,
                "kind": kind,
                "panel": panel,
                "x": x,
                "y": y,
                "side": side,
                "label": "\n".join(wrap(label, LABEL_CHARS)),
                "name": name,
                "summary": summary,
                "reach": _reach_key(reach),
            }
        )

    principle_y = {}
    for y, row in zip(spread(len(principles), TOP_A, span_a), principles.itertuples(), strict=True):
        principle_y[int(row.number)] = y  # pyright: ignore[reportArgumentType]
        label = f"{row.number}. {row.short_title}"
        node(f"P{row.number}", "principle", "A", left, y, "left", label, row.title, row.summary, {row.number})  # pyright: ignore[reportUnhashable]
    model_y = {}
    for y_a, y_b, row in zip(
        spread(len(models), TOP_A, span_a), spread(len(models), top_b, span_b), models.itertuples(), strict=True
    ):
        model_y[int(row.number)] = (y_a, y_b)  # pyright: ignore[reportArgumentType]
        reach = by_model[int(row.number)]  # pyright: ignore[reportArgumentType]
        node(f"M{row.number}", "model", "A", right, y_a, "right", row.short_title, row.title, row.summary, reach)
        node(f"M{row.number}b", "model", "B", left, y_b, "left", row.short_title, row.title, row.summary, reach)
    group_y = {}
    for y, row in zip(spread(len(groups), top_b, span_b), groups.itertuples(), strict=True):
        group_y[row.group] = y
        label = f"{row.group}: {row.approx_schools}"
        node(f"G{row.order}", "group", "B", right, y, "right", label, row.group, row.summary, by_group[row.group])

    titles = dict(zip(strategy["kind"] + strategy["number"].astype(str), strategy["short_title"], strict=True))
    edges = []
    for row in links.itertuples():
        model = int(row.model)  # pyright: ignore[reportArgumentType]
        model_name = titles[f"professional development model{model}"]
        if row.link == "principle to model":
            principle = int(row.principle)  # pyright: ignore[reportArgumentType]
            y, y2 = principle_y[principle], model_y[model][0]
            source = f"Principle {principle}: {titles[f'organizing principle{principle}']}"
            target, reach = f"Model {model}: {model_name}", {principle}
        else:
            y, y2 = model_y[model][1], group_y[row.group]
            source, target, reach = f"Model {model}: {model_name}", row.group, by_model[model]
        edges.append(
            {
                "x": left,
                "y": y,
                "x2": right,
                "y2": y2,
                "from": source,
                "to": target,
                "support": SUPPORT_LABELS[row.support],  # pyright: ignore[reportArgumentType]
                "basis": "\n".join(wrap(row.basis, 48)),  # pyright: ignore[reportArgumentType]
                "passage": row.section,
                "reach": _reach_key(reach),
            }
        )
    height = int(top_b + span_b + 24)
    return pd.DataFrame(nodes), pd.DataFrame(edges), height


def _drawn(
    frames: tuple[pd.DataFrame, pd.DataFrame, int], pick: alt.Parameter, width: int, left: int, right: int
) -> alt.LayerChart:
    """The two panels drawn ``width`` px wide from :func:`_network_frames`, its node columns at ``left`` and
    ``right``, lit up by ``pick``."""
    nodes, edges, height = frames
    lit = "indexof(datum.reach, '|' + principle_pick + '|') >= 0"
    chosen = f"principle_pick != 0 && {lit}"
    dimmed = f"principle_pick != 0 && !({lit})"
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, width], nice=False, zero=False), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[height, 0], nice=False, zero=False), axis=None)
    lines = (
        alt.Chart(edges)
        .mark_rule(strokeCap="round")
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            strokeDash=alt.StrokeDash(
                "support:N",
                title="Link",
                scale=alt.Scale(domain=list(SUPPORT_LABELS.values()), range=[[1, 0], [5, 4]]),
                legend=alt.Legend(orient="bottom", direction="vertical", symbolType="stroke", symbolStrokeWidth=2),
            ),
            color=alt.condition(chosen, alt.value(HIGHLIGHT), alt.value(GREY)),
            strokeWidth=alt.condition(chosen, alt.value(3.5), alt.value(1.5)),
            opacity=alt.condition(dimmed, alt.value(0.2), alt.value(0.9)),
            tooltip=tooltips(edges, "from to support basis passage", {"support": "Link", "passage": "Passage"}),
        )
    )
    dots = (
        alt.Chart(nodes)
        .mark_point(filled=True, strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "kind:N", scale=alt.Scale(domain=list(KIND_SHAPES), range=list(KIND_SHAPES.values())), legend=None
            ),
            color=alt.condition(chosen, alt.value(HIGHLIGHT), alt.value(OKABE_ITO["blue"])),
            size=alt.condition(chosen, alt.value(190), alt.value(90)),
            opacity=alt.condition(dimmed, alt.value(0.3), alt.value(1)),
            tooltip=tooltips(nodes, "name summary", {"name": "As printed", "summary": "In brief"}),
        )
    )
    text: dict[str, Any] = {"fontSize": 12, "lineBreak": "\n", "baseline": "middle"}
    labels = [
        alt.Chart(nodes[nodes["side"] == side])
        .transform_filter(chosen if bold else f"!({chosen})")
        .mark_text(align=align, dx=dx, fontWeight="bold" if bold else "normal", **text)  # pyright: ignore[reportArgumentType]
        .encode(x=x, y=y, text="label:N", opacity=alt.condition(dimmed, alt.value(0.45), alt.value(1)))
        for side, align, dx in (("left", "right", -9), ("right", "left", 9))
        for bold in (False, True)
    ]
    top_b = nodes.loc[nodes["panel"] == "B", "y"].min()
    heads = pd.DataFrame(
        [
            {"x": left + 6, "y": 10, "head": "Organizing principles", "align": "right"},
            {"x": right - 6, "y": 10, "head": "Models", "align": "left"},
            {"x": left + 6, "y": top_b - 26, "head": "Models", "align": "right"},
            {"x": right - 6, "y": top_b - 26, "head": "Groups of schools", "align": "left"},
        ]
    )
    headers = [
        alt.Chart(heads[heads["align"] == align])
        .mark_text(align=align, fontSize=12, fontWeight="bold", fontStyle="italic")
        .encode(x=x, y=y, text="head:N")
        for align in ("right", "left")
    ]
    return alt.layer(lines, dots, *labels, *headers).add_params(pick).properties(width=width, height=height)


def strategy_network(strategy: pd.DataFrame, groups: pd.DataFrame, links: pd.DataFrame) -> alt.LayerChart:
    """Principles to models to groups of schools; a menu picks a principle and lights up its path.

    Solid lines are links the paper names, dashed lines the companion's inferences (never colour
    alone: a chosen path is also thicker, its nodes larger and its labels bold).
    """
    nodes, edges, height = _network_frames(strategy, groups, links)
    principles = nodes[nodes["kind"] == "principle"]
    pick = alt.param(
        name="principle_pick",
        value=0,
        bind=alt.binding_select(
            options=[0, *range(1, len(principles) + 1)],
            labels=["all principles", *[label.replace("\n", " ") for label in principles["label"]]],
            name="Organizing principle: ",
        ),
    )
    table = edges.assign(basis=edges["basis"].str.replace("\n", " ", regex=False))
    return finish(
        _drawn((nodes, edges, height), pick, WIDTH, LEFT_EDGE, RIGHT_EDGE),
        # a phone: the right-hand column closer in, so its labels end inside the column
        narrow=_drawn(
            _network_frames(strategy, groups, links, NARROW_LEFT, NARROW_RIGHT),
            pick,
            NARROW_PLOT_WIDTH,
            NARROW_LEFT,
            NARROW_RIGHT,
        ),
        title="Which models carry each organizing principle, and which groups of schools they reach",
        subtitle=[
            "Choose a principle: its models and the groups they reach are drawn thicker and in bold.",
            "Solid line: the paper names the link. Dashed: the companion's inference.",
            SOURCE,
        ],
        description=(
            "Node-link diagram in two panels. Top: District #2's seven organizing principles linked to its five "
            "professional development models. Bottom: the five models linked to the four groups of schools "
            "(Free-Agents, With-the-Drill, Watch-List, Off-the-Screen). A menu highlights one principle's path."
        ),
        data=reader_table(
            table[["from", "to", "support", "basis", "passage"]],
            titles={"from": "From", "to": "To", "support": "Link", "basis": "Basis", "passage": "Passage"},
        ),
        line_chars=40,
    )

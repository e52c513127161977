"""Small helpers shared by the chart functions."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable

import altair as alt
import pandas as pd

from companion.rendering import with_reader_data
from companion.tables import ReaderTable, reader_table
from companion.theme import GREY, HIGHLIGHT, PALETTE, SHAPES


def level_color(title: str = "School level") -> alt.Color:
    """Colour for elementary/intermediate; always paired with :func:`level_shape`."""
    return alt.Color("level:N", title=title, scale=alt.Scale(domain=["elementary", "intermediate"], range=PALETTE[:2]))


def level_shape(title: str = "School level") -> alt.Shape:
    """Shape for elementary/intermediate, so that level is never shown by colour alone."""
    return alt.Shape("level:N", title=title, scale=alt.Scale(domain=["elementary", "intermediate"], range=SHAPES[:2]))


def school_picker(options: list[int], labels: list[str], name: str = "school_pick") -> alt.Parameter:
    """A dropdown (Vega-Lite parameter) that picks one school to highlight; 0 means none."""
    return alt.param(
        name=name,
        value=0,
        bind=alt.binding_select(options=[0, *options], labels=["(none)", *labels], name="Highlight a school: "),
    )


def highlight_condition(param: alt.Parameter, field: str = "school") -> str:
    """Vega expression that is true for the highlighted school."""
    return f"datum.{field} == {param.name}"


__all__ = [
    "GREY",
    "HIGHLIGHT",
    "finish",
    "highlight_condition",
    "level_color",
    "level_shape",
    "school_picker",
    "wrap",
    "wrapped_axis",
    "wrapped_labels",
]


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters (never cut)."""
    return textwrap.wrap(str(text), width=width, break_long_words=False) or [""]


def wrapped_labels(labels: Iterable[str], width: int) -> str:
    """A Vega ``labelExpr`` that shows each label on as many lines as it needs, never cut."""
    lookup = {str(label): wrap(label, width) for label in labels}
    return f"{json.dumps(lookup, ensure_ascii=False)}[datum.value] || datum.label"


def wrapped_axis(
    labels: Iterable[str], width: int, font_size: int = 11, vertical: bool = True, **kwargs: object
) -> alt.Axis:
    """A band axis whose labels wrap at ``width`` characters, each block centred on its tick.

    Vega draws the first line of a multi-line label on the tick, so each label is moved up by
    half its extra lines (a per-label condition on ``labelOffset``).
    """
    labels = [str(x) for x in labels]
    line_height = font_size + 2
    if not vertical:  # a horizontal axis: lines stack downwards from the tick
        return alt.Axis(
            labelExpr=wrapped_labels(labels, width), labelFontSize=font_size, labelLineHeight=line_height, **kwargs
        )
    by_lines: dict[int, list[str]] = {}
    for label in labels:
        by_lines.setdefault(len(wrap(label, width)), []).append(label)
    conditions = [
        {
            "test": f"indexof({json.dumps(group, ensure_ascii=False)}, datum.value) >= 0",
            "value": -(n - 1) * line_height / 2,
        }
        for n, group in sorted(by_lines.items())
        if n > 1
    ]
    offset = {"condition": conditions, "value": 0} if conditions else 0
    return alt.Axis(
        labelExpr=wrapped_labels(labels, width),
        labelFontSize=font_size,
        labelLineHeight=line_height,
        labelBaseline="middle",
        labelOffset=offset,
        **kwargs,
    )


def finish(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: str | list[str] = (),
    description: str,
    data: pd.DataFrame | ReaderTable,
    line_chars: int = 80,
) -> alt.TopLevelMixin:
    """Give a chart what every chart of the book has: a wrapped title and subtitle, a description
    for screen readers, and the data a reader can open beside it (in reader terms)."""
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    table = data if isinstance(data, ReaderTable) else reader_table(data)
    wrapped_subtitle = [part for line in lines for part in wrap(line, int(line_chars * 1.2))]
    heading = (
        alt.Title(wrap(title, line_chars), subtitle=wrapped_subtitle) if lines else alt.Title(wrap(title, line_chars))
    )
    return with_reader_data(chart.properties(title=heading, description=description), table)

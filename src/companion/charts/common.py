"""Small helpers shared by the chart functions."""

from __future__ import annotations

import altair as alt

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


__all__ = ["GREY", "HIGHLIGHT", "highlight_condition", "level_color", "level_shape", "school_picker"]

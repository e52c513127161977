"""The companion's chart theme: a colour-blind-safe palette and readable defaults."""

from __future__ import annotations

import altair as alt

THEME = "companion"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour blindness. Order matters: the first colours go to the most important series.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "sky", "purple", "yellow", "black")]
GREY = "#767676"  # 4.5:1 contrast on white
HIGHLIGHT = OKABE_ITO["vermillion"]
# Shapes for the categories that colour also encodes, so that colour is never alone.
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def config() -> dict:
    """The theme as a Vega-Lite config."""
    return {
        "config": {
            "font": FONT,
            # an opaque background keeps dark text readable when the book is in dark mode
            "background": "white",
            "padding": 8,
            "view": {"continuousWidth": 560, "continuousHeight": 320, "stroke": None},
            "range": {"category": PALETTE, "ordinal": {"scheme": "blues"}},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": "#222", "titleColor": "#222"},
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "orient": "bottom"},
            "title": {"fontSize": 15, "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#444"},
            "mark": {"color": PALETTE[0]},
        }
    }


def enable() -> None:
    """Register the theme with Altair and make it the default."""
    alt.theme.register(THEME, enable=True)(config)

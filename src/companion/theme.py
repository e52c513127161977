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
# The chart font ships with the book (companion_book/static/fonts, a subset of DejaVu Sans), so the
# SVG rendered at build time and the live view in the browser measure text alike. Verdana has
# nearly the same metrics, for notebooks opened where the book's font is not installed.
FONT = "'Companion Sans', 'DejaVu Sans', Verdana, sans-serif"


# The page colours of the book's theme (pydata-sphinx-theme): charts sit on the page's own
# background in either mode, and their text uses the page's text colour.
LIGHT = {"background": "#ffffff", "text": "#222222", "muted": "#444444", "grid": "#dddddd", "domain": "#888888"}
DARK = {"background": "transparent", "text": "#ced6dd", "muted": "#b0b8c0", "grid": "#3a4250", "domain": "#9aa4ae"}
MODES = {"light": LIGHT, "dark": DARK}


def mode_config(mode: str = "light") -> dict:
    """The colour part of the Vega-Lite config for the book's ``light`` or ``dark`` mode."""
    c = MODES[mode]
    axis = {
        "labelColor": c["text"],
        "titleColor": c["text"],
        "gridColor": c["grid"],
        "domainColor": c["domain"],
        "tickColor": c["domain"],
    }
    return {
        "background": c["background"],
        "axis": axis,
        "legend": {"labelColor": c["text"], "titleColor": c["text"]},
        "header": {"labelColor": c["text"], "titleColor": c["text"]},
        "title": {"color": c["text"], "subtitleColor": c["muted"]},
        "text": {"color": c["text"]},
        "rule": {"color": c["domain"]},
    }


def static_dark_css(scope: str = 'html[data-theme="dark"] .companion-static') -> str:
    """CSS that turns a chart's light SVG into its dark one: each light theme colour becomes its dark twin.

    The theme's colours are used by nothing else in a chart (marks take the Okabe-Ito palette),
    so matching the SVG's ``fill`` and ``stroke`` attributes is exact, and the page needs only
    the light SVG.
    """
    rules = []
    for key, light in LIGHT.items():
        dark = DARK[key]
        for prop in ("fill", "stroke"):
            rules.append(f'{scope} [{prop}="{light}"] {{ {prop}: {dark}; }}')
    return "\n".join(rules) + "\n"


def merge(base: dict, override: dict) -> dict:
    """``base`` with ``override`` merged in, nested dictionaries merged key by key."""
    out = dict(base)
    for key, value in override.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def config() -> dict:
    """The theme (light mode) as a Vega-Lite config; :func:`mode_config` gives the dark colours."""
    layout = {
        "font": FONT,
        "padding": 8,
        "view": {"continuousWidth": 560, "continuousHeight": 320, "stroke": None},
        "range": {"category": PALETTE, "ordinal": {"scheme": "blues"}},
        "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelLimit": 0},
        "legend": {"labelFontSize": 12, "titleFontSize": 13, "orient": "bottom", "labelLimit": 0, "titleLimit": 0},
        "header": {"labelFontSize": 12, "labelLimit": 0},
        "title": {"fontSize": 15, "anchor": "start", "subtitleFontSize": 12, "limit": 0},
        "mark": {"color": PALETTE[0]},
    }
    return {"config": merge(layout, mode_config("light"))}


def enable() -> None:
    """Register the theme with Altair and make it the default."""
    alt.theme.register(THEME, enable=True)(config)  # pyright: ignore[reportArgumentType]

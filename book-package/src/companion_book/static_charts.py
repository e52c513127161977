"""The book's charts as static-first HTML, from the Vega-Lite mimetype a notebook stores.

:mod:`companion_book.sphinx_vega` turns each stored chart into :func:`chart_html`: the chart as
inline SVG (rendered at build time by ``vl-convert``; dark mode recolours it with CSS), the
default state of its controls, a note for print, the data behind it as a table with a CSV
download, and the spec as JSON. ``_static/companion-charts.js`` later swaps the static SVG for a
live Vega view of the same size. Nothing is fetched from another host.

A chart with a narrow layout (:func:`companion.rendering.with_narrow`) gets both views: the wide
one is shown only where the column is wide enough for its smallest text to be drawn at
:data:`MIN_TEXT_PX` or more (:func:`wide_from`); elsewhere, and without JavaScript, CSS container
queries show the narrow one (:func:`layout_css`).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import re
from importlib import resources
from typing import Any
from urllib.parse import quote

from companion import theme
from companion.rendering import NARROW_KEY, USERMETA_KEY, bound_params, compact, layouts, reader_data, title_text

# The Vega-Lite version of the bundle the book ships (vl-convert-python); its compiler emits
# specs for the bundled Vega 6 runtime. Altair's v5 specs draw identically with it (checked by
# tests/test_rendering.py on every chart of the book).
VL_VERSION = "6.4"
LIVE_SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VL_VERSION}.0.json"
# The smallest chart text a reader can read without zooming, in CSS px as drawn on screen.
MIN_TEXT_PX = 11
# The wide layout's threshold (the column width from which it is shown) is rounded up to a
# multiple of this, so that one short list of CSS rules (layout_css) serves every chart.
WIDE_FROM_STEP = 20
WIDE_FROM_RANGE = range(360, 1001, WIDE_FROM_STEP)


def element_id(spec: dict[str, Any]) -> str:
    """A stable element id: the same spec always gets the same id."""
    return f"vl-{spec_hash(spec)[:16]}"


def spec_hash(spec: dict[str, Any]) -> str:
    """SHA-256 of the spec's canonical JSON (the key of the build's SVG cache)."""
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()


def live_spec(spec: dict[str, Any], mode: str = "light") -> dict[str, Any]:
    """The spec as the book draws it: bundled Vega-Lite version, the mode's colours merged in."""
    out = dict(spec)
    out["$schema"] = LIVE_SCHEMA
    out["config"] = theme.merge(spec.get("config", {}), theme.mode_config(mode))
    return out


@functools.cache
def _register_fonts() -> None:
    """Let vl-convert measure text with the font the book ships (once per process)."""
    import vl_convert

    vl_convert.register_font_directory(str(resources.files("companion_book").joinpath("static", "fonts")))


# Per-mark ARIA attributes of Vega's SVG: the static chart is one image with one label (its
# container's), so they would only repeat, unread, what the data table below it says.
_MARK_ARIA = re.compile(r' (?:aria-label|aria-roledescription|role)="[^"]*"')


def static_svg(spec: dict[str, Any], mode: str = "light") -> str:
    """The chart as SVG in ``mode`` (deterministic: the same spec gives the same bytes).

    The page inlines the light one; :func:`companion.theme.static_dark_css` recolours it in
    dark mode.
    """
    import vl_convert

    _register_fonts()
    svg = vl_convert.vegalite_to_svg(live_spec(spec, mode), vl_version=VL_VERSION).strip()
    svg = _MARK_ARIA.sub("", svg)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def min_font_size(svg: str) -> float:
    """The smallest font size (px) of the SVG's text."""
    sizes = [float(size) for size in re.findall(r'\sfont-size="([\d.]+)px"', svg)]
    if not sizes:
        raise ValueError("SVG without text")
    return min(sizes)


def wide_from(svg: str) -> int:
    """The narrowest column (CSS px) in which the chart's smallest text is drawn at MIN_TEXT_PX or more.

    An SVG is drawn at most at its own width, scaled down to a narrower column; the value is
    rounded up to WIDE_FROM_STEP, and at least WIDE_FROM_RANGE's start (past its end there is no
    rule: the wide layout is shown in print only).
    """
    width, _ = svg_size(svg)
    needed = width * MIN_TEXT_PX / min_font_size(svg)
    step = int(math.ceil(needed / WIDE_FROM_STEP) * WIDE_FROM_STEP)
    return max(step, WIDE_FROM_RANGE.start)


def layout_css() -> str:
    """CSS that shows a chart's wide layout where its column is at least its ``data-wide-from``, else the narrow one.

    Container queries measure the chart's own box, so the choice follows the column, not the
    window, and needs no script. Print (the PDF edition) always shows the wide layout.
    """
    chart = ".companion-chart[data-wide-from]"
    # the hiding rule is no more specific than the showing rules after it, so those win where they apply
    rules = [f"{chart}{{container-type:inline-size}}", "[data-wide-from]>.companion-wide{display:none}"]
    for step in WIDE_FROM_RANGE:
        this = f'[data-wide-from="{step}"]'
        rules.append(
            f"@container (min-width:{step}px){{{this}>.companion-wide{{display:block}}"
            f"{this}>.companion-narrow{{display:none}}}}"
        )
    rules.append(
        f"@media print{{{chart}>.companion-wide{{display:block!important}}"
        f"{chart}>.companion-narrow{{display:none!important}}}}"
    )
    return "\n".join(rules) + "\n"


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height of an SVG from its root attributes."""
    head = svg[: svg.find(">")]
    width = re.search(r'\swidth="([\d.]+)', head)
    height = re.search(r'\sheight="([\d.]+)', head)
    if not (width and height):
        raise ValueError("SVG without width and height attributes")
    return float(width.group(1)), float(height.group(1))


def controls_html(spec: dict[str, Any]) -> str:
    """The chart's menus and radio buttons in their default state, until the live view takes over.

    The markup mirrors Vega's own bindings so the live controls take the same space. A reader
    can already reach and change them: reaching one makes the chart live, and the live view
    starts from the values chosen. Without JavaScript they are hidden (their space kept).
    """
    parts = []
    for param in bound_params(spec):
        bind = param["bind"]
        name = html.escape(str(bind.get("name", param["name"])))
        options = bind.get("options", [])
        labels = bind.get("labels", options)
        value = param.get("value")
        if bind["input"] == "select":
            opts = "".join(
                f'<option value="{html.escape(str(o), quote=True)}"{" selected" if o == value else ""}>'
                f"{html.escape(str(lab))}</option>"
                for o, lab in zip(options, labels, strict=False)
            )
            parts.append(
                f'<div class="vega-bind"><label><span class="vega-bind-name">{name}</span>'
                f'<select name="{html.escape(param["name"])}">{opts}</select></label></div>'
            )
        elif bind["input"] == "radio":
            radios = "".join(
                f'<label><input type="radio" name="{html.escape(param["name"])}" '
                f'value="{html.escape(str(o), quote=True)}"{" checked" if o == value else ""}> '
                f"{html.escape(str(lab))}</label>"
                for o, lab in zip(options, labels, strict=False)
            )
            parts.append(
                f'<div class="vega-bind"><span class="vega-bind-name">{name}</span>'
                f'<span class="vega-bind-radio">{radios}</span></div>'
            )
    if not parts:
        return ""
    noscript = (
        '<noscript><p class="companion-noscript">The controls of this chart need JavaScript; '
        "it shows their default view.</p></noscript>"
    )
    return (
        '<div class="companion-controls vega-bindings" data-static="1" '
        'title="The chart becomes interactive as it loads; a choice made now is kept.">'
        f"{''.join(parts)}</div>{noscript}"
    )


def print_note_html(spec: dict[str, Any]) -> str:
    """A note shown only in print (and so in the PDF edition): the HTML figure is interactive.

    It names each control with the default it is printed in, the state a reader sees first.
    """
    states = []
    for param in bound_params(spec):
        bind = param["bind"]
        options, value = bind.get("options", []), param.get("value")
        labels = dict(zip(options, bind.get("labels", options), strict=False))
        name = str(bind.get("name", param["name"])).strip().rstrip(":")
        states.append(f"{name}: {labels.get(value, value)}")
    shown = f" Printed here as first shown: {'; '.join(states)}." if states else ""
    text = f"The HTML edition of this figure is interactive: hover or tap for values.{shown}"
    return f'<p class="companion-print-note">{html.escape(text)}</p>'


def data_html(spec: dict[str, Any], ident: str) -> str:
    """A closed ``<details>`` with the data behind the chart as a table, and a CSV download."""
    table = reader_data(spec)
    if table is None:
        return ""
    csv_href = "data:text/csv;charset=utf-8," + quote(table.to_csv(), safe="")
    download = (
        f'<p><a class="companion-csv" download="{ident}-data.csv" href="{csv_href}">'
        f"Download this data as CSV ({len(table)} rows)</a></p>"
    )
    return (
        '<details class="companion-chart-data"><summary>Show the data behind this chart</summary>'
        f"{download}{table.to_html()}</details>"
    )


def _view_html(svg: str, aria: str, layout: str | None) -> str:
    """One layout's static view: the SVG at its own size at most, its space kept before it is drawn."""
    width, height = svg_size(svg)
    style = f' style="max-width:{width:g}px;aspect-ratio:{width:g} / {height:g}"'
    classes = f"companion-view companion-{layout}" if layout else "companion-view"
    static = f'<div class="companion-static" role="img" aria-label="{aria}">{svg}</div>'
    return f'<div class="{classes}"{style}>{static}</div>'


def _payload(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")


def chart_html(spec: dict[str, Any], svg: str | None = None, narrow_svg: str | None = None) -> str:
    """The HTML for one chart: static SVG, default controls, data table and the spec as JSON.

    ``svg`` is the chart's light SVG and ``narrow_svg`` that of its narrow layout (the build
    passes them from its cache); they are rendered here when not given. A chart with a narrow
    layout holds both views and both specs (the narrow one without the datasets it shares).
    """
    ident = element_id(spec)
    label = spec.get("description") or title_text(spec) or "Chart"
    aria = html.escape(str(label), quote=True)
    wide, narrow = layouts(spec)
    svg = svg or static_svg(wide)
    scripts = (
        f'<script type="application/json" class="companion-spec" data-for="{ident}">'
        f"{_payload(live_spec(wide))}</script>\n"
    )
    if narrow is None:
        views, attrs = _view_html(svg, aria, None), ""
    else:
        narrow_svg = narrow_svg or static_svg(narrow)
        views = _view_html(svg, aria, "wide") + _view_html(narrow_svg, aria, "narrow")
        attrs = f' data-wide-from="{wide_from(svg)}"'
        own = compact(spec)["usermeta"][USERMETA_KEY][NARROW_KEY]
        scripts += (
            f'<script type="application/json" class="companion-spec-narrow" data-for="{ident}">'
            f"{_payload(live_spec(own))}</script>\n"
        )
    return (
        f'<div id="{ident}" class="companion-chart"{attrs} role="figure" aria-label="{aria}">'
        f"{views}{controls_html(wide)}{print_note_html(wide)}</div>\n"
        f"{scripts}{data_html(wide, ident)}"
    )

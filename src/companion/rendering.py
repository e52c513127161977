"""Offline chart output: one standard mimetype in notebooks, static-first HTML in the book.

In a notebook the ``companion`` Altair renderer emits only the standard Vega-Lite mimetype,
which JupyterLab, Notebook 7 and VS Code draw with the Vega they ship: no CDN, no random ids,
so the stored output is byte-identical on every run (strict nbval).

In the book, :mod:`companion.sphinx_vega` turns that mimetype into :func:`chart_html`: the
chart as inline SVG (rendered at build time by ``vl-convert``; dark mode recolours it with
CSS), the default state of its controls, the data behind it as a table with a CSV
download, and the spec as JSON. ``_static/companion-charts.js`` later swaps the static SVG
for a live Vega view of the same size. Nothing is fetched from another host.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from importlib import resources
from typing import Any
from urllib.parse import quote

import altair as alt

from companion import theme
from companion.tables import ReaderTable, reader_table

RENDERER = "companion"
VEGALITE_MIMETYPE = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"
# The Vega-Lite version of the bundle the book ships (vl-convert-python); its compiler emits
# specs for the bundled Vega 6 runtime. Altair's v5 specs draw identically with it (checked by
# tests/test_rendering.py on every chart of the book).
VL_VERSION = "6.4"
LIVE_SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VL_VERSION}.0.json"
USERMETA_KEY = "companion"


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

    vl_convert.register_font_directory(str(resources.files("companion").joinpath("static", "fonts")))


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


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height of an SVG from its root attributes."""
    head = svg[: svg.find(">")]
    width = re.search(r'\swidth="([\d.]+)', head)
    height = re.search(r'\sheight="([\d.]+)', head)
    if not (width and height):
        raise ValueError("SVG without width and height attributes")
    return float(width.group(1)), float(height.group(1))


def title_text(spec: dict[str, Any]) -> str:
    """The chart's title as one line of text."""
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def reader_data(spec: dict[str, Any]) -> ReaderTable | None:
    """The data behind a chart in reader terms: what its chart function put in ``usermeta``."""
    data = (spec.get("usermeta") or {}).get(USERMETA_KEY, {}).get("data")
    if not data:
        return None
    return ReaderTable(headers=data["headers"], rows=data["rows"], numeric=data.get("numeric", []))


def _bound_params(spec: Any) -> list[dict[str, Any]]:
    """Every parameter bound to an input element, in spec order."""
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        for param in spec.get("params", []) or []:
            if isinstance(param.get("bind"), dict) and "input" in param["bind"]:
                found.append(param)
        for key, value in spec.items():
            if key not in ("params", "datasets", "data", "usermeta"):
                found += _bound_params(value)
    elif isinstance(spec, list):
        for item in spec:
            found += _bound_params(item)
    unique = {p["name"]: p for p in found}
    return list(unique.values())


def controls_html(spec: dict[str, Any]) -> str:
    """The chart's menus and radio buttons in their default state, until the live view takes over.

    The markup mirrors Vega's own bindings so the live controls take the same space. A reader
    can already reach and change them: reaching one makes the chart live, and the live view
    starts from the values chosen. Without JavaScript they are hidden (their space kept).
    """
    parts = []
    for param in _bound_params(spec):
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
    for param in _bound_params(spec):
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


def chart_html(spec: dict[str, Any], svg: str | None = None) -> str:
    """The HTML for one chart: static SVG, default controls, data table and the spec as JSON.

    ``svg`` is the chart's light SVG (the build passes it from its cache); it is rendered here
    when not given.
    """
    ident = element_id(spec)
    label = spec.get("description") or title_text(spec) or "Chart"
    aria = html.escape(str(label), quote=True)
    payload = json.dumps(live_spec(spec), sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    svg = svg or static_svg(spec)
    width, height = svg_size(svg)
    style = f' style="max-width:{width:g}px;aspect-ratio:{width:g} / {height:g}"'
    static = f'<div class="companion-static" role="img" aria-label="{aria}">{svg}</div>'
    return (
        f'<div id="{ident}" class="companion-chart" role="figure" aria-label="{aria}">'
        f'<div class="companion-view"{style}>{static}</div>{controls_html(spec)}{print_note_html(spec)}</div>\n'
        f'<script type="application/json" class="companion-spec" data-for="{ident}">{payload}</script>\n'
        f"{data_html(spec, ident)}"
    )


def with_reader_data(chart: alt.TopLevelMixin, table: ReaderTable) -> alt.TopLevelMixin:
    """``chart`` carrying ``table`` as the data a reader can open beside it."""
    meta = {USERMETA_KEY: {"data": {"headers": table.headers, "rows": table.rows, "numeric": table.numeric}}}
    return chart.properties(usermeta=meta)


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Altair renderer entry point: the Vega-Lite spec and a short plain-text stand-in."""
    return {VEGALITE_MIMETYPE: spec, "text/plain": f"<Vega-Lite chart: {title_text(spec)}>"}


def enable() -> None:
    """Register and switch on the companion renderer and theme (idempotent)."""
    alt.renderers.register(RENDERER, mimebundle)
    alt.renderers.enable(RENDERER)
    theme.enable()


__all__ = ["chart_html", "enable", "live_spec", "mimebundle", "reader_data", "reader_table", "static_svg"]

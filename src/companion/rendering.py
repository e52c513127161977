"""Chart output in notebooks: one standard mimetype, and the chart metadata the book reads.

The ``companion`` Altair renderer emits only the standard Vega-Lite mimetype, which JupyterLab,
Notebook 7 and VS Code draw with the Vega they ship: no CDN, no random ids, so the stored output
is byte-identical on every run (strict nbval).

A chart may carry, in its ``usermeta``, the data behind it in reader terms
(:func:`with_reader_data`) and a narrow layout of its own (:func:`with_narrow`), whose spec shares
the wide one's datasets instead of repeating them (:func:`compact`; :func:`layouts` splits them
again). Notebooks show the wide layout. The book (the ``companion-book`` distribution,
``companion_book.static_charts``) turns the stored mimetype into static-first HTML.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import altair as alt

from companion import theme
from companion.tables import ReaderTable, reader_table

RENDERER = "companion"
# Any top-level chart: what a helper that adds metadata returns is the kind of chart it was given.
ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)
VEGALITE_MIMETYPE = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"
# What Jupyter front ends draw a live widget from (an explorer's output in a notebook).
WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"
USERMETA_KEY = "companion"
NARROW_KEY = "narrow"


def layouts(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The chart's wide spec (without the narrow one inside) and its narrow spec, whole, or None."""
    meta = (spec.get("usermeta") or {}).get(USERMETA_KEY) or {}
    narrow = meta.get(NARROW_KEY)
    if narrow is None:
        return spec, None
    wide = dict(spec, usermeta={**spec["usermeta"], USERMETA_KEY: {k: v for k, v in meta.items() if k != NARROW_KEY}})
    shared = {k: v for k, v in (spec.get("datasets") or {}).items() if k not in (narrow.get("datasets") or {})}
    used = json.dumps(narrow)
    datasets = {**{k: v for k, v in shared.items() if f'"{k}"' in used}, **(narrow.get("datasets") or {})}
    return wide, {**narrow, "datasets": datasets} if datasets else narrow


def compact(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with its narrow layout's copies of the wide layout's datasets left out (as notebooks store it).

    Altair names each dataset by a hash of its content, so a name both specs hold is the same data.
    """
    meta = (spec.get("usermeta") or {}).get(USERMETA_KEY) or {}
    narrow = meta.get(NARROW_KEY)
    if not narrow or not narrow.get("datasets"):
        return spec
    wide = spec.get("datasets") or {}
    own = {k: v for k, v in narrow["datasets"].items() if wide.get(k) != v}
    slim = {k: v for k, v in narrow.items() if k != "datasets"} | ({"datasets": own} if own else {})
    return dict(spec, usermeta={**spec["usermeta"], USERMETA_KEY: {**meta, NARROW_KEY: slim}})


def with_narrow(chart: ChartT, narrow: alt.TopLevelMixin) -> ChartT:
    """``chart`` carrying ``narrow``, its layout for a narrow column (a phone), with the same controls.

    Raises ValueError when the two layouts do not bind the same controls: the reader's choices
    must carry over when the layout changes.
    """
    narrow_spec = narrow.to_dict()
    wide_controls = [(p["name"], p["bind"]) for p in bound_params(chart.to_dict())]
    narrow_controls = [(p["name"], p["bind"]) for p in bound_params(narrow_spec)]
    if wide_controls != narrow_controls:
        raise ValueError(
            "the narrow layout must bind the same controls as the wide one: "
            f"{[n for n, _ in wide_controls]} against {[n for n, _ in narrow_controls]}"
        )
    narrow_spec.pop("$schema", None)
    return _with_meta(chart, NARROW_KEY, narrow_spec)


def _with_meta(chart: ChartT, key: str, value: Any) -> ChartT:
    """``chart`` with ``value`` under ``key`` of its companion usermeta, other entries kept."""
    current: Any = getattr(chart, "usermeta", alt.Undefined)  # a schema attribute the type stubs do not declare
    usermeta = {} if current is alt.Undefined else dict(current)
    meta = dict(usermeta.get(USERMETA_KEY) or {})
    meta[key] = value
    return chart.properties(usermeta={**usermeta, USERMETA_KEY: meta})


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


def bound_params(spec: Any) -> list[dict[str, Any]]:
    """Every parameter bound to an input element, in spec order."""
    found: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        for param in spec.get("params", []) or []:
            if isinstance(param.get("bind"), dict) and "input" in param["bind"]:
                found.append(param)
        for key, value in spec.items():
            if key not in ("params", "datasets", "data", "usermeta"):
                found += bound_params(value)
    elif isinstance(spec, list):
        for item in spec:
            found += bound_params(item)
    unique = {p["name"]: p for p in found}
    return list(unique.values())


def with_reader_data(chart: ChartT, table: ReaderTable) -> ChartT:
    """``chart`` carrying ``table`` as the data a reader can open beside it."""
    return _with_meta(chart, "data", {"headers": table.headers, "rows": table.rows, "numeric": table.numeric})


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Altair renderer entry point: the Vega-Lite spec (compacted) and a short plain-text stand-in."""
    return {VEGALITE_MIMETYPE: compact(spec), "text/plain": f"<Vega-Lite chart: {title_text(spec)}>"}


def enable() -> None:
    """Register and switch on the companion renderer and theme (idempotent)."""
    alt.renderers.register(RENDERER, mimebundle)
    alt.renderers.enable(RENDERER)
    theme.enable()


__all__ = [
    "bound_params",
    "compact",
    "enable",
    "layouts",
    "mimebundle",
    "reader_data",
    "reader_table",
    "title_text",
    "with_narrow",
    "with_reader_data",
]

"""Offline chart output: one standard mimetype in notebooks, local-script HTML in the book.

In a notebook the ``companion`` Altair renderer emits only the standard Vega-Lite mimetype,
which JupyterLab, Notebook 7 and VS Code draw with the Vega they ship: no CDN, no random ids,
so the stored output is byte-identical on every run (strict nbval).

In the book, :mod:`companion.sphinx_vega` turns that mimetype into :func:`chart_html`: a
``div`` whose id is derived from the spec, plus a script that draws it with the Vega bundle
written into the build. Nothing is fetched from another host in either place.
"""

from __future__ import annotations

import hashlib
import html
import json
from typing import Any

import altair as alt

RENDERER = "companion"
VEGALITE_MIMETYPE = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"

_SCRIPT = """<script type="text/javascript">
(function () {{
  var el = document.getElementById("{element_id}");
  var spec = {spec};
  function show() {{
    if (!window.vegaEmbed) {{
      el.textContent = "This chart needs the book's companion-vega.js script, which did not load.";
      console.error("companion: vegaEmbed is not defined");
      return;
    }}
    window.vegaEmbed(el, spec, {options}).catch(function (error) {{
      el.textContent = "The chart could not be drawn: " + error;
      console.error(error);
    }});
  }}
  // A data table a reader can open instead of (or beside) the chart, built only when opened.
  var details = document.createElement("details");
  details.className = "companion-chart-data";
  var summary = document.createElement("summary");
  summary.textContent = "Show the data behind this chart as a table";
  details.appendChild(summary);
  details.addEventListener("toggle", function () {{
    if (!details.open || details.querySelector("table")) {{ return; }}
    var sets = spec.datasets || {{}};
    Object.keys(sets).forEach(function (name) {{
      var rows = sets[name];
      if (!rows.length) {{ return; }}
      var columns = Object.keys(rows[0]);
      var table = document.createElement("table");
      table.className = "table companion-data-table";
      var head = table.createTHead().insertRow();
      columns.forEach(function (c) {{
        var th = document.createElement("th");
        th.scope = "col";
        th.textContent = c;
        head.appendChild(th);
      }});
      var body = table.createTBody();
      rows.forEach(function (row) {{
        var tr = body.insertRow();
        columns.forEach(function (c) {{ tr.insertCell().textContent = row[c] === null ? "" : String(row[c]); }});
      }});
      details.appendChild(table);
    }});
  }});
  el.insertAdjacentElement("afterend", details);
  if (document.readyState === "loading") {{
    document.addEventListener("DOMContentLoaded", show);
  }} else {{
    show();
  }}
}})();
</script>"""

EMBED_OPTIONS = {"renderer": "svg", "actions": False, "tooltip": {"theme": "light"}}


def element_id(spec: dict[str, Any]) -> str:
    """A stable element id: the same spec always gets the same id."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode("utf-8")).hexdigest()
    return f"vl-{digest[:16]}"


def chart_html(spec: dict[str, Any]) -> str:
    """The HTML that draws ``spec`` with the book's local Vega bundle."""
    ident = element_id(spec)
    label = spec.get("description") or _title(spec) or "Chart"
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    div = (
        f'<div id="{ident}" class="companion-chart" role="figure" '
        f'aria-label="{html.escape(str(label), quote=True)}"></div>'
    )
    return div + "\n" + _SCRIPT.format(element_id=ident, spec=payload, options=json.dumps(EMBED_OPTIONS))


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def mimebundle(spec: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Altair renderer entry point: the Vega-Lite spec and a short plain-text stand-in."""
    return {VEGALITE_MIMETYPE: spec, "text/plain": f"<Vega-Lite chart: {_title(spec)}>"}


def enable() -> None:
    """Register and switch on the companion renderer and theme (idempotent)."""
    from companion import theme

    alt.renderers.register(RENDERER, mimebundle)
    alt.renderers.enable(RENDERER)
    theme.enable()

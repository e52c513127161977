"""The offline renderer: standard mimetype in notebooks, stable local-script HTML in the book."""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from companion import rendering
from companion_book import sphinx_hygiene, sphinx_vega, static_charts


@pytest.fixture
def chart() -> alt.Chart:
    rendering.enable()
    frame = pd.DataFrame({"school": ["A", "B"], "pct": [10.0, 20.0]})
    return alt.Chart(frame).mark_bar().encode(x="pct:Q", y="school:N").properties(description="Two bars, A and B.")


def test_renderer_emits_only_the_standard_mimetype(chart):
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {rendering.VEGALITE_MIMETYPE, "text/plain"}
    assert "cdn" not in json.dumps(bundle).lower()


def test_output_is_identical_on_every_run(chart):
    first = json.dumps(rendering.mimebundle(chart.to_dict()), sort_keys=True)
    second = json.dumps(rendering.mimebundle(chart.to_dict()), sort_keys=True)
    assert first == second


def test_chart_html_ids_derive_from_content(chart):
    spec = chart.to_dict()
    html = static_charts.chart_html(spec)
    assert html == static_charts.chart_html(spec)
    assert f'id="{static_charts.element_id(spec)}"' in html
    other = chart.properties(description="Another").to_dict()
    assert static_charts.element_id(other) != static_charts.element_id(spec)


def test_chart_html_loads_nothing_remote_and_escapes_script_end(chart):
    spec = chart.to_dict()
    spec["description"] = "ends </script> here"
    html = static_charts.chart_html(spec)
    assert "<script src" not in html
    # nothing that a browser would fetch (an SVG namespace URI is a name, not a request)
    assert not re.search(r'(src|href|xlink:href)="https?:|url\(https?:', html.split('class="companion-spec"')[0])
    assert html.count("</script>") == 1
    assert 'aria-label="ends &lt;/script&gt; here"' in html


def test_mime_plugin_renders_vegalite_and_ignores_other_types(chart):
    class Data:
        mime_type = rendering.VEGALITE_MIMETYPE
        content = chart.to_dict()
        string = json.dumps(content)

    nodes = sphinx_vega.VegaLiteMimeRenderer.handle_mime(None, Data, inline=False)
    assert nodes and "companion-chart" in nodes[0].astext()

    class Html(Data):
        mime_type = "text/html"

    assert sphinx_vega.VegaLiteMimeRenderer.handle_mime(None, Html, inline=False) is None
    priorities = {b: p for b, m, p in sphinx_vega.VegaLiteMimeRenderer.mime_priority_overrides}
    assert priorities["html"] < 30  # ahead of MyST-NB's text/html


def test_bundle_is_wrapped_in_a_function_scope(tmp_path):
    script = sphinx_vega.cached_script(tmp_path)
    assert script.splitlines()[1] == "(function () {"
    assert script.rstrip().endswith("})();")
    assert "window.vegaEmbed" in script
    assert "import " not in script.splitlines()[2][:20]
    # cached: the second call reads the file instead of bundling again
    assert sphinx_vega.cached_script(tmp_path) == script


def test_thebe_scripts_are_dropped_from_pages():
    class Script(str):
        def __new__(cls, filename, body=""):
            obj = super().__new__(cls, filename or "")
            obj.filename, obj.attributes = filename, {"body": body} if body else {}
            return obj

    context = {
        "script_files": [
            Script("_static/sphinx-thebe.js"),
            Script(None, 'const THEBE_JS_URL = "x"'),
            Script("_static/companion-vega.js"),
        ],
        "css_files": [],
    }
    sphinx_hygiene.drop_thebe_scripts(None, "intro", "page.html", context, None)
    assert [s.filename for s in context["script_files"]] == ["_static/companion-vega.js"]

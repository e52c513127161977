"""Every chart has a narrow layout of its own, legible on a phone, and a wide one legible at 1280 px.

Checked on the SVGs the book inlines (vl-convert, the book's font), drawn at their own size in a
phone's column: the narrow layout must fit the 358 px column of a 390 px phone with no text under
11 px, and the wide layout must be shown (legibly) in the 688 px chart column of a 1280 px window.
The layouts say the same thing: same title, description and controls.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from companion import rendering
from companion.charts.common import NARROW_WIDTH, finish
from companion_book import sphinx_hygiene, static_charts

from .chart_cases import chart_functions, function_spec

FUNCTIONS = chart_functions()
DESKTOP_CHART_PX = 688  # a chart's box in a chapter at a 1280 px window (measured)


@pytest.fixture(scope="module", params=sorted(FUNCTIONS))
def layouts(request: pytest.FixtureRequest) -> tuple[str, dict, dict]:
    wide, narrow = rendering.layouts(function_spec(request.param))
    return request.param, wide, narrow


def test_every_chart_has_a_narrow_layout_that_fits_a_phone_with_text_of_11_px(layouts):
    name, _, narrow = layouts
    assert narrow is not None, f"{name}: no narrow layout"
    svg = static_charts.static_svg(narrow)
    width, _ = static_charts.svg_size(svg)
    assert width <= NARROW_WIDTH, f"{name}: narrow layout {width:g} px wide"
    assert static_charts.min_font_size(svg) >= static_charts.MIN_TEXT_PX


def test_the_wide_layout_is_shown_legibly_at_1280_px(layouts):
    name, wide, _ = layouts
    wide_from = static_charts.wide_from(static_charts.static_svg(wide))
    assert wide_from <= DESKTOP_CHART_PX, f"{name}: narrow layout at 1280 px"


def test_both_layouts_say_the_same_thing_with_the_same_controls(layouts):
    name, wide, narrow = layouts
    # the same words, wrapped to other widths (a line may break after a hyphen)
    assert "".join(rendering.title_text(narrow).split()) == "".join(rendering.title_text(wide).split()), name
    assert narrow.get("description") == wide.get("description")
    controls = [(p["name"], p["bind"]) for p in rendering.bound_params(wide)]
    assert [(p["name"], p["bind"]) for p in rendering.bound_params(narrow)] == controls


def _bars(width: int, with_menu: bool = False) -> alt.Chart:
    chart = (
        alt.Chart(pd.DataFrame({"school": ["A", "B"], "pct": [10.0, 20.0]}))
        .mark_bar()
        .encode(x="pct:Q", y="school:N", tooltip=["pct:Q"])
        .properties(width=width)
    )
    if with_menu:
        chart = chart.add_params(alt.param(name="pick", value=1, bind=alt.binding_select(options=[1, 2])))
    return chart


def test_a_narrow_layout_with_other_controls_is_one_clear_error():
    with pytest.raises(ValueError, match="same controls as the wide one"):
        finish(_bars(400, with_menu=True), title="T", description="D", data=None, narrow=_bars(200))


def test_the_notebook_output_shares_the_data_and_the_book_holds_both_layouts():
    rendering.enable()
    chart = finish(_bars(400), title="Two bars", description="Two bars, A and B.", data=None, narrow=_bars(200))
    spec = rendering.mimebundle(chart.to_dict())[rendering.VEGALITE_MIMETYPE]
    narrow = spec["usermeta"]["companion"]["narrow"]
    assert "datasets" not in narrow  # the same data as the wide layout: stored once
    wide, whole = rendering.layouts(spec)
    assert "narrow" not in wide["usermeta"]["companion"]
    assert whole["datasets"] == spec["datasets"]
    html = static_charts.chart_html(spec)
    assert html.count('class="companion-static"') == 2
    assert 'class="companion-view companion-wide"' in html and 'class="companion-view companion-narrow"' in html
    assert f'data-wide-from="{static_charts.wide_from(static_charts.static_svg(wide))}"' in html
    assert html.count('class="companion-spec-narrow"') == 1


def test_the_wide_layout_is_kept_for_columns_where_its_smallest_text_reaches_11_px():
    svg = '<svg width="600" height="100"><text font-size="12px">a</text><text font-size="10px">b</text></svg>'
    assert static_charts.wide_from(svg) == 660  # 600 px x 11 / 10, rounded up to 20
    css = static_charts.layout_css()
    for step in static_charts.WIDE_FROM_RANGE:
        assert f'@container (min-width:{step}px){{[data-wide-from="{step}"]>.companion-wide{{display:block}}' in css
    assert "@media print" in css  # the PDF edition prints the wide layouts


def test_the_webfont_keeps_the_glyphs_the_stylesheets_draw_and_the_icons_the_pages_use():
    css = (
        '.fa-bars:before{content:"\\f0c9"}.fa-anchor:before{content:"\\f13d"}'
        ".admonition.note>.admonition-title:after{content:var(--pst-icon-info)}"
        ':root{--pst-icon-info:"\uf05a"}div.exercise p.admonition-title::after{content:"\\f303"}'
    )
    assert sphinx_hygiene.css_glyphs(css, {"bars"}) == {0xF0C9, 0xF05A, 0xF303}

"""The helpers every chart shares (companion.charts.common), each checked on its own."""

from __future__ import annotations

import itertools
import json

import altair as alt
import pandas as pd
import pytest

from companion import rendering
from companion.charts import common


def test_tooltips_title_columns_like_reader_tables_and_type_them_from_the_data():
    frame = pd.DataFrame({"school": [1, 2], "frl_pct": [10.5, 20.0], "level": ["elementary", "intermediate"]})
    tips = [
        t.to_dict()
        for t in common.tooltips(frame, "school frl_pct level count():Q", {"school": "School", "count()": "Schools"})
    ]
    assert tips == [
        {"field": "school", "type": "quantitative", "title": "School"},
        {"field": "frl_pct", "type": "quantitative", "title": "Free/reduced lunch %"},
        {"field": "level", "type": "nominal", "title": "Level"},
        {"aggregate": "count", "type": "quantitative", "title": "Schools"},
    ]


def test_tooltip_formats_apply_only_to_the_columns_named():
    frame = pd.DataFrame({"a": [1.25], "b": [2.5]})
    tips = [t.to_dict() for t in common.tooltips(frame, "a b", formats={"a": ".1f"})]
    assert tips[0]["format"] == ".1f" and "format" not in tips[1]


def test_labelled_bars_write_each_value_past_its_bar_and_keep_the_tooltip():
    frame = pd.DataFrame({"item": ["x", "y"], "n": [3, 5]})
    base = alt.Chart(frame).encode(y="item:N", x="n:Q")
    spec = common.labelled_bars(base, "n:Q", common.tooltips(frame, "item n"), "#0072B2").to_dict()
    bars, text = spec["layer"]
    assert bars["mark"] == {"type": "bar", "color": "#0072B2"}
    assert [t["field"] for t in bars["encoding"]["tooltip"]] == ["item", "n"]
    assert text["mark"]["type"] == "text" and text["mark"]["align"] == "left"
    assert text["encoding"]["text"] == {"field": "n", "type": "quantitative"}


def test_plot_area_maps_data_to_pixels_and_back():
    area = common.PlotArea((0, 100), (0, 50), 400, 200)
    assert area.pixels(25, 50) == (100, 0) and area.pixels(0, 0) == (0, 200)
    assert area.data(*area.pixels(37.5, 12.5)) == pytest.approx((37.5, 12.5))


def _boxes(placed: pd.DataFrame, area: common.PlotArea, char_px: float = 7.0, line_px: float = 13.0) -> list:
    boxes = []
    for row in placed.itertuples():
        x, y = area.pixels(row.label_x, row.label_y)
        width = char_px * len(str(row.name))
        left = x - (width if row.align == "right" else width / 2 if row.align == "center" else 0)
        boxes.append((left, y - line_px / 2, left + width, y + line_px / 2))
    return boxes


def test_place_labels_keeps_crowded_labels_apart_and_inside_the_plot():
    # Four schools stacked 6 px apart, and two beside them: every label must still find its own spot.
    frame = pd.DataFrame({"x": [50, 50, 50, 50, 54, 54], "y": [40, 41.5, 43, 44.5, 40, 44], "name": list("ABCDEF")})
    area = common.PlotArea((0, 100), (0, 85), 500, 340)
    boxes = _boxes(common.place_labels(frame, "x", "y", "name", area), area)
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"labels overlap: {a} {b}"
    assert all(0 <= b[0] and b[2] <= 500 and 0 <= b[1] and b[3] <= 340 for b in boxes)


def test_a_label_at_the_right_edge_is_placed_to_the_left_of_its_point():
    frame = pd.DataFrame({"x": [99.0], "y": [40.0], "name": ["School 151"]})
    placed = common.place_labels(frame, "x", "y", "name", common.PlotArea((0, 100), (0, 85), 500, 340))
    assert placed["align"].tolist() == ["right"]


def test_finish_gives_title_subtitle_description_and_reader_data():
    frame = pd.DataFrame({"frl_pct": [1.0]})
    chart = common.finish(
        alt.Chart(frame).mark_point().encode(x="frl_pct:Q"),
        title="A title " * 12,
        subtitle="Source: somewhere.",
        description="What the chart shows.",
        data=frame,
    )
    spec = chart.to_dict()
    assert all(len(line) <= 64 for line in spec["title"]["text"]) and len(spec["title"]["text"]) > 1
    assert spec["title"]["subtitle"] == ["Source: somewhere."] and spec["description"] == "What the chart shows."
    table = rendering.reader_data(spec)
    assert table is not None and table.headers == ["Free/reduced lunch %"]


def test_wrapped_axis_never_cuts_a_label_and_centres_multi_line_labels():
    labels = ["short", "a label long enough to need three lines of text here"]
    axis = common.wrapped_axis(labels, 20).to_dict()
    lookup = json.loads(axis["labelExpr"].split("[datum.value]")[0])
    assert " ".join(lookup[labels[1]]) == labels[1] and all(len(line) <= 20 for line in lookup[labels[1]])
    condition = axis["labelOffset"]["condition"][0]
    assert labels[1] in condition["test"] and condition["value"] == -(3 - 1) * 13 / 2

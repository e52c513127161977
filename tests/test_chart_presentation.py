"""What every chart of the book must give a reader, checked on the real specs and their SVG.

The SVG is the one the book inlines (vl-convert, the book's own font), so its size is the
size a reader sees at 1280 px: it must fit the text column, and no label may be cut.
"""

from __future__ import annotations

import json
import re

import pytest

from companion import rendering
from companion_book import static_charts

from .chart_cases import book_charts, chart_functions, figure_spec, function_spec
from .figures import book_figures, comparable, stored_figures

CASES = book_charts()
STORED = stored_figures()  # every figure the chapters store, whether or not it has a case
COLUMN_PX = 740  # the text column of a chapter at a 1280 px window (measured: 752 px)
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def _case(name: str):
    if name not in CASES:
        pytest.fail(f"{STORED[name].page} stores figure {name} but tests/chart_cases.py has no case for it")
    return CASES[name]


@pytest.fixture(scope="module", params=sorted(STORED))
def figure(request: pytest.FixtureRequest) -> tuple[str, dict, str]:
    _case(request.param)
    spec = figure_spec(request.param)
    return request.param, spec, static_charts.static_svg(spec)


def test_every_figure_of_the_book_has_a_case():
    assert set(CASES) == set(STORED) == {figure.name for figure in book_figures()}


@pytest.mark.parametrize("name", sorted(STORED))
def test_each_case_builds_the_figure_its_chapter_stores(name):
    _case(name)
    built = rendering.mimebundle(figure_spec(name))[rendering.VEGALITE_MIMETYPE]
    assert comparable(built) == comparable(STORED[name].spec), (
        f"the case of {name} builds another chart than {STORED[name].page} stores: build it as the chapter does"
    )


def _walk(node: object, key: str) -> list[object]:
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                found.append(v)
            found += _walk(v, key)
    elif isinstance(node, list):
        for item in node:
            found += _walk(item, key)
    return found


def test_fits_the_text_column(figure):
    name, _, svg = figure
    width, _ = static_charts.svg_size(svg)
    assert width <= COLUMN_PX, f"{name} is {width:.0f} px wide; the column is {COLUMN_PX} px"


def test_no_label_is_cut(figure):
    name, spec, svg = figure
    assert "…" not in svg, f"{name} cuts a label with an ellipsis"
    limits = [v for v in _walk(spec, "labelLimit") + _walk(spec, "limit") if v]
    assert limits == [], f"{name} sets a label limit: {limits}"


def _title(spec: dict) -> dict:
    """The chart's title, or for a concatenation without one, its first part's."""
    return spec.get("title") or (spec.get("vconcat") or spec.get("hconcat"))[0]["title"]


def test_has_title_description_tooltips_and_no_remote_data(figure):
    name, spec, _ = figure
    assert _title(spec), f"{name} has no title"
    assert len(spec.get("description", "")) > 40, f"{name} lacks a description for screen readers"
    assert _walk(spec, "tooltip"), f"{name} has no tooltip"
    assert not [u for u in _walk(spec, "url") if str(u).startswith("http")]


def test_shows_its_data_in_reader_terms(figure):
    name, spec, _ = figure
    table = rendering.reader_data(spec)
    assert table is not None, f"{name} gives no data table"
    assert 0 < len(table) < 500, f"Figure {name}: {len(table)} rows is not what the chart plots"
    assert not [h for h in table.headers if SNAKE.match(h)], f"Figure {name}: raw column names {table.headers}"
    cells = [c for row in table.rows for c in row]
    assert not [c for c in cells if re.fullmatch(r"-?\d+\.0", c) or c in ("<NA>", "nan", "None")]


def test_titles_fit_the_chart(figure):
    name, spec, _ = figure
    title = _title(spec)
    lines = title["text"] if isinstance(title["text"], list) else [title["text"]]
    assert all(len(line) <= 70 for line in lines), f"Figure {name}: title line too long for the column"


@pytest.mark.real_renders
def test_static_svg_is_deterministic():
    spec = figure_spec("fig-ev-gathering-funnel")
    assert static_charts.static_svg(spec) == static_charts.static_svg(spec)


def test_dark_mode_css_recolours_every_theme_colour_of_the_static_svg():
    from companion import theme

    svg = static_charts.static_svg(figure_spec("fig-d2-district-enrollment"))
    css = theme.static_dark_css()
    used = set(re.findall(r'(fill|stroke)="(#[0-9a-f]{6})"', svg))
    themed = {(p, c) for p, c in used if c in theme.LIGHT.values()}
    assert ("fill", theme.LIGHT["text"]) in themed and ("fill", theme.LIGHT["background"]) in themed
    for prop, colour in themed:
        dark = next(theme.DARK[k] for k, v in theme.LIGHT.items() if v == colour)
        assert f'[{prop}="{colour}"] {{ {prop}: {dark}; }}' in css


def test_static_svg_is_one_labelled_image():
    svg = static_charts.static_svg(figure_spec("fig-d2-district-enrollment"))
    assert svg.startswith('<svg aria-hidden="true"') and "aria-label" not in svg and "role=" not in svg


def test_reader_data_travels_in_usermeta_as_json():
    spec = figure_spec("fig-d2-reading-spread")
    meta = spec["usermeta"]["companion"]["data"]
    assert json.loads(json.dumps(meta)) == meta
    assert meta["headers"][0] == "Share of students (%)"


# --- every public chart function, not only those the book shows -------------------------------------

FUNCTIONS = chart_functions()
DATA_MARKS = {"bar", "point", "circle", "square", "rect", "tick", "arc", "line", "area"}


def _public_chart_functions() -> set[str]:
    import importlib
    import inspect
    import pkgutil

    import companion.charts

    found = set()
    for module in pkgutil.iter_modules(companion.charts.__path__):
        if module.name == "common":  # helpers the chart functions share, tested in test_chart_helpers.py
            continue
        mod = importlib.import_module(f"companion.charts.{module.name}")
        for name, function in inspect.getmembers(mod, inspect.isfunction):
            if function.__module__ == mod.__name__ and not name.startswith("_"):
                found.add(f"{module.name}.{name}")
    return found


def test_every_public_chart_function_is_called_by_a_case():
    assert _public_chart_functions() == set(FUNCTIONS)


def _units(spec: dict, inherited: dict | None = None) -> list[tuple[dict, dict]]:
    """Every single-view spec (one with a mark) with the encoding it inherits from its layers."""
    encoding = {**(inherited or {}), **spec.get("encoding", {})}
    if "mark" in spec:
        return [(spec, encoding)]
    found = []
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            found += _units(part, encoding if key == "layer" else None)
    if "spec" in spec:
        found += _units(spec["spec"], encoding)
    return found


@pytest.fixture(scope="module", params=sorted(FUNCTIONS))
def made(request: pytest.FixtureRequest) -> tuple[str, dict]:
    return request.param, function_spec(request.param)


def test_every_chart_function_gives_title_description_tooltips_on_data_marks_and_no_remote_data(made):
    name, spec = made
    assert _title(spec), f"{name} has no title"
    assert len(spec.get("description", "")) > 40, f"{name} lacks a description for screen readers"
    marks = [(unit, encoding) for unit, encoding in _units(spec) if _mark_type(unit) in DATA_MARKS and _visible(unit)]
    assert marks, f"{name} draws no data mark"
    bare = [_mark_type(unit) for unit, encoding in marks if "tooltip" not in encoding and not _mark_tooltip(unit)]
    assert bare == [], f"{name}: data marks without a tooltip: {bare}"
    urls = [u for u in _walk(spec, "url") if re.match(r"[a-z]+://", str(u))]
    assert urls == [], f"{name} loads data from {urls}"


def _mark_type(unit: dict) -> str:
    mark = unit["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def _mark_tooltip(unit: dict) -> bool:
    return isinstance(unit["mark"], dict) and bool(unit["mark"].get("tooltip"))


def _visible(unit: dict) -> bool:
    """False for an invisible spacer mark (opacity 0), which a reader cannot hover."""
    return not (isinstance(unit["mark"], dict) and unit["mark"].get("opacity") == 0)

"""Small helpers shared by the chart functions."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from companion.measures import LEVELS
from companion.rendering import ChartT, with_narrow, with_reader_data
from companion.tables import ReaderTable, humanize, reader_table
from companion.theme import GREY, HIGHLIGHT, PALETTE, SHAPES


def level_color(title: str = "School level") -> alt.Color:
    """Colour for elementary/intermediate; always paired with :func:`level_shape`."""
    return alt.Color("level:N", title=title, scale=alt.Scale(domain=LEVELS, range=PALETTE[: len(LEVELS)]))


def level_shape(title: str = "School level") -> alt.Shape:
    """Shape for elementary/intermediate, so that level is never shown by colour alone."""
    return alt.Shape("level:N", title=title, scale=alt.Scale(domain=LEVELS, range=SHAPES[: len(LEVELS)]))


def school_picker(options: list[int], labels: list[str], name: str = "school_pick") -> alt.Parameter:
    """A dropdown (Vega-Lite parameter) that picks one school to highlight; 0 means none."""
    return alt.param(
        name=name,
        value=0,
        bind=alt.binding_select(options=[0, *options], labels=["(none)", *labels], name="Highlight a school: "),
    )


def tooltips(
    frame: pd.DataFrame, columns: str, titles: Mapping[str, str] | None = None, formats: Mapping[str, str] | None = None
) -> list[alt.Tooltip]:
    """Tooltips for the space-separated ``columns`` of ``frame``, titled the way reader tables title them.

    A column's title is ``titles[column]`` if given, else a readable form of its name; numbers are
    quantitative (with ``formats[column]`` if given), everything else nominal. A column written
    ``name:T`` keeps the type ``T`` (for fields Vega computes, which ``frame`` does not hold).
    """
    titles, formats = titles or {}, formats or {}
    tips = []
    for column in columns.split():
        name, _, kind = column.partition(":")
        kind = kind or ("Q" if name in frame and pd.api.types.is_numeric_dtype(frame[name]) else "N")
        extra: dict[str, Any] = {"format": formats[name]} if name in formats else {}
        tips.append(alt.Tooltip(f"{name}:{kind}", title=titles.get(name, humanize(name)), **extra))
    return tips


def labelled_bars(
    base: alt.Chart,
    text: str,
    tooltip: list[alt.Tooltip],
    mark_color: str | None = None,
    line_break: str | None = None,
    **encoding: Any,
) -> alt.LayerChart:
    """Bars on ``base``'s encoding (plus ``encoding``) with each bar's value, ``text``, written past its end
    (on several lines where ``line_break`` splits it)."""
    color: dict[str, Any] = {"color": mark_color} if mark_color else {}
    bars = base.mark_bar(**color).encode(tooltip=tooltip, **encoding)
    lines: dict[str, Any] = {"lineBreak": line_break} if line_break else {}
    return bars + base.mark_text(align="left", dx=4, **lines).encode(text=text)


def highlight_condition(param: alt.Parameter, field: str = "school") -> str:
    """Vega expression that is true for the highlighted school."""
    return f"datum.{field} == {param.name}"


__all__ = [
    "GREY",
    "HIGHLIGHT",
    "NARROW_LINE_CHARS",
    "NARROW_SUBTITLE_CHARS",
    "NARROW_WIDTH",
    "attach_narrow",
    "finish",
    "headed_rows",
    "highlight_condition",
    "labelled_bars",
    "level_color",
    "level_shape",
    "school_picker",
    "tooltips",
    "wrap",
    "wrapped_axis",
    "wrapped_labels",
]


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters (never cut)."""
    return textwrap.wrap(str(text), width=width, break_long_words=False) or [""]


def wrapped_labels(labels: Iterable[str], width: int, shown: Mapping[str, str] | None = None) -> str:
    """A Vega ``labelExpr`` that shows each label (or ``shown[label]``) on as many lines as it needs, never cut."""
    shown = shown or {}
    lookup = {str(label): wrap(shown.get(str(label), label), width) for label in labels}
    return f"{json.dumps(lookup, ensure_ascii=False)}[datum.value] || (datum.label)"


def headed_rows(field: str, labels: list[str], width: int, shown: Mapping[str, str] | None = None) -> alt.Row:
    """Facet rows for ``field``, in the order of ``labels``, each row's label (or ``shown[label]``) written
    above it across the width, wrapped at ``width`` characters (a list of small multiples)."""
    header = alt.Header(
        labelExpr=wrapped_labels(labels, width, shown),
        labelAngle=0,
        labelAlign="left",
        labelAnchor="start",
        labelOrient="top",
        labelFontSize=12,
    )
    return alt.Row(f"{field}:N", sort=labels, title=None, header=header)


def wrapped_axis(
    labels: Iterable[str],
    width: int,
    font_size: int = 11,
    vertical: bool = True,
    shown: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> alt.Axis:
    """A band axis whose labels wrap at ``width`` characters, each block centred on its tick.

    ``shown`` maps a label to the text drawn for it (a numbered label, say); by default the
    label itself. Vega draws the first line of a multi-line label on the tick, so each label is
    moved up by half its extra lines (a per-label condition on ``labelOffset``).
    """
    labels = [str(x) for x in labels]
    shown = shown or {}
    line_height = font_size + 2
    if not vertical:  # a horizontal axis: lines stack downwards from the tick
        return alt.Axis(
            labelExpr=wrapped_labels(labels, width, shown),
            labelFontSize=font_size,
            labelLineHeight=line_height,
            **kwargs,
        )
    by_lines: dict[int, list[str]] = {}
    for label in labels:
        by_lines.setdefault(len(wrap(shown.get(label, label), width)), []).append(label)
    conditions = [
        {
            "test": f"indexof({json.dumps(group, ensure_ascii=False)}, datum.value) >= 0",
            "value": -(n - 1) * line_height / 2,
        }
        for n, group in sorted(by_lines.items())
        if n > 1
    ]
    offset = {"condition": conditions, "value": 0} if conditions else 0
    return alt.Axis(
        labelExpr=wrapped_labels(labels, width, shown),
        labelFontSize=font_size,
        labelLineHeight=line_height,
        labelBaseline="middle",
        labelOffset=offset,
        **kwargs,
    )


# A narrow layout is drawn at its own size in the column of a 390 px phone: at most this wide.
NARROW_WIDTH = 358
# Title characters per line in a narrow layout (15 px bold), and subtitle characters (12 px).
NARROW_LINE_CHARS = 34
NARROW_SUBTITLE_CHARS = 46


def finish(
    chart: ChartT,
    *,
    title: str,
    subtitle: str | Sequence[str] = (),
    description: str,
    data: pd.DataFrame | ReaderTable | None,
    line_chars: int = 64,
    subtitle_chars: int | None = None,
    narrow: alt.TopLevelMixin | None = None,
    narrow_subtitle: str | Sequence[str] | None = None,
) -> ChartT:
    """Give a chart what every chart of the book has: a wrapped title and subtitle, a description
    for screen readers, and the data a reader can open beside it (in reader terms).

    The title wraps at ``line_chars`` characters, the subtitle at ``subtitle_chars`` (1.2 times
    as many by default). ``data`` is None only for a part of a larger chart, whose whole carries the data. ``narrow``
    is the chart's layout for a phone (at most NARROW_WIDTH wide, the same controls), finished
    with the same title and description wrapped to its width, and ``narrow_subtitle`` (the
    subtitle by default) where the narrow layout must say how it is read (a key, "tap").
    """
    lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    wrapped_subtitle = [part for line in lines for part in wrap(line, subtitle_chars or int(line_chars * 1.2))]
    heading = (
        alt.Title(wrap(title, line_chars), subtitle=wrapped_subtitle) if lines else alt.Title(wrap(title, line_chars))
    )
    chart = chart.properties(title=heading, description=description)
    if data is not None:
        chart = with_reader_data(chart, data if isinstance(data, ReaderTable) else reader_table(data))
    if narrow is None:
        return chart
    small = finish(
        narrow,
        title=title,
        subtitle=subtitle if narrow_subtitle is None else narrow_subtitle,
        description=description,
        data=None,
        line_chars=NARROW_LINE_CHARS,
        subtitle_chars=NARROW_SUBTITLE_CHARS,
    )
    return attach_narrow(chart, small)


def attach_narrow(chart: ChartT, narrow: alt.TopLevelMixin) -> ChartT:
    """``chart`` carrying its finished ``narrow`` layout, whose legends list their entries one under another."""
    return with_narrow(chart, narrow.configure_legend(columns=1))


# Candidate spots for a point's label, in pixels from the point, with the text alignment to use;
# then the same directions twice as far out, for a crowded (narrow) plot.
_NEAR_SPOTS = [
    (11, 0, "left"),
    (-11, 0, "right"),
    (0, -14, "center"),
    (0, 14, "center"),
    (11, -12, "left"),
    (-11, -12, "right"),
    (11, 12, "left"),
    (-11, 12, "right"),
]
_LABEL_SPOTS = _NEAR_SPOTS + [(2 * dx, 2 * dy, align) for dx, dy, align in _NEAR_SPOTS]


@dataclass(frozen=True)
class PlotArea:
    """A plot's scale domains (data units) and its size in pixels: where a point lands on screen."""

    x_domain: tuple[float, float]
    y_domain: tuple[float, float]
    width: float
    height: float

    def pixels(self, vx: float, vy: float) -> tuple[float, float]:
        """Screen position of the data point (vx, vy), y downwards."""
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return (vx - x0) / (x1 - x0) * self.width, self.height - (vy - y0) / (y1 - y0) * self.height

    def data(self, px: float, py: float) -> tuple[float, float]:
        """Data position of the screen point (px, py)."""
        (x0, x1), (y0, y1) = self.x_domain, self.y_domain
        return x0 + px / self.width * (x1 - x0), y0 + (self.height - py) / self.height * (y1 - y0)


def place_labels(
    frame: pd.DataFrame, x: str, y: str, text: str, area: PlotArea, char_px: float = 7.0, line_px: float = 13.0
) -> pd.DataFrame:
    """``frame`` with ``label_x``, ``label_y`` (data units) and ``align`` for labels that do not overlap.

    A greedy placement: each label takes the first candidate spot around its point whose box
    stays inside the plot and clear of the labels already placed and of every point.
    """
    width, height = area.width, area.height
    points = [area.pixels(float(a), float(b)) for a, b in zip(frame[x], frame[y], strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for (cx, cy), label in zip(points, frame[text].astype(str), strict=True):
        w = char_px * len(label)
        choice = _LABEL_SPOTS[0]
        for dx, dy, align in _LABEL_SPOTS:
            left = cx + dx - (w if align == "right" else w / 2 if align == "center" else 0)
            box = (left, cy + dy - line_px / 2, left + w, cy + dy + line_px / 2)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
            clear = all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3] for b in placed)
            off_points = all(
                not (box[0] - 5 < px_ < box[2] + 5 and box[1] - 5 < py_ < box[3] + 5) for px_, py_ in points
            )
            if inside and clear and off_points:
                choice = (dx, dy, align)
                placed.append(box)
                break
        dx, dy, align = choice
        label_x, label_y = area.data(cx + dx, cy + dy)
        out.append({"label_x": label_x, "label_y": label_y, "align": align})
    spots = pd.DataFrame(out, index=frame.index)
    return frame.assign(**{column: spots[column] for column in spots.columns})


def point_labels(
    frame: pd.DataFrame, x: str, y: str, text: str, area: PlotArea, transform_filter: str | None = None
) -> alt.LayerChart:
    """Text labels beside points, placed by :func:`place_labels` so that none overlaps another."""
    groups = [frame] if transform_filter is None else [g for _, g in frame.groupby("quartile")]
    placed = pd.concat([place_labels(g, x, y, text, area) for g in groups]) if len(frame) else frame
    layers = []
    for align in ("left", "right", "center"):
        rows = placed[placed["align"] == align] if len(placed) else placed
        if not len(rows):
            continue
        chart = alt.Chart(rows)
        if transform_filter:
            chart = chart.transform_filter(transform_filter)
        layers.append(
            chart.mark_text(align=align, baseline="middle", fontSize=11).encode(
                x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text=f"{text}:N"
            )
        )
    return alt.layer(*layers)

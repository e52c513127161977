"""Live explorers: recompute what the static book cannot, for readers running the chapters in a kernel.

Each explorer keeps its state in plain Python (:meth:`Explorer.update` changes it and
recomputes; :attr:`Explorer.message` says what was wrong with a bad value, nothing raises), so
it can be driven and tested without a front end. Its :attr:`Explorer.widget` is an ipywidgets
view of the same state.

Displaying an explorer gives one output with two forms: the widget view, which JupyterLab,
Notebook 7 and VS Code draw live, and a static snapshot of the current state (an HTML table
or a Vega-Lite chart), which the book shows because it cannot run Python. The widget's model
id is numbered per kernel session (``companion-poverty-1``), not random, so a fresh run stores
the same output every time and strict nbval needs no sanitising.

>>> from companion.explorers import SchoolProfile
>>> profile = SchoolProfile()
>>> profile.update(schools=(42,)).message
''
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import math
from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd

from companion import datasets
from companion.measures import MEASURES, QUARTILES
from companion.regression import fit_band, fit_line, residuals
from companion.rendering import VEGALITE_MIMETYPE, WIDGET_VIEW_MIMETYPE
from companion.schools import district_average, join_schools_reading, meets, reading_labels, school_label
from companion.tables import reader_table

LIVE_NOTE = "Live in JupyterLab, Notebook 7 or VS Code; the book shows its first state."


class Explorer:
    """State, validation, an HTML/Vega-Lite snapshot and an ipywidgets view."""

    name: ClassVar[str] = "explorer"
    _sessions: ClassVar[dict[str, itertools.count]] = {}

    def __init__(self) -> None:
        self.message = ""
        self.state: dict[str, Any] = {}
        self._listeners: list[Callable[[], None]] = []

    # --- state ---------------------------------------------------------------------------------

    def update(self, **changes: Any) -> Self:
        """Apply control changes; a bad value leaves the state as it was and sets :attr:`message`."""
        unknown = sorted(set(changes) - set(self.state))
        try:
            if unknown:
                raise ValueError(f"unknown control(s) {', '.join(unknown)}; controls: {', '.join(self.state)}")
            candidate = {**self.state, **changes}
            self._check(candidate)
            self._compute(candidate)
        except ValueError as error:
            self.message = str(error)
        else:
            self.state, self.message = candidate, ""
        for listener in self._listeners:
            listener()
        return self

    def _check(self, state: dict[str, Any]) -> None:
        """Raise ValueError naming the control, the value and the rule."""

    def _compute(self, state: dict[str, Any]) -> None:
        """Recompute the outputs for ``state`` (stored on the instance)."""
        raise NotImplementedError

    # --- output --------------------------------------------------------------------------------

    def html(self) -> str:
        """The current output as HTML; the message instead when the last change was refused."""
        if self.message:
            note = html.escape(self.message)
            return f'<p class="companion-explorer-message" role="alert"><strong>Not applied:</strong> {note}</p>'
        return self._html()

    def _html(self) -> str:
        raise NotImplementedError

    def chart(self) -> Any | None:
        """A chart of the current state, for explorers that draw one."""
        return None

    def snapshot(self) -> dict[str, Any]:
        """The static output of the current state: a Vega-Lite spec if the explorer draws one, else HTML."""
        chart = self.chart()
        summary = self.message or self.summary()
        bundle: dict[str, Any] = {"text/html": self.html(), "text/plain": f"<{type(self).__name__}: {summary}>"}
        if chart is not None and not self.message:
            bundle = {VEGALITE_MIMETYPE: chart.to_dict(), **bundle}
        return bundle

    def summary(self) -> str:
        """One line describing the current output."""
        return ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        view = self.widget._repr_mimebundle_()[WIDGET_VIEW_MIMETYPE]
        return {WIDGET_VIEW_MIMETYPE: view, **self.snapshot()}

    # --- widget --------------------------------------------------------------------------------

    @cached_property
    def widget(self) -> Any:
        """The ipywidgets view: the controls, a summary line and the output, kept in step with the state."""
        import ipywidgets as widgets

        controls = self._controls(widgets)
        self._summary = widgets.HTML(layout=widgets.Layout(margin="0.5em 0"))
        self._summary.add_class("companion-explorer-summary")
        self._output = widgets.HTML()
        self._chart = widgets.Output() if self.chart() is not None else None
        for key, control in controls.items():
            control.observe(lambda change, key=key: self.update(**{key: change["new"]}), names="value")
        self._listeners.append(self._refresh_view)
        self._refresh_view()
        counter = self._sessions.setdefault(self.name, itertools.count(1))
        children = [widgets.HBox(self._layout(controls)), self._summary]
        children += [self._chart] if self._chart is not None else []
        box = widgets.VBox([*children, self._output], model_id=f"companion-{self.name}-{next(counter)}")
        box.add_class("companion-explorer")
        return box

    def _controls(self, widgets: Any) -> dict[str, Any]:
        """The state's controls by key: widgets, or objects with ``value`` and ``observe`` like them."""
        raise NotImplementedError

    def _layout(self, controls: dict[str, Any]) -> list[Any]:
        """The control widgets in display order."""
        return list(controls.values())

    def _refresh_view(self) -> None:
        self._summary.value = html.escape(self.summary()) if not self.message else ""
        self._output.value = self.html()
        if self._chart is not None and not self.message:
            chart = self.chart()
            self._chart.outputs = (
                {"output_type": "display_data", "data": {VEGALITE_MIMETYPE: chart.to_dict()}, "metadata": {}},  # pyright: ignore[reportOptionalMemberAccess]
            )


def _table_html(frame: pd.DataFrame) -> str:
    """The book's reader table (:func:`companion.tables.reader_table`): the same in JupyterLab and the book."""
    return reader_table(frame).to_html()


def _number(value: Any) -> str:
    """A value as printed: integers without a decimal point, other numbers as given."""
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


# --- 1. claims audit ---------------------------------------------------------------------------

MISSING_POLICIES = {
    "left out": "rows without a value are left out (the registry's rule)",
    "counted as meeting": "rows without a value count as meeting the condition",
    "read as zero": "a row without a value is read as 0",
}


def _audit() -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The claims audit and the source tables it read (loaded once, by :func:`companion.claims.tables_for`)."""
    from companion import claims

    registry = claims.load_claims()
    tables = claims.tables_for(registry)
    return claims.audit(registry, tables), tables


def _verdict(row: pd.Series, tolerance: float, value: float) -> str:
    """The audit's own verdict rule, with the explorer's tolerance, applied to a value the explorer recomputed."""
    from companion import claims

    return claims.verdict(dataclasses.replace(claims.Claim.from_row(row), tolerance=float(tolerance)), value)


class ClaimsAuditExplorer(Explorer):
    """Pick a threshold claim; vary strictness, cut-off, tolerance and missing values; see value, verdict, rows."""

    name = "claims"

    def __init__(self, claim_id: str | None = None) -> None:
        super().__init__()
        audit, self._tables = _audit()
        self.claims = audit[audit["op"] == "count_where"].set_index("claim_id", drop=False)
        first = str(self.claims.index[0])
        self.state = self.defaults(first)
        self.update_claim(claim_id or first)

    def defaults(self, claim_id: str) -> dict[str, Any]:
        """The registry's settings for one claim."""
        claim = self._claim(claim_id)
        tolerance = 0.0 if pd.isna(claim["tolerance"]) else float(claim["tolerance"])
        return {
            "claim": claim_id,
            "inclusive": claim["selector"] in ("<=", ">="),
            "cutoff": float(claim["threshold"]),
            "tolerance": tolerance,
            "missing": "left out",
        }

    def update_claim(self, claim_id: str) -> ClaimsAuditExplorer:
        """Pick a claim and reset the other controls to its registry settings."""
        try:
            defaults = self.defaults(claim_id)
        except ValueError as error:
            self.message = str(error)
            for listener in self._listeners:
                listener()
            return self
        self.state = defaults
        return self.update()

    def _claim(self, claim_id: Any) -> pd.Series:
        if claim_id not in self.claims.index:
            audit_ids = ", ".join(self.claims.index)
            raise ValueError(f"claim {claim_id!r} is not a threshold claim of data/claims.csv; pick one of {audit_ids}")
        return self.claims.loc[claim_id]

    def _check(self, state: dict[str, Any]) -> None:
        self._claim(state["claim"])
        for key in ("cutoff", "tolerance"):
            value = state[key]
            if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
                raise ValueError(f"{key} must be a number; got {value!r}")
        if state["tolerance"] < 0:
            raise ValueError(f"tolerance must be 0 or more; got {state['tolerance']!r}")
        if state["missing"] not in MISSING_POLICIES:
            raise ValueError(f"missing values: got {state['missing']!r}; choose one of {', '.join(MISSING_POLICIES)}")

    def operator(self, state: dict[str, Any] | None = None) -> str:
        """The comparison the current state counts with, e.g. ``>=``."""
        state = state or self.state
        direction = self._claim(state["claim"])["selector"][0]
        return direction + ("=" if state["inclusive"] else "")

    def _values(self, claim: pd.Series) -> tuple[pd.Series, pd.Series]:
        """The claim's column (``a+b+c`` sums ``*_pct`` columns, as documented for claims.csv) and row labels."""
        from companion.claims import column_values

        frame = self._tables[claim["dataset"]]
        values = column_values(frame, claim["column"]).astype("Float64")
        if "school" in frame:
            labels = school_label(frame)
        elif "school_label" in frame:
            labels = "Table 2 row " + frame["row"].astype(str) + " (" + reading_labels(frame) + ")"
        else:
            labels = frame.iloc[:, 0].astype(str) + " " + frame.iloc[:, 1].astype(str)
        return values.reset_index(drop=True), labels.astype(str).reset_index(drop=True)

    def _compute(self, state: dict[str, Any]) -> None:
        claim = self._claim(state["claim"])
        values, labels = self._values(claim)
        missing = values.isna()
        filled = values.fillna(0.0) if state["missing"] == "read as zero" else values
        counted = meets(filled, self.operator(state), state["cutoff"])
        counted = counted | (missing & (state["missing"] == "counted as meeting"))
        self.value = float(counted.sum())
        self.verdict = _verdict(claim, state["tolerance"], self.value)
        self.rows = pd.DataFrame(
            {
                "row": labels[counted],
                "value": [
                    ("no value" if m else _number(v)) for v, m in zip(values[counted], missing[counted], strict=True)
                ],
            }
        )
        self.n_missing = int(missing.sum())

    def summary(self) -> str:
        claim = self._claim(self.state["claim"])
        return (
            f"{claim['claim_id']}: {self.operator()} {_number(self.state['cutoff'])} on {claim['column']} counts "
            f"{_number(self.value)} rows; the source states {_number(claim['stated_value'])} "
            f"(compare: {claim['compare']}, tolerance {_number(self.state['tolerance'])}): {self.verdict}."
        )

    def _html(self) -> str:
        claim = self._claim(self.state["claim"])
        head = (
            f"<p><strong>{html.escape(claim['claim_id'])}</strong>: {html.escape(claim['statement'])}<br>"
            f"Recomputed: <strong>{_number(self.value)}</strong>, stated {_number(claim['stated_value'])}, "
            f"verdict <strong>{html.escape(self.verdict)}</strong>. Missing values: "
            f"{html.escape(MISSING_POLICIES[self.state['missing']])} ({self.n_missing} in this column).</p>"
        )
        rule = html.escape(f"{self.operator()} {_number(self.state['cutoff'])}")
        caption = f"<p>The {len(self.rows)} rows that count ({rule}):</p>"
        return head + caption + _table_html(self.rows)

    def _controls(self, widgets: Any) -> dict[str, Any]:
        s = self.state
        claim = widgets.Dropdown(options=list(self.claims.index), value=s["claim"], description="Claim:")
        claim.observe(lambda change: self._reset_controls(), names="value")
        self._claim_controls = {
            "inclusive": widgets.ToggleButtons(
                options=[("strict", False), ("inclusive", True)], value=s["inclusive"], description="Compare:"
            ),
            "cutoff": widgets.FloatText(value=s["cutoff"], description="Cut-off:", step=0.5),
            "tolerance": widgets.FloatText(value=s["tolerance"], description="Tolerance:", step=1),
            "missing": widgets.Dropdown(options=list(MISSING_POLICIES), value=s["missing"], description="Missing:"),
        }
        self._claim_dropdown = claim
        return self._claim_controls

    def _reset_controls(self) -> None:
        self.update_claim(self._claim_dropdown.value)
        for key, control in self._claim_controls.items():
            if control.value != self.state[key]:
                control.value = self.state[key]

    def _layout(self, controls: dict[str, Any]) -> list[Any]:
        return [self._claim_dropdown, *controls.values()]


# --- 2. poverty and performance ------------------------------------------------------------------

JOIN_POLICIES = {"exact": ["exact"], "exact and inferred": ["exact", "inferred"]}


class PovertyExplorer(Explorer):
    """Refit reading on poverty for a measure and join policy, optionally without the flagged schools."""

    name = "poverty"

    def __init__(self) -> None:
        super().__init__()
        schools = datasets.load("district2_schools")
        self.keys = datasets.load("district2_school_keys")
        self.joined = join_schools_reading(schools, datasets.load("district2_reading_1997"), self.keys)
        self.state = {
            "measure": "lowest_quartile_pct",
            "join": "exact and inferred",
            "exclude_flagged": False,
            "resamples": 2000,
            "seed": 1997,
        }
        self.update()

    def _check(self, state: dict[str, Any]) -> None:
        if state["measure"] not in QUARTILES:
            raise ValueError(f"reading measure {state['measure']!r} unknown; choose one of {', '.join(QUARTILES)}")
        if state["join"] not in JOIN_POLICIES:
            raise ValueError(f"join {state['join']!r} unknown; choose one of {', '.join(JOIN_POLICIES)}")
        for key, low, high in (("resamples", 100, 20_000), ("seed", 0, 2**32 - 1)):
            value = state[key]
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or not low <= value <= high:
                raise ValueError(f"{key} must be a whole number from {low:,} to {high:,}; got {value!r}")

    def _compute(self, state: dict[str, Any]) -> None:
        y = state["measure"]
        frame = self.joined[self.joined["match"].isin(JOIN_POLICIES[state["join"]])]
        frame = frame[frame["frl_pct"].notna() & frame[y].notna()]
        first = fit_line(frame["frl_pct"], frame[y], resamples=100, seed=state["seed"])
        flagged = residuals(frame, "frl_pct", y, first)
        self.excluded = (
            sorted(flagged.loc[flagged["versus_prediction"] != "as predicted", "school"].astype(int))
            if state["exclude_flagged"]
            else []
        )
        frame = frame[~frame["school"].isin(self.excluded)]
        self.fit = fit_line(frame["frl_pct"], frame[y], resamples=state["resamples"], seed=state["seed"])
        self.points = residuals(frame, "frl_pct", y, self.fit)
        at = np.linspace(float(self.joined["frl_pct"].min()), float(self.joined["frl_pct"].max()), 25)
        band = fit_band(frame["frl_pct"], frame[y], at, resamples=state["resamples"], seed=state["seed"])
        self.band = band.assign(fitted=self.fit.intercept + self.fit.slope * band["x"])

    def summary(self) -> str:
        f = self.fit
        dropped = f"; left out flagged schools {', '.join(map(str, self.excluded))}" if self.excluded else ""
        return (
            f"{QUARTILES[self.state['measure']]} on lunch share, {self.state['join']} matches, n = {f.n}: "
            f"slope {f.slope:.2f}, r = {f.r:.2f} (95% bootstrap interval {f.r_low:.2f} to {f.r_high:.2f}, "
            f"{f.resamples:,} resamples, seed {f.seed}){dropped}."
        )

    def outliers(self) -> pd.DataFrame:
        """Schools more than one residual SD from the current line."""
        off = self.points[self.points["versus_prediction"] != "as predicted"]
        return pd.DataFrame(
            {
                "school": off["school"].astype(int),
                "level": off["level"].astype(str),
                "lunch %": off["frl_pct"].map(_number),
                "share %": off[self.state["measure"]].map(_number),
                "predicted %": off["predicted"].round(1).map(_number),
                "compared with the line": off["versus_prediction"],
            }
        ).sort_values("school")

    def _html(self) -> str:
        return f"<p>{html.escape(self.summary())}</p><p>Residual outliers:</p>" + _table_html(self.outliers())

    def chart(self) -> Any:
        from companion.charts.fit import fit_with_band

        points = pd.DataFrame(
            {
                "school": self.points["school"].astype(int),
                "level": self.points["level"].astype(str),
                "name": school_label(self.points),
                "x": self.points["frl_pct"].astype(float),
                "y": self.points[self.state["measure"]].astype(float),
                "versus_prediction": self.points["versus_prediction"],
            }
        )
        label = QUARTILES[self.state["measure"]]
        return fit_with_band(
            points, self.band, "Free/reduced-price lunch (%)", label, f"{label} against poverty, r = {self.fit.r:.2f}"
        )

    def _controls(self, widgets: Any) -> dict[str, Any]:
        s = self.state
        return {
            "measure": widgets.Dropdown(
                options=[(v, k) for k, v in QUARTILES.items()], value=s["measure"], description="Reading:"
            ),
            "join": widgets.Dropdown(options=list(JOIN_POLICIES), value=s["join"], description="Join:"),
            "exclude_flagged": widgets.Checkbox(value=s["exclude_flagged"], description="Exclude flagged schools"),
            "resamples": widgets.IntText(value=s["resamples"], description="Resamples:"),
            "seed": widgets.IntText(value=s["seed"], description="Seed:"),
        }


# --- 3. evidence map ---------------------------------------------------------------------------


class EvidenceExplorer(Explorer):
    """Filter Leithwood's studies by design, setting and a place named in the sample; recount; export."""

    name = "evidence"

    def __init__(self) -> None:
        super().__init__()
        self.characteristics = datasets.load("leithwood_characteristics")
        # Study 30 is not in the appendix: it has no design or setting, and is kept as "unknown".
        self.studies = datasets.load("leithwood_studies").fillna({"design": "unknown", "setting": "unknown"})
        self.evidence = datasets.load("leithwood_evidence")
        self.designs = sorted(self.studies["design"].dropna().unique())
        self.settings = sorted(self.studies["setting"].dropna().unique())
        self.state = {"designs": tuple(self.designs), "settings": tuple(self.settings), "location": ""}
        self.update()

    def _check(self, state: dict[str, Any]) -> None:
        for key, allowed in (("designs", self.designs), ("settings", self.settings)):
            bad = [v for v in state[key] if v not in allowed]
            if bad:
                raise ValueError(
                    f"{key}: {', '.join(map(repr, bad))} not in the data; choose from {', '.join(allowed)}"
                )
        if not isinstance(state["location"], str):
            raise ValueError(f"location must be text; got {state['location']!r}")

    def _compute(self, state: dict[str, Any]) -> None:
        s = self.studies
        keep = s["design"].isin(state["designs"]) & s["setting"].isin(state["settings"])
        if state["location"].strip():
            keep &= s["sample"].fillna("").str.contains(state["location"].strip(), case=False, regex=False)
        self.selected = s[keep.fillna(False).astype(bool)]
        linked = self.evidence[self.evidence["study_id"].isin(self.selected["study_id"])]
        counts = linked.groupby("characteristic_id").size()
        self.counts = pd.DataFrame(
            {
                "characteristic": self.characteristics["name"],
                "studies in Table 1": self.characteristics["studies_reported"].astype(int),
                "studies in this selection": self.characteristics["characteristic_id"]
                .map(counts)
                .fillna(0)
                .astype(int),
            }
        )

    def citations(self) -> pd.DataFrame:
        """The selected studies with their full appendix citation, design and setting."""
        s = self.selected
        citation = s["authors"] + " (" + s["year"].astype("string") + "). " + s["title"] + ". " + s["source"] + "."
        return pd.DataFrame(
            {
                "study": s["study_id"].astype(int),
                "citation": citation,
                "sample": s["sample"],
                "design": s["design"],
                "setting": s["setting"],
            }
        )

    def to_csv(self) -> str:
        """The filtered studies as CSV text."""
        return self.citations().to_csv(index=False)

    def export(self, path: str = "evidence_selection.csv") -> str:
        """Write the filtered studies to ``path``; return a line saying where."""
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(self.to_csv())
        return f"wrote {len(self.selected)} studies to {path}"

    def summary(self) -> str:
        place = f", sample naming {self.state['location'].strip()!r}" if self.state["location"].strip() else ""
        return f"{len(self.selected)} of {len(self.studies)} studies selected{place}."

    def _html(self) -> str:
        return (
            _table_html(self.counts)
            + "<p>The selected studies, as cited in the review's appendix:</p>"
            + _table_html(self.citations())
        )

    def _controls(self, widgets: Any) -> dict[str, Any]:
        s = self.state
        return {
            "designs": widgets.SelectMultiple(options=self.designs, value=s["designs"], description="Design:", rows=5),
            "settings": widgets.SelectMultiple(
                options=self.settings, value=s["settings"], description="Setting:", rows=5
            ),
            "location": widgets.Text(value=s["location"], description="Location:", placeholder="e.g. TX or CA"),
        }

    @cached_property
    def widget(self) -> Any:
        import ipywidgets as widgets

        box = super().widget
        button = widgets.Button(description="Export to CSV")
        status = widgets.Label()
        button.on_click(lambda _: setattr(status, "value", self.export()))
        box.children = (*box.children[:2], widgets.HBox([button, status]), *box.children[2:])
        return box


# --- 4. school profile ---------------------------------------------------------------------------


RANK, PERCENTILE = "rank (1 = highest)", "percentile (% of reporting schools below)"


class SchoolProfile(Explorer):
    """One or two schools: each measure's value, rank and percentile, against the district figure."""

    name = "schools"

    def __init__(self, schools: tuple[int, ...] = (1,)) -> None:
        super().__init__()
        frame = datasets.load("district2_schools")
        joined = join_schools_reading(
            frame, datasets.load("district2_reading_1997"), datasets.load("district2_school_keys")
        )
        reading = joined.set_index("school")[list(QUARTILES)]
        self.frame = frame.join(reading, on="school").set_index("school", drop=False)
        self.measures = {**MEASURES, **{k: f"{v}, Table 2" for k, v in QUARTILES.items()}}
        self.names = dict(zip(frame["school"].astype(int), school_label(frame), strict=True))
        self.state = {"schools": tuple(schools)}
        self.update()

    def _check(self, state: dict[str, Any]) -> None:
        picked = state["schools"]
        if not 1 <= len(picked) <= 2:
            raise ValueError(f"pick one or two schools; got {len(picked)}")
        bad = [s for s in picked if s not in self.names]
        if bad:
            raise ValueError(f"school {', '.join(map(repr, bad))} is not in Table 1 (schools 1 to {max(self.names)})")

    def profile(self, school: int) -> pd.DataFrame:
        """Value, rank (1 = highest), percentile (% of reporting schools below) and district figure per measure."""
        rows = []
        for column, label in self.measures.items():
            values = self.frame[column].astype("Float64")
            present = values.dropna().astype(float)
            value = values.loc[school]
            average = district_average(self.frame, column)
            if column == "enrollment":
                district = f"{average:.0f} (mean per school)"
            else:
                among = f", {len(present)} matched schools" if column in QUARTILES else ""
                district = f"{average:.1f} (enrollment-weighted{among})"
            if pd.isna(value):
                source = "Table 2 has no matched row" if column in QUARTILES else "Table 1 prints no value"
                rank, percentile = f"no value: {source}", "no value"
                shown = "no value"
            else:
                rank = f"{int((present > value).sum()) + 1} of {len(present)}"
                percentile = f"{100 * (present < value).sum() / len(present):.0f}"
                shown = _number(value)
            rows.append(
                {
                    "measure": label,
                    "value": shown,
                    RANK: rank,
                    PERCENTILE: percentile,
                    "district figure": district,
                }
            )
        return pd.DataFrame(rows)

    def _compute(self, state: dict[str, Any]) -> None:
        self.tables = {school: self.profile(school) for school in state["schools"]}

    def summary(self) -> str:
        return " and ".join(self.names[s] for s in self.state["schools"]) + "."

    def _html(self) -> str:
        return "".join(
            f'<p class="companion-explorer-heading"><strong>{html.escape(self.names[s])}</strong></p>'
            + _table_html(table)
            for s, table in self.tables.items()
        )

    def _controls(self, widgets: Any) -> dict[str, Any]:
        options = [(name, school) for school, name in self.names.items()]
        first = widgets.Dropdown(options=options, value=self.state["schools"][0], description="School:")
        second = widgets.Dropdown(options=[("(none)", 0), *options], value=0, description="Compare with:")
        return {"schools": _Pair(first, second)}

    def _layout(self, controls: dict[str, Any]) -> list[Any]:
        pair = controls["schools"]
        return [pair.first, pair.second]


class _Pair:
    """Two dropdowns observed as one ``schools`` control (the second may be "(none)")."""

    def __init__(self, first: Any, second: Any) -> None:
        self.first, self.second = first, second

    @property
    def value(self) -> tuple[int, ...]:
        return tuple(v for v in (self.first.value, self.second.value) if v)

    def observe(self, handler: Callable[[dict], None], names: str) -> None:
        for control in (self.first, self.second):
            control.observe(lambda _: handler({"new": self.value}), names=names)

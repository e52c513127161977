"""The claims audit explorer: one threshold claim recounted under another strictness, cut-off, tolerance or
rule for missing values (the counting is :func:`companion.schools.meets_under`)."""

from __future__ import annotations

import dataclasses
import html
import math
from typing import Any

import pandas as pd

from companion.explorers.base import Explorer, table_html
from companion.numbers import number_text
from companion.schools import MISSING_POLICIES, meets_under, reading_labels, school_label


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
        # the rule for missing values is checked by meets_under, in _compute

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
        counted = meets_under(values, self.operator(state), state["cutoff"], state["missing"])
        self.value = float(counted.sum())
        self.verdict = _verdict(claim, state["tolerance"], self.value)
        self.rows = pd.DataFrame(
            {
                "row": labels[counted],
                "value": [
                    ("no value" if m else number_text(v))
                    for v, m in zip(values[counted], missing[counted], strict=True)
                ],
            }
        )
        self.n_missing = int(missing.sum())

    def _typed(self, control: str) -> str:
        """A number control's value as the reader typed it (no thousands separator)."""
        return number_text(self.state[control], thousands=False)

    def summary(self) -> str:
        claim = self._claim(self.state["claim"])
        return (
            f"{claim['claim_id']}: {self.operator()} {self._typed('cutoff')} on {claim['column']} counts "
            f"{number_text(self.value)} rows; the source states {number_text(claim['stated_value'])} "
            f"(compare: {claim['compare']}, tolerance {self._typed('tolerance')}): {self.verdict}."
        )

    def _html(self) -> str:
        claim = self._claim(self.state["claim"])
        head = (
            f"<p><strong>{html.escape(claim['claim_id'])}</strong>: {html.escape(claim['statement'])}<br>"
            f"Recomputed: <strong>{number_text(self.value)}</strong>, stated {number_text(claim['stated_value'])}, "
            f"verdict <strong>{html.escape(self.verdict)}</strong>. Missing values: "
            f"{html.escape(MISSING_POLICIES[self.state['missing']])} ({self.n_missing} in this column).</p>"
        )
        rule = html.escape(f"{self.operator()} {self._typed('cutoff')}")
        caption = f"<p>The {len(self.rows)} rows that count ({rule}):</p>"
        return head + caption + table_html(self.rows)

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

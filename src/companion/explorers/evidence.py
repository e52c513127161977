"""The evidence explorer: Leithwood's studies filtered by design, setting and place, recounted and exported."""

from __future__ import annotations

from functools import cached_property
from typing import Any

import pandas as pd

from companion import datasets
from companion.explorers.base import Explorer, table_html


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
            table_html(self.counts)
            + "<p>The selected studies, as cited in the review's appendix:</p>"
            + table_html(self.citations())
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

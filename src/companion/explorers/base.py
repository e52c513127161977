"""The explorers' base class: state, validation, an HTML/Vega-Lite snapshot and an ipywidgets view."""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar, Self

import pandas as pd

from companion.rendering import VEGALITE_MIMETYPE, WIDGET_VIEW_MIMETYPE
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


def table_html(frame: pd.DataFrame) -> str:
    """The book's reader table (:func:`companion.tables.reader_table`): the same in JupyterLab and the book."""
    return reader_table(frame).to_html()

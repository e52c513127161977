"""Tables for readers: the one way the book shows a DataFrame.

:func:`reader_table` turns a frame into a :class:`ReaderTable` whose HTML has human headers
(the data package's field titles where they exist), no positional index, integers shown as
integers, missing values as a word, and long text wrapped rather than cut. The same object
gives a plain-text form (for notebooks without HTML) and a CSV form (for downloads).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from companion.numbers import MISSING, number_text

# Words that stay as written when a snake_case name becomes a header.
_ACRONYMS = {"id": "ID", "pct": "%", "lep": "LEP", "frl": "free/reduced lunch", "ospi": "OSPI", "csv": "CSV"}


def humanize(name: str) -> str:
    """A header from a column name: ``approx_schools`` becomes ``Approx schools``."""
    words = [_ACRONYMS.get(w, w) for w in str(name).split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else str(name)


def field_titles(dataset: str | None) -> dict[str, str]:
    """The ``title`` of each field of ``dataset`` in the data package (fields without one are left out)."""
    if not dataset:
        return {}
    from companion import datasets

    fields = datasets.info(dataset).fields
    return {row.name: row.title for row in fields.itertuples() if row.title}  # pyright: ignore[reportReturnType]


def coded_fields(dataset: str | None) -> set[str]:
    """Fields of ``dataset`` whose values are codes from a fixed list (an ``enum`` in the data package)."""
    if not dataset:
        return set()
    from companion import datasets

    return {row.name for row in datasets.info(dataset).fields.itertuples() if row.codes}  # pyright: ignore[reportReturnType, reportUnhashable]


def code_words(code: str) -> str:
    """A code as a reader reads it: ``informing_study`` becomes ``informing study``."""
    return code.replace("_", " ")


def format_value(value: Any, decimals: int | None = None) -> str:
    """One cell as a reader sees it: numbers by :func:`companion.numbers.number_text`, missing values as
    :data:`MISSING`, booleans as yes or no."""
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return number_text(value, decimals)
    if hasattr(value, "item"):  # numpy scalars
        return format_value(value.item(), decimals)  # pyright: ignore[reportAttributeAccessIssue]
    text = str(value)
    return text if text.strip() else MISSING


@dataclass(frozen=True)
class ReaderTable:
    """A table ready to show: string cells, human headers, an optional caption."""

    headers: list[str]
    rows: list[list[str]]
    caption: str = ""
    numeric: list[bool] = field(default_factory=list)

    def to_html(self) -> str:
        """A wrapped, index-free HTML table (``companion-table``) in a scrolling box."""
        cls = ["text-end" if n else "" for n in self.numeric] or [""] * len(self.headers)
        head = "".join(
            f'<th scope="col" class="{c}">{html.escape(h)}</th>' for h, c in zip(self.headers, cls, strict=True)
        )
        body = "".join(
            "<tr>" + "".join(f'<td class="{c}">{html.escape(v)}</td>' for v, c in zip(row, cls, strict=True)) + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            '<div class="companion-table-wrap" tabindex="0" role="region" '
            f'aria-label="{html.escape(self.label(), quote=True)}">'
            f'<table class="companion-table">{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
        )

    def label(self) -> str:
        """A name for the table's scrolling region: its caption, or its columns and size."""
        if self.caption:
            return self.caption
        columns = ", ".join(self.headers[:3]) + (" …" if len(self.headers) > 3 else "")
        first = self.rows[0][0] if self.rows else ""
        return f"Table of {len(self.rows)} rows ({columns}), starting {first}"

    def _repr_html_(self) -> str:
        return self.to_html()

    def to_text(self) -> str:
        """Plain text, one row per line, columns separated by ' | '."""
        lines = [" | ".join(self.headers)] + [" | ".join(r) for r in self.rows]
        return "\n".join(([self.caption] if self.caption else []) + lines)

    def __repr__(self) -> str:
        return self.to_text()

    def to_csv(self) -> str:
        """The table as CSV text (headers as shown)."""
        return pd.DataFrame(self.rows, columns=self.headers).to_csv(index=False)

    def __len__(self) -> int:
        return len(self.rows)


def reader_table(
    frame: pd.DataFrame,
    *,
    dataset: str | None = None,
    titles: Mapping[str, str] | None = None,
    columns: Sequence[str] | None = None,
    decimals: Mapping[str, int] | None = None,
    caption: str = "",
) -> ReaderTable:
    """``frame`` as a :class:`ReaderTable`.

    Headers come from ``titles``, then the data package's field titles of ``dataset`` (by
    default ``frame.attrs['dataset']``), then :func:`humanize`; values of a coded field (an
    ``enum``) are shown in words. A named index is kept as columns; a positional one is dropped.
    """
    if frame.index.names != [None] and any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    selected = frame[list(columns)] if columns is not None else frame
    dataset = dataset or frame.attrs.get("dataset")
    names = {**field_titles(dataset), **(titles or {})}
    coded = coded_fields(dataset)
    places = decimals or {}
    numeric = [
        pd.api.types.is_numeric_dtype(selected[c]) and not pd.api.types.is_bool_dtype(selected[c]) for c in selected
    ]
    rows = []
    for record in selected.itertuples(index=False, name=None):
        cells = [format_value(v, places.get(c)) for c, v in zip(selected.columns, record, strict=True)]
        rows.append([code_words(t) if c in coded else t for c, t in zip(selected.columns, cells, strict=True)])
    return ReaderTable(
        headers=[names.get(c, humanize(c)) for c in selected.columns], rows=rows, caption=caption, numeric=numeric
    )

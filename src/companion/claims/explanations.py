"""Sentences generated from the numbers: why a claim and its recomputation part company.

:func:`explain` hands a claim to its operation's ``explain`` (the registry's record); the pieces
every explanation shares (numbers as readers see them, listings of rows, the generic sentence
:func:`explain_gap`) and the facts behind a threshold count (:func:`cutoff_facts`) live here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from companion.claims.registry import (
    STRICT_SWAP,
    Claim,
    Recomputed,
    Tables,
    frame,
    require_claim,
    row_labels,
    values,
)
from companion.numbers import number_text
from companion.schools import count_where, meets

OP_WORDS = {"<": "below", "<=": "at or below", ">": "above", ">=": "at or above"}


def _value(x: float) -> str:
    """A data value as the tables print it, to one decimal."""
    return number_text(x, 1, thousands=False, fixed=True)


def listing(numbers: pd.Series, labels: pd.Series) -> str:
    """``label at value`` for each row, largest value first."""
    order = numbers.astype(float).sort_values(ascending=False).index
    return ", ".join(f"{labels[i]} at {_value(float(numbers[i]))}" for i in order)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def explain(claim: Claim, result: Recomputed, tables: Tables) -> str:
    """A sentence saying, from the numbers alone, where a claim and its recomputation part company."""
    if result.value is None:
        return ""
    record = require_claim(claim).operation
    if record is None:
        return ""
    return record.explain(claim, result, tables)


def explain_gap(claim: Claim, result: Recomputed, tables: Tables) -> str:
    """The generic sentence: the recomputed value, what it is (the operation's phrase) and the gap."""
    value, stated = float(result.value or 0.0), claim.stated_value
    record = claim.operation
    what = record.describe(claim) if record else "the recomputed value"
    gap = value - stated
    sentence = f"The data give {number_text(value, 3)} ({what}) against the stated {number_text(stated, 3)}, "
    sentence += f"{number_text(abs(gap), 3)} {'more' if gap > 0 else 'fewer' if claim.unit != 'percent' else 'less'}."
    return sentence + (f" Rows concerned: {result.note}." if result.note else "")


# --- Threshold counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CutoffFacts:
    """What a threshold count does near its stated cut-off.

    ``low``/``high`` bound the cut-offs that reproduce the stated count (None when no cut-off does);
    ``low_closed``/``high_closed`` say whether the bound itself is included; ``nearest`` is the
    reproducing cut-off closest to the stated one, and ``movers`` the rows whose inclusion changes
    between the stated and the nearest cut-off. ``inclusive`` is the count with the other strictness
    (``<`` against ``<=``) at the stated cut-off, and ``at_line`` the rows exactly on it.
    """

    count: int
    stated: int
    threshold: float
    op: str
    low: float | None
    high: float | None
    low_closed: bool
    high_closed: bool
    nearest: float | None
    movers: str
    n_movers: int
    inclusive: int
    at_line: str

    @property
    def reachable(self) -> bool:
        return self.low is not None


def reproducing_range(numbers: np.ndarray, op: str, n: int) -> tuple[float, float, bool, bool] | None:
    """The interval of cut-offs t with #(numbers op t) == n, or None if no cut-off gives n.

    Returns (low, high, low_closed, high_closed): whether each bound is itself such a cut-off.
    """
    inf = float("inf")
    if op in (">", ">="):
        desc = np.sort(numbers)[::-1]
        lo = desc[n] if n < len(desc) else -inf  # (n+1)-th largest
        hi = desc[n - 1] if n > 0 else inf  # n-th largest
        closed = (True, False) if op == ">" else (False, True)
    else:
        asc = np.sort(numbers)
        lo = asc[n - 1] if n > 0 else -inf  # n-th smallest
        hi = asc[n] if n < len(asc) else inf  # (n+1)-th smallest
        closed = (False, True) if op == "<" else (True, False)
    if not lo < hi:
        return None
    return float(lo), float(hi), closed[0], closed[1]


def threshold_claim(claim: Claim) -> Claim:
    if require_claim(claim).op != "count_where":
        raise ValueError(f"claim {claim.claim_id} is not a threshold count")
    return claim


def _cutoff(claim: Claim) -> tuple[str, float]:
    if claim.selector is None or claim.threshold is None:
        raise ValueError(f"claim {claim.claim_id} has no comparison or no cut-off")
    return claim.selector, claim.threshold


def cutoff_facts(claim: Claim, tables: Tables) -> CutoffFacts:
    """The facts behind a threshold claim: reproducing cut-offs, the rows that make the difference, strictness."""
    op, t = _cutoff(threshold_claim(claim))
    column = values(tables, claim).astype("Float64")
    labels = row_labels(frame(tables, claim), claim.dataset)
    present = column.dropna().astype(float)
    n = int(claim.stated_value)
    count = count_where(column, op, t)
    found = reproducing_range(present.to_numpy(), op, n)
    nearest, movers, n_movers = None, "", 0
    low = high = None
    low_closed = high_closed = False
    if found is not None:
        low, high, low_closed, high_closed = found
        if low < t < high or (t == low and low_closed) or (t == high and high_closed):
            nearest = t
        elif t <= low:
            nearest = low if low_closed else low + 1e-9
        else:
            nearest = high if high_closed else high - 1e-9
        inside_now = meets(present, op, t)
        inside_then = meets(present, op, nearest)
        changed = present[inside_now != inside_then]
        movers, n_movers = listing(changed, labels), len(changed)
    on_line = present[np.isclose(present, t)]
    return CutoffFacts(
        count=count,
        stated=n,
        threshold=t,
        op=op,
        low=low,
        high=high,
        low_closed=low_closed,
        high_closed=high_closed,
        nearest=nearest,
        movers=movers,
        n_movers=n_movers,
        inclusive=count_where(column, STRICT_SWAP[op], t),
        at_line=listing(on_line, labels),
    )


def interval_words(low: float, high: float, low_closed: bool, high_closed: bool) -> str:
    """An interval of cut-offs in words: ``from 59.9 up to but not including 65.8``, ``above 10.0 up to 10.6``."""
    inf = float("inf")
    if high == inf:
        return f"{'at or above' if low_closed else 'above'} {_value(low)}"
    if low == -inf:
        return f"{'up to' if high_closed else 'below'} {_value(high)}"
    start = f"from {_value(low)}" if low_closed else f"above {_value(low)}"
    end = f"up to {_value(high)}" if high_closed else f"up to but not including {_value(high)}"
    return f"{start} {end}"


def _interval_words(f: CutoffFacts) -> str:
    inf = float("inf")
    low, high = float(f.low if f.low is not None else -inf), float(f.high if f.high is not None else inf)
    return "any cut-off " + interval_words(low, high, f.low_closed, f.high_closed)


def explain_cutoff(f: CutoffFacts) -> str:
    """The explanation sentence for a threshold count, generated from its :class:`CutoffFacts`."""
    parts = [f"Counting values {OP_WORDS[f.op]} {number_text(f.threshold, 3)} gives {f.count}, not {f.stated}."]
    if not f.reachable or f.nearest is None:
        parts.append(f"No cut-off gives exactly {f.stated}: tied values make the count jump past it.")
    else:
        parts.append(f"The stated {f.stated} comes from {_interval_words(f)}")
        distance = round(abs(f.nearest - f.threshold), 1)
        where = f"{number_text(distance, 3)} points from the stated line" if distance else "just past the stated line"
        verb = "leaves out" if f.count > f.stated else "takes in"
        parts[-1] += f", {where}; moving the line there {verb} {f.movers}."
    alt = OP_WORDS[STRICT_SWAP[f.op]]
    if f.inclusive == f.count:
        parts.append(
            f"Counting {alt} {number_text(f.threshold, 3)} instead gives the same {f.count}: no value sits on the line."
        )
    else:
        parts.append(
            f"Counting {alt} {number_text(f.threshold, 3)} instead gives {f.inclusive}, because of {f.at_line}."
        )
    return " ".join(parts)


def explain_threshold(claim: Claim, result: Recomputed, tables: Tables) -> str:
    """The explanation of a threshold count (op count_where): :func:`explain_cutoff` of its :func:`cutoff_facts`."""
    return explain_cutoff(cutoff_facts(claim, tables))

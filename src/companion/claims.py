"""The claims audit: recompute every quantitative statement of the sources from the datasets.

Each claim in ``data/claims.csv`` names how to recompute it (``op``, on a dataset and column)
and how to compare the result with the stated value (``compare`` and ``tolerance``). The
verdict is always computed here, never typed:

``consistent``  the recomputed value satisfies the comparison;
``differs``     it does not;
``cannot be checked``  the datasets hold nothing to recompute it from (``op`` = ``none``).

Recomputation reads only the source tables (never the claim's own typed figures), and every
claim that differs gets an explanation generated from the numbers (:func:`explain`).

One flow: registry rows become :class:`Claim` objects once (:func:`claims_from`), and the tables
they read are loaded once (:func:`tables_for`, the only place that loads a source table). Every
function below that is given ``tables`` reads those and nothing else; a table it lacks raises
:class:`MissingTableError` naming the claim and the dataset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from companion import datasets
from companion.schools import count_where, meets, reading_labels, weighted_mean

VERDICTS = ["consistent", "differs", "cannot be checked"]
Tables = Mapping[str, pd.DataFrame]
CLAIMS_FILE = "data/claims.csv"

# Table 1 numbers its option schools in the 800s (871-893): the companion's reading of the numbering.
OPTION_SCHOOL_FROM = 800

# Datasets an op reads besides the claim's own ``dataset``.
EXTRA_TABLES = {
    "discussed_not_in_table": ["leithwood_evidence"],
    "uncited_elements": ["brief_citations"],
    "district_share": ["district2_facts"],
    "count_setting": ["leithwood_location_readings"],
}
# The district's enrollment as the paper states it (district2_facts), the total a district-wide share is of.
DISTRICT_TOTAL_FACT = "Students"
READINGS = ("appendix", "text")
STRICT_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
# How far either side of a stated cut-off threshold_curve looks (points of the measure).
CURVE_SPAN = 10
# Ops whose ``selector`` says what to match or how to compare.
SELECTOR_OPS = {
    "count_equal",
    "count_match",
    "school_type",
    "benchmark",
    "count_where",
    "study_sample",
    "count_setting",
}


class ClaimError(ValueError):
    """A row of the claims registry the audit cannot run, named by claim, column, value and rule."""

    def __init__(self, claim_id: object, column: str, value: object, rule: str) -> None:
        self.claim_id, self.column, self.value, self.rule = claim_id, column, value, rule
        super().__init__(f"{CLAIMS_FILE}, claim {claim_id}, column {column!r}, value {value!r}: {rule}")


class MissingTableError(KeyError):
    """The tables given to the audit lack a dataset a claim reads."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Claim:
    """One row of ``data/claims.csv``: what the audit needs to recompute and judge it."""

    claim_id: str
    stated_value: float
    unit: str
    dataset: str | None
    column: str | None
    op: str
    selector: str | None
    threshold: float | None
    compare: str
    rule: str
    tolerance: float = 0.0  # empty in the registry means 0
    reading: str | None = None  # count_setting: which reading of a contested study's setting

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Claim:
        """A claim from a registry (or audit) row; :class:`ClaimError` if the audit cannot run it."""
        claim_id = row["claim_id"]

        def text(column: str) -> str | None:
            return None if pd.isna(row[column]) else str(row[column])

        def number(column: str) -> float | None:
            value = row[column]
            if pd.isna(value):
                return None
            try:
                return float(value)
            except (TypeError, ValueError):
                raise ClaimError(claim_id, column, value, "must be a number") from None

        def fail(column: str, rule: str) -> ClaimError:
            return ClaimError(claim_id, column, row[column], rule)

        op, compare, stated = text("op"), text("compare"), number("stated_value")
        if op not in OPS and op != "none":
            raise fail("op", f"must be one of {', '.join([*OPS, 'none'])}")
        if compare not in COMPARES:
            raise fail("compare", f"must be one of {', '.join(COMPARES)}")
        if stated is None:
            raise fail("stated_value", "the figure the source states is required")
        claim = cls(
            claim_id=str(claim_id),
            stated_value=stated,
            unit=text("unit") or "",
            dataset=text("dataset"),
            column=text("column"),
            op=op,
            selector=text("selector"),
            threshold=number("threshold"),
            compare=compare,
            rule=text("rule") or "",
            tolerance=number("tolerance") or 0.0,
            reading=text("reading") if "reading" in row else None,
        )
        if op != "none":
            for column in ("dataset", "column"):
                if getattr(claim, column) is None:
                    raise fail(column, f"op {op} needs a {column}")
        if op in SELECTOR_OPS and claim.selector is None:
            raise fail("selector", f"op {op} needs a selector")
        if op == "count_setting" and claim.reading not in READINGS:
            raise fail("reading", f"op count_setting needs a reading: one of {', '.join(READINGS)}")
        if op == "study_sample" and not _SAMPLE_SELECTOR.match(claim.selector or ""):
            raise fail("selector", "op study_sample takes 'STUDY_ID:UNIT', e.g. '7:districts'")
        if op == "count_where":
            if claim.selector not in STRICT_SWAP:
                raise fail("selector", f"op count_where compares with one of {', '.join(STRICT_SWAP)}")
            if claim.threshold is None:
                raise fail("threshold", "op count_where needs a cut-off")
        return claim

    @property
    def reads(self) -> tuple[str, ...]:
        """The datasets the recomputation reads (none for a claim that cannot be checked)."""
        if self.op == "none" or self.dataset is None:
            return ()
        return (self.dataset, *EXTRA_TABLES.get(self.op, []))


def claims_from(frame: pd.DataFrame) -> list[Claim]:
    """The claims of a registry frame (``data/claims.csv``, a variant of it, or the audit), in order."""
    return [Claim.from_row(row) for row in frame.to_dict("records")]


def _require_claim(claim: object) -> Claim:
    if not isinstance(claim, Claim):
        raise TypeError(f"expected a companion.claims.Claim (see claims_from), got {type(claim).__name__}")
    return claim


@dataclass(frozen=True)
class Recomputed:
    """A recomputed value, or None with the reason it cannot be recomputed.

    ``low`` and ``high`` bound what the data allow when they cover only part of what the
    statement describes (a district-wide share from a table that lacks some schools).
    """

    value: float | None
    note: str = ""
    low: float | None = None
    high: float | None = None


def _frame(tables: Tables, claim: Claim, name: str | None = None) -> pd.DataFrame:
    """Table ``name`` (by default the claim's dataset) from ``tables``; :class:`MissingTableError` if absent."""
    name = name or claim.dataset
    if name not in tables:
        held = ", ".join(sorted(tables)) or "none"
        raise MissingTableError(
            f"claim {claim.claim_id} reads dataset {name!r}, which the tables given do not hold "
            f"(they hold: {held}); load them with companion.claims.tables_for"
        )
    return tables[name]


def column_values(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column, or a sum of columns written ``a+b+c`` (used for combined group shares)."""
    if "+" in column:
        parts = [f"{p}_pct" for p in column.split("+")]
        return frame[parts].sum(axis=1, min_count=len(parts)).astype("Float64")
    return frame[column]


def _values(tables: Tables, claim: Claim) -> pd.Series:
    """The claim's column of its dataset."""
    return column_values(_frame(tables, claim), claim.column)


def school_type(schools: pd.DataFrame) -> pd.Series:
    """Table 1 rows as elementary, intermediate or option: rows numbered 800 and up are option schools."""
    option = schools["school"].astype(int) >= OPTION_SCHOOL_FROM
    return schools["level"].astype(str).where(~option, "option")


def _group_sizes(tables: Tables, claim: Claim) -> pd.Series:
    return _frame(tables, claim).groupby(claim.column).size()


def _discussed_not_in_table(tables: Tables, claim: Claim) -> Recomputed:
    in_table = set(_frame(tables, claim, "leithwood_evidence")["study_id"])
    cited = _frame(tables, claim).dropna(subset=[claim.column])
    missing = cited[~cited[claim.column].isin(in_table)]
    names = ", ".join(f"{w} ({y})" for w, y in zip(missing["work"], missing["year"], strict=True))
    return Recomputed(float(len(missing)), names)


def _uncited_elements(tables: Tables, claim: Claim) -> Recomputed:
    cited = set(_frame(tables, claim, "brief_citations")["element_id"].dropna())
    frame = _frame(tables, claim)
    uncited = frame[~frame[claim.column].isin(cited)]
    return Recomputed(float(len(uncited)), ", ".join(uncited["element"].astype(str)))


def _weighted_share(tables: Tables, claim: Claim) -> Recomputed:
    values = _values(tables, claim)
    missing = int(values.isna().sum())
    note = f"{missing} rows without a value left out" if missing else ""
    return Recomputed(weighted_mean(values, _frame(tables, claim)["enrollment"]), note)


def rounding_halfwidth(figure: float) -> float:
    """Half the rounding step of a bare round figure: 22,000 is read as 21,500 up to 22,500."""
    step, whole = 1.0, abs(round(figure))
    while whole and whole % 10 == 0:
        whole //= 10
        step *= 10
    return step / 2 if step > 1 else 0.0


def _district_share(tables: Tables, claim: Claim) -> Recomputed:
    """A district-wide share from Table 1, which covers only some of the district's schools.

    The rows that print the column give the share among their students (``value``). The paper's
    total enrollment (district2_facts, read as rounded) leaves some students that no row covers;
    whatever their share, the district's lies between ``low`` (none of them in the group) and
    ``high`` (all of them), taken over the rounding range of the total.
    """
    frame = _frame(tables, claim)
    values = column_values(frame, claim.column).astype("Float64")
    covered = values.notna()
    enrollment = frame["enrollment"].astype(float)
    in_group = float((values[covered].astype(float) * enrollment[covered]).sum()) / 100
    students = float(enrollment[covered].sum())
    facts = _frame(tables, claim, "district2_facts").set_index("fact")["value"]
    stated_total = float(facts[DISTRICT_TOTAL_FACT])
    half = rounding_halfwidth(stated_total)
    totals = [max(t, students) for t in (stated_total - half, stated_total + half)]
    low = min(100 * in_group / t for t in totals)
    high = max(100 * (in_group + t - students) / t for t in totals)
    share = 100 * in_group / students
    note = (
        f"the {int(covered.sum())} rows that print it hold {students:,.0f} students; "
        f"the paper's {stated_total:,.0f} (read as {stated_total - half:,.0f} to {stated_total + half:,.0f}) "
        f"leaves {max(0.0, stated_total - half - students):,.0f} to {stated_total + half - students:,.0f} uncovered"
    )
    return Recomputed(share, note, low=low, high=high)


_SAMPLE_SELECTOR = re.compile(r"^(?P<study>\d+):(?P<unit>[A-Za-z]+)$")


def sample_number(sample: str, unit: str) -> int | None:
    """The number an appendix sample cell gives for ``unit``: the one just before it, with only words between.

    ``'13 schools in 4 NYC districts'`` gives 4 districts and 13 schools.
    """
    match = re.search(rf"(\d+)\s+(?:[A-Za-z'\"-]+\s+){{0,3}}?{unit}\b", sample)
    return int(match.group(1)) if match else None


def _study_sample(tables: Tables, claim: Claim) -> Recomputed:
    parts = _SAMPLE_SELECTOR.match(claim.selector or "")
    study, unit = int(parts["study"]), parts["unit"]
    row = _frame(tables, claim).set_index("study_id").loc[study]
    number = sample_number(str(row[claim.column]), unit)
    note = f"study {study}'s sample: '{row[claim.column]}'"
    return Recomputed(None if number is None else float(number), note)


def settings_under(studies: pd.DataFrame, readings: pd.DataFrame, reading: str) -> pd.Series:
    """Each study's setting, with contested studies placed as ``reading`` places them."""
    chosen = readings[readings["reading"] == reading].set_index("study_id")["setting"]
    setting = studies.set_index("study_id")["setting"].astype("string")
    setting.update(chosen.astype("string"))
    return setting


def _count_setting(tables: Tables, claim: Claim) -> Recomputed:
    studies = _frame(tables, claim)
    setting = settings_under(studies, _frame(tables, claim, "leithwood_location_readings"), claim.reading)
    hits = setting[setting == claim.selector]
    return Recomputed(float(len(hits)), f"{claim.reading} reading: studies " + ", ".join(map(str, hits.index)))


def _matches(frame: pd.DataFrame, claim: Claim) -> pd.Series:
    """Rows whose column equals the selector (count_equal) or matches it as a regular expression (count_match)."""
    values = frame[claim.column].astype(str)
    if claim.op == "count_equal":
        return values == claim.selector
    return values.str.contains(claim.selector, regex=True, na=False)


def _count_match(tables: Tables, claim: Claim) -> Recomputed:
    frame = _frame(tables, claim)
    hits = frame[_matches(frame, claim)]
    return Recomputed(float(len(hits)), "rows " + ", ".join(hits.iloc[:, 0].astype(str)))


def _extreme(tables: Tables, claim: Claim, which: str) -> Recomputed:
    """The largest or smallest value of the column, noting the rows that hold it."""
    values = _values(tables, claim).astype("Float64")
    extreme = float(values.max() if which == "max" else values.min())
    holders = row_labels(_frame(tables, claim), claim.dataset)[values == extreme]
    return Recomputed(extreme, ", ".join(holders.astype(str)))


def _benchmark(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(_frame(tables, claim).set_index("benchmark").loc[claim.selector, claim.column]))


OPS: dict[str, Callable[[Tables, Claim], Recomputed]] = {
    "sum": lambda t, c: Recomputed(float(_values(t, c).sum())),
    "count_rows": lambda t, c: Recomputed(float(len(_frame(t, c)))),
    "count_equal": lambda t, c: Recomputed(float(_matches(_frame(t, c), c).sum())),
    "count_true": lambda t, c: Recomputed(float(_values(t, c).fillna(False).astype(bool).sum())),
    "count_match": _count_match,
    "school_type": lambda t, c: Recomputed(float((school_type(_frame(t, c)) == c.selector).sum())),
    "distinct": lambda t, c: Recomputed(float(_values(t, c).nunique())),
    "max": lambda t, c: _extreme(t, c, "max"),
    "min": lambda t, c: _extreme(t, c, "min"),
    "benchmark": _benchmark,
    "count_where": lambda t, c: Recomputed(float(count_where(_values(t, c), c.selector, c.threshold))),
    "weighted_share": _weighted_share,
    "max_group_size": lambda t, c: Recomputed(float(_group_sizes(t, c).max())),
    "min_group_size": lambda t, c: Recomputed(float(_group_sizes(t, c).min())),
    "discussed_not_in_table": _discussed_not_in_table,
    "uncited_elements": _uncited_elements,
    "district_share": _district_share,
    "study_sample": _study_sample,
    "count_setting": _count_setting,
}

# How a recomputed value is compared with the stated one (``compare`` column), given (value, stated, tolerance).
COMPARES: dict[str, Callable[[float, float, float], bool]] = {
    "equal": lambda v, s, tol: abs(v - s) <= tol + 1e-9,
    "above": lambda v, s, tol: v > s,
    "below": lambda v, s, tol: v < s,
    "at_most": lambda v, s, tol: v <= s + tol,
    "at_least": lambda v, s, tol: v >= s - tol,
    "nearly": lambda v, s, tol: s - tol <= v <= s,
    # with bounds (low, high): the stated figure, give or take the tolerance, is one the data allow
    "within_bounds": lambda v, s, tol: abs(v - s) <= tol + 1e-9,
}


def load_claims() -> pd.DataFrame:
    """The claims registry as stored in ``data/claims.csv``."""
    return datasets.load("claims")


def tables_for(claims: pd.DataFrame | Iterable[Claim]) -> dict[str, pd.DataFrame]:
    """Every source table the claims read, loaded once: the audit's only access to the datasets."""
    registry = claims_from(claims) if isinstance(claims, pd.DataFrame) else claims
    names = {name for claim in registry for name in claim.reads}
    return {name: datasets.load(name) for name in sorted(names)}


def recompute(claim: Claim, tables: Tables) -> Recomputed:
    """Recompute one claim from the source tables (which must hold every dataset in ``claim.reads``)."""
    _require_claim(claim)
    if claim.op == "none":
        return Recomputed(None, claim.rule)
    return OPS[claim.op](tables, claim)


def verdict(claim: Claim, value: float | None, bounds: tuple[float | None, float | None] = (None, None)) -> str:
    """Compare a recomputed value with the stated one under the claim's rule.

    With ``bounds`` (what the data allow when they cover only part of the statement), a
    ``within_bounds`` claim is consistent when the stated figure, give or take its tolerance,
    overlaps them.
    """
    _require_claim(claim)
    if value is None:
        return "cannot be checked"
    low, high = bounds
    if claim.compare == "within_bounds" and low is not None and high is not None:
        s, tol = claim.stated_value, claim.tolerance
        return "consistent" if s - tol <= high + 1e-9 and s + tol >= low - 1e-9 else "differs"
    return "consistent" if COMPARES[claim.compare](value, claim.stated_value, claim.tolerance) else "differs"


def judge(claim: Claim, result: Recomputed) -> str:
    """The verdict on a recomputation: :func:`verdict` with the bounds the recomputation found."""
    return verdict(claim, result.value, (result.low, result.high))


def audit(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """Every claim with its recomputed value, computed verdict and, for differences, computed explanation.

    Without ``tables`` the tables the claims read are loaded (:func:`tables_for`); given ``tables``, only
    they are read.
    """
    claims = load_claims() if claims is None else claims
    registry = claims_from(claims)
    tables = tables_for(registry) if tables is None else tables
    rows = []
    for claim in registry:
        result = recompute(claim, tables)
        found = judge(claim, result)
        rows.append(
            {
                "recomputed": result.value,
                "allowed": "" if result.low is None else f"{result.low:.1f} to {result.high:.1f}",
                "recompute_note": result.note,
                "verdict": found,
                "explanation": explain(claim, result, tables) if found == "differs" else "",
            }
        )
    out = pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    out["recomputed"] = out["recomputed"].astype("Float64")
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    return out


# --- Explanations generated from the numbers ------------------------------------------------------

OP_WORDS = {"<": "below", "<=": "at or below", ">": "above", ">=": "at or above"}


def _fmt(x: float) -> str:
    return f"{x:g}" if abs(x - round(x)) < 1e-9 else f"{x:.1f}" if abs(x * 10 - round(x * 10)) < 1e-9 else f"{x:.3f}"


def row_labels(frame: pd.DataFrame, dataset: str) -> pd.Series:
    """Reader-facing names for a dataset's rows, as used in the explanations."""
    if dataset == "district2_schools":
        return "school " + frame["school"].astype(str)
    if dataset == "district2_reading_1997":
        return reading_labels(frame)
    if dataset == "leithwood_studies":
        return "study " + frame["study_id"].astype(str)
    return frame.iloc[:, 0].astype(str)


def _value(x: float) -> str:
    """A data value as the tables print it, to one decimal."""
    return f"{x:.1f}"


def _listing(values: pd.Series, labels: pd.Series) -> str:
    order = values.astype(float).sort_values(ascending=False).index
    return ", ".join(f"{labels[i]} at {_value(float(values[i]))}" for i in order)


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


def _reproducing_range(values: np.ndarray, op: str, n: int) -> tuple[float, float, bool, bool] | None:
    """The interval of cut-offs t with #(values op t) == n, or None if no cut-off gives n."""
    inf = float("inf")
    if op in (">", ">="):
        desc = np.sort(values)[::-1]
        lo = desc[n] if n < len(desc) else -inf  # (n+1)-th largest
        hi = desc[n - 1] if n > 0 else inf  # n-th largest
        closed = (True, False) if op == ">" else (False, True)
    else:
        asc = np.sort(values)
        lo = asc[n - 1] if n > 0 else -inf  # n-th smallest
        hi = asc[n] if n < len(asc) else inf  # (n+1)-th smallest
        closed = (False, True) if op == "<" else (True, False)
    if not lo < hi:
        return None
    return float(lo), float(hi), *closed


def _threshold_claim(claim: Claim) -> Claim:
    if _require_claim(claim).op != "count_where":
        raise ValueError(f"claim {claim.claim_id} is not a threshold count")
    return claim


def cutoff_facts(claim: Claim, tables: Tables) -> CutoffFacts:
    """The facts behind a threshold claim: reproducing cut-offs, the rows that make the difference, strictness."""
    _threshold_claim(claim)
    values = _values(tables, claim).astype("Float64")
    labels = row_labels(_frame(tables, claim), claim.dataset)
    present = values.dropna().astype(float)
    op, t, n = claim.selector, claim.threshold, int(claim.stated_value)
    count = count_where(values, op, t)
    found = _reproducing_range(present.to_numpy(), op, n)
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
        movers, n_movers = _listing(changed, labels), len(changed)
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
        inclusive=count_where(values, STRICT_SWAP[op], t),
        at_line=_listing(on_line, labels),
    )


def _interval_words(f: CutoffFacts) -> str:
    inf = float("inf")
    if f.high == inf:
        return f"any cut-off {'at or above' if f.low_closed else 'above'} {_value(f.low)}"
    if f.low == -inf:
        return f"any cut-off {'up to' if f.high_closed else 'below'} {_value(f.high)}"
    start = f"from {_value(f.low)}" if f.low_closed else f"above {_value(f.low)}"
    end = f"up to {_value(f.high)}" if f.high_closed else f"up to but not including {_value(f.high)}"
    return f"any cut-off {start} {end}"


def explain_cutoff(f: CutoffFacts) -> str:
    """The explanation sentence for a threshold count, generated from its :class:`CutoffFacts`."""
    parts = [f"Counting values {OP_WORDS[f.op]} {_fmt(f.threshold)} gives {f.count}, not {f.stated}."]
    if not f.reachable:
        parts.append(f"No cut-off gives exactly {f.stated}: tied values make the count jump past it.")
    else:
        parts.append(f"The stated {f.stated} comes from {_interval_words(f)}")
        distance = round(abs(f.nearest - f.threshold), 1)
        where = f"{_fmt(distance)} points from the stated line" if distance else "just past the stated line"
        verb = "leaves out" if f.count > f.stated else "takes in"
        parts[-1] += f", {where}; moving the line there {verb} {f.movers}."
    alt = OP_WORDS[STRICT_SWAP[f.op]]
    if f.inclusive == f.count:
        parts.append(f"Counting {alt} {_fmt(f.threshold)} instead gives the same {f.count}: no value sits on the line.")
    else:
        parts.append(f"Counting {alt} {_fmt(f.threshold)} instead gives {f.inclusive}, because of {f.at_line}.")
    return " ".join(parts)


OP_PHRASES = {
    "count_rows": "rows in {dataset}",
    "min": "the smallest {column} in {dataset}",
    "max": "the largest {column} in {dataset}",
    "discussed_not_in_table": "studies the results text discusses that no Table 1 cell lists",
    "count_true": "rows of {dataset} with {column} true",
    "distinct": "distinct values of {column} in {dataset}",
    "sum": "the sum of {column} in {dataset}",
    "benchmark": "the {selector} row of {dataset}, column {column}",
    "max_group_size": "the largest group by {column} in {dataset}",
    "min_group_size": "the smallest group by {column} in {dataset}",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def explain(claim: Claim, result: Recomputed, tables: Tables) -> str:
    """A sentence saying, from the numbers alone, where a claim and its recomputation part company."""
    value = result.value
    if value is None:
        return ""
    _require_claim(claim)
    stated = claim.stated_value
    if claim.op == "count_where":
        return explain_cutoff(cutoff_facts(claim, tables))
    frame = _frame(tables, claim)
    if claim.op in ("max", "min") and claim.compare in ("nearly", "at_most", "equal"):
        values = column_values(frame, claim.column).astype("Float64").dropna().astype(float)
        labels = row_labels(frame, claim.dataset)
        tolerance = claim.tolerance
        beyond = values[values > stated] if claim.op == "max" else values[values < stated]
        sentence = (
            f"{_plural(len(beyond), 'row')} print {'more' if claim.op == 'max' else 'less'} than {_fmt(stated)}: "
        )
        sentence += _listing(beyond, labels) + "."
        within = values[(values - stated).abs() <= tolerance + 1e-9] if tolerance else values.iloc[:0]
        rounded = within[within.index.isin(beyond.index)]
        if len(rounded):
            sentence += f" Of these, {_listing(rounded, labels)} lie within {_fmt(tolerance)} of {_fmt(stated)}."
        inside = values.drop(beyond.index)
        if len(inside):
            best = inside.idxmax() if claim.op == "max" else inside.idxmin()
            sentence += f" The {'highest' if claim.op == 'max' else 'lowest'} value not beyond the stated one is "
            sentence += f"{_value(float(values[best]))} ({labels[best]})."
        return sentence
    if claim.op == "district_share":
        return (
            f"The rows of Table 1 that print it give {value:.1f}%; with the students no row covers "
            f"({result.note.split('; ')[-1]}), the district's share could lie from {result.low:.1f}% to "
            f"{result.high:.1f}%, which does not reach the stated {_fmt(stated)}% give or take {_fmt(claim.tolerance)}."
        )
    if claim.op == "study_sample":
        unit = claim.selector.split(":", 1)[1]
        return f"The appendix gives {_fmt(value)} {unit} ({result.note}) against the stated {_fmt(stated)}."
    if claim.op == "count_setting":
        return f"Counting by setting gives {_fmt(value)} ({result.note}) against the stated {_fmt(stated)}."
    if claim.op == "weighted_share":
        values = column_values(frame, claim.column).astype("Float64")
        n = int(values.notna().sum())
        return (
            f"Weighting the {n} printed values by enrollment gives {value:.2f}%, "
            f"{abs(value - stated):.2f} points {'above' if value > stated else 'below'} the stated {_fmt(stated)}; "
            f"the rule allows {_fmt(claim.tolerance)}."
        )
    if claim.op == "school_type":
        counts = school_type(frame).value_counts()
        parts = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in ("elementary", "intermediate", "option"))
        return (
            f"Table 1 has {len(frame)} rows; taking the 8xx numbers as option schools gives {parts}, "
            f"so {_fmt(value)} {claim.selector} against the stated {_fmt(stated)}."
        )
    if claim.op in ("count_equal", "count_match") and claim.dataset == "leithwood_studies":
        rows = frame[_matches(frame, claim)]
        names = [
            f"study {i} ({a.split(',')[0]} {y})" for i, a, y in zip(rows.study_id, rows.authors, rows.year, strict=True)
        ]
        shown = ", ".join(names) if len(names) <= 8 else ", ".join(names[:8]) + f" and {len(names) - 8} more"
        return f"The appendix rows counted are {shown}: {len(rows)} against the stated {_fmt(stated)}."
    what = OP_PHRASES.get(claim.op, "the recomputed value").format(
        dataset=claim.dataset, column=claim.column, selector=claim.selector
    )
    gap = value - stated
    sentence = f"The data give {_fmt(value)} ({what}) against the stated {_fmt(stated)}, "
    sentence += f"{_fmt(abs(gap))} {'more' if gap > 0 else 'fewer' if claim.unit != 'percent' else 'less'}."
    return sentence + (f" Rows concerned: {result.note}." if result.note else "")


# --- Sensitivity of the verdicts to the tolerance and strictness chosen ------------------------------


def rule_variants(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The claims under other reasonable rules.

    Tolerances halved, doubled or zero; strictness swapped; district-wide shares judged on the
    schools Table 1 prints as if they were the whole district; and the contested study 16
    placed as its appendix row places it rather than as the review's text groups it.
    """
    variants = {}
    for name, factor in (("tolerance doubled", 2.0), ("tolerance halved", 0.5), ("no tolerance", 0.0)):
        changed = claims.copy()
        changed["tolerance"] = changed["tolerance"] * factor
        variants[name] = changed
    swapped = claims.copy()
    threshold = swapped["op"] == "count_where"
    swapped.loc[threshold, "selector"] = swapped.loc[threshold, "selector"].map(STRICT_SWAP)
    variants["strict and inclusive swapped"] = swapped
    whole = claims.copy()
    whole.loc[whole["compare"] == "within_bounds", "compare"] = "equal"
    variants["Table 1 taken as the whole district"] = whole
    appendix = claims.copy()
    appendix.loc[appendix["reading"] == "text", "reading"] = "appendix"
    variants["study 16 placed as its appendix row places it"] = appendix
    return variants


def sensitivity(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """For each rule variant, how many verdicts change and which claims they are."""
    claims = load_claims() if claims is None else claims
    tables = tables_for(claims) if tables is None else tables
    base = audit(claims, tables).set_index("claim_id")["verdict"].astype(str)
    rows = []
    for name, variant in rule_variants(claims).items():
        other = audit(variant, tables).set_index("claim_id")["verdict"].astype(str)
        moved = base.index[base != other]
        rows.append(
            {
                "rule": name,
                "consistent": int((other == "consistent").sum()),
                "differs": int((other == "differs").sum()),
                "n_changed": len(moved),
                "changed": ", ".join(f"{i} ({base[i]} to {other[i]})" for i in moved),
            }
        )
    return pd.DataFrame(rows)


def threshold_curve(claim: Claim, tables: Tables, thresholds: np.ndarray | None = None) -> pd.DataFrame:
    """For a threshold claim, the recomputed count at each cut-off near the stated one."""
    _threshold_claim(claim)
    column = _values(tables, claim)
    if thresholds is None:
        span = CURVE_SPAN
        thresholds = np.round(np.arange(claim.threshold - span, claim.threshold + span + 0.01, 0.1), 1)
    counts = [count_where(column, claim.selector, float(t)) for t in thresholds]
    return pd.DataFrame({"claim_id": claim.claim_id, "threshold": thresholds, "count": counts})


def threshold_curves(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """:func:`threshold_curve` of every threshold claim in ``claims`` (registry or audit rows), one after another."""
    claims = load_claims() if claims is None else claims
    threshold = [claim for claim in claims_from(claims) if claim.op == "count_where"]
    if not threshold:
        return pd.DataFrame({"claim_id": [], "threshold": [], "count": []})
    tables = tables_for(threshold) if tables is None else tables
    return pd.concat([threshold_curve(claim, tables) for claim in threshold], ignore_index=True)

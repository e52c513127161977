"""The claims audit: recompute every quantitative statement of the sources from the datasets.

Each claim in ``data/claims.csv`` names how to recompute it (``op``, on a dataset and column)
and how to compare the result with the stated value (``compare`` and ``tolerance``). The
verdict is always computed here, never typed:

``consistent``  the recomputed value satisfies the comparison;
``differs``     it does not;
``cannot be checked``  the datasets hold nothing to recompute it from (``op`` = ``none``).

Recomputation reads only the source tables (never the claim's own typed figures), and every
claim that differs gets an explanation generated from the numbers (:func:`explain`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from companion import datasets
from companion.schools import count_where, reading_labels, weighted_mean

VERDICTS = ["consistent", "differs", "cannot be checked"]
Tables = Mapping[str, pd.DataFrame]

# Table 1 numbers its option schools in the 800s (871-893): the companion's reading of the numbering.
OPTION_SCHOOL_FROM = 800

# Datasets an op reads besides the claim's own ``dataset``.
EXTRA_TABLES = {"discussed_not_in_table": ["leithwood_evidence"], "uncited_elements": ["brief_citations"]}


@dataclass(frozen=True)
class Recomputed:
    """A recomputed value, or None with the reason it cannot be recomputed."""

    value: float | None
    note: str = ""


def _table(tables: Tables, name: str) -> pd.DataFrame:
    return tables[name] if name in tables else datasets.load(name)


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column, or a sum of columns written ``a+b+c`` (used for combined group shares)."""
    if "+" in column:
        parts = [f"{p}_pct" for p in column.split("+")]
        return frame[parts].sum(axis=1, min_count=len(parts)).astype("Float64")
    return frame[column]


def school_type(schools: pd.DataFrame) -> pd.Series:
    """Table 1 rows as elementary, intermediate or option: rows numbered 800 and up are option schools."""
    option = schools["school"].astype(int) >= OPTION_SCHOOL_FROM
    return schools["level"].astype(str).where(~option, "option")


def _group_sizes(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby(column).size()


def _discussed_not_in_table(frame: pd.DataFrame, claim: pd.Series, tables: Tables) -> Recomputed:
    in_table = set(_table(tables, "leithwood_evidence")["study_id"])
    cited = frame.dropna(subset=[claim.column])
    missing = cited[~cited[claim.column].isin(in_table)]
    names = ", ".join(f"{w} ({y})" for w, y in zip(missing["work"], missing["year"], strict=True))
    return Recomputed(float(len(missing)), names)


def _uncited_elements(frame: pd.DataFrame, claim: pd.Series, tables: Tables) -> Recomputed:
    cited = set(_table(tables, "brief_citations")["element_id"].dropna())
    uncited = frame[~frame[claim.column].isin(cited)]
    return Recomputed(float(len(uncited)), ", ".join(uncited["element"].astype(str)))


def _weighted_share(frame: pd.DataFrame, claim: pd.Series, tables: Tables) -> Recomputed:
    values = _column(frame, claim.column)
    missing = int(values.isna().sum())
    note = f"{missing} rows without a value left out" if missing else ""
    return Recomputed(weighted_mean(values, frame["enrollment"]), note)


def _count_match(frame: pd.DataFrame, claim: pd.Series, tables: Tables) -> Recomputed:
    hits = frame[frame[claim.column].astype(str).str.contains(claim.selector, regex=True, na=False)]
    return Recomputed(float(len(hits)), "rows " + ", ".join(hits.iloc[:, 0].astype(str)))


OPS: dict[str, Callable[[pd.DataFrame, pd.Series, Tables], Recomputed]] = {
    "sum": lambda f, c, t: Recomputed(float(_column(f, c.column).sum())),
    "count_rows": lambda f, c, t: Recomputed(float(len(f))),
    "count_equal": lambda f, c, t: Recomputed(float((f[c.column].astype(str) == c.selector).sum())),
    "count_true": lambda f, c, t: Recomputed(float(f[c.column].fillna(False).astype(bool).sum())),
    "count_match": _count_match,
    "school_type": lambda f, c, t: Recomputed(float((school_type(f) == c.selector).sum())),
    "distinct": lambda f, c, t: Recomputed(float(f[c.column].nunique())),
    "max": lambda f, c, t: Recomputed(float(_column(f, c.column).max())),
    "min": lambda f, c, t: Recomputed(float(_column(f, c.column).min())),
    "benchmark": lambda f, c, t: Recomputed(float(f.set_index("benchmark").loc[c.selector, c.column])),
    "count_where": lambda f, c, t: Recomputed(float(count_where(_column(f, c.column), c.selector, float(c.threshold)))),
    "weighted_share": _weighted_share,
    "max_group_size": lambda f, c, t: Recomputed(float(_group_sizes(f, c.column).max())),
    "min_group_size": lambda f, c, t: Recomputed(float(_group_sizes(f, c.column).min())),
    "discussed_not_in_table": _discussed_not_in_table,
    "uncited_elements": _uncited_elements,
}


def load_claims() -> pd.DataFrame:
    """The claims registry as stored in ``data/claims.csv``."""
    return datasets.load("claims")


def tables_for(claims: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every source table the claims read, loaded once."""
    names = set(claims["dataset"].dropna())
    for op in claims["op"]:
        names.update(EXTRA_TABLES.get(op, []))
    return {name: datasets.load(name) for name in sorted(names)}


def recompute(claim: pd.Series, tables: Tables | None = None) -> Recomputed:
    """Recompute one claim from the source tables (``tables`` overrides the stored datasets)."""
    if claim.op == "none":
        return Recomputed(None, claim.rule)
    tables = tables if tables is not None else {}
    return OPS[claim.op](_table(tables, claim.dataset), claim, tables)


def _field(claim: object, key: str) -> object:
    """A claim's field, whether the claim is a Series (where ``.compare`` is a method) or a row tuple."""
    return claim[key] if isinstance(claim, pd.Series) else getattr(claim, key)


def _tolerance(claim: object) -> float:
    tolerance = _field(claim, "tolerance")
    return 0.0 if pd.isna(tolerance) else float(tolerance)


def verdict(claim: pd.Series, value: float | None) -> str:
    """Compare a recomputed value with the stated one under the claim's rule."""
    if value is None:
        return "cannot be checked"
    stated = float(_field(claim, "stated_value"))
    tolerance = _tolerance(claim)
    checks = {
        "equal": abs(value - stated) <= tolerance + 1e-9,
        "above": value > stated,
        "below": value < stated,
        "at_most": value <= stated + tolerance,
        "nearly": stated - tolerance <= value <= stated,
    }
    return "consistent" if checks[_field(claim, "compare")] else "differs"


def audit(claims: pd.DataFrame | None = None, tables: Tables | None = None) -> pd.DataFrame:
    """Every claim with its recomputed value, computed verdict and, for differences, computed explanation."""
    claims = load_claims() if claims is None else claims
    tables = dict(tables_for(claims), **(tables or {}))
    rows = []
    for claim in claims.itertuples(index=False):
        series = pd.Series(claim._asdict())
        result = recompute(series, tables)
        found = verdict(claim, result.value)
        rows.append(
            {
                "recomputed": result.value,
                "recompute_note": result.note,
                "verdict": found,
                "explanation": explain(series, result, tables) if found == "differs" else "",
            }
        )
    out = pd.concat([claims.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    out["recomputed"] = out["recomputed"].astype("Float64")
    out["verdict"] = pd.Categorical(out["verdict"], categories=VERDICTS)
    return out


# --- Explanations generated from the numbers ------------------------------------------------------

STRICT_SWAP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
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


def cutoff_facts(claim: pd.Series, tables: Tables | None = None) -> CutoffFacts:
    """The facts behind a threshold claim: reproducing cut-offs, the rows that make the difference, strictness."""
    if claim.op != "count_where":
        raise ValueError(f"claim {claim.claim_id} is not a threshold count")
    frame = _table(tables or {}, claim.dataset)
    values = _column(frame, claim.column).astype("Float64")
    labels = row_labels(frame, claim.dataset)
    present = values.dropna().astype(float)
    op, t, n = claim.selector, float(claim.threshold), int(claim.stated_value)
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
        inside_now = count_mask(present, op, t)
        inside_then = count_mask(present, op, nearest)
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


def count_mask(values: pd.Series, op: str, threshold: float) -> pd.Series:
    """Which values satisfy ``value <op> threshold``."""
    return {"<": values < threshold, "<=": values <= threshold, ">": values > threshold, ">=": values >= threshold}[op]


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


def explain(claim: pd.Series, result: Recomputed, tables: Tables | None = None) -> str:
    """A sentence saying, from the numbers alone, where a claim and its recomputation part company."""
    value = result.value
    if value is None:
        return ""
    tables = tables or {}
    stated = float(claim.stated_value)
    if claim.op == "count_where":
        return explain_cutoff(cutoff_facts(claim, tables))
    frame = _table(tables, claim.dataset)
    if claim.op in ("max", "min") and claim["compare"] in ("nearly", "at_most", "equal"):
        values = _column(frame, claim.column).astype("Float64").dropna().astype(float)
        labels = row_labels(frame, claim.dataset)
        tolerance = _tolerance(claim)
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
    if claim.op == "weighted_share":
        values = _column(frame, claim.column).astype("Float64")
        n = int(values.notna().sum())
        return (
            f"Weighting the {n} printed values by enrollment gives {value:.2f}%, "
            f"{abs(value - stated):.2f} points {'above' if value > stated else 'below'} the stated {_fmt(stated)}; "
            f"the rule allows {_fmt(_tolerance(claim))}."
        )
    if claim.op == "school_type":
        counts = school_type(frame).value_counts()
        parts = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in ("elementary", "intermediate", "option"))
        return (
            f"Table 1 has {len(frame)} rows; taking the 8xx numbers as option schools gives {parts}, "
            f"so {_fmt(value)} {claim.selector} against the stated {_fmt(stated)}."
        )
    if claim.op in ("count_equal", "count_match") and claim.dataset == "leithwood_studies":
        mask = (
            frame[claim.column].astype(str) == claim.selector
            if claim.op == "count_equal"
            else frame[claim.column].astype(str).str.contains(claim.selector, regex=True, na=False)
        )
        rows = frame[mask]
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
    """The claims under other reasonable rules: tolerances halved, doubled or zero; strictness swapped."""
    variants = {}
    for name, factor in (("tolerance doubled", 2.0), ("tolerance halved", 0.5), ("no tolerance", 0.0)):
        changed = claims.copy()
        changed["tolerance"] = changed["tolerance"] * factor
        variants[name] = changed
    swapped = claims.copy()
    threshold = swapped["op"] == "count_where"
    swapped.loc[threshold, "selector"] = swapped.loc[threshold, "selector"].map(STRICT_SWAP)
    variants["strict and inclusive swapped"] = swapped
    return variants


def sensitivity(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each rule variant, how many verdicts change and which claims they are."""
    claims = load_claims() if claims is None else claims
    tables = tables_for(claims)
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


def threshold_curve(claim: pd.Series, thresholds: np.ndarray | None = None) -> pd.DataFrame:
    """For a threshold claim, the recomputed count at each cut-off near the stated one."""
    if claim.op != "count_where":
        raise ValueError(f"claim {claim.claim_id} is not a threshold count")
    column = _column(datasets.load(claim.dataset), claim.column)
    centre = float(claim.threshold)
    if thresholds is None:
        thresholds = np.round(np.arange(centre - 10, centre + 10.01, 0.1), 1)
    counts = [count_where(column, claim.selector, float(t)) for t in thresholds]
    return pd.DataFrame({"claim_id": claim.claim_id, "threshold": thresholds, "count": counts})

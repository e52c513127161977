"""Every operation that recomputes a claim, each registered once with its whole record.

Adding an operation is one :func:`~companion.claims.registry.operation` block here: its
computation, the datasets it reads besides the claim's own, whether it takes a selector, its
phrase and its explanation (:func:`~companion.claims.explanations.explain_gap` unless it says more).
"""

from __future__ import annotations

import re

import pandas as pd

from companion.claims.explanations import (
    _value,
    explain_gap,
    explain_threshold,
    listing,
    plural,
)
from companion.claims.registry import (
    READINGS,
    STRICT_SWAP,
    Claim,
    Recomputed,
    Tables,
    column_values,
    frame,
    operation,
    row_labels,
    values,
)
from companion.numbers import number_text
from companion.schools import count_where, weighted_mean

# Table 1 numbers its option schools in the 800s (871-893): the companion's reading of the numbering.
OPTION_SCHOOL_FROM = 800
# The district's enrollment as the paper states it (district2_facts), the total a district-wide share is of.
DISTRICT_TOTAL_FACT = "Students"
_SAMPLE_SELECTOR = re.compile(r"^(?P<study>\d+):(?P<unit>[A-Za-z]+)$")


def _selector(claim: Claim) -> str:
    return str(claim.selector)


def _column(claim: Claim) -> str:
    return str(claim.column)


# --- Helpers the operations share --------------------------------------------------------------------


def school_type(schools: pd.DataFrame) -> pd.Series:
    """Table 1 rows as elementary, intermediate or option: rows numbered 800 and up are option schools."""
    option = schools["school"].astype(int) >= OPTION_SCHOOL_FROM
    return schools["level"].astype(str).where(~option, "option")


def rounding_halfwidth(figure: float) -> float:
    """Half the rounding step of a bare round figure: 22,000 is read as 21,500 up to 22,500."""
    step, whole = 1.0, abs(round(figure))
    while whole and whole % 10 == 0:
        whole //= 10
        step *= 10
    return step / 2 if step > 1 else 0.0


def sample_number(sample: str, unit: str) -> int | None:
    """The number an appendix sample cell gives for ``unit``: the one just before it, with only words between.

    ``'13 schools in 4 NYC districts'`` gives 4 districts and 13 schools.
    """
    match = re.search(rf"(\d+)\s+(?:[A-Za-z'\"-]+\s+){{0,3}}?{unit}\b", sample)
    return int(match.group(1)) if match else None


def settings_under(studies: pd.DataFrame, readings: pd.DataFrame, reading: str) -> pd.Series:
    """Each study's setting, with contested studies placed as ``reading`` places them."""
    chosen = readings[readings["reading"] == reading].set_index("study_id")["setting"]
    setting = studies.set_index("study_id")["setting"].astype("string")
    setting.update(chosen.astype("string"))
    return setting


def _group_sizes(tables: Tables, claim: Claim) -> pd.Series:
    return frame(tables, claim).groupby(_column(claim)).size()


def _explain_listed_studies(claim: Claim, result: Recomputed, tables: Tables) -> str:
    """Counts of appendix studies name the studies counted; counts of other rows get the generic sentence."""
    if claim.dataset != "leithwood_studies":
        return explain_gap(claim, result, tables)
    table = frame(tables, claim)
    rows = table[_matches(table, claim)]
    names = [
        f"study {i} ({a.split(',')[0]} {y})" for i, a, y in zip(rows.study_id, rows.authors, rows.year, strict=True)
    ]
    shown = ", ".join(names) if len(names) <= 8 else ", ".join(names[:8]) + f" and {len(names) - 8} more"
    return (
        f"The appendix rows counted are {shown}: {len(rows)} against the stated {number_text(claim.stated_value, 3)}."
    )


def _matches(table: pd.DataFrame, claim: Claim) -> pd.Series:
    """Rows whose column equals the selector (count_equal) or matches it as a regular expression (count_match)."""
    found = table[_column(claim)].astype(str)
    if claim.op == "count_equal":
        return found == claim.selector
    return found.str.contains(_selector(claim), regex=True, na=False)


def _extreme(tables: Tables, claim: Claim, which: str) -> Recomputed:
    """The largest or smallest value of the column, noting the rows that hold it."""
    found = values(tables, claim).astype("Float64")
    extreme = float(found.max() if which == "max" else found.min())
    holders = row_labels(frame(tables, claim), claim.dataset)[found == extreme]
    return Recomputed(extreme, ", ".join(holders.astype(str)))


def _explain_extreme(claim: Claim, result: Recomputed, tables: Tables) -> str:
    """For a largest or smallest value stated as a bound: the rows beyond it, and the nearest one within."""
    if claim.compare not in ("nearly", "at_most", "equal"):
        return explain_gap(claim, result, tables)
    table, stated, is_max = frame(tables, claim), claim.stated_value, claim.op == "max"
    found = column_values(table, _column(claim)).astype("Float64").dropna().astype(float)
    labels = row_labels(table, claim.dataset)
    tolerance = claim.tolerance
    beyond = found[found > stated] if is_max else found[found < stated]
    sentence = f"{plural(len(beyond), 'row')} print {'more' if is_max else 'less'} than {number_text(stated, 3)}: "
    sentence += listing(beyond, labels) + "."
    within = found[(found - stated).abs() <= tolerance + 1e-9] if tolerance else found.iloc[:0]
    rounded = within[within.index.isin(beyond.index)]
    if len(rounded):
        sentence += (
            f" Of these, {listing(rounded, labels)} lie within {number_text(tolerance, 3)} of {number_text(stated, 3)}."
        )
    inside = found.drop(beyond.index)
    if len(inside):
        best = inside.idxmax() if is_max else inside.idxmin()
        sentence += f" The {'highest' if is_max else 'lowest'} value not beyond the stated one is "
        sentence += f"{_value(float(found[best]))} ({labels[best]})."  # pyright: ignore[reportArgumentType, reportCallIssue]
    return sentence


# --- The operations, in the order the registry's error message lists them ------------------------------
# A record too long for one line keeps its parts on two (fmt: skip), so that the records read as a table.


@operation("sum", reads=(), selector=False, phrase="the sum of {column} in {dataset}", explain=explain_gap)
def _sum(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(values(tables, claim).sum()))


@operation("count_rows", reads=(), selector=False, phrase="rows in {dataset}", explain=explain_gap)
def _count_rows(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(len(frame(tables, claim))))


@operation("count_equal", reads=(), selector=True, explain=_explain_listed_studies,
           phrase="rows of {dataset} whose {column} is {selector}")  # fmt: skip
def _count_equal(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(_matches(frame(tables, claim), claim).sum()))


@operation("count_true", reads=(), selector=False, phrase="rows of {dataset} with {column} true", explain=explain_gap)
def _count_true(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(values(tables, claim).fillna(False).astype(bool).sum()))


@operation("count_match", reads=(), selector=True, explain=_explain_listed_studies,
           phrase="rows of {dataset} whose {column} matches {selector}")  # fmt: skip
def _count_match(tables: Tables, claim: Claim) -> Recomputed:
    table = frame(tables, claim)
    hits = table[_matches(table, claim)]
    return Recomputed(float(len(hits)), "rows " + ", ".join(hits.iloc[:, 0].astype(str)))


def _explain_school_type(claim: Claim, result: Recomputed, tables: Tables) -> str:
    table = frame(tables, claim)
    counts = school_type(table).value_counts()
    parts = ", ".join(f"{int(counts.get(k, 0))} {k}" for k in ("elementary", "intermediate", "option"))
    return (
        f"Table 1 has {len(table)} rows; taking the 8xx numbers as option schools gives {parts}, "
        f"so {number_text(float(result.value or 0.0), 3)} {claim.selector} "
        f"against the stated {number_text(claim.stated_value, 3)}."
    )


@operation("school_type", reads=(), selector=True, explain=_explain_school_type,
           phrase="{selector} schools in {dataset}, taking the 8xx numbers as option schools")  # fmt: skip
def _school_type(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float((school_type(frame(tables, claim)) == claim.selector).sum()))


@operation("distinct", reads=(), selector=False, phrase="distinct values of {column} in {dataset}", explain=explain_gap)
def _distinct(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(values(tables, claim).nunique()))


@operation("max", reads=(), selector=False, phrase="the largest {column} in {dataset}", explain=_explain_extreme)
def _max(tables: Tables, claim: Claim) -> Recomputed:
    return _extreme(tables, claim, "max")


@operation("min", reads=(), selector=False, phrase="the smallest {column} in {dataset}", explain=_explain_extreme)
def _min(tables: Tables, claim: Claim) -> Recomputed:
    return _extreme(tables, claim, "min")


@operation("benchmark", reads=(), selector=True, explain=explain_gap,
           phrase="the {selector} row of {dataset}, column {column}")  # fmt: skip
def _benchmark(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(frame(tables, claim).set_index("benchmark").loc[_selector(claim), _column(claim)]))  # pyright: ignore[reportArgumentType]


def _valid_cutoff(claim: Claim) -> tuple[str, str] | None:
    if claim.selector not in STRICT_SWAP:
        return "selector", f"op count_where compares with one of {', '.join(STRICT_SWAP)}"
    if claim.threshold is None:
        return "threshold", "op count_where needs a cut-off"
    return None


@operation("count_where", reads=(), selector=True, explain=explain_threshold,
           phrase="rows of {dataset} whose {column} is {selector} the cut-off", validate=_valid_cutoff)  # fmt: skip
def _count_where(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(count_where(values(tables, claim), _selector(claim), float(claim.threshold or 0.0))))


def _explain_weighted_share(claim: Claim, result: Recomputed, tables: Tables) -> str:
    value, stated = float(result.value or 0.0), claim.stated_value
    n = int(column_values(frame(tables, claim), _column(claim)).astype("Float64").notna().sum())
    gap = f"{abs(value - stated):.2f} points {'above' if value > stated else 'below'} the stated"
    return (
        f"Weighting the {n} printed values by enrollment gives {value:.2f}%, {gap} {number_text(stated, 3)}; "
        f"the rule allows {number_text(claim.tolerance, 3)}."
    )


@operation("weighted_share", reads=(), selector=False, explain=_explain_weighted_share,
           phrase="the enrollment-weighted mean of {column} in {dataset}")  # fmt: skip
def _weighted_share(tables: Tables, claim: Claim) -> Recomputed:
    found = values(tables, claim)
    missing = int(found.isna().sum())
    note = f"{missing} rows without a value left out" if missing else ""
    return Recomputed(weighted_mean(found, frame(tables, claim)["enrollment"]), note)


@operation("max_group_size", reads=(), selector=False, explain=explain_gap,
           phrase="the largest group by {column} in {dataset}")  # fmt: skip
def _max_group_size(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(_group_sizes(tables, claim).max()))


@operation("min_group_size", reads=(), selector=False, explain=explain_gap,
           phrase="the smallest group by {column} in {dataset}")  # fmt: skip
def _min_group_size(tables: Tables, claim: Claim) -> Recomputed:
    return Recomputed(float(_group_sizes(tables, claim).min()))


@operation("discussed_not_in_table", reads=("leithwood_evidence",), selector=False, explain=explain_gap,
           phrase="studies the results text discusses that no Table 1 cell lists")  # fmt: skip
def _discussed_not_in_table(tables: Tables, claim: Claim) -> Recomputed:
    in_table = set(frame(tables, claim, "leithwood_evidence")["study_id"])
    cited = frame(tables, claim).dropna(subset=[_column(claim)])
    missing = cited[~cited[_column(claim)].isin(in_table)]
    names = ", ".join(f"{w} ({y})" for w, y in zip(missing["work"], missing["year"], strict=True))
    return Recomputed(float(len(missing)), names)


@operation("uncited_elements", reads=("brief_citations",), selector=False, explain=explain_gap,
           phrase="elements of {dataset} that no citation supports")  # fmt: skip
def _uncited_elements(tables: Tables, claim: Claim) -> Recomputed:
    cited = set(frame(tables, claim, "brief_citations")["element_id"].dropna())
    table = frame(tables, claim)
    uncited = table[~table[_column(claim)].isin(cited)]
    return Recomputed(float(len(uncited)), ", ".join(uncited["element"].astype(str)))


def _explain_district_share(claim: Claim, result: Recomputed, tables: Tables) -> str:
    return (
        f"The rows of Table 1 that print it give {float(result.value or 0.0):.1f}%; with the students no row covers "
        f"({result.note.split('; ')[-1]}), the district's share could lie from {float(result.low or 0.0):.1f}% to "
        f"{float(result.high or 0.0):.1f}%, which does not reach the stated {number_text(claim.stated_value, 3)}% "
        f"give or take {number_text(claim.tolerance, 3)}."
    )


@operation("district_share", reads=("district2_facts",), selector=False, explain=_explain_district_share,
           phrase="the district-wide share of {column}, bounded by the students Table 1 does not cover")  # fmt: skip
def _district_share(tables: Tables, claim: Claim) -> Recomputed:
    """A district-wide share from Table 1, which covers only some of the district's schools.

    The rows that print the column give the share among their students (``value``). The paper's
    total enrollment (district2_facts, read as rounded) leaves some students that no row covers;
    whatever their share, the district's lies between ``low`` (none of them in the group) and
    ``high`` (all of them), taken over the rounding range of the total.
    """
    table = frame(tables, claim)
    shares = column_values(table, _column(claim)).astype("Float64")
    covered = shares.notna()
    enrollment = table["enrollment"].astype(float)
    in_group = float((shares[covered].astype(float) * enrollment[covered]).sum()) / 100
    students = float(enrollment[covered].sum())
    facts = frame(tables, claim, "district2_facts").set_index("fact")["value"]
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


def _valid_sample_selector(claim: Claim) -> tuple[str, str] | None:
    if not _SAMPLE_SELECTOR.match(claim.selector or ""):
        return "selector", "op study_sample takes 'STUDY_ID:UNIT', e.g. '7:districts'"
    return None


def _explain_study_sample(claim: Claim, result: Recomputed, tables: Tables) -> str:
    unit = _selector(claim).split(":", 1)[1]
    value = float(result.value or 0.0)
    stated = number_text(claim.stated_value, 3)
    return f"The appendix gives {number_text(value, 3)} {unit} ({result.note}) against the stated {stated}."


@operation("study_sample", reads=(), selector=True, explain=_explain_study_sample,
           phrase="the number of {selector} in a study's appendix sample", validate=_valid_sample_selector)  # fmt: skip
def _study_sample(tables: Tables, claim: Claim) -> Recomputed:
    parts = _SAMPLE_SELECTOR.match(_selector(claim))
    if parts is None:
        raise ValueError(f"claim {claim.claim_id}: op study_sample takes 'STUDY_ID:UNIT'")
    study, unit = int(parts["study"]), parts["unit"]
    row = frame(tables, claim).set_index("study_id").loc[study]
    number = sample_number(str(row[_column(claim)]), unit)
    note = f"study {study}'s sample: '{row[_column(claim)]}'"
    return Recomputed(None if number is None else float(number), note)


def _valid_reading(claim: Claim) -> tuple[str, str] | None:
    if claim.reading not in READINGS:
        return "reading", f"op count_setting needs a reading: one of {', '.join(READINGS)}"
    return None


def _explain_count_setting(claim: Claim, result: Recomputed, tables: Tables) -> str:
    value = float(result.value or 0.0)
    stated = number_text(claim.stated_value, 3)
    return f"Counting by setting gives {number_text(value, 3)} ({result.note}) against the stated {stated}."


@operation("count_setting", reads=("leithwood_location_readings",), selector=True, explain=_explain_count_setting,
           phrase="studies set in {selector}", validate=_valid_reading)  # fmt: skip
def _count_setting(tables: Tables, claim: Claim) -> Recomputed:
    studies = frame(tables, claim)
    reading = str(claim.reading)
    setting = settings_under(studies, frame(tables, claim, "leithwood_location_readings"), reading)
    hits = setting[setting == claim.selector]
    return Recomputed(float(len(hits)), f"{reading} reading: studies " + ", ".join(map(str, hits.index)))

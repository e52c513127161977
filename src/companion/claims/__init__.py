"""The claims audit: recompute every quantitative statement of the sources from the datasets.

Each claim in ``data/claims.csv`` names how to recompute it (``op``, on a dataset and column)
and how to compare the result with the stated value (``compare`` and ``tolerance``). The
verdict is always computed here, never typed:

``consistent``  the recomputed value satisfies the comparison;
``differs``     it does not;
``cannot be checked``  the datasets hold nothing to recompute it from (``op`` = ``none``).

Recomputation reads only the source tables (never the claim's own typed figures), and every
claim that differs gets an explanation generated from the numbers (:func:`explain`).

The modules: ``registry`` (claims, the operation record and the registry of operations),
``operations`` (every operation, registered once with its whole record), ``explanations``
(sentences from the numbers, threshold facts), ``verdicts`` (recompute, judge, audit) and
``sensitivity`` (other rules, other cut-offs). Everything is importable from ``companion.claims``.
"""

from companion.claims import operations
from companion.claims.explanations import (
    OP_WORDS,
    CutoffFacts,
    cutoff_facts,
    explain,
    explain_cutoff,
    explain_gap,
    interval_words,
    reproducing_range,
)
from companion.claims.operations import (
    DISTRICT_TOTAL_FACT,
    OPTION_SCHOOL_FROM,
    rounding_halfwidth,
    sample_number,
    school_type,
    settings_under,
)
from companion.claims.registry import (
    CLAIMS_FILE,
    COMPARES,
    OPERATIONS,
    READINGS,
    STRICT_SWAP,
    Claim,
    ClaimError,
    MissingTableError,
    Operation,
    Recomputed,
    Tables,
    claims_from,
    column_values,
    missing_parts,
    operation,
    row_labels,
)
from companion.claims.sensitivity import (
    CURVE_SPAN,
    reproducing_cutoffs,
    rule_variants,
    sensitivity,
    threshold_curve,
    threshold_curves,
)
from companion.claims.verdicts import VERDICTS, audit, judge, load_claims, recompute, tables_for, verdict

# The names the single module had for these (kept for code written against it).
_reproducing_range = reproducing_range

__all__ = [
    "CLAIMS_FILE",
    "COMPARES",
    "CURVE_SPAN",
    "DISTRICT_TOTAL_FACT",
    "OPERATIONS",
    "OPTION_SCHOOL_FROM",
    "OP_WORDS",
    "READINGS",
    "STRICT_SWAP",
    "VERDICTS",
    "Claim",
    "ClaimError",
    "CutoffFacts",
    "MissingTableError",
    "Operation",
    "Recomputed",
    "Tables",
    "audit",
    "claims_from",
    "column_values",
    "cutoff_facts",
    "explain",
    "explain_cutoff",
    "explain_gap",
    "interval_words",
    "judge",
    "load_claims",
    "missing_parts",
    "operation",
    "operations",
    "recompute",
    "reproducing_cutoffs",
    "reproducing_range",
    "rounding_halfwidth",
    "row_labels",
    "rule_variants",
    "sample_number",
    "school_type",
    "sensitivity",
    "settings_under",
    "tables_for",
    "threshold_curve",
    "threshold_curves",
    "verdict",
]

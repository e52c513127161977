"""Every chart the book shows, built from the real data exactly as its chapter builds it, and every
public chart function of :mod:`companion.charts`, each called on the real data."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from companion import claims, datasets, explorers, rendering
from companion.charts import district_overview, evidence, frameworks, reading, school_measures, verdicts
from companion.leithwood import counts_by, evidence_grid, support_per_study
from companion.measures import DESIGNS, QUARTILES, SETTINGS
from companion.regression import fit_line, residuals
from companion.schools import join_schools_reading


def book_charts() -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """Figure number -> a function that builds that figure's chart (with the book's theme, as chapters have it)."""
    rendering.enable()
    facts, schools = datasets.load("district2_facts"), datasets.load("district2_schools")
    rd = datasets.load("district2_reading_1997")
    bench = datasets.load("reading_benchmarks_1997").set_index("benchmark", drop=False)
    joined = join_schools_reading(schools, rd, datasets.load("district2_school_keys"))
    fits = {q: fit_line(joined["frl_pct"], joined[q]) for q in QUARTILES}
    flagged = pd.concat(
        [residuals(joined, "frl_pct", q, f).assign(quartile=q) for q, f in fits.items()], ignore_index=True
    )
    studies, ev = datasets.load("leithwood_studies"), datasets.load("leithwood_evidence")
    grid = evidence_grid(datasets.load("leithwood_characteristics"), studies, ev)
    audit = claims.audit()
    curves = claims.threshold_curves(audit)
    return {
        "1.1": lambda: district_overview.enrollment_composition(facts),
        "1.2": lambda: district_overview.district_rank(facts),
        "2.1": lambda: school_measures.school_explorer(schools),
        "2.2": lambda: school_measures.composition_by_school(schools),
        "3.1": lambda: reading.reading_by_school(rd, bench),
        "3.2": lambda: reading.quartile_spread(rd, bench),
        "4.1": lambda: reading.poverty_vs_reading(joined, fits, flagged),
        "5.1": lambda: district_overview.school_groups(datasets.load("district2_school_groups")),
        "6.1": lambda: evidence.search_funnel(datasets.load("leithwood_search")),
        "6.2": lambda: evidence.settings_stated_vs_derived(studies, datasets.load("leithwood_locations")),
        "6.3": lambda: evidence.studies_by_design(studies),
        "7.1": lambda: evidence.evidence_map(grid),
        "7.2": lambda: evidence.characteristic_by_category(
            counts_by(grid, "design"), "design", DESIGNS, "Design family", "By design"
        ),
        "7.3": lambda: evidence.characteristic_by_category(
            counts_by(grid, "setting"), "setting", SETTINGS, "Setting", "By setting"
        ),
        "7.4": lambda: evidence.support_per_study_chart(support_per_study(studies, ev)),
        "8.1": lambda: frameworks.ospi_framework(datasets.load("ospi_themes"), datasets.load("ospi_questions")),
        "8.2": lambda: frameworks.brief_citation_counts(
            datasets.load("brief_citations"), datasets.load("brief_elements")
        ),
        "8.3": lambda: frameworks.shared_works_matrix(datasets.load("shared_works")),
        "9.1": lambda: frameworks.crosswalk_matrix(
            datasets.load("framework_crosswalk"), datasets.load("shared_themes")
        ),
        "10.1": lambda: verdicts.stated_vs_recomputed(audit),
        "10.2": lambda: verdicts.threshold_sensitivity(curves, audit),
    }


# The public chart function behind each figure (7.2 and 7.3 both come from characteristic_by_category).
FIGURE_FUNCTIONS = {
    "1.1": "district_overview.enrollment_composition",
    "1.2": "district_overview.district_rank",
    "2.1": "school_measures.school_explorer",
    "2.2": "school_measures.composition_by_school",
    "3.1": "reading.reading_by_school",
    "3.2": "reading.quartile_spread",
    "4.1": "reading.poverty_vs_reading",
    "5.1": "district_overview.school_groups",
    "6.1": "evidence.search_funnel",
    "6.2": "evidence.settings_stated_vs_derived",
    "6.3": "evidence.studies_by_design",
    "7.1": "evidence.evidence_map",
    "7.2": "evidence.characteristic_by_category",
    "7.4": "evidence.support_per_study_chart",
    "8.1": "frameworks.ospi_framework",
    "8.2": "frameworks.brief_citation_counts",
    "8.3": "frameworks.shared_works_matrix",
    "9.1": "frameworks.crosswalk_matrix",
    "10.1": "verdicts.stated_vs_recomputed",
    "10.2": "verdicts.threshold_sensitivity",
}


def chart_functions() -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """``module.function`` -> a call of that public chart function on the real data.

    The book's figures cover most of them; the rest are the two halves of the school explorer
    (each usable alone) and the fitted-line chart the poverty explorer draws in a live notebook.
    """
    figures = book_charts()
    schools = datasets.load("district2_schools")
    return {
        **{name: figures[figure] for figure, name in FIGURE_FUNCTIONS.items()},
        "school_measures.axis_scatter": lambda: school_measures.axis_scatter(schools),
        "school_measures.measure_strips": lambda: school_measures.measure_strips(schools),
        "fit.fit_with_band": lambda: explorers.PovertyExplorer().chart(),
    }

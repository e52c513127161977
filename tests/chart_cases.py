"""Every chart the book shows, built from the real data exactly as its chapter builds it, and every
public chart function of :mod:`companion.charts`, each called on the real data."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache

import altair as alt
import pandas as pd

from companion import claims, datasets, explorers, rendering
from companion.charts import (
    conclusions,
    district_overview,
    evidence,
    frameworks,
    reading,
    review,
    school_measures,
    strategy,
    verdicts,
)
from companion.leithwood import characteristic_profiles, counts_by, evidence_grid, evidence_units, support_per_study
from companion.measures import DESIGNS, QUARTILES, SETTINGS
from companion.regression import fit_line, residuals
from companion.schools import join_schools_reading


@cache
def book_charts() -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """Figure label -> a function that builds that figure's chart (with the book's theme, as chapters have it).

    Made once per test process: the data and the audit it reads are loaded once.
    """
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
        "fig-d2-district-enrollment": lambda: district_overview.enrollment_composition(facts),
        "fig-d2-district-rank": lambda: district_overview.district_rank(facts),
        "fig-d2-district-timeline": lambda: district_overview.timeline(datasets.load("district2_timeline")),
        "fig-d2-strategy-links": lambda: strategy.strategy_network(
            datasets.load("district2_strategy"),
            datasets.load("district2_school_groups"),
            datasets.load("district2_strategy_links"),
        ),
        "fig-d2-schools-explorer": lambda: school_measures.school_explorer(schools),
        "fig-d2-schools-composition": lambda: school_measures.composition_by_school(schools),
        "fig-d2-reading-by-school": lambda: reading.reading_by_school(rd, bench),
        "fig-d2-reading-spread": lambda: reading.quartile_spread(rd, bench),
        "fig-d2-poverty-vs-reading": lambda: reading.poverty_vs_reading(joined, fits, flagged),
        "fig-d2-groups-sizes": lambda: district_overview.school_groups(datasets.load("district2_school_groups")),
        "fig-ev-gathering-funnel": lambda: evidence.search_funnel(datasets.load("leithwood_search")),
        "fig-ev-gathering-settings": lambda: review.settings_two_readings(
            studies, datasets.load("leithwood_locations"), datasets.load("leithwood_location_readings")
        ),
        "fig-ev-gathering-designs": lambda: evidence.studies_by_design(studies),
        "fig-ev-map-grid": lambda: evidence.evidence_map(grid),
        "fig-ev-map-by-design": lambda: evidence.characteristic_by_category(
            counts_by(grid, "design"), "design", DESIGNS, "Design family", "By design"
        ),
        "fig-ev-map-by-setting": lambda: evidence.characteristic_by_category(
            counts_by(grid, "setting"), "setting", SETTINGS, "Setting", "By setting"
        ),
        "fig-ev-map-support": lambda: evidence.support_per_study_chart(support_per_study(studies, ev)),
        "fig-ev-findings-concentration": lambda: review.concentration_by_characteristic(characteristic_profiles(grid)),
        "fig-ev-syntheses-ospi": lambda: frameworks.ospi_framework(
            datasets.load("ospi_themes"), datasets.load("ospi_questions")
        ),
        "fig-ev-syntheses-brief": lambda: frameworks.brief_citation_counts(
            datasets.load("brief_citations"), datasets.load("brief_elements")
        ),
        "fig-ev-syntheses-shared": lambda: frameworks.shared_works_matrix(datasets.load("shared_works")),
        "fig-ev-crosswalk-matrix": lambda: frameworks.crosswalk_matrix(
            datasets.load("framework_crosswalk"), datasets.load("shared_themes")
        ),
        "fig-claims-stated-vs-recomputed": lambda: verdicts.stated_vs_recomputed(audit),
        "fig-claims-threshold": lambda: verdicts.threshold_sensitivity(
            curves, audit, claims.reproducing_cutoffs(audit)
        ),
        "fig-ev-conclusions-independence": lambda: conclusions.evidence_independence(
            evidence_units(
                datasets.load("leithwood_characteristics"), studies, ev, datasets.load("leithwood_study_groups")
            )
        ),
    }


# The public chart function behind each figure (the map by design and by setting share one function).
FIGURE_FUNCTIONS = {
    "fig-d2-district-enrollment": "district_overview.enrollment_composition",
    "fig-d2-district-rank": "district_overview.district_rank",
    "fig-d2-district-timeline": "district_overview.timeline",
    "fig-d2-strategy-links": "strategy.strategy_network",
    "fig-d2-schools-explorer": "school_measures.school_explorer",
    "fig-d2-schools-composition": "school_measures.composition_by_school",
    "fig-d2-reading-by-school": "reading.reading_by_school",
    "fig-d2-reading-spread": "reading.quartile_spread",
    "fig-d2-poverty-vs-reading": "reading.poverty_vs_reading",
    "fig-d2-groups-sizes": "district_overview.school_groups",
    "fig-ev-gathering-funnel": "evidence.search_funnel",
    "fig-ev-gathering-settings": "review.settings_two_readings",
    "fig-ev-gathering-designs": "evidence.studies_by_design",
    "fig-ev-map-grid": "evidence.evidence_map",
    "fig-ev-map-by-design": "evidence.characteristic_by_category",
    "fig-ev-map-support": "evidence.support_per_study_chart",
    "fig-ev-findings-concentration": "review.concentration_by_characteristic",
    "fig-ev-syntheses-ospi": "frameworks.ospi_framework",
    "fig-ev-syntheses-brief": "frameworks.brief_citation_counts",
    "fig-ev-syntheses-shared": "frameworks.shared_works_matrix",
    "fig-ev-crosswalk-matrix": "frameworks.crosswalk_matrix",
    "fig-claims-stated-vs-recomputed": "verdicts.stated_vs_recomputed",
    "fig-claims-threshold": "verdicts.threshold_sensitivity",
    "fig-ev-conclusions-independence": "conclusions.evidence_independence",
}


@cache
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
        # no longer a figure (the gathering chapter shows both readings of study 16), kept as a public function
        "evidence.settings_stated_vs_derived": lambda: evidence.settings_stated_vs_derived(
            datasets.load("leithwood_studies"), datasets.load("leithwood_locations")
        ),
    }


# The figure whose chart stands for each chart function (the last, as chart_functions() keeps it).
FUNCTION_FIGURES = {name: figure for figure, name in FIGURE_FUNCTIONS.items()}


@cache
def _spec(kind: str, name: str) -> dict:
    charts = book_charts() if kind == "figure" else chart_functions()
    return charts[name]().to_dict()


def figure_spec(figure: str) -> dict:
    """The Vega-Lite spec of a figure's chart, built (and validated by Altair) once per test process.

    Building and validating a chart takes most of a chart test's time, and several test files check
    the same charts; each caller gets its own copy.
    """
    return copy.deepcopy(_spec("figure", figure))


def function_spec(name: str) -> dict:
    """The spec of a chart function's call in :func:`chart_functions`, built once per test process (a copy)."""
    figure = FUNCTION_FIGURES.get(name)
    return figure_spec(figure) if figure else copy.deepcopy(_spec("function", name))

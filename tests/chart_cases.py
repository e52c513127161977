"""Every chart the book shows, built from the real data exactly as its chapter builds it, and every
public chart function of :mod:`companion.charts`, each called on the real data.

Each figure's case names the chart function that draws it, so the function behind a figure is
known from its case; tests/test_chart_presentation.py checks the cases against the figures the
notebooks store (:func:`tests.figures.stored_figures`) and each case's chart against the stored spec.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from typing import Any

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


class Case:
    """One chart function called on the given inputs: calling the case builds the chart."""

    def __init__(self, function: Callable[..., alt.TopLevelMixin], *inputs: Any) -> None:
        self.function, self.inputs = function, inputs

    @property
    def name(self) -> str:
        """The chart function as ``module.function`` (its module within companion.charts)."""
        return f"{self.function.__module__.removeprefix('companion.charts.')}.{self.function.__name__}"

    def __call__(self) -> alt.TopLevelMixin:
        return self.function(*self.inputs)


def _map_titles(profiles: pd.DataFrame) -> tuple[str, str]:
    """The titles ev_map computes for its by-design and by-setting charts (from its first code cells)."""
    case_share = (profiles["single-site case study"] + profiles["multi-site case studies"]) / profiles["studies"]
    design = f"Case studies are at least {case_share.min():.0%} of the studies for every characteristic"
    appears = {s: int((profiles[s] > 0).sum()) for s in ("NYC District #2", "Texas")}
    every = len(profiles)

    def where(n: int) -> str:
        return f"all {every}" if n == every else f"{n} of the {every}"

    setting = (
        f"Texas studies appear for {where(appears['Texas'])} characteristics, "
        f"District #2 studies for {where(appears['NYC District #2'])}"
    )
    return design, setting


@cache
def book_charts() -> dict[str, Case]:
    """Figure label -> the case that builds that figure's chart (with the book's theme, as chapters have it).

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
    design_title, setting_title = _map_titles(characteristic_profiles(grid))
    audit = claims.audit()
    curves = claims.threshold_curves(audit)
    return {
        "fig-d2-district-enrollment": Case(district_overview.enrollment_composition, facts),
        "fig-d2-district-rank": Case(district_overview.district_rank, facts),
        "fig-d2-district-timeline": Case(district_overview.timeline, datasets.load("district2_timeline")),
        "fig-d2-strategy-links": Case(
            strategy.strategy_network,
            datasets.load("district2_strategy"),
            datasets.load("district2_school_groups"),
            datasets.load("district2_strategy_links"),
        ),
        "fig-d2-schools-explorer": Case(school_measures.school_explorer, schools),
        "fig-d2-schools-composition": Case(school_measures.composition_by_school, schools),
        "fig-d2-reading-by-school": Case(reading.reading_by_school, rd, bench),
        "fig-d2-reading-spread": Case(reading.quartile_spread, rd, bench),
        "fig-d2-poverty-vs-reading": Case(reading.poverty_vs_reading, joined, fits, flagged),
        "fig-d2-groups-sizes": Case(district_overview.school_groups, datasets.load("district2_school_groups")),
        "fig-ev-gathering-funnel": Case(evidence.search_funnel, datasets.load("leithwood_search")),
        "fig-ev-gathering-settings": Case(
            review.settings_two_readings,
            studies,
            datasets.load("leithwood_locations"),
            datasets.load("leithwood_location_readings"),
        ),
        "fig-ev-gathering-designs": Case(evidence.studies_by_design, studies),
        "fig-ev-map-grid": Case(evidence.evidence_map, grid),
        "fig-ev-map-by-design": Case(
            evidence.characteristic_by_category,
            counts_by(grid, "design"),
            "design",
            DESIGNS,
            "Design family",
            design_title,
        ),
        "fig-ev-map-by-setting": Case(
            evidence.characteristic_by_category,
            counts_by(grid, "setting"),
            "setting",
            SETTINGS,
            "Setting",
            setting_title,
        ),
        "fig-ev-map-support": Case(evidence.support_per_study_chart, support_per_study(studies, ev)),
        "fig-ev-findings-concentration": Case(review.concentration_by_characteristic, characteristic_profiles(grid)),
        "fig-ev-syntheses-ospi": Case(
            frameworks.ospi_framework, datasets.load("ospi_themes"), datasets.load("ospi_questions")
        ),
        "fig-ev-syntheses-brief": Case(
            frameworks.brief_citation_counts, datasets.load("brief_citations"), datasets.load("brief_elements")
        ),
        "fig-ev-syntheses-shared": Case(frameworks.shared_works_matrix, datasets.load("shared_works")),
        "fig-ev-crosswalk-matrix": Case(
            frameworks.crosswalk_matrix, datasets.load("framework_crosswalk"), datasets.load("shared_themes")
        ),
        "fig-claims-stated-vs-recomputed": Case(verdicts.stated_vs_recomputed, audit),
        "fig-claims-threshold": Case(verdicts.threshold_sensitivity, curves, audit, claims.reproducing_cutoffs(audit)),
        "fig-ev-conclusions-independence": Case(
            conclusions.evidence_independence,
            evidence_units(
                datasets.load("leithwood_characteristics"), studies, ev, datasets.load("leithwood_study_groups")
            ),
        ),
    }


@cache
def chart_functions() -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """``module.function`` -> a call of that public chart function on the real data.

    The book's figures cover most of them (a function behind two figures is called as the first);
    the rest are the two halves of the school explorer (each usable alone) and the fitted-line
    chart the poverty explorer draws in a live notebook.
    """
    schools = datasets.load("district2_schools")
    figures: dict[str, Callable[[], alt.TopLevelMixin]] = {}
    for case in book_charts().values():
        figures.setdefault(case.name, case)
    return {
        **figures,
        "school_measures.axis_scatter": lambda: school_measures.axis_scatter(schools),
        "school_measures.measure_strips": lambda: school_measures.measure_strips(schools),
        "fit.fit_with_band": lambda: explorers.PovertyExplorer().chart(),
        # no longer a figure (the gathering chapter shows both readings of study 16), kept as a public function
        "evidence.settings_stated_vs_derived": lambda: evidence.settings_stated_vs_derived(
            datasets.load("leithwood_studies"), datasets.load("leithwood_locations")
        ),
    }


@cache
def _function_figures() -> dict[str, str]:
    """Chart function -> the figure whose case stands for it (the first, as :func:`chart_functions` keeps it)."""
    found: dict[str, str] = {}
    for figure, case in book_charts().items():
        found.setdefault(case.name, figure)
    return found


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
    figure = _function_figures().get(name)
    return figure_spec(figure) if figure else copy.deepcopy(_spec("function", name))

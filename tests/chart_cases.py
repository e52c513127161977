"""Every chart the book shows, built from the real data exactly as its chapter builds it."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd

from companion import analysis, claims, datasets, rendering
from companion.charts import claims as claim_charts
from companion.charts import district, district2, evidence, frameworks, reading


def book_charts() -> dict[str, Callable[[], alt.TopLevelMixin]]:
    """Figure number -> a function that builds that figure's chart (with the book's theme, as chapters have it)."""
    rendering.enable()
    facts, schools = datasets.load("district2_facts"), datasets.load("district2_schools")
    rd = datasets.load("district2_reading_1997")
    bench = datasets.load("reading_benchmarks_1997").set_index("benchmark", drop=False)
    joined = analysis.join_schools_reading(schools, rd, datasets.load("district2_school_keys"))
    fits = {q: analysis.fit_line(joined["frl_pct"], joined[q]) for q in reading.QUARTILES}
    flagged = pd.concat(
        [analysis.residuals(joined, "frl_pct", q, f).assign(quartile=q) for q, f in fits.items()], ignore_index=True
    )
    studies, ev = datasets.load("leithwood_studies"), datasets.load("leithwood_evidence")
    grid = analysis.evidence_grid(datasets.load("leithwood_characteristics"), studies, ev)
    audit = claims.audit()
    curves = claims.threshold_curves(audit)
    return {
        "1.1": lambda: district.enrollment_composition(facts),
        "1.2": lambda: district.district_rank(facts),
        "2.1": lambda: district2.school_explorer(schools),
        "2.2": lambda: district2.composition_by_school(schools),
        "3.1": lambda: reading.reading_by_school(rd, bench),
        "3.2": lambda: reading.quartile_spread(rd, bench),
        "4.1": lambda: reading.poverty_vs_reading(joined, fits, flagged),
        "5.1": lambda: district.school_groups(datasets.load("district2_school_groups")),
        "6.1": lambda: evidence.search_funnel(datasets.load("leithwood_search")),
        "6.2": lambda: evidence.settings_stated_vs_derived(studies, datasets.load("leithwood_locations")),
        "6.3": lambda: evidence.studies_by_design(studies),
        "7.1": lambda: evidence.evidence_map(grid),
        "7.2": lambda: evidence.characteristic_by_category(
            analysis.counts_by(grid, "design"), "design", evidence.DESIGNS, "Design family", "By design"
        ),
        "7.3": lambda: evidence.characteristic_by_category(
            analysis.counts_by(grid, "setting"), "setting", evidence.SETTINGS, "Setting", "By setting"
        ),
        "7.4": lambda: evidence.support_per_study_chart(analysis.support_per_study(studies, ev)),
        "8.1": lambda: frameworks.ospi_framework(datasets.load("ospi_themes"), datasets.load("ospi_questions")),
        "8.2": lambda: frameworks.brief_citation_counts(
            datasets.load("brief_citations"), datasets.load("brief_elements")
        ),
        "8.3": lambda: frameworks.shared_works_matrix(datasets.load("shared_works")),
        "9.1": lambda: frameworks.crosswalk_matrix(
            datasets.load("framework_crosswalk"), datasets.load("shared_themes")
        ),
        "10.1": lambda: claim_charts.stated_vs_recomputed(audit),
        "10.2": lambda: claim_charts.threshold_sensitivity(curves, audit),
    }

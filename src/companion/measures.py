"""Names and reader-facing labels shared by the analyses and the charts.

District #2 school measures (Elmore & Burney 1997, Tables 1 and 2) and the design and setting
families of Leithwood's (2010) studies. One place for each, so that a chart and the analysis
behind it never disagree about a label or an order.
"""

from __future__ import annotations

PERCENT_MEASURES: dict[str, str] = {
    "frl_pct": "Free/reduced-price lunch (%)",
    "lep_pct": "Limited English proficient (%)",
    "white_pct": "White (%)",
    "black_pct": "Black (%)",
    "latino_pct": "Latino (%)",
    "asian_other_pct": "Asian & other (%)",
    "under_2_yrs_in_school_pct": "'<2 yrs in this school' (%)",
    "over_5_yrs_teaching_pct": "'> 5 yrs teaching' (%)",
}
MEASURES: dict[str, str] = {"enrollment": "Enrollment (students)", **PERCENT_MEASURES}
RACE_MEASURES: dict[str, str] = {
    k: PERCENT_MEASURES[k] for k in ("white_pct", "black_pct", "latino_pct", "asian_other_pct")
}
LEVELS: list[str] = ["elementary", "intermediate"]
"""School levels of Table 1, in the order every chart shows them."""

QUARTILES: dict[str, str] = {
    "lowest_quartile_pct": "Lowest national quartile (%)",
    "highest_quartile_pct": "Highest national quartile (%)",
}
"""Table 2's two reading measures: the shares of students in the lowest and highest national quartile."""

DESIGNS: list[str] = ["single-site case study", "multi-site case studies", "mixed methods", "quantitative", "unknown"]
"""Design families derived from the method column of Leithwood's appendix, in display order."""

SETTINGS: list[str] = ["NYC District #2", "San Diego", "Texas", "Alberta, Canada", "Other U.S.", "unknown"]
"""Settings derived from Leithwood's appendix, in display order."""

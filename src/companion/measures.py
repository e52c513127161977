"""Names and reader-facing labels of the District #2 school measures (Table 1)."""

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
LEVELS = ["elementary", "intermediate"]

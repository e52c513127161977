"""Analyses of Leithwood's (2010) evidence table: which studies support which characteristic."""

from __future__ import annotations

import pandas as pd


def evidence_grid(characteristics: pd.DataFrame, studies: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """Every (characteristic, study) pair with ``linked`` True where Table 1 lists the study.

    Unlinked pairs are kept so that a chart can show gaps explicitly; study details ride along
    for tooltips. Unidentified studies keep empty details.
    """
    grid = characteristics[["characteristic_id", "name", "studies_reported"]].merge(
        studies[["study_id", "identified", "authors", "year", "sample", "method", "design", "setting"]], how="cross"
    )
    links = evidence[["characteristic_id", "study_id"]].assign(linked=True)
    grid = grid.merge(links, on=["characteristic_id", "study_id"], how="left", validate="one_to_one")
    grid["linked"] = grid["linked"].fillna(False).astype(bool)
    grid["study"] = (
        grid["authors"].fillna("not identified in the appendix").str.split(",").str[0].astype(str)
        + " ("
        + grid["year"].astype("string").fillna("?")
        + ")"
    )
    grid["design"] = grid["design"].fillna("unknown")
    grid["setting"] = grid["setting"].fillna("unknown")
    return grid


def support_per_study(studies: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """How many characteristics each study is listed for (0 for studies Table 1 never cites)."""
    counts = evidence.groupby("study_id").size().rename("characteristics")
    out = studies[["study_id", "identified", "authors", "year", "design", "setting"]].merge(
        counts, left_on="study_id", right_index=True, how="left"
    )
    out["characteristics"] = out["characteristics"].fillna(0).astype(int)
    return out.sort_values(["characteristics", "study_id"], ascending=[False, True]).reset_index(drop=True)


def counts_by(grid: pd.DataFrame, column: str) -> pd.DataFrame:
    """Linked studies per characteristic and ``column`` value, zeros included (explicit gaps)."""
    full = grid.groupby(["characteristic_id", "name", column], as_index=False)["linked"].sum()
    return full.rename(columns={"linked": "studies"})

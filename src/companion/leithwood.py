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


COUNTINGS: dict[str, str] = {
    "study": "every study",
    "district": "each district once",
    "team": "each research team once",
}
"""How the evidence for a characteristic can be counted: the key of each way and its reader label."""

SEVERAL_DESIGNS = "several designs"
"""The design shown for a district or team whose studies of one characteristic differ in design."""

# a setting that is one district, and the district group its studies carry in leithwood_study_groups
_ONE_DISTRICT_SETTINGS = {"NYC District #2": "NYC District #2", "San Diego": "San Diego"}


def district_groups(groups: pd.DataFrame, readings: pd.DataFrame, reading: str = "appendix") -> pd.DataFrame:
    """``groups`` with the district of each study that ``readings`` places differently, under ``reading``.

    ``reading`` is ``"appendix"`` (as the appendix places each study: ``groups`` unchanged) or
    ``"text"`` (as the review's text groups it): a study the text places in District #2 or San
    Diego joins that district's group.
    """
    if reading not in ("appendix", "text"):
        raise ValueError(f"reading {reading!r}: 'appendix' or 'text'")
    out = groups.copy()
    if reading == "appendix":
        return out
    for row in readings[readings["reading"] == reading].itertuples():
        district = _ONE_DISTRICT_SETTINGS.get(row.setting)
        if district is not None:
            out.loc[out["study_id"] == row.study_id, "district_group"] = district
    return out


def evidence_units(
    characteristics: pd.DataFrame, studies: pd.DataFrame, evidence: pd.DataFrame, groups: pd.DataFrame
) -> pd.DataFrame:
    """The evidence for each characteristic counted three ways: every study, each district once, each team once.

    One row per way of counting (``counting``, a key of :data:`COUNTINGS`), characteristic and
    unit (a study, a district or set of districts, or a research team, from ``groups``): the
    unit's label, its studies listed for the characteristic, their number, and its design (the
    design family of its studies, or :data:`SEVERAL_DESIGNS` when they differ). ``position`` orders
    a characteristic's units by design (in :data:`companion.measures.DESIGNS` order), then label.
    """
    from companion.measures import DESIGNS

    links = (
        evidence[["characteristic_id", "study_id"]]
        .merge(characteristics[["characteristic_id", "name"]], on="characteristic_id", validate="many_to_one")
        .merge(studies[["study_id", "authors", "year", "design", "setting"]], on="study_id", validate="many_to_one")
        .merge(groups[["study_id", "district_group", "team_group"]], on="study_id", how="left", validate="many_to_one")
    )
    missing = links.loc[links["district_group"].isna(), "study_id"].unique().tolist()
    if missing:
        raise ValueError(f"studies listed in Table 1 but without a group: {missing}")
    links["study_label"] = "Study " + links["study_id"].astype(str)
    order = {d: i for i, d in enumerate([*DESIGNS, SEVERAL_DESIGNS])}
    frames = []
    for counting, column in (("study", "study_label"), ("district", "district_group"), ("team", "team_group")):
        units = (
            links.sort_values("study_id")
            .groupby(["characteristic_id", "name", column], as_index=False, sort=False)
            .agg(
                studies=("study_id", lambda s: ", ".join(str(i) for i in s)),
                n_studies=("study_id", "size"),
                designs=("design", lambda s: "; ".join(dict.fromkeys(s))),
                settings=("setting", lambda s: "; ".join(dict.fromkeys(s))),
            )
            .rename(columns={column: "unit"})
        )
        units["design"] = units["designs"].where(~units["designs"].str.contains(";"), SEVERAL_DESIGNS)
        units.insert(0, "counting", counting)
        frames.append(units)
    out = pd.concat(frames, ignore_index=True)
    out["design_order"] = out["design"].map(order)
    out = out.sort_values(["counting", "characteristic_id", "design_order", "unit"], key=_natural)
    out["position"] = out.groupby(["counting", "characteristic_id"]).cumcount()
    return out.drop(columns="design_order").reset_index(drop=True)


def _natural(column: pd.Series) -> pd.Series:
    """Sort key that orders 'Study 9' before 'Study 10' (other columns unchanged)."""
    if column.name != "unit":
        return column
    return column.str.replace(r"^Study (\d+)$", lambda m: f"Study {int(m[1]):03d}", regex=True)


def independence_summary(units: pd.DataFrame) -> pd.DataFrame:
    """Per characteristic: its studies, and its units under each way of counting (from :func:`evidence_units`)."""
    counts = units.pivot_table(
        index=["characteristic_id", "name"], columns="counting", values="unit", aggfunc="count"
    ).reset_index()
    counts.columns.name = None
    counts = counts.rename(columns={"study": "studies", "district": "districts", "team": "teams"})
    return counts[["characteristic_id", "name", "studies", "districts", "teams"]].sort_values("characteristic_id")

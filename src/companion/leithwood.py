"""Analyses of Leithwood's (2010) evidence table: which studies support which characteristic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from companion.measures import DESIGNS, SETTINGS


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
    return full.rename(columns={"linked": "studies"})  # pyright: ignore[reportCallIssue]


# The settings whose studies the review itself singles out as one reform and its replication: District #2
# and San Diego, where District #2's former superintendent led the attempt to repeat it.
CONCENTRATED: tuple[str, ...] = ("NYC District #2", "San Diego")
_DESIGN_WORDS = {
    "single-site case study": ("single-site case study", "single-site case studies"),
    "multi-site case studies": ("multi-site case study", "multi-site case studies"),
    "mixed methods": ("mixed-methods study", "mixed-methods studies"),
    "quantitative": ("quantitative study", "quantitative studies"),
    "unknown": ("study of unknown design", "studies of unknown design"),
}
_SETTING_WORDS = {
    "NYC District #2": "District #2",
    "San Diego": "San Diego",
    "Texas": "Texas",
    "Alberta, Canada": "Alberta",
    "Other U.S.": "elsewhere in the U.S.",
    "unknown": "place unknown",
}


def _series(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_designs(counts: Mapping[str, int]) -> str:
    """Design counts in words, in the order of :data:`DESIGNS`: '9 multi-site case studies and 1 quantitative study'."""
    parts = []
    for design in DESIGNS:
        n = int(counts.get(design, 0))
        if n:
            one, many = _DESIGN_WORDS[design]
            parts.append(f"{n} {one if n == 1 else many}")
    return _series(parts) if parts else "no study"


def describe_settings(counts: Mapping[str, int]) -> str:
    """Setting counts in words, in the order of :data:`SETTINGS`: '4 in Texas, 2 in District #2 and 8 elsewhere'."""
    parts = []
    for setting in SETTINGS:
        n = int(counts.get(setting, 0))
        if n:
            where = _SETTING_WORDS[setting]
            parts.append(f"{n} {where}" if setting in ("Other U.S.", "unknown") else f"{n} in {where}")
    return _series(parts) if parts else "none"


def characteristic_profiles(grid: pd.DataFrame) -> pd.DataFrame:
    """One row per characteristic: its studies, their designs and settings, and how many come from
    District #2 and San Diego (:data:`CONCENTRATED`).

    Columns: ``characteristic_id``, ``name``, ``studies`` (listed in Table 1), ``study_ids`` (text,
    ascending), one count per design family and per setting (zeros kept; every listed study has both), ``designs`` and
    ``settings`` (the counts in words), ``district2``, ``san_diego``, ``concentrated`` (their sum)
    and ``concentrated_share`` (of ``studies``).
    """
    links = grid[grid["linked"]]
    names = grid.drop_duplicates("characteristic_id").set_index("characteristic_id")["name"]
    if (links[["design", "setting"]] == "unknown").any().any():
        raise ValueError("a study listed in Table 1 has no design or setting")
    designs = pd.crosstab(links["characteristic_id"], links["design"]).reindex(
        index=names.index, columns=DESIGNS[:-1], fill_value=0
    )
    settings = pd.crosstab(links["characteristic_id"], links["setting"]).reindex(
        index=names.index, columns=SETTINGS[:-1], fill_value=0
    )
    ids = (
        links.sort_values("study_id")
        .groupby("characteristic_id")["study_id"]
        .agg(lambda s: ", ".join(str(int(i)) for i in s))
    )
    out = pd.DataFrame({"name": names, "studies": designs.sum(axis=1), "study_ids": ids.reindex(names.index)})
    out = out.join(designs).join(settings)
    out["designs"] = [describe_designs(designs.loc[i]) for i in names.index]
    out["settings"] = [describe_settings(settings.loc[i]) for i in names.index]
    out["district2"] = settings["NYC District #2"]
    out["san_diego"] = settings["San Diego"]
    out["concentrated"] = settings[list(CONCENTRATED)].sum(axis=1)
    out["concentrated_share"] = out["concentrated"] / out["studies"]
    return out.reset_index()


def link_share(grid: pd.DataFrame, column: str, values: Iterable[object]) -> tuple[int, int]:
    """How many of Table 1's links come from studies whose ``column`` is one of ``values``, out of all links."""
    links = grid[grid["linked"]]
    return int(links[column].isin(list(values)).sum()), len(links)


def location_counts(studies: pd.DataFrame, locations: pd.DataFrame, readings: pd.DataFrame) -> pd.DataFrame:
    """Studies per setting: as the text states them, and counted from the appendix rows under each reading of study 16.

    Columns ``setting``, ``basis`` and ``studies``. ``basis`` is ``stated`` (the text's breakdown), ``appendix``
    or ``text`` (the appendix rows, with study 16 placed as ``readings`` gives it under that reading). The
    study the appendix does not print (30) is counted under ``unknown`` in both appendix counts.
    """
    rows = []
    for setting in SETTINGS:
        stated = locations.loc[locations["setting"] == setting, "studies_stated"]
        rows.append({"setting": setting, "basis": "stated", "studies": int(stated.sum())})
    for reading in ("appendix", "text"):
        moved = readings[readings["reading"] == reading].set_index("study_id")["setting"]
        settings = studies.set_index("study_id")["setting"].astype("string")
        settings.update(moved.astype("string"))
        counts = settings.fillna("unknown").value_counts()
        rows += [{"setting": s, "basis": reading, "studies": int(counts.get(s, 0))} for s in SETTINGS]
    return pd.DataFrame(rows)


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
        district = _ONE_DISTRICT_SETTINGS.get(row.setting)  # pyright: ignore[reportArgumentType]
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

"""One record per study of Leithwood's (2010) appendix: what it is, what it is evidence for, where it is cited.

:func:`study_records` joins the appendix (``leithwood_studies``), the reference list
(``leithwood_references``), Table 1 (``leithwood_evidence``), the results text's citations
(``leithwood_text_citations``) and the bibliography (:mod:`companion.bibliography`). Related
studies are computed from the companion's grouping (``leithwood_study_groups``): the same
district or districts, or the same team or programme. The book's record pages, its
catalogue and its BibTeX, RIS and CSV exports are all drawn from these records.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from companion import bibliography, datasets

CSV_FIELDS = [
    "study_id",
    "key",
    "authors",
    "year",
    "title",
    "title_in_appendix",
    "source",
    "sample",
    "method",
    "design",
    "setting",
    "characteristics",
]
"""Columns of the CSV export, in order: the reference list's authors, title and source, the appendix's sample
and method, the companion's design and setting, Table 1's characteristics."""


@dataclass(frozen=True)
class Related:
    """Another study and why it is related."""

    study_id: int
    label: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class StudyRecord:
    """Everything the book says about one appendix study, from the data."""

    study_id: int
    identified: bool
    label: str
    work: bibliography.Work | None
    appendix: dict[str, str | None]
    reference: dict[str, str | None]
    design: str | None
    setting: str | None
    characteristics: tuple[tuple[int, str], ...]
    text_sections: tuple[tuple[str, int | None], ...]
    related: tuple[Related, ...]
    differences: tuple[tuple[str, str, str], ...]
    notes: tuple[str, ...]

    @property
    def truncated(self) -> bool:
        """Whether the appendix cuts the title short (the reference list completes it)."""
        return any(d[0] == "title" and d[2] == "cut short" for d in self.differences)

    def csv_row(self) -> dict[str, str]:
        """The study's row of the CSV export (:data:`CSV_FIELDS`)."""
        r, a = self.reference, self.appendix
        return {
            "study_id": str(self.study_id),
            "key": self.work.key if self.work else "",
            "authors": r["authors"] or "",
            "year": r["year"] or "",
            "title": r["title"] or "",
            "title_in_appendix": a["title"] or "",
            "source": r["source"] or "",
            "sample": a["sample"] or "",
            "method": a["method"] or "",
            "design": self.design or "",
            "setting": self.setting or "",
            "characteristics": "; ".join(str(c) for c, _ in self.characteristics),
        }


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _label(authors: str | None, year: object) -> str:
    """``Elmore & Burney (1998)``, ``Darling-Hammond et al. (2003)``: as the review's text cites a work."""
    if not authors:
        return "not identified"
    names, _ = bibliography.parse_authors(authors)
    families = [n.family for n in names]
    who = " & ".join(families) if len(families) <= 2 else f"{families[0]} et al."
    return f"{who} ({year})"


def _alnum(text: str | None) -> str:
    return re.sub(r"[\W_]", "", text or "").lower()


def _differences(appendix: dict, reference: dict) -> tuple[tuple[str, str, str], ...]:
    """Fields whose letters and digits differ between the appendix and the reference list.

    Each is (field, the appendix's text, "cut short" or "differs"); spacing, line-break hyphens
    and punctuation alone are not differences.
    """
    out = []
    for name in ("authors", "title", "source"):
        a, r = appendix[name], reference[name]
        if _alnum(a) == _alnum(r):
            continue
        kind = (
            "cut short"
            if a and r and len(_alnum(a)) < len(_alnum(r)) and _alnum(r).startswith(_alnum(a))
            else "differs"
        )
        out.append((name, a or "", kind))
    return tuple(out)


def study_records() -> list[StudyRecord]:
    """A record for every study number 1-31, the unidentified study 30 included, in order."""
    studies = datasets.load("leithwood_studies")
    refs = datasets.load("leithwood_references").dropna(subset=["study_id"])
    refs = refs.assign(study_id=refs["study_id"].astype(int)).set_index("study_id")
    chars = datasets.load("leithwood_characteristics").set_index("characteristic_id")
    evidence = datasets.load("leithwood_evidence")
    cites = datasets.load("leithwood_text_citations").dropna(subset=["study_id"])
    heading_ids = {h: int(i) for i, h in chars["results_heading"].items()}  # pyright: ignore[reportArgumentType]
    works = bibliography.studies()

    groups = datasets.load("leithwood_study_groups").set_index("study_id")
    labels = {int(sid): _label(ref["authors"], ref["year"]) for sid, ref in refs.iterrows()}  # pyright: ignore[reportArgumentType]

    def related(sid: int) -> tuple[Related, ...]:
        """Studies in the same district group or the same team group (leithwood_study_groups)."""
        if sid not in groups.index:
            return ()
        mine, out = groups.loc[sid], []
        for other, theirs in groups.iterrows():
            reasons = []
            if other != sid and theirs["district_group"] == mine["district_group"]:
                reasons.append(f"the same district(s): {mine['district_group']}")
            if other != sid and theirs["team_group"] == mine["team_group"]:
                reasons.append(f"the same team or programme: {mine['team_group']}")
            if reasons:
                out.append(Related(int(other), labels[int(other)], tuple(reasons)))  # pyright: ignore[reportArgumentType]
        return tuple(out)

    records = []
    for row in studies.itertuples():
        sid = int(row.study_id)  # pyright: ignore[reportArgumentType]
        appendix = {k: _text(getattr(row, k)) for k in ("authors", "year", "title", "source", "sample", "method")}
        if not row.identified:
            empty = dict.fromkeys(appendix)
            records.append(
                StudyRecord(
                    sid,
                    False,
                    "not identified",
                    None,
                    appendix,
                    empty,
                    None,
                    None,
                    (),
                    (),
                    (),
                    (),
                    tuple(n for n in (_text(row.note),) if n),
                )
            )
            continue
        ref = refs.loc[sid]
        reference = {k: _text(ref[k]) for k in ("authors", "year", "title", "source")}
        listed = evidence[evidence["study_id"] == sid]["characteristic_id"].astype(int).sort_values()
        sections = []
        for cite in cites[cites["study_id"] == sid].itertuples():
            sections += [(h, heading_ids.get(h)) for h in cite.sections.split("; ")]  # pyright: ignore[reportAttributeAccessIssue, reportOptionalMemberAccess, reportArgumentType]
        notes = tuple(n for n in (_text(row.note), _text(ref["note"])) if n)
        records.append(
            StudyRecord(
                study_id=sid,
                identified=True,
                label=labels[sid],
                work=works[sid],
                appendix=appendix,
                reference=reference,
                design=_text(row.design),
                setting=_text(row.setting),
                characteristics=tuple((int(c), str(chars.loc[c, "name"])) for c in listed),
                text_sections=tuple(dict.fromkeys(sections)),
                related=related(sid),
                differences=_differences(appendix, reference),
                notes=notes,
            )
        )
    return records


def csv_text(records: list[StudyRecord]) -> str:
    """The records as CSV text (header and one line per identified study)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(r.csv_row() for r in records if r.identified)
    return out.getvalue()

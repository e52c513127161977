"""The book's bibliography, built from the sources' own reference lists in ``data/``.

Every entry comes from a dataset: the five source documents (``source_documents``), the
studies of Leithwood's appendix with the full titles of his reference list
(``leithwood_references``), the works behind the INSTLL framework
(``rapid_improvement_framework``) and the works the research brief cites by author and year
(``brief_citations``). A work two sources share gets one entry (``shared_works``). Nothing is
added that the sources do not print, except where a field says so in its entry's note.

:func:`works` returns the entries; :meth:`Work.bibtex` and :meth:`Work.ris` format one;
:func:`bibtex_file` is ``book/references.bib`` (``tools/build_bibliography.py`` writes it).
A name or source that cannot be parsed raises :class:`~companion.datasets.DataValidationError`
naming the file, line, column and value.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

import pandas as pd

from companion import datasets
from companion.datasets import DataValidationError

__all__ = ["Name", "Work", "bibtex_file", "parse_authors", "parse_source", "studies", "surnames", "works"]

HEADER = (
    "% Generated from data/ by tools/build_bibliography.py; do not edit (make bib rewrites it).\n"
    "% The source documents, every study of Leithwood's appendix with its title from his reference list,\n"
    "% the works behind the INSTLL framework and the works the research brief cites.\n"
)
BIBTEX_TYPES = {
    "journal article": "article",
    "newspaper article": "article",
    "book chapter": "incollection",
    "book": "book",
    # @techreport would make the book's style print "Technical Report", which no source says
    "report": "misc",
    "conference paper": "misc",
    "online document": "misc",
    "": "misc",
}
RIS_TYPES = {
    "journal article": "JOUR",
    "newspaper article": "NEWS",
    "book chapter": "CHAP",
    "book": "BOOK",
    "report": "RPRT",
    "conference paper": "CPAPER",
    "online document": "ELEC",
    "": "GEN",
}

# One author printed family name first: "van den Heuvel, J.", "Johnson, J. F. Jr.", "Leithwood, Kenneth".
_FAMILY = r"(?:(?:van|den|der|de|von)\s)*[A-Z][\w'\u2019\-]*(?:\s[A-Z][\w'\u2019\-]*)*"
_GIVEN_PART = r"(?:[A-Z][a-z]+|[A-Z]\.?(?:[A-Z]\.)*)"
_NAME = re.compile(
    rf"(?P<family>{_FAMILY}),\s*(?P<given>{_GIVEN_PART}(?:\s*{_GIVEN_PART})*?)(?:,?\s+(?P<suffix>Jr\.))?"
    rf"(?=\s*(?:,|&|\band\b|$|\s{_FAMILY},|\s+et al\.))"
)
_BETWEEN = re.compile(r"^(?:\s|,|&|\band\b)*$")
_ET_AL = re.compile(r",?\s*et al\.?\s*$")
JOURNAL = re.compile(
    r"^(?P<journal>[^,]+?),?\s+(?P<volume>\d+)(?:\((?P<number>[^)]+)\))?,\s*(?P<pages>\d+\s*[\u2013\u2014-]\s*\d+|\d+)$"
)
NEWSPAPER = re.compile(r"^(?P<journal>[^,]+), pp\. (?P<pages>\d+\s*[\u2013\u2014-]\s*\d+)$")
CHAPTER = re.compile(
    r"^In (?:(?P<editors>.+?\(Eds?\.\)\.?),?\s*)?(?P<booktitle>[^,(]+?)(?: \((?P<pages>pp\. [^)]+)\))?[.,]\s*"
    r"(?P<address>[^:]+): (?P<publisher>.+)$"
)
PLACE_PUBLISHER = re.compile(r"^(?P<address>[^:]+): (?P<publisher>[^:]+)$")
RETRIEVED = re.compile(r"^Retrieved (?P<when>.+?) from (?P<url>.+)$")


@dataclass(frozen=True)
class Name:
    """One author: family name, given names or initials as printed, and a suffix (``Jr.``)."""

    family: str
    given: str = ""
    suffix: str = ""

    def bibtex(self) -> str:
        """``Family, Suffix, Given`` (BibTeX's form), or the bare family name."""
        parts = [self.family, self.suffix, self.given] if self.suffix else [self.family, self.given]
        return ", ".join(p for p in parts if p)

    def ris(self) -> str:
        """``Family, Given, Suffix`` (RIS's form)."""
        return ", ".join(p for p in (self.family, self.given, self.suffix) if p)

    def initial(self) -> str:
        """Family name and first initial, to tell whether two printed names are one person."""
        return f"{self.family} {self.given[:1]}".strip()


def parse_authors(text: str, where: dict | None = None) -> tuple[tuple[Name, ...], bool]:
    """The names of ``text`` (printed family name first) and whether it ends with "et al.".

    Every character must belong to a name or a separator (",", "&", "and"); anything else
    raises :class:`DataValidationError` at ``where`` (file, line, column).
    """
    others = bool(_ET_AL.search(text))
    body = _ET_AL.sub("", text).strip().rstrip(",")
    if others and "," not in body and "&" not in body:  # "Snipes, et al." leaves the bare family name
        return (Name(body),), True
    names, position = [], 0
    for match in _NAME.finditer(body):
        if not _BETWEEN.match(body[position : match.start()]):
            break
        names.append(Name(match["family"], match["given"], match["suffix"] or ""))
        position = match.end()
    if not names or not _BETWEEN.match(body[position:]):
        rest = body[position:]
        rule = f"cannot read the authors as 'Family, Initials' names separated by ',' and '&' (stopped at {rest!r})"
        raise DataValidationError(**(where or {"file": "authors"}), rule=rule, value=text)
    return tuple(names), others


def surnames(text: str) -> tuple[Name, ...]:
    """Family names only, as an author-year citation prints them: ``Fullan, Bertani, & Quinn``."""
    parts = re.split(r"\s*(?:,\s*&|,|&|\band\b)\s*", text.replace(" et al.", ""))
    return tuple(Name(p.strip()) for p in parts if p.strip())


def parse_source(kind: str, source: str) -> dict[str, str]:
    """The fields of a printed source that a reference manager needs (journal, volume, pages, publisher...).

    Only what the source prints is returned; an unparsed source stays whole in ``howpublished``.
    """
    text = re.sub(r"\s+", " ", source or "").strip()
    patterns = {
        "journal article": JOURNAL,
        "newspaper article": NEWSPAPER,
        "book chapter": CHAPTER,
        "book": PLACE_PUBLISHER,
        "report": PLACE_PUBLISHER,
    }
    match = patterns[kind].match(text) if kind in patterns else None
    if match:
        found = {k: v for k, v in match.groupdict().items() if v}
        if "pages" in found:
            found["pages"] = re.sub(r"\s*[\u2013\u2014-]\s*", "\u2013", found["pages"])
        return found
    if kind == "report" and text:  # a body with no place: "Society for the Advancement of ..."
        return {"publisher": text}
    retrieved = RETRIEVED.match(text)
    out = {"howpublished": text} if text else {}
    if retrieved:
        out["url"] = re.sub(r"\s+", "", retrieved["url"])
    return out


@dataclass(frozen=True)
class Work:
    """One bibliography entry: who, when, what, where, as the sources print them."""

    key: str
    kind: str
    authors: tuple[Name, ...]
    others: bool
    year: int | None
    title: str | None
    source: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    corporate: bool = False
    study_id: int | None = None

    def _authors_bibtex(self) -> str:
        if self.corporate:
            return "{" + self.authors[0].family + "}"
        names = [n.bibtex() for n in self.authors] + (["others"] if self.others else [])
        return " and ".join(names)

    def bibtex(self) -> str:
        """The entry in BibTeX, fields in a fixed order, special characters escaped."""
        kind = BIBTEX_TYPES[self.kind]
        f = dict(self.fields)
        rows = [("author", self._authors_bibtex()), ("year", str(self.year) if self.year else "n.d.")]
        if self.title:
            rows.append(("title", "{" + _tex(self.title) + "}"))
        if kind == "article":
            rows += [("journal", _tex(f.get("journal", "")))]
            rows += [(k, f[k]) for k in ("volume", "number") if k in f]
            if "pages" in f:
                rows.append(("pages", f["pages"].replace("\u2013", "--")))
        elif kind == "incollection":
            rows += [("booktitle", _tex(f.get("booktitle", "")))]
            if "pages" in f:
                rows.append(("pages", f["pages"].removeprefix("pp. ").replace("\u2013", "--")))
            rows += [(k, _tex(f[k])) for k in ("publisher", "address") if k in f]
        elif kind == "book":
            rows += [(k, _tex(f[k])) for k in ("publisher", "address") if k in f]
        else:
            published = f.get("howpublished") or (self.source if self.kind == "report" else "") or f.get("publisher")
            if published:
                rows.append(("howpublished", _tex(published)))
            if "month" in f:
                rows.append(("month", _tex(f["month"])))
        if "doi" in f:
            rows.append(("doi", f["doi"]))
        if kind == "article" and "publisher" in f:
            rows.append(("publisher", _tex(f["publisher"])))
        if self.notes:
            rows.append(("note", _tex(" ".join(self.notes))))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in rows if value)
        return f"@{kind}{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        """The entry in RIS (one tag per line, ``ER`` last)."""
        f = self.fields
        lines = [("TY", RIS_TYPES[self.kind])]
        lines += [("AU", n.ris() if not self.corporate else n.family) for n in self.authors]
        if self.others:
            lines.append(("AU", "et al."))
        if self.year:
            lines.append(("PY", str(self.year)))
        if self.title:
            lines.append(("TI", self.title))
        container = f.get("journal") or f.get("booktitle")
        if container:
            lines.append(("T2", container))
        lines += [(tag, f[k]) for tag, k in (("VL", "volume"), ("IS", "number")) if k in f]
        if "pages" in f:
            start, _, end = f["pages"].removeprefix("pp. ").partition("\u2013")
            lines += [("SP", start)] + ([("EP", end)] if end else [])
        lines += [
            (tag, f[k]) for tag, k in (("PB", "publisher"), ("CY", "address"), ("DO", "doi"), ("UR", "url")) if k in f
        ]
        if "howpublished" in f:
            lines.append(("PB" if self.kind == "conference paper" else "N1", f["howpublished"]))
        lines += [("N1", note) for note in self.notes]
        lines.append(("ID", self.key))
        return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"


def _tex(text: str) -> str:
    """Text with BibTeX's special characters escaped."""
    return re.sub(r"([#%&_$])", r"\\\1", text)


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower())


def _where(name: str, frame: pd.DataFrame, position: int, column: str) -> dict:
    """File, line and column of a cell, for an error message (the header is line 1)."""
    return {"file": datasets.data_dir() / f"{name}.csv", "line": position + 2, "column": column}


def _notes(*notes: str | None) -> tuple[str, ...]:
    return tuple(n for n in notes if n)


def _truncation(appendix: str | None, full: str) -> str | None:
    """A note when the appendix's title stops short of the reference list's."""
    if appendix and len(appendix) < len(full) and full.startswith(appendix.rstrip(". ")):
        return f"The appendix cuts the title short after '{appendix}'."
    return None


def study_works() -> dict[int, Work]:
    """Each identified appendix study as a work, with the reference list's authors, title and source."""
    studies = datasets.load("leithwood_studies").set_index("study_id")
    refs = datasets.load("leithwood_references")
    shared = datasets.load("shared_works")
    out: dict[int, Work] = {}
    for position, ref in refs.iterrows():
        if pd.isna(ref["study_id"]):
            continue
        study_id = int(ref["study_id"])
        names, others = parse_authors(ref["authors"], _where("leithwood_references", refs, position, "authors"))  # pyright: ignore[reportArgumentType]
        also = shared[shared["leithwood_study_id"] == study_id]
        notes = _notes(
            f"Study {study_id} in Leithwood (2010), Appendix.",
            _truncation(studies.loc[study_id, "title"], ref["title"]),  # pyright: ignore[reportArgumentType]
            "Also one of the studies the research brief cites." if also["in_brief"].any() else None,
            "Also one of the five studies behind the INSTLL framework." if also["in_rapid_framework"].any() else None,
        )
        out[study_id] = Work(
            key="",
            kind=ref["entry_type"],
            authors=names,
            others=others,
            year=int(ref["year"]),
            title=ref["title"],
            source=ref["source"],
            fields=parse_source(ref["entry_type"], ref["source"]),
            notes=notes,
            study_id=study_id,
        )
    return dict(sorted(out.items()))


def _source_works() -> list[Work]:
    rows = datasets.load("source_documents")
    out = []
    for position, row in rows.iterrows():
        corporate = "," not in row["authors"]
        names, others = (
            ((Name(row["authors"]),), False)
            if corporate
            else parse_authors(row["authors"], _where("source_documents", rows, position, "authors"))  # pyright: ignore[reportArgumentType]
        )
        fields = {
            k: row[c]
            for k, c in (
                ("journal", "container"),
                ("volume", "volume"),
                ("pages", "pages"),
                ("doi", "doi"),
                ("publisher", "publisher"),
                ("month", "month"),
            )
            if not pd.isna(row[c])
        }
        if row["entry_type"] == "online document" and not pd.isna(row["container"]):
            fields["howpublished"] = row["container"]
        added = [] if pd.isna(row["added"]) else row["added"].split("; ")
        notes = _notes(
            f"Not printed in the copy used, supplied by the companion: {', '.join(added)}." if added else None
        )
        out.append(
            Work(
                row["key"],
                row["entry_type"],
                names,
                others,
                None if pd.isna(row["year"]) else int(row["year"]),
                row["title"],
                "",
                fields,
                notes,
                corporate,
            )
        )
    return out


def _framework_works(study_keys: dict[tuple[str, int], str]) -> list[Work]:
    """The INSTLL page's informing studies and additional references, one entry per work."""
    frame = datasets.load("rapid_improvement_framework")
    refs = frame[frame["component"].isin(["informing_study", "additional_reference"])]
    chosen: dict[tuple[str, int], tuple[int, pd.Series]] = {}
    for position, row in refs.iterrows():
        names, _ = parse_authors(row["label"], _where("rapid_improvement_framework", frame, position, "label"))  # pyright: ignore[reportArgumentType]
        ident = (names[0].family, int(row["year"]))
        if ident in study_keys:
            continue  # the same work as one of Leithwood's studies
        if ident not in chosen or row["component"] == "additional_reference":
            chosen[ident] = (position, row)  # the fuller additional reference wins  # pyright: ignore[reportArgumentType]
    out = []
    for position, row in chosen.values():
        names, others = parse_authors(row["label"], _where("rapid_improvement_framework", frame, position, "label"))
        kind = "" if pd.isna(row["entry_type"]) else row["entry_type"]
        source = "" if pd.isna(row["source"]) else row["source"]
        role = "One of the five studies behind" if row["component"] == "informing_study" else "Cited by"
        out.append(
            Work(
                "",
                kind,
                names,
                others,
                int(row["year"]),
                row["detail"].rstrip("."),
                source,
                parse_source(kind, source),
                (f"{role} the INSTLL framework.",),
            )
        )
    return out


def _brief_works(study_keys: dict[tuple[str, int], str]) -> list[Work]:
    cites = datasets.load("brief_citations").drop_duplicates(["work", "year"])
    out = []
    for row in cites.itertuples():
        names = surnames(row.work)  # pyright: ignore[reportArgumentType]
        if (names[0].family, int(row.year)) in study_keys:  # pyright: ignore[reportArgumentType]
            continue
        note = (
            "Cited by author and year in the research brief, which prints no reference list; no source gives the title."
        )
        out.append(Work("", "", names, False, int(row.year), None, "", {}, (note,)))  # pyright: ignore[reportArgumentType]
    return out


def _keyed(entries: list[Work], taken: set[str]) -> list[Work]:
    """Keys ``familyYEAR`` (ASCII, lower case), then ``b``, ``c``... for a second and third work."""
    out = []
    for work in entries:
        stem = f"{_ascii(work.authors[0].family)}{work.year}"
        key, letter = stem, "b"
        while key in taken:
            key, letter = stem + letter, chr(ord(letter) + 1)
        taken.add(key)
        out.append(replace(work, key=key))
    return out


def works() -> list[Work]:
    """Every entry of the book's bibliography: sources, Leithwood's studies, INSTLL's and the brief's works."""
    sources = _source_works()
    taken = {w.key for w in sources}
    studies = _keyed(list(study_works().values()), taken)
    shared = datasets.load("shared_works").dropna(subset=["leithwood_study_id"])
    by_id = {w.study_id: w for w in studies}
    study_keys = {
        (surnames(r.work)[0].family, int(r.year)): by_id[int(r.leithwood_study_id)].key  # pyright: ignore[reportArgumentType]
        for r in shared.itertuples()
    }
    rest = _keyed(_framework_works(study_keys) + _brief_works(study_keys), taken)
    everything = sources + studies + rest
    duplicates = [k for k, n in Counter(w.key for w in everything).items() if n > 1]
    assert not duplicates, duplicates
    return everything


def studies() -> dict[int, Work]:
    """Each identified study's entry (with its key), by study number."""
    return {w.study_id: w for w in works() if w.study_id is not None}


def bibtex_file() -> str:
    """The text of ``book/references.bib``."""
    return HEADER + "\n" + "\n".join(w.bibtex() for w in works())

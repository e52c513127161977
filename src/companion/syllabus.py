"""Syllabi built from the chapters themselves: each chapter's objectives and time, spread over N weeks.

A chapter's objectives are the list items of its opener (the admonition with class
``chapter-opener`` at its top), and what it assumes is the opener's "It assumes" sentence; a
chapter without an opener yet lists its sections as topics. Its time is :func:`chapter_time`:
reading time for its prose and figures plus time for its exercises. This module is the one
place both are read: the opener's time (``companion_book.sphinx_chapters``), the instructor guide's
table of chapters and its 4-, 8- and 12-week syllabi (``{syllabus}`` directive in
``companion_book.sphinx_exercises``, from :func:`plan`) all come from it, so a chapter that changes
changes them all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from companion.teaching import exercises, read_notebook

WORDS_PER_MINUTE = 180  # careful reading of prose with numbers
MINUTES_PER_FIGURE = 3
MINUTES_PER_EXERCISE = 10
OPENER = re.compile(r"(`{3,}|:{3,})\{admonition\}[^\n]*\n(?P<body>.*?)^\1", re.S | re.M)
ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+(?P<text>.+)$", re.M)
ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`")
ASSUMES = re.compile(r"^It assumes\b.*?(?=\n\s*\n|\Z)", re.S | re.M)


@dataclass(frozen=True)
class ChapterTime:
    """A chapter's reading time and exercise time, in minutes (each rounded up to five)."""

    reading: int
    exercises: int
    n_exercises: int

    @property
    def total(self) -> int:
        return self.reading + self.exercises

    def sentence(self) -> str:
        """The opener's time line: ``Time: about 45 minutes (25 of reading; 2 exercises, about 20 minutes).``"""
        count = f"{self.n_exercises} exercise{'s' if self.n_exercises != 1 else ''}"
        return f"Time: about {self.total} minutes ({self.reading} of reading; {count}, about {self.exercises} minutes)."


@dataclass(frozen=True)
class Chapter:
    """What a syllabus needs of one chapter."""

    name: str
    docname: str
    title: str
    part: str
    objectives: tuple[str, ...]
    topics: tuple[str, ...]
    time: ChapterTime
    assumes: str = ""

    @property
    def minutes(self) -> int:
        return self.time.total


@dataclass(frozen=True)
class Week:
    number: int
    chapters: tuple[Chapter, ...]
    activity: str = ""

    @property
    def minutes(self) -> int:
        return sum(c.minutes for c in self.chapters)


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _five(minutes: float) -> int:
    return int(math.ceil(minutes / 5) * 5)


def chapter_time(notebook: dict) -> ChapterTime:
    """Reading time (prose words, figures) and exercise time, each rounded up to five minutes."""
    solution = {i for e in exercises(notebook) for i in e.solution_cells}
    words = sum(
        len(re.findall(r"[A-Za-z0-9']+", _text(c)))
        for i, c in enumerate(notebook["cells"])
        if c.get("cell_type") == "markdown" and i not in solution
    )
    figures = sum(_text(c).count("(fig-") for c in notebook["cells"] if c.get("cell_type") == "markdown")
    count = len(exercises(notebook))
    return ChapterTime(
        _five(words / WORDS_PER_MINUTE + figures * MINUTES_PER_FIGURE), _five(count * MINUTES_PER_EXERCISE), count
    )


def chapter_minutes(notebook: dict) -> int:
    """The chapter's whole time, reading and exercises."""
    return chapter_time(notebook).total


def read_chapter(path: Path, part: str, docname: str = "") -> Chapter:
    notebook = read_notebook(path)
    text = "\n".join(_text(c) for c in notebook["cells"] if c.get("cell_type") == "markdown")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), path.stem)
    opener = next((m.group("body") for m in OPENER.finditer(text) if "chapter-opener" in m.group("body")), "")
    objectives = tuple(ROLE.sub(r"\1", m.group("text")).strip() for m in ITEM.finditer(opener))
    assumed = ASSUMES.search(opener)
    assumes = " ".join(ROLE.sub(r"\1", assumed.group()).split()) if assumed else ""
    topics = tuple(
        line[3:].strip()
        for line in text.splitlines()
        if line.startswith("## ") and line[3:].strip() not in ("Exercises", "Discussion questions")
    )
    return Chapter(path.stem, docname or path.stem, title, part, objectives, topics, chapter_time(notebook), assumes)


@cache
def _parts(toc: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    import yaml

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    return tuple(
        (part.get("caption", ""), tuple(c["file"] for c in part.get("chapters", [])))
        for part in data.get("parts", [])
        if part.get("numbered")
    )


def chapters(book: Path) -> list[Chapter]:
    """The numbered chapters of ``book/_toc.yml`` in order."""
    return [
        read_chapter(book / f"{name}.ipynb", caption, name)
        for caption, names in _parts(book / "_toc.yml")
        for name in names
        if (book / f"{name}.ipynb").exists()
    ]


def _balanced(items: list[Chapter], weeks: int) -> list[list[Chapter]]:
    """Split ``items`` in order into ``weeks`` runs whose heaviest week is as light as it can be."""
    n = len(items)
    prefix = [0]
    for item in items:
        prefix.append(prefix[-1] + item.minutes)
    best = [[math.inf] * (weeks + 1) for _ in range(n + 1)]
    cut = [[0] * (weeks + 1) for _ in range(n + 1)]
    best[0][0] = 0
    for i in range(1, n + 1):
        for w in range(1, min(i, weeks) + 1):
            for j in range(w - 1, i):
                cost = max(best[j][w - 1], prefix[i] - prefix[j])
                if cost < best[i][w]:
                    best[i][w], cut[i][w] = cost, j
    runs, i = [], n
    for w in range(weeks, 0, -1):
        runs.append(items[cut[i][w] : i])
        i = cut[i][w]
    return runs[::-1]


def plan(found: list[Chapter], weeks: int) -> list[Week]:
    """A ``weeks``-week syllabus: chapters in order, the load balanced; spare weeks become project weeks.

    With fewer weeks than chapters, consecutive chapters share a week. With more, each chapter has
    a week and the spare weeks go, one at a time, after each part in turn (for a project on it).
    """
    if weeks < 1 or not found:
        raise ValueError(f"a syllabus needs at least one week and one chapter (weeks={weeks}, chapters={len(found)})")
    if weeks <= len(found):
        runs = _balanced(found, weeks)
        return [Week(i, tuple(run)) for i, run in enumerate(runs, 1)]
    parts = list(dict.fromkeys(c.part for c in found))
    extra = dict.fromkeys(parts, 0)
    for k in range(weeks - len(found)):
        extra[parts[k % len(parts)]] += 1
    out: list[Week] = []
    for part in parts:
        for chapter in (c for c in found if c.part == part):
            out.append(Week(len(out) + 1, (chapter,)))
        for _ in range(extra[part]):
            out.append(Week(len(out) + 1, (), f"Project week: {part}"))
    return out

"""The statement register: every factual statement about a source, checked against the source and the page.

``data/statements.csv`` names, for each statement, the page and the companion's words that make
it, the seed document, its section and an anchor of at most ten words as printed. These tests
find every anchor in its section of the source, every statement's words on its page, and fail
on a paragraph that speaks about a source without a row, or on an inference the page does not
mark as the companion's. The sources are not part of the repository: without ``../shared/seeds``
the source checks are reported as skipped.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

from companion import datasets
from companion_book.sphinx_statements import ROLE_MARK, markdown_text, normalize, page_text

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
SEEDS = ROOT.parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source documents are not at {SEEDS}")

# A paragraph that names a source, cites one or speaks of its tables makes statements about it.
SOURCE_MENTION = re.compile(
    r"\{cite:[pt]\}|\b(Leithwood|Elmore|Burney|OSPI|INSTLL|Alvarado|Fink|Johnstone|DiStefano)\b"
    r"|\bthe (paper|review|brief|authors?|synthesis|framework|appendix|case study|text|table|studies|district)('s)?\b"
    r"|\bTable [12]\b|District #2|\b(Free-Agent|With-the-Drill|Watch-List|Off-the-Screen)|Focused Literacy|\bSURR\b"
    r"|\bprint(s|ed)?\b|\bstud(y|ies) \d+|\bcharacteristics?\b|\bCTB\b|\bcitywide\b",
    re.IGNORECASE,
)
# How a page says that a statement is the companion's inference, not the source's.
INFERENCE_MARK = re.compile(
    r"companion's (inference|reading|guess|classification|judgment|interpretation|own|derived|grouping|rule|editorial)"
    r"|\bcompanion inference\b|\bby the companion\b|\bour (inference|reading|guess|classification)\b|\bwe infer\b"
    r"|\bcompanion (infers|reads|classifies|judges|labels|groups|names|treats)\b",
    re.IGNORECASE,
)
GENERATED_PAGES = {"chapters/data_notes", "chapters/statement_sources"}
REGISTER_PAGE = "chapters/statement_sources"
# Pages whose prose has not been through the register yet: each is expected to fail the coverage
# test (strict, so a page that passes must leave this list). The list must end empty.
PENDING: set[str] = set()  # pages whose register is still being written: none


def _coverage_cases() -> list:
    pending = pytest.mark.xfail(strict=True, reason="prose not yet through the statement register")
    return [pytest.param(p, marks=pending) if p in PENDING else p for p in PAGES if p != REGISTER_PAGE]


def _toc_pages() -> list[str]:
    toc = yaml.safe_load((BOOK / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"], *(c["file"] for part in toc["parts"] for c in part["chapters"])]


PAGES = _toc_pages()
# A block's text as a reader reads it, worked out once per block (the checks ask for each block many times).
reader_text = cache(markdown_text)


@cache
def register() -> pd.DataFrame:
    return datasets.load("statements")


@cache
def seed_text(seed: str) -> list[str]:
    """A seed's lines as the register matches them."""
    return [normalize(line) for line in (SEEDS / seed).read_text(encoding="utf-8").splitlines()]


def _heading(line: str) -> str:
    """A line without list bullets, a leading number or emphasis: where a section's first words are looked for."""
    return normalize(re.sub(r"^\s*(?:[-\u2022\u00b7]\s*)?(?:\d+\.\s+)?", "", line).replace("*", ""))


@cache
def section_spans(seed: str) -> dict[str, tuple[int, int]]:
    """Each listed section of ``seed`` as a span of lines, from its first line to the next section's."""
    sections = datasets.load("source_sections")
    sections = sections[sections["seed"] == seed]
    lines = seed_text(seed)
    starts: list[tuple[str, int]] = []
    at = 0
    for row in sections.itertuples():
        wanted = _heading(row.starts_with)
        found = next((i for i in range(at, len(lines)) if _heading(lines[i]).startswith(wanted)), None)
        if found is None:
            raise AssertionError(f"source_sections: {seed} has no line beginning {wanted!r} after line {at + 1}")
        starts.append((row.section, found))
        at = found + 1
    ends = [start for _, start in starts[1:]] + [len(lines)]
    return {name: (start, end) for (name, start), end in zip(starts, ends, strict=True)}


def about_a_source(block: str) -> bool:
    """Whether a block speaks about a source.

    A question (it ends with '?') asserts nothing, and a dataset's "Source:" line in the data
    notes is its provenance, written from the data package rather than a statement.
    """
    text = reader_text(block)
    return bool(SOURCE_MENTION.search(block)) and not text.rstrip(" )").endswith("?") and not text.startswith("Source:")


def _markdown_blocks(source: str) -> list[str]:
    """The reader's blocks of a MyST source: paragraphs and table rows, inside directives too; no code, no headings."""
    found: list[str] = []
    row: list[str] = []
    in_heading = in_table = False
    for token in MarkdownIt("commonmark").enable("table").use(colon_fence_plugin).parse(source):
        if token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            # a directive (exercise, admonition...): its body is MyST, less its :option: lines
            body = "\n".join(line for line in token.content.splitlines() if not re.match(r"\s*:[\w-]+:", line))
            found.extend(_markdown_blocks(body))
        elif token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            found.append(" | ".join(row))
        elif token.type == "inline" and not in_heading:
            text = re.sub(r"^\([\w-]+\)=\s*", "", token.content).strip()  # a figure caption's label
            (row if in_table else found).append(text)
    return [b for b in found if b.strip()]


@cache
def blocks(page: str) -> tuple[str, ...]:
    """A page's prose as the blocks a reader reads one by one: paragraphs, list items, captions, table rows."""
    path = BOOK / f"{page}.ipynb"
    if page == "chapters/data_notes":
        from companion_book.sphinx_datanotes import notes_page

        source = notes_page()
    elif page.startswith("studies/"):  # the studies' pages, written at build time
        from companion_book.sphinx_studies import page_markdown

        source = page_markdown(page)
    elif path.exists():
        nb = nbformat.read(path, as_version=4)
        source = "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    else:
        source = (BOOK / f"{page}.md").read_text(encoding="utf-8")
    return tuple(_markdown_blocks(source))


@needs_seeds
def test_every_listed_section_is_found_in_its_source_in_order():
    sections = datasets.load("source_sections")
    for seed in sections["seed"].unique():
        assert len(section_spans(seed)) == (sections["seed"] == seed).sum()


@needs_seeds
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_every_anchor_is_printed_in_its_section(seed):
    rows = register()[register()["seed"] == seed]
    lines = seed_text(seed)
    spans = section_spans(seed)
    problems = []
    for row in rows.itertuples():
        words = normalize(row.anchor).split()
        tokens = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", row.anchor.lower())  # as ../shared/tools/verbatim_check.py counts
        if not 1 <= len(words) <= 10 or len(tokens) > 11:
            problems.append(
                f"{row.statement_id}: the anchor has {len(words)} words and {len(tokens)} tokens (at most ten words, "
                "and fewer than the twelve tokens of a verbatim passage: '20.4' counts two)"
            )
            continue
        start, end = spans[row.section]
        passage = " ".join(lines[start:end])
        if normalize(row.anchor) not in passage:
            elsewhere = normalize(row.anchor) in " ".join(lines)
            problems.append(
                f"{row.statement_id}: anchor {row.anchor!r} is not in section {row.section!r} of {seed}"
                + (" (it is printed in another section)" if elsewhere else "")
            )
    assert problems == [], "\n".join(problems)


def test_every_statement_is_on_a_page_of_the_book():
    unknown = sorted(set(register()["page"]) - set(PAGES) - GENERATED_PAGES)
    assert unknown == [], f"register rows name pages that are not in book/_toc.yml: {unknown}"
    rows = register().itertuples()
    misnamed = [r.statement_id for r in rows if not r.statement_id.startswith(r.page.split("/")[-1] + "-")]
    assert misnamed == [], f"statement ids must start with their page's file name: {misnamed}"


@pytest.mark.parametrize("page", [p for p in PAGES if p != REGISTER_PAGE])
def test_every_statement_s_words_are_on_its_page(page):
    rows = register()[register()["page"] == page]
    text = page_text(page, BOOK)
    missing = []
    for row in rows.itertuples():
        wanted = normalize(row.text)
        if ROLE_MARK.strip() in reader_text(row.text) or wanted not in text:
            missing.append(f"{row.statement_id}: {wanted!r}")
    assert missing == [], f"{page}: register text not found on the page (edited, or spanning a role):\n" + "\n".join(
        missing
    )


@pytest.mark.parametrize("page", _coverage_cases())
def test_every_paragraph_about_a_source_has_its_register_rows(page):
    texts = [normalize(t) for t in register().loc[register()["page"] == page, "text"]]
    uncovered = []
    for block in blocks(page):
        if about_a_source(block) and not any(t in reader_text(block) for t in texts):
            uncovered.append(reader_text(block)[:160])
    assert uncovered == [], f"{page}: paragraphs about a source with no row in data/statements.csv:\n" + "\n".join(
        uncovered
    )


@pytest.mark.parametrize("page", [p for p in PAGES if p != REGISTER_PAGE])
def test_every_inference_is_marked_as_the_companion_s_on_its_page(page):
    rows = register()[(register()["page"] == page) & (register()["kind"] == "inference")]
    unmarked = []
    for row in rows.itertuples():
        holding = [b for b in blocks(page) if normalize(row.text) in reader_text(b)]
        if not any(INFERENCE_MARK.search(b) for b in holding):
            unmarked.append(f"{row.statement_id}: {row.text!r}")
    assert unmarked == [], f"{page}: inferences the page does not mark as the companion's:\n" + "\n".join(unmarked)


@needs_seeds
def test_the_register_page_quotes_no_run_of_a_source_longer_than_an_anchor():
    """The appendix page shows sections and anchors; it must not join them into a long quotation."""
    from companion_book.sphinx_statements import register_page

    def grams(text: str, n: int = 12) -> set[str]:
        words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    seeds = set().union(*(grams(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")))
    assert grams(register_page()) & seeds == set()

"""Sphinx extension: the studies as records, the catalogue and the exports of selected studies.

At every build it writes, into ``book/studies/`` (not committed), one short page per study of
Leithwood's appendix and a catalogue page. Each page holds only a heading and a directive
(``{study-record}`` or ``{study-catalogue}``); the directive renders the page from
:func:`companion.records.study_records`, so no record is typed and every page follows the data
(the data files are the pages' dependencies: an edit re-renders them).

The catalogue and every page with the evidence map get ``companion-studies.js`` (each study's
BibTeX, RIS and CSV row, from the same records) and ``companion-export.js``, which downloads
the studies a reader has selected; the catalogue also gets ``companion-catalogue.js`` (sorting
and filtering, no kernel).

A record links each characteristic with ``{evidence-map}`` (:mod:`companion_book.sphinx_links`), whose
``ev_map.html?characteristic=3`` ``companion-export.js`` reads; once the findings chapter labels
its sections ``characteristic-N``, the records link those sections instead.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from companion import bibliography, datasets, records
from companion.records import CSV_FIELDS, StudyRecord, csv_text, study_records
from companion_book import register_assets_fingerprint
from companion_book.sphinx_vega import JS_FLAG_SCRIPT, chart_nodes, write_if_changed

FOLDER = "studies"
CATALOGUE = f"{FOLDER}/index"
FINDINGS = Path("chapters") / "ev_findings.ipynb"
DATA_SCRIPT = "companion-studies.js"
EXPORT_SCRIPT = "companion-export.js"
CATALOGUE_SCRIPT = "companion-catalogue.js"
MAP_PARAMS = ("design_filter", "setting_filter", "pick_char")
"""The evidence map's Vega parameter names, which the export script reads (kept stable by the chart)."""


def docname(study_id: int) -> str:
    """The record page of a study, e.g. ``studies/study-05``."""
    return f"{FOLDER}/study-{study_id:02d}"


def stub(record: StudyRecord) -> str:
    """The source of a record page: its label, heading and directive (the directive renders the rest)."""
    title = (
        f"Study {record.study_id}: {record.label}"
        if record.identified
        else f"Study {record.study_id}: not in the appendix"
    )
    return f"(study-{record.study_id})=\n# {title}\n\n```{{study-record}} {record.study_id}\n```\n"


def catalogue_stub(records: list[StudyRecord]) -> str:
    return f"(study-catalogue)=\n# The {len(records)} studies of Leithwood's review\n\n```{{study-catalogue}}\n```\n"


def write_pages(app: Sphinx) -> None:
    """Write the record pages and the catalogue into the book's source folder (only those whose text changed)."""
    folder = Path(app.srcdir) / FOLDER
    folder.mkdir(exist_ok=True)
    records = study_records()
    pages = {f"{Path(docname(r.study_id)).name}.md": stub(r) for r in records}
    pages["index.md"] = catalogue_stub(records)
    for name, text in pages.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    for old in folder.glob("*.md"):
        if old.name not in pages:
            old.unlink()


# --- the record page ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$])")


def md(text: str | None) -> str:
    """Text as literal MyST (markup characters escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def findings_labels(srcdir: Path) -> set[int]:
    """The characteristics whose section in the findings chapter carries a ``characteristic-N`` label."""
    path = srcdir / FINDINGS
    if not path.exists():
        return set()
    return {int(n) for n in re.findall(r"\(characteristic-(\d+)\)=", path.read_text(encoding="utf-8"))}


def characteristic_link(number: int, text: str, labelled: set[int]) -> str:
    """A link to the characteristic's section of the findings chapter, or to the map filtered to it."""
    if number in labelled:
        return f"{{ref}}`{md(text)} <characteristic-{number}>`"
    return f"{{evidence-map}}`{md(text)} <{number}>`"


FIELD_NAMES = {"authors": "Authors", "title": "Title", "source": "Source"}


def record_markdown(record: StudyRecord, labelled: set[int], names: dict[int, str]) -> str:
    """The MyST body of a record page (under its heading)."""
    if not record.identified:
        return missing_markdown(record)
    r, a = record.reference, record.appendix
    lines = [
        "One of the studies of Leithwood's review {cite:p}`leithwood2010`. This record is generated from the "
        "companion's data: the appendix row (`leithwood_studies`), the reference list entry "
        "(`leithwood_references`), "
        "Table 1 and the review's text. See also [the catalogue](index.md).",
        "",
        "## As the review prints it",
        "",
    ]
    truncated = {d[0] for d in record.differences if d[2] == "cut short"}
    for name, label in (("authors", "Authors"), ("year", "Year"), ("title", "Title"), ("source", "Source")):
        value = md(r[name])
        if name in truncated:
            value += " (in full from the reference list; the appendix cuts it short)"
        lines += [label, f": {value}", ""]
    lines += ["Sample (appendix)", f": {md(a['sample'])}", "", "Method (appendix)", f": {md(a['method'])}", ""]
    if record.differences:
        lines += ["```{admonition} The appendix prints this differently", ":class: note", ""]
        lines += [
            f"- {FIELD_NAMES[field]}: the appendix prints “{md(text)}”"
            + (", which the reference list completes." if kind == "cut short" else ".")
            for field, text, kind in record.differences
        ]
        lines += ["```", ""]
    lines += [
        "## The companion's classification",
        "",
        "Both are the companion's classification: a design family derived from the method and sample, and a "
        "setting from where the districts studied are.",
        "",
        "Design (the companion's)",
        f": {md(record.design)}",
        "",
        "Setting (the companion's)",
        f": {md(record.setting)}",
        "",
        "## Evidence in Table 1",
        "",
    ]
    if record.characteristics:
        lines += [
            f"Table 1 lists this study for {len(record.characteristics)} of the {len(names)} characteristics:",
            "",
        ]
        lines += [f"- {characteristic_link(c, f'{c}. {name}', labelled)}" for c, name in record.characteristics]
    else:
        lines += ["Table 1 lists this study for none of the characteristics."]
    lines += ["", "## Where the review's text cites it", ""]
    if record.text_sections:
        lines += ["The sections of the review's results (headings as printed) that name this study:", ""]
        for heading, number in record.text_sections:
            if number is None:
                lines.append(f"- {md(heading)} (after the results)")
            else:
                lines.append(f"- {characteristic_link(number, heading, labelled)} (characteristic {number})")
    else:
        lines += ["The review's results text does not name this study."]
    lines += ["", "## Related studies", ""]
    if record.related:
        lines += [
            "From the companion's grouping of the studies "
            "(`leithwood_study_groups`, which says what each group rests on): the same district or districts, "
            "or the same team or programme.",
            "",
        ]
        for rel in record.related:
            page = Path(docname(rel.study_id)).name
            lines.append(f"- [Study {rel.study_id}: {md(rel.label)}]({page}.md): {'; '.join(rel.reasons)}")
    else:
        lines += ["None: in the companion's grouping no other study shares its districts, team or programme."]
    work = record.work
    lines += [
        "",
        "## Cite this study",
        "",
        "BibTeX (as in the book's [bibliography](../bibliography.md)):",
        "",
        "```bibtex",
        work.bibtex().rstrip(),  # pyright: ignore[reportOptionalMemberAccess]
        "```",
        "",
        "RIS:",
        "",
        "```text",
        work.ris().rstrip(),  # pyright: ignore[reportOptionalMemberAccess]
        "```",
    ]
    if record.notes:
        lines += ["", "## Transcription notes", ""] + [f"- {md(n)}" for n in record.notes]
    return "\n".join(lines) + "\n"


def missing_markdown(record: StudyRecord) -> str:
    """The note page for a study number the appendix does not print (study 30): what the data notes record."""
    about = datasets.info("leithwood_studies")
    notes = [n for n in about.notes if f"study {record.study_id}" in n.lower()]
    lines = [f"What the companion's data record about study {record.study_id}:", ""]
    lines += [f"- {md(n)}" for n in (*record.notes, *notes)]
    lines += [
        "",
        "So there is no record to show and no citation to export. The chapter on "
        "[how the evidence was gathered](../chapters/ev_gathering.ipynb) compares the review's own account of "
        "its studies with the appendix. See also [the catalogue](index.md).",
    ]
    return "\n".join(lines) + "\n"


def _parse(directive: SphinxDirective, text: str) -> list[nodes.Node]:
    """MyST ``text`` as nodes: the lines before its first ``##`` heading, then its sections, in order.

    MyST attaches the sections of a nested parse straight to the page's section, so the
    lines before them are added to it first and the sections follow.
    """
    source = directive.get_source_info()[0]
    lead, sep, rest = text.partition("\n## ")
    out: list[nodes.Node] = []
    for part, titles in ((lead, False), ("## " + rest if sep else "", True)):
        if not part.strip():
            continue
        container = nodes.section()
        container.document = directive.state.document
        directive.state.nested_parse(StringList(part.splitlines(), source=source), 0, container, match_titles=titles)
        for node in container.children:
            # the records show the data as it is: no typographic quotes (an apostrophe stays straight)
            node["support_smartquotes"] = False  # pyright: ignore[reportIndexIssue]
        if titles or not sep:
            out += container.children
        else:
            directive.state_machine.node.extend(container.children)  # pyright: ignore[reportOptionalMemberAccess]
    for node in directive.state_machine.node.findall(nodes.section):  # pyright: ignore[reportOptionalMemberAccess]
        node["support_smartquotes"] = False
    return out


def _depend_on_data(directive: SphinxDirective) -> None:
    folder = datasets.data_dir()
    code = [Path(m.__file__) for m in (records, bibliography)] + [Path(__file__)]  # pyright: ignore[reportArgumentType]
    for path in [*sorted(folder.glob("*.csv")), folder / "datapackage.json", *code]:
        directive.env.note_dependency(str(path))


def page_markdown(page: str) -> str:
    """The whole MyST text a generated page shows (its stub with the directive's text), for the statement register."""
    all_records = study_records()
    names = datasets.load("leithwood_characteristics").set_index("characteristic_id")["name"].to_dict()
    if page == CATALOGUE:
        return catalogue_stub(all_records).split("```")[0] + CATALOGUE_TEXT + "\n"
    for record in all_records:
        if docname(record.study_id) == page:
            return stub(record).split("```")[0] + record_markdown(record, set(), names)  # pyright: ignore[reportArgumentType]
    raise KeyError(f"{page}: not a page companion_book.sphinx_studies writes")


class StudyRecordDirective(SphinxDirective):
    """``{study-record} N``: the body of study N's record page, from the data."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        _depend_on_data(self)
        number = int(self.arguments[0])
        records = {r.study_id: r for r in study_records()}
        if number not in records:
            raise self.error(f"study-record: no study {number} in leithwood_studies (1-{max(records)})")
        names = datasets.load("leithwood_characteristics").set_index("characteristic_id")["name"].to_dict()
        text = record_markdown(records[number], findings_labels(Path(self.env.srcdir)), names)  # pyright: ignore[reportArgumentType]
        return _parse(self, text)


# --- the catalogue --------------------------------------------------------------------------------

CATALOGUE_TEXT = (
    "Every study of Leithwood's appendix, one row each, with a link to its record. With JavaScript on, "
    "the menus filter the rows by the companion's design family and setting and by the characteristic Table 1 "
    "lists a study for, the column headings sort the rows, and the buttons download the rows shown as BibTeX, "
    "RIS or CSV. Titles are the reference list's, in full; design and setting are the companion's "
    "classification, not Leithwood's. Characteristics are numbered as in Table 1."
)


def catalogue_html(records: list[StudyRecord], names: dict[int, str]) -> str:
    """The catalogue's menus and table (links relative to the catalogue page)."""
    designs = sorted({r.design for r in records if r.design})
    settings = sorted({r.setting for r in records if r.setting})

    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
        return (
            f'<label class="companion-catalogue-filter">{label} '
            f'<select name="{name}"><option value="all">all</option>{opts}</select></label>'
        )

    controls = (
        '<div class="companion-catalogue-controls companion-needs-js" role="group" aria-label="Filter the studies">'
        + select("design", "Design:", [(d, d) for d in designs])
        + select("setting", "Setting:", [(s, s) for s in settings])
        + select("characteristic", "Characteristic:", [(str(c), f"{c}. {n}") for c, n in names.items()])
        + '<p class="companion-catalogue-count" aria-live="polite"></p></div>'
    )
    head = "".join(
        f'<th scope="col" data-sort="{key}">{label}</th>'
        for key, label in (
            ("number", "Study"),
            ("text", "Authors (year)"),
            ("text", "Title"),
            ("text", "Design"),
            ("text", "Setting"),
            ("count", "Table 1"),
        )
    )
    rows = []
    for r in records:
        link = f"study-{r.study_id:02d}.html"
        chars = ", ".join(str(c) for c, _ in r.characteristics) or "none"
        title = r.reference["title"] if r.identified else "not in the appendix"
        rows.append(
            f'<tr data-study="{r.study_id}" data-design="{html.escape(r.design or "")}" '
            f'data-setting="{html.escape(r.setting or "")}" '
            f'data-characteristics="{" ".join(str(c) for c, _ in r.characteristics)}">'
            f'<td data-label="Study"><a href="{link}">{r.study_id}</a></td>'
            f'<td data-label="Authors (year)"><a href="{link}">{html.escape(r.label)}</a></td>'
            f'<td data-label="Title">{html.escape(title)}</td>'  # pyright: ignore[reportArgumentType]
            f'<td data-label="Design">{html.escape(r.design or "not given")}</td>'
            f'<td data-label="Setting">{html.escape(r.setting or "not given")}</td>'
            f'<td data-label="Table 1 characteristics" data-count="{len(r.characteristics)}">{chars}</td></tr>'
        )
    # a table of data, like the book's other tables (companion-table-wrap): its cells are not prose to link terms in
    table = (
        '<div class="companion-table-wrap"><table class="companion-catalogue-table">'
        "<caption>The studies. Design and setting: the companion's "
        "classification; Table 1: the characteristics it lists the study for.</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    return f'<div class="companion-catalogue" data-export="catalogue">{controls}{table}</div>'


class StudyCatalogueDirective(SphinxDirective):
    """``{study-catalogue}``: every study in one filterable, sortable table."""

    def run(self) -> list[nodes.Node]:
        _depend_on_data(self)
        records = study_records()
        names = datasets.load("leithwood_characteristics").set_index("characteristic_id")["name"].to_dict()
        intro = _parse(self, CATALOGUE_TEXT + "\n")
        return [*intro, nodes.raw("", catalogue_html(records, names), format="html")]  # pyright: ignore[reportArgumentType]


# --- page assets ----------------------------------------------------------------------------------


def studies_script() -> str:
    """``companion-studies.js``: every identified study's filters and its BibTeX, RIS and CSV row."""
    records = study_records()
    header, *rows = csv_text(records).splitlines(keepends=True)
    by_id = {}
    for record, row in zip([r for r in records if r.identified], rows, strict=True):
        by_id[str(record.study_id)] = {
            "label": record.label,
            "design": record.design,
            "setting": record.setting,
            "characteristics": [c for c, _ in record.characteristics],
            "bibtex": record.work.bibtex(),  # pyright: ignore[reportOptionalMemberAccess]
            "ris": record.work.ris(),  # pyright: ignore[reportOptionalMemberAccess]
            "csv": row,
        }
    payload = {"csvHeader": header, "fields": CSV_FIELDS, "mapParams": list(MAP_PARAMS), "studies": by_id}
    return "window.companionStudies = " + json.dumps(payload, ensure_ascii=False, sort_keys=True) + ";\n"


# The catalogue is the book's one contents entry with pages under it: the theme draws its toggle as a
# <summary> holding only an icon, which has no accessible name [summary-name]. Name it after its entry.
NAV_TOGGLE_SCRIPT = """document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".bd-sidenav details > summary").forEach(function (summary) {
    var link = summary.parentElement.parentElement.querySelector(":scope > a");
    if (!summary.textContent.trim() && !summary.hasAttribute("aria-label") && link) {
      summary.setAttribute("aria-label", "Pages under " + link.textContent.trim());
    }
  });
});"""


def _is_map_page(doctree: nodes.Node | None) -> bool:
    """A page whose doctree holds a chart with the evidence map's controls."""
    return any(all(f'"{p}"' in chart.astext() for p in MAP_PARAMS) for chart in chart_nodes(doctree))


def _record_pdf_link(body: str) -> str:
    """A record's "PDF edition: this page" link points at the studies' appendix, which holds every record."""
    return re.sub(
        r'(<a class="companion-pdf-page" href=")[^"]*(">)this page(</a>)',
        r"\1../pdf/chapters/index.pdf\2the studies' appendix\3",
        body,
    )


def _add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body") or ""
    if pagename.startswith(f"{FOLDER}/study-"):
        context["body"] = _record_pdf_link(body)
    catalogue = pagename == CATALOGUE
    if not (catalogue or _is_map_page(doctree)):
        return
    if catalogue:
        app.add_js_file(None, body=JS_FLAG_SCRIPT, priority=100)
        app.add_js_file(CATALOGUE_SCRIPT, priority=910, loading_method="defer")
    app.add_js_file(DATA_SCRIPT, priority=905, loading_method="defer")
    app.add_js_file(EXPORT_SCRIPT, priority=920, loading_method="defer")


def _write_static(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    write_if_changed(static / DATA_SCRIPT, studies_script())
    for name in (EXPORT_SCRIPT, CATALOGUE_SCRIPT):
        write_if_changed(
            static / name, resources.files("companion_book").joinpath("static", name).read_text(encoding="utf-8")
        )


def setup(app: Sphinx) -> dict[str, object]:
    """Write the pages, register the directives, add the scripts."""
    register_assets_fingerprint(app)
    app.connect("builder-inited", write_pages)
    app.add_js_file(None, body=NAV_TOGGLE_SCRIPT, priority=900)
    app.add_directive("study-record", StudyRecordDirective)
    app.add_directive("study-catalogue", StudyCatalogueDirective)
    app.connect("html-page-context", _add_assets)
    app.connect("build-finished", _write_static)
    return {"version": "1", "env_version": 5, "parallel_read_safe": True, "parallel_write_safe": True}

"""Sphinx extension and MyST-NB plugin: exercises that check themselves, and the student edition.

A solution's last cell ends with :func:`companion.exercises.answer` or
:func:`~companion.exercises.choice`; its stored output carries the answer
(:data:`~companion.exercises.ANSWER_MIMETYPE`). :class:`AnswerMimeRenderer` shows it inside the
solution (the answer, and for a choice every option with its feedback), and
:class:`ExerciseChecks` puts a check in the exercise's box: an answer field or a set of
choices, with the answer only as salted hashes (:meth:`companion.exercises.Answer.public`).
``companion-exercises.js`` checks a reader's answer in the page, with no kernel and no network.

``companion_edition = "student"`` (``make student`` sets ``COMPANION_EDITION=student``) builds the
student edition: every solution is removed from the pages before they are written (so from the
search index too), the downloads that would carry one (the chapter notebooks, the page sources
and the source archive) are rewritten without them, and every page says it is the student edition.
"""

from __future__ import annotations

import html
import io
import json
import os
import posixpath
import tarfile
from importlib import resources
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from companion import syllabus
from companion.exercises import ANSWER_MIMETYPE, Answer
from companion.teaching import salt_for, strip_solutions
from companion_book.sphinx_vega import JsonMimeRenderer

SCRIPT = "companion-exercises.js"
STYLESHEET = "companion-exercises.css"
CHECK_CLASS = "companion-check"
EDITIONS = ("full", "student")
STUDENT_NOTICE = (
    "Student edition: the exercises' solutions are not in this edition. Check your answers in each exercise's box."
)


class AnswerMimeRenderer(JsonMimeRenderer):
    """A stored answer shown in its solution, and carried for :class:`ExerciseChecks`; before its text/html."""

    mimetype, rank = ANSWER_MIMETYPE, 4

    @classmethod
    def render(cls, content: dict[str, Any]) -> list[nodes.Element]:
        box = nodes.container(classes=["companion-answer-output"], companion_answer=content)
        box += nodes.raw(text=answer_html(Answer.from_json(content)), format="html")
        return [box]


def answer_html(found: Answer) -> str:
    """The answer as the solution (and the answer key) shows it."""
    parts = [f'<p class="companion-answer"><strong>Answer:</strong> {html.escape(found.shown())}</p>']
    if found.kind == "choice":
        items = "".join(
            f'<li><span class="companion-answer-option">{html.escape(label)}</span>'
            f"{' (correct)' if label == found.value else ''}: {html.escape(said)}</li>"
            for label, said in found.options
        )
        parts.append(f'<ul class="companion-answer-options">{items}</ul>')
    parts.append(f'<p class="companion-answer-hint"><em>Hint after a wrong answer:</em> {html.escape(found.hint)}</p>')
    return "".join(parts)


def check_html(label: str, found: Answer) -> str:
    """The check in an exercise's box: hashes only, never the answer (hidden until the script runs)."""
    public = found.public(salt_for(label))
    ident = f"check-{label}"
    data = html.escape(json.dumps(public, ensure_ascii=False, separators=(",", ":")), quote=True)
    feedback = f'<p class="companion-check-feedback" id="{ident}-feedback" role="status" aria-live="polite"></p>'
    button = '<button type="submit" class="companion-check-button">Check</button>'
    if found.kind == "choice":
        options = "".join(
            f'<div class="companion-check-option"><input type="radio" name="{ident}" id="{ident}-{i}" value="{i}">'
            f'<label for="{ident}-{i}">{html.escape(label_)}</label></div>'
            for i, (label_, _) in enumerate(found.options)
        )
        body = f"<fieldset><legend>Choose one answer, then check it</legend>{options}</fieldset>{button}"
    else:
        unit = public.get("unit") or ""
        label_text = "Your answer" + (f" (in {unit})" if unit else "")
        mode = "decimal" if found.kind == "number" else "text"
        shown_unit = f'<span class="companion-check-unit">{html.escape(unit)}</span>' if unit else ""
        body = (
            f'<label for="{ident}">{html.escape(label_text)}</label><span class="companion-check-row">'
            f'<input type="text" id="{ident}" name="answer" inputmode="{mode}" autocomplete="off" '
            f'spellcheck="false" aria-describedby="{ident}-feedback">{shown_unit}{button}</span>'
        )
    return (
        f'<div class="{CHECK_CLASS}" data-check="{data}" hidden>'
        f'<form class="companion-check-form" novalidate>{body}{feedback}</form></div>'
    )


def _is_solution(node: nodes.Node) -> bool:
    return type(node).__name__ == "solution_node"


def _is_exercise(node: nodes.Node) -> bool:
    return type(node).__name__ in ("exercise_node", "exercise_enumerable_node")


class ExerciseChecks(SphinxTransform):
    """Each exercise whose solution computes an answer gets a check; the student edition drops solutions.

    Runs after sphinx-exercise merges a gated solution into one node (priority 10).
    """

    default_priority = 860

    def apply(self, **kwargs: Any) -> None:
        exercises = {node.get("label"): node for node in self.document.findall(_is_exercise)}  # pyright: ignore[reportAttributeAccessIssue]
        student = self.config.companion_edition == "student"
        for solution in list(self.document.findall(_is_solution)):
            stored = [n["companion_answer"] for n in solution.findall(nodes.container) if "companion_answer" in n]
            exercise = exercises.get(solution.get("target_label"))  # pyright: ignore[reportAttributeAccessIssue]
            if stored and exercise is not None:
                exercise += nodes.raw(text=check_html(exercise["label"], Answer.from_json(stored[-1])), format="html")  # pyright: ignore[reportIndexIssue, reportOperatorIssue]
                exercise["classes"].append("companion-checked")
            if student:
                solution.parent.remove(solution)


class SyllabusDirective(SphinxDirective):
    """``{syllabus} 8``: an N-week syllabus table from the chapters' objectives and times."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        try:
            weeks = int(self.arguments[0])
        except ValueError:
            raise self.error(f"syllabus: {self.arguments[0]!r} is not a number of weeks") from None
        book = Path(self.env.srcdir)
        found = syllabus.chapters(book)
        for chapter in found:
            self.env.note_dependency(str(book / f"{chapter.docname}.ipynb"))
        rows = []
        for week in syllabus.plan(found, weeks):
            if week.activity:
                cells = [html.escape(week.activity), "Bring the part's chapters together in a project.", "", ""]
            else:
                links = "<br>".join(
                    f'<a href="{html.escape(self._link(c.docname))}">{html.escape(c.title)}</a>' for c in week.chapters
                )
                goals = "".join(
                    f"<li>{html.escape(goal)}</li>"
                    for c in week.chapters
                    for goal in (c.objectives or tuple(f"Topic: {t}" for t in c.topics))
                )
                packs = ", ".join(f"<code>{html.escape(c.name)}.ipynb</code>" for c in week.chapters)
                cells = [links, f"<ul>{goals}</ul>", f"{week.minutes} min", packs]
            rows.append(
                f'<tr><th scope="row">Week {week.number}</th>' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
            )
        head = "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Week", "Chapters", "Students will be able to", "Reading and exercises", "Course pack")
        )
        table = (
            f'<div class="companion-table-wrap" tabindex="0" role="region" aria-label="{weeks}-week syllabus">'
            f'<table class="companion-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )
        rule = (
            f"<p>Times: prose at {syllabus.WORDS_PER_MINUTE} words a minute, {syllabus.MINUTES_PER_FIGURE} minutes "
            f"a figure, {syllabus.MINUTES_PER_EXERCISE} minutes an exercise, rounded up to five minutes; "
            f"{sum(c.minutes for c in found)} minutes in all.</p>"
        )
        return [nodes.raw(text=table + rule, format="html")]

    def _link(self, docname: str) -> str:
        return posixpath.relpath(docname, posixpath.dirname(self.env.docname) or ".") + ".html"


def _edition(app: Sphinx, config: Any) -> None:
    if config.companion_edition not in EDITIONS:
        raise ValueError(f"companion_edition={config.companion_edition!r}: choose one of {EDITIONS}")
    if config.companion_edition == "student":
        options = dict(config.html_theme_options or {})
        options["announcement"] = html.escape(STUDENT_NOTICE)
        config.html_theme_options = options


def _add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The checks' script on pages that hold one; their styles (and the notice's) where needed."""
    has_check = f'class="{CHECK_CLASS}"' in (context.get("body") or "")
    if has_check or app.config.companion_edition == "student":
        app.add_css_file(STYLESHEET, priority=900)
    if has_check:
        app.add_js_file(SCRIPT, priority=900, loading_method="defer")


def _static(name: str) -> str:
    return resources.files("companion_book").joinpath("static", name).read_text(encoding="utf-8")


def student_notebook_bytes(data: bytes) -> bytes:
    """A chapter notebook's bytes with its solution cells removed (other files unchanged)."""
    notebook = json.loads(data)
    return (json.dumps(strip_solutions(notebook), indent=1, ensure_ascii=False) + "\n").encode()


def student_archive(path: Path) -> None:
    """Rewrite a source archive in place with every notebook in it stripped of its solutions."""
    buffer = io.BytesIO()
    with tarfile.open(path, "r:gz") as source, tarfile.open(fileobj=buffer, mode="w:gz") as target:
        for member in source.getmembers():
            handle = source.extractfile(member) if member.isfile() else None
            if handle is not None and member.name.endswith(".ipynb"):
                data = student_notebook_bytes(handle.read())
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
            else:
                target.addfile(member, handle)
    path.write_bytes(buffer.getvalue())


def _write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in (SCRIPT, STYLESHEET):
        (static / name).write_text(_static(name), encoding="utf-8")
    if app.config.companion_edition != "student":
        return
    outdir = Path(app.outdir)
    for folder in ("_sources", "_downloads"):
        for path in (outdir / folder).rglob("*.ipynb"):
            path.write_bytes(student_notebook_bytes(path.read_bytes()))
        for path in (outdir / folder).rglob("*.tar.gz"):
            student_archive(path)


def setup(app: Sphinx) -> dict[str, object]:
    """Register the checks, the edition setting and the files they need."""
    app.add_config_value("companion_edition", os.environ.get("COMPANION_EDITION", "full"), "env")
    app.add_transform(ExerciseChecks)
    app.add_directive("syllabus", SyllabusDirective)
    for event, handler in (
        ("config-inited", _edition),
        ("html-page-context", _add_assets),
        ("build-finished", _write_files),
    ):
        app.connect(event, handler)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}

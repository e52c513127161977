"""The exercises' checks in the built book, on every chapter whose solutions compute an answer.

Over http and from ``file://``: a right answer is accepted, a wrong one is refused with the hint and
never the answer, everything works from the keyboard, the check carries no answer in the clear,
and the page's script canonicalises and hashes answers exactly as :mod:`companion.exercises` does.
``COMPANION_SCREENSHOTS=DIR`` saves an exercise before and after a wrong and a right answer.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest

from companion.exercises import canonical_number, canonical_text, digest, mask
from companion.teaching import Exercise, exercises, read_notebook
from companion_book.sphinx_exercises import STUDENT_NOTICE

from .conftest import HTML, ROOT
from .page_checks import axe_source, axe_violations

pytestmark = pytest.mark.browser
CHAPTERS = ROOT / "book" / "chapters"


def answered() -> list[tuple[str, list[Exercise]]]:
    """Each chapter with its exercises that have an answer (the chapters still without any are left out)."""
    found = []
    for path in sorted(CHAPTERS.glob("*.ipynb")):
        done = [e for e in exercises(read_notebook(path)) if e.answer is not None]
        if done:
            found.append((path.stem, done))
    return found


ANSWERED = answered()


def right_input(exercise: Exercise) -> str:
    found = exercise.answer
    if found.kind == "number":
        return canonical_number(repr(float(found.value)), exercise.public()["decimals"])
    return str(found.value)


def wrong_input(exercise: Exercise) -> str:
    found = exercise.answer
    if found.kind == "number":
        places = exercise.public()["decimals"]
        return canonical_number(repr(float(found.value) + 1), places)
    if found.kind == "text":
        return "certainly not this"
    return next(label for label, _ in found.options if label != found.value)


def _answer(page, exercise: Exercise, given: str) -> str:
    """Answer with the keyboard only; return the feedback read out."""
    box = page.locator(f"#{exercise.label} .companion-check")
    if exercise.answer.kind == "choice":
        labels = [label for label, _ in exercise.answer.options]
        box.locator("input[type=radio]").first.focus()
        page.keyboard.press("Space")
        for _ in range(labels.index(given)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.classList.contains('companion-check-button')")
        page.keyboard.press("Enter")
    else:
        field = box.locator("input[type=text]")
        field.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(given)
        page.keyboard.press("Enter")
    feedback = box.locator(".companion-check-feedback")
    feedback.wait_for(state="visible", timeout=3000)
    assert feedback.get_attribute("role") == "status"
    return feedback.inner_text()


def _shoot(page, exercise: Exercise, name: str) -> None:
    folder = os.environ.get("COMPANION_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.locator(f"#{exercise.label}").screenshot(path=str(Path(folder) / f"{exercise.label}-{name}.png"))


@pytest.mark.skipif(not ANSWERED, reason="no chapter's solutions end with answer() or choice() yet")
@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize(("chapter", "found"), ANSWERED, ids=[c for c, _ in ANSWERED])
def test_each_check_accepts_the_right_answer_and_hints_at_a_wrong_one(visit, server, chapter, found, where):
    base = server if where == "http" else HTML.as_uri()
    v = visit(f"{base}/chapters/{chapter}.html")
    for exercise in found:
        box = v.page.locator(f"#{exercise.label} .companion-check")
        box.wait_for(state="visible", timeout=5000)
        _shoot(v.page, exercise, "before")
        wrong = _answer(v.page, exercise, wrong_input(exercise))
        assert wrong.startswith("Not yet.") and exercise.answer.hint in wrong, wrong
        assert exercise.answer.shown() not in wrong
        _shoot(v.page, exercise, "wrong")
        right = _answer(v.page, exercise, right_input(exercise))
        assert right.startswith("Correct."), right
        _shoot(v.page, exercise, "right")
    assert v.errors == []
    assert all(r.startswith((base, "data:")) for r in v.requests), v.requests


@pytest.mark.skipif(not ANSWERED, reason="no chapter's solutions end with answer() or choice() yet")
@pytest.mark.parametrize(("chapter", "found"), ANSWERED, ids=[c for c, _ in ANSWERED])
def test_no_check_holds_its_answer_in_the_clear(chapter, found):
    page = (HTML / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    student = STUDENT_NOTICE in soup.get_text(" ")
    for exercise in found:
        box = soup.select_one(f"#{exercise.label} .companion-check")
        assert box is not None, f"{exercise.label}: no check in the page"
        stored = json.loads(box["data-check"])
        assert "value" not in stored and "accept" not in stored
        assert stored == exercise.public()
        if exercise.answer.kind != "choice":
            assert canonical_text(str(exercise.answer.value)) not in canonical_text(box.get_text(" ")), exercise.label
        # the full edition shows the answer in the solution, one click away; the student edition nowhere
        clear = page if student else str(box)
        for option in stored.get("options", []):
            said = dict(exercise.answer.options)[option["label"]]
            assert html.escape(said) not in clear and said not in clear, f"{exercise.label}: feedback in the clear"
        if student:
            assert f"Answer:</strong> {html.escape(exercise.answer.shown())}" not in page
            assert not soup.select(".solution, .companion-answer-output"), f"{chapter}: a solution shown"


SAMPLES = [
    ("12", 0, ""),
    ("12 schools", 0, "schools"),
    ("11.5", 0, ""),
    ("-0.4", 0, ""),
    ("1,234.5", 0, ""),
    (".435", 2, ""),
    ("0.4349", 2, ""),
    ("\u22120.7825", 3, ""),
    ("43%", 1, "%"),
    ("2e3", 0, ""),
    ("abc", 1, ""),
    ("99.95", 1, ""),
    ("0", 2, ""),
    ("  7 ", 0, ""),
    ("1,2", 0, ""),
    ("", 0, ""),
]
TEXTS = ["Study 16.", "  McLaughlin & Talbert ", "ÉLMORE", "ﬁve", "No, it would still differ"]


def test_the_page_canonicalises_and_hashes_like_the_package(visit, server):
    chapter = ANSWERED[0][0] if ANSWERED else None
    if chapter is None:
        pytest.skip("no page with a check yet")
    v = visit(f"{server}/chapters/{chapter}.html")
    v.page.wait_for_function("() => window.companionExercises")
    numbers = v.page.evaluate(
        "(s) => s.map(([t, d, u]) => window.companionExercises.canonicalNumber(t, d, u))", SAMPLES
    )
    assert numbers == [canonical_number(t, d, u) for t, d, u in SAMPLES]
    texts = v.page.evaluate("(s) => s.map(t => window.companionExercises.canonicalText(t))", TEXTS)
    assert texts == [canonical_text(t) for t in TEXTS]
    hashed = v.page.evaluate("(s) => s.map(t => window.companionExercises.digest('salt', t))", [*TEXTS, "x" * 200])
    assert hashed == [digest("salt", t) for t in [*TEXTS, "x" * 200]]
    said = "Réponse: 16 of 41 statements differ — the largest share."
    assert v.page.evaluate("(m) => window.companionExercises.unmask('s', 'k', m)", mask("s", "k", said)) == said


@pytest.mark.skipif(not ANSWERED, reason="no chapter's solutions end with answer() or choice() yet")
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_checks_with_feedback_shown_pass_axe(browser, server, mode, width):
    source = axe_source()
    chapter, found = ANSWERED[0]
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    try:
        page = context.new_page()
        page.goto(f"{server}/chapters/{chapter}.html", wait_until="load")
        page.evaluate(f"() => {{ document.documentElement.dataset.theme = '{mode}'; }}")
        for exercise in found:
            page.locator(f"#{exercise.label} .companion-check").wait_for(state="visible", timeout=5000)
            _answer(page, exercise, wrong_input(exercise))
        assert axe_violations(page, source, "document.querySelectorAll('.companion-check')") == []
        wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not wide, "the page scrolls sideways with the checks open"
    finally:
        context.close()

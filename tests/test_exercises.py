"""The exercises' answers: what a solution cell hands to the book's checks."""

from __future__ import annotations

import pytest

from companion.exercises import ANSWER_MIMETYPE, AnswerError, answer, choice


def test_a_whole_number_is_an_exact_answer():
    found = answer(12, hint="Count the rows.", unit="schools")
    bundle = found._repr_mimebundle_()
    assert bundle[ANSWER_MIMETYPE] == {
        "kind": "number",
        "value": 12,
        "hint": "Count the rows.",
        "decimals": 0,
        "unit": "schools",
    }
    assert bundle["text/plain"] == "Answer: 12 schools"


def test_a_share_is_rounded_to_its_decimals():
    found = answer(0.43478, decimals=2, hint="Divide the links by the cells.")
    assert found.value == 0.43
    assert found.shown() == "0.43"


def test_text_answers_keep_their_other_forms():
    found = answer("Study 16", accept=["16", "McLaughlin and Talbert"], hint="Look for the study in no cell.")
    assert found.to_json()["accept"] == ["16", "McLaughlin and Talbert"]


def test_choice_needs_feedback_for_every_option_and_a_correct_one_among_them():
    found = choice("B", {"A": "Not quite: ...", "B": "Yes: ..."}, hint="Reread the conclusion.")
    assert found.to_json()["options"] == [
        {"label": "A", "feedback": "Not quite: ..."},
        {"label": "B", "feedback": "Yes: ..."},
    ]
    with pytest.raises(AnswerError, match="not among the options"):
        choice("C", {"A": "x", "B": "y"}, hint="h")
    with pytest.raises(AnswerError, match="without feedback"):
        choice("A", {"A": "x", "B": " "}, hint="h")


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        (3, {"hint": " "}, "needs a hint"),
        (float("nan"), {"hint": "h"}, "not a finite number"),
        (True, {"hint": "h"}, "use choice"),
        ("", {"hint": "h"}, "non-empty text"),
        (1.5, {"hint": "h", "decimals": -1}, "decimals"),
    ],
)
def test_an_answer_the_book_could_not_check_is_refused(value, kwargs, message):
    with pytest.raises(AnswerError, match=message):
        answer(value, **kwargs)

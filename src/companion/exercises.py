"""Answers to the book's exercises, computed where the solution is computed.

An exercise's solution cell ends with :func:`answer` (a number or a short text) or
:func:`choice` (multiple choice). In a notebook the result shows the answer as a reader
reads it; its output also carries the answer as :data:`ANSWER_MIMETYPE`, so that the book's
in-page check, the answer key and the course pack all take the answer from the one value the
solution computes from ``data/``, never from a typed copy.

Every answer carries a hint: the book shows it after a wrong answer, and it must help
without giving the answer away.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any, Literal

ANSWER_MIMETYPE = "application/vnd.companion.answer+json"
Kind = Literal["number", "text", "choice"]


class AnswerError(ValueError):
    """An answer that the book could not check (no hint, a choice not among the options, ...)."""


@dataclass(frozen=True)
class Answer:
    """One exercise's expected answer, as the solution computed it."""

    kind: Kind
    value: float | int | str
    hint: str
    decimals: int | None = None
    unit: str = ""
    accept: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = field(default=())

    def shown(self) -> str:
        """The answer as a reader reads it: ``12 schools``, ``0.43``, ``B. Only the review``."""
        if self.kind == "number":
            number = float(self.value)
            text = f"{number:.{self.decimals}f}" if self.decimals is not None else f"{number:g}"
            return f"{text} {self.unit}".strip()
        return str(self.value)

    def to_json(self) -> dict[str, Any]:
        """The answer in :data:`ANSWER_MIMETYPE` form (read by the book's build)."""
        data: dict[str, Any] = {"kind": self.kind, "value": self.value, "hint": self.hint}
        if self.kind == "number":
            data |= {"decimals": self.decimals, "unit": self.unit}
        if self.accept:
            data["accept"] = list(self.accept)
        if self.options:
            data["options"] = [{"label": label, "feedback": feedback} for label, feedback in self.options]
        return data

    def _repr_html_(self) -> str:
        return f'<p class="companion-answer"><strong>Answer:</strong> {html.escape(self.shown())}</p>'

    def __repr__(self) -> str:
        return f"Answer: {self.shown()}"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/plain": repr(self), "text/html": self._repr_html_(), ANSWER_MIMETYPE: self.to_json()}


def _hint(hint: str) -> str:
    if not isinstance(hint, str) or not hint.strip():
        raise AnswerError("every answer needs a hint: a sentence that helps after a wrong answer")
    return hint.strip()


def answer(
    value: Real | str,
    *,
    hint: str,
    decimals: int | None = None,
    unit: str = "",
    accept: Sequence[str] = (),
) -> Answer:
    """A numeric or short-text answer.

    Numbers are compared after rounding to ``decimals`` places (``None``: whole numbers must match
    exactly, other values to 6 significant digits); ``unit`` is shown beside the answer field.
    A text answer matches ignoring case, spacing and punctuation; ``accept`` lists other forms.
    """
    hint = _hint(hint)
    if isinstance(value, bool):
        raise AnswerError(f"answer {value!r}: use choice() for a yes/no question")
    if isinstance(value, Real):
        number = float(value)
        if not math.isfinite(number):
            raise AnswerError(f"answer {value!r} is not a finite number")
        if decimals is not None and (not isinstance(decimals, int) or decimals < 0):
            raise AnswerError(f"decimals={decimals!r}: a whole number of places, 0 or more")
        if decimals is None and number.is_integer():
            decimals = 0
        shown: float | int = int(number) if decimals == 0 else (round(number, decimals) if decimals else number)
        return Answer("number", shown, hint, decimals=decimals, unit=unit)
    if isinstance(value, str) and value.strip():
        return Answer("text", value.strip(), hint, accept=tuple(a.strip() for a in accept if a.strip()))
    raise AnswerError(f"answer {value!r}: give a number or a non-empty text")


def choice(correct: str, options: Mapping[str, str], *, hint: str) -> Answer:
    """A multiple-choice answer: ``options`` maps each choice as shown to its feedback."""
    hint = _hint(hint)
    if len(options) < 2:
        raise AnswerError("a multiple-choice answer needs at least two options")
    missing = [label for label, feedback in options.items() if not str(feedback).strip()]
    if missing:
        raise AnswerError(f"options without feedback: {missing}")
    if correct not in options:
        raise AnswerError(f"the correct choice {correct!r} is not among the options {list(options)}")
    return Answer("choice", correct, hint, options=tuple((k, str(v).strip()) for k, v in options.items()))

"""Answers to the book's exercises, computed where the solution is computed.

An exercise's solution cell ends with :func:`answer` (a number or a short text) or
:func:`choice` (multiple choice). In a notebook the result shows the answer as a reader
reads it; its output also carries the answer as :data:`ANSWER_MIMETYPE`, so that the book's
in-page check, the answer key and the course pack all take the answer from the one value the
solution computes from ``data/``, never from a typed copy.

Every answer carries a hint: the book shows it after a wrong answer, and it must help
without giving the answer away.

The page and the course pack never hold the answer itself: :meth:`Answer.public` gives its
*check*, the answer's canonical form hashed with a salt (SHA-256), and :func:`check` compares a
reader's answer with it. ``companion-exercises.js`` (the page) and :func:`check` (the course
pack's tests) canonicalise an answer the same way; ``tests/test_exercises.py`` holds them to
shared examples. A salted hash keeps the answer out of the page's text; it is no secret from
a reader who tries every number, so the graded course pack, not the page, is the assessment.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real
from typing import Any, Literal

from companion.numbers import number_text

ANSWER_MIMETYPE = "application/vnd.companion.answer+json"
CHECK_VERSION = 1
Kind = Literal["number", "text", "choice"]
NUMBER = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


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
            text = number_text(number, self.decimals, thousands=False, fixed=self.decimals is not None)
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

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Answer:
        """The answer back from its :data:`ANSWER_MIMETYPE` form (a stored notebook output)."""
        try:
            kind, value, hint = data["kind"], data["value"], data["hint"]
        except KeyError as missing:
            raise AnswerError(f"stored answer without {missing}: {dict(data)}") from None
        if kind == "choice":
            options = {o["label"]: o["feedback"] for o in data.get("options", [])}
            return choice(value, options, hint=hint)
        if kind == "number":
            return answer(value, hint=hint, decimals=data.get("decimals"), unit=data.get("unit", ""))
        if kind == "text":
            return answer(value, hint=hint, accept=data.get("accept", ()))
        raise AnswerError(f"stored answer of unknown kind {kind!r}")

    def check_decimals(self) -> int:
        """The places a number is compared at: ``decimals``, or those of 6 significant digits."""
        if self.decimals is not None:
            return self.decimals
        number = abs(float(self.value))
        return max(0, 5 - math.floor(math.log10(number))) if number else 0

    def public(self, salt: str) -> dict[str, Any]:
        """What the page and the course pack may show: the check, with the answer only as salted hashes.

        Multiple-choice feedback is stored masked by the choice it answers, so that reading the
        page's source does not tell which choice the feedback calls right.
        """
        if not salt:
            raise AnswerError("a check needs a salt")
        data: dict[str, Any] = {"v": CHECK_VERSION, "kind": self.kind, "salt": salt, "hint": self.hint}
        if self.kind == "number":
            places = self.check_decimals()
            data |= {"decimals": places, "unit": self.unit}
            data["digests"] = [digest(salt, canonical_number(number_text(float(self.value), exact=True), places) or "")]
        elif self.kind == "text":
            forms = dict.fromkeys(canonical_text(t) for t in (str(self.value), *self.accept))
            data["digests"] = [digest(salt, form) for form in forms if form]
        else:
            data["digests"] = [digest(salt, canonical_text(str(self.value)))]
            data["options"] = [
                {"label": label, "feedback": mask(salt, canonical_text(label), feedback)}
                for label, feedback in self.options
            ]
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


def canonical_text(text: str) -> str:
    """A short answer as compared: NFKC, lower case, letters and digits only ("Study 16." -> "study16")."""
    return "".join(c for c in unicodedata.normalize("NFKC", str(text)).lower() if c.isalnum())


def canonical_number(text: str, decimals: int, unit: str = "") -> str | None:
    """A typed number rounded half up to ``decimals`` places ("1,234.5 schools" -> "1235"); None if not a number.

    Accepts a sign (also U+2212), thousands commas, a trailing ``%`` or the unit; no exponents.
    """
    s = str(text).strip().replace("\u2212", "-")
    if unit and s.lower().endswith(unit.lower()):
        s = s[: -len(unit)]
    s = s.strip().removesuffix("%").replace(" ", "").replace("\u00a0", "")
    if THOUSANDS.match(s):
        s = s.replace(",", "")
    match = NUMBER.match(s)
    if not match or not (match.group(2) or match.group(3)):
        return None
    sign, whole, fraction = match.group(1), match.group(2) or "0", match.group(3) or ""
    rounded = Decimal(f"{whole}.{fraction or '0'}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    shown = f"{rounded:.{decimals}f}"
    return shown if sign != "-" or not any(c in "123456789" for c in shown) else "-" + shown


def digest(salt: str, canonical: str) -> str:
    """The salted hash of an answer's canonical form, as the page's script computes it."""
    return hashlib.sha256(f"{salt}:{canonical}".encode()).hexdigest()


def _keystream(salt: str, key: str, length: int) -> bytes:
    blocks, counter = b"", 0
    while len(blocks) < length:
        blocks += hashlib.sha256(f"{salt}:{key}:{counter}".encode()).digest()
        counter += 1
    return blocks[:length]


def mask(salt: str, key: str, text: str) -> str:
    """``text`` masked by a keystream from ``salt`` and ``key`` (base64); :func:`unmask` reverses it."""
    data = text.encode()
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, _keystream(salt, key, len(data)), strict=True))).decode()


def unmask(salt: str, key: str, masked: str) -> str:
    """The text :func:`mask` masked."""
    data = base64.b64decode(masked)
    return bytes(a ^ b for a, b in zip(data, _keystream(salt, key, len(data)), strict=True)).decode()


def _given(value: Any, public: Mapping[str, Any]) -> str | None:
    """A reader's answer in canonical form, or None when it cannot be read as one."""
    if isinstance(value, Answer):
        value = value.value
    if value is None or value is Ellipsis or isinstance(value, bool):
        return None
    kind = public["kind"]
    if kind == "number":
        if isinstance(value, Real) or (hasattr(value, "item") and not isinstance(value, str)):
            number = float(value)
            if not math.isfinite(number):
                return None
            value = number_text(number, exact=True)
        return canonical_number(str(value), int(public["decimals"]), public.get("unit", ""))
    text = str(value).strip()
    if kind == "choice":
        labels = [o["label"] for o in public["options"]]
        letters = {chr(ord("a") + i): label for i, label in enumerate(labels)}
        text = letters.get(text.lower().rstrip(".)"), text)
    return canonical_text(text) or None


def check(value: Any, public: Mapping[str, Any]) -> bool:
    """Whether ``value`` (a number, a text, a choice's label or letter, or an :class:`Answer`) is right."""
    if public.get("v") != CHECK_VERSION or public.get("kind") not in ("number", "text", "choice"):
        raise AnswerError(f"not a check this version can read: {dict(public)}")
    given = _given(value, public)
    return given is not None and digest(public["salt"], given) in public["digests"]


def feedback(value: Any, public: Mapping[str, Any]) -> str:
    """What a reader is told: the choice's feedback, or the hint after a wrong answer; "Correct." otherwise."""
    given = _given(value, public)
    right = given is not None and digest(public["salt"], given) in public["digests"]
    said = ""
    if public["kind"] == "choice" and given is not None:
        masked = [o["feedback"] for o in public["options"] if canonical_text(o["label"]) == given]
        said = unmask(public["salt"], given, masked[0]) if masked else ""
    if right:
        return f"Correct. {said}".strip()
    return f"Not yet. {said + ' ' if said else ''}Hint: {public['hint']}"

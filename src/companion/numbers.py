"""How the book writes a number for a reader: :func:`number_text`, the one formatter of every table,
explanation, explorer and exercise check."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

MISSING = "not given"  # what a reader sees for a missing value


def number_text(
    value: Any, decimals: int | None = None, *, thousands: bool = True, exact: bool = False, fixed: bool = False
) -> str:
    """A number as the book prints it: whole numbers without ``.0``, others in at most six significant digits.

    ``decimals`` rounds first (``number_text(66.6667, 3)`` is ``66.667``, ``number_text(2.0001, 3)`` is
    ``2``); ``thousands`` groups whole numbers from 10,000 (``22,000``). ``fixed`` keeps exactly
    ``decimals`` places, trailing zeros too (``number_text(12, 1, fixed=True)`` is ``12.0``), as the
    sources' tables print their values and as an exercise states its answer. ``exact`` writes every
    digit the float holds (its shortest ``repr``) and never an exponent or a group separator, for
    answers compared digit by digit. A missing value (None, NA, NaN) is :data:`MISSING`.
    """
    if value is None or value is pd.NA:
        return MISSING
    number = float(value)
    if math.isnan(number):
        return MISSING
    if fixed:
        if decimals is None:
            raise ValueError("number_text(fixed=True) needs the number of decimals")
        return f"{number:{',' if thousands and abs(number) >= 10_000 else ''}.{decimals}f}"
    if decimals is not None:
        number = round(number, decimals)
    if number.is_integer():
        grouped = thousands and not exact and abs(number) >= 10_000
        return f"{int(number):,}" if grouped else str(int(number))
    if exact:
        text = repr(number)
        return f"{number:.20f}" if "e" in text else text
    return f"{number:g}"

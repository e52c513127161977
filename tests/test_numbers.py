"""companion.numbers.number_text: the one way the book writes a number for a reader."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from companion.exercises import canonical_number
from companion.numbers import MISSING, number_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (12.0, "12"),
        (12, "12"),
        (-3.0, "-3"),
        (-0.0, "0"),
        (9999.0, "9999"),
        (22000.0, "22,000"),
        (-15000, "-15,000"),
        (12.5, "12.5"),
        (99.39999999999999, "99.4"),  # six significant digits, as printed
        (1234567.5, "1.23457e+06"),
        (np.float64(3.0), "3"),
        (np.int64(43), "43"),
        (float("inf"), "inf"),
    ],
)
def test_whole_numbers_lose_the_point_and_others_keep_six_digits(value, shown):
    assert number_text(value) == shown


@pytest.mark.parametrize("value", [None, pd.NA, float("nan"), np.nan])
def test_a_missing_value_is_the_missing_word(value):
    assert number_text(value) == MISSING == "not given"


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (66.667, 3, "66.667"),
        (66.66666, 3, "66.667"),
        (2.3999999999999986, 3, "2.4"),  # a difference of two shares, as the claims' sentences give it
        (0.10000000000000142, 3, "0.1"),
        (19.9999999999, 3, "20"),
        (0.25, 3, "0.25"),
        (12.345, 1, "12.3"),
        (12.96, 1, "13"),
        (10000.4, 0, "10,000"),
    ],
)
def test_decimals_round_first(value, decimals, shown):
    assert number_text(value, decimals) == shown


def test_thousands_can_be_left_ungrouped():
    assert number_text(22000.0, thousands=False) == "22000"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.1, "0.1"),
        (2.675, "2.675"),  # the shortest repr, not the binary expansion 2.67499999...
        (1e-07, "0.00000010000000000000"),  # no exponent
        (123456.78, "123456.78"),  # every digit, no separator
        (1e16, "10000000000000000"),
        (12.0, "12"),
    ],
)
def test_exact_writes_every_digit_and_no_exponent(value, shown):
    assert number_text(value, exact=True) == shown


@pytest.mark.parametrize("value", [12.0, -0.0, 2.675, 0.435, 1e-07, 1e16, 123456.785])
def test_exact_text_canonicalises_as_the_float_repr_does(value):
    # an exercise compares number_text(value, exact=True); a whole number without ".0" must round the same
    for places in (0, 2, 4):
        assert canonical_number(number_text(value, exact=True), places) == canonical_number(
            repr(value) if "e" not in repr(value) else f"{value:.20f}", places
        )


def test_fixed_keeps_the_decimals_trailing_zeros_too():
    assert number_text(12, 1, fixed=True) == "12.0"
    assert number_text(0.4351, 2, fixed=True) == "0.44"
    assert number_text(22000, 1, fixed=True) == "22,000.0"
    assert number_text(22000, 1, thousands=False, fixed=True) == "22000.0"
    assert number_text(None, 1, fixed=True) == "not given"


def test_fixed_without_decimals_is_refused():
    with pytest.raises(ValueError, match="needs the number of decimals"):
        number_text(1.5, fixed=True)

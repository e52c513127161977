"""Assertions for values transcribed from the sources, with a message saying what they pin."""

from __future__ import annotations

from typing import Any


def _plain(value: Any) -> Any:
    """NumPy scalars as Python values, so that messages read 12.6 rather than np.float64(12.6)."""
    if isinstance(value, tuple | list):
        return type(value)(_plain(v) for v in value)
    return value.item() if hasattr(value, "item") else value


def printed(actual: Any, expected: Any, what: str) -> None:
    """Assert that a loaded value equals what the source prints; ``what`` says where it is printed.

    >>> printed(10.6, 10.6, "Table 2 prints 10.6 for school 001 (lowest quartile, %)")
    """
    assert actual == expected, (
        f"{what}, but the data gives {_plain(actual)!r}. If you corrected the transcription in data/, update this test "
        "and run make refresh so that the chapters show the corrected value."
    )

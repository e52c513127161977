"""The pinned environment: requirements.txt and environment.yml install the same versions."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^\s*(?:-\s*)?([A-Za-z0-9_.\-]+)==([^\s;#]+)\s*$")


def _pins(path: Path) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) for line in path.read_text().splitlines() if (m := PIN.match(line))}


def test_environment_yml_has_exactly_the_requirements_pins():
    lock, conda = _pins(ROOT / "requirements.txt"), _pins(ROOT / "environment.yml")
    assert len(lock) > 50
    assert conda == lock


def test_every_requirement_is_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert PIN.match(line), f"not an exact pin: {line}"


def test_jupyter_book_is_1x_and_sphinx_7():
    lock = _pins(ROOT / "requirements.txt")
    assert lock["jupyter-book"].startswith("1.")
    assert lock["sphinx"].startswith("7.")

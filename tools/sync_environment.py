"""Write environment.yml (conda) from requirements.txt so both install the same pins.

Run by `make lock`; tests/test_environment.py fails if the two disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def pins(text: str) -> list[str]:
    """``name==version`` lines of a requirements file, in order."""
    return [f"{m.group(1)}=={m.group(2)}" for line in text.splitlines() if (m := PIN.match(line.strip()))]


def render(requirements: str) -> str:
    """The environment.yml text for these requirements."""
    lines = [
        "# Generated from requirements.txt by tools/sync_environment.py (`make lock`). Do not edit.",
        "name: district-companion",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in pins(requirements)]
    lines += ["      - -e .", "      - -e book-package"]  # the reader's companion and the book's build
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render((ROOT / "requirements.txt").read_text()))
    print("environment.yml written")

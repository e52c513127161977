"""The pinned environment: requirements.txt and environment.yml install the same versions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

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


def _pip_sync_plan() -> dict[str, set[str]]:
    """What ``pip-sync requirements.txt`` would uninstall and install in this venv."""
    pip_sync = Path(sys.executable).parent / "pip-sync"
    result = subprocess.run(
        [str(pip_sync), "--dry-run", "requirements.txt"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    plan: dict[str, set[str]] = {"Would uninstall:": set(), "Would install:": set()}
    section = None
    for line in result.stdout.splitlines():
        if line in plan:
            section = line
        elif section and line.startswith("  "):
            plan[section].add(line.strip().split("==")[0].lower())
    return plan


@pytest.mark.skipif(Path(sys.prefix) != ROOT / ".venv", reason="checks the project's .venv only")
def test_venv_holds_exactly_the_locked_packages():
    plan = _pip_sync_plan()
    extra, missing = plan["Would uninstall:"] - {"companion", "companion-book"}, plan["Would install:"]
    assert not extra and not missing, (
        f".venv differs from requirements.txt (not in the lock: {sorted(extra)}; missing or other version: "
        f"{sorted(missing)}): run make install, which syncs .venv to the lock with pip-sync"
    )

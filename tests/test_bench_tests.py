"""tools/bench_tests.py's base copy: it runs the base's own make targets without reinstalling the shared installs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import bench_tests  # noqa: E402


def test_stamp_inputs_are_every_prerequisite_of_the_install_stamps():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    named = {"$(STAMP)": "requirements.txt", "$(CFF_STAMP)": "requirements-cff.txt"}
    prerequisites = set()
    for target in (*named, "node_modules/.installed-stamp"):
        line = re.search(rf"^{re.escape(target)}:([^\n]*)$", makefile, re.M)
        assert line, f"no rule for {target} in the Makefile"
        prerequisites |= set(line.group(1).split())
    assert prerequisites <= set(bench_tests.STAMP_INPUTS), prerequisites - set(bench_tests.STAMP_INPUTS)


def test_the_base_copy_of_this_commit_never_remakes_the_shared_installs():
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout: no commit to copy")
    venvs = [s for s in bench_tests.STAMPS if s.startswith(".venv")]
    missing = [s for s in venvs if not (ROOT / s).exists()]
    if missing:
        pytest.skip(f"this tree has no {', '.join(missing)} to share (run make install)")
    # test-browser's npm install is looked at once this tree has one (make test runs npm ci after the unit tests)
    targets = ["check", *(["test-browser"] if (ROOT / "node_modules/.installed-stamp").exists() else [])]
    tree = bench_tests.base_tree("HEAD")
    try:
        dry = subprocess.run(["make", "-n", "--no-print-directory", *targets], cwd=tree, capture_output=True, text=True)
    finally:
        shutil.rmtree(tree.parent, ignore_errors=True)
    plan = dry.stdout + dry.stderr
    assert not re.search(r"-m venv|pip install|npm ci", plan), f"the base copy would reinstall:\n{plan[:2000]}"

"""tools/bench_tests.py's base copy: it runs the base's own make targets without reinstalling the shared installs."""

from __future__ import annotations

import os
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


def _phases(cpu: bool) -> dict:
    timings = {"test-unit": (200.0, 390.0), "test-browser": (600.0, 1150.0)}
    return {
        phase: {"seconds": wall, "status": 0, **({"cpu": work} if cpu else {})}
        for phase, (wall, work) in timings.items()
    }


def _section(phases: dict) -> str:
    results = {"this": {"library": {}, "book": [], "check": [], "phases": phases}}
    meta = {"date": "2026-12-02", "cores": 2, "commit": "abc1234", "base": None, "check_runs": 3, "renders": 0}
    return bench_tests.section(results, meta)


def test_each_make_test_phase_shows_its_cpu_time_and_the_total_gives_the_floor_on_these_cores():
    page = _section(_phases(cpu=True))
    assert "| `make test-unit` | 3 min 20 s (CPU 6 min 30 s) |" in page
    assert "| **total** | **13 min 20 s** (CPU 25 min 40 s) |" in page
    assert "25 min 40 s / 2 = 12 min 50 s" in page


def test_a_results_file_without_cpu_times_still_renders_its_wall_clock_times():
    page = _section(_phases(cpu=False))
    assert "| `make test-unit` | 3 min 20 s |" in page and "CPU 6" not in page and "/ 2 =" not in page


def test_the_cpu_time_of_a_make_run_counts_what_the_processes_it_starts_do(tmp_path):
    if bench_tests.busy_cpu() is None:
        pytest.skip("no /proc/stat: the bench reports wall-clock times only")
    # make starts Python, which spins for 0.4 s of CPU: the machine's busy time counts it
    spin = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end:\n    pass\n"
    (tmp_path / "spin.py").write_text(spin)
    (tmp_path / "Makefile").write_text(f"spin:\n\t{sys.executable} spin.py\n")
    seconds, cpu, status = bench_tests.make(tmp_path, "spin", tmp_path / "log")
    assert status == 0, (tmp_path / "log").read_text()
    assert 0.35 <= cpu <= seconds * os.cpu_count() + 0.1, (cpu, seconds)

"""The pre-commit hooks are local (the venv's pinned tools, nothing fetched) and catch what they should."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".pre-commit-config.yaml"
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"


def _hooks() -> list[dict]:
    config = yaml.safe_load(CONFIG.read_text())
    assert all(repo["repo"] == "local" for repo in config["repos"]), "every hook repo is local (no fetch)"
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_hooks_are_local_and_run_the_venv_tools():
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert set(hooks) == {"ruff", "ruff-format", "notebook-twins"}
    for hook in hooks.values():
        assert hook["language"] == "system" and hook["entry"].startswith("tools/venv_run "), hook["id"]
    assert "ruff check" in hooks["ruff"]["entry"] and "ruff format" in hooks["ruff-format"]["entry"]
    assert "tools/notebook_twins.py --check" in hooks["notebook-twins"]["entry"]


def test_pre_commit_and_the_hook_tools_are_pinned():
    pins = {line.split("==")[0] for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line}
    assert {"pre-commit", "ruff", "jupytext", "nbdime"} <= set(pins)


def test_venv_run_names_what_to_install(tmp_path):
    script = tmp_path / "tools" / "venv_run"
    script.parent.mkdir()
    shutil.copy2(ROOT / "tools" / "venv_run", script)
    result = subprocess.run([str(script), "ruff", "--version"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "ruff not found in .venv: run 'make install' (it installs the pinned tools from requirements.txt)"
    ]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A git repository holding the hook config, the tools they run, the chapters and the package."""
    repo = tmp_path / "repo"
    for name in (".pre-commit-config.yaml", "pyproject.toml", "tools/venv_run", "tools/notebook_twins.py"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "book" / "chapters", repo / "book" / "chapters", ignore=shutil.ignore_patterns("data_*", "statement_*")
    )
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text(".venv\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    return repo


def _run_hooks(repo: Path) -> subprocess.CompletedProcess:
    # A dead proxy: a hook that tried to fetch anything would fail here.
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(repo.parent / "cache"),
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_hooks_pass_offline_then_catch_lint_format_and_a_twin_edited_alone(scratch_repo):
    result = _run_hooks(scratch_repo)
    assert result.returncode == 0, result.stdout + result.stderr

    (scratch_repo / "src" / "companion" / "bad.py").write_text("import os\nx=1\n")
    twin = scratch_repo / "book" / "chapters" / "md" / "d2_groups.md"
    twin.write_text(twin.read_text().replace("# Differential treatment", "# Edited in the twin only"))
    _git(scratch_repo, "add", "-A")
    result = _run_hooks(scratch_repo)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "F401" in out, "ruff reports the unused import"
    assert "ruff format" in out and "files were modified by this hook" in out
    assert "book/chapters/md/d2_groups.md: differs from book/chapters/d2_groups.ipynb" in out

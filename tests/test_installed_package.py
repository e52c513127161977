"""The wheel works on its own: built, installed into a fresh venv, used from a folder outside the repository.

The fresh venv gets the wheel's dependencies from the package index (or pip's cache),
constrained to the exact pins of requirements.txt, so the test checks the package a user
installs, not the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_downloads  # noqa: E402 - the same wheel build as `make book`'s downloads

from companion import datasets  # noqa: E402
from tests import installed_smoke  # noqa: E402


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_downloads.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a fresh venv holding the wheel and its pinned dependencies."""
    env = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", str(env)])
    python = env / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, "--constraint", str(ROOT / "requirements.txt"), str(wheel)])
    return python


def test_wheel_holds_every_module_and_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"companion/{p.relative_to(ROOT / 'src' / 'companion')}" for p in (ROOT / "src/companion").rglob("*.py")}
    data = {f"companion/data/{p.name}" for p in datasets.data_dir().iterdir() if p.suffix in {".csv", ".json"}}
    assert modules - names == set(), "modules missing from the wheel: list their package in pyproject.toml"
    assert data - names == set(), "data files missing from the wheel: see [tool.setuptools.package-data]"


def test_installed_wheel_loads_data_audits_claims_and_builds_every_chart(installed, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    script = outside / "smoke.py"
    script.write_text((ROOT / "tests" / "installed_smoke.py").read_text())
    env = {k: v for k, v in os.environ.items() if k not in {"COMPANION_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV"}}
    result = _run([str(installed), str(script), str(ROOT)], cwd=outside, env=env)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["data_dir"]) == Path(report["package"]) / "data"
    assert report["datasets"] == {name: len(datasets.load(name)) for name in datasets.names()}
    assert sum(report["verdicts"].values()) == len(datasets.load("claims"))
    expected = {f"{fn.__module__}.{fn.__name__}" for fn in installed_smoke.chart_functions()}
    assert len(expected) >= 15 and set(report["charts"]) == expected
    assert all(report["charts"].values()), report["charts"]

"""The wheel works on its own: built, installed into a fresh venv, used from a folder outside the repository.

The fresh venv gets the wheel and its ``notebooks`` extra from the package index (or pip's
cache), constrained to the exact pins of requirements.txt, so the test checks the package a
reader installs by following "Run it locally" on the data page, not the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
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
from tests.figures import stored_figures  # noqa: E402


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_downloads.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Python of a fresh venv holding the wheel, its notebooks extra and their pinned dependencies."""
    env = tmp_path_factory.mktemp("venv") / "env"
    _run([sys.executable, "-m", "venv", str(env)])
    python = env / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, "--constraint", str(ROOT / "requirements.txt"), f"{wheel}[notebooks]"])
    return python


def test_wheel_holds_every_module_and_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {f"companion/{p.relative_to(ROOT / 'src' / 'companion')}" for p in (ROOT / "src/companion").rglob("*.py")}
    data = {f"companion/data/{p.name}" for p in datasets.data_dir().iterdir() if p.suffix in {".csv", ".json"}}
    assert modules - names == set(), "modules missing from the wheel: list their package in pyproject.toml"
    assert data - names == set(), "data files missing from the wheel: see [tool.setuptools.package-data]"


def test_wheel_says_it_is_typed(wheel):
    """PEP 561: the marker that lets a type checker read the package's own hints."""
    assert "companion/py.typed" in zipfile.ZipFile(wheel).namelist()


def _outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder outside the repository and an environment that points nowhere into it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"COMPANION_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV"}}
    return folder, env


def test_installed_wheel_loads_data_audits_claims_and_builds_every_chart(installed, tmp_path):
    outside, env = _outside(tmp_path)
    script = outside / "smoke.py"
    script.write_text((ROOT / "tests" / "installed_smoke.py").read_text())
    result = _run([str(installed), str(script), str(ROOT)], cwd=outside, env=env)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(report["data_dir"]) == Path(report["package"]) / "data"
    assert report["datasets"] == {name: len(datasets.load(name)) for name in datasets.names()}
    assert sum(report["verdicts"].values()) == len(datasets.load("claims"))
    expected = {f"{fn.__module__}.{fn.__name__}" for fn in installed_smoke.chart_functions()}
    assert len(expected) >= 15 and set(report["charts"]) == expected
    assert all(report["charts"].values()), report["charts"]
    assert set(report["figures"]) == set(stored_figures()), "every figure the chapters store is built"
    assert [name for name, same in report["figures"].items() if not same] == [], "figures the wheel draws otherwise"


def test_a_downloaded_chapter_runs_against_the_installed_wheel(installed, tmp_path):
    """What "Run it locally" promises: a chapter notebook next to nothing but the installed wheel."""
    outside, env = _outside(tmp_path)
    shutil.copy(ROOT / "book" / "chapters" / "d2_poverty.ipynb", outside)
    code = (
        "import nbformat, sys\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read('d2_poverty.ipynb', as_version=4)\n"
        "nb.cells.append(nbformat.v4.new_code_cell('import companion; print(companion.__file__)'))\n"
        "NotebookClient(nb, timeout=120, kernel_name='python3').execute()\n"
        "print(nb.cells[-1].outputs[0]['text'].strip())\n"
    )
    result = _run([str(installed), "-c", code], cwd=outside, env=env)
    used = Path(result.stdout.strip().splitlines()[-1])
    python = f"python{sys.version_info.major}.{sys.version_info.minor}"
    assert used.parent.parent == installed.parent.parent / "lib" / python / "site-packages", used

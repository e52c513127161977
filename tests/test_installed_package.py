"""The wheel works on its own: built, installed into a fresh venv, used from a folder outside the repository.

The fresh venv gets the wheel and its ``notebooks`` extra from the package index (or pip's
cache), constrained to the exact pins of requirements.txt, so the test checks the package a
reader installs by following "Run it locally" on the data page, not the checkout. The wheel
carries none of the book's build (that is ``companion-book``, book-package/), so another
MyST-NB project built in the same venv renders its own charts untouched.
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
from companion.rendering import VEGALITE_MIMETYPE  # noqa: E402
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


def test_wheel_carries_none_of_the_book_build(wheel):
    """No Sphinx extension, asset, font or template, and no MyST-NB plugin: those are companion-book's."""
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    build = [
        name
        for name in names
        if Path(name).name.startswith("sphinx_")
        or {"static", "templates", "fonts"} & set(Path(name).parts)
        or Path(name).suffix in {".js", ".css", ".html", ".ttf", ".woff2"}
    ]
    assert build == [], f"the reader's wheel holds the book's build (move it to book-package/): {build}"
    info = next(name for name in names if name.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
    entry_points = archive.read(f"{info}/entry_points.txt").decode() if f"{info}/entry_points.txt" in names else ""
    assert "myst_nb.mime_renderers" not in entry_points, f"the wheel registers MyST-NB renderers:\n{entry_points}"
    requires = [line for line in archive.read(f"{info}/METADATA").decode().splitlines() if line.startswith("Requires")]
    book_only = [line for line in requires if any(name in line for name in ("sphinx", "docutils", "vl-convert"))]
    assert book_only == [], f"the wheel requires the book's build tools: {book_only}"


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


# What companion_book.sphinx_vega writes for a chart; a project without companion-book must show none of it.
COMPANION_MARKUP = ('class="companion-chart"', "companion-static", "companion-spec", "companion-vega.js")


def test_another_myst_nb_project_renders_its_charts_untouched(installed, tmp_path):
    """With the reader's wheel installed, another MyST-NB project's Vega-Lite output is MyST-NB's, not companion's."""
    outside, env = _outside(tmp_path)
    source = outside / "other"
    source.mkdir()
    (source / "conf.py").write_text("project = 'Other'\nextensions = ['myst_nb']\nnb_execution_mode = 'off'\n")
    spec = {"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    output = {"output_type": "display_data", "metadata": {}}
    output["data"] = {VEGALITE_MIMETYPE: spec, "text/plain": "<VegaLite 5 object: the other chart>"}
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "chart", "outputs": [output]}
    title = {"cell_type": "markdown", "metadata": {}, "source": "# Other"}
    notebook = {"cells": [title, cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (source / "index.ipynb").write_text(json.dumps(notebook))
    _run([str(installed), "-m", "sphinx", "-b", "html", "-q", str(source), str(outside / "html")], cwd=outside, env=env)
    page = (outside / "html" / "index.html").read_text(encoding="utf-8")
    found = [marker for marker in COMPANION_MARKUP if marker in page]
    assert found == [], f"companion rendered another project's chart ({found}): a myst_nb.mime_renderers entry point?"
    assert "the other chart" in page, "MyST-NB's own rendering (the text/plain stand-in) is missing"

"""CONTRIBUTING.md's four recipes, performed step by step on a scratch copy of the repository.

Each recipe's numbered steps end with a ``<!-- step: ID -->`` tag; this test reads the tags in the
order the page gives them, performs the action of each (below) and nothing else, then runs the
commands of the recipe's ``<!-- checks: NAME -->`` block exactly as written, in the scratch copy.
A step removed from the page is not performed, so the checks that prove it fail; a step the page
adds without an action here is an error. The copy holds the git-tracked files and shares this
checkout's ``.venv``; ``PYTHONPATH`` and ``COMPANION_DATA_DIR`` point its Python at its own ``src``
and ``data``.

What stands in for what, to keep this fast: ``make refresh`` re-executes the notebooks the recipe
changes (the new chapter, the chapter given the new chart) and re-stamps the other chapters'
fingerprints without re-running them, because a new dataset, claim or chart function leaves their
outputs as they were (strict nbval over every chapter, in ``make test``, proves outputs). The
checks are the recipe's targeted pytest commands, not a full book build.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "CONTRIBUTING.md"
SEEDS = ROOT.parent / "shared"

pytestmark = pytest.mark.slow

# The names the recipes' placeholders take in this test.
NAMES = {
    "<name>": "recipe_enrollment_bands",
    "<rows>": "3",
    "<claim_id>": "E99",
    "<function>": "district_overview.group_latitude",
    "<figure>": "d2-groups-latitude",
    "<chapter>": "zz_recipe_chapter",
}


def recipes(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """Recipe name -> (its step ids in order, the commands of its checks block)."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for section in re.split(r"^## Recipe \d+: ", text, flags=re.M)[1:]:
        checks = re.search(r"<!-- checks: (\w+) -->\n```sh\n(.*?)```", section, re.S)
        assert checks, f"recipe {section.splitlines()[0]!r} has no <!-- checks: NAME --> block"
        steps = re.findall(r"<!-- step: ([\w.-]+) -->", section)
        found[checks.group(1)] = (steps, [line for line in checks.group(2).splitlines() if line.strip()])
    return found


# --- the actions, one per step id -----------------------------------------------------------


def _append_csv_row(path: Path, row: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=header, lineterminator="\n").writerow({k: row.get(k, "") for k in header})
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), encoding="utf-8")


def _insert_after(path: Path, anchor: str, addition: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert anchor in text, f"{path.name} no longer holds {anchor!r}: update the recipe and this test"
    path.write_text(text.replace(anchor, anchor + addition, 1), encoding="utf-8")


def dataset_csv(repo: Path) -> None:
    (repo / "data" / f"{NAMES['<name>']}.csv").write_text(
        "band,order,schools\nunder 300 students,1,12\n300 to 700 students,2,22\n over 700 students,3,9\n".replace(
            "\n over", "\nover"
        ),
        encoding="utf-8",
    )


def dataset_resource(repo: Path) -> None:
    path = repo / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    seed = next(r for r in package["resources"] if r["name"] == "district2_schools")["sources"][0]
    package["resources"].append(
        {
            "name": NAMES["<name>"],
            "path": f"{NAMES['<name>']}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": "Recipe example: Table 1's schools in three enrollment bands",
            "description": "A tiny dataset written by the recipe test (never committed).",
            "sources": [{"title": seed["title"], "path": seed["path"], "section": seed["section"]}],
            "notes": ["Written by tests/test_recipes.py on a scratch copy."],
            "schema": {
                "fields": [
                    {"name": "band", "type": "string", "description": "Enrollment band.",
                     "constraints": {"required": True, "unique": True}},
                    {"name": "order", "type": "integer", "description": "Order of the band.",
                     "constraints": {"required": True, "unique": True, "minimum": 1}},
                    {"name": "schools", "type": "integer", "description": "Schools in the band.", "unit": "schools",
                     "constraints": {"required": True, "minimum": 0}},
                ],
                "primaryKey": ["band"],
            },
        }
    )  # fmt: skip
    path.write_text(json.dumps(package, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def dataset_test(repo: Path) -> None:
    _insert_after(repo / "tests" / "test_datasets.py", "EXPECTED_ROWS = {\n", f'    "{NAMES["<name>"]}": 3,\n')


def claim_row(repo: Path) -> None:
    _append_csv_row(
        repo / "data" / "claims.csv",
        {
            "claim_id": NAMES["<claim_id>"], "source": "003", "section": "Theory in Use",
            "statement": "The district has more than forty schools.", "stated_wording": "more than forty schools",
            "stated_value": "40", "unit": "schools", "dataset": "district2_schools", "column": "school",
            "op": "count_rows", "compare": "above", "rule": "Rows of Table 1; consistent if strictly more than 40.",
        },
    )  # fmt: skip


def claim_expectation(repo: Path) -> None:
    _insert_after(repo / "tests" / "test_claims.py", "EXPECTED = {\n", f'    "{NAMES["<claim_id>"]}": len(S),\n')


CHART = '''

def group_latitude(groups: pd.DataFrame) -> alt.LayerChart:
    """The four groups by the order of their latitude (the recipe test's example chart)."""
    frame = groups.copy()
    frame["lines"] = frame["approx_schools"].map(lambda s: "\\n".join(wrap(s, 14)))
    base = alt.Chart(frame).encode(
        y=alt.Y("group:N", sort=frame.sort_values("order")["group"].tolist(), title=None),
        x=alt.X("approx_schools_value:Q", title="Schools (approximate, as stated)", scale=alt.Scale(domain=[0, 24])),
    )
    titles = {"approx_schools": "Schools (as worded)", "zone_of_indifference": "Latitude (zone of indifference)"}
    columns = "group approx_schools zone_of_indifference"
    tooltip = tooltips(frame, columns, titles)
    return finish(
        labelled_bars(base, "approx_schools:N", tooltip, OKABE_ITO["sky"]).properties(width=420, height=alt.Step(40)),
        narrow=labelled_bars(base, "lines:N", tooltip, OKABE_ITO["sky"], line_break="\\n").properties(
            width=130, height=alt.Step(44)
        ),
        title="Four groups of schools, by the authors' approximate counts",
        subtitle=[SOURCE + " Theory in use."],
        description="Bar chart of the four groups of District #2 schools by their approximate number of schools.",
        data=reader_table(frame.sort_values("order")[columns.split()], titles=titles),
        line_chars=56,
    )
'''


def chart_function(repo: Path) -> None:
    path = repo / "src" / "companion" / "charts" / "district_overview.py"
    path.write_text(path.read_text(encoding="utf-8") + CHART, encoding="utf-8")


def _notebook(repo: Path, stem: str) -> tuple[Path, dict]:
    path = repo / "book" / "chapters" / f"{stem}.ipynb"
    return path, json.loads(path.read_text(encoding="utf-8"))


def chart_figure(repo: Path) -> None:
    path, notebook = _notebook(repo, "d2_groups")
    cells = notebook["cells"]
    at = 1 + next(i for i, c in enumerate(cells) if "(fig-d2-groups-sizes)=" in "".join(c["source"]))
    code = {
        "cell_type": "code",
        "execution_count": None,
        "id": "recipe-chart",
        "metadata": {},
        "outputs": [],
        "source": "charts.group_latitude(groups)",
    }
    caption = {
        "cell_type": "markdown",
        "id": "recipe-caption",
        "metadata": {},
        "source": f"(fig-{NAMES['<figure>']})=\nThe four groups by the authors' approximate counts "
        f"(the recipe's example chart; {{numref}}`Figure %s <fig-{NAMES['<figure>']}>`).",
    }
    cells[at:at] = [code, caption]
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def chart_case(repo: Path) -> None:
    figure = f"fig-{NAMES['<figure>']}"
    _insert_after(
        repo / "tests" / "chart_cases.py",
        "    return {\n",
        f'        "{figure}": Case({NAMES["<function>"]}, datasets.load("district2_school_groups")),\n',
    )


def _refresh(repo: Path, *execute: str) -> None:
    """`make refresh`: execute the named notebooks, re-stamp the others, write every twin (see the docstring)."""
    env = _env(repo)
    if execute:
        paths = [f"book/chapters/{stem}.ipynb" for stem in execute]
        _run(repo, [sys.executable, "tools/refresh_notebooks.py", *paths], env)
    restamp = (
        "import json, sys; sys.path.insert(0, 'tools'); import notebook_fingerprint as fp; from pathlib import Path\n"
        "for p in sorted(Path('book/chapters').glob('*.ipynb')):\n"
        "    nb = json.loads(p.read_text()); fp.store(nb, Path('.'))\n"
        "    p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\\n')\n"
    )
    _run(repo, [sys.executable, "-c", restamp], env)
    _run(repo, [sys.executable, "tools/notebook_twins.py"], env)


def chapter_notebook(repo: Path) -> None:
    target = f"book/chapters/{NAMES['<chapter>']}.ipynb"
    _run(repo, [str(repo / ".venv" / "bin" / "jupytext"), "--to", "ipynb", "docs/templates/chapter.md", "-o", target])


def chapter_toc(repo: Path) -> None:
    _insert_after(
        repo / "book" / "_toc.yml",
        "      - file: chapters/d2_groups\n",
        f"      - file: chapters/{NAMES['<chapter>']}\n",
    )


def chapter_statements(repo: Path) -> None:
    _append_csv_row(
        repo / "data" / "statements.csv",
        {
            "statement_id": f"{NAMES['<chapter>']}-001", "page": f"chapters/{NAMES['<chapter>']}",
            "text": 'print Table 1 headed "Demographic Data, District #2, By School"',
            "seed": "003_dd5da374b071434c.txt", "section": "Table 1",
            "anchor": "Table 1. Demographic Data, District #2, By School", "kind": "source",
        },
    )  # fmt: skip


def chapter_refresh(repo: Path) -> None:
    _refresh(repo, NAMES["<chapter>"])


ACTIONS: dict[str, Callable[[Path], None]] = {
    "dataset.csv": dataset_csv,
    "dataset.resource": dataset_resource,
    "dataset.test": dataset_test,
    "dataset.refresh": lambda repo: _refresh(repo),
    "claim.row": claim_row,
    "claim.expectation": claim_expectation,
    "claim.refresh": lambda repo: _refresh(repo),
    "chart.function": chart_function,
    "chart.case": chart_case,
    "chart.figure": chart_figure,
    "chart.refresh": lambda repo: _refresh(repo, "d2_groups"),
    "chapter.notebook": chapter_notebook,
    "chapter.toc": chapter_toc,
    "chapter.statements": chapter_statements,
    "chapter.refresh": chapter_refresh,
}


# --- the scratch copy ---------------------------------------------------------------------


def _env(repo: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"COMPANION_DATA_DIR", "PYTHONPATH"}}
    return {**env, "PYTHONPATH": str(repo / "src"), "COMPANION_DATA_DIR": str(repo / "data")}


def _run(repo: Path, command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env or _env(repo), timeout=900)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files of this checkout that git tracks or would track (as they are on disk); in an unpacked source
    archive, which is no git checkout, the files the archive holds."""
    base = tmp_path_factory.mktemp("recipes") / "pristine"
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if tracked.returncode == 0:
        names = list(filter(None, tracked.stdout.split("\0")))
    else:
        sys.path.insert(0, str(ROOT / "tools"))
        import build_downloads

        names = [str(path.relative_to(ROOT)) for path in build_downloads.files(build_downloads.SOURCE_FILES)]
    for name in names:
        source = ROOT / name
        if source.is_file():
            (base / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, base / name)
    return base


def scratch(pristine: Path, tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(pristine, repo, symlinks=True)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    if SEEDS.is_dir():
        (tmp_path / "shared").symlink_to(SEEDS)  # ../shared/seeds, as beside this checkout
    return repo


def perform(name: str, repo: Path, guide: str, first_failure: bool = False) -> list[str]:
    """Perform recipe ``name`` of ``guide`` in ``repo``; return the failures of its checks (or only the first)."""
    steps, checks = recipes(guide)[name]
    unknown = [s for s in steps if s not in ACTIONS]
    assert not unknown, f"CONTRIBUTING.md names steps this test cannot perform: {unknown} (add their actions)"
    for step in steps:
        ACTIONS[step](repo)
    failures = []
    for line in checks:
        for placeholder, value in NAMES.items():
            line = line.replace(placeholder, value)
        command = ["bash", "-c", line + " -p no:cacheprovider"]
        result = subprocess.run(command, cwd=repo, capture_output=True, text=True, env=_env(repo), timeout=900)
        if result.returncode != 0:
            failures.append(f"$ {line}\n{result.stdout[-3000:]}{result.stderr[-1500:]}")
            if first_failure:
                break
    return failures


GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")


def test_the_guide_has_four_recipes_whose_steps_this_test_performs():
    found = recipes(GUIDE_TEXT)
    assert list(found) == ["dataset", "claim", "chart", "chapter"]
    recipe_steps = {step for steps, _ in found.values() for step in steps}
    assert recipe_steps == set(ACTIONS), "every action is a step of the guide and every step has an action"
    for name, (steps, checks) in found.items():
        assert steps and checks, name
        assert all(line.startswith(".venv/bin/python -m pytest ") for line in checks), name


@pytest.mark.parametrize("name", ["dataset", "claim", "chart", "chapter"])
def test_each_recipe_works_on_a_scratch_copy(name, pristine, tmp_path):
    repo = scratch(pristine, tmp_path)
    imported = _run(repo, [sys.executable, "-c", "import companion; print(companion.__file__)"]).stdout.strip()
    assert Path(imported).is_relative_to(repo), f"the scratch copy imports {imported}"
    failures = perform(name, repo, GUIDE_TEXT)
    assert failures == [], f"recipe {name!r} of CONTRIBUTING.md fails its checks:\n" + "\n\n".join(failures)


# For each recipe, a step whose absence its checks must catch (the report of issue 27 shows the others).
LEFT_OUT = {
    "dataset": "dataset.test",
    "claim": "claim.expectation",
    "chart": "chart.case",
    "chapter": "chapter.statements",
}


@pytest.mark.parametrize("name", sorted(LEFT_OUT))
def test_each_recipe_fails_its_checks_with_a_step_left_out(name, pristine, tmp_path):
    guide = GUIDE_TEXT.replace(f"<!-- step: {LEFT_OUT[name]} -->", "")
    assert LEFT_OUT[name] not in recipes(guide)[name][0]
    failures = perform(name, scratch(pristine, tmp_path), guide, first_failure=True)
    assert failures != [], f"recipe {name!r} passes its checks without step {LEFT_OUT[name]}"

"""Each chapter notebook has a MyST-markdown twin in book/chapters/md/ that says what the notebook says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sphinx.util.matching import Matcher

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import notebook_twins as twins  # noqa: E402


def test_every_chapter_twin_matches_its_notebook():
    found = twins.problems()
    assert found == [], "\n".join([*found, twins.FIX])


def test_every_notebook_has_a_twin_and_every_twin_a_notebook():
    assert len(twins.notebooks()) >= 10
    assert {p.stem for p in twins.notebooks()} == {p.stem for p in (ROOT / twins.TWINS).glob("*.md")}


@pytest.fixture
def chapters(tmp_path: Path) -> Path:
    """A scratch root holding a copy of the chapters and their twins."""
    shutil.copytree(ROOT / twins.CHAPTERS, tmp_path / twins.CHAPTERS, ignore=shutil.ignore_patterns("*.md", "*.py"))
    shutil.copytree(ROOT / twins.TWINS, tmp_path / twins.TWINS, dirs_exist_ok=True)
    assert twins.problems(tmp_path) == []
    return tmp_path


def test_a_twin_edited_alone_is_caught(chapters):
    twin = chapters / twins.TWINS / "d2_groups.md"
    twin.write_text(twin.read_text().replace("# Differential treatment", "# Differential treatment, edited"))
    found = twins.problems(chapters)
    assert len(found) == 1 and "d2_groups.md: differs from book/chapters/d2_groups.ipynb" in found[0]
    assert "edited" in found[0], "the message shows the first difference"


def test_a_notebook_edited_alone_is_caught_and_make_twins_fixes_it(chapters):
    notebook = chapters / twins.CHAPTERS / "d2_groups.ipynb"
    notebook.write_text(notebook.read_text().replace("Differential treatment", "Differential attention", 1))
    assert [line.split(":")[0] for line in twins.problems(chapters)] == ["book/chapters/md/d2_groups.md"]
    assert twins.write(chapters) == [chapters / twins.TWINS / "d2_groups.md"]
    assert twins.problems(chapters) == []
    assert "# Differential attention" in (chapters / twins.TWINS / "d2_groups.md").read_text()


def test_missing_and_orphaned_twins_are_named(chapters):
    (chapters / twins.TWINS / "ev_map.md").unlink()
    shutil.copy(chapters / twins.TWINS / "d2_groups.md", chapters / twins.TWINS / "gone.md")
    found = twins.problems(chapters)
    assert any(line.startswith("book/chapters/md/ev_map.md: missing") for line in found), found
    assert any(line.startswith("book/chapters/md/gone.md: no notebook") for line in found), found
    twins.write(chapters)
    assert twins.problems(chapters) == [] and not (chapters / twins.TWINS / "gone.md").exists()


def test_a_broken_notebook_is_one_clear_error(chapters):
    (chapters / twins.CHAPTERS / "d2_groups.ipynb").write_text("{not json")
    with pytest.raises(twins.NotANotebookError, match=r"book/chapters/d2_groups.ipynb: not a readable notebook"):
        twins.problems(chapters)


def test_twins_hold_markdown_and_code_but_no_outputs():
    for notebook in twins.notebooks():
        text = twins.twin_of(notebook).read_text(encoding="utf-8")
        assert "```{code-cell} ipython3" in text, notebook.name
        for needle in ("<svg", "application/vnd.vegalite", "image/png", '"outputs"', "fingerprint"):
            assert needle not in text, f"{notebook.name}: the twin holds {needle!r}"


def test_the_book_never_builds_the_twins():
    config = yaml.safe_load((ROOT / "book" / "_config.yml").read_text())
    matcher = Matcher(config["exclude_patterns"])
    assert all(matcher(f"chapters/md/{p.stem}.md") for p in twins.notebooks())
    toc = (ROOT / "book" / "_toc.yml").read_text()
    assert "chapters/md/" not in toc


def test_check_mode_exits_1_and_says_how_to_fix(chapters, monkeypatch, capsys):
    monkeypatch.setattr(twins, "ROOT", chapters)
    assert twins.main(["--check"]) == 0
    (chapters / twins.TWINS / "d2_groups.md").write_text("edited alone\n")
    assert twins.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "book/chapters/md/d2_groups.md: differs" in err and "make twins" in err
    assert twins.main(["--bogus"]) == 2


def test_the_command_line_check_passes_on_the_checkout():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "notebook_twins.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

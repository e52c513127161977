"""The documents for the two audiences: the README for readers and users, the rest for contributors."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_where_to_read_and_how_to_cite():
    assert "make book" in README and "make test" in README
    assert "book/_build/html/index.html" in README
    assert "## How to cite" in README and "CITATION.cff" in README


def test_readme_holds_no_hand_typed_dataset_table():
    """Row counts typed into the README went stale; the data page lists them from datapackage.json."""
    assert not re.search(r"^\|\s*dataset\s*\|\s*rows\s*\|", README, re.M | re.I)
    assert not re.search(r"^\|\s*`\w+`\s*\|\s*\d+", README, re.M)


def test_contributor_documents_exist_and_their_links_resolve():
    for name in ("CONTRIBUTING.md", "CHANGELOG.md", "docs/writing-guide.md", "docs/architecture.md",
                 "docs/performance.md", "README.md"):  # fmt: skip
        path = ROOT / name
        assert path.is_file(), name
        for target in re.findall(r"\]\(([^)#:]+)\)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).exists(), f"{name} links to {target}, which does not exist"
    assert "## Unreleased" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_performance_page_lives_in_docs_not_in_the_book():
    assert not (ROOT / "book" / "performance.md").exists()
    assert "performance" not in (ROOT / "book" / "_toc.yml").read_text(encoding="utf-8")
    for tool in ("bench.py", "bench_charts.py"):
        text = (ROOT / "tools" / tool).read_text(encoding="utf-8")
        assert '"docs" / "performance.md"' in text and '"book" / "performance.md"' not in text, tool

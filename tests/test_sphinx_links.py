"""The book's cross-reference roles, in a small Sphinx project built from MyST pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.application import Sphinx


def _build(tmp_path: Path, page: str) -> tuple[str, str]:
    src = tmp_path / "src"
    (src / "chapters").mkdir(parents=True)
    (src / "conf.py").write_text("extensions = ['myst_parser', 'companion.sphinx_links']\n")
    (src / "index.md").write_text("# Home\n\n```{toctree}\nchapters/ev_map\npage\n```\n")
    (src / "chapters" / "ev_map.md").write_text("# The evidence map\n")
    (src / "page.md").write_text(f"# A page\n\n{page}\n")
    warnings = tmp_path / "warnings.txt"
    with warnings.open("w") as stream:
        Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", warning=stream).build()
    return (tmp_path / "out" / "page.html").read_text(), warnings.read_text()


def test_evidence_map_role_links_the_map_opened_on_a_characteristic(tmp_path):
    html, warnings = _build(tmp_path, "See {evidence-map}`3` or {evidence-map}`its studies <10>`.")
    assert 'href="chapters/ev_map.html?characteristic=3"' in html
    assert ">the evidence map, opened on characteristic 3<" in html
    assert 'href="chapters/ev_map.html?characteristic=10"' in html and ">its studies<" in html
    assert "evidence-map" not in warnings


@pytest.mark.parametrize("target", ["11", "three"])
def test_evidence_map_role_refuses_what_is_not_a_characteristic(tmp_path, target):
    _, warnings = _build(tmp_path, f"See {{evidence-map}}`{target}`.")
    assert f"{{evidence-map}}: '{target}' is not a characteristic number (1 to 10)" in warnings

"""Each shared thing is written down once: the version, the book's title, the mimetypes, the browser setting."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

import companion

ROOT = Path(__file__).resolve().parents[1]
CODE = sorted(
    [
        *(ROOT / "src" / "companion").rglob("*.py"),
        *(ROOT / "book-package" / "src").rglob("*.py"),
        *(ROOT / "tools").glob("*.py"),
        *ROOT.glob("tests/**/*.py"),
    ]
)
CODE = [p for p in CODE if p != Path(__file__).resolve()]


def _holding(text: str) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in CODE if text in p.read_text(encoding="utf-8")]


def test_the_version_comes_from_the_package_metadata():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert companion.__version__ == declared
    assert _holding(f'"{declared}"') == [], "the version is typed here: read companion.__version__ instead"


def test_the_title_is_read_from_the_book_config():
    title = yaml.safe_load((ROOT / "book" / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert [p for p in _holding(f'"{title}"') if not p.startswith("tests/")] == []


@pytest.mark.parametrize("mimetype", ["application/vnd.jupyter.widget-view+json", "application/vnd.vegalite.v"])
def test_a_mimetype_is_written_once(mimetype):
    assert _holding(mimetype) == ["src/companion/rendering.py"]


def test_one_chromium_setting():
    assert _holding('"--disable-background-networking"') == ["book-package/src/companion_book/browser.py"]

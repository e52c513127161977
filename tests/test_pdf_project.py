"""The PDF builder lives in the book package (companion_book.pdf) and finds the book it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion_book import pdf

ROOT = Path(__file__).resolve().parents[1]


def test_the_builder_finds_the_checkout_from_a_folder_inside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPANION_BOOK_ROOT", raising=False)
    monkeypatch.chdir(ROOT / "book" / "chapters")
    assert pdf.project_root() == ROOT


def test_companion_book_root_names_another_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COMPANION_BOOK_ROOT", str(tmp_path))
    monkeypatch.chdir(ROOT)
    assert pdf.project_root() == tmp_path.resolve()


def test_its_stylesheet_ships_in_the_book_package() -> None:
    assert pdf.STYLESHEET.is_file() and pdf.STYLESHEET.parent == Path(pdf.__file__).parent
    assert "companion_book" in pdf.STYLESHEET.parts

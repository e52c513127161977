"""Shared fixtures: a scratch copy of data/ that tests may corrupt; vl-convert's SVGs kept between runs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from companion import datasets

ROOT = Path(__file__).resolve().parents[1]
# vl-convert's SVG for each exact input, kept between test runs (`make check` draws about 90 charts).
RENDERS = ROOT / ".cache" / "test-renders"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/; the real files are never touched."""
    target = tmp_path / "data"
    shutil.copytree(datasets.data_dir(), target)
    return target


@pytest.fixture(scope="session")
def district2_tables() -> tuple:
    """Elmore & Burney's Table 1, Table 2 and the keys that join them."""
    return tuple(datasets.load(n) for n in ("district2_schools", "district2_reading_1997", "district2_school_keys"))


@pytest.fixture(scope="session")
def leithwood_tables() -> tuple:
    """Leithwood's characteristics, studies and the evidence links between them."""
    return tuple(datasets.load(n) for n in ("leithwood_characteristics", "leithwood_studies", "leithwood_evidence"))


# Markers by where a test lives (registered in pyproject.toml), so that `make check` can leave out
# what needs a browser, a PDF, a built edition or a fresh venv: `-m "not browser and not pdf ..."`.
_MARKS_BY_PATH = (
    ("tests/browser/", "browser"),
    ("tests/pdf/", "pdf"),
    ("tests/teaching/", "teaching"),
    ("tests/teaching/test_answer_key.py", "pdf"),
    ("tests/test_installed_package.py", "installed"),
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.resolve()
        where = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        for prefix, mark in _MARKS_BY_PATH:
            if where.startswith(prefix):
                item.add_marker(mark)


@cache
def _render_inputs() -> str:
    """What an SVG depends on besides the spec: vl-convert's version and the fonts it measures text with."""
    import vl_convert

    from companion_book import static_charts

    fonts = Path(static_charts.__file__).parent / "static" / "fonts"
    if not any(fonts.glob("*")):
        raise RuntimeError(f"no chart fonts in {fonts}: the test-render cache key needs them")
    digest = hashlib.sha256()
    for font in sorted(fonts.rglob("*")):
        if font.is_file():
            digest.update(font.name.encode() + font.read_bytes())
    return f"{vl_convert.__version__} {digest.hexdigest()}"  # pyright: ignore[reportAttributeAccessIssue]


def _cached(convert: Callable[..., str]) -> Callable[..., str]:
    """``convert`` (vl_convert.vegalite_to_svg), answered from :data:`RENDERS` when it has drawn the same input."""

    def svg(spec: Any, *args: Any, **kwargs: Any) -> str:
        text = spec if isinstance(spec, str) else json.dumps(spec, ensure_ascii=False, default=str)
        key = json.dumps([text, args, sorted(kwargs.items()), _render_inputs()], default=str)
        path = RENDERS / f"{hashlib.sha256(key.encode()).hexdigest()}.svg"
        if path.exists():
            return path.read_text(encoding="utf-8")
        out = convert(spec, *args, **kwargs)
        RENDERS.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=RENDERS, delete=False, suffix=".tmp") as tmp:
            tmp.write(out)
        os.replace(tmp.name, path)  # whole or not at all, also with several pytest-xdist workers
        return out

    return svg


@pytest.fixture(scope="session", autouse=True)
def cached_renders() -> Iterator[Callable[..., str]]:
    """vl-convert's SVGs from :data:`RENDERS` for inputs it has drawn before, for the whole session (module
    fixtures draw too); yields the real converter. vl-convert is deterministic, which
    ``test_static_svg_is_deterministic`` checks with real renders: mark a test ``real_renders`` for those."""
    import vl_convert

    real = vl_convert.vegalite_to_svg
    vl_convert.vegalite_to_svg = _cached(real)
    yield real
    vl_convert.vegalite_to_svg = real


@pytest.fixture(autouse=True)
def _real_renders_when_marked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, cached_renders: Callable[..., str]
) -> None:
    if request.node.get_closest_marker("real_renders") is not None:
        import vl_convert

        monkeypatch.setattr(vl_convert, "vegalite_to_svg", cached_renders)

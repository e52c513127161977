"""Build the book's run-it-yourself downloads (`make book` runs this before the HTML build).

Writes into ``book/_build/downloads/`` (linked from ``book/data.md``):

- the wheel of the ``companion`` package, with every dataset inside it (``companion/data``);
- a source archive of the project: every tracked file but the reader checks' screenshots (data,
  both packages, chapters and their twins, tests, tools, docs, Makefile, README, lock files and the
  hooks' config), enough to run ``make book`` and ``make test`` with no repository access.

Both are rebuilt only when their inputs change, and the archive is byte-for-byte reproducible.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "book" / "_build" / "downloads"
# What the wheel is built from (pyproject maps data/ to companion/data).
WHEEL_INPUTS = (
    "pyproject.toml",
    "README.md",
    "src/companion/**/*.py",
    "src/companion/py.typed",
    "data/*.csv",
    "data/datapackage.json",
)
# What the source archive holds, relative to the repository root.
SOURCE_FILES = (
    *WHEEL_INPUTS,
    "book-package/pyproject.toml",
    "book-package/src/**/*",
    "Makefile",
    "CITATION.cff",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "docs/*.md",
    "docs/templates/*.md",
    ".gitignore",
    ".gitattributes",
    ".pre-commit-config.yaml",
    ".ci/run",
    ".github/workflows/*.yml",
    "requirements*.in",
    "requirements*.txt",
    "environment.yml",
    "package.json",
    "package-lock.json",
    "book/_config.yml",
    "book/_toc.yml",
    "book/*.md",
    "book/references.bib",
    "book/_static/*",
    "book/_extra/*",
    "book/chapters/*.ipynb",
    "book/chapters/md/*.md",
    "book/chapters/conftest.py",
    "tests/**/*.py",
    "tests/**/*.js",
    "tools/*.py",
    "tools/venv_run",
)


def version() -> str:
    """The package version (declared in pyproject.toml, read from the installed package's metadata)."""
    from companion import __version__

    return __version__


def wheel_name() -> str:
    return f"companion-{version()}-py3-none-any.whl"


def archive_name() -> str:
    return f"companion-{version()}-source.tar.gz"


def files(patterns: tuple[str, ...]) -> list[Path]:
    """Files matching ``patterns`` under the repository root, sorted, without caches."""
    found = {p for pattern in patterns for p in ROOT.glob(pattern) if p.is_file()}
    return sorted(p for p in found if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts)


def digest(paths: list[Path]) -> str:
    """SHA-256 over the names and contents of ``paths``."""
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def build_wheel(out: Path) -> Path:
    """Build the companion wheel into ``out`` from a clean copy of its inputs; return its path."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "companion"
        for path in files(WHEEL_INPUTS):
            target = staging / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check"]
        command += ["--no-deps", "--no-build-isolation", "--wheel-dir", str(out), str(staging)]
        subprocess.run(command, check=True)
    wheel = out / wheel_name()
    if not wheel.is_file():
        raise SystemExit(f"pip wheel did not write {wheel}")
    return wheel


def build_archive(out: Path) -> Path:
    """Write the source archive into ``out`` (fixed timestamps and owners, so it is reproducible)."""
    out.mkdir(parents=True, exist_ok=True)
    prefix = f"companion-{version()}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in files(SOURCE_FILES):
            info = tarfile.TarInfo(f"{prefix}/{path.relative_to(ROOT)}")
            data = path.read_bytes()
            info.size, info.mtime, info.mode = len(data), 0, 0o755 if path.stat().st_mode & 0o100 else 0o644
            tar.addfile(info, io.BytesIO(data))
    archive = out / archive_name()
    with archive.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buffer.getvalue())
    return archive


def main() -> int:
    stamp = OUT / ".inputs"
    key = digest(files(SOURCE_FILES))
    wheel, archive = OUT / wheel_name(), OUT / archive_name()
    if stamp.is_file() and stamp.read_text() == key and wheel.is_file() and archive.is_file():
        print(f"downloads up to date in {OUT.relative_to(ROOT)}")
        return 0
    if OUT.exists():
        shutil.rmtree(OUT)
    wheel, archive = build_wheel(OUT), build_archive(OUT)
    stamp.write_text(key)
    for path in (wheel, archive):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:,.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

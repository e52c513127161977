"""Refuse stale notebook outputs: a fingerprint of what each chapter's stored outputs depend on.

The fingerprint is a SHA-256 over every file in ``data/``, every module of the library
(``src/companion/**/*.py``, no exception: the book's build, which shapes the built pages and never
a notebook's outputs, is the other distribution, ``book-package/``) and the notebook's own code
cells (line endings normalised). ``make refresh`` stores it in the notebook's metadata
(``metadata.companion.fingerprint``); ``make book`` runs ``python tools/notebook_fingerprint.py``
and stops, naming the notebooks, when a stored fingerprint no longer matches. ``--after-nbval``
prints the same advice after strict nbval fails.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = Path("book") / "chapters"
KEY = "companion"
HINT = (
    "Run `make refresh` to re-execute the chapters and store fresh outputs (or, for one notebook, "
    "`.venv/bin/python tools/refresh_notebooks.py book/chapters/NAME.ipynb`), then commit the notebooks."
)


def _normalised(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 over the data files and the package sources that every chapter depends on."""
    h = hashlib.sha256()
    files = [p for p in sorted((root / "data").iterdir()) if p.is_file() and not p.name.startswith(".")]
    files += sorted(p for p in (root / "src" / "companion").rglob("*.py") if "__pycache__" not in p.parts)
    for path in files:
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + _normalised(path.read_bytes()) + b"\0")
    return h.hexdigest()


def fingerprint(notebook: dict, root: Path = ROOT, inputs: str | None = None) -> str:
    """Fingerprint of one notebook: the shared inputs plus its code cells' sources."""
    h = hashlib.sha256((inputs or inputs_digest(root)).encode())
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            h.update(b"\0cell\0" + _normalised(text.encode()))
    return h.hexdigest()


def store(notebook: dict, root: Path = ROOT) -> None:
    """Record the notebook's fingerprint in its metadata (called by tools/refresh_notebooks.py)."""
    notebook.setdefault("metadata", {}).setdefault(KEY, {})["fingerprint"] = fingerprint(notebook, root)


def stale(root: Path = ROOT, paths: list[Path] | None = None) -> list[tuple[Path, str]]:
    """Notebooks whose stored fingerprint is missing or out of date, with the reason."""
    inputs = inputs_digest(root)
    found = []
    for path in paths or sorted((root / CHAPTERS).glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        stored = notebook.get("metadata", {}).get(KEY, {}).get("fingerprint")
        if stored is None:
            found.append((path, "no fingerprint stored (never refreshed with `make refresh`)"))
        elif stored != fingerprint(notebook, root, inputs):
            found.append((path, "data/, src/companion or its code cells changed since its outputs were stored"))
    return found


def report(found: list[tuple[Path, str]], root: Path = ROOT) -> str:
    lines = [f"  {path.relative_to(root)}: {reason}" for path, reason in found]
    return "\n".join([f"Stale notebook outputs in {len(found)} chapter(s):", *lines, HINT])


def main(argv: list[str]) -> int:
    after_nbval = "--after-nbval" in argv
    found = stale()
    if after_nbval:
        print("\nStored notebook outputs differ from a fresh run (see the cell diffs above).")
        print(report(found) if found else HINT)
        return 1
    if found:
        print(report(found), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

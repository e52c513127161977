"""Re-execute the book's chapter notebooks in place and store their outputs (`make refresh`).

Timing metadata is not recorded, so unchanged outputs give no diff. Widget state is not stored
either: the explorers' outputs carry a static snapshot for the book, and a stored widget state
would make MyST-NB load the ipywidgets manager from a CDN. Each notebook gets the fingerprint of
its inputs in its metadata (tools/notebook_fingerprint.py), which `make book` checks.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from notebook_fingerprint import store

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "book" / "chapters"


def refresh(path: Path) -> float:
    """Execute one notebook in its own folder; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=False,
        resources={"metadata": {"path": path.parent}},
    ).execute()
    store(notebook)
    nbformat.write(notebook, path)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(CHAPTERS.glob("*.ipynb"))
    for path in paths:
        print(f"{path.relative_to(ROOT)}: executed in {refresh(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

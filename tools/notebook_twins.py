"""Each chapter notebook's MyST-markdown twin: its markdown and code cells, no outputs (jupytext).

The twin of ``book/chapters/<chapter>.ipynb`` is ``book/chapters/md/<chapter>.md``. It is the file a
reviewer reads: a chapter's prose and code as text, without the stored outputs (charts are SVG and
JSON inside the notebook). The notebook stays the source; the twin is generated from it:

    python tools/notebook_twins.py            # write every twin (`make twins`; `make refresh` does it too)
    python tools/notebook_twins.py --check    # list missing, stale or orphaned twins; exit 1 if any

The book never builds the twins (``book/_config.yml`` excludes ``chapters/md``).
"""

from __future__ import annotations

import difflib
import functools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = Path("book") / "chapters"
TWINS = CHAPTERS / "md"
FORMAT = "md:myst"
# The twin keeps the kernel (so it opens in Jupyter with jupytext) and drops the rest of the notebook's
# metadata: the input fingerprint and language_info change on every `make refresh` and say nothing to a
# reviewer. Cell metadata (tags such as remove-input) is kept: it changes what the book shows.
NOTEBOOK_METADATA = "kernelspec,jupytext,-all"
FIX = "run `make twins` (or `make refresh`): a twin is generated from its notebook, never edited alone"


def _jupytext():
    try:
        import jupytext
    except ImportError:
        sys.exit("jupytext not found: run `make install` (jupytext is pinned in requirements.txt)")
    return jupytext


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted((root / CHAPTERS).glob("*.ipynb"))


def twin_of(notebook: Path, root: Path = ROOT) -> Path:
    return root / TWINS / f"{notebook.stem}.md"


class NotANotebookError(ValueError):
    """A chapter file that cannot be read as a notebook."""


def render(notebook: Path, root: Path = ROOT) -> str:
    """The twin's text for one notebook."""
    try:
        return _render(notebook.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, ValueError, KeyError) as error:
        raise NotANotebookError(f"{notebook.relative_to(root)}: not a readable notebook ({error})") from error


@functools.lru_cache(maxsize=64)
def _render(raw: str) -> str:
    jupytext = _jupytext()
    nb = jupytext.reads(raw, fmt="ipynb")
    nb.metadata["jupytext"] = {"notebook_metadata_filter": NOTEBOOK_METADATA}
    return jupytext.writes(nb, fmt=FORMAT)


def _first_difference(have: str, want: str) -> str:
    for line in difflib.unified_diff(have.splitlines(), want.splitlines(), "twin", "notebook", lineterm="", n=0):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            return line[:160]
    return "(line endings differ)"


def problems(root: Path = ROOT) -> list[str]:
    """One line per twin that is missing, differs from its notebook or has no notebook."""
    found = []
    books = notebooks(root)
    for notebook in books:
        twin = twin_of(notebook, root)
        name = twin.relative_to(root)
        if not twin.is_file():
            found.append(f"{name}: missing (the twin of {notebook.relative_to(root)})")
            continue
        have, want = twin.read_text(encoding="utf-8"), render(notebook, root)
        if have != want:
            found.append(
                f"{name}: differs from {notebook.relative_to(root)}; first difference: {_first_difference(have, want)}"
            )
    stems = {p.stem for p in books}
    for twin in sorted((root / TWINS).glob("*.md")):
        if twin.stem not in stems:
            found.append(f"{twin.relative_to(root)}: no notebook {CHAPTERS / (twin.stem + '.ipynb')} (delete the twin)")
    return found


def write(root: Path = ROOT) -> list[Path]:
    """Write every twin and delete orphans; return the files that changed."""
    changed = []
    (root / TWINS).mkdir(parents=True, exist_ok=True)
    books = notebooks(root)
    for notebook in books:
        twin, text = twin_of(notebook, root), render(notebook, root)
        if not twin.is_file() or twin.read_text(encoding="utf-8") != text:
            twin.write_text(text, encoding="utf-8")
            changed.append(twin)
    stems = {p.stem for p in books}
    for twin in (root / TWINS).glob("*.md"):
        if twin.stem not in stems:
            twin.unlink()
            changed.append(twin)
    return changed


def main(argv: list[str]) -> int:
    if argv not in ([], ["--check"]):
        print("usage: python tools/notebook_twins.py [--check]", file=sys.stderr)
        return 2
    try:
        if argv == ["--check"]:
            found = problems(ROOT)
            for line in found:
                print(line, file=sys.stderr)
            if found:
                print(f"{len(found)} chapter twin(s) out of step: {FIX}", file=sys.stderr)
                return 1
            print(f"{len(notebooks(ROOT))} chapter twins match their notebooks")
            return 0
        changed = write(ROOT)
    except NotANotebookError as error:
        print(error, file=sys.stderr)
        return 1
    for path in changed:
        print(f"{path.relative_to(ROOT)}: written" if path.exists() else f"{path.relative_to(ROOT)}: deleted")
    print(f"{len(notebooks(ROOT))} chapter twins in {TWINS} ({len(changed)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

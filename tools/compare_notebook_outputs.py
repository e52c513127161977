"""Compare every stored output of every chapter notebook between two git revisions.

    python tools/compare_notebook_outputs.py main HEAD
    python tools/compare_notebook_outputs.py main          # against the working tree
    python tools/compare_notebook_outputs.py ../other-checkout WORKTREE   # a checkout's working tree

Cells are matched by id (by position when a notebook has no ids). For each cell the outputs
(their types, data, text, metadata and execution counts) must be equal, consecutive printed
(stream) outputs being read as one text; the notebooks' own
metadata must be equal once the input fingerprint (``metadata.companion.fingerprint``, which
changes with every edit of ``src/``) is set aside. Prints one line per difference and a summary;
exits 1 when anything differs, 0 otherwise, and 2 (with one line saying why) when a revision or
folder has no chapters to compare.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = "book/chapters"
WORKTREE = "WORKTREE"


def _notebooks(rev: str) -> dict[str, dict]:
    if rev == WORKTREE or Path(rev, CHAPTERS).is_dir():
        paths = sorted(((ROOT if rev == WORKTREE else Path(rev)) / CHAPTERS).glob("*.ipynb"))
        return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in paths}
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{rev}:{CHAPTERS}"], cwd=ROOT, capture_output=True, text=True
    )
    if listed.returncode != 0:
        if Path(rev).is_dir():
            raise LookupError(f"{rev} is a folder but holds no {CHAPTERS}/: give a checkout's root folder")
        raise LookupError(f"{rev} is neither a folder nor a git revision of this repository with {CHAPTERS}/")
    names = listed.stdout.split()
    found = {}
    for name in names:
        if name.endswith(".ipynb"):
            text = subprocess.run(
                ["git", "show", f"{rev}:{CHAPTERS}/{name}"], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout
            found[name] = json.loads(text)
    return found


def _metadata(notebook: dict) -> dict:
    metadata = json.loads(json.dumps(notebook.get("metadata", {})))
    metadata.get("companion", {}).pop("fingerprint", None)
    return metadata


def _coalesced(outputs: list) -> list:
    """Outputs with consecutive stream outputs of one stream joined: a kernel may send a printed line in
    one message or two, and a reader (or nbval) sees the same text either way."""
    joined: list = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            text = "".join(previous["text"]) + "".join(output["text"])
            joined[-1] = {**previous, "text": text}
        else:
            joined.append({**output, "text": "".join(output["text"])} if "text" in output else output)
    return joined


def _cells(notebook: dict) -> dict[str, list]:
    return {
        cell.get("id", str(i)): _coalesced(cell.get("outputs", []))
        for i, cell in enumerate(notebook.get("cells", []))
        if cell.get("cell_type") == "code"
    }


def compare(old: dict[str, dict], new: dict[str, dict]) -> tuple[list[str], int]:
    """The differences between two sets of notebooks, and how many outputs were compared."""
    differences, compared = [], 0
    for name in sorted(set(old) | set(new)):
        if name not in old or name not in new:
            differences.append(f"{name}: only in {'the second' if name in new else 'the first'} revision")
            continue
        if _metadata(old[name]) != _metadata(new[name]):
            differences.append(f"{name}: notebook metadata differs (besides the fingerprint)")
        before, after = _cells(old[name]), _cells(new[name])
        if list(before) != list(after):
            differences.append(f"{name}: the code cells differ ({len(before)} against {len(after)})")
        for cell_id in before.keys() & after.keys():
            compared += max(len(before[cell_id]), len(after[cell_id]))
            if before[cell_id] != after[cell_id]:
                differences.append(f"{name}: cell {cell_id}: outputs differ")
    return differences, compared


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="a git revision, or another checkout's folder")
    parser.add_argument("new", nargs="?", default=WORKTREE, help=f"the same (default: {WORKTREE}, this checkout)")
    args = parser.parse_args(argv)
    try:
        old, new = _notebooks(args.old), _notebooks(args.new)
    except LookupError as error:
        parser.error(str(error))  # one line and exit status 2, apart from 1 for "the outputs differ"
    differences, compared = compare(old, new)
    for line in differences:
        print(line)
    print(
        f"{len(new)} notebooks, {compared} outputs compared between {args.old} and {args.new}: "
        + (f"{len(differences)} differences" if differences else "identical but for the fingerprints")
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())

"""Grade a folder of submissions (`make grade CHAPTER=<chapter> SUBMISSIONS=<folder>`): <folder>/grades.csv.

Every file in the folder (but ``grades.csv`` and hidden files) is a submission. Each is read
first: a file that is not a notebook, a truncated one, one made for another chapter, or one whose
answer cells were deleted is named in its row. Each notebook is then graded in its own process
(``tools/grade_worker.py``) on a scratch copy, with a time limit, a memory limit and, where Linux
offers Landlock, no right to change any file outside that copy; the submissions themselves are
only read. Processes run side by side, one per core. No Docker, no network: Otter runs the
notebook's tests from the course pack's autograder (``make course``), in the grading process.

The CSV has one row per submission: its file name, one column per question (points), the total,
the points possible and, in words, any problem (empty when there was none).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import grade_worker

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "book" / "_build" / "course"
# Each submission gets a process of its own, forked from a server that imported Otter once.
FORKS = multiprocessing.get_context("forkserver")
FORKS.set_forkserver_preload(
    [
        "grade_worker",
        "otter",
        "otter.execute",
        "IPython.core.interactiveshell",
        "nbformat",
        "pandas",
        "companion.claims",
    ]
)
RESULTS = "grades.csv"
ERRORS = {
    "MemoryError": "ran out of memory",
    "PermissionError": "tried to change a file outside its folder",
    "KeyboardInterrupt": "was interrupted",
}


@dataclass
class Row:
    """One submission's grades and problems."""

    submission: str
    scores: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    isolation: str = ""
    seconds: float = 0.0


def variable(label: str) -> str:
    return re.sub(r"\W", "_", label)


def read_submission(path: Path, chapter: str, questions: list[str]) -> tuple[dict | None, list[str]]:
    """The submission's notebook (None when it cannot be graded) and the problems found by reading it."""
    if path.suffix != ".ipynb":
        return None, [f"not a notebook (a {path.suffix or 'file without an extension'}; hand in {chapter}.ipynb)"]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, ["not a notebook (not text)"]
    if not text.strip():
        return None, ["empty file"]
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        ended = not text.rstrip().endswith("}")
        what = "truncated: the file ends before the notebook does" if ended else f"damaged JSON ({error.msg})"
        return None, [f"not a readable notebook, {what} (line {error.lineno})"]
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return None, ["not a notebook (JSON without a list of cells)"]
    name = notebook.get("metadata", {}).get("otter", {}).get("assignment_name")
    if name != chapter:
        return None, [f"made for {name!r}, not for {chapter!r}" if name else "not a course-pack notebook"]
    code = "\n".join(
        "".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source", ""))
        for c in notebook["cells"]
        if c.get("cell_type") == "code"
    )
    missing = [q for q in questions if not re.search(rf"^\s*{variable(q)}\s*=", code, re.M)]
    problems = [f"cells deleted: no cell sets {', '.join(variable(q) for q in missing)}"] if missing else []
    return notebook, problems


def _kill_tree(pid: int) -> None:
    """Stop a worker and every process it started (student code may start some)."""
    import psutil

    try:
        processes = [psutil.Process(pid)]
        processes += processes[0].children(recursive=True)
    except psutil.NoSuchProcess:
        return
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def grade_one(path: Path, chapter: str, pack: Path, questions: list[str], limits: argparse.Namespace) -> Row:
    """Grade one submission on a scratch copy in its own process; never raises for a bad submission."""
    row = Row(path.name)
    started = time.monotonic()
    notebook, row.problems = read_submission(path, chapter, questions)
    if notebook is None:
        return row
    scratch = Path(tempfile.mkdtemp(prefix="companion-grade-"))
    try:
        (scratch / "submission").mkdir()
        submission = scratch / "submission" / f"{chapter}.ipynb"
        shutil.copyfile(path, submission)
        autograder = scratch / "autograder.zip"
        shutil.copyfile(pack / "autograder" / "autograder.zip", autograder)
        receive, send = FORKS.Pipe(duplex=False)
        process = FORKS.Process(
            target=grade_worker.grade,
            args=(scratch, autograder, submission, limits.memory, limits.timeout + 10, send),
            daemon=True,
        )
        process.start()
        send.close()
        result = receive.recv() if receive.poll(limits.timeout) else None
        if result is None and process.is_alive():
            row.problems.append(f"stopped after {limits.timeout} s, the time limit (an endless loop?); not graded")
        _kill_tree(process.pid)  # the worker, and anything it left running
        process.join()
        if result is None:
            if not row.problems or "time limit" not in row.problems[-1]:
                row.problems.append(f"the grading process ended without a result (exit code {process.exitcode})")
            return row
        _read_result(result, row, limits)
        return row
    except EOFError:
        row.problems.append("the grading process died before it could report (memory or time limit?)")
        return row
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        row.seconds = time.monotonic() - started


def _read_result(result: dict, row: Row, limits: argparse.Namespace) -> None:
    row.isolation = result.get("isolation", "")
    if "failure" in result:
        row.problems.append(f"could not be graded: {result['failure']}")
        return
    row.scores = {name: score for name, (score, _) in result.get("scores", {}).items()}
    for error in result.get("errors", []):
        what = ERRORS.get(error["ename"], f"raised {error['ename']}")
        if error["ename"] == "MemoryError":
            what += f" (limit {limits.memory} MB)"
        detail = f": {error['evalue']}" if error["evalue"] else ""
        row.problems.append(f"cell {error['cell']} {what}{detail}")


def write_csv(rows: list[Row], questions: list[str], target: Path) -> str:
    """Write ``grades.csv`` (atomically) and return its text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *questions, "total", "possible", "problems"])
    for row in rows:
        points = [row.scores.get(q, 0.0) for q in questions]
        writer.writerow(
            [row.submission, *(f"{p:g}" for p in points), f"{sum(points):g}", len(questions), "; ".join(row.problems)]
        )
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    partial.replace(target)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter")
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--course", type=Path, default=COURSE, help="the course pack (make course)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions graded at once")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per submission")
    parser.add_argument("--memory", type=int, default=2048, help="MB of address space per process")
    args = parser.parse_args(argv)
    pack = args.course / args.chapter
    try:
        import otter  # noqa: F401
    except ImportError:
        print(
            "make grade needs otter-grader: make install (otter-grader is pinned in requirements.txt)", file=sys.stderr
        )
        return 1
    if not (pack / "autograder" / "autograder.zip").is_file():
        print(f"no course pack for {args.chapter!r} in {args.course}: run make course first", file=sys.stderr)
        return 1
    if not args.submissions.is_dir():
        print(f"{args.submissions}: not a folder of submissions", file=sys.stderr)
        return 1
    questions = json.loads((pack / "questions.json").read_text(encoding="utf-8"))["questions"]
    files = sorted(
        p for p in args.submissions.iterdir() if p.is_file() and not p.name.startswith(".") and p.name != RESULTS
    )
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(lambda p: grade_one(p, args.chapter, pack, questions, args), files))
    print(write_csv(rows, questions, args.submissions / RESULTS), end="")
    isolation = sorted({r.isolation for r in rows if r.isolation})
    print(
        f"{len(rows)} submissions graded in {time.monotonic() - started:.1f} s with {args.jobs} at once "
        f"-> {args.submissions / RESULTS}" + (f" ({'; '.join(isolation)})" if isolation else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

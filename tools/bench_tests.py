"""Time the library, a clean build, `make check` and `make test`, and write the figures into docs/performance.md.

Run by `make bench` (after the build measurements) or alone by `make bench-tests`; never by CI.

- the library: cold ``datasets.load_all()`` and ``claims.audit()``, medians of ``--library-runs`` (20)
  calls in one process;
- a clean `make book` (``book/_build`` removed, the chart cache with it), ``--book-runs`` (1) runs;
- `make check`: the median of ``--check-runs`` (3) runs, each timed from make's start to its exit.
- `make test`: one run (it takes about 25 minutes), each of its phases timed on its own, in the order of
  the Makefile's ``test:`` line. A phase's time includes what it builds that an earlier phase did not
  (test-pdf: the book's PDF; test-browser: npm ci; test-teaching: the student edition and the course pack),
  with the machine's busy CPU time while it ran: their sum over the cores is the shortest `make test` this
  machine could give with every core busy throughout. ``--no-make-test`` leaves it out.

``--base REF`` (``make bench BENCH_BASE=REF``) measures the same on that commit in the same run, its
runs alternating with this tree's (base, this, base, this ...), so the two compare under the same load.
The base is ``git archive REF`` unpacked in a temporary folder (removed afterwards) beside a link to
``../shared``, sharing this tree's ``.venv``,
``.venv-cff`` and ``node_modules`` (never reinstalled there) with its own ``src`` first on PYTHONPATH: it
runs its own code and tests, with this tree's locked packages. Logs go to ``bench-results/tests-*.log``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench-results"
PAGE = ROOT / "docs" / "performance.md"
# Never remade in the base copy: the installs it shares with this tree.
SHARED_INSTALLS = (".venv", ".venv-cff", "node_modules")
STAMPS = (".venv/.installed-stamp", ".venv-cff/.installed-stamp", "node_modules/.installed-stamp")
# What those stamps are made from. In the base copy they are dated 1970: ``git archive`` dates its files at
# the commit, which can be newer than this tree's stamps, and a sub-make (`make check` runs one) does not
# inherit ``-o``, so it would try to reinstall into the shared installs.
STAMP_INPUTS = (
    "requirements.txt",
    "requirements-cff.txt",
    "pyproject.toml",
    "book-package/pyproject.toml",
    "package.json",
    "package-lock.json",
)


def test_phases(makefile: Path) -> list[str]:
    """The targets `make test` runs, in order, read from the Makefile's ``test:`` rule."""
    match = re.search(r"^test:([^\n]*)$", makefile.read_text(encoding="utf-8"), re.M)
    if not match:
        raise SystemExit(f"no 'test:' rule in {makefile}")
    return match.group(1).split()


def base_tree(ref: str) -> Path:
    """``ref`` unpacked (git archive) in a new temporary folder, sharing this tree's installs."""
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{ref}^{{commit}}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    # <tmp>/base, beside <tmp>/shared -> ../shared: the base finds the shared sources as this tree does
    holder = Path(tempfile.mkdtemp(prefix=f"bench-base-{sha[:8]}-"))
    if (ROOT.parent / "shared").exists():
        (holder / "shared").symlink_to((ROOT.parent / "shared").resolve())
    tree = holder / "base"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", sha], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    for name in SHARED_INSTALLS:
        if (ROOT / name).exists():
            (tree / name).symlink_to(ROOT / name)
    for name in STAMP_INPUTS:
        if (tree / name).exists():
            os.utime(tree / name, (0, 0))
    (tree / ".bench-ref").write_text(f"{ref} {sha}\n", encoding="utf-8")
    return tree


def tree_env(tree: Path) -> dict[str, str]:
    """The environment that runs ``tree``'s own code: for the base, its packages first on PYTHONPATH (the
    shared editable installs point at this tree)."""
    env = dict(os.environ)
    if tree != ROOT:
        own = [tree / "src", tree / "book-package" / "src"]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [*(str(p) for p in own if p.is_dir()), env.get("PYTHONPATH")]))
    return env


# In one process: every dataset loaded and validated with the parse cache cleared (cold), and the claims
# audit; the median of each, in seconds, as JSON.
LIBRARY_TIMER = """
import json, statistics, sys, time
from companion import claims, datasets
runs = int(sys.argv[1])
def timed(fn):
    start = time.perf_counter(); fn(); return time.perf_counter() - start
def cold():
    datasets._parsed_cached.cache_clear()
    datasets.load_all()
load = [timed(cold) for _ in range(runs)]
audit = [timed(claims.audit) for _ in range(runs)]
print(json.dumps({"load_all": statistics.median(load), "audit": statistics.median(audit)}))
"""


def library_times(tree: Path, runs: int) -> dict[str, float]:
    """Medians of ``runs`` cold ``datasets.load_all()`` and ``claims.audit()`` calls with ``tree``'s code."""
    out = subprocess.run(
        [sys.executable, "-c", LIBRARY_TIMER, str(runs)],
        cwd=tree,
        env=tree_env(tree),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def clean_book(tree: Path, log: Path) -> tuple[float, float | None, int]:
    """A clean `make book` in ``tree``: its ``book/_build`` removed first (the chart cache with it)."""
    shutil.rmtree(tree / "book" / "_build", ignore_errors=True)
    return make(tree, "book", log)


def busy_cpu() -> float | None:
    """CPU seconds the machine has been busy since boot, over every core (``/proc/stat``; None without it).

    Read for the whole machine, not for make's descendants: Chromium's renderer and GPU processes are never
    waited for by the test process, so its child usage leaves out most of a browser phase's work.
    """
    try:
        fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    idle, iowait = fields[3], fields[4]
    return (sum(fields) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def make(tree: Path, target: str, log: Path) -> tuple[float, float | None, int]:
    """Wall-clock seconds, busy CPU seconds (None where unknown) and exit status of ``make target`` in ``tree``
    (output appended to ``log``).

    The CPU seconds are the machine's busy time while make ran (:func:`busy_cpu`): the work the command asks
    of it, whatever its parallelism, on a machine otherwise idle, as every bench here needs.
    """
    env = tree_env(tree)
    keep = [arg for stamp in STAMPS for arg in ("-o", stamp)]
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n===== make {target} in {tree} =====\n")
        out.flush()
        start, cpu = time.perf_counter(), busy_cpu()
        done = subprocess.run(
            ["make", "--no-print-directory", *keep, target], cwd=tree, env=env, stdout=out, stderr=out
        )
        seconds = time.perf_counter() - start
    after = busy_cpu()
    return seconds, None if cpu is None or after is None else after - cpu, done.returncode


def measure(trees: dict[str, Path], check_runs: int, make_test: bool, library_runs: int, book_runs: int) -> dict:
    """Library timings and clean `make book` runs, `make check` runs (each alternating between the trees),
    and one timed run of each `make test` phase."""
    results: dict = {
        name: {"library": {}, "book": [], "book_status": [], "check": [], "check_status": [], "phases": {}}
        for name in trees
    }
    if library_runs:
        for name, tree in trees.items():
            print(f"load_all and the audit, {library_runs} runs each, {name}...", flush=True)
            results[name]["library"] = library_times(tree, library_runs)
    for run in range(book_runs):
        for name, tree in trees.items():
            print(f"clean make book, run {run + 1} of {book_runs}, {name}...", flush=True)
            seconds, _, status = clean_book(tree, OUT / f"tests-{name}.log")
            results[name]["book"].append(round(seconds, 1))
            results[name]["book_status"].append(status)
    for run in range(check_runs):
        for name, tree in trees.items():
            print(f"make check, run {run + 1} of {check_runs}, {name}...", flush=True)
            seconds, _, status = make(tree, "check", OUT / f"tests-{name}.log")
            results[name]["check"].append(round(seconds, 1))
            results[name]["check_status"].append(status)
    if make_test:
        for name, tree in trees.items():
            for phase in test_phases(tree / "Makefile"):
                print(f"make test, phase {phase}, {name}...", flush=True)
                seconds, cpu, status = make(tree, phase, OUT / f"tests-{name}.log")
                results[name]["phases"][phase] = {
                    "seconds": round(seconds, 1),
                    **({} if cpu is None else {"cpu": round(cpu, 1)}),
                    "status": status,
                }
    return results


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{seconds:.1f} s"


def section(results: dict, meta: dict) -> str:
    """The tests section of docs/performance.md (between its markers)."""
    names = list(results)
    base = meta.get("base")
    this = f"`{meta['commit'].split()[0]}` (this tree)"
    head = "| | " + " | ".join(f"`{base}` (base)" if n == "base" else this for n in names) + " |"
    rule = "|---" * (len(names) + 1) + "|"

    def failed(statuses: list[int]) -> str:
        return "" if not any(statuses) else f" ({sum(1 for s in statuses if s)} failed)"

    lines = [
        START,
        "## Tests",
        "",
        f"Measured by `make bench` (tools/bench_tests.py) on {meta['date']}, on {meta['cores']} cores, at "
        f"{meta['commit']}{f' and, in the same run, at {base}' if base else ''}. Wall-clock time of each make command "
        "from its start to its exit; with a base, its runs alternate with this tree's. "
        f"`make check`: the median of {meta['check_runs']} runs (the runs in brackets). This tree's test runs "
        f"started with {meta['renders']} SVGs in `.cache/test-renders` (vl-convert's drawings kept between runs; "
        "0: its first run drew every chart).",
        "",
        head,
        rule,
    ]
    if all(results[n]["library"] for n in names):
        for key, label in (("load_all", "`datasets.load_all()`, cold"), ("audit", "`claims.audit()`")):
            cells = [f"{results[n]['library'][key] * 1000:.0f} ms" for n in names]
            lines.append(f"| {label} (median of {meta['library_runs']} in one process) | " + " | ".join(cells) + " |")

    def medians(key: str) -> list[str]:
        return [
            f"{duration(statistics.median(results[n][key]))} ({', '.join(f'{r:.0f}' for r in results[n][key])} s)"
            f"{failed(results[n][key + '_status'])}"
            for n in names
        ]

    if all(results[n]["book"] for n in names):
        lines.append("| clean `make book` (`book/_build` removed) | " + " | ".join(medians("book")) + " |")
    if all(results[n]["check"] for n in names):
        lines.append("| `make check` | " + " | ".join(medians("check")) + " |")
    phases = list(dict.fromkeys(p for n in names for p in results[n]["phases"]))
    if phases:
        lines += [
            "",
            "`make test`, one run, phase by phase (each phase's time includes what it builds that an earlier "
            "phase did not: test-pdf the PDF edition, test-browser `npm ci`, test-teaching the student edition "
            "and the course pack). One run each: a single slow or lucky run moves these figures. In brackets, the "
            "machine's busy CPU time over its cores while the phase ran (`/proc/stat`): the work it asks of the "
            "machine.",
            "",
            "| phase | " + " | ".join(head.split(" | ")[1:]),
            rule,
        ]

        def timing(got: dict, bold: bool = False) -> str:
            wall = f"**{duration(got['seconds'])}**" if bold else duration(got["seconds"])
            return wall + (f" (CPU {duration(got['cpu'])})" if "cpu" in got else "")

        for phase in phases:
            row = []
            for n in names:
                got = results[n]["phases"].get(phase)
                row.append("-" if got is None else timing(got) + (" (failed)" if got["status"] else ""))
            lines.append(f"| `make {phase}` | " + " | ".join(row) + " |")
        totals = {n: total_time(results[n]["phases"]) for n in names}
        lines.append("| **total** | " + " | ".join(timing(totals[n], bold=True) for n in names) + " |")
        if "cpu" in totals["this"]:
            lines += [
                "",
                f"On {meta['cores']} cores, this tree's `make test` cannot finish in less than its CPU time over the "
                f"cores, even with every core busy throughout: {duration(totals['this']['cpu'])} / {meta['cores']} = "
                f"{duration(totals['this']['cpu'] / meta['cores'])}.",
            ]
    lines.append(END)
    return "\n".join(lines)


def total_time(phases: dict) -> dict:
    """The phases' wall-clock seconds summed, and their CPU seconds when every phase has them."""
    total = {"seconds": sum(p["seconds"] for p in phases.values())}
    if phases and all("cpu" in p for p in phases.values()):
        total["cpu"] = sum(p["cpu"] for p in phases.values())
    return total


START, END = "<!-- tests:start -->", "<!-- tests:end -->"


def replace_section(page: Path, start: str, end: str, text: str, before: str | None = None) -> None:
    """Put ``text`` (its own markers included) in place of ``start``...``end`` in ``page``; else before the
    line ``before``, else at the end."""
    old = page.read_text(encoding="utf-8") if page.exists() else ""
    if start in old and end in old:
        new = old[: old.index(start)] + text + old[old.index(end) + len(end) :]
    elif before and before in old:
        new = old.replace(before, text + "\n\n" + before, 1)
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    page.write_text(new, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a git ref measured in the same run, for comparison")
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--no-make-test", dest="make_test", action="store_false", help="time `make check` only")
    parser.add_argument("--library-runs", type=int, default=20, help="load_all and audit calls timed (0: none)")
    parser.add_argument("--book-runs", type=int, default=1, help="clean `make book` runs (0: none)")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    for log in OUT.glob("tests-*.log"):
        log.unlink()
    trees = {"base": base_tree(args.base)} if args.base else {}
    trees["this"] = ROOT
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True)
    meta = {
        "date": dt.date.today().isoformat(),
        "cores": os.cpu_count(),
        "commit": commit + (" with uncommitted changes" if dirty.stdout.strip() else ""),
        "base": args.base,
        "check_runs": args.check_runs,
        "library_runs": args.library_runs,
        "renders": len(list((ROOT / ".cache" / "test-renders").glob("*.svg"))),
    }
    try:
        results = measure(trees, args.check_runs, args.make_test, args.library_runs, args.book_runs)
    finally:
        if args.base:
            shutil.rmtree(trees["base"].parent, ignore_errors=True)
    (OUT / "tests.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n", encoding="utf-8")
    replace_section(PAGE, START, END, section(results, meta), before="<!-- charts:start -->")
    for name, r in results.items():
        if r["library"]:
            print(f"{name}: load_all {r['library']['load_all']:.3f} s, audit {r['library']['audit']:.3f} s (medians)")
        for key in ("book", "check"):
            if r[key]:
                print(f"{name}: {key} median {statistics.median(r[key]):.1f} s of {r[key]}")
    print(f"wrote {PAGE.relative_to(ROOT)} and {(OUT / 'tests.json').relative_to(ROOT)}")
    statuses = [
        s
        for r in results.values()
        for s in r["check_status"] + r["book_status"] + [p["status"] for p in r["phases"].values()]
    ]
    return 1 if any(statuses) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

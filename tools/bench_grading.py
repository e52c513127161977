"""Time `make grade` on a class of 100 generated submissions of one chapter (`make bench`); must stay under 5 min.

The chapter is the first (in contents order) whose course pack was built; results go to
``bench-results/grading.json``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grade
import sample_submissions

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 300.0
CLASS = 100


def main() -> int:
    packs = sorted(p.parent.parent.name for p in grade.COURSE.glob("*/autograder/autograder.zip"))
    if not packs:
        print("no course pack: run make course first", file=sys.stderr)
        return 1
    chapter = "claims_audit" if "claims_audit" in packs else packs[0]
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        folder = Path(tmp) / chapter
        sample_submissions.write_class(chapter, folder, CLASS)
        start = time.monotonic()
        grade.main([chapter, str(folder)])
        seconds = time.monotonic() - start
        rows = (folder / grade.RESULTS).read_text(encoding="utf-8").splitlines()[1:]
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    figures = {"chapter": chapter, "submissions": len(rows), "seconds": round(seconds, 1), "cores": os.cpu_count()}
    (out / "grading.json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    verdict = "within" if seconds < BUDGET else "OVER"
    cores = os.cpu_count()
    print(
        f"grading: {len(rows)} submissions of {chapter} in {seconds:.1f} s on {cores} cores ({verdict} {BUDGET:.0f} s)"
    )
    return 0 if seconds < BUDGET and len(rows) == CLASS else 1


if __name__ == "__main__":
    sys.exit(main())

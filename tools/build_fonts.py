"""Subset the chart font (DejaVu Sans) that the book ships, for `make fonts`.

Charts are drawn twice: as SVG at build time by vl-convert, and live in the reader's browser.
Both must measure text with the same font, or labels drawn in the browser overflow the space
vl-convert measured. The book therefore ships its chart font: DejaVu Sans (regular, bold,
oblique; Bitstream Vera licence, see fonts/LICENSE) cut down to the characters the charts
use, as TTF for vl-convert and as WOFF2 for the browser. The source TTFs come from Debian's
fonts-dejavu-core; the output is committed, so building the book does not need this step.
"""

from __future__ import annotations

import sys
from pathlib import Path

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parents[1] / "book-package" / "src" / "companion_book" / "static" / "fonts"
FACES = {"DejaVuSans.ttf": "regular", "DejaVuSans-Bold.ttf": "bold", "DejaVuSans-Oblique.ttf": "italic"}
# Basic Latin, Latin-1, Latin Extended-A, general punctuation, arrows, maths signs, a check mark.
UNICODES = "U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-205E,U+2190-21FF,U+2212-2265,U+2713,U+2717,U+25A0-25CF"


def main() -> int:
    try:
        from fontTools import subset
    except ImportError:
        print("build_fonts: fontTools is missing (pip install fonttools brotli)", file=sys.stderr)
        return 1
    if not SOURCE.exists():
        print(f"build_fonts: {SOURCE} not found (apt-get install fonts-dejavu-core)", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, face in FACES.items():
        for flavor, suffix in ((None, "ttf"), ("woff2", "woff2")):
            out = TARGET / f"companion-sans-{face}.{suffix}"
            args = [str(SOURCE / name), f"--unicodes={UNICODES}", f"--output-file={out}", "--no-hinting"]
            if flavor:
                args.append(f"--flavor={flavor}")
            subset.main(args)
            print(f"{out.relative_to(TARGET.parents[3])}: {out.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the book fills into a chapter's text, listed for readers of the notebook in JupyterLab.

jupyterlab-myst draws the chapters' admonitions and exercises, but it shows a
``{glue:text}`` role as its key (``n_claims``) and a ``{cite:p}`` role as its bibliography
key, because neither the glued values nor ``references.bib`` reach the front end. A chapter
can end its first section with :func:`text_values`, in a cell the book removes: it re-runs
the chapter's ``glue`` calls in the kernel, so the values are computed, never stored or typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

ROLE = re.compile(r"\{(glue:text|glue|cite:p|cite:t|cite)\}`([^`]+)`")
BIB_ENTRY = re.compile(r"@\w+\{([^,\s]+),(.*?)\n\}", re.S)


def _bib_label(body: str) -> str:
    authors = re.search(r"author\s*=\s*\{(.*?)\},?\n", body, re.S)
    year = re.search(r"year\s*=\s*\{?(\d{4})", body)
    names = [a.strip() for a in (authors.group(1) if authors else "").split(" and ") if a.strip()]
    surnames = [n.split(",")[0].strip("{} ") for n in names]
    who = " and ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."
    return f"{who} ({year.group(1) if year else 'n.d.'})"


def citations(bib: Path) -> dict[str, str]:
    """Each bibliography key with a short author (year) label."""
    return {key: _bib_label(body) for key, body in BIB_ENTRY.findall(bib.read_text(encoding="utf-8"))}


def _glued(cells: list[dict]) -> dict[str, str]:
    """Re-run the code cells that call ``glue`` in the live kernel and capture what they glue."""
    from IPython import get_ipython
    from IPython.utils.capture import capture_output

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("text_values() re-runs the chapter's glue cells, so it needs a running IPython kernel")
    values: dict[str, str] = {}
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "glue(" not in source:
            continue
        with capture_output() as captured:
            exec(compile(source, "<glue cell>", "exec"), shell.user_ns)  # the chapter's own cell, run again
        for output in captured.outputs:
            name = (output.metadata or {}).get("scrapbook", {}).get("name")
            text = next((v for k, v in output.data.items() if k.endswith("text/plain")), None)
            if name and text is not None:
                values[name] = text.strip("'\"")
    return values


def text_values(notebook: str | Path, bibliography: str | Path = "../references.bib") -> pd.DataFrame:
    """Every glue and cite role in the notebook's markdown, in order, with what the book shows for it."""
    notebook = Path(notebook)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    bib_path = notebook.parent / bibliography
    # a chapter downloaded on its own has no bibliography beside it: the keys stay as they are
    bib = citations(bib_path) if bib_path.exists() else {}
    glued = _glued(cells)
    rows, seen = [], set()
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for role, content in ROLE.findall("".join(cell["source"])):
            for key in [k.strip() for k in content.split(",")] if role.startswith("cite") else [content]:
                if key in seen:
                    continue
                seen.add(key)
                cite = role.startswith("cite")
                missing = "see the book's bibliography" if not bib else "not in references.bib"
                shown = bib.get(key, missing) if cite else glued.get(key, "not glued")
                rows.append({"in the notebook": key, "in the book": shown})
    return pd.DataFrame(rows)

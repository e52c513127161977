"""The book's build: Sphinx extensions, the charts' static HTML, and the scripts, styles, fonts and templates.

This is the ``companion-book`` distribution. The reader's ``companion`` package (data, analyses,
charts, explorers, the notebook renderer) never imports it, so a project that installs
``companion`` alone builds its own pages untouched.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import companion

if TYPE_CHECKING:
    from sphinx.application import Sphinx

BOOK_PACKAGE = Path(__file__).resolve().parent
LIBRARY_PACKAGE = Path(companion.__file__).resolve().parent


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def assets_fingerprint() -> str:
    """A hash of everything that shapes the pages: every file of this package and every module of the library.

    Sphinx only re-reads documents whose source changed, so the extensions register it as a
    config value (:func:`register_assets_fingerprint`): when it changes, an incremental build
    rewrites every page instead of keeping pages written by older code or assets.
    """
    digest = hashlib.sha256()
    for root, pattern in ((BOOK_PACKAGE, "*"), (LIBRARY_PACKAGE, "*.py")):
        for path in _files(root, pattern):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}".encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


ASSETS_CONFIG = "companion_assets"


def register_assets_fingerprint(app: Sphinx) -> None:
    """Register :func:`assets_fingerprint` as the ``companion_assets`` config value, once per build."""
    if ASSETS_CONFIG not in app.config:
        app.add_config_value(ASSETS_CONFIG, assets_fingerprint(), "html")

"""The one browser setting shared by the browser tests and the tools (`make bench`, `make pdf`).

``COMPANION_CHROMIUM`` names the Chromium or Chrome binary; Debian's ``/usr/bin/chromium`` is
the default. The flags keep a headless Chromium quiet on a machine without network.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM_HINT = (
    "apt-get install chromium, or set COMPANION_CHROMIUM to your Chromium or Chrome binary "
    "(Ubuntu snap: /snap/bin/chromium; macOS: /Applications/Chromium.app/Contents/MacOS/Chromium)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium() -> Path:
    """The browser binary: ``$COMPANION_CHROMIUM`` or Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("COMPANION_CHROMIUM") or "/usr/bin/chromium")

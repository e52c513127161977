"""The one browser setting shared by the browser tests and the tools (`make bench`, `make pdf`),
and the quiet local server they load the built book from.

``COMPANION_CHROMIUM`` names the Chromium or Chrome binary; Debian's ``/usr/bin/chromium`` is
the default. The flags keep a headless Chromium quiet on a machine without network.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
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


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """``directory`` served on an ephemeral 127.0.0.1 port, in a daemon thread; call ``shutdown()`` when done."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"

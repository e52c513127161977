"""The chapters with explorers in a real JupyterLab: run every cell, no errors, no other hosts, live controls.

JupyterLab is started from the project's .venv on 127.0.0.1 (free port, no token, ``--allow-root``
for CI) over a scratch copy of the four chapters, so that autosave never touches the committed
notebooks; its config, data and runtime folders are scratch folders too. The server is stopped
in a ``finally``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

JUPYTER = Path(sys.executable).parent / "jupyter"
# chapter -> (label of its main control, value to switch it to)
EXPLORERS = {
    "claims_audit.ipynb": ("Claim:", "E14"),
    "d2_poverty.ipynb": ("Reading:", "Highest national quartile (%)"),
    "ev_map.ipynb": ("Design:", "quantitative"),
    "d2_schools.ipynb": ("School:", "School 875 (elementary)"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server over a scratch copy of the chapters; yields its base URL."""
    if not JUPYTER.exists():
        pytest.skip(f"{JUPYTER} not found (run `make install`)")
    work = tmp_path_factory.mktemp("lab")
    chapters = work / "chapters"
    chapters.mkdir()
    for name in EXPLORERS:
        shutil.copy(ROOT / "book" / "chapters" / name, chapters / name)
    shutil.copy(ROOT / "book" / "references.bib", work / "references.bib")  # read by companion.prose
    # Render every cell (no windowing), so that the explorer far down a chapter is in the page.
    tracker = work / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text('{"windowingMode": "none"}')
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        "JUPYTER_DATA_DIR": str(work / "data"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(work / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
        "COMPANION_DATA_DIR": str(ROOT / "data"),
    }
    port = _free_port()
    command = [
        str(JUPYTER),
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={chapters}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.extension_manager=readonly",
    ]
    log = (work / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start; log:\n{(work / 'server.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# Errors and stderr in the open notebook's outputs, read from JupyterLab's own model.
ERRORS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const found = [];
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') { continue; }
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const o = outputs.get(i).toJSON();
      if (o.output_type === 'error') { found.push(o.ename + ': ' + o.evalue); }
      if (o.output_type === 'stream' && o.name === 'stderr') { found.push('stderr: ' + o.text); }
    }
  }
  return found;
}"""
# True once the kernel is idle and every code cell has run, or a cell failed (run-all stops there).
DONE_JS = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext.session) { return false; }
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const failed = cells.some(c => [...Array(c.model.outputs.length).keys()]
    .some(i => c.model.outputs.get(i).type === 'error'));
  return panel.sessionContext.session.kernel.status === 'idle'
    && (failed || cells.every(c => typeof c.model.executionCount === 'number'));
}"""


@pytest.mark.parametrize("chapter", list(EXPLORERS))
def test_chapter_runs_in_jupyterlab_and_its_explorer_is_live(lab, browser, chapter):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        # ?reset: a fresh workspace, so that the chapters opened by earlier tests are not restored
        page.goto(f"{lab}/lab/tree/{chapter}?reset", wait_until="domcontentloaded")
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.sessionContext"
            " && window.jupyterapp.shell.currentWidget.sessionContext.isReady",
            timeout=60_000,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(DONE_JS, timeout=60_000, polling=250)
        assert page.evaluate(ERRORS_JS) == []

        explorer = page.locator(".companion-explorer")
        explorer.wait_for(timeout=20_000)
        assert explorer.count() == 1
        assert page.get_by_text("Error displaying widget").count() == 0
        label, value = EXPLORERS[chapter]
        control = explorer.locator(".widget-inline-hbox, .widget-hbox").filter(has_text=label).locator("select").first
        before = explorer.inner_text()
        control.select_option(label=value)
        page.wait_for_function(
            "([el, before]) => el.innerText !== before", arg=[explorer.element_handle(), before], timeout=20_000
        )
        after = explorer.inner_text()
        assert after != before
        if chapter == "d2_poverty.ipynb":
            assert "Highest national quartile (%) on lunch share" in after
            chart = explorer.locator(".vega-embed canvas, .vega-embed svg.marks")
            assert chart.count() == 1, "the refitted chart is not drawn"
        assert page.evaluate(ERRORS_JS) == []
        local = urlparse(lab).netloc
        elsewhere = [
            u for u in requests if urlparse(u).scheme not in ("data", "blob", "about") and urlparse(u).netloc != local
        ]
        assert elsewhere == []
        page.evaluate("window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    finally:
        context.close()

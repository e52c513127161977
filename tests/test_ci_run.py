""".ci/run installs what is missing (with sudo when not root), says what to install when it cannot, and honours
COMPANION_CHROMIUM.

The script runs against stub commands (id, sudo, apt-get, make) in a private PATH, so nothing is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASH = shutil.which("bash")


@pytest.fixture
def sandbox(tmp_path: Path):
    """Run .ci/run with a PATH of stubs; return a function giving (exit code, output, log of stub calls)."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    for tool in ("dirname", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))

    def stub(name: str, body: str) -> None:
        (bin_dir / name).write_text(f'#!/bin/sh\necho "{name} $*" >> {log}\n{body}\n')
        (bin_dir / name).chmod(0o755)

    def run(uid: int = 1000, sudo: bool = True, apt: bool = True, chromium: str | None = "/bin/sh"):
        stub("id", f"echo {uid}")
        stub("make", 'echo "make sees COMPANION_CHROMIUM=$COMPANION_CHROMIUM" >> ' + str(log))
        if sudo:
            stub("sudo", 'exec "$@"')
        if apt:
            stub("apt-get", "")
        env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
        if chromium is not None:
            env["COMPANION_CHROMIUM"] = chromium
        result = subprocess.run([BASH, str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True)
        calls = log.read_text() if log.exists() else ""
        return result.returncode, result.stdout + result.stderr, calls

    return run


def test_not_root_installs_with_sudo(sandbox):
    code, output, calls = sandbox(uid=1000)
    assert code == 0, output
    assert "sudo env DEBIAN_FRONTEND=noninteractive apt-get install" in calls and "nodejs npm" in calls
    assert "make test" in calls


def test_root_installs_without_sudo(sandbox):
    code, output, calls = sandbox(uid=0)
    assert code == 0, output
    assert "sudo" not in calls and "apt-get install -y -qq --no-install-recommends nodejs npm poppler-utils" in calls


def test_not_root_without_sudo_says_what_to_install(sandbox):
    code, output, calls = sandbox(uid=1000, sudo=False)
    assert code == 1
    assert "apt-get install nodejs npm" in output and "apt-get" not in calls and "make" not in calls


def test_no_apt_get_says_what_to_install(sandbox):
    code, output, _ = sandbox(uid=0, apt=False)
    assert code == 1
    assert "Missing for the browser and PDF tests: nodejs npm poppler-utils" in output
    assert "COMPANION_CHROMIUM" in output


def test_companion_chromium_is_honoured_and_passed_on(sandbox, tmp_path):
    code, output, calls = sandbox(uid=0, chromium="/nonexistent/chrome")
    assert code == 1 and "COMPANION_CHROMIUM=/nonexistent/chrome is not an executable file" in output
    assert "apt-get" not in calls
    code, output, calls = sandbox(uid=0, chromium="/bin/sh")
    assert code == 0 and "make sees COMPANION_CHROMIUM=/bin/sh" in calls
    assert "chromium fonts-dejavu-core" not in calls  # an existing browser is not installed again


def test_browser_tests_and_bench_read_the_same_setting():
    env = {**os.environ, "COMPANION_CHROMIUM": "/opt/some/chrome"}
    code = "import sys; sys.path.insert(0, 'tools'); import bench; print(bench.CHROMIUM)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "/opt/some/chrome", result.stderr


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_npm_ci_failure_is_shown_with_what_to_check(tmp_path):
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    env = {
        **os.environ,
        "npm_config_registry": "http://127.0.0.1:9/",  # nothing listens there
        "npm_config_cache": str(tmp_path / "npm-cache"),
        "npm_config_fetch_retries": "0",
    }
    command = ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "node_modules/.installed-stamp"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "ECONNREFUSED" in output, output  # npm's own error, no longer silenced
    assert "npm ci failed" in output and "http://127.0.0.1:9/" in output

"""Grade one submission in this process (forked by ``tools/grade.py``, one process per submission).

Before any student code runs, the process limits itself (and anything it starts): address
space (memory), CPU seconds and file size (``setrlimit``), and, where the kernel offers Landlock
(Linux 5.13 and later), no creating, writing, renaming or deleting of files outside the
submission's scratch folder. Then the notebook's cells run and Otter's tests grade what they
left (:func:`run_notebook`); the scores and the errors the cells raised go back to
``tools/grade.py`` on a pipe. Student code runs in this process, so it could tamper with its own
grade, as it could in any notebook autograder; it cannot reach the other submissions or change
files outside its folder.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

# Landlock (include/uapi/linux/landlock.h): the filesystem rights that change something.
SYSCALLS = {"create_ruleset": 444, "add_rule": 445, "restrict_self": 446}
WRITE_RIGHTS = {
    "write_file": 1 << 1,
    "remove_dir": 1 << 4,
    "remove_file": 1 << 5,
    "make_char": 1 << 6,
    "make_dir": 1 << 7,
    "make_reg": 1 << 8,
    "make_sock": 1 << 9,
    "make_fifo": 1 << 10,
    "make_block": 1 << 11,
    "make_sym": 1 << 12,
    "refer": 1 << 13,  # ABI 2
    "truncate": 1 << 14,  # ABI 3
}
PR_SET_NO_NEW_PRIVS = 38


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def confine_writes(allowed: list[Path]) -> str:
    """Allow file changes only beneath ``allowed`` (Landlock); return what was done, in words."""
    if sys.platform != "linux":
        return "no Landlock on this system"
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(SYSCALLS["create_ruleset"], None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return "no Landlock in this kernel"
    rights = 0
    for name, bit in WRITE_RIGHTS.items():
        if (name == "refer" and abi < 2) or (name == "truncate" and abi < 3):
            continue
        rights |= bit
    attr = _RulesetAttr(rights)
    ruleset = libc.syscall(SYSCALLS["create_ruleset"], ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), 0)
    if ruleset < 0:
        return f"Landlock refused a ruleset ({os.strerror(ctypes.get_errno())})"
    for path in allowed:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        file_only = WRITE_RIGHTS["write_file"] | (WRITE_RIGHTS["truncate"] if abi >= 3 else 0)
        file_rights = rights if path.is_dir() else rights & file_only
        rule = _PathBeneath(file_rights, fd)
        if libc.syscall(SYSCALLS["add_rule"], ruleset, 1, ctypes.byref(rule), 0) != 0:
            raise OSError(ctypes.get_errno(), f"Landlock rule for {path}")
        os.close(fd)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.syscall(SYSCALLS["restrict_self"], ruleset, 0) != 0:
        raise OSError(ctypes.get_errno(), "Landlock restrict_self")
    os.close(ruleset)
    return f"Landlock ABI {abi}: files may change only in the scratch folder"


def limit(memory_mb: int, cpu_seconds: int) -> None:
    """Memory (address space), CPU time and file size limits for this process and its children."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 2**20, 256 * 2**20))


def run_notebook(submission: Path, autograder: Path, scratch: Path) -> dict[str, Any]:
    """Run the notebook's code cells in this process, then Otter's tests on what they left.

    Otter's grading mode (``otter.Notebook.init_grading_mode``) makes the notebook's own
    ``grader.check`` cells record their results, and ``Checker`` runs the tests a notebook did
    not check, as ``otter run`` does in a kernel; running the cells here, in the process forked
    for this submission, saves starting a kernel per submission.
    """
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell
    from otter import Notebook
    from otter.execute import Checker
    from otter.test_files import GradingResults
    from traitlets.config import Config

    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(scratch / "autograder")
    tests = sorted(str(p) for p in (scratch / "autograder" / "tests").glob("*.py"))
    notebook = nbformat.read(submission, as_version=4)
    os.chdir(submission.parent)
    Notebook.init_grading_mode(str(scratch / "autograder" / "tests"))
    config = Config()
    config.HistoryManager.enabled = False
    shell = InteractiveShell.instance(config=config)
    errors = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        outcome = shell.run_cell(cell.source, store_history=False)
        failed = outcome.error_before_exec or outcome.error_in_exec
        if failed is not None:
            errors.append({"cell": index, "ename": type(failed).__name__, "evalue": str(failed)[:300]})
    for test in tests:
        Checker.check_if_not_already_checked(test, global_env=shell.user_ns)
    graded = GradingResults(Checker.get_results())
    return {
        "scores": {name: [float(t.score), float(t.possible)] for name, t in graded.results.items()},
        "errors": errors[:20],
    }


def grade(scratch: Path, autograder: Path, submission: Path, memory_mb: int, cpu_seconds: int, channel: Any) -> None:
    """Limit this process, grade the submission with Otter and send the result on ``channel``.

    Runs in a fresh process forked for this one submission (``tools/grade.py`` forks it from a
    server that imported Otter once, so that the import is not paid per submission).
    """
    os.chdir(scratch)
    env = {
        "HOME": "home",
        "TMPDIR": "tmp",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTER_DATA_DIR": "home",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "home",
    }
    for name, folder in env.items():
        (scratch / folder).mkdir(exist_ok=True)
        os.environ[name] = str(scratch / folder)
    os.environ |= {"PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    tempfile.tempdir = str(scratch / "tmp")
    log = os.open(scratch / "otter.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)  # the notebook's and Otter's output go to the scratch folder's log
    os.dup2(log, 2)
    limit(memory_mb, cpu_seconds)
    result: dict[str, Any] = {"isolation": confine_writes([scratch, Path("/dev/null")])}
    try:
        result |= run_notebook(submission, autograder, scratch)
    except MemoryError:
        result["failure"] = f"ran out of memory (limit {memory_mb} MB)"
    except BaseException as error:  # the submission broke the grading itself: report it, never raise
        text = str(error).strip()
        result["failure"] = f"{type(error).__name__}: {text.splitlines()[-1] if text else ''}"
    channel.send(result)
    channel.close()

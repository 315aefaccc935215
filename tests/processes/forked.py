"""Real ``assay serve`` processes, forked from a process that has imported the bot already.

A test that needs a process of its own (two processes on one database, a ``kill -9``, a
restart) used to start ``python -m bot.main serve``: each start was an interpreter and the
bot's imports, 2–4 CPU-seconds on a loaded machine, and a dozen of them were a sixth of the
suite's CPU. Here each test worker keeps one fork server (``multiprocessing``'s) that has
imported ``bot.serve``; every process forked from it is a process of its own (its own pid,
database connections, sockets, signals and exit code) that runs ``bot.main.main`` with the
environment, folder and log file it is given, exactly from the point a console script would.

What only an interpreter start can show (the console script, its imports, its errors before
the bot is built) is tested with real ``python -m bot.main`` processes in ``tests/cli``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from multiprocessing.connection import wait as wait_for_ready
from pathlib import Path
from typing import Any

_CONTEXT: Any = None


def _context() -> Any:
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["bot.main", "bot.serve"])
    return _CONTEXT


def _run_main(args: list[str], env: dict[str, str], cwd: str, log_path: str) -> None:
    """In the forked process: become ``assay *args`` started in ``cwd`` with ``env``."""
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    from bot.main import main

    sys.exit(main(args))


class AssayProcess:
    """The part of ``subprocess.Popen`` the tests use, for a forked ``assay`` process."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.args = ["assay", *args]
        self._reading = threading.Lock()
        self._process = _context().Process(
            target=_run_main, args=(args, env, str(cwd), str(log_path)), name=f"assay {' '.join(args)}"
        )
        self._process.start()
        self.pid: int = self._process.pid

    @property
    def returncode(self) -> int | None:
        """The exit code, or minus the signal that ended it (as Popen says it), once it ended."""
        # Asking reads the code, 8 bytes on a pipe from the fork server, on first sight: two
        # threads reading at once could each get half of it, so one asks at a time.
        with self._reading:
            code: int | None = self._process.exitcode
        return code

    def poll(self) -> int | None:
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        wait_for_ready([self._process.sentinel], timeout)  # readable once the code is there
        code = self.poll()
        if code is None:
            raise subprocess.TimeoutExpired(self.args, timeout or 0)
        return code

    def send_signal(self, number: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, number)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def stop(self, patience: float = 20) -> None:
        """Stop it as an operator would (SIGTERM), killing it if it has not ended in ``patience`` s."""
        self.send_signal(signal.SIGTERM)
        try:
            self.wait(timeout=patience)
        except subprocess.TimeoutExpired:
            self.kill()
            self.wait()


def start_assay(args: list[str], env: dict[str, str], cwd: Path, log_path: Path) -> AssayProcess:
    """``assay *args`` as a process of its own, writing stdout and stderr to ``log_path``."""
    log_path.touch()
    return AssayProcess(args, env, cwd, log_path)

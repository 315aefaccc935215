"""Run the console script as a user would: its ``main`` with the environment, working folder,
stdin, stdout and stderr of a fresh process, and an exit code.

Most tests run it in this process (``assay``): a subprocess costs a second of interpreter start
and imports each time, and half the suite's CPU went there. What only a real process can show
(the console script's own start) uses ``assay_process``; signals, a kill and two processes at
once use processes forked with the bot imported (``serve_http``, tests/processes/forked.py).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

import requests

from assay import redact
from assay.runtime import QUIET_LOGGERS
from tests.conftest import Fakes
from tests.processes.forked import AssayProcess, start_assay

_ONE_AT_A_TIME = threading.Lock()  # the environment, the folder and sys.std* are process-wide


def assay(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``assay *args`` in this process, isolated as a process would be; ``timeout`` is pytest's."""
    from bot.main import main

    out, err = io.StringIO(), io.StringIO()
    with _ONE_AT_A_TIME, _a_process(env, cwd, stdin, out, err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's usage errors, or an explicit exit
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if exc.code is not None and not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
        except BaseException:  # what the interpreter would do with an uncaught exception
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(["assay", *args], code, out.getvalue(), err.getvalue())


def assay_process(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``assay *args`` as a real subprocess (``python -m bot.main``)."""
    return subprocess.run(
        [sys.executable, "-m", "bot.main", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def _a_process(env: dict[str, str], cwd: Path, stdin: str, out: io.StringIO, err: io.StringIO) -> Iterator[None]:
    """This process's environment, folder, standard streams and logging set up as a new
    process's would be, and put back afterwards."""
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    quiet = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    root.handlers = []  # so that the command's logging.basicConfig writes to this stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        root.handlers, root.level = saved_handlers, saved_level
        for name, level in quiet.items():
            logging.getLogger(name).setLevel(level)
        redact.install(())
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


SERVING = re.compile(r"Assay serving HTTP on 127\.0\.0\.1:(\d+)")


def serve_http(env: dict[str, str], cwd: Path, name: str) -> tuple[AssayProcess, str, Path]:
    """A real ``assay serve --http`` process on a port it picks itself (``--port 0``), answering
    its health check when returned: the process, its URL and its log file.

    A port picked here and handed over could be taken in between by another test's loopback
    server, which would then answer in the bot's place."""
    log_path = cwd / f"{name}.log"
    level = env.get("ASSAY_LOG_LEVEL", "INFO")
    args = ["serve", "--http", "--host", "127.0.0.1", "--port", "0"]
    process = start_assay(args, {**env, "ASSAY_LOG_LEVEL": level if level == "DEBUG" else "INFO"}, cwd, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # a process gives no event to wait on: poll its log
        assert process.poll() is None, log_path.read_text()
        found = SERVING.search(log_path.read_text(errors="replace"))
        if found:
            url = f"http://127.0.0.1:{found.group(1)}"
            try:
                if requests.get(url + "/healthz", timeout=1).json() == {"ok": True, "database": "up"}:
                    return process, url, log_path
            except requests.RequestException:
                pass
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"assay serve did not start: {log_path.read_text()}")


def base_env(tmp_path: Path, fakes: Fakes) -> dict[str, str]:
    """The machine's environment without SLACK_*/ASSAY_*, every service at its loopback fake."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASSAY_"))}
    return {
        **base,
        "ASSAY_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "ASSAY_ARXIV_API_URL": fakes.arxiv.api_url,
        "ASSAY_ARXIV_DELAY_SECONDS": "0",
        "ASSAY_ARXIV_LISTING_URL": fakes.listing.listing_url,
        "ASSAY_S2_API_URL": fakes.s2.api_url,
        "ASSAY_HF_API_URL": fakes.hf.api_url,
    }


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

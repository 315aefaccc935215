"""Run the console script as a user would: a subprocess with a clean environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import Fakes


def assay(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.main", *args],
        env=env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


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


def free_port() -> int:
    return closed_port()

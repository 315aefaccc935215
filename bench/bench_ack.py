"""Acknowledgement latency of a slash command through the full HTTP stack.

Assay (signature check, parse, validation, a database write, ack) against a bare Bolt app that
only acks, both behind the same Starlette + uvicorn front, on this machine, in one run, at 1
and 16 concurrent clients. Run: ``.venv/bin/python bench/bench_ack.py [--requests 400]``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import requests
from slack_sdk.signature import SignatureVerifier

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(kind: str, db_url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASSAY_"))}
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "ack_servers.py"), kind, str(port), db_url], env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(url + "/healthz", timeout=1)
            return proc, url + "/slack/events"
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit(f"{kind} server did not start")


def body(i: int) -> str:
    tz = ("Europe/Berlin", "UTC", "America/New_York")[i % 3]
    return urlencode(
        {
            "command": "/assay",
            "text": f"settings tz={tz}",
            "team_id": f"T{i % 4}",
            "user_id": "U1",
            "channel_id": "C1",
            "response_url": "http://127.0.0.1:9/r",
            "trigger_id": "t",
        }
    )


def one(session: requests.Session, url: str, i: int) -> float:
    payload = body(i)
    ts = str(int(time.time()))
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=payload),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    response = session.post(url, data=payload, headers=headers, timeout=10)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"unexpected {response.status_code}: {response.text[:200]}")
    return elapsed


def load(url: str, clients: int, total: int) -> list[float]:
    sessions = [requests.Session() for _ in range(clients)]
    for s in sessions:  # warm up connections and caches
        one(s, url, 0)
    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(lambda i: one(sessions[i % clients], url, i), range(total)))


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        servers = {kind: start(kind, f"sqlite:///{tmp}/{kind}.db") for kind in ("bare", "assay")}
        try:
            print(f"{'clients':>7} {'server':>6} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
            for clients in (1, 16):
                results = {kind: load(url, clients, args.requests) for kind, (_, url) in servers.items()}
                for kind, times in results.items():
                    print(
                        f"{clients:>7} {kind:>6} {pct(times, 0.5):8.2f} {pct(times, 0.99):8.2f} {statistics.mean(times) * 1000:8.2f}"
                    )
                ratio50 = pct(results["assay"], 0.5) / pct(results["bare"], 0.5)
                ratio99 = pct(results["assay"], 0.99) / pct(results["bare"], 0.99)
                print(f"{clients:>7} ratio  p50 ×{ratio50:.2f}  p99 ×{ratio99:.2f}  (Assay / bare Bolt)")
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()

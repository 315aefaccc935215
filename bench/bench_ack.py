"""Acknowledgement latency of slash commands that write, through the full HTTP stack.

Signed ``/radar vote LoRA TRIAL`` requests, each from a new user (so each one writes a vote
and a history row), against three servers started side by side (bench/ack_servers.py):
Assay as ``assay serve`` runs it; a bare Bolt app tuned the same way that makes the same
write in raw SQL before it acks (the baseline of the targets); a bare Bolt app on Bolt's own
Starlette adapter. Interleaved in rounds, at 1, 16 and 64 concurrent clients, on SQLite and
on PostgreSQL (a private schema per server). Then 200 ``/paper add`` at once whose arXiv
answers after 4 s: each must be acknowledged within 1 s and each card posted.

Targets (Assay / tuned): p50 ≤ 1.5× and p99 ≤ 2× at 16 and 64 clients; no ack ≥ 3 s.
Exits 1 when one is missed. Run: ``.venv/bin/python bench/bench_ack.py [--quick] [--pg URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text
from sqlalchemy.engine import make_url

from assay.storage.engine import make_engine

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
KINDS = ("assay", "tuned", "bolt")
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SLOW_COMMANDS, SLOW_SECONDS, SLOW_ACK_LIMIT = 200, 4.0, 1.0
SIGNER = SignatureVerifier(SECRET)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def fakes_process() -> Iterator[dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "ack_fakes.py"), str(SLOW_SECONDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # clients that hang up keep-alive connections, reported as errors
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        yield json.loads(proc.stdout.readline())
    finally:
        proc.stdin.close()
        proc.wait(10)


@contextmanager
def servers(urls: dict[str, str], fakes: dict[str, str], logs: Path) -> Iterator[dict[str, str]]:
    """The three servers; what they log goes to a file, shown if one fails to start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASSAY_"))}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    ports: dict[str, int] = {}
    for kind in KINDS:
        ports[kind] = free_port()
        cmd = [sys.executable, str(ROOT / "bench" / "ack_servers.py"), kind, str(ports[kind]), urls[kind]]
        log = (logs / f"{kind}.log").open("ab")
        procs[kind] = subprocess.Popen([*cmd, json.dumps(fakes)], env=env, stdout=log, stderr=log)
    try:
        for kind, port in ports.items():
            wait_healthy(f"http://127.0.0.1:{port}/healthz", procs[kind])
        yield {kind: f"http://127.0.0.1:{port}" for kind, port in ports.items()}
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            proc.wait(30)


def wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise SystemExit(f"the server behind {url} did not start (its log is in the run's temporary folder)")


def request_bytes(port: int, command: str, text_: str, user: str, response_url: str) -> bytes:
    body = urlencode(
        {
            "command": command,
            "text": text_,
            "team_id": "T0001",
            "user_id": user,
            "channel_id": "C1",
            "response_url": response_url,
            "trigger_id": "t",
        }
    )
    ts = str(int(time.time()))
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"X-Slack-Request-Timestamp: {ts}\r\n"
        f"X-Slack-Signature: {SIGNER.generate_signature(timestamp=ts, body=body)}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body.encode()


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> float:
    """Send one request on a kept-alive connection; seconds until its whole response came."""
    started = time.perf_counter()
    writer.write(raw)
    head = await reader.readuntil(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    length = next(
        int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
    )
    payload = await reader.readexactly(length)
    elapsed = time.perf_counter() - started
    if status != b"200":
        raise SystemExit(f"unexpected {status.decode()}: {payload[:200]!r}")
    return elapsed


class Load:
    """Distinct users for every request, so every vote is a write of its own."""

    def __init__(self, slack_url: str) -> None:
        self.slack_url = slack_url
        self.n = 0
        self.assay_votes = 0  # sent to Assay, each owed a tally at response_url
        self.drains: list[float] = []  # seconds from a round's last ack to its last tally

    def run(self, kind: str, base: str, clients: int, total: int) -> list[float]:
        times = asyncio.run(self.votes(base, clients, total))
        if kind == "assay":
            self.assay_votes += len(times)
            ended = time.monotonic()
            while slack_counts(self.slack_url)["counts"].get("response_url", 0) < self.assay_votes:
                if time.monotonic() - ended > 120:
                    raise SystemExit("Assay's follow-ups did not all arrive within 120 s")
                time.sleep(0.02)
            self.drains.append(time.monotonic() - ended)
        return times

    def next_user(self) -> str:
        self.n += 1
        return f"U{self.n:07d}"

    async def votes(self, base: str, clients: int, total: int) -> list[float]:
        port = int(base.rsplit(":", 1)[1])
        conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(clients)]
        times: list[float] = []
        per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]

        async def client(i: int) -> None:
            reader, writer = conns[i]
            for _ in range(per_client[i]):
                user = self.next_user()
                raw = request_bytes(port, "/radar", "vote LoRA TRIAL", user, f"{self.slack_url}/response/{user}")
                times.append(await exchange(reader, writer, raw))

        await asyncio.gather(*(client(i) for i in range(clients)))
        for _, writer in conns:
            writer.close()
        return times


def measure(
    load: Load, bases: dict[str, str], clients: int, total: int, rounds: int, warm_up: int = 2
) -> dict[str, list[float]]:
    """Interleaved: each round runs every server once, in a rotating order. After Assay's
    turn the next waits until its follow-ups (one tally per vote) have all arrived, so that
    their work is not charged to the next server, and the time they took is kept."""
    results: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for kind in KINDS:  # warm up connections, caches and listener threads: requests per client
        load.run(kind, bases[kind], clients, clients * warm_up)
    for r in range(rounds):
        order = KINDS[r % len(KINDS) :] + KINDS[: r % len(KINDS)]
        for kind in order:
            results[kind] += load.run(kind, bases[kind], clients, total // rounds)
    return results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def slack_counts(slack_url: str) -> dict[str, Any]:
    data: dict[str, Any] = requests.get(slack_url + "/counts", timeout=5).json()
    return data


async def slow_burst(base: str, slack_url: str, first_paper: int) -> list[float]:
    """SLOW_COMMANDS ``/paper add`` at once, each on its own connection; their ack times."""
    port = int(base.rsplit(":", 1)[1])
    conns = [await asyncio.open_connection("127.0.0.1", port) for _ in range(SLOW_COMMANDS)]
    raws = [
        request_bytes(port, "/paper", f"add 2401.{first_paper + i + 1:05d}", f"US{i:04d}", f"{slack_url}/response/s{i}")
        for i in range(SLOW_COMMANDS)
    ]
    times = await asyncio.gather(*(exchange(r, w, raw) for (r, w), raw in zip(conns, raws, strict=True)))
    for _, writer in conns:
        writer.close()
    return list(times)


def slow_check(base: str, slack_url: str, first_paper: int) -> tuple[list[float], int, float]:
    """Ack times of the burst, the cards posted for it and seconds until the last one came."""
    started = time.monotonic()
    acks = asyncio.run(slow_burst(base, slack_url, first_paper))
    wanted = {f"Benchmark paper {first_paper + i:04d}" for i in range(SLOW_COMMANDS)}
    posted: set[str] = set()
    while time.monotonic() - started < 180 and len(posted) < len(wanted):
        time.sleep(0.2)
        texts = slack_counts(slack_url)["texts"]["chat.postMessage"]
        posted = {w for w in wanted if any(w in t for t in texts)}
    return acks, len(posted), time.monotonic() - started


@contextmanager
def databases(backend: str, pg_url: str, tmp: str) -> Iterator[dict[str, str]]:
    if backend == "sqlite":
        yield {kind: f"sqlite:///{tmp}/{kind}.db" for kind in KINDS}
        return
    admin = make_engine(pg_url)
    schemas = {kind: f"bench_ack_{kind}_{uuid.uuid4().hex[:8]}" for kind in KINDS}
    with admin.begin() as conn:
        for schema in schemas.values():
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    base = make_url(pg_url)
    try:
        yield {
            kind: base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
            for kind, schema in schemas.items()
        }
    finally:
        with admin.begin() as conn:
            for schema in schemas.values():
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


class Table:
    def __init__(self) -> None:
        self.missed: list[str] = []
        print(
            f"{'db':<8}{'clients':>7}  {'server':<7}{'p50 ms':>8}{'p99 ms':>9}{'max ms':>9}  {'ratio p50 / p99':<22}target"
        )

    def level(self, backend: str, clients: int, results: dict[str, list[float]]) -> None:
        base50, base99 = pct(results["tuned"], 0.5), pct(results["tuned"], 0.99)
        for kind in KINDS:
            times = results[kind]
            p50, p99, worst = pct(times, 0.5), pct(times, 0.99), max(times) * 1000
            ratio, target = f"×{p50 / base50:.2f} / ×{p99 / base99:.2f}", ""
            if kind == "assay" and clients >= 16:
                target = "p50 ≤ 1.5×, p99 ≤ 2×"
                if p50 > 1.5 * base50 or p99 > 2 * base99:
                    self.missed.append(f"{backend} {clients} clients: {ratio}")
                    target += "  MISSED"
            if worst >= 3000:
                self.missed.append(f"{backend} {clients} clients {kind}: an ack took {worst:.0f} ms")
                target += "  ack ≥ 3 s"
            print(f"{backend:<8}{clients:>7}  {kind:<7}{p50:8.1f}{p99:9.1f}{worst:9.1f}  {ratio:<22}{target}")

    def slow(self, backend: str, acks: list[float], delivered: int, seconds: float) -> None:
        worst = max(acks) * 1000
        ok = worst < SLOW_ACK_LIMIT * 1000 and delivered == SLOW_COMMANDS
        print(
            f"{backend:<8}{SLOW_COMMANDS:>7}  /paper add, arXiv {SLOW_SECONDS:.0f} s: ack p50 {pct(acks, 0.5):.1f} ms, "
            f"max {worst:.1f} ms; {delivered}/{SLOW_COMMANDS} cards posted in {seconds:.1f} s  "
            f"(target: every ack < {SLOW_ACK_LIMIT * 1000:.0f} ms, every card){'' if ok else '  MISSED'}"
        )
        if not ok:
            self.missed.append(f"{backend} slow commands: max ack {worst:.0f} ms, {delivered} delivered")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer requests; a 10-command burst (arXiv 1 s), on SQLite only"
    )
    parser.add_argument("--pg", default=os.environ.get("ASSAY_BENCH_DATABASE_URL", PG_DEFAULT), help="PostgreSQL URL")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    per_client, rounds = (4, 3) if args.quick else (30, 6)
    if args.quick:  # 10 commands whose arXiv answers (metadata, then the PDF) take 1 s each
        global SLOW_COMMANDS, SLOW_SECONDS
        SLOW_COMMANDS, SLOW_SECONDS = 10, 1.0
    backends = ["sqlite"] + ([] if args.no_pg else ["postgres"])
    table = Table()
    with fakes_process() as fakes, tempfile.TemporaryDirectory() as tmp:
        load = Load(fakes["slack"])
        for n, backend in enumerate(backends):
            started = time.monotonic()
            with databases(backend, args.pg, tmp) as urls, servers(urls, fakes, Path(tmp)) as bases:
                print(f"{'':<17}{backend}: servers up in {time.monotonic() - started:.1f} s")
                for clients in (1, 16, 64):
                    total = max(per_client * 3, clients * per_client) // rounds * rounds
                    load.drains = []
                    results = measure(load, bases, clients, total, rounds, warm_up=1 if args.quick else 2)
                    table.level(backend, clients, results)
                    print(
                        f"{'':<17}Assay's tallies all delivered, at most {max(load.drains):.2f} s after a round's last ack"
                    )
                if backend == "sqlite" or not args.quick:  # --quick: the burst on SQLite only
                    table.slow(backend, *slow_check(bases["assay"], fakes["slack"], n * SLOW_COMMANDS))
            print(f"{'':<17}{backend}: {time.monotonic() - started:.1f} s in all")
    for miss in table.missed:
        print("missed:", miss)
    return 1 if table.missed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The outside world of the acknowledgement benchmark, in a process of its own so that its
work is charged neither to the servers measured nor to the client timing them.

``python bench/ack_fakes.py ARXIV_DELAY`` prints one JSON line of URLs and serves until its
standard input closes: a counting fake Slack (Web API and response_url; ``GET /counts``
tells what arrived), and the loopback fakes of arXiv (answering after ARXIV_DELAY seconds),
Semantic Scholar and Hugging Face from tests/fakes.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry
from tests.fakes.huggingface import FakeHuggingFace
from tests.fakes.semantic_scholar import FakeSemanticScholar

PAPERS = 400  # arXiv ids 2401.00001 … known to the fake arXiv


def paper_id(i: int) -> str:
    return f"2401.{i + 1:05d}"


class CountingSlack(BaseHTTPRequestHandler):
    """Answers every Web API method with ok and counts what came, by path; the texts posted
    with chat.postMessage and to response_url are kept to tell which follow-ups arrived."""

    counts: ClassVar[Counter[str]] = Counter()
    texts: ClassVar[dict[str, list[str]]] = {"chat.postMessage": [], "response_url": []}
    lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        with self.lock:
            body = json.dumps({"counts": dict(self.counts), "texts": self.texts}).encode()
        self._send(body)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        params: dict[str, Any]
        if "json" in (self.headers.get("Content-Type") or ""):
            params = json.loads(raw or "{}")
        else:
            params = {k: v[0] for k, v in parse_qs(raw).items()}
        name = "response_url" if self.path.startswith("/response") else self.path.rsplit("/", 1)[-1]
        with self.lock:
            self.counts[name] += 1
            if name in self.texts:
                self.texts[name].append(str(params.get("text", "")))
        self._send(json.dumps({"ok": True, "ts": f"{time.time():.6f}", "channel": "C1"}).encode())

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main(argv: list[str]) -> None:
    slack = ThreadingHTTPServer(("127.0.0.1", 0), CountingSlack)
    slack.daemon_threads = True
    slack.request_queue_size = 1024
    threading.Thread(target=slack.serve_forever, daemon=True).start()
    arxiv = FakeArxiv().start()
    arxiv.server.httpd.socket.listen(1024)  # 200 commands connect at once
    arxiv.mode = "stall"  # answers, after the delay
    arxiv.stall_seconds = float(argv[1])
    for i in range(PAPERS):
        arxiv.add(AtomEntry(paper_id(i), f"Benchmark paper {i:04d}"))
    s2, hf = FakeSemanticScholar().start(), FakeHuggingFace().start()
    slack_url = f"http://127.0.0.1:{slack.server_address[1]}"
    urls = {"slack": slack_url, "arxiv": arxiv.api_url, "s2": s2.api_url, "hf": hf.api_url}
    print(json.dumps(urls), flush=True)
    sys.stdin.read()  # until the benchmark closes it


if __name__ == "__main__":
    main(sys.argv)

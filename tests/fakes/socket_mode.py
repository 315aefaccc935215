"""Slack's side of Socket Mode on loopback: a WebSocket server that greets each connection with
``hello``, sends the envelopes a test gives it, and records what the app sends back (acks).

The fake Web API hands out this server's ``ws://`` URL from ``apps.connections.open``, so a
real ``SocketModeHandler`` connects here exactly as it would to Slack.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    payload: dict[str, Any] | None
    seconds: float  # from sending the envelope to receiving its acknowledgement
    connection: int  # which connection (1, 2, …) it came over


class FakeSocketMode:
    """Start with ``FakeSocketMode().start()``; point ``FakeSlack.socket_url`` at ``url``."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._connections: list[ServerConnection] = []
        self._sent_at: dict[str, float] = {}
        self.acks: list[Ack] = []
        self.received: list[str] = []
        self._ids = itertools.count(1)
        # Slack's builtin client never answers a close frame with its own: it drops the TCP
        # connection instead. A short close_timeout keeps drop() from waiting 10 s for the answer.
        self.server: Server = serve(self._serve, "127.0.0.1", 0, close_timeout=0.2)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> FakeSocketMode:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    @property
    def url(self) -> str:
        host, port = self.server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=fake-ticket"

    @property
    def connections(self) -> int:
        with self._cond:
            return len(self._connections)

    def _serve(self, connection: ServerConnection) -> None:
        with self._cond:
            self._connections.append(connection)
            number = len(self._connections)
            self._cond.notify_all()
        connection.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "debug_info": {"host": "applink-fake", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": "A0ASSAY"},
                }
            )
        )
        try:
            for message in connection:
                self._record(str(message), number)
        except ConnectionClosed:
            return

    def _record(self, message: str, connection: int) -> None:
        with self._cond:
            self.received.append(message)
            data = json.loads(message)
            envelope_id = data.get("envelope_id") if isinstance(data, dict) else None
            if envelope_id:
                seconds = time.monotonic() - self._sent_at.get(envelope_id, time.monotonic())
                self.acks.append(Ack(envelope_id, data.get("payload"), seconds, connection))
            self._cond.notify_all()

    def wait_for_connections(self, count: int, timeout: float = 15) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._connections) >= count, timeout):
                raise AssertionError(f"expected {count} Socket Mode connection(s); got {len(self._connections)}")

    def send(self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool = False) -> str:
        """Send an envelope on the newest open connection; returns its envelope_id."""
        envelope_id = f"env-{next(self._ids):04d}-5b0b-4b8e-9b1a"
        envelope = {
            "envelope_id": envelope_id,
            "payload": payload,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
        }
        if kind == "events_api":
            envelope.update(retry_attempt=0, retry_reason="")
        with self._cond:
            connection = self._connections[-1]
            self._sent_at[envelope_id] = time.monotonic()
        connection.send(json.dumps(envelope))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 10) -> Ack:
        with self._cond:
            found = self._cond.wait_for(lambda: self._ack(envelope_id), timeout)
            if not found:
                raise AssertionError(f"no acknowledgement of {envelope_id}; received {self.received}")
            return found

    def _ack(self, envelope_id: str) -> Ack | None:
        return next((a for a in self.acks if a.envelope_id == envelope_id), None)

    def drop(self) -> None:
        """Close the newest connection from Slack's side, as Slack does every few hours."""
        with self._cond:
            connection = self._connections[-1]
        connection.close()

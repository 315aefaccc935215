"""A fake Slack Web API on loopback: records every call (method, token, parsed params,
Block Kit included) and answers the way Slack does."""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from tests.fakes.http import LoopbackServer, QuietHandler

JSON_PARAMS = ("blocks", "attachments", "view", "files")


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url" for posts to a response URL
    token: str | None
    params: dict[str, Any]
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Workspace:
    """A workspace as the fake knows it: who the bot is there, and its token."""

    team_id: str
    name: str
    bot_user_id: str
    token: str


@dataclass
class Failure:
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    remaining: int = 1


class FakeSlack:
    """Start with ``FakeSlack().start()``; the app's WebClient gets ``base_url=fake.api_url``."""

    team_id = "T0001"
    bot_user_id = "UBOT"
    app_id = "A0ASSAY"

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._ts = itertools.count(1)
        self._failures: dict[str, Failure] = {}
        self._codes: dict[str, Workspace] = {}  # OAuth codes not yet exchanged
        self._workspaces: dict[str, Workspace] = {}  # by token
        self._refused: dict[str, str] = {}  # token → error (token_revoked, invalid_auth)
        self.client: tuple[str, str] | None = None  # the app's OAuth client id and secret
        self.socket_url: str | None = None  # what apps.connections.open answers
        self._stalls: dict[str, tuple[int, bool]] = {}
        self._unstall = threading.Event()  # set: every stalled call answers (or the fake stops)
        self.server = LoopbackServer(_Handler, self)

    def start(self) -> FakeSlack:
        self.server.start()
        return self

    def stop(self) -> None:
        self._unstall.set()
        self.server.stop()

    def stall_next(self, method: str, *, times: int = 1, done: bool = False) -> None:
        """Make the next ``times`` calls of ``method`` hang (no answer) until :meth:`release`:
        the caller's timeout fires first. ``done``: Slack did the work (the message is in the
        channel's history) and only the answer is lost. ``method`` may be "response_url"."""
        with self._lock:
            self._stalls[method] = (times, done)
            self._unstall.clear()

    def release(self) -> None:
        self._unstall.set()

    def take_stall(self, method: str) -> tuple[bool, bool]:
        """(stall this call, after doing its work)."""
        with self._lock:
            left, done = self._stalls.get(method, (0, False))
            if left <= 0:
                return False, False
            self._stalls[method] = (left - 1, done)
        return True, done

    def stall(self) -> None:
        self._unstall.wait(timeout=60)

    @property
    def api_url(self) -> str:
        return self.server.url + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.server.url}/response/{name}"

    def fail_next(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail (HTTP status or ``ok: false``)."""
        with self._lock:
            self._failures[method] = Failure(status, error, retry_after, times)

    def grant(self, code: str, team_id: str, name: str = "Beta", bot_user_id: str = "UBOT2") -> Workspace:
        """Let ``code`` be exchanged once (``oauth.v2.access``) for a bot token of ``team_id``,
        as Slack does after someone approves the install; auth.test then knows the token."""
        workspace = Workspace(team_id, name, bot_user_id, f"xoxb-{team_id}-{next(self._ts)}-{code}-fake")
        with self._lock:
            self._codes[code] = workspace
        return workspace

    def refuse(self, token: str, error: str = "token_revoked") -> None:
        """Answer every call made with ``token`` with ``ok: false`` and ``error``."""
        with self._lock:
            self._refused[token] = error

    def refusal(self, token: str | None) -> str | None:
        with self._lock:
            return self._refused.get(token or "")

    def record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, predicate: Callable[[Call], bool] = lambda c: True, *, count: int = 1, timeout: float = 15.0
    ) -> list[Call]:
        """Block until ``count`` matching calls arrived; fail the test with what did arrive."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and predicate(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [(c.method, c.params.get("text", "")[:80]) for c in self.calls]
                    raise AssertionError(f"expected {count} {method} call(s); got {seen}")
                self._cond.wait(left)

    def take_failure(self, method: str) -> Failure | None:
        with self._lock:
            failure = self._failures.get(method)
            if failure is None:
                return None
            failure.remaining -= 1
            if failure.remaining <= 0:
                del self._failures[method]
            return failure

    def _new_ts(self) -> str:
        """A Slack timestamp: epoch seconds, and a sequence number so each is unique."""
        return f"{int(time.time())}.{next(self._ts):06d}"

    def _history(self, params: dict[str, Any], *, replies: bool) -> list[dict[str, Any]]:
        """Messages this fake accepted in a channel (or one thread), newest first, as Slack
        lists them: metadata only with include_all_metadata, nothing older than ``oldest``."""
        oldest = float(params.get("oldest") or 0)
        found = []
        for call in self.calls_to("chat.postMessage"):
            sent = call.params
            if sent.get("channel") != params.get("channel"):
                continue
            in_thread = sent.get("thread_ts")
            if replies and in_thread != params.get("ts"):
                continue
            if not replies and in_thread and not sent.get("reply_broadcast"):
                continue
            ts = str(call.response.get("ts"))
            if float(ts) < oldest:
                continue
            message: dict[str, Any] = {"type": "message", "ts": ts, "text": sent.get("text", ""), "bot_id": "B0001"}
            if sent.get("metadata") and params.get("include_all_metadata"):
                message["metadata"] = sent["metadata"]
            found.append(message)
        return list(reversed(found))

    def _oauth_access(self, params: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access as Slack answers it for a bot install (no user scopes asked)."""
        if self.client is None or (params.get("client_id"), params.get("client_secret")) != self.client:
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            workspace = self._codes.pop(str(params.get("code")), None)
            if workspace is not None:
                self._workspaces[workspace.token] = workspace
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "app_id": self.app_id,
            "authed_user": {"id": "U0INSTALLER"},
            "scope": "commands,chat:write,chat:write.public,channels:join,users:read,im:write",
            "token_type": "bot",
            "access_token": workspace.token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": workspace.team_id, "name": workspace.name},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _auth_test(self, token: str | None) -> dict[str, Any]:
        with self._lock:
            workspace = self._workspaces.get(token or "")
        team_id, name, user_id = (
            (workspace.team_id, workspace.name, workspace.bot_user_id)
            if workspace is not None
            else (self.team_id, "Fake", self.bot_user_id)
        )
        return {
            "ok": True,
            "url": f"https://{name.lower()}.slack.com/",
            "team": name,
            "user": "assay",
            "team_id": team_id,
            "user_id": user_id,
            "bot_id": "B" + user_id.removeprefix("U"),
            "is_enterprise_install": False,
        }

    def answer(self, method: str, params: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return self._oauth_access(params)
        if method == "auth.test":
            return self._auth_test(token)
        if method == "apps.connections.open":
            if not (token or "").startswith("xapp-"):
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_url} if self.socket_url else {"ok": False, "error": "internal_error"}
        if method in ("chat.postMessage", "chat.update"):
            ts = params.get("ts") or self._new_ts()
            return {
                "ok": True,
                "channel": params.get("channel"),
                "ts": ts,
                "message": {"text": params.get("text"), "ts": ts},
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._new_ts()}
        if method.startswith("views."):
            view = params.get("view") or {}
            return {
                "ok": True,
                "view": {**view, "id": "V0001", "hash": "h1"} if isinstance(view, dict) else {"id": "V0001"},
            }
        if method == "files.getUploadURLExternal":
            return {"ok": True, "upload_url": f"{self.server.url}/upload/F0001", "file_id": "F0001"}
        if method == "files.completeUploadExternal":
            return {"ok": True, "files": [{"id": "F0001", "title": params.get("files", [{}])[0].get("title", "")}]}
        if method == "conversations.join":
            return {"ok": True, "channel": {"id": params.get("channel")}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "")).lstrip("UW")}}
        if method in ("conversations.history", "conversations.replies"):
            return {"ok": True, "messages": self._history(params, replies=method == "conversations.replies")}
        if method == "users.info":
            return {"ok": True, "user": {"id": params.get("user"), "name": "someone", "tz": "UTC"}}
        return {"ok": True}


class _Handler(QuietHandler):
    def do_POST(self) -> None:
        fake: FakeSlack = self.owner
        raw = self.body()
        if self.path.startswith("/upload/"):
            fake.record(Call("file_upload", None, {"bytes": len(raw)}, self.path))
            self.send(200, b"OK", "text/plain")
            return
        params = _parse(raw, self.headers.get("Content-Type", ""))
        authorization = self.headers.get("Authorization") or ""
        if authorization.startswith("Basic "):  # oauth.v2.access: the client id and secret
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
            params.update(client_id=client_id, client_secret=client_secret)
            authorization = ""
        token = authorization.removeprefix("Bearer ") or params.pop("token", None)
        method = "response_url" if self.path.startswith("/response/") else self.path.removeprefix("/api/").split("?")[0]
        stall, done = fake.take_stall(method)
        if stall:
            if done:
                fake.record(
                    Call(method, token, params, self.path, dict(self.headers), fake.answer(method, params, token))
                )
            else:
                fake.record(Call(method + "#stalled", token, params, self.path))
            fake.stall()
            return  # the caller gave up long ago; the connection closes without an answer
        if method == "response_url":
            failure = fake.take_failure(method)
            if failure is not None:
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
                fake.record(Call("response_url#failed", None, params, self.path, dict(self.headers)))
                self.send(failure.status, b"rate_limited" if failure.status == 429 else b"error", "text/plain", headers)
                return
            fake.record(Call("response_url", None, params, self.path, dict(self.headers)))
            self.send(200, b"ok", "text/plain")
            return
        failure = fake.take_failure(method)
        if failure is not None and failure.status != 200:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            fake.record(Call(method + "#failed", token, params, self.path))
            self.send(
                failure.status,
                json.dumps({"ok": False, "error": "ratelimited" if failure.status == 429 else "fatal_error"}).encode(),
                headers=headers,
            )
            return
        refused = fake.refusal(token)
        if failure is not None:
            answer: dict[str, Any] = {"ok": False, "error": failure.error}
        elif refused is not None:
            answer = {"ok": False, "error": refused}
        else:
            answer = fake.answer(method, params, token)
        fake.record(
            Call(
                method if answer.get("ok") else method + "#failed", token, params, self.path, dict(self.headers), answer
            )
        )
        self.send(200, json.dumps(answer).encode())


def _parse(raw: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        data = json.loads(raw or b"{}")
        return data if isinstance(data, dict) else {"_": data}
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
    for key in JSON_PARAMS:
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params

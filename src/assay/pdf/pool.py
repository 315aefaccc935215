"""Warm PDF workers: long-lived child processes with pypdf imported, one job at a time each.

Starting an interpreter and importing pypdf costs about 150 ms, more than reading a generated
20-page paper, so workers are kept between jobs. Isolation stays per job: a worker runs under
its own address-space cap (fixed when it starts; a job asking for another cap gets another
worker), gives itself the job's CPU seconds, and is killed at the job's wall-clock deadline.
Any job that ends other than with the PDF's text (a limit, a refusal, a crash, a garbled
reply) costs the worker its life: it is killed, reaped and replaced by a fresh one for the next job, so what a
hostile PDF did to a process never reaches the next PDF. Workers are also retired after
``MAX_JOBS`` jobs or once their address space passes half their cap.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

WORKER_SCRIPT = Path(__file__).with_name("_worker.py")
EXIT_MEMORY = 3  # keep in step with _worker.EXIT_MEMORY (the worker imports nothing from us)
# Each worker may use up to its memory cap; a burst of /paper add must not multiply that.
MAX_WORKERS = 2
MAX_JOBS = 100
_CHUNK = 1 << 16


class WorkerTimeout(Exception):
    """The job passed its wall-clock deadline; the worker was killed."""


class WorkerDied(Exception):
    """The worker ended without an answer; ``returncode`` and ``stderr`` say how."""

    def __init__(self, returncode: int, stderr: bytes) -> None:
        super().__init__(f"PDF worker exited with {returncode}")
        self.returncode = returncode
        self.stderr = stderr


@dataclass
class Worker:
    memory_bytes: int
    process: subprocess.Popen[bytes]
    stderr: IO[bytes]
    jobs: int = 0
    pending: bytes = field(default=b"", repr=False)

    @classmethod
    def start(cls, memory_bytes: int) -> Worker:
        stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker; a file, not a pipe: a chatty worker can never block on it
        command = [sys.executable, "-P", str(WORKER_SCRIPT), str(memory_bytes)]  # -P: no shadowing
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
        return cls(memory_bytes, process, stderr)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def worn(self) -> bool:
        """Past its job count, or holding more than half its cap of address space."""
        if self.jobs >= MAX_JOBS:
            return True
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return False  # no /proc here: the job count alone retires workers
        for line in status.splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024 > self.memory_bytes // 2
        return False

    def run(self, header: dict[str, int], data: bytes, deadline: float) -> dict[str, Any]:
        """Send one job and wait for its answer until ``deadline`` (time.monotonic)."""
        self.jobs += 1
        message = json.dumps({**header, "size": len(data)}).encode() + b"\n" + data
        self._send(message, deadline)
        size = struct.unpack("!I", self._receive(4, deadline))[0]
        reply = json.loads(self._receive(size, deadline))
        if not isinstance(reply, dict):
            raise ValueError("the worker's answer is not a JSON object")
        return reply

    def _send(self, message: bytes, deadline: float) -> None:
        assert self.process.stdin is not None
        fd = self.process.stdin.fileno()
        os.set_blocking(fd, False)
        view = memoryview(message)
        while view:
            _readable, writable, _ = select.select([], [fd], [], self._left(deadline))
            if not writable:
                continue
            try:
                written = os.write(fd, view[:_CHUNK])
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise self._died() from None
            view = view[written:]

    def _receive(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while len(self.pending) < size:
            readable, _, _ = select.select([fd], [], [], self._left(deadline))
            if not readable:
                continue
            chunk = os.read(fd, max(_CHUNK, size - len(self.pending)))
            if not chunk:
                raise self._died()
            self.pending += chunk
        taken, self.pending = self.pending[:size], self.pending[size:]
        return taken

    def _left(self, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            self.stop()
            raise WorkerTimeout
        return left

    def _died(self) -> WorkerDied:
        code = self.process.wait()  # the pipe closed: it is gone or going
        self.stderr.seek(0)
        error = WorkerDied(code, self.stderr.read()[-2000:])
        self.stop()
        return error

    def stop(self) -> None:
        """Kill and reap the process; close its pipes and log file."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):  # a pipe the dead worker left unread
                    stream.close()


class WorkerPool:
    """At most ``size`` workers busy at once; idle ones wait for the next job."""

    def __init__(self, size: int = MAX_WORKERS) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list[Worker] = []
        self._owner = os.getpid()

    def run(self, header: dict[str, int], data: bytes, *, memory_bytes: int, deadline: float) -> dict[str, Any]:
        """Run one job on a warm worker; raises WorkerTimeout or WorkerDied (the worker is gone)."""
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise WorkerTimeout
        try:
            worker = self._take(memory_bytes)
            try:
                reply = worker.run(header, data, deadline)
            except BaseException:
                worker.stop()  # a limit, a crash, a garbled answer or an interrupt: never reused
                raise
            if reply.get("ok") is True:
                self._give_back(worker)
            else:  # a refused PDF (a limit reached, a damaged file): the next PDF gets a fresh process
                worker.stop()
            return reply
        finally:
            self._slots.release()

    def idle_pids(self) -> list[int]:
        with self._lock:
            return [worker.pid for worker in self._idle]

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def _take(self, memory_bytes: int) -> Worker:
        with self._lock:
            if self._owner != os.getpid():  # forked: the workers belong to the parent process
                self._idle, self._owner = [], os.getpid()
            for worker in self._idle:
                if worker.memory_bytes == memory_bytes:
                    self._idle.remove(worker)
                    if worker.alive():
                        return worker
                    worker.stop()  # died while idle (killed from outside): reap it, start another
                    break
        return Worker.start(memory_bytes)

    def _give_back(self, worker: Worker) -> None:
        if worker.worn():
            worker.stop()
            return
        with self._lock:
            self._idle.append(worker)
            extra = self._idle[:-MAX_WORKERS] if len(self._idle) > MAX_WORKERS else []
            self._idle = self._idle[-MAX_WORKERS:]
        for old in extra:  # workers for a memory cap no longer asked for
            old.stop()


POOL = WorkerPool()
atexit.register(POOL.close)

"""Download a paper's PDF without trusting the server.

The body is streamed and counted against a byte cap (the announced Content-Length is checked
first), every connect and read has a timeout, and the whole transfer has a wall-clock
deadline: a server that drips a byte every few seconds defeats per-read timeouts, so the
transfer runs in a helper thread that the caller stops waiting for at the deadline (its
socket is then shut down so the thread ends too). The first kilobyte must be a PDF header,
which catches HTML error and login pages served in place of the paper.
"""

from __future__ import annotations

import os
import socket
import threading
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import ReadTimeoutError

from assay.pdf.errors import PdfUnavailable
from assay.pdf.signature import HEAD_BYTES, looks_like_html, starts_like_pdf

CHUNK_BYTES = 64 * 1024
# arXiv PDFs are compressed already; refusing transfer compression also avoids gzip bombs.
_HEADERS = {"Accept": "application/pdf", "Accept-Encoding": "identity"}
_USER_AGENT = "assay/0.1 (research paper triage)"


def human_size(size: int) -> str:
    """A byte count in decimal units, as people say it: 50000000 -> "50 MB"."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


def _source(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host == "arxiv.org" or host.endswith(".arxiv.org"):
        return "arXiv"
    return f"the server at {host}" if host else "the server"


def _status_problem(status: int, source: str) -> str:
    if status in (404, 410):
        return f"{source} has no PDF at this address (HTTP {status})"
    if status == 429 or status >= 500:
        return f"{source} is busy or down (HTTP {status}); try again later"
    return f"{source} answered HTTP {status} instead of the PDF"


def _wake(response: requests.Response) -> None:
    """Shut the response's socket down so that a read blocked on it returns at once.

    Works through a duplicate of the descriptor: the socket object itself is private to
    urllib3 and http.client, and shutdown acts on the connection whichever descriptor names it.
    """
    try:
        duplicate = socket.socket(fileno=os.dup(response.raw.fileno()))
    except (AttributeError, OSError, ValueError):
        return  # already closed, or no socket at all (a test transport): nothing is blocked
    with duplicate:
        try:
            duplicate.shutdown(socket.SHUT_RDWR)
        except OSError:
            return  # the peer closed first: the read has already returned


class _Transfer:
    """One download, run in a helper thread; the caller reads ``body`` or ``problem``."""

    def __init__(self, url: str, *, max_bytes: int, timeout: float, session: requests.Session) -> None:
        self.url = url
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.session = session
        self.source = _source(url)
        self.body: bytes | None = None
        self.problem: PdfUnavailable | None = None
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._response: requests.Response | None = None

    def run(self) -> None:
        try:
            self.body = self._download()
        except PdfUnavailable as problem:
            self.problem = problem
        except requests.Timeout:
            self.problem = PdfUnavailable(f"the download timed out after {self.timeout:g} s")
        except requests.TooManyRedirects:
            self.problem = PdfUnavailable("the PDF link redirected too many times")
        except requests.exceptions.ChunkedEncodingError:
            self.problem = PdfUnavailable(f"{self.source} cut the download off before the end")
        except requests.ConnectionError as error:
            if error.args and isinstance(error.args[0], ReadTimeoutError):
                self.problem = PdfUnavailable(f"the download timed out after {self.timeout:g} s")
            else:
                self.problem = PdfUnavailable(f"could not download the PDF from {self.source}")
        except requests.RequestException as error:
            self.problem = PdfUnavailable(f"the download failed ({type(error).__name__})")

    def cancel(self) -> None:
        """Stop the transfer; shutting the socket down wakes a read blocked on a slow server."""
        self._cancelled.set()
        # The lock keeps the response (and so its file descriptor) open while we use it.
        with self._lock:
            if self._response is not None:
                _wake(self._response)

    def _download(self) -> bytes:
        timeouts = (self.timeout, self.timeout)
        response = self.session.get(self.url, stream=True, timeout=timeouts, headers=_HEADERS)
        with self._lock:
            self._response = response
        try:
            if self._cancelled.is_set():
                raise PdfUnavailable("the download was stopped")
            if response.status_code != 200:
                raise PdfUnavailable(_status_problem(response.status_code, self.source))
            self._check_announced_size(response.headers.get("Content-Length"))
            return self._read_body(response)
        finally:
            with self._lock:
                self._response = None
                response.close()

    def _check_announced_size(self, length: str | None) -> None:
        if length is not None and length.strip().isdigit() and int(length) > self.max_bytes:
            raise PdfUnavailable(
                f"the PDF is larger than {human_size(self.max_bytes)} "
                f"({self.source} announced {human_size(int(length))})"
            )

    def _read_body(self, response: requests.Response) -> bytes:
        body = bytearray()
        checked = False
        content_type = response.headers.get("Content-Type", "")
        for chunk in response.iter_content(CHUNK_BYTES):
            if self._cancelled.is_set():
                raise PdfUnavailable("the download was stopped")
            body += chunk
            if len(body) > self.max_bytes:
                raise PdfUnavailable(f"the PDF is larger than {human_size(self.max_bytes)}")
            if not checked and len(body) >= HEAD_BYTES:
                self._check_is_pdf(bytes(body[:HEAD_BYTES]), content_type)
                checked = True
        if not body:
            raise PdfUnavailable(f"{self.source} returned an empty file instead of the PDF")
        if not checked:
            self._check_is_pdf(bytes(body), content_type)
        return bytes(body)

    def _check_is_pdf(self, head: bytes, content_type: str) -> None:
        if starts_like_pdf(head):
            return
        if looks_like_html(head) or "html" in content_type.lower():
            raise PdfUnavailable(f"{self.source} returned an HTML page instead of a PDF")
        raise PdfUnavailable(f"{self.source} returned something that is not a PDF")


def fetch_pdf(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    session: requests.Session | None = None,
    deadline: float | None = None,
) -> bytes:
    """Download the PDF at ``url`` (http or https) and return its bytes.

    ``timeout`` bounds connecting and each read; ``deadline`` (default: three times
    ``timeout``) bounds the whole transfer in wall-clock seconds. At most ``max_bytes`` are
    accepted, checked against Content-Length and against the bytes that arrive. A given
    ``session`` is used as is (its headers, adapters and proxies) and left open.

    Raises PdfUnavailable with a plain-words ``reason``: too large, not a PDF (for example
    an HTML page), an HTTP error, a timeout, or a connection failure.
    """
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise PdfUnavailable("the PDF link is not a web (http or https) address")
    total = deadline if deadline is not None else 3 * timeout
    own_session = session is None
    if session is None:
        session = requests.Session()
        session.headers["User-Agent"] = _USER_AGENT
    transfer = _Transfer(url, max_bytes=max_bytes, timeout=timeout, session=session)
    worker = threading.Thread(target=transfer.run, name="assay-pdf-download", daemon=True)
    try:
        worker.start()
        worker.join(total)
        if worker.is_alive():
            transfer.cancel()
            raise PdfUnavailable(f"the download took longer than {total:g} s")
    finally:
        if own_session and not worker.is_alive():
            session.close()
    if transfer.problem is not None:
        raise transfer.problem
    if transfer.body is None:
        raise PdfUnavailable("the download ended without a PDF")
    return transfer.body

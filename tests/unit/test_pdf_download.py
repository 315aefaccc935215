"""fetch_pdf against a loopback HTTP server started by the test (never the internet)."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter

from assay.pdf import PdfUnavailable, fetch_pdf
from tests.pdfmaker import html_page, paper_pages, paper_pdf

PAPER = paper_pdf(paper_pages(("Abstract", "A small paper for download tests.")))
Route = Callable[["LoopbackHandler"], None]


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1:0; each test registers what its paths do."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.stop = threading.Event()
        self.client_gone = threading.Event()
        self.bytes_sent = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), LoopbackHandler)
        self.httpd.daemon_threads = True
        self.httpd.loopback = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


class LoopbackHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server: LoopbackServer = self.server.loopback  # type: ignore[attr-defined]
        try:
            server.routes[self.path](self)
        except (BrokenPipeError, ConnectionResetError):
            server.client_gone.set()

    def send(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.server.loopback.bytes_sent += len(data)  # type: ignore[attr-defined]

    def headers_for(self, status: int = 200, length: int | None = None, content_type: str = "application/pdf") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    loopback = LoopbackServer()
    loopback.thread.start()
    yield loopback
    loopback.stop.set()
    loopback.httpd.shutdown()
    loopback.httpd.server_close()


def serve(body: bytes, *, status: int = 200, announce: bool = True, content_type: str = "application/pdf") -> Route:
    def route(handler: LoopbackHandler) -> None:
        handler.headers_for(status, len(body) if announce else None, content_type)
        handler.send(body)

    return route


def fetch(server: LoopbackServer, path: str, **options: Any) -> bytes:
    settings: dict[str, Any] = {"max_bytes": 1_000_000, "timeout": 5.0} | options
    return fetch_pdf(server.url(path), **settings)


def test_pdf_is_downloaded_whole(server: LoopbackServer) -> None:
    server.routes["/paper.pdf"] = serve(PAPER)
    assert fetch(server, "/paper.pdf") == PAPER


def test_pdf_without_content_length_is_downloaded_whole(server: LoopbackServer) -> None:
    server.routes["/paper.pdf"] = serve(PAPER, announce=False)
    assert fetch(server, "/paper.pdf") == PAPER


def test_redirect_to_the_pdf_is_followed(server: LoopbackServer) -> None:
    def redirect(handler: LoopbackHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", "/paper.pdf")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.routes["/abs"] = redirect
    server.routes["/paper.pdf"] = serve(PAPER)
    assert fetch(server, "/abs") == PAPER


def test_html_page_served_as_pdf_is_refused(server: LoopbackServer) -> None:
    server.routes["/paper.pdf"] = serve(html_page(), content_type="application/pdf")
    with pytest.raises(PdfUnavailable) as caught:
        fetch(server, "/paper.pdf")
    assert caught.value.reason == "the server at 127.0.0.1 returned an HTML page instead of a PDF"


def test_other_content_is_refused_as_not_a_pdf(server: LoopbackServer) -> None:
    server.routes["/paper.pdf"] = serve(b"PK\x03\x04" + bytes(3000), content_type="application/zip")
    with pytest.raises(PdfUnavailable, match="returned something that is not a PDF"):
        fetch(server, "/paper.pdf")


def test_empty_response_is_refused(server: LoopbackServer) -> None:
    server.routes["/paper.pdf"] = serve(b"")
    with pytest.raises(PdfUnavailable, match="returned an empty file instead of the PDF"):
        fetch(server, "/paper.pdf")


def test_announced_size_over_the_cap_is_refused_before_reading(server: LoopbackServer) -> None:
    def announce_a_gigabyte(handler: LoopbackHandler) -> None:
        handler.headers_for(length=1_000_000_000)
        handler.send(b"%PDF-1.7\n")
        server.stop.wait(10)

    server.routes["/huge.pdf"] = announce_a_gigabyte
    with pytest.raises(PdfUnavailable) as caught:
        fetch(server, "/huge.pdf", max_bytes=50_000_000)
    assert caught.value.reason == "the PDF is larger than 50 MB (the server at 127.0.0.1 announced 1 GB)"


def test_unannounced_stream_is_cut_off_at_the_cap(server: LoopbackServer) -> None:
    endless = 50_000_000

    def stream_without_length(handler: LoopbackHandler) -> None:
        handler.headers_for(length=None)
        handler.send(b"%PDF-1.7\n")
        chunk = b"0" * 65536
        while server.bytes_sent < endless and not server.stop.is_set():
            handler.send(chunk)

    server.routes["/stream.pdf"] = stream_without_length
    with pytest.raises(PdfUnavailable) as caught:
        fetch(server, "/stream.pdf", max_bytes=200_000)
    assert caught.value.reason == "the PDF is larger than 200 kB"
    assert server.client_gone.wait(10), "the client should hang up instead of reading on"
    assert server.bytes_sent < endless


def test_slow_drip_is_stopped_at_the_deadline(server: LoopbackServer) -> None:
    def drip(handler: LoopbackHandler) -> None:
        handler.headers_for(length=100_000)
        handler.send(b"%PDF-1.7\n")
        while not server.stop.is_set():
            handler.send(b"0")
            time.sleep(0.02)

    server.routes["/drip.pdf"] = drip
    with pytest.raises(PdfUnavailable) as caught:
        fetch(server, "/drip.pdf", timeout=5.0, deadline=1.0)
    assert caught.value.reason == "the download took longer than 1 s"
    assert server.client_gone.wait(10), "the abandoned transfer should close its connection"


def test_headers_dripped_slowly_do_not_hold_the_caller(server: LoopbackServer) -> None:
    def drip_headers(handler: LoopbackHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not server.stop.is_set():
            handler.send(b"a")
            time.sleep(0.02)

    server.routes["/slow.pdf"] = drip_headers
    with pytest.raises(PdfUnavailable, match="the download took longer than 1 s"):
        fetch(server, "/slow.pdf", timeout=5.0, deadline=1.0)


def test_silent_server_times_out(server: LoopbackServer) -> None:
    def silent(handler: LoopbackHandler) -> None:
        handler.headers_for(length=len(PAPER))
        server.stop.wait(10)

    server.routes["/silent.pdf"] = silent
    with pytest.raises(PdfUnavailable) as caught:
        fetch(server, "/silent.pdf", timeout=0.5)
    assert caught.value.reason == "the download timed out after 0.5 s"


def test_download_cut_short_is_reported(server: LoopbackServer) -> None:
    def cut(handler: LoopbackHandler) -> None:
        handler.headers_for(length=len(PAPER))
        handler.send(PAPER[:500])

    server.routes["/cut.pdf"] = cut
    with pytest.raises(PdfUnavailable, match="cut the download off before the end"):
        fetch(server, "/cut.pdf")


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "the server at 127.0.0.1 has no PDF at this address (HTTP 404)"),
        (503, "the server at 127.0.0.1 is busy or down (HTTP 503); try again later"),
        (403, "the server at 127.0.0.1 answered HTTP 403 instead of the PDF"),
    ],
)
def test_http_errors_are_explained(server: LoopbackServer, status: int, reason: str) -> None:
    server.routes["/paper.pdf"] = serve(html_page("Error"), status=status, content_type="text/html")
    with pytest.raises(PdfUnavailable) as caught:
        fetch(server, "/paper.pdf")
    assert caught.value.reason == reason


def test_unreachable_server_is_explained() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PdfUnavailable, match="could not download the PDF from the server at 127.0.0.1"):
        fetch_pdf(f"http://127.0.0.1:{port}/paper.pdf", max_bytes=1000, timeout=2.0)


def test_non_web_address_is_refused_without_a_request() -> None:
    with pytest.raises(PdfUnavailable, match="not a web"):
        fetch_pdf("file:///etc/passwd", max_bytes=1000, timeout=1.0)


class ArxivCaptcha(BaseAdapter):
    """A transport that answers every request like arXiv's bot check: an HTML page."""

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "text/html; charset=utf-8"
        response.raw = io.BytesIO(html_page())
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        return


def test_given_session_is_used_and_arxiv_is_named() -> None:
    session = requests.Session()
    session.mount("https://arxiv.org/", ArxivCaptcha())
    with pytest.raises(PdfUnavailable) as caught:
        fetch_pdf("https://arxiv.org/pdf/2206.10883v3", max_bytes=1_000_000, timeout=1.0, session=session)
    assert caught.value.reason == "arXiv returned an HTML page instead of a PDF"

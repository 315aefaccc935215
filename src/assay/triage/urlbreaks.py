"""Rejoin URLs that PDF text extraction split across lines.

LaTeX breaks long URLs at any ``/``, ``.`` or ``-`` without a hyphen, so the extracted text
holds ``https://github.com/multi`` on one line and ``lexsum/dataset`` on the next. Ordinary
words also follow URLs at line starts ("...github.com/a/b\\nand"), so a line is only glued
to the next when the URL is visibly unfinished:

- only a scheme so far (``http:`` or ``https://``);
- an unfinished host (``github.`` + ``com/x/y``, ``https://multilexsum.`` + ``github.io``);
- a code-host URL short of its repository level (``github.com/owner`` + ``repo/...``) when
  the next token itself looks like a path, or the URL ends in a separator;
- a URL ending in ``-`` or ``_``, or in ``/`` with a path-like next token.
"""

from __future__ import annotations

import re

_SCHEME_ONLY = re.compile(r"https?:(?://?)?", re.IGNORECASE)
_URL_START = re.compile(
    r"https?:|(?<![\w@.-])(?:www\.)?(?:github|gitlab|bitbucket|huggingface|hf)(?=[./]|$)",
    re.IGNORECASE,
)
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)
_LOWER_HOST_START = re.compile(r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*(?=[/,.;:)\]]|$)")
CODE_HOST = re.compile(
    r"(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|hf\.co|[a-z0-9-]+\.git(?:hub|lab)\.io)",
    re.IGNORECASE,
)
_PATH_LIKE = re.compile(r"[^\s/]+/|[\w-]+\.[a-z]{2,}\b|[\w]+[-_=&?#][\w]")
_TRAILING_PUNCTUATION = ".,;:!?)]}>'\""
# Real URLs wrap over two or three lines; the cap keeps hostile text linear.
MAX_CONTINUATIONS = 4
_REPO_DEPTH = {"github.com": 2, "gitlab.com": 2, "bitbucket.org": 2, "huggingface.co": 2, "hf.co": 2}


def _url_at_line_end(line: str) -> str | None:
    words = line.rstrip().rsplit(None, 1)
    if not words:
        return None
    last = words[-1]
    start = _URL_START.search(last)
    return last[start.start() :] if start else None


def _required_depth(host: str, segments: list[str]) -> int:
    host = host.lower().removeprefix("www.")
    depth = _REPO_DEPTH.get(host, 0)
    if host in ("huggingface.co", "hf.co") and segments[:1] in (["datasets"], ["spaces"]):
        depth = 3
    return depth


def _glues_host(url: str, token: str) -> bool:
    """``url`` ends inside its host name: glue when the two halves make a plausible host."""
    piece = _LOWER_HOST_START.match(token)
    if piece is None:
        return False
    host = url.split("://", 1)[-1] + piece.group(0)
    if not _HOST.fullmatch(host):
        return False
    return "://" in url or CODE_HOST.fullmatch(host) is not None


def should_glue(url: str, token: str) -> bool:
    """True when ``url`` (at a line end) continues with ``token`` (starting the next line)."""
    if not token or "://" in token:
        return False
    if _SCHEME_ONLY.fullmatch(url):
        return token.startswith("/") or url.endswith("//")
    rest = url.split("://", 1)[-1]
    host, slash, path = rest.partition("/")
    if not slash:
        if host.endswith((".", "-")):
            return _glues_host(url, token)
        return CODE_HOST.fullmatch(host) is not None and token.startswith("/")
    if _URL_START.match(token):
        return False  # the next line starts a URL of its own
    path_like = _PATH_LIKE.match(token.rstrip(_TRAILING_PUNCTUATION)) is not None
    segments = [segment for segment in path.split("/") if segment]
    if len(segments) < _required_depth(host, segments):
        return path_like or url.endswith(("/", "-", "_"))
    if url.endswith(("-", "_")):
        return True
    return url.endswith("/") and path_like


def join_broken_urls(text: str) -> str:
    """``text`` with line breaks inside URLs removed (see the module notes for the rules)."""
    lines = text.split("\n")
    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        for _ in range(MAX_CONTINUATIONS):
            if index + 1 >= len(lines):
                break
            url = _url_at_line_end(line)
            following = lines[index + 1].lstrip()
            token = following.split(None, 1)[0] if following.strip() else ""
            if url is None or not should_glue(url, token):
                break
            line = line.rstrip() + following
            index += 1
        joined.append(line)
        index += 1
    return "\n".join(joined)

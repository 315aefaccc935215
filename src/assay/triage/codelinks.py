"""Find links to a paper's code: GitHub, GitLab, Bitbucket, Hugging Face and project pages.

Links on code hosts are always taken and cut to the repository (``github.com/owner/repo``).
Other addresses count only as project pages, and only conservatively: ``*.github.io`` and
``*.gitlab.io`` sites, or a full ``http(s)://`` address announced a few words earlier in the
same sentence by "code", "project page", "available at" and the like.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from assay.triage.text import clean_text
from assay.triage.urlbreaks import CODE_HOST, join_broken_urls

_CODE_HOST_URL = re.compile(
    r"(?<![\w@.-])(?:https?://)?(?:www\.)?"
    r"(?P<host>github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|hf\.co|[a-z0-9-]+\.git(?:hub|lab)\.io)"
    r"(?P<path>/[^\s<>\"'`{}|\\^]*)?",
    re.IGNORECASE,
)
_ANY_URL = re.compile(r"(?<![\w@.-])https?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_PAGE_CUE = re.compile(
    r"\b(?:code|codes|implementation|repository|repo|project (?:page|website|site|homepage)|homepage|"
    r"website|demo|available (?:at|on|from|via)|released at|can be (?:found|accessed) at)\b",
    re.IGNORECASE,
)
_CUE_WINDOW = 60
_OWNER = re.compile(r"/([A-Za-z0-9][A-Za-z0-9-]*)(?:/([A-Za-z0-9._-]+))?")
_SEGMENT = re.compile(r"[A-Za-z0-9._~%-]+")
_TRAILING = ".,;:!?)]}>'\"*"
# First path segments that are GitHub's own pages, not an owner.
_GITHUB_RESERVED = frozenset((
    "about", "apps", "blog", "collections", "contact", "customer-stories", "enterprise", "events",
    "explore", "features", "join", "login", "marketplace", "new", "notifications", "pricing", "pulls",
    "issues", "readme", "search", "security", "settings", "site", "sponsors", "topics", "trending",
))  # fmt: skip
_GITLAB_STOP = frozenset({"-", "tree", "blob", "raw", "issues", "merge_requests", "wikis"})
_HF_RESERVED = frozenset((
    "blog", "docs", "join", "learn", "login", "models", "papers", "pricing", "settings", "tasks", "welcome",
))  # fmt: skip
# Papers, DOIs and social sites are cited constantly and are never a paper's own code.
_NOT_PROJECT_PAGES = (
    "arxiv.org", "doi.org", "aclanthology.org", "aclweb.org", "openreview.net", "dl.acm.org",
    "ieeexplore.ieee.org", "proceedings.neurips.cc", "papers.nips.cc", "proceedings.mlr.press",
    "openaccess.thecvf.com", "link.springer.com", "sciencedirect.com", "creativecommons.org",
    "twitter.com", "x.com", "linkedin.com", "wikipedia.org", "scholar.google.com", "orcid.org",
    "paperswithcode.com", "semanticscholar.org",
)  # fmt: skip


def _github_like(host: str, path: str) -> str | None:
    match = _OWNER.match(path)
    if match is None:
        return None
    owner, repo = match.group(1), match.group(2)
    if host == "github.com" and owner.lower() == "orgs" and repo:
        owner, repo = repo, None
    elif host == "github.com" and owner.lower() in _GITHUB_RESERVED:
        return None
    repo = (repo or "").rstrip(".").removesuffix(".git").rstrip(".")
    return f"https://{host}/{owner}" + (f"/{repo}" if repo else "")


def _gitlab(path: str) -> str | None:
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        if segment in _GITLAB_STOP or not _SEGMENT.fullmatch(segment) or len(kept) == 4:
            break
        kept.append(segment)
    if kept:
        kept[-1] = kept[-1].removesuffix(".git")
    return "https://gitlab.com/" + "/".join(kept) if kept and kept[0] else None


def _hugging_face(path: str) -> str | None:
    segments = []
    for segment in path.split("/")[1:]:
        if not _SEGMENT.fullmatch(segment):
            break
        segments.append(segment)
    if not segments or segments[0].lower() in _HF_RESERVED:
        return None
    depth = 3 if segments[0] in ("datasets", "spaces") else 2
    if len(segments) < depth - 1:
        return None
    return "https://huggingface.co/" + "/".join(segments[:depth])


def _page(host: str, path: str) -> str:
    segments = []
    for segment in path.split("/")[1:]:
        if not _SEGMENT.fullmatch(segment):
            break
        segments.append(segment)
    if segments and segments[-1].lower() in ("index.html", "index.htm"):
        segments.pop()
    return f"https://{host}" + "".join(f"/{segment}" for segment in segments if segment)


def normalise_code_url(host: str, path: str) -> str | None:
    """The canonical form of a code-host link, or None when it does not point at code."""
    host = host.lower().removeprefix("www.")
    path = re.split(r"[?#]", path, maxsplit=1)[0].rstrip(_TRAILING)
    if host in ("github.com", "bitbucket.org"):
        return _github_like(host, path)
    if host == "gitlab.com":
        return _gitlab(path)
    if host in ("huggingface.co", "hf.co"):
        return _hugging_face(path)
    return _page(host, path)  # *.github.io and *.gitlab.io project pages


def _host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # e.g. "http://[" : an unbalanced IPv6 bracket
        return ""


def _announced_page(text: str, start: int, url: str) -> str | None:
    url = url.rstrip(_TRAILING)
    host = _host_of(url)
    if not host or any(host == bad or host.endswith("." + bad) for bad in _NOT_PROJECT_PAGES):
        return None
    before = text[max(0, start - _CUE_WINDOW) : start]
    sentence = re.split(r"[.!?]\s|\n\s*\n", before)[-1]
    if not _PAGE_CUE.search(sentence):
        return None
    return _page(host.removeprefix("www."), urlsplit(url).path.rstrip(_TRAILING))


def links_with_positions(text: str) -> list[tuple[int, str]]:
    """Each code link of an already cleaned text (see :func:`searchable`) with where it starts."""
    found: list[tuple[int, str]] = []
    for match in _CODE_HOST_URL.finditer(text):
        link = normalise_code_url(match.group("host"), match.group("path") or "")
        if link:
            found.append((match.start(), link))
    for match in _ANY_URL.finditer(text):
        if CODE_HOST.fullmatch(_host_of(match.group(0))):
            continue  # judged above, as a code host
        page = _announced_page(text, match.start(), match.group(0))
        if page:
            found.append((match.start(), page))
    return sorted(found)


def searchable(text: str) -> str:
    """The text as links are searched in it: cleaned, URLs broken across lines rejoined."""
    return join_broken_urls(clean_text(text))


def find_code_links(*texts: str) -> list[str]:
    """Code links in the given texts (abstract, arXiv comment, PDF text, PDF link URIs...).

    Links are normalised (https, lower-case host, no trailing punctuation, ``.git`` or
    slash; code hosts cut to the repository) and listed once each, in order of first
    appearance, texts in the order given. URLs broken across lines are rejoined first.
    """
    seen: dict[str, str] = {}
    for text in texts:
        if not text:
            continue
        for _, link in links_with_positions(searchable(text)):
            seen.setdefault(link.lower(), link)
    return list(seen.values())

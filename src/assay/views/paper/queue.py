"""``/paper queue`` and ``/paper search``: lists of papers, one line each."""

from __future__ import annotations

from datetime import datetime

from assay.replies import Block, Context, Header, Reply, Section
from assay.services.papers.search import SearchHit, SearchResult
from assay.services.papers.workflow import QueueItem
from assay.textfmt import esc, link, truncate, user
from assay.views.paper.card import PRIORITY_EMOJI

QUEUE_SHOWN = 60  # lines in the message; `data` always holds the whole queue


def _title(title: str, url: str | None, limit: int = 150) -> str:
    short = truncate(" ".join(title.split()), limit)
    return link(url, short) if url else esc(short)


def _priority(priority: str | None) -> str:
    if not priority:
        return "unscored"
    return f"{PRIORITY_EMOJI.get(priority, '')} {priority}".strip()


def _waiting(added_at: datetime, now: datetime) -> str:
    days = max(0, (now - added_at).days)
    return "added today" if days == 0 else f"added {days} day{'s' * (days != 1)} ago"


def queue_line(item: QueueItem, now: datetime) -> str:
    reader = user(item.reader) if item.reader else "no reader"
    return (
        f"`{item.handle}` {_priority(item.priority)} · *{esc(item.stage)}* · {reader} · "
        f"{_waiting(item.added_at, now)}\n      {_title(item.title, item.abs_url)}"
    )


def queue_reply(items: list[QueueItem], *, mine: bool, now: datetime) -> Reply:
    """The reading queue, highest priority and longest waiting first."""
    title = "Your reading queue" if mine else "Reading queue"
    data = {"papers": [item.data() for item in items]}
    if not items:
        empty = (
            "You are not the reader of any unread or in-progress paper. "
            "Take one with `/paper assign P3 @you` or the card's *Assign to me* button."
            if mine
            else "No paper is waiting to be read. Add one with `/paper add 1706.03762` (any arXiv id or link)."
        )
        return Reply(text=f"{title}: empty.", blocks=[Section(empty)], data=data)
    blocks: list[Block] = [
        Header(f"{title} — {len(items)} paper{'s' * (len(items) != 1)}"),
        Section("\n".join(queue_line(item, now) for item in items[:QUEUE_SHOWN])),
    ]
    if len(items) > QUEUE_SHOWN:
        blocks.append(Context((f"{len(items) - QUEUE_SHOWN} more not shown (the lowest priority ones).",)))
    stages = "Stages: unread → pass 1 → pass 2 → pass 3, then decided (or dropped)."
    blocks.append(Context((f"By priority, then longest waiting. {stages}",)))
    return Reply(text=f"{title}: {len(items)} papers.", blocks=blocks, data=data)


def _hit_text(hit: SearchHit) -> str:
    reader = f" · {user(hit.reader)}" if hit.reader else ""
    lines = [
        f"`{hit.handle}` {_priority(hit.priority)} · *{esc(hit.stage)}*{reader} — {_title(hit.title, hit.abs_url)}",
        f"_found in the {', '.join(hit.found_in)}_",
    ]
    if hit.snippet:
        lines.append("> " + esc(truncate(" ".join(hit.snippet.split()), 400)))
    return "\n".join(lines)


def search_reply(result: SearchResult, words: str) -> Reply:
    """Search results, best first, with where the words were found."""
    data = {
        "query": words,
        "total": result.total,
        "papers": [hit.data() for hit in result.hits],
    }
    shown = esc(truncate(words, 100))
    if not result.hits:
        text = (
            f"No paper here mentions all of: {shown}. "
            "Titles, abstracts, technique hints, drop reasons and reading notes were searched, ignoring case and "
            "accents."
        )
        return Reply(text=f"No paper matches {esc(truncate(words, 100))}.", blocks=[Section(text)], data=data)
    blocks: list[Block] = [Header(truncate(f"Papers matching “{words}”", 150))]
    blocks += [Section(_hit_text(hit)) for hit in result.hits]
    if result.total > len(result.hits):
        blocks.append(Context((f"{result.total - len(result.hits)} more match; add words to narrow the search.",)))
    return Reply(
        text=f"{result.total} paper{'s' * (result.total != 1)} match {esc(truncate(words, 100))}.",
        blocks=blocks,
        data=data,
    )

"""The weekly digest message: what happened in the last seven days, and what is due next."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from assay.replies import Block, Context, Header, Section
from assay.scheduling.calendar import local_text
from assay.textfmt import esc, truncate, user
from assay.views.gutcheck.cards import verdict_words

if TYPE_CHECKING:  # the digest service composes with this view
    from assay.services.digest import Digest


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def digest_blocks(digest: Digest) -> tuple[str, list[Block]]:
    tz = digest.timezone
    period = f"{local_text(digest.since, tz)} – {local_text(digest.until, tz)}"
    summary = ", ".join(
        (
            _count(digest.papers_total, "paper") + " added",
            _count(digest.passes, "reading pass", "reading passes") + " completed",
            _count(digest.moves_total, "radar move"),
            _count(len(digest.verdicts), "gut-check verdict"),
            f"{_count(digest.replies, 'reply', 'replies')} in {_count(digest.threads, 'thread')}",
        )
    )
    blocks: list[Block] = [Header("Research digest — the week in Assay"), Context((period, summary))]
    if digest.papers:
        lines = [
            f"• `{p['handle']}` {esc(truncate(p['title'], 140))} — {p['priority'] or 'unscored'}, {esc(p['stage'])}"
            for p in digest.papers
        ]
        more = digest.papers_total - len(digest.papers)
        blocks.append(Section("*New papers*\n" + "\n".join(lines) + (f"\n…and {more} more." if more > 0 else "")))
    if digest.moves:
        lines = [
            f"• *{esc(m['technique'])}* "
            + (f"new in {m['to']}" if m["from"] is None else f"{m['from']} → {m['to']}")
            + f" ({user(m['by'])})"
            for m in digest.moves
        ]
        blocks.append(Section("*Radar moves*\n" + "\n".join(lines)))
    if digest.verdicts:
        lines = [
            f"• `{v['id']}` {verdict_words(v['verdict'])}: {esc(truncate(v['claim'], 160))}" for v in digest.verdicts
        ]
        blocks.append(Section("*Gut-check verdicts*\n" + "\n".join(lines)))
    if digest.deadlines:
        lines = [
            f"• {_day(d['day'])}: {esc(d['what'])}" + (f" — {user(d['who'])}" if d.get("who") else "")
            for d in digest.deadlines
        ]
        blocks.append(Section("*Due in the coming week*\n" + "\n".join(lines)))
    return f"Research digest: {summary}.", blocks


def _day(iso: str) -> str:
    return f"{date.fromisoformat(iso):%a %d %b}"

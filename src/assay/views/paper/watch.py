"""arXiv watches: the answers to ``/paper watch``, ``watch list`` and ``unwatch``, and the digest."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from assay.ids import ActionId
from assay.replies import Block, Button, Context, Header, Reply, Section
from assay.services.papers.watch.new_versions import NewVersion
from assay.services.papers.watch.scan import WatchHit
from assay.services.papers.watch.setup import WatchAdded, watch_handle
from assay.storage.models import PaperWatch
from assay.textfmt import channel, esc, link, truncate
from assay.views.paper.card import PRIORITY_EMOJI, short_authors
from assay.views.times import shown_time

DIGEST_SHOWN = 20  # papers listed in one digest message


def watch_data(watch: PaperWatch) -> dict[str, Any]:
    return {
        "id": watch_handle(watch),
        "channel": watch.channel,
        "category": watch.category,
        "keywords": list(watch.keywords),
        "exclude": list(watch.exclude),
        "cross": watch.cross,
        "last_scan_at": watch.last_scan_at.isoformat() if watch.last_scan_at else None,
    }


def describe(watch: PaperWatch) -> str:
    """``cs.LG`` with keywords "a", "b", excluding "c" — in mrkdwn."""
    text = f"*{esc(watch.category)}*"
    if watch.keywords:
        text += " with any of " + ", ".join(f"“{esc(k)}”" for k in watch.keywords)
    else:
        text += ", every new submission"
    if watch.exclude:
        text += ", excluding " + ", ".join(f"“{esc(x)}”" for x in watch.exclude)
    if watch.cross:
        text += ", cross-lists included"
    return text


def watch_added_reply(added: WatchAdded) -> Reply:
    watch = added.watch
    h = watch_handle(watch)
    if not added.created:
        text = f"This channel already has this watch: `{h}` — {describe(watch)}. Nothing was added."
    else:
        text = (
            f"`{h}` watches {describe(watch)} for {channel(watch.channel)}. What arXiv announces there each "
            "day is posted here every morning, ranked by priority, each paper only once (nothing on a "
            f"day with nothing new). Stop with `/paper unwatch {h}`."
        )
    data = {"id": h, "existing": not added.created}
    return Reply(text=f"{h}: watching {watch.category}.", blocks=[Section(text)], data=data)


def watch_list_reply(watches: list[PaperWatch], zone: tzinfo | None = None) -> Reply:
    data = {"watches": [watch_data(w) for w in watches]}
    if not watches:
        text = 'No arXiv watch is set up. Start one with `/paper watch cs.LG keywords="diffusion, LoRA"`.'
        return Reply(text="No watches.", blocks=[Section(text)], data=data)
    lines = []
    for watch in watches:
        scanned = f"last scan {shown_time(watch.last_scan_at, zone)}" if watch.last_scan_at else "not scanned yet"
        lines.append(f"`{watch_handle(watch)}` {describe(watch)} → {channel(watch.channel)} · {scanned}")
    blocks: list[Block] = [Header(f"arXiv watches — {len(watches)}"), Section("\n".join(lines))]
    return Reply(text=f"{len(watches)} arXiv watches.", blocks=blocks, data=data)


def unwatch_reply(watch: PaperWatch) -> Reply:
    h = watch_handle(watch)
    text = f"`{h}` stopped: no more digests of {describe(watch)} in {channel(watch.channel)}."
    return Reply(text=f"{h} stopped.", blocks=[Section(text)], data={"id": h, "active": False})


def _hit_text(hit: WatchHit) -> str:
    title = link(hit.abs_url, truncate(hit.title, 200))
    emoji = PRIORITY_EMOJI.get(hit.priority, "")
    facts = [
        f"{emoji} {hit.priority} ({hit.priority_score})".strip(),
        esc(hit.paper_type) + " (estimated)",
        "code" if hit.code_urls else "no code link",
        esc(", ".join(hit.categories[:4])),
    ]
    if hit.announce_type == "cross":
        facts.append(f"cross-listed from {esc(hit.primary_category)}")
    if hit.matched:
        facts.append("matches " + ", ".join(f"“{esc(m)}”" for m in hit.matched))
    lines = [f"*{title}*", esc(truncate(short_authors(list(hit.authors)), 200)), " · ".join(facts)]
    if hit.handle:
        lines.append(f"Already here as `{hit.handle}`.")
    return "\n".join(lines)


def _hit_section(hit: WatchHit) -> Section:
    """A paper of the digest, with an *Add to queue* button unless the team has it already."""
    button = None if hit.handle else Button(ActionId.WATCH_ADD_PAPER, "Add to queue", hit.arxiv_id, "primary")
    return Section(_hit_text(hit), button=button)


def watch_digest(watch: PaperWatch, hits: list[WatchHit], *, enrich_problem: str | None = None) -> Reply:
    """The daily digest of a scan for the watch's channel (best first; nothing when no hits)."""
    h = watch_handle(watch)
    data = {"id": h, "papers": [hit.data() for hit in hits]}
    if not hits:
        return Reply(text=f"{h}: no new submissions.", data=data, visibility="channel")
    blocks: list[Block] = [Header(truncate(f"New on arXiv {watch.category} — {len(hits)} for {h}", 150))]
    scored = "scored from the abstract only (no PDF read)"
    if enrich_problem:
        scored = f"scored from the listing only: {esc(truncate(enrich_problem, 200))}"
    blocks.append(Context((f"{describe(watch)} · {scored}",)))
    blocks += [_hit_section(hit) for hit in hits[:DIGEST_SHOWN]]
    if len(hits) > DIGEST_SHOWN:
        blocks.append(Context((f"{len(hits) - DIGEST_SHOWN} more with lower priority not shown.",)))
    return Reply(
        text=f"{h}: {len(hits)} new on arXiv {watch.category}.", blocks=blocks, data=data, visibility="channel"
    )


def stale_feed_notice(watch: PaperWatch, days: int) -> Reply:
    """Said once in the watch's channel when its category's listing feed looks frozen."""
    h = watch_handle(watch)
    text = (
        f"⚠️ `{h}`: arXiv's daily listing for *{esc(watch.category)}* has not changed for {days} announcement days; "
        "it may be stale. The digest resumes by itself when arXiv updates it."
    )
    return Reply(text=f"{h}: the arXiv listing for {watch.category} may be stale.", blocks=[Section(text)])


def new_version_note(version: NewVersion) -> Reply:
    """Said in a paper's home thread when arXiv announces a new version of it."""
    journal = f" Now published: {esc(truncate(version.journal_ref, 300))}." if version.journal_ref else ""
    text = (
        f"🆕 arXiv has announced *v{version.version}* of `{version.handle}`: {link(version.abs_url)}.{journal} "
        "The triage above was read from an earlier version."
    )
    return Reply(text=f"{version.handle}: v{version.version} is out on arXiv.", blocks=[Section(text)])

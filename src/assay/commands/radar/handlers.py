"""/radar's handlers: each reads its request, calls one service, builds the reply with a view.

The subcommands that route to them are listed in ``command.py``. ``data`` follows SPEC section 3.
"""

from __future__ import annotations

import time
from typing import Any

from assay.commands.context import Ctx
from assay.commands.radar.live import paper_cards, tally_follow_up, technique_cards
from assay.commands.radar.requests import (
    NoArgs,
    RadarAdd,
    RadarEdit,
    RadarGate,
    RadarList,
    RadarMove,
    RadarVote,
    TechniqueName,
    is_ring_word,
)
from assay.radar.rules import Ring, parse_ring
from assay.replies import Block, Context, HomeRef, Reply, Section
from assay.services.radar.casting import record_vote
from assay.services.radar.evidence import technique_links
from assay.services.radar.moves import history, latest_gates, move_technique, record_gate
from assay.services.radar.table import draw_radar, radar_rows, row_of
from assay.services.radar.techniques import add_technique, edit_technique, find_technique
from assay.services.radar.votes import vote_summary
from assay.textfmt import esc, user
from assay.views.radar.history import (
    gate_announcement,
    history_blocks,
    home_announcement,
    move_announcement,
    vote_said,
    votes_blocks,
)
from assay.views.radar.table import card_fallback, gates_text, radar_table, technique_card


def show_radar(ctx: Ctx, req: RadarList) -> Reply:
    """The table (all of it in a terminal, a page at a time in Slack); a ring word filters
    it, and any other word is taken as a technique to show."""
    ring: Ring | None = None
    if req.words:
        if not is_ring_word(req.words):
            return show(ctx, TechniqueName(technique=req.words))
        ring = parse_ring(req.words)
    with ctx.runtime.db.session() as session:
        rows = radar_rows(session, ctx.team_id)
    shown = [r for r in rows if ring is None or r.ring is ring]
    page = req.page or (1 if ctx.transport == "slack" else None)
    return Reply(
        text=f"Research radar: {len(shown)} technique{'' if len(shown) == 1 else 's'}",
        blocks=radar_table(rows, page=page, ring=ring),
        data={"techniques": [r.data() for r in shown]},
    )


def add(ctx: Ctx, req: RadarAdd) -> Reply:
    name, ring = req.placement()
    technique = add_technique(ctx, name, ring, req.fields, req.evidence, req.why, req.superseded_by)
    with ctx.runtime.db.session() as session:
        row = row_of(session, technique)
        links = technique_links(session, technique)
    return Reply(
        text=card_fallback(row),
        blocks=technique_card(row, links, posted=True),
        data=row.data(),
        visibility="channel",
        home=HomeRef("technique", technique.id or 0),
        updates=paper_cards(ctx, req.evidence),
        homes=(technique.owner,) if technique.owner else (),
    )


def show(ctx: Ctx, req: TechniqueName) -> Reply:
    with ctx.runtime.db.session() as session:
        technique = find_technique(session, ctx.team_id, req.name)
        row = row_of(session, technique)
        links = technique_links(session, technique)
        gates = {g.value: d.value for g, d in latest_gates(session, technique).items()}
    data: dict[str, Any] = {
        **row.data(),
        "quadrant": technique.quadrant,
        "description": technique.description,
        "papers": [f"P{p.number}" for p in links.papers],
        "gutchecks": [f"G{g.number}" for g in links.gutchecks],
        "gates": gates,
    }
    blocks = technique_card(row, links, gates=gates_text(gates))
    return Reply(text=card_fallback(row), blocks=blocks, data=data)


def edit(ctx: Ctx, req: RadarEdit) -> Reply:
    technique, linked = edit_technique(ctx, req.name, req.fields, req.evidence)
    with ctx.runtime.db.session() as session:
        row = row_of(session, technique)
        links = technique_links(session, technique)
    note = f"{esc(technique.name)} updated by {user(ctx.user_id)}" + (f"; linked {', '.join(linked)}" if linked else "")
    blocks: list[Block] = [Section(f"✏️ {note}.")]
    announcements = []
    if technique.thread_ts:  # worth a note in an existing thread, not a new post in the channel
        announcements.append(home_announcement(technique, ctx.channel_id, note, blocks, broadcast=False))
    card = technique_card(row, links, with_buttons=False)
    return Reply(
        text=note,
        blocks=[*blocks, *card],
        data=row.data(),
        announcements=announcements,
        updates=[*technique_cards(ctx, technique), *paper_cards(ctx, req.evidence)],
    )


def vote(ctx: Ctx, req: RadarVote) -> Reply:
    """The vote is recorded and confirmed at once; the tally and the redrawn card follow."""
    name, ring = req.target()
    recorded = record_vote(ctx, name, ring, req.why)
    since = time.monotonic()  # the vote is committed: a tally counted from now on includes it
    text = f"Vote recorded: {recorded.ring.value} for {esc(recorded.technique.name)}."
    return Reply(
        text=text, blocks=[vote_said(recorded)], follow_up=lambda: tally_follow_up(ctx, recorded.technique, since)
    )


def votes(ctx: Ctx, req: TechniqueName) -> Reply:
    with ctx.runtime.db.session() as session:
        summary = vote_summary(session, ctx.team_id, find_technique(session, ctx.team_id, req.name))
    return Reply(text=f"Votes on {esc(summary.technique.name)}", blocks=votes_blocks(summary), data=summary.data())


def move(ctx: Ctx, req: RadarMove) -> Reply:
    name, ring = req.target()
    outcome = move_technique(ctx, name, ring, req.why, req.fields, req.evidence, req.superseded_by)
    with ctx.runtime.db.session() as session:
        row = row_of(session, outcome.technique)
    text, blocks = move_announcement(row, outcome.move)
    done: list[Block] = [
        Section(f"Moved. {text}."),
        Context(("Posted in the technique's thread and the channel.",)),
    ]
    post = home_announcement(outcome.technique, ctx.channel_id, text, blocks, broadcast=True)
    return Reply(
        text=text,
        blocks=done,
        data=row.data(),
        announcements=[post],
        updates=[*technique_cards(ctx, outcome.technique), *paper_cards(ctx, req.evidence)],
    )


def show_history(ctx: Ctx, req: TechniqueName) -> Reply:
    with ctx.runtime.db.session() as session:
        hist = history(session, ctx.team_id, req.name)
    return Reply(
        text=f"History of {esc(hist.technique.name)}", blocks=history_blocks(hist, ctx.now().tzinfo), data=hist.data()
    )


def gate(ctx: Ctx, req: RadarGate) -> Reply:
    name, which, decision = req.decision()
    technique, record = record_gate(ctx, name, which, decision, req.why)
    text, blocks = gate_announcement(technique.name, record)
    data: dict[str, Any] = {"technique": technique.name, "gate": record.gate, "decision": record.decision}
    data |= {"why": record.why, "by": record.by, "at": record.at.isoformat()}
    done: list[Block] = [
        Section(f"Recorded. {text}."),
        Context(("Posted in the technique's thread; `/radar history` lists it.",)),
    ]
    post = home_announcement(technique, ctx.channel_id, text, blocks, broadcast=False)
    return Reply(text=text, blocks=done, data=data, announcements=[post])


def image(ctx: Ctx, req: NoArgs) -> Reply:
    path, count = draw_radar(ctx)
    title = f"Research radar — {count} technique{'' if count == 1 else 's'}"
    where = "posted in the channel" if ctx.transport == "slack" else f"written to {path}"
    return Reply(
        text=title,
        blocks=[Section(f"🖼️ The radar picture ({count} techniques) is {esc(where)}.")],
        data={"image_path": str(path), "techniques": count},
        image_path=path,
    )

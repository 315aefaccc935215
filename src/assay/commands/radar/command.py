"""/radar — the research radar: techniques in rings, votes, moves with reasons, stage gates.

Handlers stay thin: the request (``requests.py``) reads the words, a service does the
work in one transaction, a view builds the blocks. ``data`` follows SPEC section 3.
"""

from __future__ import annotations

from typing import Any

from assay.commands.context import Ctx
from assay.commands.radar.live import paper_cards, tally_follow_up, technique_cards
from assay.commands.radar.requests import (
    GATE_USAGE,
    MOVE_USAGE,
    VOTE_USAGE,
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
from assay.commands.registry import Command, Subcommand
from assay.radar.rules import RING_ORDER, Ring, parse_ring
from assay.replies import Block, Context, HomeRef, Reply, Section
from assay.services.radar.evidence import technique_links
from assay.services.radar.moves import history, latest_gates, move_technique, record_gate
from assay.services.radar.table import draw_radar, radar_rows, row_of
from assay.services.radar.techniques import add_technique, edit_technique, find_technique
from assay.services.radar.votes import record_vote, vote_summary
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
    text = f"Vote recorded: {recorded.ring.value} for {esc(recorded.technique.name)}."
    return Reply(text=text, blocks=[vote_said(recorded)], follow_up=lambda: tally_follow_up(ctx, recorded.technique))


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


RINGS = "|".join(r.value for r in RING_ORDER)
ON_TECHNIQUE: dict[str, Any] = {"positional": ("technique",), "rest": "more"}
SUBCOMMANDS: list[Subcommand[Any]] = [
    Subcommand(
        "list",
        "/radar [ring|technique] [page=N]",
        "The radar table: ring, owner, next action and due date, votes, and what moved since the last review.",
        RadarList,
        show_radar,
        rest="words",
        examples=("/radar", "/radar TRIAL"),
    ),
    Subcommand(
        "add",
        f'/radar add <technique> [ring={RINGS}] [owner=@u] [next="..."] [due=YYYY-MM-DD] [paper=P<n>] '
        '[gutcheck=G<n>] [quadrant="..."] [description="..."] [why="..."]',
        "Put a technique on the radar (ASSESS unless told) and post its card with vote buttons.",
        RadarAdd,
        add,
        **ON_TECHNIQUE,
        examples=(
            '/radar add "LoRA fine-tuning" owner=@alice next="fine-tune on support tickets" due=2026-12-15',
            "/radar add speculative-decoding paper=P12 quadrant=Inference",
        ),
    ),
    Subcommand(
        "show",
        "/radar show <technique>",
        "The technique's card: ring, owner, votes, evidence, gates.",
        TechniqueName,
        show,
        **ON_TECHNIQUE,
        examples=('/radar show "LoRA fine-tuning"',),
    ),
    Subcommand(
        "edit",
        '/radar edit <technique> [owner=@u] [next="..."] [due=YYYY-MM-DD] [quadrant="..."] [description="..."] '
        "[paper=P<n>] [gutcheck=G<n>]",
        "Change the owner, next action, due date or details, or link evidence, without moving it.",
        RadarEdit,
        edit,
        **ON_TECHNIQUE,
        examples=("/radar edit LoRA owner=@bob due=2026-12-20",),
    ),
    Subcommand(
        "vote",
        VOTE_USAGE,
        "Your vote for the ring a technique belongs in: one each, change it any time.",
        RadarVote,
        vote,
        **ON_TECHNIQUE,
        examples=('/radar vote LoRA TRIAL why="worked on our tickets"',),
    ),
    Subcommand(
        "votes",
        "/radar votes <technique>",
        "The tally, every vote with its reason, who changed their mind, and whether the votes disagree with "
        "the official ring.",
        TechniqueName,
        votes,
        **ON_TECHNIQUE,
        examples=("/radar votes LoRA",),
    ),
    Subcommand(
        "move",
        MOVE_USAGE,
        "Move a technique to an official ring. A reason always; TRIAL and ASSESS need an owner and a next "
        "action; SKIP needs what superseded it or the constraint it fails. Posted to its thread and the channel.",
        RadarMove,
        move,
        **ON_TECHNIQUE,
        examples=(
            '/radar move LoRA TRIAL why="beat full fine-tuning in G2" owner=@alice next="ship to 5%"',
            '/radar move "prompt tuning" SKIP why="superseded by LoRA"',
        ),
    ),
    Subcommand(
        "history",
        "/radar history <technique>",
        "Every move (from, to, why, by, when) and gate decision.",
        TechniqueName,
        show_history,
        **ON_TECHNIQUE,
        examples=("/radar history LoRA",),
    ),
    Subcommand(
        "gate",
        GATE_USAGE,
        "Record a stage-gate decision of the research-to-production pipeline, with who decided.",
        RadarGate,
        gate,
        **ON_TECHNIQUE,
        examples=('/radar gate LoRA validation yes why="G2 reproduced"',),
    ),
    Subcommand(
        "image",
        "/radar image",
        "The radar as a picture (PNG): rings, numbered blips, moved markers.",
        NoArgs,
        image,
        slow=True,
        working="Drawing the radar…",
        examples=("/radar image",),
    ),
]

COMMAND = Command(
    name="/radar",
    summary="the research radar: what to use, try, assess, hold or skip",
    subcommands=SUBCOMMANDS,
    default="list",
    fallback="list",
    notes=(
        "Rings: ADOPT (use it), TRIAL (trying it on real work), ASSESS (worth finding out), HOLD (not now), "
        'SKIP (ruled out). Names are case-insensitive; quote names with spaces: `/radar add "mixture of experts"`.',
    ),
)

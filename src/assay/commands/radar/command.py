"""/radar — the research radar: techniques in rings, votes, moves with reasons, stage gates.

The subcommands, their usage and examples; the handlers are in ``handlers.py``, the requests
that read the words in ``requests.py``.
"""

from __future__ import annotations

from typing import Any

from assay.commands.radar.handlers import add, edit, gate, image, move, show, show_history, show_radar, vote, votes
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
)
from assay.commands.registry import Command, Subcommand
from assay.radar.rules import RING_ORDER

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

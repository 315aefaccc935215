"""/paper queue, assign, drop, search — the reading workflow (watches live in watch.py)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from assay.commands.context import Ctx
from assay.commands.fields import Lowercase, ShortText, Text, UserRef
from assay.commands.paper import watch as paper_watch
from assay.commands.registry import Request, Subcommand
from assay.errors import UserError
from assay.replies import Reply
from assay.services.papers.card import load_card_state
from assay.services.papers.search import search_papers
from assay.services.papers.workflow import assign_reader, clean_reason, drop_paper, reading_queue
from assay.textfmt import esc
from assay.views.paper.queue import queue_reply, search_reply
from assay.views.paper.workflow import assigned_reply, dropped_reply


class PaperQueue(Request):
    scope: Annotated[Literal["mine", "all"], Lowercase] = "all"


def queue(ctx: Ctx, req: PaperQueue) -> Reply:
    mine = req.scope == "mine"
    items = reading_queue(ctx.runtime, ctx.team_id, reader=ctx.user_id if mine else None)
    return queue_reply(items, mine=mine, now=ctx.runtime.clock.now())


class PaperAssign(Request):
    paper: ShortText
    reader: UserRef


def assign(ctx: Ctx, req: PaperAssign) -> Reply:
    change = assign_reader(ctx.runtime, ctx.team_id, req.paper, req.reader)
    card = load_card_state(ctx.runtime, ctx.team_id, change.paper.id or 0) if change.changed else None
    return assigned_reply(change, by=ctx.user_id, card=card)


class PaperDrop(Request):
    paper: ShortText
    reason: Text | None = None
    words: str | None = None  # words after the paper: a reason given without reason=


def drop(ctx: Ctx, req: PaperDrop) -> Reply:
    if req.words:
        raise UserError(
            f'Put the reason in quotes after reason=, e.g. `/paper drop {esc(req.paper)} reason="{esc(req.words)}"`.'
        )
    change = drop_paper(ctx.runtime, ctx.team_id, req.paper, clean_reason(req.reason, req.paper))
    assert change is not None  # only a once_key can make a drop a repeat
    return dropped_reply(change, by=ctx.user_id, card=load_card_state(ctx.runtime, ctx.team_id, change.paper.id or 0))


def _words(value: str) -> str:
    if not value.strip():
        raise ValueError("give the words to look for")
    return value


class PaperSearch(Request):
    words: Annotated[str, Field(max_length=500), AfterValidator(_words)]


def search(ctx: Ctx, req: PaperSearch) -> Reply:
    return search_reply(search_papers(ctx.runtime, ctx.team_id, req.words), req.words)


QUEUE = Subcommand(
    name="queue",
    usage="/paper queue [mine|all]",
    summary="Unread and in-progress papers by priority, then longest waiting, with reader and stage.",
    request=PaperQueue,
    handler=queue,
    positional=("scope",),
    examples=("/paper queue", "/paper queue mine"),
)
ASSIGN = Subcommand(
    name="assign",
    usage="/paper assign <paper> <@user>",
    summary="Make someone the paper's reader (the reading stage stays; the card is redrawn).",
    request=PaperAssign,
    handler=assign,
    positional=("paper", "reader"),
    examples=("/paper assign P3 @alice",),
)
DROP = Subcommand(
    name="drop",
    usage='/paper drop <paper> reason="..."',
    summary="Drop a paper from the reading queue; the reason is required and kept.",
    request=PaperDrop,
    handler=drop,
    positional=("paper",),
    rest="words",
    examples=('/paper drop P3 reason="toy datasets only, no ablation"',),
)
SEARCH = Subcommand(
    name="search",
    usage="/paper search <words>",
    summary="Papers whose title, abstract, technique, drop reason or reading notes have every word (case and "
    "accents ignored).",
    request=PaperSearch,
    handler=search,
    rest="words",
    examples=("/paper search mixture of experts", "/paper search résumé"),
)

SUBCOMMANDS: list[Subcommand[Any]] = [QUEUE, ASSIGN, DROP, SEARCH, *paper_watch.SUBCOMMANDS]

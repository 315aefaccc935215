"""/paper watch, /paper watch list, /paper unwatch — daily arXiv digests for a channel.

``watch list`` is two words: ``watch`` routes here and a first word ``list`` lists.
"""

from __future__ import annotations

from typing import Any

from assay.commands.context import Ctx
from assay.commands.fields import ShortText, Text, YesNo
from assay.commands.registry import Request, Subcommand
from assay.errors import UserError
from assay.replies import Reply
from assay.services.papers.watch.setup import add_watch, list_watches, parse_category, parse_terms, stop_watch
from assay.views.paper.watch import unwatch_reply, watch_added_reply, watch_list_reply


class PaperWatchAdd(Request):
    category: ShortText
    keywords: Text | None = None
    exclude: Text | None = None
    cross: YesNo | None = None


def watch(ctx: Ctx, req: PaperWatchAdd) -> Reply:
    if req.category.lower() == "list":
        if req.keywords is not None or req.exclude is not None or req.cross is not None:
            raise UserError("`/paper watch list` takes no options.")
        return watch_list(ctx, PaperWatchList())
    category = parse_category(req.category)
    keywords = parse_terms(req.keywords, "keyword")
    exclude = parse_terms(req.exclude, "exclusion")
    added = add_watch(
        ctx.runtime, ctx.team_id, ctx.channel_id, ctx.user_id, category, keywords, exclude, cross=bool(req.cross)
    )
    return watch_added_reply(added)


class PaperWatchList(Request):
    pass


def watch_list(ctx: Ctx, req: PaperWatchList) -> Reply:
    del req
    return watch_list_reply(list_watches(ctx.runtime, ctx.team_id), ctx.now().tzinfo)


class PaperUnwatch(Request):
    watch: ShortText


def unwatch(ctx: Ctx, req: PaperUnwatch) -> Reply:
    return unwatch_reply(stop_watch(ctx.runtime, ctx.team_id, req.watch))


WATCH = Subcommand(
    name="watch",
    usage='/paper watch <arxiv-category> [keywords="a, b"] [exclude="c"] [cross=yes|no]',
    summary="A daily digest in this channel of what arXiv announces in a category (cross-lists with cross=yes): "
    "any keyword, no exclusion, ranked by priority.",
    request=PaperWatchAdd,
    handler=watch,
    positional=("category",),
    examples=(
        '/paper watch cs.LG keywords="mixture of experts, MoE" exclude="survey"',
        "/paper watch stat.ML cross=yes",
        "/paper watch hep-th",
    ),
)
# Reached as `/paper watch list` through WATCH; listed on its own so help shows the grammar.
WATCH_LIST = Subcommand(
    name="watch list",
    usage="/paper watch list",
    summary="Every arXiv watch of this workspace, with its channel and last scan.",
    request=PaperWatchList,
    handler=watch_list,
)
UNWATCH = Subcommand(
    name="unwatch",
    usage="/paper unwatch <n>",
    summary="Stop a watch (its papers are still never repeated in that channel).",
    request=PaperUnwatch,
    handler=unwatch,
    positional=("watch",),
    examples=("/paper unwatch W2",),
)

SUBCOMMANDS: list[Subcommand[Any]] = [WATCH, WATCH_LIST, UNWATCH]

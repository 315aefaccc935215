"""/paper — prospecting: add, show (the rest of the /paper grammar lives in workflow.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from assay.commands.context import Ctx
from assay.commands.fields import ArxivRef, Lowercase, ShortText
from assay.commands.registry import Request, Subcommand
from assay.replies import HomeRef, Reply, Section
from assay.services.papers.adding import add_paper
from assay.services.papers.card import CardState, load_card_state
from assay.services.papers.details import paper_details
from assay.services.papers.library import find_paper, handle, paper_data
from assay.services.papers.triage import TriageInputs
from assay.textfmt import esc
from assay.triage.papertype import PaperType
from assay.views.paper.card import card_fallback, card_updates, paper_card
from assay.views.paper.details import paper_details_blocks


class PaperAdd(Request):
    paper: ArxivRef
    type: Annotated[PaperType, Lowercase] | None = None
    relevance: Annotated[int, Field(ge=1, le=5)] | None = None
    citations: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    technique: ShortText | None = None


def add(ctx: Ctx, req: PaperAdd) -> Reply:
    inputs = TriageInputs(
        paper_type=req.type, relevance=req.relevance, citations=req.citations, technique=req.technique
    )
    result = add_paper(ctx, req.paper, inputs)
    paper = result.paper
    state = load_card_state(ctx.runtime, ctx.team_id, paper.id or 0) or CardState(paper)
    data: dict[str, Any] = {**paper_data(paper), "techniques": [t.name for t in state.techniques]}
    if not result.created:
        data["existing"] = True
        said = f"This paper is already here as `{handle(paper)}`."
        if result.linked and result.technique is not None:
            said += f" It is now linked to the technique {esc(result.technique.name)}; nothing else changed."
        else:
            said += " Nothing was added."
        return Reply(
            text=f"Already added as {handle(paper)}.",
            blocks=[Section(said), *paper_card(state, with_buttons=False)],
            data=data,
            updates=card_updates(state) if result.linked else [],
        )
    data["existing"] = False
    return Reply(
        text=card_fallback(paper),
        blocks=paper_card(state),
        data=data,
        visibility="channel",
        home=HomeRef("paper", paper.id or 0),
    )


class PaperShow(Request):
    paper: ShortText


def show(ctx: Ctx, req: PaperShow) -> Reply:
    with ctx.runtime.db.session() as session:
        paper = find_paper(session, ctx.team_id, req.paper)
        details = paper_details(session, paper)
    return Reply(
        text=card_fallback(paper),
        blocks=paper_details_blocks(details, today=ctx.now().date(), zone=ctx.now().tzinfo),
        data={**paper_data(paper), "stage": paper.stage, "reader": paper.reader, **details.data()},
    )


ADD = Subcommand(
    name="add",
    usage="/paper add <arxiv-id|url> [type=architecture|optimization|empirical|theoretical|application] "
    "[relevance=1..5] [citations=N] [technique=NAME]",
    summary="Fetch a paper from arXiv, read its PDF, score its priority and post the triage card.",
    request=PaperAdd,
    handler=add,
    positional=("paper",),
    examples=("/paper add 1706.03762 relevance=5", "/paper add https://arxiv.org/abs/2104.12255v1 type=empirical"),
    slow=True,
    working="Fetching the paper from arXiv, reading its PDF and asking Semantic Scholar and Hugging Face…",
)
SHOW = Subcommand(
    name="show",
    usage="/paper show <paper>",
    summary="The card, notes so far, discussion count, linked techniques and gut checks.",
    request=PaperShow,
    handler=show,
    positional=("paper",),
    examples=("/paper show P3", "/paper show 1706.03762"),
)

"""Cards a radar command redraws: the technique's home card, and the cards of papers it links;
and what follows a vote once it is acknowledged (the tally, the redrawn card)."""

from __future__ import annotations

from assay.commands.context import Ctx
from assay.replies import CardUpdate, Reply
from assay.services.papers.card import card_state
from assay.services.papers.library import find_paper
from assay.services.radar.card import load_technique_card
from assay.services.radar.casting import Voted
from assay.services.radar.evidence import Evidence
from assay.services.radar.redraws import TECHNIQUE_CARDS, Shared
from assay.services.radar.table import RadarRow, row_of
from assay.services.radar.techniques import technique_by_id
from assay.storage.models import Technique
from assay.textfmt import esc
from assay.views.paper.card import card_updates
from assay.views.radar.history import vote_tally
from assay.views.radar.table import tally_text, technique_card_updates


def paper_cards(ctx: Ctx, evidence: Evidence) -> list[CardUpdate]:
    """Redraws of the cards of the papers just linked as evidence (they list their techniques)."""
    updates: list[CardUpdate] = []
    with ctx.runtime.db.session() as session:
        for ref in evidence.papers:
            updates += card_updates(card_state(session, find_paper(session, ctx.team_id, ref)))
    return updates


def technique_cards(ctx: Ctx, technique: Technique | Voted) -> list[CardUpdate]:
    """A redraw of the technique's home card (its tally, owner, evidence may have changed)."""
    return technique_card_updates(load_technique_card(ctx.runtime, ctx.team_id, technique.id or 0))


TALLIES: Shared[RadarRow] = Shared()


def tally_follow_up(ctx: Ctx, voted: Voted, since: float) -> Reply:
    """After a vote recorded at ``since`` (``time.monotonic()``): the technique's tally,
    counted after it, and its card, unless a drawing of that card is under way or began
    after the vote. Counts and drawings are shared by the votes they include (see
    :mod:`assay.services.radar.redraws`). NotFound when the technique was removed meanwhile."""

    def count() -> RadarRow:
        with ctx.runtime.db.reading() as session:
            return row_of(session, technique_by_id(session, ctx.team_id, voted.id))

    key = (ctx.team_id, voted.id)
    row = TALLIES.get(key, since, count)
    none: list[CardUpdate] = []
    updates = TECHNIQUE_CARDS.run(key, lambda: technique_cards(ctx, voted), nothing=none, since=since)
    return Reply(
        text=f"Votes on {esc(row.technique.name)}: {tally_text(row.tally)}",
        blocks=[vote_tally(row.technique.ring, row.tally)],
        data=row.data(),
        updates=updates,
        home_shows_it=False,  # App Home lists no votes: publishing it again would change nothing
    )

"""A workspace with something in every table, made the way its people would make it.

The uninstall and isolation tests fill two workspaces with this and compare them row by row,
so ``fill_workspace`` must leave at least one row in every table that has a ``team_id``:
``assert_every_table_filled`` fails, naming the table, when a new table is not filled here.

The fill runs through the commands whenever the database is not empty, and the first time a
test process asks for it on an empty one (per sequence of workspaces, backend, clock instant
and time zone); later fills of an empty database restore the rows that first run left
(:mod:`tests.snapshots`). ``fill_workspaces`` fills several in a row, cached as one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import SQLModel

import assay.storage.models  # noqa: F401  (every table on SQLModel.metadata)
from assay.replies import HomeRef
from assay.runtime import Runtime
from assay.services import threads
from assay.services.once import claim_in_transaction
from assay.storage.cipher import TokenCipher, new_key
from assay.storage.models import Installation, PaperWatch, WatchSeen
from tests.core.helpers import run
from tests.core.paper_rows import store_paper
from tests.snapshots import SNAPSHOTS

# Every workspace gets the same handles (P1, G1, F1, W1, "LoRA"), so a query that forgets its
# team finds the other workspace's row under the handle it asked for.
TECHNIQUE = "LoRA"
# Seals each workspace's bot token (a made-up one): the rows of two fills differ only by the
# nonce and time in the sealed token, and a test can open both to compare them.
CIPHER = TokenCipher([new_key()])


@dataclass(frozen=True)
class Fill:
    """One workspace to fill: see :func:`fill_workspace`."""

    team: str
    channel: str = "C1"
    marker: str = ""


def fill_workspaces(runtime: Runtime, fills: list[Fill]) -> None:
    """Fill each workspace in turn, as ``fill_workspace`` would."""
    SNAPSHOTS.built(runtime, _fill_for_real, tuple(fills))


def fill_workspace(runtime: Runtime, team: str, *, channel: str = "C1", marker: str = "") -> None:
    """Papers, notes (two versions), a technique with votes, moves and a gate, a gut check with
    runs, a correction and a decision, a review schedule, meeting and nomination, a prediction,
    a watch that saw a paper, discussion, a handled request, an installation and scheduled
    items, all of ``team``. ``marker`` goes into the text, so a leak shows whose it is."""
    fill_workspaces(runtime, [Fill(team, channel, marker)])


def _fill_for_real(runtime: Runtime, fills: tuple[Fill, ...]) -> None:
    for fill in fills:
        _fill_one(runtime, fill.team, fill.channel, fill.marker)


def _fill_one(runtime: Runtime, team: str, channel: str, marker: str) -> None:
    mark = marker or team
    store_paper(runtime, f"Sparse adapters {mark}", team=team, arxiv_id="2611.00001", abstract=f"about {mark}")
    store_paper(runtime, f"Dense adapters {mark}", team=team, arxiv_id="2611.00002")

    def say(line: str, user: str = "U1") -> None:
        run(runtime, line, team=team, user=user, channel=channel)

    say(f'/pass 1 P1 claim="claim {mark}" problem="problem" relevant=yes plausible=yes decision=continue')
    say(f'/pass 1 P1 claim="claim revised {mark}" decision=continue')
    say(f'/radar add {TECHNIQUE} paper=P1 description="adapters {mark}"')
    say(f'/radar vote {TECHNIQUE} TRIAL why="cheap {mark}"', user="U2")
    say(f'/radar vote {TECHNIQUE} ADOPT why="cheaper {mark}"', user="U2")
    say(f'/radar move {TECHNIQUE} TRIAL why="promising {mark}" owner=@U0ALICE1 next="bench it {mark}" due=2026-12-01')
    say(f'/radar gate {TECHNIQUE} discovery yes why="read {mark}"')
    say(f'/gutcheck start P1 claim="5% better {mark}" metric=accuracy claimed-lift=5% technique={TECHNIQUE}')
    say("/gutcheck log G1 baseline 0.70 0.71 0.69")
    say("/gutcheck log G1 method 0.74 0.76 7.3")
    say(f'/gutcheck unlog G1 6 why="typo {mark}"')
    say(f'/gutcheck decide G1 extend why="more runs {mark}" timebox=3d')
    say('/review schedule "first tue 10:00"')
    say(f'/review nominate P2 why="deep dive {mark}"')
    say("/review done")
    say(f'/review nominate {TECHNIQUE} why="again {mark}"')
    say(f'/predict P1 "it ships {mark}" by=2026-12-15 p=0.7')
    say(f'/paper watch cs.LG keywords="adapters {mark}"')
    say('/assay settings digest="mon 09:00"')
    now = runtime.clock.now()
    with runtime.db.session() as session:
        watch = session.execute(select(PaperWatch).where(PaperWatch.team_id == team)).scalars().one()  # type: ignore[arg-type]
        session.add(WatchSeen(team_id=team, watch_id=watch.id or 0, arxiv_id="2611.09999", seen_at=now))
        sealed = CIPHER.seal(f"xoxb-{team}-not-real")
        session.add(Installation(team_id=team, bot_token_sealed=sealed, installed_at=now))
        claim_in_transaction(session, team, f"view_submission:V-{team}", now)
    ctx = _ctx(runtime, team, channel)
    threads.set_home(ctx, HomeRef("paper", _paper_row(runtime, team)), channel, f"1700000000.{team}")
    threads.record_reply(
        runtime.db, team, channel, f"1700000000.{team}", "1700000001.000001", "U3", f"nice {mark}", now
    )


def _ctx(runtime: Runtime, team: str, channel: str) -> object:
    from assay.commands.context import Ctx

    return Ctx(team_id=team, user_id="U1", channel_id=channel, runtime=runtime, transport="cli")


def _paper_row(runtime: Runtime, team: str) -> int:
    from assay.storage.models import Paper

    with runtime.db.session() as session:
        paper = session.execute(
            select(Paper).where(Paper.team_id == team, Paper.number == 1)  # type: ignore[arg-type]
        ).scalar_one()
        return paper.id or 0


def team_tables() -> list[str]:
    """Every table that has a team_id column."""
    return sorted(t.name for t in SQLModel.metadata.sorted_tables if "team_id" in t.c)


def rows_by_team(runtime: Runtime) -> dict[str, dict[str, int]]:
    """table → team → rows, for every table with a team_id column."""
    counts: dict[str, dict[str, int]] = {}
    with runtime.db.session() as session:
        for table in SQLModel.metadata.sorted_tables:
            if "team_id" not in table.c:
                continue
            rows = session.execute(select(table.c.team_id, func.count()).group_by(table.c.team_id)).all()
            counts[table.name] = {str(team): int(n) for team, n in rows}
    return counts


def assert_every_table_filled(counts: dict[str, dict[str, int]], *teams: str) -> None:
    empty = [(table, team) for table in team_tables() for team in teams if not counts[table].get(team)]
    assert not empty, f"fill_workspace left these (table, team) empty; fill them there: {empty}"

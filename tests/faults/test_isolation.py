"""Two workspaces on one database: neither ever sees the other.

Both are filled alike (so both have P1, G1, F1, watch 1 and LoRA), marked ALPHA and BETA in
everything they typed; ALPHA also has P3, G2, F2, watch 2 and Medusa. From BETA, ALPHA's
handles are "not found", and no list, card, agenda, search, scheduled post, digest or export
of BETA carries ALPHA's words.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from assay.cli.export.collect import collect
from assay.clock import FixedClock
from assay.errors import UserError
from assay.replies import Reply
from assay.runtime import Runtime
from assay.services.schedules.runner import Jobs
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper
from tests.fakes.notifier import RecordingNotifier
from tests.snapshots import SNAPSHOTS
from tests.workspaces import Fill, fill_workspaces

ALPHA, BETA = "T1", "T2"


def _seen(reply: Reply) -> str:
    return text_of(reply) + json.dumps(reply.data, default=str)


def fill_two(runtime: Runtime) -> None:
    """ALPHA and BETA filled alike, and what ALPHA alone has."""
    fill_workspaces(runtime, [Fill(ALPHA, marker="ALPHA"), Fill(BETA, channel="C2", marker="BETA")])
    store_paper(runtime, "Alpha-only paper ALPHA", team=ALPHA, arxiv_id="2611.00003")
    for line in (
        '/radar add Medusa description="heads ALPHA"',
        '/gutcheck start P3 claim="ALPHA claim" metric=accuracy',
        "/gutcheck log G2 baseline 0.1 0.2 0.3",
        '/predict P3 "ALPHA guess" by=2026-12-10',
        "/paper watch cs.CL",
    ):
        run(runtime, line, team=ALPHA)


@pytest.fixture
def two(any_runtime: Runtime) -> Runtime:
    SNAPSHOTS.built(any_runtime, fill_two)  # the commands the first time, their rows after that
    return any_runtime


ALPHA_ONLY = [
    "/paper show P3",
    "/paper assign P3 @U0BOB",
    '/paper drop P3 reason="no"',
    "/paper unwatch 2",
    "/pass 1 P3 claim=c decision=continue",
    "/pass show P3",
    "/radar show Medusa",
    "/radar vote Medusa TRIAL",
    '/radar move Medusa HOLD why="no"',
    '/radar gate Medusa discovery yes why="no"',
    "/radar history Medusa",
    "/radar votes Medusa",
    "/radar add Hydra paper=P3",
    "/gutcheck start P3 claim=c metric=accuracy",
    "/gutcheck status G2",
    "/gutcheck log G2 method 0.4 0.5 0.6",
    "/gutcheck runs G2",
    '/gutcheck unlog G2 1 why="no"',
    '/gutcheck decide G2 kill why="no"',
    "/gutcheck plot G2",
    '/review nominate P3 why="no"',
    '/review nominate Medusa why="no"',
    '/predict P3 "x" by=2026-12-10',
    '/predict Medusa "x" by=2026-12-10',
    "/predict resolve F2 true",
]


def test_the_other_workspaces_handles_are_not_found(two: Runtime) -> None:
    """One workspace filled once, every command tried (filling is the slow part)."""
    from tests.workspaces import rows_by_team

    before = rows_by_team(two)
    answered: dict[str, str] = {}
    for line in ALPHA_ONLY:
        try:
            reply = run(two, line, team=BETA, channel="C2")
            answered[line] = f"answered: {reply.text[:80]}"
        except UserError as refused:
            if not re.match(NOT_FOUND, refused.message):
                answered[line] = refused.message
    assert answered == {}
    assert rows_by_team(two) == before


NOT_FOUND = r"There is no (paper P3|watch W2|technique 'Medusa'|gut check G2|prediction F2) "


LISTS = [
    "/paper queue all",
    "/paper search adapters",
    "/paper show P1",
    "/paper watch list",
    "/pass show P1",
    "/radar",
    "/radar show LoRA",
    "/radar votes LoRA",
    "/radar history LoRA",
    "/gutcheck list",
    "/gutcheck status G1",
    "/gutcheck runs G1",
    "/review agenda",
    "/predict list",
    "/assay settings",
]


def test_lists_cards_and_search_show_only_the_workspaces_own_items(two: Runtime) -> None:
    leaks = {}
    for line in LISTS:
        seen = _seen(run(two, line, team=BETA, channel="C2"))
        found = [word for word in ("ALPHA", "Alpha-only", "Medusa") if word in seen]
        if found:
            leaks[line] = found
    assert leaks == {}


def test_a_search_for_the_other_workspaces_words_finds_nothing(two: Runtime) -> None:
    assert run(two, "/paper search ALPHA", team=BETA).data == {"query": "ALPHA", "total": 0, "papers": []}
    assert run(two, "/paper search BETA", team=BETA).data["total"] == 2  # type: ignore[index]


def test_the_same_handle_names_each_workspaces_own_item(two: Runtime) -> None:
    assert "Sparse adapters BETA" in _seen(run(two, "/paper show P1", team=BETA))
    assert "Sparse adapters ALPHA" in _seen(run(two, "/paper show P1", team=ALPHA))
    assert "BETA" in _seen(run(two, "/radar show LoRA", team=BETA))
    assert "5% better BETA" in _seen(run(two, "/gutcheck status G1", team=BETA))
    assert "it ships BETA" in _seen(run(two, "/predict list", team=BETA))


def test_a_workspace_with_nothing_sees_nothing(two: Runtime) -> None:
    for line in ("/paper queue all", "/radar", "/gutcheck list", "/predict list", "/review agenda"):
        seen = _seen(run(two, line, team="T3"))
        assert "ALPHA" not in seen and "BETA" not in seen and "Sparse adapters" not in seen


def test_every_scheduled_post_and_digest_goes_to_its_own_workspace_with_its_own_words(
    two: Runtime, clock: FixedClock
) -> None:
    notifier = RecordingNotifier()
    jobs = Jobs(two, notifier)
    start = clock.now()
    for day in range(30):  # a month of mornings: digests, reminders, the review, predictions
        jobs.run_due(start + timedelta(days=day, hours=1))
    by_team: dict[str, list[str]] = {}
    for sent in notifier.sent:
        by_team.setdefault(sent.team_id, []).append(sent.text)
    assert set(by_team) == {ALPHA, BETA}
    assert len(by_team[BETA]) >= 4  # digest, time-box reminders, review reminder, prediction
    assert not [t for t in by_team[BETA] if "ALPHA" in t or "Medusa" in t or "Alpha-only" in t]
    assert not [t for t in by_team[ALPHA] if "BETA" in t]
    digests = [t for t in by_team[BETA] if "digest" in t.lower()]
    assert digests and "Sparse adapters BETA" in digests[0]


def test_the_export_keeps_each_workspace_apart(two: Runtime) -> None:
    exported: dict[str, Any] = collect(two)["workspaces"]
    assert set(exported) == {ALPHA, BETA}
    beta, alpha = json.dumps(exported[BETA]), json.dumps(exported[ALPHA])
    assert "BETA" in beta and "ALPHA" not in beta and "Medusa" not in beta
    assert "ALPHA" in alpha and "BETA" not in alpha

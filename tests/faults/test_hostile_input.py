"""What people (and attackers) type, through every command family and every form: SQL-like
text, control characters, NUL, emoji, right-to-left text, Slack markup, broken UTF-8 and
20,000 characters. Each is refused clearly or stored as typed (control characters become
spaces) and shown escaped; the database stays intact and the other workspace untouched."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

from assay.commands.parsing import typed_text
from assay.errors import UserError
from assay.ids import BlockId, CallbackId
from assay.replies import Reply
from assay.runtime import Runtime
from assay.services.gutcheck.decisions import Decision
from assay.storage.models import (
    GateRecord,
    GutCheck,
    GutCheckCorrection,
    GutCheckDecision,
    GutCheckRun,
    Paper,
    PaperWatch,
    PassNote,
    Prediction,
    RadarMove,
    ReviewNomination,
    Technique,
    Vote,
)
from bot.modals.gutcheck_decide import DecideTarget
from bot.modals.paper_drop import DropTarget
from bot.modals.pass_note import NoteTarget
from tests.core.helpers import run, text_of
from tests.slack.test_gutcheck_slack import form
from tests.slack.test_pass_notes_slack import state
from tests.slack_stack import SlackStack
from tests.workspaces import Fill, fill_workspace, fill_workspaces, rows_by_team

PAYLOADS = {
    "sql": "x'); DROP TABLE paper; --",
    "sql-or": "1 OR 1=1; DELETE FROM vote",
    "nul": "a\x00b",
    "control": "bell\x07esc\x1b[31m",
    "emoji": "🚀 lift 👍🏽 👨‍👩‍👧",
    "right-to-left": "\u202eevil\u202c مرحبا עברית",
    "markup": "<!channel> <@U0ADMIN> <http://evil.example|click> &amp;",
    "broken-utf8": "a\udcff\udcfeb",
    "huge": "y" * 20_000,
}
REFUSED = {"broken-utf8": "not UTF-8 text", "huge": "characters long; the limit is"}

# (command, where a command that accepts it keeps it): every command family, text and names.
LINES: list[tuple[str, type[SQLModel] | None, str]] = [
    ("/paper search {p}", None, ""),
    ("/paper show {p}", None, ""),
    ("/paper add {p}", None, ""),
    ('/paper drop P2 reason="{p}"', Paper, "dropped_reason"),
    ("/paper watch {p}", None, ""),
    ('/paper watch cs.LG keywords="{p}"', PaperWatch, "keywords"),
    ("/paper assign P1 {p}", None, ""),
    ("/paper unwatch {p}", None, ""),
    ('/pass 1 P2 claim="{p}" decision=continue', PassNote, "claim"),
    ("/pass show {p}", None, ""),
    ('/radar add "{p}"', Technique, "name"),
    ('/radar add Hydra next="{p}" description="{p}"', Technique, "description"),
    ('/radar vote LoRA TRIAL why="{p}"', Vote, "why"),
    ('/radar show "{p}"', None, ""),
    ('/radar move LoRA HOLD why="{p}"', RadarMove, "why"),
    ('/radar gate LoRA validation no why="{p}"', GateRecord, "why"),
    ('/radar add Medusa quadrant="{p}"', Technique, "quadrant"),
    ('/gutcheck start P1 claim="{p}" metric=accuracy', GutCheck, "claim"),
    ('/gutcheck start P1 claim=c metric="{p}"', GutCheck, "metric"),
    ('/gutcheck log G1 "{p}" 1 2 3', GutCheckRun, "arm"),
    ("/gutcheck log G1 baseline {p}", None, ""),
    ('/gutcheck unlog G1 1 why="{p}"', GutCheckCorrection, "why"),
    ('/gutcheck decide G1 continue why="{p}"', GutCheckDecision, "why"),
    ("/gutcheck status {p}", None, ""),
    ('/gutcheck start P1 claim=c metric=m timebox="{p}"', None, ""),
    ('/review schedule "{p}"', None, ""),
    ('/review nominate "{p}"', None, ""),
    ('/review nominate P2 why="{p}"', ReviewNomination, "why"),
    ('/predict P1 "{p}" by=2026-12-15', Prediction, "statement"),
    ("/predict resolve {p} true", None, ""),
    ('/predict P1 "x" by={p}', None, ""),
    ('/assay settings tz="{p}"', None, ""),
    ('/assay settings digest="{p}"', None, ""),
    ("/assay settings digest-channel={p}", None, ""),
]


def _kept(runtime: Runtime, model: type[SQLModel], column: str) -> list[str]:
    with runtime.db.session() as session:
        values = session.exec(select(getattr(model, column)).where(model.team_id == "T1")).all()  # type: ignore[attr-defined]
    return [json.dumps(v, ensure_ascii=False) if isinstance(v, list) else str(v) for v in values if v is not None]


RAW = ("<!channel>", "<@U0ADMIN>", "<http://evil.example|click>")


def _raw_markup(reply: Reply) -> list[str]:
    """What Slack would read as a ping or a link: everything shown (the data is not mrkdwn)."""
    shown = [reply.text, repr(reply.blocks)]
    for note in reply.announcements:
        shown += [note.text, repr(note.blocks)]
    for update in reply.updates:
        shown += [update.text, repr(update.blocks)]
    return [piece[:120] for piece in shown if any(raw in piece for raw in RAW)]


def _intact(runtime: Runtime, tables: set[str]) -> None:
    engine = runtime.db.engine
    assert set(inspect(engine).get_table_names()) == tables
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_every_command_refuses_clearly_or_keeps_it_as_typed_and_the_database_stays_whole(
    any_runtime: Runtime, name: str
) -> None:
    fill_workspaces(any_runtime, [Fill("T1"), Fill("T2")])
    bystander = rows_by_team(any_runtime)
    tables = set(inspect(any_runtime.db.engine).get_table_names())
    payload, problems = PAYLOADS[name], []
    for line, model, column in LINES:
        try:
            reply = run(any_runtime, line.format(p=payload))
        except UserError as refused:
            if name in REFUSED and REFUSED[name] not in refused.message:
                problems.append((line, "refused without saying why", refused.message[:100]))
            continue
        except Exception as exc:
            problems.append((line, type(exc).__name__, str(exc)[:100]))
            continue
        if name in REFUSED:
            problems.append((line, "accepted", text_of(reply)[:100]))
        elif unescaped := _raw_markup(reply):
            problems.append((line, "shown unescaped", unescaped))
        elif model is not None and not any(typed_text(payload) in kept for kept in _kept(any_runtime, model, column)):
            problems.append((line, "not kept as typed", _kept(any_runtime, model, column)[-1:]))
    assert problems == [], "\n".join(map(str, problems))
    _intact(any_runtime, tables)
    after = rows_by_team(any_runtime)
    assert {t: after[t].get("T2") for t in after} == {t: bystander[t].get("T2") for t in bystander}


MARKUP_FROM_SLACK = {
    # What Slack sends when someone types these characters, and when someone pings @channel.
    "typed": "&lt;!channel&gt; &lt;http://evil.example|click&gt; &amp;lt;",
    "pinged": "<!channel> <!here> <@U0ADMIN|admin>",
}


@pytest.mark.parametrize("how", list(MARKUP_FROM_SLACK))
def test_markup_from_slack_is_shown_escaped_never_as_a_ping_or_a_link(slack: SlackStack, how: str) -> None:
    fill_workspace(slack.runtime, "T0001")
    sent = MARKUP_FROM_SLACK[how]
    answers = [
        slack.command("/radar", line).text
        for line in (
            f'vote LoRA TRIAL why="{sent}"',
            f'add "Hydra {sent}"',
            f'show "{sent}"',
            f'move LoRA HOLD why="{sent}"',
            "votes LoRA",
            "history LoRA",
        )
    ]
    shown = answers + [json.dumps(c.params, ensure_ascii=False) for c in slack.fake.calls]
    pings = ("<!channel>", "<!here>", "<http://evil.example|click>", "<@U0ADMIN")
    assert [piece[:200] for piece in shown if any(p in piece for p in pings)] == []
    if how == "typed":
        assert "&lt;!channel&gt;" in answers[-1]  # the text as typed, escaped for mrkdwn


FORM_PAYLOADS = {k: v for k, v in PAYLOADS.items() if k in ("nul", "control", "markup", "huge", "broken-utf8", "emoji")}


@pytest.mark.parametrize("name", list(FORM_PAYLOADS))
def test_every_form_refuses_clearly_or_records_and_never_fails(any_slack: SlackStack, name: str) -> None:
    runtime = any_slack.runtime
    fill_workspace(runtime, "T0001")
    with runtime.db.session() as s:
        paper_id = s.exec(select(Paper.id).where(Paper.team_id == "T0001", Paper.number == 2)).one()
    payload = FORM_PAYLOADS[name]
    tables = set(inspect(runtime.db.engine).get_table_names())
    submissions: list[tuple[str, dict[str, Any], str]] = [
        (
            CallbackId.PASS_NOTE_MODAL.value,
            state(claim=payload, decision="continue"),
            NoteTarget(paper_id or 0, 1, False, "C1").encode(),
        ),
        (
            CallbackId.PAPER_DROP_MODAL.value,
            {BlockId.DROP_REASON.value: {"reason": {"type": "plain_text_input", "value": payload}}},
            DropTarget(paper_id or 0, "C1", None).encode(),
        ),
        (CallbackId.GUTCHECK_START_MODAL.value, form(claim=payload, metric=payload[:100]), '{"channel": "C1"}'),
        (
            CallbackId.GUTCHECK_DECIDE_MODAL.value,
            {BlockId.DECIDE_WHY.value: {"value": {"type": "plain_text_input", "value": payload}}},
            DecideTarget("G1", Decision.CONTINUE, "C1").encode(),
        ),
    ]
    for number, (callback, values, metadata) in enumerate(submissions):
        answer = any_slack.sender.view_submission(callback, values, private_metadata=metadata, view_id=f"V{number}")
        assert answer.status_code == 200, (callback, answer.text)
        if name == "huge":
            errors = json.loads(answer.text)["errors"]
            assert any("20,000 characters long; the limit is 4,000" in e for e in errors.values()), errors
    posted = "".join(json.dumps(c.params, ensure_ascii=False) for c in any_slack.fake.calls)
    assert "<!channel>" not in posted and "\\u0000" not in posted
    _intact(runtime, tables)

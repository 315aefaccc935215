"""/pass in text: notes per pass, the per-reader gate, force, revisions, stages, refusals."""

from __future__ import annotations

import pytest
from sqlmodel import select

from assay.commands.context import Ctx
from assay.errors import NotFound, UserError
from assay.reading.passes import Decision, NoteContent
from assay.replies import render_text
from assay.runtime import Runtime
from assay.services.notes.record import record_note
from assay.storage.models import Paper, PassNote
from assay.views.notes.replies import recorded_reply
from tests.core.helpers import run, text_of
from tests.core.paper_rows import store_paper

PASS1 = '/pass 1 P1 claim="40% fewer tokens" problem="long inputs" relevant=yes plausible=yes summary="Merges tokens."'
PASS2 = '/pass 2 P1 technique="merge similar tokens" results="+0.3 BLEU vs tuned baseline" limitations="one dataset"'
PASS3 = "/pass 3 P1 reimplement=yes viability=needs-validation efficiency=4 integration=3 robustness=2"


def _notes(runtime: Runtime) -> list[PassNote]:
    with runtime.db.session() as s:
        return list(s.exec(select(PassNote).order_by(PassNote.id)).all())  # type: ignore[arg-type]


def _paper(runtime: Runtime) -> Paper:
    with runtime.db.session() as s:
        return s.exec(select(Paper)).one()


@pytest.fixture
def paper(any_runtime: Runtime) -> Paper:
    return store_paper(any_runtime, "Token Merging", thread_channel="C1", thread_ts="100.1")


def test_a_note_is_recorded_posted_in_the_thread_and_moves_the_stage(any_runtime: Runtime, paper: Paper) -> None:
    reply = run(any_runtime, PASS1 + " decision=continue minutes=8m relevance=4", user="U0ANN")
    assert reply.data == {
        "paper": "P1",
        "pass": 1,
        "decision": "continue",
        "stage": "pass 1",
        "author": "U0ANN",
        "forced": False,
        "version": 1,
    }
    assert "stage moved from unread to pass 1" in text_of(reply)
    [post] = reply.announcements
    assert post.thread is not None and (post.thread.channel, post.thread.ts) == ("C1", "100.1")
    posted = render_text(post.blocks)
    assert "Pass 1* of `P1` by <@U0ANN> · 2026-11-21 09:00 UTC" in post.blocks[0].text  # type: ignore[union-attr]
    assert "One-sentence summary\nMerges tokens." in posted and "Claim\n40% fewer tokens" in posted
    assert "relevance 4/5 · 8 min" in posted
    [update] = reply.updates
    assert (update.message.channel, update.message.ts) == ("C1", "100.1")
    assert "pass 1 of 3 · 1 reader" in render_text(update.blocks)
    [note] = _notes(any_runtime)
    assert (note.claim, note.relevant, note.plausible, note.minutes, note.forced) == (
        "40% fewer tokens",
        True,
        True,
        8,
        False,
    )
    assert (_paper(any_runtime).stage, _paper(any_runtime).reader) == ("pass 1", "U0ANN")


def test_a_pass_needs_the_same_readers_previous_pass(any_runtime: Runtime, paper: Paper) -> None:
    with pytest.raises(UserError) as refused:
        run(any_runtime, PASS2 + " decision=continue", user="U0ANN")
    assert "You have not recorded pass 1 of P1 yet" in refused.value.message
    assert "`/pass 2 P1 force=yes`" in refused.value.message
    run(any_runtime, PASS1 + " decision=continue", user="U0BOB")  # another reader's pass 1 does not count
    with pytest.raises(UserError, match="You have not recorded pass 1"):
        run(any_runtime, PASS2 + " decision=continue", user="U0ANN")
    assert [(n.author, n.pass_number) for n in _notes(any_runtime)] == [("U0BOB", 1)]
    assert run(any_runtime, PASS2 + " decision=continue", user="U0BOB").data["stage"] == "pass 2"  # type: ignore[index]


def test_force_skips_ahead_and_the_note_is_marked_forced(any_runtime: Runtime, paper: Paper) -> None:
    reply = run(any_runtime, PASS3 + " decision=continue force=yes", user="U0ANN")
    assert reply.data is not None and reply.data["forced"] is True and reply.data["stage"] == "decided"
    assert "recorded without your pass 2, and is marked forced" in text_of(reply)
    assert "forced: recorded without pass 2" in render_text(reply.announcements[0].blocks)
    shown = run(any_runtime, "/pass show P1")
    assert "forced: recorded without pass 2" in text_of(shown)
    assert shown.data is not None and shown.data["notes"][0]["forced"] is True
    card = run(any_runtime, "/paper show P1")
    assert "@U0ANN read all 3 passes (skipped a pass)" in text_of(card)


def test_force_is_not_marked_when_nothing_was_skipped(runtime: Runtime) -> None:
    store_paper(runtime, "Fine")
    reply = run(runtime, PASS1 + " decision=continue force=yes")
    assert reply.data is not None and reply.data["forced"] is False


def test_stop_ends_that_readers_reading(any_runtime: Runtime, paper: Paper) -> None:
    reply = run(any_runtime, PASS1.replace("plausible=yes", "plausible=no") + " decision=stop", user="U0ANN")
    assert reply.data is not None and reply.data["stage"] == "decided"
    assert "@U0ANN's reading ends here" in render_text(reply.announcements[0].blocks)
    with pytest.raises(UserError, match="Your pass 1 note on P1 says stop"):
        run(any_runtime, PASS2 + " decision=continue", user="U0ANN")
    assert run(any_runtime, "/paper queue").data == {"papers": []}  # decided: out of the queue
    forced = run(any_runtime, PASS2 + " decision=continue force=yes", user="U0ANN")
    assert forced.data is not None and forced.data["forced"] is True and forced.data["stage"] == "pass 2"


def test_the_paper_stays_open_while_any_reader_reads_on(any_runtime: Runtime, paper: Paper) -> None:
    run(any_runtime, PASS1 + " decision=stop", user="U0ANN")
    assert run(any_runtime, PASS1 + " decision=continue", user="U0BOB").data["stage"] == "pass 1"  # type: ignore[index]
    assert run(any_runtime, PASS2 + " decision=continue", user="U0BOB").data["stage"] == "pass 2"  # type: ignore[index]
    queue = run(any_runtime, "/paper queue").data
    assert queue is not None and [p["stage"] for p in queue["papers"]] == ["pass 2"]
    last = run(any_runtime, PASS3 + " decision=continue", user="U0BOB")
    assert last.data is not None and last.data["stage"] == "decided"
    assert "pass 3 of 3 · 2 readers" in render_text(last.updates[0].blocks)
    assert _paper(any_runtime).reader == "U0ANN"  # the first to note it, as nobody was assigned


def test_a_revision_is_kept_and_the_latest_shows(any_runtime: Runtime, paper: Paper) -> None:
    run(any_runtime, PASS1 + " decision=continue", user="U0ANN")
    again = run(
        any_runtime, '/pass 1 P1 summary="On reflection: only for long inputs." decision=continue', user="U0ANN"
    )
    assert again.data is not None and again.data["version"] == 2
    assert "a revision: version 2; the earlier ones are kept" in text_of(again)
    assert [n.summary for n in _notes(any_runtime)] == ["Merges tokens.", "On reflection: only for long inputs."]
    shown = text_of(run(any_runtime, "/pass show P1"))
    assert "On reflection: only for long inputs." in shown and "Merges tokens." not in shown
    assert "revised (2 versions)" in shown
    data = run(any_runtime, "/paper show P1").data
    assert data is not None and data["notes"] == [
        {"pass": 1, "author": "U0ANN", "decision": "continue", "summary": "On reflection: only for long inputs."}
    ]


def test_a_revision_typed_on_one_line_keeps_the_fields_it_leaves_out(any_runtime: Runtime, paper: Paper) -> None:
    run(any_runtime, PASS1 + " decision=stop", user="U0ANN")
    with pytest.raises(UserError, match="revise it with `/pass 1 P1 decision=continue`"):
        run(any_runtime, PASS2 + " decision=continue", user="U0ANN")
    run(any_runtime, "/pass 1 P1 decision=continue", user="U0ANN")  # the fix the refusal suggests
    first, second = _notes(any_runtime)
    assert (second.claim, second.problem, second.summary, second.relevant) == (
        first.claim,
        first.problem,
        first.summary,
        True,
    )
    assert (first.decision, second.decision) == ("stop", "continue")
    assert run(any_runtime, PASS2 + " decision=continue", user="U0ANN").data["stage"] == "pass 2"  # type: ignore[index]


def test_a_revision_that_types_none_clears_the_red_flags(any_runtime: Runtime, paper: Paper) -> None:
    run(any_runtime, PASS1 + " decision=continue", user="U0ANN")
    run(any_runtime, PASS2 + ' decision=continue red_flags="toy-data, weak-baselines"', user="U0ANN")
    run(any_runtime, "/pass 2 P1 red_flags=none decision=continue", user="U0ANN")
    *_, first, second = _notes(any_runtime)
    assert (list(first.red_flags), list(second.red_flags)) == (["toy-data", "weak-baselines"], [])
    assert second.technique == first.technique  # what was not typed again is kept


def test_paper_show_and_pass_show_render_every_note_of_every_reader(any_runtime: Runtime, paper: Paper) -> None:
    run(any_runtime, PASS1 + " decision=continue", user="U0ANN")
    run(any_runtime, PASS2 + ' decision=continue red_flags="toy-data, weak-baselines" missing="variance"', user="U0ANN")
    run(any_runtime, '/pass 1 P1 summary="Not for us." relevant=no decision=stop', user="U0BOB")
    show = run(any_runtime, "/paper show P1")
    assert show.data is not None and [(n["author"], n["pass"]) for n in show.data["notes"]] == [
        ("U0ANN", 1),
        ("U0ANN", 2),
        ("U0BOB", 1),
    ]
    for reply in (show, run(any_runtime, "/pass show P1")):
        shown = text_of(reply)
        assert "Results (vs baselines)\n+0.3 BLEU vs tuned baseline" in shown
        assert "`toy-data` — toy datasets only" in shown and "`weak-baselines`" in shown
        assert "Not for us." in shown and "Missing\nvariance" in shown
    data = run(any_runtime, "/pass show P1").data
    assert data is not None and data["notes"][1]["red_flags"] == ["toy-data", "weak-baselines"]
    assert data["notes"][1]["results"] == "+0.3 BLEU vs tuned baseline"
    assert "@U0ANN noted pass 2, reads on · @U0BOB stopped at pass 1" in text_of(show)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (PASS2 + " red_flags=hype decision=continue", "`hype` is not one of the seven red flags: weak-baselines"),
        (PASS1 + " relevance=9 decision=continue", "`relevance` (`9`): give a whole number from 1 to 5, not 9"),
        (PASS2 + " implementable=maybe decision=continue", "`implementable` (`maybe`): write `yes` or `no`"),
        (PASS1 + " vibe=good decision=continue", "`vibe=` is not an option here"),
        (PASS1 + " decision=perhaps", "`decision` (`perhaps`): Input should be 'stop' or 'continue'"),
        ("/pass 3 P1 viability=sure decision=continue", "`viability` (`sure`): Input should be 'likely'"),
        (PASS1 + " minutes=forever decision=continue", "write the time spent in minutes or hours"),
        (PASS1, "A note needs its decision: `decision=stop`"),
        ("/pass 1 P1 decision=continue", "A note needs more than its decision"),
        ("/pass 4 P1 claim=x decision=stop", "`/pass` has no subcommand `4`"),
        ("/pass 1 P9 claim=x decision=stop", "There is no paper P9"),
    ],
)
def test_bad_notes_are_refused_with_a_clear_message_and_nothing_is_stored(
    runtime: Runtime, line: str, message: str
) -> None:
    store_paper(runtime, "Kept")
    run(runtime, PASS1 + " decision=continue", user="U0OLD")
    run(runtime, PASS2 + " decision=continue", user="U0OLD")
    reader = "U0NEW" if line.startswith("/pass 1 ") else "U0OLD"  # pass 1: a first note, not a revision
    with pytest.raises(UserError) as refused:
        run(runtime, line, user=reader)
    assert message in refused.value.message
    assert len(_notes(runtime)) == 2 and _paper(runtime).stage == "pass 2"


def test_a_field_over_4000_characters_is_refused_with_the_limit_named(runtime: Runtime) -> None:
    store_paper(runtime, "Long")
    with pytest.raises(UserError, match="is 4,001 characters long; the limit is 4,000 characters"):
        run(runtime, f'/pass 1 P1 claim="{"x" * 4001}" decision=continue')
    run(runtime, f'/pass 1 P1 claim="{"x" * 4000}" decision=continue')
    assert len(_notes(runtime)[0].claim or "") == 4000


def test_a_field_of_one_pass_is_refused_in_another(runtime: Runtime) -> None:
    store_paper(runtime, "Wrong pass")
    with pytest.raises(UserError, match="`technique=` is not an option here"):
        run(runtime, '/pass 1 P1 technique="belongs to pass 2" decision=continue')


def test_a_dropped_paper_takes_no_notes(runtime: Runtime) -> None:
    store_paper(runtime, "Gone", stage="dropped", dropped_reason="toy data")
    with pytest.raises(UserError, match=r"P1 was dropped \(toy data\), so it can't be read"):
        run(runtime, PASS1 + " decision=continue")
    assert _notes(runtime) == []


def test_without_fields_the_shell_says_how_to_write_the_note(runtime: Runtime) -> None:
    store_paper(runtime, "Unread")
    with pytest.raises(UserError) as hint:
        run(runtime, "/pass 2 P1")
    assert "Pass 2 (30–60 min)" in hint.value.message and "`red_flags=" in hint.value.message
    assert "/pass 2 P1 technique=" in hint.value.message
    assert _notes(runtime) == []


def test_notes_stay_in_their_workspace(any_runtime: Runtime) -> None:
    store_paper(any_runtime, "Ours", team="T1")
    store_paper(any_runtime, "Theirs", team="T2")
    run(any_runtime, '/pass 1 P1 summary="T1 secret" decision=continue', team="T1")
    theirs = run(any_runtime, "/pass show P1", team="T2")
    assert "T1 secret" not in text_of(theirs) and theirs.data is not None and theirs.data["notes"] == []
    with pytest.raises(NotFound):
        run(any_runtime, "/pass show P2", team="T1")


def test_mrkdwn_in_a_note_is_escaped_everywhere_it_is_shown(runtime: Runtime) -> None:
    store_paper(runtime, "Hostile", thread_channel="C1", thread_ts="1.1")
    ctx = Ctx("T1", "U1", "C1", runtime)
    hostile = "<!channel> & <https://evil.example|click>"
    result = record_note(ctx, "P1", 1, NoteContent(Decision.CONTINUE, claim=hostile, summary=hostile))
    assert result is not None
    reply = recorded_reply(result)
    post = reply.announcements[0]
    for shown in (post.text, str(post.blocks), str(reply.updates[0].blocks), str(run(runtime, "/pass show P1").blocks)):
        assert "<!channel>" not in shown and "<https://evil" not in shown
    assert "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;" in str(post.blocks)
    assert hostile in text_of(run(runtime, "/pass show P1"))  # the terminal shows it as it was written


def test_an_uninstall_deletes_the_workspaces_notes_only(any_runtime: Runtime) -> None:
    from assay.services.workspaces import delete_workspace_data

    store_paper(any_runtime, "Ours", team="T1")
    store_paper(any_runtime, "Theirs", team="T2")
    run(any_runtime, PASS1 + " decision=continue", team="T1")
    run(any_runtime, PASS1 + " decision=continue", team="T2")
    with any_runtime.db.session() as s:
        delete_workspace_data(s, "T1")
    assert [n.team_id for n in _notes(any_runtime)] == ["T2"]

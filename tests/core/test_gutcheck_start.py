"""/gutcheck start: the claim and its criteria are written down before any run."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from assay.commands.context import Ctx
from assay.commands.gutcheck.requests import start_inputs_from_form
from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.services.gutcheck.checks import FieldErrors
from assay.storage.models import GutCheck, Technique
from tests.core.helpers import CATALOG, run, scheduled, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

START = '/gutcheck start P1 claim="40% fewer tokens at equal accuracy" metric=tokens'


@pytest.fixture
def paper(runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(runtime, "/paper add 2401.00001")
    return "P1"


def _checks(runtime: Runtime) -> list[GutCheck]:
    with runtime.db.session() as s:
        return list(s.exec(select(GutCheck)).all())


def _reminders(runtime: Runtime) -> list[tuple[str, datetime, str]]:
    return scheduled(runtime, "gutcheck.")


def test_start_records_the_criteria_and_answers_with_the_spec_data(runtime: Runtime, paper: str) -> None:
    reply = run(
        runtime,
        START + ' higher-is-better=no claimed-lift=40% success="20%" kill="accuracy drops by 1 point" '
        "owner=<@U07OWNER> timebox=2w alpha=0.01",
        user="U1",
    )
    assert reply.data == {"id": "G1", "paper": "P1", "timebox_ends": "2026-12-05T09:00:00+00:00"}
    assert reply.visibility == "channel" and reply.home is not None and reply.home.kind == "gutcheck"
    card = text_of(reply)
    assert "40% fewer tokens at equal accuracy" in card and "tokens (lower is better)" in card
    assert (
        "significant, and observed lift ≥ 20%" in card and "accuracy drops by 1 point" in card and "@U07OWNER" in card
    )
    (check,) = _checks(runtime)
    assert (check.claimed_lift_pct, check.success_pct, check.alpha, check.higher_is_better) == (40.0, 20.0, 0.01, False)
    assert check.owner == "U07OWNER" and check.created_by == "U1" and check.status == "open" and check.channel == "C1"


def test_start_plans_a_reminder_the_day_before_and_at_expiry(runtime: Runtime, paper: str) -> None:
    run(runtime, START)  # default time-box: 7 days
    ends = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert _reminders(runtime) == [
        ("gutcheck.day_before", ends - timedelta(days=1), "pending"),
        ("gutcheck.expiry", ends, "pending"),
    ]


def test_a_time_box_shorter_than_a_day_gets_only_the_expiry_reminder(runtime: Runtime, paper: str) -> None:
    run(runtime, START + " timebox=12h")
    assert _reminders(runtime) == [("gutcheck.expiry", datetime(2026, 11, 21, 21, 0, tzinfo=UTC), "pending")]


def test_a_percentage_in_success_words_is_the_threshold_stated_once(runtime: Runtime, paper: str) -> None:
    reply = run(runtime, START + ' claimed-lift=40% success="20% on the held-out set"')
    (check,) = _checks(runtime)
    assert check.success == "20% on the held-out set" and check.success_pct == 20.0
    card = text_of(reply)
    assert "significant, and observed lift ≥ 20% — “20% on the held-out set”" in card
    assert "half the claim" not in card


def test_success_words_without_a_number_keep_half_the_claim(runtime: Runtime, paper: str) -> None:
    reply = run(runtime, START + ' claimed-lift=40% success="beats it on the held-out set"')
    (check,) = _checks(runtime)
    assert check.success_pct is None
    assert "observed lift ≥ 20% (half the claimed 40%) — “beats it on the held-out set”" in text_of(reply)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("claimed-lift=10% success=20%", "asks for 20%, more than the claimed 10% lift"),
        ('claimed-lift=40% success="20% on A, 5% on B"', "names 2 percentages"),
        ("success=0%", "must be above 0%"),
    ],
)
def test_a_success_threshold_that_contradicts_the_claim_is_refused_at_start(
    runtime: Runtime, paper: str, options: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        run(runtime, f"{START} {options}")
    assert _checks(runtime) == []


def test_runs_and_sd_fix_the_design_and_show_the_plan(runtime: Runtime, paper: str) -> None:
    reply = run(runtime, START + " claimed-lift=40% sd=10% runs=8")
    (check,) = _checks(runtime)
    assert (check.planned_runs, check.sd_pct) == (8, 10.0)
    card = text_of(reply)
    assert "fixed: 8 runs per arm, verdict at 8" in card
    assert "Plan: with sd 10%, unpaired" in card and "the claimed 40% lift needs" in card


def test_without_runs_the_design_is_sequential_and_asks_for_the_spread(runtime: Runtime, paper: str) -> None:
    card = text_of(run(runtime, START + " claimed-lift=40%"))
    assert "sequential: read the verdict after any run" in card
    assert "Give `sd=`" in card


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("runs=2", "3 to 10,000 runs per arm"),
        ("runs=ten", "a whole number like `runs=10`"),
        ("sd=0.004", "as a percentage of the metric"),
        ("sd=0%", "above 0%"),
    ],
)
def test_bad_runs_or_spread_are_refused_with_the_fix(runtime: Runtime, paper: str, options: str, message: str) -> None:
    with pytest.raises(UserError, match=re.escape(message)):
        run(runtime, f"{START} {options}")
    assert _checks(runtime) == []


def test_technique_links_the_gut_check_case_insensitively(runtime: Runtime, paper: str) -> None:
    with runtime.db.session() as s:
        s.add(
            Technique(
                team_id="T1",
                name="Token Merging",
                name_key="token merging",
                ring="ASSESS",
                created_at=runtime.clock.now(),
            )
        )
    reply = run(runtime, START + ' technique="token MERGING"')
    (check,) = _checks(runtime)
    assert check.technique_id is not None and "technique Token Merging" in text_of(reply)


def test_handles_count_up_per_workspace(runtime: Runtime, paper: str, fake_arxiv: FakeArxiv) -> None:
    assert [run(runtime, START).data["id"] for _ in range(2)] == ["G1", "G2"]  # type: ignore[index]
    run(runtime, "/paper add 2401.00001", team="T2")
    assert run(runtime, START, team="T2").data["id"] == "G1"  # type: ignore[index]
    with pytest.raises(NotFound):
        run(runtime, "/gutcheck status G2", team="T2")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("timebox=7", "not a time-box"),
        ("timebox=0d", "longer than zero"),
        ("timebox=400d", "at most a year"),
        ("alpha=1.5", "between 0 and 1"),
        ("alpha=abc", "`alpha`"),
        ("claimed-lift=lots", "percentage"),
        ("claimed-lift=-5%", "above 0%"),
        ("higher-is-better=maybe", "`yes` or `no`"),
        ("owner=bob", "not a Slack user"),
        ("technique=Nothing", "no technique"),
        ("colour=red", "`colour=` is not an option"),
        (f"kill={'k' * 4001}", "`kill`"),
    ],
)
def test_bad_criteria_say_what_is_wrong_and_store_nothing(
    runtime: Runtime, paper: str, options: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        run(runtime, f"{START} {options}")
    assert _checks(runtime) == [] and _reminders(runtime) == []


def test_unknown_paper_is_refused(runtime: Runtime, paper: str) -> None:
    with pytest.raises(UserError, match="no paper P9"):
        run(runtime, '/gutcheck start P9 claim="x" metric=acc')
    assert _checks(runtime) == []


def test_criteria_are_required_before_work_starts(runtime: Runtime, paper: str) -> None:
    with pytest.raises(UserError, match="missing: `claim=`, `metric=`"):
        run(runtime, "/gutcheck start P1")
    with pytest.raises(UserError, match="missing: `metric=`"):
        run(runtime, '/gutcheck start P1 claim="x"')
    assert _checks(runtime) == []


def test_in_slack_start_without_criteria_asks_for_the_form(runtime: Runtime, paper: str) -> None:
    ctx = Ctx(team_id="T1", user_id="U1", channel_id="C1", runtime=runtime, transport="slack")
    reply = CATALOG.dispatch(ctx, "/gutcheck", "start 2401.00001")
    assert reply.data == {"open_form": "gutcheck_start", "paper": "P1"}
    assert CATALOG.dispatch(ctx, "/gutcheck", "start").data == {"open_form": "gutcheck_start", "paper": None}
    with pytest.raises(NotFound):
        CATALOG.dispatch(ctx, "/gutcheck", "start P9")
    assert _checks(runtime) == []


def test_the_form_reports_each_wrong_field_by_name() -> None:
    with pytest.raises(FieldErrors) as caught:
        start_inputs_from_form(
            {"paper": "P1", "claim": " ", "metric": "acc", "timebox": "soon", "alpha": "2", "claimed_lift": "x"}
        )
    assert set(caught.value.errors) == {"claim", "timebox", "alpha", "claimed_lift"}
    assert "not a time-box" in caught.value.errors["timebox"]
    inputs = start_inputs_from_form(
        {"paper": "P1", "claim": "c", "metric": "acc", "owner": "U07OWNER", "success": "", "timebox": "3d"}
    )
    assert inputs.owner == "U07OWNER" and inputs.success is None and inputs.timebox == timedelta(days=3)


def test_user_text_on_the_card_is_escaped(runtime: Runtime, paper: str) -> None:
    reply = run(runtime, '/gutcheck start P1 claim="<!channel> wins & latency > 2x" metric=acc')
    card = str(reply.blocks)
    assert "<!channel>" not in card and "&lt;!channel&gt; wins &amp; latency &gt; 2x" in card  # typed: verbatim
    slack = run(runtime, '/gutcheck start P1 claim="<!channel> wins" metric=acc', transport="slack")
    assert "@channel wins" in str(slack.blocks) and "<!channel>" not in str(slack.blocks)

"""Every verdict reached through the commands, with data, in words a lead understands."""

from __future__ import annotations

import pytest

from assay.commands.context import Ctx
from assay.errors import UserError
from assay.replies import HomeRef
from assay.runtime import Runtime
from assay.services.threads import set_home
from tests.core.helpers import run, text_of
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

# Student's sleep data (R's `sleep`): extra hours of sleep under two drugs, ten patients.
DRUG1 = "0.7 -1.6 -0.2 -1.2 -0.1 3.4 3.7 0.8 0.0 2.0"
DRUG2 = "1.9 0.8 1.1 0.1 -0.1 4.4 5.5 1.6 4.6 3.4"
PATIENTS = "seeds=1,2,3,4,5,6,7,8,9,10"
BASELINE = "0.70 0.71 0.69 0.70 0.71"


@pytest.fixture
def paper(any_runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(any_runtime, "/paper add 2401.00001")
    return "P1"


def _start(runtime: Runtime, options: str = "claimed-lift=40%") -> str:
    reply = run(runtime, f'/gutcheck start P1 claim="the headline" metric=accuracy {options}')
    assert reply.data is not None
    return str(reply.data["id"])


def _status(runtime: Runtime, gid: str) -> tuple[str, str, dict[str, object]]:
    reply = run(runtime, f"/gutcheck status {gid}")
    assert reply.data is not None
    return str(reply.data["verdict"]), text_of(reply), reply.data


def test_fewer_than_three_runs_in_an_arm_is_insufficient_data(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    run(any_runtime, f"/gutcheck log {gid} baseline {BASELINE}")
    run(any_runtime, f"/gutcheck log {gid} method 0.8 0.81")
    verdict, text, _ = _status(any_runtime, gid)
    assert verdict == "INSUFFICIENT_DATA"
    assert "Not enough runs yet" in text and "Log 1 more method run." in text


def test_the_paired_sleep_data_reproduce_the_claim_by_the_sequential_test(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime, "claimed-lift=150%")
    run(any_runtime, f"/gutcheck log {gid} drug1 {DRUG1} {PATIENTS}")
    run(any_runtime, f"/gutcheck log {gid} drug2 {DRUG2} {PATIENTS}")
    verdict, text, data = _status(any_runtime, gid)
    assert verdict == "REPRODUCED"
    assert "The claimed 150% lift reproduced: we observe +211% ± 117% (95% CI)" in text
    assert "(sequential test, p = 0.0371; 10 paired runs per arm)" in text
    assert data["primary"] == "sequential" and data["classical_primary"] == "paired_t"
    assert data["design"] == {"kind": "sequential", "planned_runs": None, "final": True, "sd_pct": None, "left_out": {}}
    sequential = data["tests"]["sequential"]  # type: ignore[index]
    assert sequential["p_value"] == pytest.approx(0.0371251, rel=1e-5) and "paired t statistic" in sequential["method"]
    assert data["tests"]["paired_t"]["p_value"] == pytest.approx(0.00283289, rel=1e-5)  # type: ignore[index]
    assert data["arms"] == {
        "drug1": {"n": 10, "mean": 0.75, "sd": 1.78901},
        "drug2": {"n": 10, "mean": 2.33, "sd": 2.00225},
    }


def test_a_fixed_design_at_its_planned_runs_is_decided_by_the_paired_t_test(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime, "claimed-lift=150% runs=10")
    run(any_runtime, f"/gutcheck log {gid} drug1 {DRUG1} {PATIENTS}")
    run(any_runtime, f"/gutcheck log {gid} drug2 {DRUG2} {PATIENTS}")
    verdict, text, data = _status(any_runtime, gid)
    assert verdict == "REPRODUCED" and data["primary"] == "paired_t"
    assert data["design"]["kind"] == "fixed" and data["design"]["planned_runs"] == 10  # type: ignore[index]
    assert data["design"]["final"] is True  # type: ignore[index]
    assert "(paired t test, p = 0.00283; 10 paired runs per arm)" in text


def test_a_fixed_design_before_its_planned_runs_is_interim(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime, "claimed-lift=150% runs=12")
    run(any_runtime, f"/gutcheck log {gid} drug1 {DRUG1} {PATIENTS}")
    run(any_runtime, f"/gutcheck log {gid} drug2 {DRUG2} {PATIENTS}")
    verdict, text, data = _status(any_runtime, gid)
    assert verdict == "INCONCLUSIVE" and data["design"]["final"] is False  # type: ignore[index]
    assert "Interim, 10 of 12 runs per arm" in text and "(interim)" in text
    assert "Log 2 more runs per arm on new seeds run in both arms (12 in each)." in text


def test_the_same_data_without_seeds_are_inconclusive_and_say_how_many_runs(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime, "claimed-lift=150%")
    run(any_runtime, f"/gutcheck log {gid} drug1 {DRUG1}")
    run(any_runtime, f"/gutcheck log {gid} drug2 {DRUG2}")
    verdict, text, data = _status(any_runtime, gid)
    assert verdict == "INCONCLUSIVE"
    needed = data["power"]["runs_needed_per_arm"]  # type: ignore[index]
    assert isinstance(needed, int) and needed > 46  # the fixed design's t test would need 46
    assert f"Log {needed - 10} more runs per arm ({needed} in each) for 80% power" in text


def test_a_real_but_smaller_lift_is_partial(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    run(any_runtime, f"/gutcheck log {gid} baseline {BASELINE}")
    run(any_runtime, f"/gutcheck log {gid} method 0.735 0.745 0.725 0.735 0.745")
    verdict, text, data = _status(any_runtime, gid)
    assert verdict == "PARTIAL"
    assert "Only part of the claimed 40% lift reproduced: the method is significantly better, but by +5%" in text
    assert data["lift"] == {
        "observed_pct": 4.98575,
        "claimed_pct": 40.0,
        "retained_fraction": 0.124644,
        "success_threshold_pct": 20.0,
    }


def test_no_lift_is_not_reproduced_once_the_claim_is_ruled_out(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    run(any_runtime, f"/gutcheck log {gid} baseline 0.700 0.702 0.698 0.701 0.699")
    run(any_runtime, f"/gutcheck log {gid} method 0.701 0.703 0.699 0.700 0.702")
    verdict, text, _ = _status(any_runtime, gid)
    assert verdict == "NOT_REPRODUCED"
    assert (
        "The claimed 40% lift did not survive: we observe +0.14% ± 0.33% (95% CI), not significant "
        "(sequential test, p = 1), and with 5 runs per arm the anytime-valid 95% range of the lift, "
        "-0.53% to +0.82%, leaves the claim out."
    ) in text


def test_no_lift_in_a_fixed_design_is_not_reproduced_with_enough_power(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime, "claimed-lift=40% runs=5")
    run(any_runtime, f"/gutcheck log {gid} baseline 0.700 0.702 0.698 0.701 0.699")
    run(any_runtime, f"/gutcheck log {gid} method 0.701 0.703 0.699 0.700 0.702")
    verdict, text, _ = _status(any_runtime, gid)
    assert verdict == "NOT_REPRODUCED"
    assert "(Welch's t test, p = 0.347), and with 5 runs per arm we would have seen the claim with 100% power." in text


def test_a_significantly_worse_method_is_a_regression_and_a_hard_kill(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    run(any_runtime, f"/gutcheck log {gid} baseline {BASELINE}")
    logged = run(any_runtime, f"/gutcheck log {gid} method 0.66 0.65 0.67 0.66 0.65")
    assert "This is a hard kill" in text_of(logged)
    verdict, text, data = _status(any_runtime, gid)
    assert verdict == "REGRESSION" and data["hard_kill"] is True
    assert "This is a hard kill: decide `kill`" in text
    assert "[Kill] [Pivot]" in text and "[Continue]" not in text
    with pytest.raises(UserError, match="REGRESSION.*hard kill"):
        run(any_runtime, f'/gutcheck decide {gid} continue why="one more try"')
    with pytest.raises(UserError, match="REGRESSION.*hard kill"):
        run(any_runtime, f'/gutcheck decide {gid} extend why="one more week" timebox=1w')
    assert run(any_runtime, f'/gutcheck decide {gid} kill why="it hurts"').data["status"] == "killed"  # type: ignore[index]


def test_lower_is_better_metrics_count_a_decrease_as_the_lift(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime, "higher-is-better=no claimed-lift=40%")
    run(any_runtime, f"/gutcheck log {gid} baseline 100 102 98 101 99")
    run(any_runtime, f"/gutcheck log {gid} method 60 61 59 62 58")
    verdict, _, data = _status(any_runtime, gid)
    assert verdict == "REPRODUCED" and data["lift"]["observed_pct"] == 40.0  # type: ignore[index]


def test_status_data_has_every_spec_key(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    run(any_runtime, f"/gutcheck log {gid} baseline {BASELINE}")
    run(any_runtime, f"/gutcheck log {gid} method 0.72 0.73 0.71 0.72 0.73")
    _, _, data = _status(any_runtime, gid)
    assert {
        "id",
        "verdict",
        "arms",
        "diff",
        "tests",
        "effect_size",
        "lift",
        "power",
        "extensions",
        "status",
        "timebox_ends",
    } <= set(data)
    assert data["id"] == gid and data["extensions"] == 0 and data["status"] == "open"
    assert set(data["arms"]["method"]) == {"n", "mean", "sd"}  # type: ignore[index]
    assert set(data["tests"]) == {"sequential", "welch_t", "mann_whitney_u", "paired_t", "wilcoxon"}  # type: ignore[arg-type]
    assert {"p_value", "method"} <= set(data["tests"]["sequential"])  # type: ignore[index]
    assert data["primary"] == "sequential" and set(data["design"]) >= {"kind", "planned_runs", "final"}  # type: ignore[arg-type]
    assert {"statistic", "df", "p_value"} <= set(data["tests"]["welch_t"])  # type: ignore[index]
    assert data["tests"]["paired_t"] is None and data["tests"]["wilcoxon"] is None  # type: ignore[index]
    assert len(data["diff"]["ci95"]) == 2 and "hedges_g" in data["effect_size"]  # type: ignore[index, operator]
    assert {"observed_pct", "claimed_pct", "retained_fraction"} <= set(data["lift"])  # type: ignore[arg-type]
    assert "runs_needed_per_arm" in data["power"]  # type: ignore[operator]


def test_a_new_verdict_is_posted_in_the_home_thread_and_broadcast(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    ctx = Ctx(team_id="T1", user_id="U1", channel_id="C1", runtime=any_runtime)
    set_home(ctx, HomeRef("gutcheck", 1), "C1", "1700000000.000100")
    first = run(any_runtime, f"/gutcheck log {gid} baseline {BASELINE}")
    (update,) = first.announcements
    assert update.thread is not None and update.thread.ts == "1700000000.000100" and update.broadcast is False
    second = run(any_runtime, f"/gutcheck log {gid} method 0.66 0.65 0.67 0.66 0.65")
    (verdict,) = second.announcements
    assert verdict.broadcast is True and "Regression" in verdict.text
    third = run(any_runtime, f"/gutcheck log {gid} method 0.66")
    assert third.announcements[0].broadcast is False  # still REGRESSION: no news for the channel


def test_the_verdict_shows_on_the_paper(any_runtime: Runtime, paper: str) -> None:
    gid = _start(any_runtime)
    run(any_runtime, f"/gutcheck log {gid} baseline {BASELINE}")
    run(any_runtime, f"/gutcheck log {gid} method 0.735 0.745 0.725 0.735 0.745")
    shown = run(any_runtime, "/paper show P1")
    assert shown.data is not None
    assert shown.data["gut_checks"] == [{"id": "G1", "claim": "the headline", "status": "open", "verdict": "PARTIAL"}]
    assert "`G1` PARTIAL" in text_of(shown)

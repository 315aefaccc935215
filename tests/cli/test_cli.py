"""The console script, run as a user would, against the fake arXiv: in this process with a
process's environment and streams (tests/cli/runner.py), and as a real subprocess where the
console script's own start is what is tested."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assay.storage import migrate
from tests.cli.runner import assay, assay_process
from tests.conftest import Fakes
from tests.fakes.atom import AtomEntry


@pytest.fixture
def env(tmp_path: Path, fakes: Fakes) -> dict[str, str]:
    fakes.arxiv.add(AtomEntry("1706.03762", "Attention Is All You Need", version=5, categories=["cs.CL"]))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ASSAY_"))}
    return {
        **base,
        "ASSAY_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "ASSAY_ARXIV_API_URL": fakes.arxiv.api_url,
        "ASSAY_ARXIV_DELAY_SECONDS": "0",
        "ASSAY_ARXIV_LISTING_URL": fakes.listing.listing_url,
        "ASSAY_S2_API_URL": fakes.s2.api_url,
        "ASSAY_HF_API_URL": fakes.hf.api_url,
        "ASSAY_LOG_LEVEL": "WARNING",
    }


def test_run_json_prints_ok_text_blocks_and_data(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["run", "--json", "/paper add 1706.03762"], env, tmp_path)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert set(payload) == {"ok", "text", "blocks", "data"}
    assert payload["ok"] is True and payload["data"]["handle"] == "P1"
    assert payload["blocks"][0]["type"] == "section"
    assert "Attention Is All You Need" in payload["text"]


def test_user_error_exits_1_with_the_message_on_stderr(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["run", "/paper add not-an-id"], env, tmp_path)
    assert out.returncode == 1
    assert "is not an arXiv id" in out.stderr


def test_user_error_in_json_mode_is_ok_false(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["run", "--json", "/paper show P9"], env, tmp_path)
    assert out.returncode == 1
    assert json.loads(out.stdout) == {
        "ok": False,
        "text": "There is no paper P9 here. `/paper queue all` lists them.",
        "blocks": [],
        "data": None,
    }


def test_bad_usage_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    assert assay(["run"], env, tmp_path).returncode == 2
    assert assay(["frobnicate"], env, tmp_path).returncode == 2


def test_bad_configuration_exits_2_and_names_the_variable(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["run", "/assay help"], {**env, "ASSAY_TIMEZONE": "Nowhere/Land"}, tmp_path)
    assert out.returncode == 2 and "ASSAY_TIMEZONE" in out.stderr


def test_a_bad_service_url_exits_2_and_names_the_variable(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["run", "/assay help"], {**env, "ASSAY_S2_API_URL": "api.semanticscholar.org"}, tmp_path)
    assert out.returncode == 2 and "ASSAY_S2_API_URL" in out.stderr and "Traceback" not in out.stderr


def test_db_upgrade_and_current(env: dict[str, str], tmp_path: Path) -> None:
    head = migrate.head_revision("sqlite://")
    up = assay(["db", "upgrade"], env, tmp_path)
    assert up.returncode == 0 and f"revision {head} (newest {head})" in up.stdout
    assert f"revision {head} (newest {head})" in assay(["db", "current"], env, tmp_path).stdout


def test_shell_answers_commands_typed_on_stdin(env: dict[str, str], tmp_path: Path) -> None:
    out = assay_process(["shell"], env, tmp_path, stdin="/paper add 1706.03762\n/paper show P1\n/paper show P7\nexit\n")
    assert out.returncode == 0
    assert out.stdout.count("Attention Is All You Need") >= 2
    assert "✗ There is no paper P7 here" in out.stdout


def test_serve_without_credentials_starts_the_shell_and_says_why(env: dict[str, str], tmp_path: Path) -> None:
    out = assay(["serve"], env, tmp_path, stdin="/assay help\n")
    assert out.returncode == 0
    assert "No Slack credentials" in out.stdout and "/gutcheck" in out.stdout


def test_jobs_run_due_runs(env: dict[str, str], tmp_path: Path) -> None:
    assert assay(["jobs", "run-due", "--now", "2026-11-21T09:00:00+00:00"], env, tmp_path).returncode == 0
    assert assay(["jobs", "run-due", "--now", "yesterday"], env, tmp_path).returncode == 2


def test_export_writes_json_and_a_markdown_file_per_paper(env: dict[str, str], tmp_path: Path) -> None:
    assay(["run", "/paper add 1706.03762"], env, tmp_path)
    out = assay(["export", "--format", "json", "--out", str(tmp_path / "out")], env, tmp_path)
    assert out.returncode == 0
    data = json.loads((tmp_path / "out" / "assay-export.json").read_text())
    assert data["workspaces"]["TLOCAL"]["papers"][0]["handle"] == "P1"
    assert data["schema"] == 1
    md = assay(["export", "--out", str(tmp_path / "md")], env, tmp_path)
    assert md.returncode == 0 and "more files" in md.stdout
    assert "Attention Is All You Need" in (tmp_path / "md" / "TLOCAL" / "papers" / "P1.md").read_text()
    assert "(papers/P1.md)" in (tmp_path / "md" / "TLOCAL" / "index.md").read_text()


def test_help_documents_every_subcommand(env: dict[str, str], tmp_path: Path) -> None:
    out = assay_process(["--help"], env, tmp_path)
    for word in ("serve", "shell", "run", "db", "jobs", "export"):
        assert word in out.stdout


def test_jobs_run_due_delivers_each_item_once(env: dict[str, str], tmp_path: Path) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    added = assay(["run", f'/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark it" due={tomorrow}'], env, tmp_path)
    assert added.returncode == 0, added.stderr
    due = f"{tomorrow}T09:00:00+00:00"
    early = assay(["jobs", "run-due", "--now", f"{tomorrow}T08:59:00+00:00"], env, tmp_path)
    assert early.returncode == 0 and "Delivered 0 scheduled posts" in early.stdout
    first = assay(["jobs", "run-due", "--now", due], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "[scheduled post · DM to UBOB]" in first.stdout and "benchmark it" in first.stdout
    assert "Delivered 1 scheduled post " in first.stdout
    again = assay(["jobs", "run-due", "--now", due], env, tmp_path)
    assert "Delivered 0 scheduled posts" in again.stdout and "benchmark it" not in again.stdout


def test_jobs_run_due_without_slack_prints_only_the_local_teams_posts(env: dict[str, str], tmp_path: Path) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    for team, what in (("TLOCAL", "ours"), ("T0OTHER", "theirs")):
        line = f'/radar add LoRA ring=TRIAL owner=@UBOB next="benchmark {what}" due={tomorrow}'
        assert assay(["run", "--team", team, line], env, tmp_path).returncode == 0
    due = f"{tomorrow}T09:00:00+00:00"
    local = assay(["jobs", "run-due", "--now", due], env, tmp_path)
    assert "benchmark ours" in local.stdout and "theirs" not in local.stdout  # theirs waits for their bot
    other = assay(["jobs", "run-due", "--now", due, "--team", "T0OTHER"], env, tmp_path)
    assert "benchmark theirs" in other.stdout and "Delivered 1 scheduled post " in other.stdout


@pytest.mark.parametrize(("now", "says"), [("tomorrow", "not an ISO-8601"), ("2026-12-01T09:00:00", "time zone")])
def test_jobs_run_due_refuses_a_bad_instant(env: dict[str, str], tmp_path: Path, now: str, says: str) -> None:
    out = assay(["jobs", "run-due", "--now", now], env, tmp_path)
    assert out.returncode == 2 and says in out.stderr


def test_the_shell_switches_who_is_typing(env: dict[str, str], tmp_path: Path) -> None:
    script = "/radar add LoRA\n/radar vote LoRA TRIAL\n/as UBOB\n/radar vote LoRA HOLD\n/radar votes LoRA\nexit\n"
    out = assay(["shell", "--user", "UALICE"], env, tmp_path, stdin=script)
    assert out.returncode == 0 and "Now typing as UBOB." in out.stdout
    assert "UALICE" in out.stdout and "UBOB" in out.stdout and "TRIAL 1" in out.stdout.replace(":", "")

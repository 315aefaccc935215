from __future__ import annotations

import pytest

from assay.errors import UserError
from assay.runtime import Runtime
from tests.core.helpers import CATALOG, run, text_of

SPEC_COMMANDS = ["/paper", "/pass", "/radar", "/gutcheck", "/review", "/predict", "/assay"]


@pytest.mark.parametrize("command", SPEC_COMMANDS)
def test_every_command_answers_help_with_its_grammar(runtime: Runtime, command: str) -> None:
    reply = run(runtime, f"{command} help")
    assert reply.data is not None and reply.data["usage"]
    assert all(u.startswith(command) for u in reply.data["usage"])
    assert command in text_of(reply)


def test_assay_help_lists_every_command(runtime: Runtime) -> None:
    reply = run(runtime, "/assay help")
    assert reply.data is not None and reply.data["commands"] == SPEC_COMMANDS
    for command in SPEC_COMMANDS:
        assert command in text_of(reply)


def test_bare_assay_is_help(runtime: Runtime) -> None:
    data = run(runtime, "/assay").data
    assert data is not None and data["commands"] == SPEC_COMMANDS


def test_paper_help_shows_the_add_grammar(runtime: Runtime) -> None:
    assert "/paper add <arxiv-id|url>" in text_of(run(runtime, "/paper help"))


def test_unknown_subcommand_lists_the_known_ones(runtime: Runtime) -> None:
    with pytest.raises(UserError) as err:
        run(runtime, "/paper fly")
    assert "`add`" in err.value.message and "/paper help" in err.value.message


def test_catalog_names_match_the_spec() -> None:
    assert list(CATALOG.commands) == SPEC_COMMANDS


def test_settings_are_saved_per_workspace(runtime: Runtime) -> None:
    reply = run(runtime, '/assay settings tz=Europe/Berlin digest="Monday 9:00" digest-channel=<#C42>')
    assert reply.data == {
        "timezone": "Europe/Berlin",
        "digest": "mon 09:00",
        "digest_channel": "C42",
        "next_digest": "2026-11-23T09:00:00+01:00",
    }
    assert run(runtime, "/assay settings", team="T2").data == {
        "timezone": "UTC",
        "digest": None,
        "digest_channel": None,
        "next_digest": None,
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/assay settings tz=Mars/Base", "not a time zone"),
        ('/assay settings digest="someday"', "not a weekly time"),
        ('/assay settings digest="every day at 09:00"', "comes once a week"),
        ('/assay settings digest="mon 25:00"', "not a weekly time"),
    ],
)
def test_bad_settings_change_nothing(runtime: Runtime, line: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        run(runtime, line)
    unchanged = {"timezone": "UTC", "digest": None, "digest_channel": None, "next_digest": None}
    assert run(runtime, "/assay settings").data == unchanged


@pytest.mark.parametrize(("typed", "stored"), [("Monday at 9am", "mon 09:00"), ("fri 17:30", "fri 17:30")])
def test_a_digest_time_is_read_like_every_schedule(runtime: Runtime, typed: str, stored: str) -> None:
    data = run(runtime, f'/assay settings digest="{typed}"', channel="CDIGEST").data
    assert data is not None and data["digest"] == stored and data["digest_channel"] == "CDIGEST"

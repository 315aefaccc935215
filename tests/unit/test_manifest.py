"""bot/manifest.yml creates the app: every command, the events, interactivity, Socket Mode."""

from __future__ import annotations

from pathlib import Path

import yaml

from assay.commands.catalog import build_catalog
from bot.app import BOT_SCOPES

MANIFEST = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "manifest.yml").read_text())


def test_every_command_assay_answers_is_in_the_manifest() -> None:
    commands = [c["command"] for c in MANIFEST["features"]["slash_commands"]]
    assert commands == list(build_catalog().commands)
    assert all(c["should_escape"] for c in MANIFEST["features"]["slash_commands"])
    assert {c["url"].rsplit("/", 2)[-2:] == ["slack", "events"] for c in MANIFEST["features"]["slash_commands"]} == {
        True
    }


def test_events_interactivity_and_socket_mode_are_on() -> None:
    settings = MANIFEST["settings"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert {"message.channels", "app_uninstalled", "tokens_revoked"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )


def test_scopes_match_what_oauth_mode_asks_for() -> None:
    assert MANIFEST["oauth_config"]["scopes"]["bot"] == BOT_SCOPES

"""Buttons (``block_actions``): each feature registers its own in its module."""

from __future__ import annotations

from slack_bolt import App

from assay.commands.registry import Catalog
from assay.runtime import Runtime
from bot.listeners import paper_actions, radar_actions, scheduled_actions
from bot.listeners.gutcheck import actions as gutcheck_actions
from bot.listeners.notes import actions as notes_actions


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    paper_actions.register(app, runtime)
    radar_actions.register(app, runtime)
    gutcheck_actions.register(app, runtime)
    notes_actions.register(app, runtime)
    scheduled_actions.register(app, runtime, catalog)

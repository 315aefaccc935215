"""Listeners grouped by the kind of Slack event; ``register_listeners`` wires them all."""

from __future__ import annotations

from slack_bolt import App

from assay.commands.registry import Catalog
from assay.runtime import Runtime
from bot.listeners import actions, commands, events, views
from bot.respond import PatientResponding


def register_listeners(app: App, runtime: Runtime, catalog: Catalog) -> None:
    app.use(PatientResponding(runtime))
    commands.register(app, runtime, catalog)
    actions.register(app, runtime, catalog)
    views.register(app, runtime, catalog)
    events.register(app, runtime)

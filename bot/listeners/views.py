"""Modals (``view_submission``): each feature registers its own in its module."""

from __future__ import annotations

from slack_bolt import App

from assay.commands.registry import Catalog
from assay.runtime import Runtime
from bot.listeners import paper_actions
from bot.listeners.gutcheck import views as gutcheck_views
from bot.listeners.notes import views as notes_views


def register(app: App, runtime: Runtime, catalog: Catalog) -> None:
    del catalog
    paper_actions.register_views(app, runtime)
    gutcheck_views.register(app, runtime)
    notes_views.register(app, runtime)

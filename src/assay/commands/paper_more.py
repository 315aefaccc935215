"""/paper queue, assign, drop, search, watch — the reading workflow."""

from __future__ import annotations

from typing import Any

from assay.commands.registry import Subcommand

SUBCOMMANDS: list[Subcommand[Any]] = []

"""Every slash command Assay answers, assembled in one place."""

from __future__ import annotations

from assay.commands import predict, review
from assay.commands.assay_cmd import SETTINGS, make_help
from assay.commands.gutcheck import command as gutcheck
from assay.commands.notes import command as notes
from assay.commands.paper import triage as paper
from assay.commands.paper import workflow as paper_more
from assay.commands.radar import command as radar
from assay.commands.registry import Catalog, Command


def build_catalog() -> Catalog:
    commands: list[Command] = [
        Command(
            name="/paper",
            summary="prospecting: triage papers from arXiv",
            subcommands=[paper.ADD, paper.SHOW, *paper_more.SUBCOMMANDS],
            notes=("Papers are `P<n>` handles or any arXiv id form.",),
        ),
        notes.COMMAND,
        radar.COMMAND,
        gutcheck.COMMAND,
        review.COMMAND,
        predict.COMMAND,
    ]
    assay = Command(name="/assay", summary="help and workspace settings", subcommands=[], default="help")
    commands.append(assay)
    assay.subcommands.extend([make_help(commands), SETTINGS])
    assay.__post_init__()
    return Catalog(commands)

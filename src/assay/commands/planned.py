"""Commands of the product contract whose features are not in this release yet.

They answer ``help`` with their full grammar so the team can see what is coming, and any
other use with a clear message instead of silently doing nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ConfigDict

from assay.commands.context import Ctx
from assay.commands.registry import Command, Request, Subcommand
from assay.errors import UserError
from assay.replies import Reply


class AnyWords(Request):
    model_config = ConfigDict(extra="allow", frozen=True)
    words: str | None = None


def _not_yet(command: str) -> Callable[[Ctx, AnyWords], Reply]:
    def handler(ctx: Ctx, req: AnyWords) -> Reply:
        raise UserError(
            f"`{command}` is not available in this version of Assay yet. "
            f"`{command.split()[0]} help` shows the grammar it will take."
        )

    return handler


def planned(name: str, summary: str, grammar: list[tuple[str, str, str]]) -> Command:
    """A command whose subcommands (name, usage, summary) all answer 'not available yet'."""
    subs: list[Subcommand[AnyWords]] = [
        Subcommand(
            name=sub,
            usage=usage,
            summary=text,
            request=AnyWords,
            handler=_not_yet(f"{name} {sub}"),
            rest="words",
        )
        for sub, usage, text in grammar
    ]
    return Command(name=name, summary=summary, subcommands=list(subs), fallback=subs[0].name)

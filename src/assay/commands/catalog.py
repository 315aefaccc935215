"""Every slash command Assay answers, assembled in one place.

Each command's module (and the services behind it: statistics, plotting, arXiv, PDFs) loads
the first time the command is looked up, so ``assay run "/radar"`` imports the radar alone and
a process starts in a fraction of a second. Iterating the names loads nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from assay.commands.registry import Catalog, Command


def _paper() -> Command:
    from assay.commands.paper import triage, workflow

    return Command(
        name="/paper",
        summary="prospecting: triage papers from arXiv",
        subcommands=[triage.ADD, triage.SHOW, *workflow.SUBCOMMANDS],
        notes=("Papers are `P<n>` handles or any arXiv id form.",),
    )


def _pass() -> Command:
    from assay.commands.notes import command

    return command.COMMAND


def _radar() -> Command:
    from assay.commands.radar import command

    return command.COMMAND


def _gutcheck() -> Command:
    from assay.commands.gutcheck import command

    return command.COMMAND


def _review() -> Command:
    from assay.commands import review

    return review.COMMAND


def _predict() -> Command:
    from assay.commands import predict

    return predict.COMMAND


class LazyCommands(Mapping[str, Command]):
    """Command names in catalog order; a command is built on first access and kept."""

    def __init__(self, loaders: dict[str, Callable[[], Command]]) -> None:
        self._loaders = loaders
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        built = self._built.get(name)
        if built is None:
            built = self._loaders[name]()  # KeyError for an unknown name, as a dict would
            self._built[name] = built
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)

    def add(self, name: str, loader: Callable[[], Command]) -> None:
        self._loaders[name] = loader


def build_catalog(*, eager: bool = False) -> Catalog:
    """The catalog; ``eager`` loads every command now (a server, before its first request)."""
    commands = LazyCommands(
        {
            "/paper": _paper,
            "/pass": _pass,
            "/radar": _radar,
            "/gutcheck": _gutcheck,
            "/review": _review,
            "/predict": _predict,
        }
    )

    def _assay() -> Command:
        from assay.commands.assay_cmd import SETTINGS, make_help

        return Command(
            name="/assay",
            summary="help and workspace settings",
            subcommands=[make_help(commands.values()), SETTINGS],
            default="help",
        )

    commands.add("/assay", _assay)
    if eager:
        list(commands.values())
    return Catalog(commands)

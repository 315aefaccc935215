"""Commands, subcommands, typed requests and the dispatcher.

Each command module declares a :class:`Command` with its :class:`Subcommand` s. A subcommand
names a pydantic request model, which positional words fill in order and ``key=value``
options fill by name; validation errors become a :class:`UserError` that says how to fix it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from assay.commands.context import Ctx
from assay.commands.parsing import Args, parse_args, split_words
from assay.errors import UserError
from assay.replies import Context, Header, Reply, Section
from assay.textfmt import esc


class Request(BaseModel):
    """Base of typed requests: unknown fields are refused, text is stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


R = TypeVar("R", bound=Request)


@dataclass
class Subcommand(Generic[R]):
    name: str
    usage: str
    summary: str
    request: type[R]
    handler: Callable[[Ctx, R], Reply]
    positional: tuple[str, ...] = ()
    rest: str | None = None  # field that collects every remaining word, joined by spaces
    examples: tuple[str, ...] = ()
    slow: bool = False  # does outside I/O: acknowledged first, answered later
    working: str = "Working on it…"

    def bind(self, args: Args) -> R:
        """Fill the request model from words and options; raise UserError when they don't fit."""
        values: dict[str, Any] = {}
        words = list(args.words)
        for name in self.positional:
            if words:
                values[name] = words.pop(0)
        if words and self.rest:
            values[self.rest] = " ".join(words)
            words = []
        if words:
            raise UserError(f"I don't know what to do with `{esc(' '.join(words))}`.\nUsage: `{self.usage}`")
        fields = self.request.model_fields
        for key, value in args.options.items():
            attr = key.replace("-", "_")
            if attr not in fields or attr in self.positional or attr == self.rest:
                allowed = [k.replace("_", "-") for k in fields if k not in self.positional and k != self.rest]
                hint = f" Options: {', '.join(f'`{a}=`' for a in allowed)}." if allowed else ""
                raise UserError(f"`{esc(key)}=` is not an option here.{hint}\nUsage: `{self.usage}`")
            values[attr] = value
        for name, value in values.items():
            if _is_numeric(fields[name].annotation):
                values[name] = number_text(value)
        try:
            return self.request.model_validate(values)
        except ValidationError as exc:
            raise UserError(_explain(exc, self.usage)) from None


def _is_numeric(annotation: Any) -> bool:
    """True for ``int``, ``float`` and optional or annotated forms of them."""
    if annotation in (int, float):
        return True
    return any(_is_numeric(arg) for arg in get_args(annotation))


def number_text(value: str) -> str:
    """A number as people paste it: the Unicode minus (U+2212) is a minus; digits other than
    0–9 (Arabic-Indic, full-width…) are refused rather than silently converted."""
    value = value.replace("\u2212", "-")
    foreign = [c for c in value if unicodedata.category(c) == "Nd" and not c.isascii()]
    if foreign:
        raise UserError(f"`{esc(value)}` uses digits other than 0–9 ({''.join(foreign)}). Type the number with 0–9.")
    return value


def _explain(exc: ValidationError, usage: str) -> str:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]).replace("_", "-") or "input"
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            problems.append(f"`{where}` is missing")
        else:
            given = err.get("input")
            shown = f" (`{esc(str(given))[:80]}`)" if isinstance(given, str | int | float) else ""
            problems.append(f"`{where}`{shown}: {message}")
    return "That didn't work: " + "; ".join(problems) + f".\nUsage: `{usage}`"


@dataclass
class Command:
    name: str  # "/paper"
    summary: str
    subcommands: list[Subcommand[Any]]
    default: str | None = None  # subcommand when no words are given
    fallback: str | None = None  # subcommand when the first word is not a subcommand name
    notes: tuple[str, ...] = ()
    _by_name: dict[str, Subcommand[Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name = {s.name: s for s in self.subcommands}

    def route(self, words: list[str]) -> tuple[Subcommand[Any], list[str]]:
        if not words:
            if self.default:
                return self._by_name[self.default], []
            raise UserError(f"`{self.name}` needs a subcommand. Try `{self.name} help`.")
        head = words[0].lower()
        if head in self._by_name:
            return self._by_name[head], words[1:]
        if self.fallback:
            return self._by_name[self.fallback], words
        names = ", ".join(f"`{s.name}`" for s in self.subcommands)
        raise UserError(
            f"`{self.name}` has no subcommand `{esc(words[0])}`. Try one of {names}, or `{self.name} help`."
        )

    def help(self) -> Reply:
        blocks: list[Any] = [Header(f"{self.name} — {self.summary}")]
        for sub in self.subcommands:
            examples = "\n".join(f"  e.g. `{esc(e)}`" for e in sub.examples)
            blocks.append(Section(f"`{esc(sub.usage)}`\n{esc(sub.summary)}\n{examples}".rstrip()))
        if self.notes:
            blocks.append(Context(tuple(self.notes)))
        text = f"{self.name} — {self.summary}"
        data = {"command": self.name, "usage": [s.usage for s in self.subcommands]}
        return Reply(text=text, blocks=blocks, data=data)


@dataclass
class Routed:
    """A command routed and bound, not yet run: the adapter may acknowledge slow ones first."""

    command: Command
    subcommand: Subcommand[Any] | None  # None: the help reply
    request: Request | None

    @property
    def slow(self) -> bool:
        return bool(self.subcommand and self.subcommand.slow)

    @property
    def working(self) -> str:
        return self.subcommand.working if self.subcommand else ""

    def run(self, ctx: Ctx) -> Reply:
        """The answer; it may carry a ``follow_up`` for the adapter to deliver after the ack."""
        if self.subcommand is None or self.request is None:
            return self.command.help()
        return self.subcommand.handler(ctx, self.request)


class Catalog:
    """Every slash command Assay answers."""

    def __init__(self, commands: list[Command] | Mapping[str, Command]) -> None:
        # A mapping may build its commands on first access (see assay.commands.catalog).
        by_name = commands if isinstance(commands, Mapping) else {c.name: c for c in commands}
        self.commands: Mapping[str, Command] = by_name

    def route(self, command: str, text: str, *, from_slack: bool = False) -> Routed:
        """Parse and validate; raise UserError for anything wrong. Nothing runs yet.

        ``from_slack``: the text came from Slack, with Slack's escaping to undo.
        """
        name = command.strip().lower()
        if not name.startswith("/"):
            name = "/" + name
        cmd = self.commands.get(name)
        if cmd is None:
            known = ", ".join(f"`{c}`" for c in self.commands)
            raise UserError(f"There is no command `{esc(command)}`. Assay answers {known}.")
        words = split_words(text, from_slack=from_slack)
        if words and words[0].lower() in {"help", "-h", "--help", "?"}:
            if "help" not in cmd._by_name:  # /assay has its own help: every command
                return Routed(cmd, None, None)
            words = ["help", *words[1:]]
        sub, rest = cmd.route(words)
        return Routed(cmd, sub, sub.bind(parse_args(rest)))

    def dispatch(self, ctx: Ctx, command: str, text: str) -> Reply:
        """Run a command and return its whole answer (follow-up included)."""
        return self.route(command, text, from_slack=ctx.transport == "slack").run(ctx).completed()

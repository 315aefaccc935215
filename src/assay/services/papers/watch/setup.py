"""arXiv watches: set one up for a channel, list them, stop one.

A watch (handle ``W<n>``) belongs to the channel where it was typed and names an arXiv
category, optional keywords (any of them must match) and exclusions (none may match).
Stopping a watch keeps its row (inactive) so its number is never reused and the papers it
reported are still never repeated in that channel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from assay.errors import NotFound, UserError
from assay.runtime import Runtime
from assay.services.papers.watch.runs import cancel_watch_runs, plan_next_watch_run
from assay.services.text_match import fold
from assay.services.workspaces import ensure_workspace, next_number
from assay.storage.models import PaperWatch
from assay.textfmt import esc

MAX_TERMS = 20
MAX_TERM_CHARS = 100
# arXiv archives whose subject classes are two capital letters (cs.LG, math.CO, stat.ML).
_UPPER_SUBJECTS = frozenset({"cs", "econ", "eess", "math", "q-bio", "q-fin", "stat", "nlin", "astro-ph"})
# Archives whose subject classes are lowercase words (physics.atom-ph, cond-mat.mes-hall).
_WORD_SUBJECTS = frozenset({"physics", "cond-mat"})
# Archives that are categories by themselves (hep-th, quant-ph, gr-qc).
_NO_SUBJECTS = frozenset(
    {"gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nucl-ex", "nucl-th", "quant-ph"}
)
_BARE_ALLOWED = frozenset({"astro-ph", "cond-mat"})  # old papers carry the bare archive
_CATEGORY = re.compile(r"^([a-z]+(?:-[a-z]+)?)(?:\.([a-z]+(?:-[a-z]+)*))?$")
_WATCH = re.compile(r"^[Ww]?(\d{1,9})$")
_CATEGORY_HELP = "Write an arXiv category like `cs.LG`, `math.CO`, `stat.ML`, `hep-th` or `physics.optics`."


@dataclass(frozen=True)
class WatchAdded:
    watch: PaperWatch
    created: bool  # False: this channel already had the same watch


def watch_handle(watch: PaperWatch) -> str:
    return f"W{watch.number}"


def parse_category(text: str) -> str:
    """The arXiv category in arXiv's own spelling (``cs.lg`` → ``cs.LG``); UserError if malformed."""
    match = _CATEGORY.match(text.strip().lower())
    if not match:
        raise UserError(f"`{esc(text)}` is not an arXiv category. {_CATEGORY_HELP}")
    archive, subject = match.group(1), match.group(2)
    known = _UPPER_SUBJECTS | _WORD_SUBJECTS | _NO_SUBJECTS
    if archive not in known:
        raise UserError(f"arXiv has no archive `{archive}`. {_CATEGORY_HELP}")
    if subject is None:
        if archive in _NO_SUBJECTS or archive in _BARE_ALLOWED:
            return archive
        raise UserError(f"`{archive}` needs a subject class, e.g. `{archive}.XX`. {_CATEGORY_HELP}")
    if archive in _NO_SUBJECTS:
        raise UserError(f"`{archive}` is a category by itself; watch `{archive}` without a subject.")
    if archive in _UPPER_SUBJECTS:
        if not re.fullmatch(r"[a-z]{2}", subject):
            raise UserError(
                f"`{esc(text)}` is not an arXiv category: {archive} subjects are two letters. {_CATEGORY_HELP}"
            )
        return f"{archive}.{subject.upper()}"
    return f"{archive}.{subject}"


def parse_terms(text: str | None, what: str) -> list[str]:
    """Comma-separated keywords, trimmed and without repeats (ignoring case and accents)."""
    if text is None:
        return []
    terms: dict[str, str] = {}
    for raw in text.split(","):
        term = " ".join(raw.split())
        if not term:
            continue
        if len(term) > MAX_TERM_CHARS:
            raise UserError(f"The {what} `{esc(term[:40])}…` is too long; keep each under {MAX_TERM_CHARS} characters.")
        terms.setdefault(fold(term), term)
    if len(terms) > MAX_TERMS:
        raise UserError(f"That is {len(terms)} {what}s; a watch takes at most {MAX_TERMS}.")
    return list(terms.values())


def _same_terms(a: list[str], b: list[str]) -> bool:
    return sorted(fold(t) for t in a) == sorted(fold(t) for t in b)


def add_watch(
    runtime: Runtime,
    team_id: str,
    channel: str | None,
    user_id: str,
    category: str,
    keywords: list[str],
    exclude: list[str],
    *,
    cross: bool = False,
) -> WatchAdded:
    """Watch ``category`` for this channel; the same watch twice in a channel is reported, not doubled.

    ``category`` must already be parsed (:func:`parse_category`); ``cross`` also posts papers
    cross-listed into it. Raises UserError when there is no channel (a watch posts its digest
    into one).
    """
    if not channel:
        raise UserError("A watch posts into the channel where it is set up: run this in a channel.")
    for _attempt in range(5):
        try:
            with runtime.db.session() as session:
                now = runtime.clock.now()
                for watch in _channel_watches(session, team_id, channel, category):
                    same = _same_terms(watch.keywords, keywords) and _same_terms(watch.exclude, exclude)
                    if same and watch.cross == cross:
                        return WatchAdded(watch, created=False)
                workspace = ensure_workspace(session, team_id, now, runtime.settings.timezone)
                watch = PaperWatch(
                    team_id=team_id,
                    number=next_number(session, PaperWatch, team_id),
                    channel=channel,
                    category=category,
                    keywords=keywords,
                    exclude=exclude,
                    cross=cross,
                    created_by=user_id,
                    created_at=now,
                )
                session.add(watch)
                session.flush()
                plan_next_watch_run(session, watch, workspace.timezone, now)
                return WatchAdded(watch, created=True)
        except IntegrityError:
            continue  # a concurrent watch took the number; number again
    raise UserError("The watch could not be stored because of concurrent changes. Try again.")


def _channel_watches(session: Session, team_id: str, channel: str, category: str) -> list[PaperWatch]:
    query = select(PaperWatch).where(
        col(PaperWatch.team_id) == team_id,
        col(PaperWatch.channel) == channel,
        col(PaperWatch.category) == category,
        col(PaperWatch.active).is_(True),
    )
    return list(session.execute(query).scalars())


def list_watches(runtime: Runtime, team_id: str) -> list[PaperWatch]:
    """The active watches of the workspace, in order of their numbers."""
    query = (
        select(PaperWatch)
        .where(col(PaperWatch.team_id) == team_id, col(PaperWatch.active).is_(True))
        .order_by(col(PaperWatch.number))
    )
    with runtime.db.session() as session:
        return list(session.execute(query).scalars())


def stop_watch(runtime: Runtime, team_id: str, ref: str) -> PaperWatch:
    """Stop the watch ``W<n>`` (or ``n``) of this workspace; NotFound when there is none active."""
    match = _WATCH.match(ref.strip())
    if not match:
        raise UserError(
            f"`{esc(ref)}` is not a watch. Give its number, e.g. `/paper unwatch W2`; `/paper watch list` shows them."
        )
    number = int(match.group(1))
    with runtime.db.session() as session:
        watch: PaperWatch | None = session.execute(
            select(PaperWatch).where(
                col(PaperWatch.team_id) == team_id,
                col(PaperWatch.number) == number,
            )
        ).scalar_one_or_none()
        if watch is None or not watch.active:
            raise NotFound(f"There is no watch W{number} here. `/paper watch list` shows the watches.")
        watch.active = False
        cancel_watch_runs(session, watch)
        return watch

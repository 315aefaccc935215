"""``/paper search``: find papers of a workspace by the words in them.

Searched: titles, abstracts, the technique hint given at ``/paper add technique=…``, drop
reasons and reading notes (the newest version of each reader's note of each pass, every
text field). Matching ignores case and accents (see
:mod:`assay.services.text_match`) and is done in Python, identically on SQLite and
PostgreSQL: the workspace's searchable columns are read in two queries and folded (notes
that cannot hold a searched word are left out in the database, see ``_note_texts``). Every
word must appear at the start of a word somewhere in the paper (``graph`` finds
"Graphs" and "graph-based", not "paragraph"). Results rank by where the words were found
(title over technique over abstract, drop reason and notes), then newest handle first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import LargeBinary, cast, func, literal, or_, select
from sqlmodel import Session, col

from assay.errors import UserError
from assay.reading.passes import PASSES, note_fields
from assay.runtime import Runtime
from assay.services.text_match import fold, fold_with_map, starts_a_word, terms_of
from assay.storage.models import Paper, PassNote

MAX_TERMS = 12
SNIPPET_SIDE = 90  # characters of context shown on each side of a match
# Where a word can be found, in the order of the columns read below, and what a find there weighs.
FIELDS = ("title", "technique", "abstract", "drop reason", "notes")
WEIGHTS = (3, 2, 1, 1, 1)
MAX_NOTED = 2_000  # papers with notes that may match, up to which only the papers that may match are read
NOTE_TEXTS = tuple(f.name for n in PASSES for f in note_fields(n) if f.kind == "text")


@dataclass(frozen=True)
class SearchHit:
    handle: str
    title: str
    abs_url: str | None
    priority: str | None
    stage: str
    reader: str | None
    found_in: tuple[str, ...]  # names from FIELDS
    snippet: str | None  # original text around the first word not in the title

    def data(self) -> dict[str, Any]:
        return {
            "handle": self.handle,
            "title": self.title,
            "priority": self.priority,
            "stage": self.stage,
            "reader": self.reader,
            "found_in": list(self.found_in),
        }


@dataclass(frozen=True)
class SearchResult:
    terms: tuple[str, ...]
    hits: list[SearchHit]  # best first, at most the limit asked for
    total: int  # every paper that matched


def search_papers(runtime: Runtime, team_id: str, words: str, *, limit: int = 20) -> SearchResult:
    """Papers of ``team_id`` containing every word of ``words``, best first.

    Raises UserError when no searchable word is given or there are too many.
    """
    terms = terms_of(words)
    if not terms:
        raise UserError("Give the words to look for, e.g. `/paper search attention heads`.")
    if len(terms) > MAX_TERMS:
        raise UserError(f"That is {len(terms)} words; search with at most {MAX_TERMS}.")
    query = select(
        col(Paper.id),
        col(Paper.number),
        col(Paper.title),
        col(Paper.technique_hint),
        col(Paper.abstract),
        col(Paper.dropped_reason),
        col(Paper.abs_url),
        col(Paper.priority),
        col(Paper.stage),
        col(Paper.reader),
    ).where(col(Paper.team_id) == team_id)
    with runtime.db.session() as session:
        notes = _note_texts(session, team_id, terms)
        if len(notes) <= MAX_NOTED:
            # A paper whose own text cannot hold any of the words and whose notes were left
            # out cannot match: it is not read.
            sqlite = session.get_bind().dialect.name == "sqlite"
            own = (col(Paper.title), col(Paper.technique_hint), col(Paper.abstract), col(Paper.dropped_reason))
            query = query.where(or_(_may_hold(own, terms, sqlite), col(Paper.id).in_(list(notes))))
        rows = session.execute(query).all()
    ranked: list[tuple[int, int, Any, tuple[int, ...]]] = []
    for row in rows:
        texts = _texts(row, notes)
        # One fold of everything rules most papers out before any per-field work.
        everything = fold("\n".join(texts))
        if not all(starts_a_word(everything, term) for term in terms):
            continue
        score, where = _score(texts, terms)
        ranked.append((score, row.number, row, where))
    ranked.sort(key=lambda item: (-item[0], -item[1]))
    hits = [_hit(row, where, terms, notes) for _score_, _number, row, where in ranked[:limit]]
    return SearchResult(tuple(terms), hits, len(ranked))


def _note_texts(session: Session, team_id: str, terms: list[str]) -> dict[int, str]:
    """Paper id → the text of its notes: the newest version of each reader's pass, in the
    order the passes were first noted, leaving out the notes that cannot hold a searched word.

    A left-out note (see ``_may_hold``) holds no searched word, so the match, the rank and
    the snippet are what reading every note would give; a search that matches a few papers
    reads a few notes instead of every note of the workspace.
    """
    note: Any = PassNote.__table__.alias("note")  # type: ignore[attr-defined]
    every: Any = PassNote.__table__.alias("every")  # type: ignore[attr-defined]
    sqlite = session.get_bind().dialect.name == "sqlite"
    fields = [note.c[name] for name in NOTE_TEXTS]
    # Each reader's pass of each paper once: its first version (for the order) and its newest
    # (the one searched), in one grouped pass over the workspace's notes.
    passes = (
        select(func.min(every.c.id).label("first"), func.max(every.c.id).label("newest"))
        .where(every.c.team_id == team_id)
        .group_by(every.c.paper_id, every.c.author, every.c.pass_number)
        .subquery()
    )
    joined: Any = literal("")
    for field in fields:
        joined = joined + func.coalesce(field, "") + "\n"
    query = (
        select(note.c.paper_id, joined)
        .join(passes, note.c.id == passes.c.newest)
        .where(note.c.team_id == team_id, _may_hold(fields, terms, sqlite))
        .order_by(passes.c.first)
    )
    by_paper: dict[int, list[str]] = {}
    for paper_id, text in session.connection().execute(query):
        by_paper.setdefault(paper_id, []).append(text)
    return {paper_id: "\n".join(texts) for paper_id, texts in by_paper.items()}


def _may_hold(fields: Sequence[Any], terms: list[str], sqlite: bool) -> Any:
    """False only where every one of ``fields`` is pure ASCII (or empty) and holds none of
    ``terms``: for ASCII text folding is lowering, so ``LIKE`` decides exactly; text with any
    other character must be folded in Python."""
    return or_(
        *(_contains(field, term, sqlite) for term in terms for field in fields),
        *(_not_ascii(field, sqlite) for field in fields),
    )


def _contains(field: Any, term: str, sqlite: bool) -> Any:
    """``field`` holds ``term`` ignoring ASCII case (SQLite's ``LIKE`` already ignores it)."""
    pattern = "%" + term.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
    return field.like(pattern, escape="/") if sqlite else field.ilike(pattern, escape="/")


def _not_ascii(field: Any, sqlite: bool) -> Any:
    """``field`` holds a character outside ASCII: its bytes outnumber its characters."""
    if sqlite:
        return func.length(cast(field, LargeBinary)) != func.length(field)
    return func.octet_length(field) != func.char_length(field)


def _texts(row: Any, notes: dict[int, str]) -> tuple[str, ...]:
    """The searchable texts of a paper, in the order of FIELDS."""
    return (
        row.title,
        row.technique_hint or "",
        row.abstract or "",
        row.dropped_reason or "",
        notes.get(row.id, ""),
    )


def _score(texts: tuple[str, ...], terms: list[str]) -> tuple[int, tuple[int, ...]]:
    """Sum over the words of the best weight where each was found, and the fields used.

    Only called for papers where every word was found; words hold no whitespace, so each
    is found inside one field.
    """
    folded = [fold(text) for text in texts]
    score, where = 0, set()
    for term in terms:
        found = [i for i, text in enumerate(folded) if starts_a_word(text, term)]
        score += max((WEIGHTS[i] for i in found), default=0)
        where.update(found)
    return score, tuple(sorted(where))


def _hit(row: Any, where: tuple[int, ...], terms: list[str], notes: dict[int, str]) -> SearchHit:
    texts = _texts(row, notes)
    return SearchHit(
        handle=f"P{row.number}",
        title=row.title,
        abs_url=row.abs_url,
        priority=row.priority,
        stage=row.stage,
        reader=row.reader,
        found_in=tuple(FIELDS[i] for i in where),
        snippet=_snippet(texts, terms),
    )


def _snippet(texts: tuple[str, ...], terms: list[str]) -> str | None:
    """The original text around the first word that is not in the title, if any."""
    title = fold(texts[0])
    for term in terms:
        if starts_a_word(title, term):
            continue
        for text in texts[1:]:
            start = _word_start(text, term)
            if start is not None:
                return _cut(text, start, len(term))
    return None


def _word_start(text: str, term: str) -> int | None:
    folded, origin = fold_with_map(text)
    at = folded.find(term)
    while at != -1:
        if at == 0 or not folded[at - 1].isalnum():
            return origin[at]
        at = folded.find(term, at + 1)
    return None


def _cut(text: str, start: int, length: int) -> str:
    left = max(0, start - SNIPPET_SIDE)
    right = min(len(text), start + length + SNIPPET_SIDE)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", start + length, right)
        right = space if space != -1 else right
    return ("…" if left > 0 else "") + text[left:right].strip() + ("…" if right < len(text) else "")

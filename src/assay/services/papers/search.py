"""``/paper search``: find papers of a workspace by the words in them.

Searched: titles, abstracts, the technique hint given at ``/paper add technique=…``, drop
reasons and reading notes (the newest version of each reader's note of each pass, every
text field). Matching ignores case and accents (see
:mod:`assay.services.text_match`) and is done in Python, identically on SQLite and
PostgreSQL: the workspace's searchable columns are read in two queries and folded. Every
word must appear at the start of a word somewhere in the paper (``graph`` finds
"Graphs" and "graph-based", not "paragraph"). Results rank by where the words were found
(title over technique over abstract, drop reason and notes), then newest handle first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, literal, select
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
        rows = session.execute(query).all()
        notes = _note_texts(session, team_id)
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


def _note_texts(session: Session, team_id: str) -> dict[int, str]:
    """Paper number → the text of its notes: the newest version of each reader's pass.

    The text fields of a note are joined in the database and rows are read without the ORM:
    at 50,000 notes that halves the time of a search.
    """
    joined: Any = literal("")
    for name in NOTE_TEXTS:
        joined = joined + func.coalesce(getattr(PassNote.__table__.c, name), "") + "\n"  # type: ignore[attr-defined]
    notes: Any = PassNote.__table__  # type: ignore[attr-defined]
    papers: Any = Paper.__table__  # type: ignore[attr-defined]
    query = (
        select(papers.c.number, notes.c.author, notes.c.pass_number, joined)
        .join(papers, papers.c.id == notes.c.paper_id)
        .where(notes.c.team_id == team_id)
        .order_by(notes.c.id)
    )
    newest: dict[tuple[int, str, int], str] = {}
    for number, author, pass_number, text in session.connection().execute(query):
        newest[(number, author, pass_number)] = text
    by_paper: dict[int, list[str]] = {}
    for (number, _author, _pass), text in newest.items():
        by_paper.setdefault(number, []).append(text)
    return {number: "\n".join(texts) for number, texts in by_paper.items()}


def _texts(row: Any, notes: dict[int, str]) -> tuple[str, ...]:
    """The searchable texts of a paper, in the order of FIELDS."""
    return (
        row.title,
        row.technique_hint or "",
        row.abstract or "",
        row.dropped_reason or "",
        notes.get(row.number, ""),
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

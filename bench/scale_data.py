"""A workspace at team scale, written with bulk inserts through SQLAlchemy core.

At ``scale`` 1.0: 10,000 papers, 50,000 notes, 1,000 techniques, 100,000 votes, 5,000 gut
checks with 100,000 runs, plus what the digest, agenda and Home read (radar moves, predictions,
nominations, thread replies). Dates spread over a year before ``NOW`` so every window the
features look at (the week before the digest, since the last review) holds a share of rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, SQLModel

from assay.radar.rules import RING_ORDER
from assay.reading.stages import STAGES
from assay.storage.models import (
    DiscussionMessage,
    GutCheck,
    GutCheckRun,
    Paper,
    PassNote,
    Prediction,
    RadarMove,
    ReviewNomination,
    Technique,
    Vote,
    Workspace,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # a Monday: the digest is due
USERS = [f"U{i:03d}" for i in range(100)]
ME = USERS[7]
RINGS = [r.value for r in RING_ORDER]
BATCH = 5_000


def sizes(scale: float) -> dict[str, int]:
    full = {"papers": 10_000, "notes": 50_000, "techniques": 1_000, "votes": 100_000, "checks": 5_000, "runs": 100_000}
    return {name: max(10, int(n * scale)) for name, n in full.items()}


def _bulk(session: Session, model: type[SQLModel], rows: Iterable[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            session.execute(insert(model), batch)
            batch = []
    if batch:
        session.execute(insert(model), batch)


def _ids(session: Session, model: Any, team: str) -> list[int]:
    return [i for (i,) in session.execute(select(model.id).where(model.team_id == team).order_by(model.id))]


def populate(session: Session, team: str, scale: float) -> dict[str, int]:
    """Write one workspace's rows; returns the counts written."""
    n, rng = sizes(scale), random.Random(team)
    ago = lambda days: NOW - timedelta(days=days, minutes=rng.randrange(1440))  # noqa: E731
    session.add(
        Workspace(
            team_id=team,
            created_at=NOW - timedelta(days=400),
            last_review_at=NOW - timedelta(days=14),
            digest_schedule="mon 09:00",
            digest_channel="CDIGEST",
        )
    )
    session.flush()
    _bulk(
        session,
        Paper,
        (
            {
                "team_id": team,
                "number": i,
                "arxiv_id": f"2601.{i:05d}",
                "title": f"Paper {i}: sparse attention for long documents",
                "abstract": "We study how attention scales with context length. " * 24,
                "published": ago(i % 365),
                "added_at": ago(i % 365),
                "authors": ["A. Author"],
                "categories": ["cs.LG"],
                "stage": STAGES[i % len(STAGES)],
                "reader": USERS[i % len(USERS)] if i % 3 else None,
                "priority": ("HIGH", "MEDIUM", "LOW", None)[i % 4],
                "priority_score": (i * 37) % 100 if i % 4 != 3 else None,
            }
            for i in range(1, n["papers"] + 1)
        ),
    )
    papers = _ids(session, Paper, team)
    _bulk(
        session,
        PassNote,
        (
            {
                "team_id": team,
                "paper_id": papers[k % len(papers)],
                "pass_number": 1 + (k // len(papers)) % 3,
                "author": USERS[(k * 7) % len(USERS)],
                "decision": "continue",
                "claim": "Linear attention keeps quality at 32k tokens.",
                "results": f"+{k % 7}.1 ROUGE against a tuned baseline; one dataset.",
                "summary": f"Note {k}: a cheaper attention for long inputs.",
                "red_flags": [],
                "forced": False,
                "created_at": ago(k % 365),
            }
            for k in range(n["notes"])
        ),
    )
    _bulk(
        session,
        Technique,
        (
            {
                "team_id": team,
                "name": f"Technique {i}",
                "name_key": f"technique {i}",
                "ring": RINGS[i % 5],
                "owner": USERS[i % len(USERS)] if i % 4 else None,
                "next_action": "try it" if i % 2 else None,
                "due": (NOW - timedelta(days=30 - i % 60)).date(),
                "created_at": ago(300 + i % 60),
            }
            for i in range(n["techniques"])
        ),
    )
    techniques = _ids(session, Technique, team)
    _bulk(
        session,
        RadarMove,
        (
            {
                "team_id": team,
                "technique_id": t,
                "from_ring": None if k < len(techniques) else RINGS[(k + 1) % 5],
                "to_ring": RINGS[k % 5],
                "why": "added" if k < len(techniques) else "moved",
                "by": USERS[k % 9],
                "at": ago(300) if k < len(techniques) else ago(k % 60),
            }
            for k, t in enumerate(techniques + techniques[: len(techniques) // 5])
        ),
    )
    per = max(1, n["votes"] // len(techniques))
    _bulk(
        session,
        Vote,
        (
            {
                "team_id": team,
                "technique_id": t,
                "user_id": USERS[u % len(USERS)],
                "ring": rng.choice(RINGS),
                "voted_at": ago(u),
            }
            for t in techniques
            for u in range(min(per, len(USERS)))
        ),
    )
    _bulk(
        session,
        GutCheck,
        (
            {
                "team_id": team,
                "number": i + 1,
                "paper_id": papers[i % len(papers)],
                "claim": f"Claim {i}: +2% recall",
                "metric": "recall",
                "owner": USERS[i % len(USERS)],
                "timebox_seconds": 14 * 86400,
                "started_at": ago(i % 200 + 14),
                "timebox_ends": NOW + timedelta(days=7 - i % 200),
                "status": ("open", "open", "continued", "killed")[i % 4],
                "last_verdict": ("REPRODUCED", "INSUFFICIENT_DATA", "PARTIAL", "REGRESSION")[i % 4],
                "verdict_at": ago(i % 200),
                "alpha": 0.05,
                "higher_is_better": True,
                "extensions": 0,
            }
            for i in range(n["checks"])
        ),
    )
    checks = _ids(session, GutCheck, team)
    _bulk(
        session,
        GutCheckRun,
        (
            {
                "team_id": team,
                "gutcheck_id": checks[k % len(checks)],
                "arm": ("baseline", "method")[k % 2],
                "value": 70 + rng.random(),
                "seed": k // 2,
                "logged_at": ago(k % 200),
            }
            for k in range(n["runs"])
        ),
    )
    rows = max(10, n["papers"] // 20)
    _bulk(
        session,
        Prediction,
        (
            {
                "team_id": team,
                "number": i + 1,
                "paper_id": papers[i % len(papers)] if i % 2 else None,
                "technique_id": None if i % 2 else techniques[i % len(techniques)],
                "statement": f"It holds {i}",
                "probability": 0.7,
                "review_on": (NOW + timedelta(days=10 - i % 40)).date(),
                "made_by": USERS[i % 30],
                "made_at": ago(60),
                "outcome": None if i % 3 else True,
            }
            for i in range(rows)
        ),
    )
    _bulk(
        session,
        ReviewNomination,
        (
            {
                "team_id": team,
                "paper_id": papers[i] if i % 2 else None,
                "technique_id": None if i % 2 else techniques[i % len(techniques)],
                "why": "discuss",
                "by": USERS[i % 30],
                "at": ago(i % 30),
            }
            for i in range(rows)
        ),
    )
    _bulk(
        session,
        DiscussionMessage,
        (
            {
                "team_id": team,
                "channel": "CPAPERS",
                "thread_ts": f"1700.{k % 500:05d}",
                "ts": f"1800.{k:06d}",
                "user_id": USERS[k % 30],
                "text": "Agreed.",
                "deleted": False,
                "posted_at": ago(k % 60),
            }
            for k in range(rows * 4)
        ),
    )
    return n

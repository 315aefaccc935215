"""Radar building at scale: 1,000 techniques and 100,000 votes (with their change history).

Times the whole ``/radar`` answer (rows with tallies, moved status and disagreement, then the
first Block Kit page) against reading the same rows alone. ``.venv/bin/python bench/bench_radar.py``
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from assay.config import Settings
from assay.radar.rules import RING_ORDER
from assay.runtime import build_runtime
from assay.services.radar.table import radar_rows
from assay.storage.models import RadarMove, Technique, Vote, VoteChange, Workspace
from assay.views.radar.table import radar_table

TEAM = "TBENCH"
TECHNIQUES, VOTES = 1_000, 100_000


def populate(runtime_db: object) -> None:
    rng = random.Random(0)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with runtime_db.session() as s:  # type: ignore[attr-defined]
        s.add(Workspace(team_id=TEAM, created_at=now, last_review_at=now - timedelta(days=20)))
        s.flush()
        rings = [r.value for r in RING_ORDER]
        s.execute(
            insert(Technique),
            [
                {
                    "team_id": TEAM,
                    "name": f"Technique {i}",
                    "name_key": f"technique {i}",
                    "ring": rings[i % 5],
                    "owner": f"U{i % 40:03d}",
                    "next_action": "try it",
                    "created_at": now - timedelta(days=40),
                }
                for i in range(TECHNIQUES)
            ],
        )
        ids = [t for (t,) in s.execute(select(Technique.id).where(Technique.team_id == TEAM))]  # type: ignore[arg-type]
        s.execute(
            insert(RadarMove),
            [
                {
                    "team_id": TEAM,
                    "technique_id": t,
                    "from_ring": None,
                    "to_ring": rings[i % 5],
                    "why": "added",
                    "by": "U000",
                    "at": now - timedelta(days=40),
                }
                for i, t in enumerate(ids)
            ],
        )
        votes, changes = [], []
        per = VOTES // TECHNIQUES
        for t in ids:
            for u in range(per):
                ring = rng.choice(rings)
                votes.append(
                    {"team_id": TEAM, "technique_id": t, "user_id": f"U{u:04d}", "ring": ring, "voted_at": now}
                )
                changes.append(
                    {
                        "team_id": TEAM,
                        "technique_id": t,
                        "user_id": f"U{u:04d}",
                        "from_ring": None,
                        "to_ring": ring,
                        "at": now,
                    }
                )
        s.execute(insert(Vote), votes)
        s.execute(insert(VoteChange), changes)


def timed(action: object, repeats: int = 7) -> list[float]:
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tmp) / 'radar.db'}"
        runtime = build_runtime(Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
        started = time.perf_counter()
        populate(runtime.db)
        print(
            f"populated {TECHNIQUES} techniques, {VOTES} votes in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
        )

        def full() -> None:
            with runtime.db.session() as s:
                radar_table(radar_rows(s, TEAM), page=1)

        def raw() -> None:
            with runtime.db.session() as s:
                s.execute(select(Technique).where(Technique.team_id == TEAM)).all()  # type: ignore[arg-type]
                s.execute(select(Vote.technique_id, Vote.ring).where(Vote.team_id == TEAM)).all()  # type: ignore[arg-type,call-overload]

        a, b = timed(full), timed(raw)
        print(f"/radar (rows, tallies, moved, first page)  p50 {statistics.median(a):8.1f} ms  max {max(a):8.1f} ms")
        print(f"naive read of every technique and vote   p50 {statistics.median(b):8.1f} ms  max {max(b):8.1f} ms")
        print(f"ratio {statistics.median(a) / statistics.median(b):.2f}x")
        runtime.close()


if __name__ == "__main__":
    main()

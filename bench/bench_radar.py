"""Radar building at scale: 1,000 techniques and 100,000 votes (with their change history).

Times the whole ``/radar`` answer (rows with tallies, moved status and disagreement, then the
first Block Kit page) against reading the technique and vote rows alone; targets ≤ 0.5 s and
≤ 3× that read. ``.venv/bin/python bench/bench_radar.py [DATABASE_URL] [--quick]`` (``--quick``:
100 techniques, 10,000 votes)
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Report, add_quick, p50, timings_ms

from assay.config import Settings
from assay.radar.rules import RING_ORDER
from assay.runtime import build_runtime
from assay.services.radar.table import radar_rows
from assay.storage.models import RadarMove, Technique, Vote, VoteChange, Workspace
from assay.views.radar.table import radar_table

TEAM = "TBENCH"


def populate(runtime_db: object, techniques: int, n_votes: int) -> None:
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
                for i in range(techniques)
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
        per = n_votes // techniques
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?")
    add_quick(parser, "100 techniques, 10,000 votes")
    args = parser.parse_args()
    techniques, votes = (100, 10_000) if args.quick else (1_000, 100_000)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'radar.db'}"
        runtime = build_runtime(Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
        started = time.perf_counter()
        populate(runtime.db, techniques, votes)
        print(
            f"populated {techniques} techniques, {votes} votes in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
        )

        def full() -> None:
            with runtime.db.session() as s:
                radar_table(radar_rows(s, TEAM), page=1)

        def raw() -> None:
            with runtime.db.session() as s:
                s.execute(select(Technique).where(Technique.team_id == TEAM)).all()  # type: ignore[arg-type]
                s.execute(select(Vote.technique_id, Vote.ring).where(Vote.team_id == TEAM)).all()  # type: ignore[arg-type,call-overload]

        report = Report(f"/radar at {techniques:,} techniques and {votes:,} votes, p50 of 7")
        report.ratio(
            "/radar (rows, tallies, moved, first page)",
            p50(timings_ms(full, 7)),
            p50(timings_ms(raw, 7)),
            baseline_label="read every technique and vote",
            max_ratio=3.0,
            max_value=500.0,
        )
        runtime.close()
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())

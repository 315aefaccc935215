"""Reading notes at scale: 10,000 papers and 50,000 notes (five a paper, three readers).

Times ``/paper search`` (titles, abstracts and every reader's newest notes, folded for case
and accents), ``/paper show`` (the card and every note) and ``assay export`` in both formats,
against reading the same rows alone. ``.venv/bin/python bench/bench_notes.py [DATABASE_URL]``
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from assay.cli.export import write_export
from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.config import Settings
from assay.runtime import build_runtime
from assay.services.papers.search import search_papers
from assay.storage.models import Paper, PassNote, Workspace

TEAM = "TBENCH"
PAPERS, NOTES = 10_000, 50_000


def populate(runtime_db: object) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with runtime_db.session() as s:  # type: ignore[attr-defined]
        s.add(Workspace(team_id=TEAM, created_at=now))
        s.flush()
        s.execute(
            insert(Paper),
            [
                {
                    "team_id": TEAM,
                    "number": i,
                    "arxiv_id": f"2601.{i:05d}",
                    "title": f"Paper {i}: sparse attention for long documents",
                    "abstract": "We study how attention scales with context length. " * 24,
                    "published": now - timedelta(days=i % 400),
                    "added_at": now,
                    "authors": ["A. Author"],
                    "categories": ["cs.LG"],
                    "stage": "pass 2",
                }
                for i in range(1, PAPERS + 1)
            ],
        )
        ids = [p for (p,) in s.execute(select(Paper.id).where(Paper.team_id == TEAM))]  # type: ignore[arg-type]
        s.execute(
            insert(PassNote),
            [
                {
                    "team_id": TEAM,
                    "paper_id": ids[k % PAPERS],
                    "pass_number": 1 + (k // PAPERS) % 2,
                    "author": f"U{(k // (2 * PAPERS)) % 3}",
                    "decision": "continue",
                    "claim": "Linear attention keeps quality at 32k tokens.",
                    "results": f"+{k % 7}.1 ROUGE against a tuned baseline; one dataset.",
                    "summary": f"Note {k}: a cheaper attention for long inputs.",
                    "red_flags": [],
                    "forced": False,
                    "created_at": now,
                }
                for k in range(NOTES)
            ],
        )


def timed(action: object, repeats: int = 5) -> list[float]:
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        out.append((time.perf_counter() - started) * 1000)
    return out


def line(label: str, values: list[float]) -> float:
    p50 = statistics.median(values)
    print(f"{label:<52} p50 {p50:9.1f} ms  max {max(values):9.1f} ms")
    return p50


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tmp) / 'notes.db'}"
        runtime = build_runtime(Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
        started = time.perf_counter()
        populate(runtime.db)
        print(
            f"populated {PAPERS} papers, {NOTES} notes in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
        )

        def raw_search_rows() -> None:
            with runtime.db.session() as s:
                s.execute(select(Paper.title, Paper.abstract).where(Paper.team_id == TEAM)).all()  # type: ignore[call-overload]
                s.execute(select(PassNote.claim, PassNote.results, PassNote.summary)).all()  # type: ignore[call-overload]

        few = line(
            "/paper search note 4242 (one paper matches)", timed(lambda: search_papers(runtime, TEAM, "note 4242"))
        )
        every = line(
            "/paper search rouge baseline (every paper)", timed(lambda: search_papers(runtime, TEAM, "rouge baseline"))
        )
        floor = line("read the searched columns alone", timed(raw_search_rows))
        print(f"ratio {few / floor:.2f}x (one match), {every / floor:.2f}x (every paper matches)")
        ctx = Ctx(TEAM, "U0", "C0", runtime)
        catalog = build_catalog()
        line("/paper show P4242 (card and every note)", timed(lambda: catalog.dispatch(ctx, "/paper", "show P4242")))

        def raw_dump(out: Path) -> None:
            with runtime.db.session() as s:
                papers = [dict(r._mapping) for r in s.execute(select(Paper.__table__))]  # type: ignore[attr-defined]
                notes = [dict(r._mapping) for r in s.execute(select(PassNote.__table__))]  # type: ignore[attr-defined]
            (out / "raw.json").write_text(json.dumps({"papers": papers, "notes": notes}, indent=2, default=str))

        out = Path(tmp)
        as_json = line("assay export --format json", timed(lambda: write_export(runtime, "json", out / "j"), 2))
        as_md = line("assay export --format markdown", timed(lambda: write_export(runtime, "markdown", out / "m"), 2))
        dump = line("dump the paper and note rows as JSON alone", timed(lambda: raw_dump(out), 2))
        print(f"ratio json {as_json / dump:.2f}x, markdown {as_md / dump:.2f}x")
        runtime.close()


if __name__ == "__main__":
    main()

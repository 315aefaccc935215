"""Reading notes at scale: 10,000 papers and 50,000 notes (five a paper, three readers).

Times ``/paper search`` (titles, abstracts and every reader's newest notes, folded for case
and accents), ``/paper show`` (the card and every note) and ``assay export`` in both formats,
against reading the same rows alone. Target: a search ≤ 0.5 s. The ratios are printed for
information: the ≤ 3× target of a search against a raw select of the rows it shows is
checked by bench_scale.py (this baseline reads three note columns, unjoined).
``.venv/bin/python bench/bench_notes.py [DATABASE_URL] [--quick]`` (``--quick``: a tenth)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Report, add_quick, p50, timings_ms

from assay.cli.export import write_export
from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.config import Settings
from assay.runtime import build_runtime
from assay.services.papers.search import search_papers
from assay.storage.models import Paper, PassNote, Workspace

TEAM = "TBENCH"


def populate(runtime_db: object, papers: int, notes: int) -> None:
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
                for i in range(1, papers + 1)
            ],
        )
        ids = [p for (p,) in s.execute(select(Paper.id).where(Paper.team_id == TEAM))]  # type: ignore[arg-type]
        s.execute(
            insert(PassNote),
            [
                {
                    "team_id": TEAM,
                    "paper_id": ids[k % papers],
                    "pass_number": 1 + (k // papers) % 2,
                    "author": f"U{(k // (2 * papers)) % 3}",
                    "decision": "continue",
                    "claim": "Linear attention keeps quality at 32k tokens.",
                    "results": f"+{k % 7}.1 ROUGE against a tuned baseline; one dataset.",
                    "summary": f"Note {k}: a cheaper attention for long inputs.",
                    "red_flags": [],
                    "forced": False,
                    "created_at": now,
                }
                for k in range(notes)
            ],
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?")
    add_quick(parser, "1,000 papers, 5,000 notes")
    args = parser.parse_args()
    papers, notes = (1_000, 5_000) if args.quick else (10_000, 50_000)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'notes.db'}"
        runtime = build_runtime(Settings(_env_file=None, database_url=url))  # type: ignore[call-arg]
        started = time.perf_counter()
        populate(runtime.db, papers, notes)
        print(
            f"populated {papers} papers, {notes} notes in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
        )

        def raw_search_rows() -> None:
            with runtime.db.session() as s:
                s.execute(select(Paper.title, Paper.abstract).where(Paper.team_id == TEAM)).all()  # type: ignore[call-overload]
                s.execute(select(PassNote.claim, PassNote.results, PassNote.summary)).all()  # type: ignore[call-overload]

        report = Report(f"Notes at {papers:,} papers and {notes:,} notes, p50 of 5 (exports: of 2)")
        floor = p50(timings_ms(raw_search_rows, 5))
        for label, words in (("one paper matches", "note 424"), ("every paper matches", "rouge baseline")):
            report.ratio(
                f"/paper search {words} ({label})",
                p50(timings_ms(lambda words=words: search_papers(runtime, TEAM, words), 5)),
                floor,
                baseline_label="read the searched columns",
                max_value=500.0,
            )
        ctx = Ctx(TEAM, "U0", "C0", runtime)
        catalog = build_catalog()
        show = p50(timings_ms(lambda: catalog.dispatch(ctx, "/paper", "show P424"), 5))
        report.figure("/paper show P424 (card and every note)", show, max_value=500.0)

        def raw_dump(out: Path) -> None:
            with runtime.db.session() as s:
                papers = [dict(r._mapping) for r in s.execute(select(Paper.__table__))]  # type: ignore[attr-defined]
                notes = [dict(r._mapping) for r in s.execute(select(PassNote.__table__))]  # type: ignore[attr-defined]
            (out / "raw.json").write_text(json.dumps({"papers": papers, "notes": notes}, indent=2, default=str))

        out = Path(tmp)
        dump = p50(timings_ms(lambda: raw_dump(out), 2))
        for fmt in ("json", "markdown"):
            exported = p50(timings_ms(lambda fmt=fmt: write_export(runtime, fmt, out / fmt), 2))
            report.ratio(f"assay export --format {fmt}", exported, dump, baseline_label="rows as JSON")
        runtime.close()
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())

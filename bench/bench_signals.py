"""Signals from the field against the loopback fakes: calls per paper, the time they add to
``/paper add``, and the daily citation refresh of 1,000 papers.

Time added: the triage of a paper with a 20-page PDF (download from the fake arXiv, isolated
read, scoring) without signals, against the same with Semantic Scholar and Hugging Face asked
at once in threads, as ``/paper add`` does — with the fakes answering at once, after 300 ms
(a transatlantic round trip), and with Semantic Scholar stalled (bounded by the timeout).

Refresh: ``refresh_citations`` over 1,000 queued papers (two batches of 500), unpaced and at the
pace of a Semantic Scholar key (one request a second).

Targets: answers after 300 ms add ≤ 150 ms when arXiv, too, answers after 300 ms (they are
asked before arXiv's metadata and waited for after the PDF is read; with arXiv on loopback the
time they add is printed, for information); a stalled service adds no more than its bound, 5 s
(+1.5 s); at most one call per service per paper, none for the same paper in another workspace
the same day; the refresh asks in batches of 500.
``--quick``: 3 rounds, one stalled call per case, 5 papers added, 200 refreshed.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import col

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the fakes and the PDF maker
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Report, add_quick

from assay.arxiv.ids import ArxivId
from assay.clock import FixedClock
from assay.commands.catalog import build_catalog
from assay.commands.context import Ctx
from assay.config import Settings
from assay.runtime import Pacing, Runtime, build_runtime
from assay.services.papers.citation_refresh import refresh_citations
from assay.services.papers.scoring import apply_score, score_stored
from assay.services.papers.signals import PendingSignals
from assay.services.papers.triage import TriageInputs, triage_entry
from assay.services.workspaces import ensure_workspace
from assay.storage.models import Paper, SignalAnswer
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.arxiv_listing import FakeArxivListing
from tests.fakes.atom import AtomEntry
from tests.fakes.huggingface import FakeHuggingFace
from tests.fakes.semantic_scholar import FakeSemanticScholar
from tests.pdfmaker import paper_pages, paper_pdf

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
CATALOG = build_catalog()
STALL_BOUND_MS = 6500.0  # a stall costs its bound (5 s timeout, or 5 s grace) plus 1.5 s of slack


class Bench:
    def __init__(self, folder: Path, timeout: float) -> None:
        self.arxiv, self.s2 = FakeArxiv().start(), FakeSemanticScholar().start()
        self.hf, self.listing = FakeHuggingFace().start(), FakeArxivListing().start()
        self.clock = FixedClock(NOW)
        self.settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            database_url=f"sqlite:///{folder}/bench.db",
            arxiv_api_url=self.arxiv.api_url,
            arxiv_delay_seconds=0,
            arxiv_listing_url=self.listing.listing_url,
            s2_api_url=self.s2.api_url,
            hf_api_url=self.hf.api_url,
            http_timeout_seconds=timeout,
        )
        self.runtime = self.build(Pacing(semantic_scholar=0, hugging_face=0))
        self.pdf = paper_pdf(paper_pages(("Abstract", "We propose routers."), ("Method", "Details."), pages=20))
        self.serial = 0
        self.lock = threading.Lock()

    def build(self, pacing: Pacing) -> Runtime:
        return build_runtime(self.settings, clock=self.clock, pacing=pacing)

    def new_paper(self) -> str:
        with self.lock:  # the stalled cases add papers from two threads at once
            self.serial += 1
            arxiv_id = f"2611.{self.serial:05d}"
        self.arxiv.add(AtomEntry(arxiv_id, f"Routers {self.serial}", published="2026-10-01T12:00:00Z"), pdf=self.pdf)
        self.s2.add(arxiv_id, citations=40, influential=3)
        self.hf.add(arxiv_id, github_repo=f"https://github.com/acme/routers-{self.serial}", upvotes=7)
        return arxiv_id

    def stop(self) -> None:
        self.runtime.close()
        for fake in (self.arxiv, self.s2, self.hf, self.listing):
            fake.stop()


def p50_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def triage_times(bench: Bench, repeats: int, *, signals: bool, runtime: Runtime | None = None) -> list[float]:
    """Seconds of the slow part of ``/paper add``, as ``add_paper`` runs it: signals asked first,
    then arXiv's metadata, the PDF and the triage, then the wait for the signals."""
    rt, samples = runtime or bench.runtime, []
    timeout, today = rt.settings.http_timeout_seconds, rt.clock.now().date()
    for _ in range(repeats):
        arxiv_id = ArxivId(bench.new_paper())

        def add_path(arxiv_id: ArxivId = arxiv_id) -> None:
            pending = (
                PendingSignals(rt.semantic_scholar, rt.hugging_face, arxiv_id.base, timeout=timeout)
                if signals
                else None
            )
            entry = rt.arxiv.fetch_one(arxiv_id)
            triage_entry(entry, TriageInputs(), rt.settings, today=today, signals=pending)

        samples.append(timed(add_path))
    return samples


def added_time(bench: Bench, repeats: int, report: Report, stalls: int = 3) -> None:
    """The cases run in turn, round after round, so a busy machine slows them all alike.

    The target compares like with like: when Semantic Scholar and Hugging Face take 300 ms to
    answer, so does arXiv (metadata and PDF), as from a machine an ocean away from all three.
    With arXiv on loopback and only the signals slow, the time added is printed for information:
    there is little else for them to overlap with."""
    print(f"Time added to /paper add (arXiv metadata, a 20-page PDF and triage; p50 of {repeats})")
    triage_times(bench, 2, signals=True)  # warm-up: the reader process, the imports
    # label: (signals asked, their latency, arXiv's latency, the case it is compared with)
    cases = {
        "without signals": (False, 0.0, 0.0, "without signals"),
        "signals, fakes answer at once": (True, 0.0, 0.0, "without signals"),
        "signals 300 ms, arXiv at once": (True, 0.3, 0.0, "without signals"),
        "without signals, arXiv 300 ms": (False, 0.0, 0.3, "without signals, arXiv 300 ms"),
        "signals and arXiv, 300 ms each": (True, 0.3, 0.3, "without signals, arXiv 300 ms"),
    }
    samples: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(repeats):
        for label, (signals, delay, arxiv_delay, _baseline) in cases.items():
            bench.s2.delay_seconds = bench.hf.delay_seconds = delay
            bench.arxiv.delay_seconds = arxiv_delay
            samples[label] += triage_times(bench, 1, signals=signals)
    bench.arxiv.delay_seconds = 0.0
    p50 = {label: p50_ms(times) for label, times in samples.items()}
    for label, value in p50.items():
        base = p50[cases[label][3]]
        print(f"  {label:38} {value:7.0f} ms   added {value - base:+6.0f} ms")
    report.ratio(
        "/paper add, signals, fakes answer at once",
        p50["signals, fakes answer at once"],
        p50["without signals"],
        baseline_label="no signals",
    )
    report.ratio(
        "/paper add, signals and arXiv 300 ms each",
        p50["signals and arXiv, 300 ms each"],
        p50["without signals, arXiv 300 ms"],
        baseline_label="no signals, arXiv 300 ms",
    )
    report.figure("time added by signals, arXiv at once", p50["signals 300 ms, arXiv at once"] - p50["without signals"])
    report.figure(
        "time added by 300 ms answers, arXiv 300 ms too",
        p50["signals and arXiv, 300 ms each"] - p50["without signals, arXiv 300 ms"],
        max_value=150.0,
    )
    base = p50["without signals"]
    bench.s2.delay_seconds = bench.hf.delay_seconds = 0.0
    bench.s2.mode = "stall"
    # The two stalled cases wait on a stalled service for 5 s each and use almost no CPU: they
    # run side by side, each with its own runtime, so the benchmark waits 5 s rather than 10.
    patient = build_runtime(
        bench.settings.model_copy(update={"http_timeout_seconds": 20.0}),
        clock=bench.clock,
        pacing=Pacing(semantic_scholar=0, hugging_face=0),
    )
    with ThreadPoolExecutor(2) as pool:
        timed_out = pool.submit(triage_times, bench, stalls, signals=True)
        graced = pool.submit(triage_times, bench, stalls, signals=True, runtime=patient)
        stalled, stalled_grace = p50_ms(timed_out.result()), p50_ms(graced.result())
    print(f"  {'Semantic Scholar stalled (timeout 5 s)':38} {stalled:7.0f} ms   added {stalled - base:+6.0f} ms")
    report.figure("time added, Semantic Scholar stalled (timeout 5 s)", stalled - base, max_value=STALL_BOUND_MS)
    print(f"  {'stalled, timeout 20 s (5 s grace)':38} {stalled_grace:7.0f} ms   added {stalled_grace - base:+6.0f} ms")
    report.figure("time added, stalled, timeout 20 s (5 s grace)", stalled_grace - base, max_value=STALL_BOUND_MS)
    bench.s2.release_stalls()  # the 20 s requests still waiting in the background end now
    patient.close()
    bench.s2.mode = "normal"


def calls_per_paper(bench: Bench, papers: int, report: Report) -> None:
    s2_before, hf_before = len(bench.s2.calls()), len(bench.hf.requested())
    ids = [bench.new_paper() for _ in range(papers)]
    for arxiv_id in ids:
        CATALOG.dispatch(Ctx("T1", "U1", "C1", bench.runtime, "cli"), "/paper", f"add {arxiv_id}")
    s2, hf = len(bench.s2.calls()) - s2_before, len(bench.hf.requested()) - hf_before
    print(
        f"Calls per paper: /paper add of {papers} new papers: {s2 / papers:.1f} Semantic Scholar, {hf / papers:.1f} Hugging Face"
    )
    report.check(
        "calls per new paper (S2 + HF)",
        f"{s2 / papers:.1f} + {hf / papers:.1f}",
        target="≤ 1 + 1",
        ok=s2 <= papers and hf <= papers,
    )
    s2_before, hf_before = len(bench.s2.calls()), len(bench.hf.requested())
    for arxiv_id in ids:
        CATALOG.dispatch(Ctx("T2", "U1", "C1", bench.runtime, "cli"), "/paper", f"add {arxiv_id}")
    s2, hf = len(bench.s2.calls()) - s2_before, len(bench.hf.requested()) - hf_before
    print(f"  the same papers added in another workspace the same day: {s2} + {hf} calls (the shared cache)")
    report.check("calls, same papers in another workspace", f"{s2} + {hf}", target="0 (cached)", ok=s2 + hf == 0)


def queue_of(bench: Bench, count: int) -> None:
    """``count`` queued papers of one workspace, scored, each with a home thread."""
    rt = bench.runtime
    with rt.db.session() as session:
        ensure_workspace(session, "T9", rt.clock.now())
        for number in range(1, count + 1):
            arxiv_id = f"2510.{number:05d}"
            paper = Paper(
                team_id="T9",
                number=number,
                arxiv_id=arxiv_id,
                title=f"Queued {number}",
                published=datetime(2025, 11, 1, tzinfo=UTC),
                added_at=rt.clock.now(),
                paper_type="architecture",
                citation_count=number % 50,
                citations_status="found",
                citations_as_of=rt.clock.now(),
                community_status="not-indexed",
                thread_channel="C9",
                thread_ts=f"1700.{number:05d}",
            )
            apply_score(paper, score_stored(paper, rt.clock.now().date()))
            session.add(paper)
            bench.s2.add(arxiv_id, citations=(number % 50) * 20)


def refresh_time(bench: Bench, count: int, report: Report) -> None:
    print(f"Daily refresh of {count} queued papers (refresh_citations)")
    for label, pace in (("unpaced", 0.0), ("paced as with a key (1 request/s)", 1.0)):
        with bench.runtime.db.session() as session:  # the same queue, nothing remembered
            session.execute(delete(Paper).where(col(Paper.team_id) == "T9"))
            session.execute(delete(SignalAnswer))
        queue_of(bench, count)
        bench.clock.advance(timedelta(days=1))
        runtime = bench.build(Pacing(semantic_scholar=pace, hugging_face=0))
        before = len(bench.s2.calls())
        started = time.perf_counter()
        notes = refresh_citations(runtime, "T9")
        seconds = time.perf_counter() - started
        requests = len(bench.s2.calls()) - before
        print(f"  {label:36} {seconds:6.2f} s, {requests} batch requests, {len(notes)} priority notes")
        report.figure(f"refresh_citations of {count} papers, {label}", seconds * 1000)
        batches = -(-count // 500)
        report.check(f"batch requests, {label}", str(requests), target=f"{batches}", ok=requests == batches)
        runtime.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--papers", type=int, default=1000)
    add_quick(parser, "3 rounds, one stalled call per case, 5 papers added, 200 refreshed")
    args = parser.parse_args()
    repeats, papers = (3, 200) if args.quick else (args.repeats, args.papers)
    report = Report("Signals from the field (loopback fakes)")
    logging.basicConfig(level=logging.ERROR)  # the stalled case warns once per paper, as it should
    with tempfile.TemporaryDirectory() as folder:
        bench = Bench(Path(folder), timeout=5.0)
        try:
            added_time(bench, repeats, report, stalls=1 if args.quick else 3)
            calls_per_paper(bench, 5 if args.quick else 10, report)
            refresh_time(bench, papers, report)
        finally:
            bench.stop()
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: PDF ingestion of real-looking papers, warm isolated reader against raw pypdf.

Times ``assay.pdf.read_pdf`` (a warm, resource-limited worker process: the PDF sent over a
pipe, extraction, JSON back; limits set per PDF) and, on the same bytes and pages, a bare
in-process ``pypdf.PdfReader(...).pages[i].extract_text()`` loop. The two alternate call by
call, so load on the machine hits both alike. Prints p50 and max in milliseconds, the ratio of
the p50s against the target, the cost of a cold start (a worker replaced after a hostile PDF), CPU
time per read (worker and caller together, steadier than wall-clock time on a busy machine)
and peak memory: the worker's high-water resident set against that of a fresh process that
imports pypdf and runs the same loop.

    .venv/bin/python bench/bench_pdf.py [PAPER.pdf ...] [--pages 40] [--repeats 15] [--quick]

Without paths: a generated 20-page paper (``tests/pdfmaker.py``) and, when present, the real
arXiv papers in /work/shared/fixtures/pdf of 15 to 40 pages. Exits 1 when a ratio misses the
target (≤ 1.2×).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from assay.pdf import read_pdf
from assay.pdf.pool import POOL

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test helpers make the PDF
from tests.pdfmaker import paper_pages, paper_pdf

TARGET = 1.2
FIXTURES = Path("/work/shared/fixtures/pdf")
BASELINE_PEAK = """
import io, resource, sys
from pypdf import PdfReader
data = sys.stdin.buffer.read()
reader = PdfReader(io.BytesIO(data))
"\\f".join(page.extract_text() for page in reader.pages[:int(sys.argv[1])])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def raw_pypdf(data: bytes, pages: int) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text() for page in reader.pages[:pages])


def generated_paper(pages: int) -> bytes:
    sections = [("Abstract", "We propose a sparse mixer; code at https://github.com/acme/sparse-mixer.")]
    return paper_pdf(paper_pages(*sections, pages=pages))


def interleaved_ms(actions: list[Callable[[], object]], repeats: int) -> list[list[float]]:
    """Wall-clock milliseconds of each action, the actions alternating, after one warm-up round."""
    for action in actions:
        action()
    samples: list[list[float]] = [[] for _ in actions]
    for round_number in range(repeats):
        order = list(range(len(actions)))
        if round_number % 2:
            order.reverse()
        for index in order:
            start = time.perf_counter()
            actions[index]()
            samples[index].append((time.perf_counter() - start) * 1000.0)
    return samples


def worker_cpu_seconds() -> float:
    """User plus system CPU seconds of the idle worker so far."""
    fields = Path(f"/proc/{POOL.idle_pids()[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_ms(data: bytes, pages: int, repeats: int) -> tuple[float, float]:
    """p50 CPU milliseconds per read: raw pypdf in this process; read_pdf in the worker plus here.

    Less sensitive to a busy machine than wall-clock time (the worker's clock ticks are 10 ms)."""
    raw, warm = [], []
    for _ in range(repeats):
        start = time.process_time()
        raw_pypdf(data, pages)
        raw.append(time.process_time() - start)
        worker, start = worker_cpu_seconds(), time.process_time()
        read_pdf(data, max_pages=pages)
        warm.append(time.process_time() - start + worker_cpu_seconds() - worker)
    return statistics.median(warm) * 1000.0, statistics.median(raw) * 1000.0


def worker_peak_kb() -> int:
    pids = POOL.idle_pids()
    if not pids:
        return 0
    for line in Path(f"/proc/{pids[0]}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def baseline_peak_kb(data: bytes, pages: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", BASELINE_PEAK, str(pages)], input=data, capture_output=True, check=True
    )
    return int(done.stdout)


def bench_paper(name: str, data: bytes, max_pages: int, repeats: int, *, extra_repeats: int) -> float:
    """``repeats`` interleaved reads for the ratio; ``extra_repeats`` for the CPU and cold-read
    figures printed beside it."""
    pages_total = len(PdfReader(io.BytesIO(data)).pages)
    pages = min(max_pages, pages_total)
    print(f"\n{name}: {len(data) / 1e6:.2f} MB, {pages} of {pages_total} pages, {repeats} repeats")
    assert read_pdf(data, max_pages=pages).text == raw_pypdf(data, pages), "both must extract the same text"
    POOL.close()  # a fresh worker: its high-water mark is this paper's
    warm, raw = interleaved_ms([lambda: read_pdf(data, max_pages=pages), lambda: raw_pypdf(data, pages)], repeats)
    warm_p50, raw_p50 = statistics.median(warm), statistics.median(raw)
    print(f"  {'read_pdf (warm worker)':<36} p50 {warm_p50:8.1f} ms   max {max(warm):8.1f} ms")
    print(f"  {'raw pypdf extract_text (in-process)':<36} p50 {raw_p50:8.1f} ms   max {max(raw):8.1f} ms")
    warm_cpu, raw_cpu = cpu_ms(data, pages, extra_repeats)
    print(f"  CPU per read: read_pdf {warm_cpu:.0f} ms (worker and caller), raw pypdf {raw_cpu:.0f} ms", end="")
    print(f"  ({warm_cpu / raw_cpu:.2f}x)")
    peak, base_peak = worker_peak_kb(), baseline_peak_kb(data, pages)
    print(f"  peak resident memory: worker {peak / 1024:.0f} MB, bare pypdf process {base_peak / 1024:.0f} MB")

    def cold() -> None:
        POOL.close()
        read_pdf(data, max_pages=pages)

    cold_p50 = statistics.median(interleaved_ms([cold], extra_repeats)[0])
    print(f"  cold read (worker started for it, as after a hostile PDF): p50 {cold_p50:.0f} ms")
    ratio = warm_p50 / raw_p50
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"  ratio read_pdf / raw pypdf: {ratio:.2f}x  (target <= {TARGET}x)  {verdict}")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("papers", nargs="*", type=Path, help="PDFs to read (default: generated and fixtures)")
    parser.add_argument("--pages", type=int, default=40, help="pages to extract at most (default 40)")
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per case (default 15)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 repeats (2 for CPU and cold reads), the generated paper and the shortest real one",
    )
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats

    papers: list[tuple[str, bytes]] = [(str(path), path.read_bytes()) for path in args.papers]
    if not papers:
        papers.append(("generated 20-page paper", generated_paper(20)))
        real = [path for path in sorted(FIXTURES.glob("*.pdf")) if 15 <= len(PdfReader(path).pages) <= 40]
        if args.quick:  # the shortest real paper in range: same code path, a third of the time
            real = sorted(real, key=lambda path: len(PdfReader(path).pages))[:1]
        for path in real:
            papers.append((f"arXiv {path.stem} (real)", path.read_bytes()))
    print(f"PDF ingestion, warm isolated reader against bare pypdf (Python {sys.version.split()[0]})")
    extra = 2 if args.quick else max(3, repeats // 3)
    ratios = [bench_paper(name, data, args.pages, repeats, extra_repeats=extra) for name, data in papers]
    missed = sum(ratio > TARGET for ratio in ratios)
    print(f"\n{len(ratios) - missed} of {len(ratios)} papers within {TARGET}x of bare pypdf")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

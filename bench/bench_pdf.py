"""Benchmark: PDF ingestion of a 20-page paper, isolated reader against raw pypdf.

Times ``assay.pdf.read_pdf`` (a fresh, resource-limited child process per read: interpreter
start, pypdf import, extraction, JSON back) and, on the same bytes and pages, raw in-process
``pypdf.PdfReader(...).pages[i].extract_text()``. Prints p50 and max in milliseconds, the
ratio of the p50s, and the fixed cost of the isolation (reading a one-page PDF).

    .venv/bin/python bench/bench_pdf.py [PAPER.pdf] [--pages 20] [--repeats 15]

Without a path a 20-page paper is generated with ``tests/pdfmaker.py``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from assay.pdf import read_pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test helpers make the PDF
from tests.pdfmaker import paper_pages, paper_pdf


def timings_ms(action: Callable[[], object], repeats: int) -> list[float]:
    """Wall-clock milliseconds of ``repeats`` calls, after one warm-up call."""
    action()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def raw_pypdf(data: bytes, pages: int) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\f".join(page.extract_text() for page in reader.pages[:pages])


def generated_paper(pages: int) -> bytes:
    sections = [("Abstract", "We propose a sparse mixer; code at https://github.com/acme/sparse-mixer.")]
    return paper_pdf(paper_pages(*sections, pages=pages))


def report(name: str, samples: list[float]) -> float:
    p50 = statistics.median(samples)
    print(f"  {name:<38} p50 {p50:8.1f} ms   max {max(samples):8.1f} ms")
    return p50


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paper", nargs="?", type=Path, help="a PDF to read (default: a generated paper)")
    parser.add_argument("--pages", type=int, default=20, help="pages to extract")
    parser.add_argument("--repeats", type=int, default=15, help="timed calls per case")
    args = parser.parse_args()

    data = args.paper.read_bytes() if args.paper else generated_paper(args.pages)
    pages_total = len(PdfReader(io.BytesIO(data)).pages)
    pages = min(args.pages, pages_total)
    source = str(args.paper) if args.paper else "generated paper"
    print(f"PDF ingestion: {source}, {len(data) / 1e6:.2f} MB, {pages} of {pages_total} pages, {args.repeats} repeats")

    assert read_pdf(data, max_pages=pages).text == raw_pypdf(data, pages), "both must extract the same text"
    isolated = report("read_pdf (child process)", timings_ms(lambda: read_pdf(data, max_pages=pages), args.repeats))
    raw = report("raw pypdf extract_text (in-process)", timings_ms(lambda: raw_pypdf(data, pages), args.repeats))
    one_page = paper_pdf(paper_pages(("Abstract", "A one-page paper to measure the fixed cost.")))
    fixed = report("read_pdf of a 1-page PDF (fixed cost)", timings_ms(lambda: read_pdf(one_page, max_pages=1), 5))
    print(f"  ratio read_pdf / raw pypdf: {isolated / raw:.2f}x  (difference {isolated - raw:+.0f} ms at p50;")
    print(f"  a 1-page read costs {fixed:.0f} ms, mostly interpreter start and pypdf import)")


if __name__ == "__main__":
    main()

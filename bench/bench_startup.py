"""Benchmark: start-up of the ``assay`` console script against importing its unavoidable dependencies.

Each case is a fresh process, timed from spawn to exit; the cases run interleaved, round after
round, so a noisy neighbour slows them alike. Baselines are bare ``python -c "import ..."`` of
what the command cannot do without:

- ``assay --help`` against ``import sqlmodel, sqlalchemy, pydantic_settings``;
- ``assay run "/radar"`` against the same plus Alembic's script directory and migration
  context (every ``assay run`` checks the database's schema revision before answering).

A third import adds Assay's own table classes (``assay.storage.models``), for reading how much
of the gap they are; it is not a target. Target: each command's wall-clock p50 ≤ 1.5× its baseline's p50. CPU time (user + system) per
run is printed too: on a busy machine it moves less than wall-clock time. Exits 1 when a target is missed, or
when a command prints an Alembic line or fails.

    .venv/bin/python bench/bench_startup.py [--repeats 15] [--quick]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TARGET = 1.5
CORE = "sqlmodel, sqlalchemy, pydantic_settings"
MIGRATION_CHECK = "alembic.command, alembic.config, alembic.script, alembic.runtime.migration"


@dataclass(frozen=True)
class Case:
    name: str
    argv: list[str]
    baseline: str | None = None  # the case this one is compared with


def assay_script() -> str:
    script = Path(sys.executable).with_name("assay")
    if not script.exists():
        sys.exit(f"no console script at {script}: install the project first (pip install -e .)")
    return str(script)


def cases() -> list[Case]:
    assay = assay_script()
    return [
        Case("import core", [sys.executable, "-c", f"import {CORE}"]),
        Case("import core + migration check", [sys.executable, "-c", f"import {CORE}, {MIGRATION_CHECK}"]),
        # Not a target: how much of the gap is Assay's own tables (SQLModel classes, ~25 of them).
        Case(
            "import core + check + tables",
            [sys.executable, "-c", f"import {CORE}, {MIGRATION_CHECK}, assay.storage.models"],
        ),
        Case("assay --help", [assay, "--help"], baseline="import core"),
        Case('assay run "/radar"', [assay, "run", "/radar"], baseline="import core + migration check"),
    ]


def children_cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000.0


def run_once(case: Case, env: dict[str, str], cwd: str) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one run (the runs are sequential: the CPU is this child's)."""
    cpu, start = children_cpu_ms(), time.perf_counter()
    done = subprocess.run(case.argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed, cpu = (time.perf_counter() - start) * 1000.0, children_cpu_ms() - cpu
    if done.returncode != 0:
        sys.exit(f"{case.name} failed with exit status {done.returncode}:\n{done.stderr[-2000:]}")
    if "alembic" in done.stderr.lower():
        sys.exit(f"{case.name} printed Alembic lines at the default log level:\n{done.stderr[-2000:]}")
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed rounds (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats

    with tempfile.TemporaryDirectory(prefix="assay-bench-startup-") as folder:
        env = {**os.environ, "ASSAY_DATABASE_URL": f"sqlite:///{Path(folder) / 'assay.db'}"}
        env.pop("ASSAY_LOG_LEVEL", None)  # the default level is what users see
        all_cases = cases()
        for case in all_cases:  # warm-up: creates and migrates the database, fills the OS caches
            run_once(case, env, folder)
        samples: dict[str, list[float]] = {case.name: [] for case in all_cases}
        cpu: dict[str, list[float]] = {case.name: [] for case in all_cases}
        for round_number in range(repeats):
            shift = round_number % len(all_cases)  # rotate the order: no case always runs first
            for case in all_cases[shift:] + all_cases[:shift]:
                wall, used = run_once(case, env, folder)
                samples[case.name].append(wall)
                cpu[case.name].append(used)

    print(f"Start-up: {repeats} interleaved rounds, fresh process each, ms (Python {sys.version.split()[0]})")
    p50 = {name: statistics.median(values) for name, values in samples.items()}
    cpu50 = {name: statistics.median(values) for name, values in cpu.items()}
    for case in all_cases:
        values = samples[case.name]
        print(
            f"  {case.name:<32} p50 {p50[case.name]:7.0f}   min {min(values):7.0f}   max {max(values):7.0f}"
            f"   CPU p50 {cpu50[case.name]:6.0f}"
        )
    missed = 0
    for case in all_cases:
        if case.baseline is None:
            continue
        ratio = p50[case.name] / p50[case.baseline]
        verdict = "ok" if ratio <= TARGET else "MISSED"
        missed += ratio > TARGET
        cpu_ratio = cpu50[case.name] / cpu50[case.baseline]
        print(
            f"  {case.name:<32} {ratio:5.2f}x {case.baseline!r} (CPU {cpu_ratio:.2f}x)   target <= {TARGET}x   {verdict}"
        )
    tables = p50['assay run "/radar"'] / p50["import core + check + tables"]
    print(
        f'  (for reading the gap, not a target: assay run "/radar" is {tables:.2f}x importing core, check and tables)'
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

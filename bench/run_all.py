"""Run every ``bench_*.py`` in this folder, one after the other (``make bench``, ``make bench-quick``).

``python bench/run_all.py [--quick] [ARGS...]``: ``--quick`` and any further arguments are passed
to every script. Exits 1 if any benchmark missed a target or failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(args: list[str]) -> int:
    results: list[tuple[str, int, float]] = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} {' '.join(args)} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(script), *args], check=False).returncode
        results.append((script.name, code, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, code, seconds in results:
        print(f"{name:<24} {'ok' if code == 0 else f'FAILED (exit {code})':<18} {seconds:6.1f} s")
    failed = [name for name, code, _ in results if code != 0]
    print(
        f"{len(failed)} of {len(results)} benchmarks failed: {', '.join(failed)}"
        if failed
        else "all benchmarks met their targets"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``assay analyze``: the gut-check statistics on runs kept in CSV files, no database, no Slack.

Each file has a header ``arm,value[,seed]`` and one run per row, in the order the runs were
made. The analysis is the one ``/gutcheck status`` gives (services/gutcheck/arms.py), for a
sequential design or, with ``--runs N``, a fixed one; ``--sequence`` replays the rows as looks.
Exit 0 when every file was analysed, 1 when a file could not be (its message on stderr, the
other files still analysed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from assay.errors import AssayError, UserError

ERROR_EXIT, USAGE_EXIT = 1, 2
MAX_FILE_BYTES = 50_000_000


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``analyze`` and its options (SPEC section 2)."""
    parser = sub.add_parser(
        "analyze",
        help="gut-check statistics on runs in CSV files (header arm,value[,seed])",
        description="Analyse runs kept in CSV files (header arm,value[,seed]; arms baseline and method) the way "
        "/gutcheck status does, with no database and no Slack.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="CSV files, one gut check each")
    parser.add_argument("--claimed-lift", type=_positive_pct, metavar="PCT", help="the lift the paper claims, e.g. 40")
    parser.add_argument(
        "--higher-is-better", choices=["yes", "no"], default="yes", help="direction of the metric (default yes)"
    )
    parser.add_argument("--alpha", type=_alpha, default=0.05, metavar="A", help="significance level (default 0.05)")
    parser.add_argument(
        "--success", type=_positive_pct, metavar="PCT", help="success threshold (default: half the claim)"
    )
    parser.add_argument("--runs", type=_planned, metavar="N", help="analyse as a fixed design of N runs per arm")
    parser.add_argument(
        "--sd", type=_positive_pct, metavar="PCT", help="run-to-run spread guessed beforehand, in %% (tunes the test)"
    )
    parser.add_argument("--sequence", action="store_true", help="replay the rows as looks; add each look's verdict")
    parser.add_argument("--json", action="store_true", help="one JSON object per line per file")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Analyse every file named in ``args``; returns the exit code (stdout and stderr by default)."""
    out = out or sys.stdout
    err = err or sys.stderr
    from assay.services.gutcheck.arms import Criteria
    from assay.stats import Design

    if args.success is not None and args.claimed_lift is not None and args.success > args.claimed_lift:
        print(f"--success {args.success:g} asks for more than the claimed {args.claimed_lift:g}% lift.", file=err)
        return USAGE_EXIT
    criteria = Criteria(
        higher_is_better=args.higher_is_better == "yes",
        claimed_lift_pct=args.claimed_lift,
        success_threshold_pct=args.success,
        alpha=args.alpha,
        design=Design(planned_runs=args.runs, sd_pct=args.sd),
    )
    failed = 0
    for name in args.files:
        try:
            data, words = analyse_file(Path(name), criteria, sequence=args.sequence)
        except AssayError as exc:
            print(f"{name}: {exc.message}", file=err)
            failed += 1
            continue
        data = {"file": name, **data}
        out.write(json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n" if args.json else as_text(data, words))
    return ERROR_EXIT if failed else 0


def analyse_file(path: Path, criteria: Any, *, sequence: bool) -> tuple[dict[str, Any], tuple[str, str]]:
    """The ``/gutcheck status`` data of one file (without ``id``; with ``looks`` when ``sequence``),
    and its headline and design in words for the text output."""
    from assay.services.gutcheck.arms import analyse_arms, replay_arms
    from assay.stats import analysis_data, design_words, explain, headline

    logged = read_runs(path)
    runs: dict[str, list[Any]] = {}
    for arm, run_ in logged:
        runs.setdefault(arm, []).append(run_)
    analysis = analyse_arms(runs, [arm for arm, _ in logged], criteria)
    data: dict[str, Any] = analysis_data(analysis)
    data.update(hard_kill=analysis.verdict.value == "REGRESSION", explanation=explain(analysis))
    if sequence:
        data["looks"] = [
            {"runs": {"baseline": look.n_baseline, "method": look.n_method}, "verdict": look.verdict.value}
            for look in replay_arms(logged, criteria)
        ]
    return data, (headline(analysis), design_words(analysis))


def read_runs(path: Path) -> list[tuple[str, Any]]:
    """(arm, Run) per row, in file order. Raises UserError naming the file's problem and its line."""
    from assay.services.gutcheck.inputs import parse_arm, parse_seeds, parse_values
    from assay.stats import Run

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError(f"is larger than {MAX_FILE_BYTES // 1_000_000} MB.")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError("no such file.") from None
    except IsADirectoryError:
        raise UserError("is a folder, not a CSV file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot be read ({exc.__class__.__name__}).") from None
    rows = list(csv.reader(text.splitlines()))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if header not in (["arm", "value"], ["arm", "value", "seed"]):
        raise UserError("the first line must be the header `arm,value` or `arm,value,seed`.")
    logged: list[tuple[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise UserError(f"line {line} has {len(row)} fields; the header has {len(header)}.")
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        try:
            arm = parse_arm(cells[0])
            values = parse_values(cells[1].replace("\u2212", "-")) if cells[1] else []
            seeds = parse_seeds(cells[2].replace("\u2212", "-")) if len(cells) > 2 and cells[2] else [None]
        except ValueError as exc:
            raise UserError(f"line {line}: {exc}.") from None
        if len(values) != 1 or len(seeds) != 1:
            raise UserError(f"line {line}: give one value (and at most one seed) per row.")
        value, seed = values[0], seeds[0]
        if seed is not None:
            if (arm, seed) in seen:
                raise UserError(f"line {line}: seed {seed} appears twice for arm `{arm}`; each seed runs once per arm.")
            seen.add((arm, seed))
        logged.append((arm, Run(value, seed)))
    if not logged:
        raise UserError("has a header but no runs.")
    return logged


def as_text(data: dict[str, Any], words: tuple[str, str]) -> str:
    """The analysis of one file as a few lines of plain text."""
    headline, design = words
    lines = [f"{data['file']}: {headline}", f"  {data['explanation']}"]
    arms = "; ".join(
        f"{name} n={arm['n']} mean={_num(arm['mean'])} sd={_num(arm['sd'])}" for name, arm in data["arms"].items()
    )
    lines.append(f"  arms: {arms}")
    tests = data["tests"]
    parts = [f"sequential p={_num(tests['sequential']['p_value'])}", f"Welch p={_num(tests['welch_t']['p_value'])}"]
    if tests["paired_t"] is not None:
        parts.append(f"paired t p={_num(tests['paired_t']['p_value'])}")
    lines.append(f"  {design} · decided by {data['primary']} · " + " · ".join(parts))
    if "looks" in data:
        lines.append(f"  looks: {_changes(data['looks'])}")
    return "\n".join(lines) + "\n"


def _changes(looks: Sequence[dict[str, Any]]) -> str:
    """``INSUFFICIENT_DATA from row 1, INCONCLUSIVE from row 6, …``: where the verdict changed."""
    changes, last = [], None
    for row, look in enumerate(looks, start=1):
        if look["verdict"] != last:
            changes.append(f"{look['verdict']} from row {row}")
            last = look["verdict"]
    return ", ".join(changes)


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.4g}"


def _positive_pct(text: str) -> float:
    try:
        value = float(text.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage, e.g. 40 or 40%") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be a percentage above 0")
    return value


def _alpha(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number, e.g. 0.05") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 0 and 1, e.g. 0.05")
    return value


def _planned(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of runs per arm") from None
    if not 3 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"{text!r}: a fixed design plans 3 to 10,000 runs per arm")
    return value

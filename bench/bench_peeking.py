"""Benchmark: how often gut checks read after every run call a verdict that is not there.

Simulates gut checks whose runs arrive one at a time, baseline and method in turn, and reads
the verdict after every run, as the bot does after each ``/gutcheck log``. With no real
difference, any REPRODUCED, PARTIAL or REGRESSION is false. Compared:

- **old rule**: the fixed-sample test (paired t when every run is paired, else Welch) read at
  every look from 3 runs per arm on, significant at p < alpha;
- **new rule**: the sequential test (Assay's default design), at its default prior (no spread
  given) and tuned to the claim (``sd=`` given, equal to the truth here);
- **fixed design**: ``runs=N`` (the classical test at N; only a regression may stop it earlier).

Then the power of each at a true effect of d = 0.8 and 1.5 standard deviations (of a run
unpaired, of a seed's difference paired), and the runs per arm the sequential test needs for
80% power: its own formula (the one ``/gutcheck status`` reports) against this simulation.

The sequential test rejects at a look exactly when |t| reaches the look's critical value
(the e-value rises with |t|), so the simulation compares each look's t statistic with the
critical values from Assay's code; a subsample is replayed through the full engine to check
that both agree. Exits 1 if a false-verdict rate of the new rule exceeds alpha by more than
three Monte Carlo standard errors.

    python bench/bench_peeking.py [--sims 20000] [--quick] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats as sps

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import Report

from assay.stats import Design, Run, analyze
from assay.stats.evalues import DEFAULT_ALTERNATIVE, Alternative
from assay.stats.seqpower import sequential_runs_needed
from assay.stats.sequential import critical_ts

ALPHA = 0.05
HORIZONS = (10, 20)
EFFECTS = (0.8, 1.5)
POWER_HORIZON = 60  # runs per arm simulated to find where power reaches 80%


def simulate(kind: str, effect: float, sims: int, runs: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Baseline and method values (sims × runs). Paired: runs share a seed effect, and the
    per-seed difference has sd 1, so ``effect`` is in sds of the difference."""
    if kind == "paired":
        seed_effect = rng.normal(0.0, 1.0, (sims, runs))
        base = seed_effect + rng.normal(0.0, math.sqrt(0.5), (sims, runs))
        method = seed_effect + rng.normal(0.0, math.sqrt(0.5), (sims, runs)) + effect
        return base, method
    return rng.normal(0.0, 1.0, (sims, runs)), rng.normal(effect, 1.0, (sims, runs))


def interleave(base: np.ndarray, method: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per look (after each arrival: b1, m1, b2, m2, …): runs per arm and the arrival mask."""
    runs = base.shape[1]
    n_b = np.repeat(np.arange(1, runs + 1), 2)
    n_m = np.repeat(np.arange(0, runs + 1), 2)[1:-1]
    return n_b, n_m, np.tile([0, 1], runs)


def _prefix(values: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sum of squared deviations of the first ``counts[k]`` values, per look k."""
    idx = np.maximum(counts - 1, 0)
    shifted = values - values[:, :1]
    s1, s2 = np.cumsum(shifted, axis=1)[:, idx], np.cumsum(shifted * shifted, axis=1)[:, idx]
    n = np.maximum(counts, 1)
    return values[:, :1] + s1 / n, np.maximum(s2 - s1 * s1 / n, 0.0)


def statistics(kind: str, base: np.ndarray, method: np.ndarray) -> dict[str, np.ndarray]:
    """t statistics of every look: the sequential test's, Welch's and (paired) the paired t."""
    n_b, n_m, _ = interleave(base, method)
    mean_b, ss_b = _prefix(base, n_b)
    mean_m, ss_m = _prefix(method, n_m)
    diff = mean_m - mean_b
    with np.errstate(invalid="ignore", divide="ignore"):
        v_b, v_m = ss_b / np.maximum(n_b - 1, 1) / n_b, ss_m / np.maximum(n_m - 1, 1) / np.maximum(n_m, 1)
        welch_t = diff / np.sqrt(v_b + v_m)
        welch_df = (v_b + v_m) ** 2 / (v_b**2 / np.maximum(n_b - 1, 1) + v_m**2 / np.maximum(n_m - 1, 1))
        pooled_nu = n_b + n_m - 2.0
        pooled_eff = n_b * n_m / np.maximum(n_b + n_m, 1)
        pooled_t = diff / np.sqrt((ss_b + ss_m) / np.maximum(pooled_nu, 1) / np.maximum(pooled_eff, 1e-300))
        pairs = n_m.astype(float)  # a pair completes with each method run
        d_mean, d_ss = _prefix(method - base, n_m)
        paired_t = d_mean / np.sqrt(d_ss / np.maximum(pairs - 1, 1) / np.maximum(pairs, 1))
    out = {"welch_t": welch_t, "welch_df": welch_df, "diff": diff, "n_b": n_b, "n_m": n_m}
    if kind == "paired":
        out.update(seq_t=paired_t, seq_eff=pairs, seq_nu=pairs - 1.0, paired_t=paired_t)
    else:
        out.update(seq_t=pooled_t, seq_eff=pooled_eff.astype(float), seq_nu=pooled_nu.astype(float))
    return out


def critical(alternative: Alternative, n_eff: np.ndarray, nu: np.ndarray) -> np.ndarray:
    valid = (nu >= 1) & (n_eff > 0)
    values = np.full(n_eff.size, np.inf)
    values[valid] = critical_ts(alternative, ALPHA, list(n_eff[valid]), list(nu[valid]))
    return values


def rules(
    kind: str, stats: dict[str, np.ndarray], horizon: int, alternatives: dict[str, Alternative]
) -> dict[str, np.ndarray]:
    """Per simulation: whether each rule calls a (signed) verdict by ``horizon`` runs per arm.

    Values are +1 (significantly better), -1 (worse) or 0, at the first look the rule decides.
    """
    looks = 2 * horizon
    n_b, n_m = stats["n_b"][:looks], stats["n_m"][:looks]
    readable = np.minimum(n_b, n_m) >= 3
    diff = stats["diff"][:, :looks]
    with np.errstate(invalid="ignore"):
        welch_p = 2 * sps.t.sf(np.abs(stats["welch_t"][:, :looks]), stats["welch_df"][:, :looks])
        if kind == "paired":
            paired_p = 2 * sps.t.sf(np.abs(stats["paired_t"][:, :looks]), np.maximum(n_m - 1, 1))
            full = n_b == n_m  # after a method run every run has its partner
            old_p = np.where(full, paired_p, welch_p)
        else:
            old_p = welch_p
    result: dict[str, np.ndarray] = {}
    old = (old_p < ALPHA) & readable
    result["old rule"] = _first_sign(old, diff)
    result["fixed at N"] = np.where(old[:, -1], np.sign(diff[:, -1]), 0)
    seq_t = np.nan_to_num(np.abs(stats["seq_t"][:, :looks]), nan=0.0)
    for name, alternative in alternatives.items():
        crossed = seq_t >= critical(alternative, stats["seq_eff"][:looks], stats["seq_nu"][:looks])
        # The p-value keeps its minimum: once crossed, every later readable look is significant.
        significant = np.maximum.accumulate(crossed, axis=1) & readable
        result[name] = _first_sign(significant, diff)
        if name == "sequential (tuned)":
            interim = significant[:, :-1] & (diff[:, :-1] < 0)
            stopped = interim.any(axis=1)
            result["fixed design runs=N"] = np.where(stopped, -1, result["fixed at N"])
    return result


def _first_sign(decided: np.ndarray, diff: np.ndarray) -> np.ndarray:
    any_look = decided.any(axis=1)
    first = np.argmax(decided, axis=1)
    return np.where(any_look, np.sign(diff[np.arange(diff.shape[0]), first]), 0)


def replay_check(
    kind: str, base: np.ndarray, method: np.ndarray, alternative: Alternative, sims: int
) -> tuple[int, int]:
    """Verdicts of the full engine at the last look against the simulation's: (agree, total)."""
    stats = statistics(kind, base[:sims], method[:sims])
    decided = rules(kind, stats, base.shape[1], {"sequential (tuned)": alternative})["sequential (tuned)"]
    agree = 0
    design = Design(sd_pct=1.0 / alternative.scale * 10.0) if alternative.kind == "normal" else Design()
    for i in range(sims):
        seeds = range(base.shape[1]) if kind == "paired" else [None] * base.shape[1]
        b = [Run(float(v), s) for v, s in zip(base[i], seeds, strict=True)]
        m = [Run(float(v), s) for v, s in zip(method[i], seeds, strict=True)]
        analysis = analyze(b, m, claimed_lift_pct=10.0, design=design)
        agree += (analysis.sequential.p_value < ALPHA) == (decided[i] != 0)
    return agree, sims


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=20_000, help="simulated gut checks per case")
    parser.add_argument("--quick", action="store_true", help="2,000 simulations per case (a few seconds)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sims = 2_000 if args.quick else args.sims
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    margin = 3 * math.sqrt(ALPHA * (1 - ALPHA) / sims)
    print(f"Peeking: {sims:,} simulated gut checks per case, the verdict read after every run, alpha = {ALPHA}")
    print(f"(a rate's Monte Carlo standard error at 5% is {margin / 3:.4f}; the check allows 3 of them)\n")
    report = Report(f"Peeking: {sims:,} simulated gut checks per case")
    for kind in ("unpaired", "paired"):
        stat_kind = "paired" if kind == "paired" else "two-sample"
        print(f"== {kind} runs ==")
        header = f"{'rule':<24}" + "".join(f"{'false, 3-' + str(h):>14}" for h in HORIZONS)
        header += "".join(f"{'power d=' + str(d) + ', ' + str(h):>17}" for d in EFFECTS for h in HORIZONS)
        print(header)
        rows: dict[str, list[str]] = {}
        for effect in (0.0, *EFFECTS):
            base, method = simulate(kind, effect, sims, max(HORIZONS), rng)
            stats = statistics(kind, base, method)
            for horizon in HORIZONS:
                alternatives = {"sequential (default)": DEFAULT_ALTERNATIVE}
                # Tuned to the claim: at the null the claim is still d = 0.8 (what the team expected).
                alternatives["sequential (tuned)"] = Alternative("normal", effect or 0.8, 0.5 * (effect or 0.8))
                decided = rules(stat_kind, stats, horizon, alternatives)
                for name, signs in decided.items():
                    rate = float(np.mean(signs != 0)) if effect == 0.0 else float(np.mean(signs > 0))
                    rows.setdefault(name, []).append(f"{100 * rate:.1f}%")
                    if effect == 0.0 and name.startswith("sequential"):
                        report.check(
                            f"{kind}, {name}, 3-{horizon} runs: false verdicts",
                            f"{100 * rate:.2f}%",
                            target=f"≤ {100 * (ALPHA + margin):.2f}% (alpha + 3 s.e.)",
                            ok=rate <= ALPHA + margin,
                        )
        order = ["old rule", "fixed at N", "fixed design runs=N", "sequential (default)", "sequential (tuned)"]
        for name in order:
            print(
                f"{name:<24}"
                + "".join(f"{cell:>14}" for cell in rows[name][:2])
                + "".join(f"{cell:>17}" for cell in rows[name][2:])
            )
        print()
    print(
        "Runs per arm for 80% power (sequential, tuned to the claim): formula (what /gutcheck status says) vs simulation"
    )
    for kind in ("unpaired", "paired"):
        stat_kind = "paired" if kind == "paired" else "two-sample"
        for effect in EFFECTS:
            alternative = Alternative("normal", effect, 0.5 * effect)
            formula = sequential_runs_needed(
                effect, kind="paired" if kind == "paired" else "two-sample", alternative=alternative, alpha=ALPHA
            )
            base, method = simulate(kind, effect, min(sims, 5000), POWER_HORIZON, rng)
            stats = statistics(kind, base, method)
            simulated = None
            for horizon in range(3, POWER_HORIZON + 1):
                signs = rules(stat_kind, stats, horizon, {"sequential (tuned)": alternative})["sequential (tuned)"]
                if np.mean(signs > 0) >= 0.8:
                    simulated = horizon
                    break
            fixed = next(n for n in range(3, 500) if _t_power(effect, n, kind) >= 0.8)
            print(
                f"  {kind:<9} d = {effect}: formula {formula}, simulated {simulated or '>' + str(POWER_HORIZON)}, fixed-n t test {fixed}"
            )
    for kind in ("unpaired", "paired"):
        stat_kind = "paired" if kind == "paired" else "two-sample"
        base, method = simulate(kind, 0.8, 200, 10, rng)
        agree, total = replay_check(stat_kind, base, method, Alternative("normal", 1.0, 0.5), 200)
        report.check(
            f"{kind}: full engine vs simulation, {total} gut checks of 10 runs",
            f"{agree}/{total} agree",
            target="all agree",
            ok=agree == total,
        )
    print(f"\n{time.perf_counter() - started:.1f} s")
    return report.finish()


def _t_power(effect: float, n: int, kind: str) -> float:
    from assay.stats import t_test_power

    return t_test_power(effect, 1.0, n, alpha=ALPHA, paired=kind == "paired")


if __name__ == "__main__":
    sys.exit(main())

"""The numbered run list of a gut check, and the answer to an unlog."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from assay.replies import Block, Context, Header, Section
from assay.services.gutcheck.corrections import Listing, UnlogResult
from assay.services.gutcheck.history import correction_words
from assay.storage.models import GutCheckCorrection, GutCheckRun
from assay.textfmt import esc, truncate, user
from assay.views.gutcheck.cards import verdict_words, when

MAX_SHOWN = 400  # runs listed on the card (the data has them all)
SECTION_CHARS = 2900  # Slack allows 3000 per section


def runs_blocks(listing: Listing, zone: tzinfo | None) -> list[Block]:
    """Every run with its number (unlogged ones struck through), then the corrections; times on
    the team's clocks (``zone``)."""
    snapshot = listing.snapshot
    unpaired = {snapshot.log.numbers_by_arm()[run.arm][run.position] for run in snapshot.analysis.unpaired}
    numbered = snapshot.log.numbered()
    blocks: list[Block] = [Header(f"{snapshot.record.handle} · runs")]
    if not numbered:
        blocks.append(Section(f"No runs yet. Log some: `/gutcheck log {snapshot.record.handle} baseline 0.71 0.70`."))
        return blocks
    lines = [_line(number, row, number in unpaired, listing.corrections, zone) for number, row in numbered[:MAX_SHOWN]]
    blocks += [Section(text) for text in _chunks(lines)]
    if len(numbered) > MAX_SHOWN:
        blocks.append(Context((f"…and {len(numbered) - MAX_SHOWN} more runs (all are in the data).",)))
    if listing.corrections:
        history = [
            f"{when(c.at, zone)} · {user(c.by)}: {esc(truncate(correction_words(c), 600))}"
            for c in listing.corrections.values()
        ]
        blocks += [Section(text) for text in _chunks(["*Corrections*", *history])][:5]
    handle = snapshot.record.handle
    blocks.append(Context((f'Unlog a mistyped run by its number: `/gutcheck unlog {handle} 7 why="typo"`.',)))
    return blocks[:50]


def _line(
    number: int, row: GutCheckRun, unpaired: bool, corrections: dict[int, GutCheckCorrection], zone: tzinfo | None
) -> str:
    seed = "" if row.seed is None else f" · seed {row.seed}"
    text = f"#{number} `{esc(row.arm)}` {row.value:.6g}{seed} · {user(row.logged_by)} {when(row.logged_at, zone)}"
    if row.correction_id is not None:
        correction = corrections.get(row.correction_id)
        why = f": {esc(truncate(correction.why, 200))}" if correction is not None else ""
        return f"~{text}~ unlogged{why}"
    return text + (" · _no partner with this seed_" if unpaired else "")


def _chunks(lines: list[str]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > SECTION_CHARS:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line[:SECTION_CHARS]
    if current:
        chunks.append(current)
    return chunks


def runs_data(listing: Listing) -> dict[str, Any]:
    """``{"id","runs":[{"number","arm","value","seed","logged_by","logged_at","unlogged"}],"corrections":[...]}``."""
    snapshot = listing.snapshot
    return {
        "id": snapshot.record.handle,
        "runs": [
            {
                "number": number,
                "arm": row.arm,
                "value": row.value,
                "seed": row.seed,
                "logged_by": row.logged_by,
                "logged_at": row.logged_at.isoformat(),
                "unlogged": row.correction_id is not None,
            }
            for number, row in snapshot.log.numbered()
        ],
        "corrections": [_correction_data(c) for c in listing.corrections.values()],
    }


def _correction_data(correction: GutCheckCorrection) -> dict[str, Any]:
    return {
        "runs": [int(n) for n in correction.runs.split(",")],
        "why": correction.why,
        "by": correction.by,
        "at": correction.at.isoformat(),
        "p_before": correction.p_before,
        "p_after": correction.p_after,
        "verdict_before": correction.verdict_before,
        "verdict_after": correction.verdict_after,
    }


def unlog_blocks(result: UnlogResult) -> list[Block]:
    """What was unlogged and why, the recomputed sequential p-value, and the verdict now."""
    snapshot, correction = result.snapshot, result.correction
    analysis = snapshot.analysis
    lines = [
        f"*{snapshot.record.handle}: {esc(truncate(correction_words(correction), 1500))}* (by {user(correction.by)}).",
        f"*{verdict_words(analysis.verdict.value)}* — {esc(truncate(snapshot.explanation(), 1200))}",
    ]
    return [
        Section("\n".join(lines)),
        Context(("The runs stay in `/gutcheck runs` struck through, with the reason.",)),
    ]


def unlog_data(result: UnlogResult) -> dict[str, Any]:
    correction = result.correction
    return {
        "id": result.snapshot.record.handle,
        **_correction_data(correction),
        "verdict": result.snapshot.analysis.verdict.value,
        "verdict_changed": result.snapshot.analysis.verdict.value != result.previous_verdict,
    }

"""Predictions: made, resolved, listed with the team's calibration, and the review reminder."""

from __future__ import annotations

from typing import Any

from assay.ids import ActionId
from assay.replies import Actions, Block, Button, Context, Header, Reply, Section
from assay.storage.models import Prediction
from assay.textfmt import esc, truncate, user

LISTED = 30


def _p(prediction: Prediction) -> str:
    return f"{prediction.probability:.0%}" if prediction.probability is not None else "no probability"


def _line(prediction: Prediction, target: str) -> str:
    return (
        f"`F{prediction.number}` on *{esc(target)}*: “{esc(truncate(prediction.statement, 300))}” — "
        f"{_p(prediction)}, review {prediction.review_on.isoformat()} · {user(prediction.made_by)}"
    )


def item_data(prediction: Prediction, target: str) -> dict[str, Any]:
    return {
        "id": f"F{prediction.number}",
        "target": target,
        "statement": prediction.statement,
        "p": prediction.probability,
        "by": prediction.review_on.isoformat(),
        "made_by": prediction.made_by,
        "outcome": prediction.outcome,
    }


def made_reply(prediction: Prediction, target: str) -> Reply:
    text = (
        f"Prediction `F{prediction.number}` recorded: {_line(prediction, target)}. I will remind this channel on "
        f"{prediction.review_on.isoformat()}; resolve it with `/predict resolve F{prediction.number} true|false`."
    )
    if prediction.probability is None:
        text += " Without p= it is not counted in the Brier score."
    return Reply(
        text=f"Prediction F{prediction.number} recorded.", blocks=[Section(text)], data={"id": f"F{prediction.number}"}
    )


def resolved_text(prediction: Prediction, target: str, by: str | None) -> str:
    came = "came true ✅" if prediction.outcome else "did not come true ❌"
    statement = esc(truncate(prediction.statement, 300))
    return f"`F{prediction.number}` on *{esc(target)}* {came} (resolved by {user(by)}): “{statement}”"


def resolved_reply(prediction: Prediction, target: str, by: str | None) -> Reply:
    text = resolved_text(prediction, target, by)
    data = {**item_data(prediction, target), "resolved": True}
    return Reply(text=f"F{prediction.number} resolved.", blocks=[Section(text)], data=data)


def list_reply(
    open_items: list[tuple[Prediction, str]],
    resolved: int,
    brier: float | None,
    by_person: dict[str, tuple[int, float]],
    scored: int,
) -> Reply:
    blocks: list[Block] = [Header(f"Predictions — {len(open_items)} open, {resolved} resolved")]
    if open_items:
        lines = [_line(p, t) for p, t in open_items[:LISTED]]
        if len(open_items) > LISTED:
            lines.append(f"…and {len(open_items) - LISTED} more.")
        blocks.append(Section("\n".join(lines)))
    else:
        blocks.append(
            Section('No open predictions. Make one: `/predict P3 "ships in our stack by Q3" by=2027-06-30 p=0.6`.')
        )
    if brier is None:
        calibration = "No resolved prediction with a probability yet, so no Brier score."
    else:
        calibration = (
            f"Team Brier score *{brier:.3f}* over {scored} resolved predictions "
            "(0 is perfect; always saying 50% scores 0.250)."
        )
    people = [
        f"{user(who)} {score:.3f} ({n})" for who, (n, score) in sorted(by_person.items(), key=lambda kv: kv[1][1])
    ]
    texts = [calibration] + (["Per person: " + ", ".join(people)] if people else [])
    blocks.append(Context(tuple(texts)))
    data = {
        "open": [item_data(p, t) for p, t in open_items],
        "resolved": resolved,
        "brier": brier,
        "brier_by_person": {who: {"n": n, "brier": score} for who, (n, score) in by_person.items()},
    }
    return Reply(
        text=f"{len(open_items)} open predictions; Brier {brier:.3f}"
        if brier is not None
        else f"{len(open_items)} open predictions.",
        blocks=blocks,
        data=data,
    )


def prediction_reminder(prediction: Prediction, target: str) -> tuple[str, list[Block]]:
    """The review-date reminder with buttons to resolve it."""
    value = str(prediction.id)
    text = (
        f"🔮 {user(prediction.made_by)}: prediction `F{prediction.number}` is due for review today. Did it come true?"
    )
    blocks: list[Block] = [
        Section(f"{text}\n{_line(prediction, target)}"),
        Actions(
            (
                Button(ActionId.PREDICTION_RESOLVE, "It came true", f"{value}:true", "primary"),
                Button(ActionId.PREDICTION_RESOLVE, "It did not", f"{value}:false", "danger"),
            )
        ),
        Context((f"Or type `/predict resolve F{prediction.number} true|false`.",)),
    ]
    return text, blocks

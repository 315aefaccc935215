"""Estimate what kind of paper it is from its title, abstract and arXiv categories.

Each type has cue phrases; a cue counts 2 when it is in the title, else 1 when it is in the
abstract, and each telling arXiv category counts 2. The highest score wins; ties go to the
type listed first in ``_TIE_ORDER``. With no cue at all the paper is called empirical, the
most common kind. The reason names the cues that decided, so a reader can overrule with
``type=``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class PaperType(StrEnum):
    ARCHITECTURE = "architecture"
    OPTIMIZATION = "optimization"
    EMPIRICAL = "empirical"
    THEORETICAL = "theoretical"
    APPLICATION = "application"


@dataclass(frozen=True)
class TypeEstimate:
    """The estimated type and, in plain words, the cues and scores behind it."""

    type: PaperType
    reason: str


_CUES: dict[PaperType, tuple[str, ...]] = {
    PaperType.ARCHITECTURE: (
        "architecture", "transformer", "attention mechanism", "self-attention", "layer", "backbone",
        "encoder", "decoder", "network design", "mixture of experts", "mixture-of-experts",
        "state space model", "convolutional", "recurrent", "neural architecture", "module",
        "residual", "novel model", "new model", "positional encoding", "tokenizer", "graph neural network",
    ),
    PaperType.OPTIMIZATION: (
        "optimizer", "optimization", "optimisation", "gradient descent", "sgd", "adam", "learning rate",
        "convergence", "training efficiency", "efficient training", "faster training", "quantization",
        "quantisation", "pruning", "distillation", "memory-efficient", "hyperparameter", "low-rank",
        "lora", "speedup", "throughput", "sparsity", "scheduler", "training dynamics",
    ),
    PaperType.EMPIRICAL: (
        "empirical", "we study", "empirical study", "benchmark", "benchmarks", "evaluation", "we evaluate", "analysis",
        "we analyze", "we analyse", "comparison", "we compare", "we find", "findings", "dataset", "datasets",
        "corpus", "survey", "large-scale", "reproducibility", "user study", "ablation",
    ),
    PaperType.THEORETICAL: (
        "theorem", "we prove", "proof", "provably", "bound", "bounds", "lower bound", "upper bound",
        "regret", "sample complexity", "theoretical", "theory", "guarantee", "guarantees",
        "convergence rate", "asymptotic", "minimax", "lemma", "generalization bound",
    ),
    PaperType.APPLICATION: (
        "application", "applications", "we apply", "applied to", "medical", "clinical", "healthcare",
        "legal", "lawsuits", "court", "drug", "protein", "molecule", "climate", "weather", "finance", "financial",
        "robot", "robotic", "autonomous driving", "recommendation", "education", "agriculture",
        "patients", "radiology", "chemistry", "industrial", "scientists", "journalists",
    ),
}  # fmt: skip

_CATEGORY_PREFIXES: dict[PaperType, tuple[str, ...]] = {
    PaperType.OPTIMIZATION: ("math.OC",),
    PaperType.THEORETICAL: (
        "math.ST", "stat.TH", "math.PR", "cs.IT", "math.IT", "cs.CC", "cs.DS", "cs.GT", "math.FA",
    ),
    PaperType.APPLICATION: (
        "q-bio", "q-fin", "physics", "astro-ph", "cond-mat", "eess", "cs.RO", "cs.CY", "cs.HC",
        "cs.DL", "cs.CE", "stat.AP", "econ", "hep-", "gr-qc", "nucl-", "quant-ph",
    ),
    PaperType.EMPIRICAL: ("stat.ME",),
}  # fmt: skip

_TIE_ORDER = (
    PaperType.ARCHITECTURE,
    PaperType.OPTIMIZATION,
    PaperType.THEORETICAL,
    PaperType.APPLICATION,
    PaperType.EMPIRICAL,
)
_PATTERNS = {
    kind: [(cue, re.compile(r"(?<![\w-])" + re.escape(cue) + r"(?![\w-])", re.IGNORECASE)) for cue in cues]
    for kind, cues in _CUES.items()
}


def _cues_in(text: str, kind: PaperType) -> list[str]:
    return [cue for cue, pattern in _PATTERNS[kind] if pattern.search(text)]


def _quoted(words: list[str]) -> str:
    return ", ".join(f"'{word}'" for word in words)


def estimate_type(title: str, abstract: str, categories: Sequence[str]) -> TypeEstimate:
    """The most likely paper type, with a reason naming the cues found.

    Never raises; with no cue at all the estimate is empirical and the reason says so.
    """
    scores: dict[PaperType, int] = {}
    evidence: dict[PaperType, list[str]] = {}
    for kind in _TIE_ORDER:
        in_title = _cues_in(title, kind)
        in_abstract = [cue for cue in _cues_in(abstract, kind) if cue not in in_title]
        telling = [c for c in categories if c.startswith(_CATEGORY_PREFIXES.get(kind, ()))]
        scores[kind] = 2 * len(in_title) + len(in_abstract) + 2 * len(telling)
        parts = []
        if in_title:
            parts.append(f"{_quoted(in_title)} in the title")
        if in_abstract:
            parts.append(f"{_quoted(in_abstract)} in the abstract")
        if telling:
            parts.append(f"arXiv categor{'y' if len(telling) == 1 else 'ies'} {', '.join(telling)}")
        evidence[kind] = parts
    best = max(_TIE_ORDER, key=lambda kind: scores[kind])  # max keeps the first of equals
    if scores[best] == 0:
        return TypeEstimate(PaperType.EMPIRICAL, "no telling words or categories; assumed empirical")
    reason = f"{best.value} (score {scores[best]}): " + "; ".join(evidence[best])
    runners = sorted((kind for kind in _TIE_ORDER if kind != best and scores[kind]), key=lambda k: -scores[k])
    if runners:
        reason += f"; next: {runners[0].value} (score {scores[runners[0]]})"
    return TypeEstimate(best, reason)

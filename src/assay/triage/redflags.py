"""Red-flag hints read from a paper's text: things a careful reader should check.

They are hints, not verdicts: a word search cannot tell a thorough ablation from a passing
mention. Each hint carries its evidence: for an absence (no-ablation, no-limitations,
no-variance, no-compute) what was searched for and in how much text; for a presence
(toy-data, new-metric) a snippet of about 120 characters around what was found. The
reference list is left out of the search, since cited titles would answer for the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assay.triage.sections import sections_found, without_references
from assay.triage.text import flowing_text, page_count, snippet

__all__ = ["RED_FLAG_CODES", "RedFlag", "find_red_flags", "red_flags_note", "sections_found"]

RED_FLAG_CODES = ("no-code", "no-ablation", "no-limitations", "no-variance", "no-compute", "toy-data", "new-metric")


@dataclass(frozen=True)
class RedFlag:
    """A hint. ``found`` is True when ``evidence`` quotes the text, False when it notes an absence."""

    code: str
    evidence: str
    found: bool


_ABSENCES = (
    ("no-ablation", "'ablation' (or 'ablate')", r"\bablat(?:e|es|ed|ing|ion|ions)\b"),
    (
        "no-limitations",
        "'limitation', 'threats to validity' or 'failure cases'",
        r"\blimitations?\b|\bthreats to validity\b|\bshortcomings?\b|\bfailure (?:cases|modes)\b",
    ),
    (
        "no-variance",
        "seeds, standard deviations, ± or confidence intervals",
        r"\bseeds?\b|\bstandard (?:deviation|error)s?\b|\bstd\b|\bs\.d\.|±|\+/-|\bconfidence intervals?\b"
        r"|\b\d{2}% CI\b|\berror bars?\b|\b(?:averaged|mean|average) (?:over|across|of) \d+ (?:runs|seeds|trials)\b"
        r"|\b\d+ (?:independent |random )?(?:runs|trials|repetitions)\b",
    ),
    (
        "no-compute",
        "GPUs, TPUs or other hardware, or training time or compute budget",
        r"\b[GT]PUs?\b|\bTPUv\d|\b[AHV]100s?\b|\bRTX\b|\bCPUs?\b|\bcompute budget\b"
        r"|\bcomputational (?:budget|resources|cost)\b|\btraining (?:time|took|takes)\b|\bwall[- ]clock\b"
        r"|\bpetaflops?\b|\b(?:GPU|TPU|CPU|node)[- ]?(?:hours|days)\b|\btrained for \d+(?:\.\d+)? (?:hours|days)\b",
    ),
)
_TOY_DATA = re.compile(
    r"\b(?:Fashion-|K)?MNIST\b|\bCIFAR-?10(?![0\d/])\b|\bSVHN\b|\bOmniglot\b|\bIris (?:dataset|data)\b|\btwo moons\b"
    r"|\btoy (?:datasets?|data|problems?|examples?|tasks?|settings?)\b"
    r"|\bsynthetic (?:datasets?|data|benchmarks?|tasks?)\b"
    r"|\bUCI (?:datasets?|repository|benchmarks?)\b|\bBoston housing\b",
    re.IGNORECASE,
)
_LARGER_BENCHMARKS = re.compile(
    r"\bImageNet|\bCIFAR-?100\b|\bCIFAR-?10/100\b|\b(?:MS[- ])?COCO\b|\bPascal VOC\b|\bCityscapes\b|\bADE20K\b"
    r"|\bKinetics\b|\bLibriSpeech\b|\bCommon Voice\b|\bWMT\d*\b|\b(?:Super)?GLUE\b|\bSQuAD\b|\bMMLU\b|\bHellaSwag\b"
    r"|\bGSM8K\b|\bHumanEval\b|\bMBPP\b|\bBIG-?bench\b|\bC4\b|\bthe Pile\b|\bCommon Crawl\b|\bWikiText\b"
    r"|\bOpenWebText\b|\bLAMBADA\b|\bNatural Questions\b|\bTriviaQA\b|\bMS MARCO\b|\bBEIR\b|\bAtari\b|\bMuJoCo\b"
    r"|\bD4RL\b|\bLAION\b|\bVisual Genome\b|\bVQA\b|\bnuScenes\b|\bKITTI\b|\bShapeNet\b|\bOGB\b|\bLong Range Arena\b"
    r"|\biNaturalist\b|\bPlaces365\b|\bLSUN\b|\bFFHQ\b|\bCelebA(?:-HQ)?\b",
)
_NEW_METRIC = re.compile(
    r"\b(?:we|this paper|this work)\s+(?:propose|introduce|present|define|design|develop)s?\b[^.]{0,80}?"
    r"\b(?:new|novel)\b[^.]{0,40}?\b(?:metric|measure|score|evaluation protocol)s?\b"
    r"|\b(?:a|an)\s+(?:new|novel)\s+(?:[\w-]+\s+){0,3}?(?:metric|measure)s?\b",
    re.IGNORECASE,
)


def _toy_data(body: str) -> RedFlag | None:
    toy = _TOY_DATA.search(body)
    if toy is None or _LARGER_BENCHMARKS.search(body):
        return None
    quote = snippet(body, toy.start(), toy.end())
    return RedFlag("toy-data", f"“{quote}” and no larger benchmark (such as ImageNet, COCO, GLUE) is named", True)


def _new_metric(body: str) -> RedFlag | None:
    match = _NEW_METRIC.search(body)
    if match is None:
        return None
    return RedFlag("new-metric", f"“{snippet(body, match.start(), match.end())}”", True)


def find_red_flags(text: str | None, *, has_code: bool, cited: int = 0) -> list[RedFlag]:
    """The red-flag hints that apply, in the order of ``RED_FLAG_CODES``.

    ``text`` is the PDF text (pages joined by form feeds) or None when the PDF was not
    read; then only no-code can be judged (see ``red_flags_note``). ``has_code`` means the
    paper's own code (official or self-described); ``cited`` counts repositories it only cites.
    """
    flags: list[RedFlag] = []
    if not has_code:
        where = "the abstract, arXiv comment or PDF" if text is not None else "the abstract or arXiv comment"
        evidence = f"no GitHub, GitLab, Bitbucket, Hugging Face or project-page link of its own in {where}"
        if cited:
            evidence += f" ({cited} cited repositor{'y' if cited == 1 else 'ies'} found, not the paper's code)"
        flags.append(RedFlag("no-code", evidence, False))
    if text is None:
        return flags
    body = flowing_text(without_references(text))
    pages = page_count(text)
    extent = f"{pages} page{'s' * (pages != 1)} of text"
    for code, what, pattern in _ABSENCES:
        if not re.search(pattern, body, flags=re.IGNORECASE):
            flags.append(RedFlag(code, f"no {what} found in {extent}", False))
    flags.extend(flag for flag in (_toy_data(body), _new_metric(body)) if flag is not None)
    return flags


def red_flags_note(text: str | None) -> str:
    """The label for the hints: that they are hints, and how much was checked."""
    if text is None:
        return "Hints, not verdicts. The PDF was not read, so only no-code was checked."
    pages = page_count(text)
    return f"Hints, not verdicts, from {pages} page{'s' * (pages != 1)} of PDF text (reference list excluded)."

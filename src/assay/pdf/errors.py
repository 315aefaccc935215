"""Why a paper's PDF could not be used, in words a reader of the triage card understands.

These are not user errors: the paper is still added from its arXiv metadata and the card
shows ``reason`` (for example "the PDF is encrypted with a password").
"""

from __future__ import annotations


class PdfProblem(Exception):
    """Base class: the PDF was not used; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PdfUnavailable(PdfProblem):
    """The PDF could not be downloaded (too large, not a PDF, timed out, HTTP error...)."""


class PdfUnreadable(PdfProblem):
    """The PDF was downloaded but its text could not be read safely."""

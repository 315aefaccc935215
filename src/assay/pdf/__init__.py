"""Paper PDFs: bounded download (``download``) and isolated text extraction (``reader``).

Failures are ``PdfProblem`` subclasses whose ``reason`` is shown on the triage card; the
paper is still added from its arXiv metadata.
"""

from assay.pdf.download import fetch_pdf
from assay.pdf.errors import PdfProblem, PdfUnavailable, PdfUnreadable
from assay.pdf.reader import PdfText, read_pdf

__all__ = ["PdfProblem", "PdfText", "PdfUnavailable", "PdfUnreadable", "fetch_pdf", "read_pdf"]

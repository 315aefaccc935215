"""arXiv: identifiers and a rate-limited, time-bounded client."""

from assay.arxiv.ids import ArxivId, parse_arxiv_id

__all__ = ["ArxivId", "parse_arxiv_id"]

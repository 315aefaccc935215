"""Signals from the field: citations (Semantic Scholar), official code and interest (Hugging Face).

Every call is a good citizen (``polite``): paced per service across the process, bounded in
time, 429 honoured, answers cached for a day in the database (``cache``). A service that is
down, slow, rate-limiting or answering garbage raises :class:`SignalUnavailable` with a reason
for the card; it never stops a paper from being added.
"""

from assay.signals.polite import SignalUnavailable

__all__ = ["SignalUnavailable"]

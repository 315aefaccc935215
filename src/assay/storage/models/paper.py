"""Papers, their triage facts, and arXiv watches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field

from assay.storage.models.base import Table
from assay.storage.models.workspace import team_fk
from assay.storage.types import UTCDateTime, json_column


class Paper(Table, table=True):
    """One paper per arXiv id (version-insensitive) per workspace, handle ``P<number>``."""

    __table_args__ = (
        UniqueConstraint("team_id", "arxiv_id", name="uq_paper_arxiv"),
        UniqueConstraint("team_id", "number", name="uq_paper_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    number: int
    arxiv_id: str = Field(max_length=64)
    version: int | None = None
    title: str = Field(sa_type=Text)
    authors: list[str] = Field(default_factory=list, sa_type=json_column())
    abstract: str = Field(default="", sa_type=Text)
    comment: str | None = Field(default=None, sa_type=Text)
    categories: list[str] = Field(default_factory=list, sa_type=json_column())
    primary_category: str | None = Field(default=None, max_length=64)
    published: datetime = Field(sa_type=UTCDateTime)
    updated: datetime | None = Field(default=None, sa_type=UTCDateTime)
    abs_url: str | None = Field(default=None, max_length=500)
    pdf_url: str | None = Field(default=None, max_length=500)
    # Triage facts derived from metadata and the PDF (the PDF itself is never kept).
    pdf_pages: int | None = None
    pdf_status: str = Field(default="not-read", max_length=32)
    pdf_problem: str | None = Field(default=None, max_length=500)
    sections: list[str] = Field(default_factory=list, sa_type=json_column())
    code_urls: list[str] = Field(default_factory=list, sa_type=json_column())
    paper_type: str | None = Field(default=None, max_length=32)
    paper_type_estimated: bool = True
    paper_type_reason: str | None = Field(default=None, max_length=500)
    relevance: int | None = None
    citations: int | None = None
    priority: str | None = Field(default=None, max_length=16)
    priority_score: int | None = None
    priority_terms: list[dict[str, Any]] = Field(default_factory=list, sa_type=json_column())
    priority_estimated: list[str] = Field(default_factory=list, sa_type=json_column())
    red_flags: list[dict[str, Any]] = Field(default_factory=list, sa_type=json_column())
    # Signals from the field. Status: found | not-indexed | unavailable | not-asked; the
    # problem says why when unavailable (the next refresh asks again).
    code_links: list[dict[str, Any]] = Field(default_factory=list, sa_type=json_column())  # {"url","kind"}
    citation_count: int | None = None  # Semantic Scholar's; ``citations`` keeps what was typed
    influential_citations: int | None = None
    citations_status: str = Field(default="not-asked", max_length=16)
    citations_as_of: datetime | None = Field(default=None, sa_type=UTCDateTime)
    citations_problem: str | None = Field(default=None, max_length=300)
    official_code: str | None = Field(default=None, max_length=500)
    upvotes: int | None = None
    github_stars: int | None = None
    project_page: str | None = Field(default=None, max_length=500)
    community_status: str = Field(default="not-asked", max_length=16)
    community_as_of: datetime | None = Field(default=None, sa_type=UTCDateTime)
    community_problem: str | None = Field(default=None, max_length=300)
    newest_version: int | None = None  # the newest version arXiv announced since the paper was added
    # Workflow.
    stage: str = Field(default="unread", max_length=16)
    reader: str | None = Field(default=None, max_length=32)
    dropped_reason: str | None = Field(default=None, sa_type=Text)
    added_by: str | None = Field(default=None, max_length=32)
    added_at: datetime = Field(sa_type=UTCDateTime)
    technique_hint: str | None = Field(default=None, max_length=200)
    # Home thread: where the triage card was posted.
    thread_channel: str | None = Field(default=None, max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)


class PaperWatch(Table, table=True):
    """A daily arXiv digest for one channel: a category, keywords and exclusions."""

    __table_args__ = (UniqueConstraint("team_id", "number", name="uq_watch_number"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    number: int
    channel: str = Field(max_length=32)
    category: str = Field(max_length=64)
    keywords: list[str] = Field(default_factory=list, sa_type=json_column())
    exclude: list[str] = Field(default_factory=list, sa_type=json_column())
    created_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_scan_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_seen_published: datetime | None = Field(default=None, sa_type=UTCDateTime)
    active: bool = True
    cross: bool = False  # also post cross-lists (papers whose primary category is another)
    # The daily listing feed as last read on an announcement day, to tell a frozen feed.
    listing_fingerprint: str | None = Field(default=None, max_length=64)
    listing_checked_on: date | None = None
    listing_unchanged_days: int = 0
    listing_stale_noted: bool = False


class WatchSeen(Table, table=True):
    """arXiv ids a watch has already reported (any version, any cross-list): never twice."""

    __table_args__ = (UniqueConstraint("watch_id", "arxiv_id", name="uq_watch_seen"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(sa_column=team_fk())
    watch_id: int = Field(foreign_key="paperwatch.id", ondelete="CASCADE", index=True)
    arxiv_id: str = Field(max_length=64)
    seen_at: datetime = Field(sa_type=UTCDateTime)

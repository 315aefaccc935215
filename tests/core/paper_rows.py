"""Papers stored directly, with the triage facts a test needs (no arXiv, no PDF)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from assay.runtime import Runtime
from assay.services.workspaces import ensure_workspace, next_number
from assay.storage.models import Paper


def store_paper(runtime: Runtime, title: str, *, team: str = "T1", **fields: Any) -> Paper:
    """A paper of ``team`` numbered after the others, added ``age_days`` ago (default 0)."""
    now = runtime.clock.now()
    age = timedelta(days=fields.pop("age_days", 0))
    with runtime.db.session() as session:
        ensure_workspace(session, team, now)
        number = next_number(session, Paper, team)
        values: dict[str, Any] = {
            "team_id": team,
            "number": number,
            "arxiv_id": fields.pop("arxiv_id", f"2611.{number:05d}"),
            "title": title,
            "published": datetime(2026, 11, 1, tzinfo=now.tzinfo),
            "added_at": now - age,
            **fields,
        }
        paper = Paper(**values)
        session.add(paper)
        session.flush()
        return paper

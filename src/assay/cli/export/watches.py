"""arXiv watches in the export (listed in the index; no file of their own)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Kind, Record, iso
from assay.services.papers.watch.setup import watch_handle
from assay.storage.models import PaperWatch


def collect_watches(session: Session, team_id: str) -> list[Record]:
    watches = session.exec(
        select(PaperWatch).where(PaperWatch.team_id == team_id).order_by(col(PaperWatch.number))
    ).all()
    return [
        {
            "id": watch_handle(w),
            "channel": w.channel,
            "category": w.category,
            "keywords": list(w.keywords),
            "exclude": list(w.exclude),
            "active": w.active,
            "created_by": w.created_by,
            "created_at": iso(w.created_at),
            "last_scan_at": iso(w.last_scan_at),
        }
        for w in watches
    ]


def _line(w: Record) -> str:
    keywords = f" with any of {', '.join(w['keywords'])}" if w["keywords"] else ", every submission"
    exclude = f", excluding {', '.join(w['exclude'])}" if w["exclude"] else ""
    return f"{w['id']} · {w['category']}{keywords}{exclude} → {w['channel']}" + ("" if w["active"] else " (stopped)")


WATCHES = Kind(key="watches", title="arXiv watches", collect=collect_watches, index_line=_line)

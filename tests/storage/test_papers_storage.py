from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from assay.storage.engine import Database
from assay.storage.models import Paper, Workspace

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def _paper(team: str, number: int, arxiv_id: str) -> Paper:
    return Paper(team_id=team, number=number, arxiv_id=arxiv_id, title="T", published=NOW, added_at=NOW)


def test_one_paper_per_arxiv_id_per_workspace(db_url: str) -> None:
    db = Database.from_url(db_url)
    with db.session() as s:
        s.add(Workspace(team_id="T1", created_at=NOW))
        s.add(Workspace(team_id="T2", created_at=NOW))
    with db.session() as s:
        s.add(_paper("T1", 1, "1706.03762"))
        s.add(_paper("T2", 1, "1706.03762"))  # another workspace may have it too
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(_paper("T1", 2, "1706.03762"))
    db.dispose()


def test_a_failed_unit_of_work_leaves_nothing_behind(db_url: str) -> None:
    db = Database.from_url(db_url)
    with db.session() as s:
        s.add(Workspace(team_id="T1", created_at=NOW))
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(_paper("T1", 1, "1706.03762"))
        s.flush()
        raise RuntimeError("crash mid-way")
    with db.session() as s:
        assert len(s.exec(select(Paper)).all()) == 0
    db.dispose()


def test_instants_come_back_time_zone_aware(db_url: str) -> None:
    db = Database.from_url(db_url)
    with db.session() as s:
        s.add(Workspace(team_id="T1", created_at=NOW))
    with db.session() as s:
        ws = s.get(Workspace, "T1")
        assert ws is not None and ws.created_at == NOW and ws.created_at.tzinfo is not None
    db.dispose()


def test_deleting_a_workspace_deletes_its_papers(db_url: str) -> None:
    from assay.services.workspaces import delete_workspace_data

    db = Database.from_url(db_url)
    with db.session() as s:
        s.add(Workspace(team_id="T1", created_at=NOW))
        s.add(Workspace(team_id="T2", created_at=NOW))
    with db.session() as s:
        s.add(_paper("T1", 1, "1706.03762"))
        s.add(_paper("T2", 1, "1706.03762"))
    with db.session() as s:
        delete_workspace_data(s, "T1")
    with db.session() as s:
        assert [p.team_id for p in s.exec(select(Paper)).all()] == ["T2"]
    db.dispose()

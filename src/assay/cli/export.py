"""``assay export``: the team's knowledge as Markdown or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from assay.runtime import Runtime
from assay.services.papers.library import paper_data
from assay.storage.models import Paper, Workspace


def collect(runtime: Runtime) -> dict[str, Any]:
    """Everything exported, per workspace (never mixed across workspaces)."""
    teams: dict[str, Any] = {}
    with runtime.db.session() as session:
        for ws in session.execute(select(Workspace).order_by(Workspace.team_id)).scalars():
            papers = session.execute(
                select(Paper).where(Paper.team_id == ws.team_id).order_by(Paper.number)  # type: ignore[arg-type]
            ).scalars()
            teams[ws.team_id] = {
                "papers": [
                    {**paper_data(p), "stage": p.stage, "reader": p.reader, "abstract": p.abstract} for p in papers
                ]
            }
    return {"workspaces": teams}


def to_markdown(export: dict[str, Any]) -> str:
    lines = ["# Assay export", ""]
    for team, content in export["workspaces"].items():
        lines += [f"## Workspace {team}", "", "### Papers", ""]
        for p in content["papers"]:
            lines.append(
                f"- **{p['handle']}** [{p['title']}](https://arxiv.org/abs/{p['arxiv_id']}) — "
                f"priority {p['priority'] or 'n/a'}, stage {p['stage']}"
            )
        lines.append("")
    return "\n".join(lines)


def write_export(runtime: Runtime, fmt: str, out_dir: Path) -> Path:
    export = collect(runtime)
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        path = out_dir / "assay-export.json"
        path.write_text(json.dumps(export, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    else:
        path = out_dir / "assay-export.md"
        path.write_text(to_markdown(export), encoding="utf-8")
    return path

"""Writing the export: one JSON file, or Markdown with a file per record and an index."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from assay.cli.export.collect import KINDS, collect
from assay.cli.export.kinds import bullets, shown_in, when
from assay.runtime import Runtime

JSON_FILE = "assay-export.json"
INDEX = "index.md"


def _folder(team_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", team_id) or "workspace"


def write_json(export: dict[str, Any], out_dir: Path) -> list[Path]:
    path = out_dir / JSON_FILE
    path.write_text(json.dumps(export, indent=2, ensure_ascii=False), encoding="utf-8")
    return [path]


def write_markdown(export: dict[str, Any], out_dir: Path) -> list[Path]:
    """``index.md`` (the workspaces), and per workspace its own ``index.md`` and one file
    per paper, technique and gut check in a folder per kind."""
    written: list[Path] = []
    top = ["# Assay export", "", f"Exported {when(export['exported_at'])} (schema {export['schema']}).", ""]
    for team_id, content in export["workspaces"].items():
        folder = out_dir / _folder(team_id)
        top.append(f"- [Workspace {team_id}]({folder.name}/{INDEX})")
        with shown_in(content["workspace"]["timezone"] or "UTC"):
            written += _workspace_markdown(team_id, content, folder)
    (out_dir / INDEX).write_text("\n".join(top) + "\n", encoding="utf-8")
    return [out_dir / INDEX, *written]


def _workspace_markdown(team_id: str, content: dict[str, Any], folder: Path) -> list[Path]:
    written: list[Path] = []
    ws = content["workspace"]
    lines = [f"# Workspace {team_id}", ""]
    lines += bullets(
        [
            ("Name", ws["name"]),
            ("Time zone", ws["timezone"]),
            ("Weekly digest", ws["digest_schedule"]),
            ("Digest channel", ws["digest_channel"]),
            ("Last review", when(ws["last_review_at"]) if ws["last_review_at"] else None),
        ]
    )
    for kind in KINDS:
        records = content[kind.key]
        lines += ["", f"## {kind.title} ({len(records)})", ""]
        taken: set[str] = set()
        for record in records:
            if kind.folder is None or kind.file_name is None or kind.markdown is None:
                lines.append(f"- {kind.index_line(record)}")
                continue
            path = folder / kind.folder / _unique(kind.file_name(record), taken)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(kind.markdown(record) + "\n", encoding="utf-8")
            written.append(path)
            lines.append(f"- [{kind.index_line(record)}]({kind.folder}/{path.name})")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INDEX).write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.append(folder / INDEX)
    return written


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2.md``, ``name-3.md``… when two records would share a file
    (``LoRA v2`` and ``LoRA-v2``; names cut at 120 characters). File systems that ignore case
    are counted with."""
    stem, dot, suffix = name.rpartition(".")
    candidate, number = name, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def write_export(runtime: Runtime, fmt: str, out_dir: Path) -> list[Path]:
    """Write the team's knowledge as ``fmt`` (``json`` or ``markdown``) under ``out_dir``;
    the files written, the index (or the JSON file) first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    export = collect(runtime)
    return write_json(export, out_dir) if fmt == "json" else write_markdown(export, out_dir)

"""Papers in the export: metadata, triage with its terms, red flags, the drop reason, every
version of every reading note, linked techniques and gut checks, the thread's discussion."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Kind, Record, bullets, discussion_lines, iso, one_line, paragraph, when
from assay.cli.export.threads import discussions, thread_of
from assay.reading.passes import note_fields
from assay.services.papers.library import paper_data
from assay.storage.models import GutCheck, Paper, PassNote, Technique, TechniquePaper


def note_record(note: PassNote, version: int) -> Record:
    fields: dict[str, Any] = {f.name: getattr(note, f.name) for f in note_fields(note.pass_number)}
    if "red_flags" in fields:
        fields["red_flags"] = list(note.red_flags)
    return {
        "pass": note.pass_number,
        "author": note.author,
        "version": version,
        "at": iso(note.created_at),
        "forced": note.forced,
        **fields,
    }


def _notes(session: Session, team_id: str) -> dict[int, list[Record]]:
    """Paper id → every version of every note, oldest first, each numbered within its reader and pass."""
    seen: dict[tuple[int, str, int], int] = {}
    by_paper: dict[int, list[Record]] = {}
    for note in session.exec(select(PassNote).where(PassNote.team_id == team_id).order_by(col(PassNote.id))):
        key = (note.paper_id, note.author, note.pass_number)
        seen[key] = seen.get(key, 0) + 1
        by_paper.setdefault(note.paper_id, []).append(note_record(note, seen[key]))
    return by_paper


def _links(session: Session, team_id: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Paper id → its techniques' names, and → its gut checks' handles (one query each)."""
    techniques: dict[int, list[str]] = {}
    for paper_id, name in session.exec(
        select(TechniquePaper.paper_id, Technique.name)
        .join(Technique, col(Technique.id) == col(TechniquePaper.technique_id))
        .where(Technique.team_id == team_id)
        .order_by(col(Technique.name_key))
    ):
        techniques.setdefault(paper_id, []).append(name)
    checks: dict[int, list[str]] = {}
    for paper_id, number in session.exec(
        select(GutCheck.paper_id, GutCheck.number).where(GutCheck.team_id == team_id).order_by(col(GutCheck.number))
    ):
        checks.setdefault(paper_id, []).append(f"G{number}")
    return techniques, checks


def collect_papers(session: Session, team_id: str) -> list[Record]:
    papers = session.exec(select(Paper).where(Paper.team_id == team_id).order_by(col(Paper.number))).all()
    notes, threads = _notes(session, team_id), discussions(session, team_id)
    techniques, checks = _links(session, team_id)
    records = []
    for p in papers:
        records.append(
            {
                **paper_data(p),
                "abstract": p.abstract,
                "comment": p.comment,
                "abs_url": p.abs_url,
                "primary_category": p.primary_category,
                "added_by": p.added_by,
                "added_at": iso(p.added_at),
                "relevance": p.relevance,
                "citations": p.citations,
                "paper_type_estimated": p.paper_type_estimated,
                "paper_type_reason": p.paper_type_reason,
                "priority_terms": list(p.priority_terms),
                "priority_estimated": list(p.priority_estimated),
                "pdf_status": p.pdf_status,
                "pdf_problem": p.pdf_problem,
                "stage": p.stage,
                "reader": p.reader,
                "dropped_reason": p.dropped_reason,
                "technique_hint": p.technique_hint,
                "techniques": techniques.get(p.id or 0, []),
                "gut_checks": checks.get(p.id or 0, []),
                "notes": notes.get(p.id or 0, []),
                "thread": {"channel": p.thread_channel, "ts": p.thread_ts} if p.thread_ts else None,
                "discussion": thread_of(threads, p.thread_channel, p.thread_ts),
            }
        )
    return records


def _note_lines(note: Record) -> list[str]:
    marks = [f"version {note['version']}"] + (["forced: recorded without the pass before"] if note["forced"] else [])
    lines = [f"### Pass {note['pass']} by {note['author']}, {when(note['at'])} ({', '.join(marks)})", ""]
    plain: list[tuple[str, Any]] = []
    for field in note_fields(note["pass"]):
        value = note.get(field.name)
        if field.kind == "text":
            lines += paragraph(field.label, value)
        elif field.kind == "yes-no" and value is not None:
            plain.append((field.label, "yes" if value else "no"))
        elif field.kind == "red-flags":
            plain.append((field.label, ", ".join(value or []) or None))
        else:
            plain.append((field.label, value))
    return [*lines, *bullets(plain), ""]


def paper_markdown(p: Record) -> str:
    version = f"v{p['version']}" if p["version"] else ""
    lines = [f"# {p['handle']} · {one_line(p['title'])}", ""]
    lines += bullets(
        [
            ("arXiv", f"[{p['arxiv_id']}{version}]({p['abs_url']})" if p["abs_url"] else p["arxiv_id"]),
            ("Authors", ", ".join(p["authors"])),
            ("Published", p["published"]),
            ("Categories", ", ".join(p["categories"])),
            ("Added", f"{when(p['added_at'])} by {p['added_by'] or 'someone'}"),
            ("Stage", p["stage"]),
            ("Reader", p["reader"]),
            (
                "Type",
                f"{p['paper_type']}" + (f" (estimated: {p['paper_type_reason']})" if p["paper_type_estimated"] else ""),
            ),
            ("Relevance", p["relevance"]),
            ("Citations", p["citations"]),
            ("Code", ", ".join(p["code_urls"])),
            ("PDF", p["pdf_status"] + (f" ({p['pdf_problem']})" if p["pdf_problem"] else "")),
            ("Technique named when added", p["technique_hint"]),
            ("Techniques", ", ".join(p["techniques"])),
            ("Gut checks", ", ".join(p["gut_checks"])),
        ]
    )
    lines += ["", *paragraph("Abstract", p["abstract"]), *paragraph("arXiv comment", p["comment"])]
    lines += [f"## Priority: {p['priority'] or 'not scored'} (score {p['priority_score']})", ""]
    lines += [
        f"- {t['points']:+d} {t['label']}" + (f" ({t['note']})" if t.get("note") else "") for t in p["priority_terms"]
    ]
    if p["priority_estimated"]:
        lines.append(f"- Estimated or missing: {', '.join(p['priority_estimated'])}")
    lines.append("")
    if p["red_flags"]:
        lines += ["## Red-flag hints", "", *(f"- `{f['code']}`: {f['evidence']}" for f in p["red_flags"]), ""]
    if p["dropped_reason"]:
        lines += ["## Dropped", "", p["dropped_reason"], ""]
    lines += ["## Reading notes", ""]
    lines += [line for note in p["notes"] for line in _note_lines(note)] or ["No notes yet.", ""]
    lines += discussion_lines(p["discussion"])
    return "\n".join(lines)


PAPERS = Kind(
    key="papers",
    title="Papers",
    collect=collect_papers,
    index_line=lambda p: f"{p['handle']} · {one_line(p['title'])} — {p['priority'] or 'unscored'}, {p['stage']}",
    folder="papers",
    file_name=lambda p: f"{p['handle']}.md",
    markdown=paper_markdown,
)

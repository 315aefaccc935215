"""Techniques in the export: ring, owner, next action, current votes and every vote cast,
moves, stage gates, evidence (papers and gut checks) and the thread's discussion."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Kind, Record, bullets, discussion_lines, iso, one_line, paragraph, when
from assay.cli.export.threads import discussions, thread_of
from assay.services.radar.evidence import technique_links
from assay.storage.models import GateRecord, RadarMove, Technique, Vote, VoteChange


def collect_techniques(session: Session, team_id: str) -> list[Record]:
    techniques = session.exec(
        select(Technique).where(Technique.team_id == team_id).order_by(col(Technique.name_key))
    ).all()
    threads = discussions(session, team_id)
    records = []
    for t in techniques:
        mine = (Vote.team_id == team_id, Vote.technique_id == t.id)
        votes = session.exec(select(Vote).where(*mine).order_by(col(Vote.voted_at), col(Vote.id))).all()
        changes = session.exec(
            select(VoteChange)
            .where(VoteChange.team_id == team_id, VoteChange.technique_id == t.id)
            .order_by(col(VoteChange.id))
        ).all()
        moves = session.exec(
            select(RadarMove)
            .where(RadarMove.team_id == team_id, RadarMove.technique_id == t.id)
            .order_by(col(RadarMove.at), col(RadarMove.id))
        ).all()
        gates = session.exec(
            select(GateRecord)
            .where(GateRecord.team_id == team_id, GateRecord.technique_id == t.id)
            .order_by(col(GateRecord.at), col(GateRecord.id))
        ).all()
        links = technique_links(session, t)
        records.append(
            {
                "name": t.name,
                "ring": t.ring,
                "quadrant": t.quadrant,
                "description": t.description,
                "owner": t.owner,
                "next_action": t.next_action,
                "due": iso(t.due),
                "created_by": t.created_by,
                "created_at": iso(t.created_at),
                "votes": [{"user": v.user_id, "ring": v.ring, "why": v.why, "at": iso(v.voted_at)} for v in votes],
                "vote_history": [
                    {"user": c.user_id, "from": c.from_ring, "to": c.to_ring, "why": c.why, "at": iso(c.at)}
                    for c in changes
                ],
                "moves": [
                    {"from": m.from_ring, "to": m.to_ring, "why": m.why, "by": m.by, "at": iso(m.at)} for m in moves
                ],
                "gates": [
                    {"gate": g.gate, "decision": g.decision, "why": g.why, "by": g.by, "at": iso(g.at)} for g in gates
                ],
                "papers": [f"P{p.number}" for p in links.papers],
                "gut_checks": [f"G{g.number}" for g in links.gutchecks],
                "discussion": thread_of(threads, t.thread_channel, t.thread_ts),
            }
        )
    return records


def file_name(t: Record) -> str:
    """A file name from the technique's name; names are unique case-insensitively, and so are
    these once the characters a file name can't hold are spelled out as their code points."""
    slug = re.sub(r"[^a-z0-9]", lambda m: "-" if m.group() in " -_" else f"_{ord(m.group()):x}", t["name"].casefold())
    return f"{slug[:120] or 'technique'}.md"


def technique_markdown(t: Record) -> str:
    lines = [f"# {one_line(t['name'])}", ""]
    lines += bullets(
        [
            ("Ring", t["ring"]),
            ("Quadrant", t["quadrant"]),
            ("Owner", t["owner"]),
            ("Next action", t["next_action"]),
            ("Due", t["due"]),
            ("Added", f"{when(t['created_at'])} by {t['created_by'] or 'someone'}"),
            ("Papers", ", ".join(t["papers"])),
            ("Gut checks", ", ".join(t["gut_checks"])),
        ]
    )
    lines += ["", *paragraph("Description", t["description"])]
    lines += ["## Votes", ""]
    lines += [f"- {v['user']}: {v['ring']}" + (f" — {v['why']}" if v["why"] else "") for v in t["votes"]] or ["None."]
    lines += ["", "### Every vote cast", ""]
    lines += [
        f"- {when(c['at'])} {c['user']}: {c['from'] or 'first vote'} → {c['to']}"
        + (f" — {c['why']}" if c["why"] else "")
        for c in t["vote_history"]
    ] or ["None."]
    lines += ["", "## Moves", ""]
    lines += [
        f"- {when(m['at'])} {m['from'] or 'placed'} → {m['to']} by {m['by'] or 'someone'}: {m['why']}"
        for m in t["moves"]
    ]
    lines += ["", "## Stage gates", ""]
    lines += [
        f"- {when(g['at'])} {g['gate']}: {g['decision']} by {g['by'] or 'someone'}: {g['why']}" for g in t["gates"]
    ] or ["None recorded."]
    return "\n".join([*lines, "", *discussion_lines(t["discussion"])])


TECHNIQUES = Kind(
    key="techniques",
    title="Techniques",
    collect=collect_techniques,
    index_line=lambda t: f"{one_line(t['name'])} — {t['ring']}" + (f", owner {t['owner']}" if t["owner"] else ""),
    folder="techniques",
    file_name=file_name,
    markdown=technique_markdown,
)

"""Gut checks in the export: claim, criteria, time-box, every run, the analysis now, the
verdict, every decision and extension, and the thread's discussion."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assay.cli.export.kinds import Kind, Record, bullets, discussion_lines, iso, one_line, paragraph, when
from assay.cli.export.threads import discussions, thread_of
from assay.services.gutcheck.checks import list_records
from assay.services.gutcheck.runs import analyse, run_log
from assay.stats.report import analysis_data
from assay.storage.models import GutCheckCorrection, GutCheckDecision, GutCheckRun


def collect_gut_checks(session: Session, team_id: str) -> list[Record]:
    threads = discussions(session, team_id)
    records = []
    for record in list_records(session, team_id):
        check = record.check
        runs = session.exec(
            select(GutCheckRun)
            .where(GutCheckRun.team_id == team_id, GutCheckRun.gutcheck_id == check.id)
            .order_by(col(GutCheckRun.id))
        ).all()
        decisions = session.exec(
            select(GutCheckDecision)
            .where(GutCheckDecision.team_id == team_id, GutCheckDecision.gutcheck_id == check.id)
            .order_by(col(GutCheckDecision.at), col(GutCheckDecision.id))
        ).all()
        corrections = session.exec(
            select(GutCheckCorrection)
            .where(GutCheckCorrection.team_id == team_id, GutCheckCorrection.gutcheck_id == check.id)
            .order_by(col(GutCheckCorrection.at), col(GutCheckCorrection.id))
        ).all()
        analysis = analyse(check, run_log(session, check))
        records.append(
            {
                "id": record.handle,
                "paper": f"P{record.paper.number}",
                "technique": record.technique.name if record.technique is not None else None,
                "claim": check.claim,
                "metric": check.metric,
                "higher_is_better": check.higher_is_better,
                "claimed_lift_pct": check.claimed_lift_pct,
                "success": check.success,
                "kill": check.kill,
                "alpha": check.alpha,
                "planned_runs": check.planned_runs,
                "sd_pct": check.sd_pct,
                "owner": check.owner,
                "created_by": check.created_by,
                "started_at": iso(check.started_at),
                "timebox_seconds": check.timebox_seconds,
                "timebox_ends": iso(check.timebox_ends),
                "extensions": check.extensions,
                "status": check.status,
                "verdict": check.last_verdict,
                "verdict_at": iso(check.verdict_at),
                "verdict_summary": check.verdict_summary,
                "runs": [
                    {
                        "arm": r.arm,
                        "value": r.value,
                        "seed": r.seed,
                        "by": r.logged_by,
                        "at": iso(r.logged_at),
                        "unlogged": r.correction_id is not None,
                    }
                    for r in runs
                ],
                "corrections": [
                    {
                        "runs": c.runs,
                        "why": c.why,
                        "by": c.by,
                        "at": iso(c.at),
                        "p_before": c.p_before,
                        "p_after": c.p_after,
                        "verdict_before": c.verdict_before,
                        "verdict_after": c.verdict_after,
                    }
                    for c in corrections
                ],
                "analysis": analysis_data(analysis),
                "decisions": [
                    {
                        "decision": d.decision,
                        "why": d.why,
                        "verdict": d.verdict_at_decision,
                        "timebox_ends_after": iso(d.timebox_ends_after),
                        "by": d.by,
                        "at": iso(d.at),
                    }
                    for d in decisions
                ],
                "discussion": thread_of(threads, check.thread_channel, check.thread_ts),
            }
        )
    return records


def gut_check_markdown(g: Record) -> str:
    direction = "higher is better" if g["higher_is_better"] else "lower is better"
    lines = [f"# {g['id']} · {one_line(g['claim'])}", ""]
    lines += bullets(
        [
            ("Paper", g["paper"]),
            ("Technique", g["technique"]),
            ("Metric", f"{g['metric']} ({direction})"),
            ("Claimed lift", f"{g['claimed_lift_pct']:g}%" if g["claimed_lift_pct"] is not None else None),
            ("Significance level", g["alpha"]),
            ("Design", f"fixed, {g['planned_runs']} runs per arm" if g["planned_runs"] else "sequential"),
            ("Owner", g["owner"]),
            ("Started", f"{when(g['started_at'])} by {g['created_by'] or 'someone'}"),
            ("Time-box ends", when(g["timebox_ends"])),
            ("Extensions", g["extensions"]),
            ("Status", g["status"]),
            ("Verdict", g["verdict"] or "no runs yet"),
        ]
    )
    lines += ["", *paragraph("Claim", g["claim"]), *paragraph("Success criterion", g["success"])]
    lines += paragraph("Kill criterion", g["kill"]) + paragraph("Verdict in words", g["verdict_summary"])
    lines += ["## Runs", "", "| # | arm | value | seed | logged |", "|---|---|---|---|---|"]
    lines += [
        f"| {n} | {r['arm']} | {r['value']!r}{' (unlogged)' if r['unlogged'] else ''} | "
        f"{r['seed'] if r['seed'] is not None else ''} | {when(r['at'])} |"
        for n, r in enumerate(g["runs"], start=1)
    ]
    lines += [
        f"- {when(c['at'])} {c['by'] or 'someone'} unlogged runs {c['runs']}: {c['why']} "
        f"(sequential p {c['p_before']} → {c['p_after']}, verdict {c['verdict_before']} → {c['verdict_after']})"
        for c in g["corrections"]
    ]
    a = g["analysis"]
    lines += [
        "",
        "## Analysis",
        "",
        *(f"- {arm}: n {s['n']}, mean {s['mean']}, sd {s['sd']}" for arm, s in a["arms"].items()),
    ]
    lines += [
        f"- Mean difference {a['diff']['mean']} (95% CI {a['diff']['ci95']})",
        f"- Verdict now: {a['verdict']}",
        "",
    ]
    lines += ["## Decisions", ""]
    lines += [
        f"- {when(d['at'])} {d['by'] or 'someone'} decided {d['decision']}"
        + (f" at verdict {d['verdict']}" if d["verdict"] else "")
        + (f", time-box now ends {when(d['timebox_ends_after'])}" if d["decision"] == "extend" else "")
        + f": {d['why']}"
        for d in g["decisions"]
    ] or ["None yet."]
    return "\n".join([*lines, "", *discussion_lines(g["discussion"])])


GUT_CHECKS = Kind(
    key="gut_checks",
    title="Gut checks",
    collect=collect_gut_checks,
    index_line=lambda g: (
        f"{g['id']} on {g['paper']} · {one_line(g['claim'])} — {g['verdict'] or 'no runs'}, {g['status']}"
    ),
    folder="gut-checks",
    file_name=lambda g: f"{g['id']}.md",
    markdown=gut_check_markdown,
)

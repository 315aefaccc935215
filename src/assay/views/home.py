"""App Home: the desk of one person, within the 100 blocks Slack allows a Home view."""

from __future__ import annotations

from assay.ids import ActionId
from assay.replies import Block, Button, Context, Divider, Header, Section
from assay.services.home import Home, Reading
from assay.storage.models import GutCheck
from assay.textfmt import esc, truncate
from assay.views.gutcheck.cards import decide_buttons, relative, verdict_words, when
from assay.views.paper.card import PRIORITY_EMOJI
from assay.views.times import shown_time

MAX_BLOCKS = 100


def _more(shown: int, total: int, what: str) -> list[Block]:
    return [Context((f"…and {total - shown} more {what}.",))] if total > shown else []


def _reading(item: Reading) -> Section:
    emoji = PRIORITY_EMOJI.get(item.priority or "", "")
    text = (
        f"`{item.handle}` {esc(truncate(item.title, 150))}\n{emoji} {item.priority or 'unscored'} · *{esc(item.stage)}*"
    )
    if item.next_pass is None:
        return Section(text + " · your reading is done")
    button = Button(ActionId.PAPER_PASS, f"Start pass {item.next_pass}", f"{item.paper_id}:{item.next_pass}")
    return Section(text, button=button)


def _check(check: GutCheck, home: Home) -> list[Block]:
    ends = check.timebox_ends
    over = ends <= home.now
    deadline = f"{'⏰ ended' if over else 'ends'} {when(ends, home.now.tzinfo)} ({relative(ends, home.now)})"
    extended = f" · extended {check.extensions}×" if check.extensions else ""
    text = f"`G{check.number}` {esc(truncate(check.claim, 200))}\n{verdict_words(check.last_verdict)} · {deadline}"
    blocks: list[Block] = [Section(text + extended)]
    if over:  # the time-box is over: the decision is the obvious next step
        blocks.append(decide_buttons(check, check.last_verdict))
    return blocks


def home_blocks(home: Home) -> list[Block]:
    """What Home shows: reading, gut checks, owned techniques, the radar and the next review."""
    review = (
        f"next review {shown_time(home.next_review, home.now.tzinfo, weekday=True)}, "
        f"{home.agenda_size} item{'s' * (home.agenda_size != 1)} on the agenda"
        if home.next_review
        else 'no review scheduled (`/review schedule "first tue 10:00"`)'
    )
    blocks: list[Block] = [
        Header("Your research desk"),
        Context((f"{shown_time(home.now, home.now.tzinfo, weekday=True)} · {review}",)),
        Section(f"*📖 Reading* — {home.reading_total}"),
    ]
    if home.reading:
        blocks += [_reading(item) for item in home.reading]
        blocks += _more(len(home.reading), home.reading_total, "papers")
    else:
        blocks.append(Context(("Nothing on your desk. `/paper queue` shows what waits for a reader.",)))
    blocks += [Divider(), Section(f"*🧪 Your gut checks* — {home.checks_total} open")]
    if home.checks:
        for check in home.checks:
            blocks += _check(check, home)
        blocks += _more(len(home.checks), home.checks_total, "gut checks")
    else:
        blocks.append(Context(("No open gut check of yours. Start one with `/gutcheck start P3`.",)))
    blocks += [Divider(), Section(f"*🧭 Techniques you own* — {home.techniques_total}")]
    if home.techniques:
        lines = []
        for t in home.techniques:
            due = ""
            if t.due is not None:
                late = " ⏰ overdue" if t.due < home.today else ""
                due = f" · due {t.due.isoformat()}{late}"
            action = esc(truncate(t.next_action, 200)) if t.next_action else "_no next action written down_"
            lines.append(f"• *{esc(truncate(t.name, 80))}* ({t.ring}) — {action}{due}")
        blocks.append(Section("\n".join(lines)))
        blocks += _more(len(home.techniques), home.techniques_total, "techniques")
    else:
        blocks.append(Context(("You own no technique on the radar.",)))
    rings = " · ".join(f"{ring} {n}" for ring, n in home.rings.items())
    blocks += [
        Divider(),
        Section(f"*The radar* — {rings}\n{home.moved_since_review} ring changes since the last review"),
    ]
    return blocks[:MAX_BLOCKS]

"""Action, callback and block ids shared by the reply builders (core) and the Slack listeners."""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    PAPER_ASSIGN_ME = "paper_assign_me"
    PAPER_START_PASS1 = "paper_start_pass1"  # cards posted before notes existed; opens the pass 1 form
    # Value "paper_id:pass": opens the clicker's note form for that pass. (S105 takes any
    # "pass" for a password; these are reading passes.)
    PAPER_PASS = "paper_pass"  # noqa: S105
    PAPER_DROP = "paper_drop"
    RADAR_VOTE = "radar_vote"  # the button value carries "technique_id:RING"
    RADAR_PAGE = "radar_page"  # value "page:RING" (RING empty for the whole radar)
    GUTCHECK_DECIDE = "gutcheck_decide"  # value "gutcheck_id:decision"
    GUTCHECK_REMINDER_DECIDE = "gutcheck_reminder_decide"  # the same, on a reminder (redrawn once decided)
    PREDICTION_RESOLVE = "prediction_resolve"  # value "prediction_id:true|false"
    PAGE_NEXT = "page_next"
    WATCH_ADD_PAPER = "watch_add_paper"  # value: the arXiv id (without version)
    GUTCHECK_PLAN = "gutcheck_plan"  # Enter in the start form's spread field: show the runs needed


class CallbackId(StrEnum):
    PAPER_DROP_MODAL = "paper_drop_modal"
    GUTCHECK_START_MODAL = "gutcheck_start_modal"
    GUTCHECK_DECIDE_MODAL = "gutcheck_decide_modal"
    PASS_NOTE_MODAL = "pass_note_modal"  # noqa: S105


class BlockId(StrEnum):
    DROP_REASON = "drop_reason"
    GUTCHECK_FIELDS = "gutcheck_fields"
    DECIDE_WHY = "decide_why"
    DECIDE_TIMEBOX = "decide_timebox"
    PASS_FIELDS = "pass_fields"  # noqa: S105 ("pass_fields:<field>", one input block per note field)
    GUTCHECK_PLAN = "gutcheck_plan"  # the start form's line with the runs the claim needs

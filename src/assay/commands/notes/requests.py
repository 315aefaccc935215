"""Typed requests of /pass, one per pass, and the Slack note form read with the same rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import ValidationError

from assay.commands.fields import Lowercase, NoteText, ShortText, YesNo
from assay.commands.notes.inputs import Minutes, NoteRating, RedFlags
from assay.commands.registry import Request
from assay.errors import FieldErrors
from assay.reading.passes import Decision, NoteContent, Viability, note_fields

FORM_ONLY = frozenset({"paper", "force"})  # given these alone, Slack opens the form


class NoteRequest(Request):
    """What every pass takes: the paper, ``force=``, the common fields and the decision."""

    pass_number: ClassVar[int]
    paper: ShortText
    force: YesNo = False
    summary: NoteText | None = None
    insight: NoteText | None = None
    relevance: NoteRating | None = None
    minutes: Minutes | None = None
    decision: Annotated[Decision, Lowercase] | None = None

    @property
    def asks_for_form(self) -> bool:
        """Nothing but the paper (and force): in Slack the note is written in a form."""
        return not (self.model_fields_set - FORM_ONLY)

    def content(self) -> NoteContent:
        values = {f.name: getattr(self, f.name) for f in note_fields(self.pass_number)}
        return NoteContent(**{k: v for k, v in values.items() if v is not None})


class Pass1Note(NoteRequest):
    pass_number: ClassVar[int] = 1
    claim: NoteText | None = None
    problem: NoteText | None = None
    relevant: YesNo | None = None
    plausible: YesNo | None = None


class Pass2Note(NoteRequest):
    pass_number: ClassVar[int] = 2
    technique: NoteText | None = None
    results: NoteText | None = None
    limitations: NoteText | None = None
    missing: NoteText | None = None
    implementable: YesNo | None = None
    red_flags: RedFlags | None = None


class Pass3Note(NoteRequest):
    pass_number: ClassVar[int] = 3
    reimplement: YesNo | None = None
    assumptions: NoteText | None = None
    breaks: NoteText | None = None
    ablations: NoteText | None = None
    viability: Annotated[Viability, Lowercase] | None = None
    efficiency: NoteRating | None = None
    integration: NoteRating | None = None
    robustness: NoteRating | None = None
    maintainability: NoteRating | None = None


NOTE_REQUESTS: dict[int, type[NoteRequest]] = {1: Pass1Note, 2: Pass2Note, 3: Pass3Note}


def note_from_form(pass_number: int, paper: str, values: Mapping[str, Any]) -> NoteContent:
    """Read a submitted note form (field name → typed text, picked option or options).

    Raises FieldErrors with one message per field that is wrong.
    """
    given = {name: value for name, value in values.items() if value not in (None, "", [])}
    try:
        request = NOTE_REQUESTS[pass_number].model_validate({**given, "paper": paper})
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "summary"
            errors.setdefault(name, str(err["msg"]).removeprefix("Value error, "))
        raise FieldErrors(errors) from None
    return request.content()

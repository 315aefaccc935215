"""The structured note within Slack's limits: escaped, split into sections of at most 3,000
characters without cutting an escape, and paginated at 50 blocks a message."""

from __future__ import annotations

from datetime import UTC, datetime

from assay.commands.fields import NOTE_TEXT_MAX
from assay.reading.passes import note_fields
from assay.services.notes.queries import ShownNote
from assay.storage.models import PassNote
from assay.textfmt import unesc
from assay.views.notes.note import note_blocks, note_fallback
from assay.views.notes.sections import split_escaped
from bot.render import MAX_BLOCKS, SECTION_TEXT, paginate, to_block_kit

AT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def _note(pass_number: int, text: str) -> PassNote:
    values: dict[str, object] = {}
    for field in note_fields(pass_number):
        if field.kind == "text":
            values[field.name] = text
    return PassNote(
        team_id="T1", paper_id=1, pass_number=pass_number, author="U1", decision="continue", created_at=AT, **values
    )


def _texts(rendered: list[dict[str, object]]) -> list[str]:
    out = []
    for block in rendered:
        text = block.get("text")
        if isinstance(text, dict):
            out.append(str(text["text"]))
        for element in block.get("elements", []) or []:  # type: ignore[union-attr]
            out.append(str(element.get("text", "")))  # type: ignore[union-attr]
    return out


def test_a_note_containing_a_channel_ping_pings_nobody() -> None:
    note = _note(1, "<!channel> look & <https://evil.example|here> <@U0BOSS>")
    note.summary = "<!here> too"
    blocks = note_blocks(ShownNote(note, 1), "P1")
    rendered = str(to_block_kit(blocks)) + note_fallback(note, "P1")
    for forged in ("<!channel>", "<!here>", "<https://evil", "<@U0BOSS>"):
        assert forged not in rendered
    assert "&lt;!channel&gt; look &amp; &lt;https://evil.example|here&gt; &lt;@U0BOSS&gt;" in rendered


def test_the_longest_note_fits_slacks_limits_and_loses_nothing() -> None:
    worst = ("&<>" * 2000)[:NOTE_TEXT_MAX]  # every character escapes to four or five
    for pass_number in (1, 2, 3):
        note = _note(pass_number, worst)
        rendered = to_block_kit(note_blocks(ShownNote(note, 3), "P123456789"))
        assert all(len(t) <= SECTION_TEXT for t in _texts(rendered))
        pages = paginate(rendered)
        assert all(len(page) <= MAX_BLOCKS for page in pages)
        joined = "".join(_texts(rendered))
        text_fields = [f for f in note_fields(pass_number) if f.kind == "text"]
        assert unesc(joined).count("&<>") >= len(text_fields) * (NOTE_TEXT_MAX // 3)  # nothing cut away


def test_splitting_prefers_line_breaks_and_never_cuts_an_escape() -> None:
    text = "first line\n" + "word & " * 600
    pieces = split_escaped(text, 1000)
    assert pieces[0].startswith("first line\nword &amp;")
    assert all(len(p) <= 1000 for p in pieces)
    assert all(not p.endswith(("&", "&a", "&am", "&amp")) for p in pieces)
    assert unesc("".join(pieces)) == text


def test_a_revised_forced_note_says_so_in_its_heading() -> None:
    note = _note(3, "x")
    note.forced = True
    heading = str(note_blocks(ShownNote(note, 2), "P3")[0])
    assert "revised (2 versions)" in heading and "forced: recorded without pass 2" in heading
    assert "2026-11-21 09:00 UTC" in heading

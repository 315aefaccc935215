from __future__ import annotations

import pytest

from assay.commands.parsing import parse_args, parse_channel, parse_user, split_words, unescape_slack
from assay.errors import UserError


def test_quoted_values_stay_one_option() -> None:
    args = parse_args(split_words('start P3 claim="40% lift on X" metric=acc'))
    assert args.words == ["start", "P3"]
    assert args.options == {"claim": "40% lift on X", "metric": "acc"}


def test_slack_smart_quotes_work_like_plain_quotes() -> None:
    assert parse_args(split_words("move X TRIAL why=“too slow”")).options["why"] == "too slow"
    assert parse_args(split_words("move X TRIAL why=‘too slow’")).options["why"] == "too slow"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("search it's", ["search", "it's"]),
        ("search doesn’t work", ["search", "doesn’t", "work"]),
        ('drop P1 reason="the authors\' own baseline"', ["drop", "P1", "reason=the authors' own baseline"]),
        ("vote 'mixture of experts' TRIAL", ["vote", "mixture of experts", "TRIAL"]),
        ("why='it's slow'", ["why=it's slow"]),
        ("'90s", ["'90s"]),
        ('claim=""', ["claim="]),
    ],
)
def test_a_lone_apostrophe_is_text_and_only_a_quote_that_opens_a_value_quotes(text: str, words: list[str]) -> None:
    assert split_words(text) == words


def test_typed_text_is_taken_as_typed_and_only_slack_text_is_unescaped() -> None:
    typed = "search latency < 10ms at batch > 8 <b>bold</b> &amp;"
    assert split_words(typed) == ["search", "latency", "<", "10ms", "at", "batch", ">", "8", "<b>bold</b>", "&amp;"]
    from_slack = "search latency &lt; 10ms <@U1|bob> &amp;"
    assert split_words(from_slack, from_slack=True) == ["search", "latency", "<", "10ms", "<@U1>", "&"]


def test_slack_escaped_mentions_channels_and_links_are_undone() -> None:
    text = "assign P1 <@U123|bob> <#C9|research> <https://arxiv.org/abs/1706.03762> a &amp; b &lt;x&gt;"
    assert unescape_slack(text) == "assign P1 <@U123> <#C9> https://arxiv.org/abs/1706.03762 a & b <x>"


def test_labelled_link_keeps_the_url_not_the_label() -> None:
    assert (
        unescape_slack("<https://arxiv.org/abs/1706.03762|arxiv.org/abs/1706.03762>")
        == "https://arxiv.org/abs/1706.03762"
    )


def test_unclosed_quote_is_a_user_error_that_says_how_to_quote() -> None:
    with pytest.raises(UserError, match="quote is not closed"):
        split_words('add why="oops')


def test_huge_command_text_is_refused() -> None:
    with pytest.raises(UserError, match="limit is 8000"):
        split_words("x" * 9000)


def test_duplicate_option_is_refused() -> None:
    with pytest.raises(UserError, match="given twice"):
        parse_args(["a=1", "A=2"])


def test_urls_with_equals_signs_are_words_not_options() -> None:
    args = parse_args(["https://example.org/?a=b"])
    assert args.words == ["https://example.org/?a=b"] and args.options == {}


def test_control_characters_are_neutralised() -> None:
    assert split_words("add\x00 P1\x07") == ["add", "P1"]


@pytest.mark.parametrize("text", ["<@U123>", "@U123", "U123"])
def test_users_are_accepted_in_every_form(text: str) -> None:
    assert parse_user(text) == "U123"


def test_a_name_is_not_a_user_and_the_error_says_what_to_type() -> None:
    with pytest.raises(UserError, match="not a Slack user") as err:
        parse_user("@alice")
    assert "pick them from the list" in err.value.message and "@U012AB3CD" in err.value.message


def test_labelled_mentions_are_users_and_channels() -> None:
    assert parse_user("<@U123|bob>") == "U123" and parse_channel("<#C123|research>") == "C123"


def test_channels_parse_from_slack_mentions() -> None:
    assert parse_channel("<#C123>") == "C123"
    assert parse_channel("#C123") == "C123"


@pytest.mark.parametrize(("text", "number"), [("\u22123", "-3"), ("4", "4"), ("−0.5", "-0.5")])
def test_the_unicode_minus_is_a_minus(text: str, number: str) -> None:
    from assay.commands.registry import number_text

    assert number_text(text) == number


@pytest.mark.parametrize("text", ["٣", "３", "1٢"])
def test_digits_other_than_0_to_9_are_refused(text: str) -> None:
    from assay.commands.registry import number_text

    with pytest.raises(UserError, match="digits other than 0–9"):
        number_text(text)

from __future__ import annotations

import pytest

from assay.arxiv.ids import ArxivId, parse_arxiv_id
from assay.errors import UserError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762", ArxivId("1706.03762")),
        ("1706.03762v5", ArxivId("1706.03762", 5)),
        ("arXiv:1706.03762", ArxivId("1706.03762")),
        ("arxiv:1706.03762v2", ArxivId("1706.03762", 2)),
        ("https://arxiv.org/abs/1706.03762", ArxivId("1706.03762")),
        ("http://arxiv.org/abs/1706.03762v3", ArxivId("1706.03762", 3)),
        ("https://arxiv.org/pdf/1706.03762v2.pdf", ArxivId("1706.03762", 2)),
        ("https://arxiv.org/pdf/1706.03762", ArxivId("1706.03762")),
        ("https://export.arxiv.org/abs/2104.12255v1", ArxivId("2104.12255", 1)),
        ("<https://arxiv.org/abs/1706.03762>", ArxivId("1706.03762")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("astro-ph/0601001", ArxivId("astro-ph/0601001")),
        ("quant-ph/0201082v1", ArxivId("quant-ph/0201082", 1)),
        ("math.GT/0309136", ArxivId("math.GT/0309136")),
        ("https://arxiv.org/abs/hep-th/9901001v2", ArxivId("hep-th/9901001", 2)),
        ("0704.0001", ArxivId("0704.0001")),
    ],
)
def test_every_accepted_form_normalises(text: str, expected: ArxivId) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text", ["abc", "1706.0376", "1713.03762", "0808.05394", "1706.03762v0", "", "https://example.org/abs/1706.03762"]
)
def test_malformed_ids_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(UserError, match="1706.03762"):
        parse_arxiv_id(text)


def test_string_form_keeps_the_version() -> None:
    assert str(ArxivId("1706.03762", 5)) == "1706.03762v5"
    assert ArxivId("hep-th/9901001").abs_url == "https://arxiv.org/abs/hep-th/9901001"

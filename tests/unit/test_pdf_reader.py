"""read_pdf on ordinary, encrypted, truncated, corrupt and non-PDF input made by the tests."""

from __future__ import annotations

import pytest

from assay.pdf import PdfText, PdfUnreadable, read_pdf
from assay.triage import find_code_links
from tests.pdfmaker import encrypt, html_page, paper_pages, paper_pdf, truncated

WITH_CODE = paper_pdf(
    paper_pages(
        ("Abstract", "We propose a sparse mixer. Code is at https://github.com/acme/sparse-mixer."),
        ("1 Introduction", "Our implementation lives at https://github.com/multi\nlexsum/dataset and is open."),
        ("2 Experiments", "We train on ImageNet with 3 seeds."),
    ),
    links={0: ["https://github.com/acme/sparse-mixer"]},
)
WITHOUT_CODE = paper_pdf(paper_pages(("Abstract", "A position paper with no code."), ("1 Introduction", "Words.")))


def read(data: bytes, **options: object) -> PdfText:
    return read_pdf(data, max_pages=60, **options)  # type: ignore[arg-type]


def reason_for(data: bytes, **options: object) -> str:
    with pytest.raises(PdfUnreadable) as caught:
        read(data, **options)
    return caught.value.reason


def test_small_paper_gives_pages_text_and_link_annotations() -> None:
    pdf = read(WITH_CODE)
    assert (pdf.pages_total, pdf.pages_read, pdf.pages_failed, pdf.encrypted) == (3, 3, 0, False)
    assert pdf.text.count("\f") == 2
    assert "We propose a sparse mixer." in pdf.text.split("\f")[0]
    assert pdf.links == ("https://github.com/acme/sparse-mixer",)


def test_code_links_come_out_of_the_pdf_even_when_broken_across_lines() -> None:
    pdf = read(WITH_CODE)
    assert find_code_links(pdf.text, *pdf.links) == [
        "https://github.com/acme/sparse-mixer",
        "https://github.com/multilexsum/dataset",
    ]


def test_paper_without_code_has_no_code_links() -> None:
    pdf = read(WITHOUT_CODE)
    assert find_code_links(pdf.text, *pdf.links) == []


def test_pages_past_the_cap_are_not_read() -> None:
    long_paper = paper_pdf([f"Page {n} starts here and carries enough words to count as text." for n in range(1, 6)])
    pdf = read_pdf(long_paper, max_pages=2)
    assert (pdf.pages_total, pdf.pages_read) == (5, 2)
    assert "Page 2 starts" in pdf.text
    assert "Page 3" not in pdf.text


def test_character_cap_stops_reading_at_a_page_boundary() -> None:
    pages = [f"Page {n}: " + "word " * 200 for n in range(1, 5)]
    pdf = read_pdf(paper_pdf(pages), max_pages=10, max_chars=2500)
    assert pdf.pages_read == 2
    assert "Page 3" not in pdf.text


def test_owner_password_only_pdf_is_read_and_marked_encrypted() -> None:
    pdf = read(encrypt(WITH_CODE, user_password="", owner_password="owner-secret"))
    assert pdf.encrypted
    assert "sparse mixer" in pdf.text


def test_aes_owner_password_only_pdf_is_read() -> None:
    pytest.importorskip("cryptography", reason="pypdf needs it for AES")
    pdf = read(encrypt(WITH_CODE, user_password="", owner_password="owner-secret", algorithm="AES-256"))
    assert pdf.encrypted and "sparse mixer" in pdf.text


def test_pdf_needing_a_password_is_refused_in_plain_words() -> None:
    assert reason_for(encrypt(WITH_CODE, user_password="secret")) == "the PDF is encrypted with a password"


def test_truncated_pdf_is_reported_damaged() -> None:
    assert reason_for(truncated(WITH_CODE)) == "the PDF is damaged or truncated"


def test_pdf_with_garbage_between_header_and_end_marker_is_reported_damaged() -> None:
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"
    assert reason_for(garbage) == "the PDF is damaged or truncated"


def test_html_page_is_not_a_pdf() -> None:
    assert reason_for(html_page()) == "the file is an HTML page, not a PDF"


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 a zip file", b"plain words"])
def test_other_bytes_are_not_a_pdf(data: bytes) -> None:
    assert reason_for(data) == "the file is not a PDF"


def test_pages_without_text_are_reported_as_scans_or_bomb() -> None:
    blank = paper_pdf(["", "", ""])
    assert reason_for(blank) == "no text could be extracted (scanned images or a decompression bomb)"


def test_page_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_pages"):
        read_pdf(WITH_CODE, max_pages=0)

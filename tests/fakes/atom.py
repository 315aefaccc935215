"""Atom feeds of the shape the arXiv API really returns (namespaces, opensearch header,
entries with abs/pdf links, categories, comment, primary category, authors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr


@dataclass
class AtomEntry:
    arxiv_id: str  # without version
    title: str
    version: int = 1
    summary: str = "We study things."
    authors: list[str] = field(default_factory=lambda: ["Ada Lovelace", "Alan Turing"])
    categories: list[str] = field(default_factory=lambda: ["cs.LG"])
    published: str = "2026-10-01T17:59:46Z"
    updated: str | None = None
    comment: str | None = None
    pdf_base: str = "https://arxiv.org/pdf"

    def xml(self) -> str:
        vid = f"{self.arxiv_id}v{self.version}"
        cats = "\n".join(f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in self.categories)
        authors = "\n".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in self.authors)
        comment = f"\n    <arxiv:comment>{escape(self.comment)}</arxiv:comment>" if self.comment else ""
        pdf = quoteattr(f"{self.pdf_base}/{vid}")
        return f"""  <entry>
    <id>http://arxiv.org/abs/{vid}</id>
    <title>{escape(self.title)}</title>
    <updated>{self.updated or self.published}</updated>
    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>
    <link href={pdf} rel="related" type="application/pdf" title="pdf"/>
    <summary>{escape(self.summary)}</summary>
{cats}
    <published>{self.published}</published>{comment}
    <arxiv:primary_category term="{self.categories[0]}"/>
{authors}
  </entry>"""


def feed(entries: list[AtomEntry], *, total: int | None = None, start: int = 0, query: str = "") -> str:
    body = "\n".join(e.xml() for e in entries)
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: {escape(query)}</title>
  <updated>2026-11-21T00:00:00Z</updated>
  <opensearch:itemsPerPage>{len(entries)}</opensearch:itemsPerPage>
  <opensearch:totalResults>{len(entries) if total is None else total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
{body}
</feed>
"""


def error_feed(bad_id: str) -> str:
    """What arXiv answers (with HTTP 400) for a malformed id."""
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/</id>
  <title>arXiv Search Results</title>
  <updated>2026-04-12T22:59:06Z</updated>
  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>
  <opensearch:totalResults>1</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <entry>
    <id>https://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad_id)}</id>
    <title>Error</title>
    <updated>2026-04-12T22:59:06Z</updated>
    <link href="https://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad_id)}"
      rel="alternate" type="text/html"/>
    <summary>incorrect id format for {escape(bad_id)}</summary>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
</feed>
"""

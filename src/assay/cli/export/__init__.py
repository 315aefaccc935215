"""``assay export``: the team's knowledge as Markdown (a file per record and an index) or JSON."""

from assay.cli.export.collect import KINDS, SCHEMA, collect
from assay.cli.export.write import write_export

__all__ = ["KINDS", "SCHEMA", "collect", "write_export"]

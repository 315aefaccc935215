"""Three-pass reading notes: record (with the per-reader gate), read, and the note form."""

"""/pass: three-pass reading notes."""

"""Modal views (Block Kit) and reading their submitted values."""

"""Domain errors: each carries a message written for the person who typed the command."""


class AssayError(Exception):
    """Base class for every error that Assay reports to a user instead of crashing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(AssayError):
    """The request was wrong (bad syntax, out-of-range value, rule broken). Nothing changed."""


class NotFound(UserError):
    """A handle, id or name that does not exist in this workspace."""


class FieldErrors(UserError):
    """Problems with named inputs (field name → message); a form shows each by its field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class UpstreamError(AssayError):
    """An outside service (arXiv, a PDF host) failed; nothing partial was stored."""

"""One way in: command text → typed request → core service → :class:`assay.replies.Reply`."""

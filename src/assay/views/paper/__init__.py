"""What paper replies show: the triage card, details, the queue, watches, workflow notes."""

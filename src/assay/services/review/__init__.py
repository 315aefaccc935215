"""The monthly research review: its schedule and reminder, the agenda built from data, nominations."""

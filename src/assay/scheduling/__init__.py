"""Scheduling rules with no I/O: calendars, phrases, and when scheduled work goes stale."""

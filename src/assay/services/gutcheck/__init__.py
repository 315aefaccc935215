"""Gut checks: start, runs, analysis, decisions, reminders and plots."""

"""Assay: a research team's paper-review practice, run from Slack.

The core package. It never imports Slack libraries; the Slack adapter lives in ``bot``.
"""

__version__ = "0.1.0"

"""The command line: ``assay run``, ``shell``, ``db``, ``jobs``, ``export`` (``serve`` is added by bot)."""

"""/radar: the research radar."""

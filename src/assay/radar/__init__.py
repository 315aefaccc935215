"""The research radar: rings, moves, gates (``rules``) and the radar picture (``picture``)."""

"""Reply builders: domain objects in, neutral blocks out (rendered by bot/ or as text)."""

"""The research radar: techniques, votes, ring moves, gates, the table and its evidence."""

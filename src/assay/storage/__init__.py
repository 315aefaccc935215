"""Storage: SQLModel tables, the engine, units of work and migrations."""

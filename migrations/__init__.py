"""Alembic migrations, installed as the ``assay._migrations`` package."""

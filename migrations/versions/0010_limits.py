"""limits: names (techniques, metrics, arms, a paper's technique) take 200 characters; handled
requests are forgotten by age

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, length before, length after). SQLite rebuilds each table (batch mode);
# assay.storage.migrate turns its foreign keys off meanwhile, so a rebuild deletes nothing.
_WIDENED = (
    ("technique", "name", 80, 200),
    ("technique", "name_key", 80, 200),
    ("gutcheck", "metric", 80, 200),
    ("gutcheckrun", "arm", 40, 200),
    ("paper", "technique_hint", 120, 200),
)


def _resize(shrink: bool) -> None:
    tables = dict.fromkeys(table for table, *_ in _WIDENED)
    for table in tables:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, column, before, after in _WIDENED:
                if name != table:
                    continue
                old, new = (after, before) if shrink else (before, after)
                using = f"left({column}, {new})" if shrink else None
                batch_op.alter_column(
                    column,
                    existing_type=sa.String(length=old),
                    type_=sa.String(length=new),
                    existing_nullable=column == "technique_hint",
                    postgresql_using=using,
                )


def upgrade() -> None:
    _resize(shrink=False)
    with op.batch_alter_table("handledrequest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handledrequest_handled_at"), ["handled_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("handledrequest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handledrequest_handled_at"))
    _resize(shrink=True)

"""dedupe: article_fingerprints.reporters (the reporters a byline names)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 02:20:00

Nullable and without a default: rows fingerprinted before this revision keep NULL (no byline
known), which verification treats as "no reporters named"; a refreshed or edited article gets its
reporters. Nothing to backfill.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('article_fingerprints') as batch:
        batch.add_column(sa.Column(
            'reporters', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True,
            comment='reporters named in the byline (NULL: fingerprinted before migration 0003)'))


def downgrade() -> None:
    with op.batch_alter_table('article_fingerprints') as batch:
        batch.drop_column('reporters')

"""core schema: sources, articles, crawl_runs

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import newsbot.db.models

revision: str = '0001'
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('crawl_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('spider', sa.String(length=64), nullable=False),
    sa.Column('started_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=True),
    sa.Column('finish_reason', sa.String(length=64), nullable=True),
    sa.Column('items_scraped', sa.Integer(), nullable=False),
    sa.Column('items_new', sa.Integer(), nullable=False),
    sa.Column('items_updated', sa.Integer(), nullable=False),
    sa.Column('items_unchanged', sa.Integer(), nullable=False),
    sa.Column('items_dropped', sa.Integer(), nullable=False),
    sa.Column('drop_reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('items_spooled', sa.Integer(), nullable=False, comment='written to the local spool (DB down)'),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('stats', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Scrapy stats at close'),
    sa.Column('health', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='health checks and their results'),
    sa.Column('healthy', sa.Boolean(), nullable=True),
    sa.Column('hostname', sa.String(length=255), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.create_index('ix_crawl_runs_spider_started_at', ['spider', 'started_at'], unique=False)

    op.create_table('sources',
    sa.Column('name', sa.String(length=64), nullable=False, comment='spider name'),
    sa.Column('name_zh', sa.String(length=128), nullable=False, comment='Chinese name, e.g. 网易山西'),
    sa.Column('domains', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='allowed domains'),
    sa.Column('tier', sa.String(length=16), nullable=False, comment='official | media | portal | reposter'),
    sa.Column('region_code', sa.String(length=6), nullable=True, comment='GB/T 2260 code of the outlet'),
    sa.Column('crawl_interval_minutes', sa.Integer(), nullable=False),
    sa.Column('start_urls', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_sources'))
    )
    op.create_table('articles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('site', sa.String(length=64), nullable=False),
    sa.Column('site_name', sa.String(length=128), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('subtitle', sa.Text(), nullable=True),
    sa.Column('published_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=True),
    sa.Column('published_at_rule', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('author', sa.String(length=400), nullable=True),
    sa.Column('editor', sa.String(length=400), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('body_html', sa.Text(), nullable=True),
    sa.Column('images', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('breadcrumb', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('extraction', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='field -> rule that produced it'),
    sa.Column('page_urls', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('encoding', sa.String(length=32), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('publisher_region', sa.String(length=6), nullable=True),
    sa.Column('source_tier', sa.String(length=16), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True, comment='sha1 of the normalised body'),
    sa.Column('record_hash', sa.String(length=40), nullable=False, comment='sha1 of the extracted fields; changes = update'),
    sa.Column('is_health', sa.Boolean(), nullable=True),
    sa.Column('health_score', sa.Float(), nullable=True),
    sa.Column('is_shanxi', sa.Boolean(), nullable=True),
    sa.Column('regions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('topics', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('risk_level', sa.String(length=8), nullable=True),
    sa.Column('risk_terms', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('institutions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('label_evidence', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('classifier_version', sa.String(length=32), nullable=True),
    sa.Column('fetched_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=True),
    sa.Column('first_seen_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False, comment='last time the content changed'),
    sa.Column('crawl_run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['crawl_run_id'], ['crawl_runs.id'], name=op.f('fk_articles_crawl_run_id_crawl_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_articles_canonical_url'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index('ix_articles_first_seen_at', ['first_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_is_health'), ['is_health'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_site'), ['site'], unique=False)
        batch_op.create_index('ix_articles_site_published_at', ['site', 'published_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index('ix_articles_site_published_at')
        batch_op.drop_index(batch_op.f('ix_articles_site'))
        batch_op.drop_index(batch_op.f('ix_articles_published_at'))
        batch_op.drop_index(batch_op.f('ix_articles_is_health'))
        batch_op.drop_index('ix_articles_first_seen_at')
        batch_op.drop_index(batch_op.f('ix_articles_content_hash'))

    op.drop_table('articles')
    op.drop_table('sources')
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_crawl_runs_spider_started_at')

    op.drop_table('crawl_runs')


"""dedupe: story clusters, article fingerprints, LSH bands (indexed by band, hash), article versions; articles.reprint_of/cluster_id/similarity

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:39:49.102366
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import newsbot.db.models

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('story_clusters',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('first_url', sa.Text(), nullable=False, comment='canonical_url of the first publisher'),
    sa.Column('first_site', sa.String(length=64), nullable=False),
    sa.Column('first_published_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=True),
    sa.Column('first_seen_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('member_count', sa.Integer(), nullable=False),
    sa.Column('outlets', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='distinct sites carrying the story'),
    sa.Column('created_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_story_clusters'))
    )
    op.create_table('article_fingerprints',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('site', sa.String(length=64), nullable=False),
    sa.Column('published_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=True),
    sa.Column('first_seen_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(length=40), nullable=True, comment='sha1 of the folded body'),
    sa.Column('exact_key', sa.String(length=40), nullable=True, comment='exact-match key; NULL = never clusters'),
    sa.Column('folded_text', sa.Text(), nullable=False, comment='comparison form (bounded), for verification'),
    sa.Column('shingle_count', sa.Integer(), nullable=False),
    sa.Column('fingerprint_version', sa.String(length=32), nullable=False, comment='shingle/MinHash/band parameters'),
    sa.Column('cluster_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('similarity', sa.Float(), nullable=True, comment="similarity to the cluster's first publisher"),
    sa.Column('match_kind', sa.String(length=16), nullable=True, comment='first | exact | near'),
    sa.Column('updated_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['story_clusters.id'], name=op.f('fk_article_fingerprints_cluster_id_story_clusters'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_fingerprints')),
    sa.UniqueConstraint('canonical_url', name=op.f('uq_article_fingerprints_canonical_url'))
    )
    with op.batch_alter_table('article_fingerprints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_fingerprints_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_fingerprints_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_fingerprints_exact_key'), ['exact_key'], unique=False)

    op.create_table('article_versions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('canonical_url', sa.Text(), nullable=False),
    sa.Column('changed_at', newsbot.db.models.AwareDateTime(timezone=True), nullable=False),
    sa.Column('changed_fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('old_record_hash', sa.String(length=40), nullable=False),
    sa.Column('new_record_hash', sa.String(length=40), nullable=False),
    sa.Column('old_content_hash', sa.String(length=64), nullable=True),
    sa.Column('new_content_hash', sa.String(length=64), nullable=True),
    sa.Column('old_values', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='the changed fields before the edit'),
    sa.Column('crawl_run_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['crawl_run_id'], ['crawl_runs.id'], name=op.f('fk_article_versions_crawl_run_id_crawl_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_versions'))
    )
    with op.batch_alter_table('article_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_versions_canonical_url'), ['canonical_url'], unique=False)

    op.create_table('article_bands',
    sa.Column('band', sa.SmallInteger(), nullable=False),
    sa.Column('hash', sa.BigInteger(), nullable=False),
    sa.Column('fingerprint_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['fingerprint_id'], ['article_fingerprints.id'], name=op.f('fk_article_bands_fingerprint_id_article_fingerprints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band', 'hash', 'fingerprint_id', name=op.f('pk_article_bands'))
    )
    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_bands_fingerprint_id'), ['fingerprint_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reprint_of', sa.Text(), nullable=True, comment="canonical_url of the story's first publisher"))
        batch_op.add_column(sa.Column('cluster_id', sa.BigInteger(), nullable=True, comment='story_clusters.id'))
        batch_op.add_column(sa.Column('similarity', sa.Float(), nullable=True, comment='similarity to the first publisher'))
        batch_op.create_index(batch_op.f('ix_articles_cluster_id'), ['cluster_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_cluster_id'))
        batch_op.drop_column('similarity')
        batch_op.drop_column('cluster_id')
        batch_op.drop_column('reprint_of')

    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_bands_fingerprint_id'))

    op.drop_table('article_bands')
    with op.batch_alter_table('article_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_versions_canonical_url'))

    op.drop_table('article_versions')
    with op.batch_alter_table('article_fingerprints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_fingerprints_exact_key'))
        batch_op.drop_index(batch_op.f('ix_article_fingerprints_content_hash'))
        batch_op.drop_index(batch_op.f('ix_article_fingerprints_cluster_id'))

    op.drop_table('article_fingerprints')
    op.drop_table('story_clusters')


"""SQLAlchemy 2 typed models: the database schema downstream readers rely on.

The schema is a contract: every change is an Alembic migration (``newsbot/db/migrations``), and
``tests/test_migrations.py`` fails when these models and the migration head drift apart.
The README's "Database schema" section documents each table for readers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from newsbot.timeutil import to_shanghai, to_utc

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """``timestamptz`` on PostgreSQL; UTC text on SQLite. Always returns aware Asia/Shanghai."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: newsbot stores aware datetimes only")
        return to_utc(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite returns the stored UTC value without tzinfo
            from datetime import UTC

            value = value.replace(tzinfo=UTC)
        return to_shanghai(value)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: AwareDateTime(), dict[str, Any]: JSONType, list[str]: JSONType}


class Source(Base):
    """One row per site file (filled from ``spiders/`` by ``db upgrade``, ``demo`` and every crawl)."""

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(64), primary_key=True, comment="spider name")
    name_zh: Mapped[str] = mapped_column(String(128), comment="Chinese name, e.g. 网易山西")
    domains: Mapped[list[str]] = mapped_column(comment="allowed domains")
    tier: Mapped[str] = mapped_column(String(16), comment="official | media | portal | reposter")
    region_code: Mapped[str | None] = mapped_column(String(6), comment="GB/T 2260 code of the outlet")
    crawl_interval_minutes: Mapped[int] = mapped_column(Integer)
    start_urls: Mapped[list[str]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class Article(Base):
    """One row per canonical URL (the upsert key). See ``newsbot.items.ArticleItem`` for field meanings."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    url: Mapped[str] = mapped_column(Text)
    site: Mapped[str] = mapped_column(String(64), index=True)
    site_name: Mapped[str | None] = mapped_column(String(128))
    title: Mapped[str | None] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    published_at_rule: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(400))
    editor: Mapped[str | None] = mapped_column(String(400))
    body: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    images: Mapped[list[str]] = mapped_column(default=list)
    breadcrumb: Mapped[list[str]] = mapped_column(default=list)
    extraction: Mapped[dict[str, Any]] = mapped_column(default=dict, comment="field -> rule that produced it")
    page_urls: Mapped[list[str]] = mapped_column(default=list)
    encoding: Mapped[str | None] = mapped_column(String(32))
    http_status: Mapped[int | None] = mapped_column(Integer)
    publisher_region: Mapped[str | None] = mapped_column(String(6))
    source_tier: Mapped[str | None] = mapped_column(String(16))
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True, comment="sha1 of the normalised body")
    # dedupe stage (see docs/dedupe.md); the live cluster state is in article_fingerprints/story_clusters
    reprint_of: Mapped[str | None] = mapped_column(Text, comment="canonical_url of the story's first publisher")
    cluster_id: Mapped[int | None] = mapped_column(BigInteger, index=True, comment="story_clusters.id")
    similarity: Mapped[float | None] = mapped_column(Float, comment="similarity to the first publisher")
    record_hash: Mapped[str] = mapped_column(String(40), comment="sha1 of the extracted fields; changes = update")
    # labels (classification stage)
    is_health: Mapped[bool | None] = mapped_column(Boolean, index=True)
    health_score: Mapped[float | None] = mapped_column(Float)
    is_shanxi: Mapped[bool | None] = mapped_column(Boolean)
    regions: Mapped[list[str]] = mapped_column(default=list)
    topics: Mapped[list[str]] = mapped_column(default=list)
    risk_level: Mapped[str | None] = mapped_column(String(8))
    risk_terms: Mapped[list[str]] = mapped_column(default=list)
    institutions: Mapped[list[str]] = mapped_column(default=list)
    label_evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    classifier_version: Mapped[str | None] = mapped_column(String(32))
    # bookkeeping
    fetched_at: Mapped[datetime | None] = mapped_column()
    first_seen_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(comment="last time the content changed")
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_articles_site_published_at", "site", "published_at"),
        Index("ix_articles_first_seen_at", "first_seen_at"),
    )


class CrawlRun(Base):
    """One row per crawl (``scrapy crawl <site>``), written at start and completed at close."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    spider: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    items_scraped: Mapped[int] = mapped_column(Integer, default=0)
    items_new: Mapped[int] = mapped_column(Integer, default=0)
    items_updated: Mapped[int] = mapped_column(Integer, default=0)
    items_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    items_dropped: Mapped[int] = mapped_column(Integer, default=0)
    drop_reasons: Mapped[dict[str, Any]] = mapped_column(default=dict)
    items_spooled: Mapped[int] = mapped_column(Integer, default=0, comment="written to the local spool (DB down)")
    errors: Mapped[int] = mapped_column(Integer, default=0)
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict, comment="Scrapy stats at close")
    health: Mapped[dict[str, Any]] = mapped_column(default=dict, comment="health checks and their results")
    healthy: Mapped[bool | None] = mapped_column(Boolean)
    hostname: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_crawl_runs_spider_started_at", "spider", "started_at"),)


# --- dedupe (newsbot.dedupe; docs/dedupe.md) --------------------------------------------------


class StoryCluster(Base):
    """One story however many outlets carry it: the first publisher, member count and outlets."""

    __tablename__ = "story_clusters"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    first_url: Mapped[str] = mapped_column(Text, comment="canonical_url of the first publisher")
    first_site: Mapped[str] = mapped_column(String(64))
    first_published_at: Mapped[datetime | None] = mapped_column()
    first_seen_at: Mapped[datetime] = mapped_column()
    member_count: Mapped[int] = mapped_column(Integer, default=1)
    outlets: Mapped[list[str]] = mapped_column(default=list, comment="distinct sites carrying the story")
    created_at: Mapped[datetime] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class ArticleFingerprint(Base):
    """The dedupe stage's record of one canonical URL: its comparison text, hash and cluster.

    Keyed by ``canonical_url`` rather than ``articles.id`` because dedupe runs before the batched
    store: a reprint seen a second after its original must already find it here.
    """

    __tablename__ = "article_fingerprints"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    site: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime | None] = mapped_column()
    first_seen_at: Mapped[datetime] = mapped_column()
    content_hash: Mapped[str | None] = mapped_column(String(40), index=True, comment="sha1 of the folded body")
    exact_key: Mapped[str | None] = mapped_column(String(40), index=True, comment="exact-match key; NULL = never clusters")
    folded_text: Mapped[str] = mapped_column(Text, comment="comparison form (bounded), for verification")
    shingle_count: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint_version: Mapped[str] = mapped_column(String(32), comment="shingle/MinHash/band parameters")
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("story_clusters.id", ondelete="SET NULL"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float, comment="similarity to the cluster's first publisher")
    match_kind: Mapped[str | None] = mapped_column(String(16), comment="first | exact | near")
    updated_at: Mapped[datetime] = mapped_column()
    reporters: Mapped[list[str] | None] = mapped_column(
        comment="reporters named in the byline (NULL: fingerprinted before migration 0003)")


class ArticleBand(Base):
    """LSH band hashes of an article's MinHash: equal (band, hash) = candidate near-duplicate."""

    __tablename__ = "article_bands"

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    fingerprint_id: Mapped[int] = mapped_column(
        ForeignKey("article_fingerprints.id", ondelete="CASCADE"), primary_key=True, index=True)


class ArticleVersion(Base):
    """One row per content change of a stored URL: what changed and when (the old values kept)."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    canonical_url: Mapped[str] = mapped_column(Text, index=True)
    changed_at: Mapped[datetime] = mapped_column()
    changed_fields: Mapped[list[str]] = mapped_column(default=list)
    old_record_hash: Mapped[str] = mapped_column(String(40))
    new_record_hash: Mapped[str] = mapped_column(String(40))
    old_content_hash: Mapped[str | None] = mapped_column(String(64))
    new_content_hash: Mapped[str | None] = mapped_column(String(64))
    old_values: Mapped[dict[str, Any]] = mapped_column(default=dict, comment="the changed fields before the edit")
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))

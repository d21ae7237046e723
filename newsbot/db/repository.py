"""The queries of the core tables (articles, sources, crawl_runs).

Upsert semantics (by ``canonical_url``): a new URL inserts; the same URL with a changed
``record_hash`` updates the content and keeps ``first_seen_at``; an unchanged record only bumps
``last_seen_at``. PostgreSQL and SQLite both use their native ``INSERT … ON CONFLICT``.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from newsbot import timeutil
from newsbot.db.models import (
    Article,
    ArticleBand,
    ArticleFingerprint,
    ArticleVersion,
    CrawlRun,
    Source,
    StoryCluster,
)

# Columns written from an item; bookkeeping columns are set here.
CONTENT_COLUMNS = (
    "url", "site", "site_name", "title", "subtitle", "published_at", "published_at_rule", "source",
    "author", "editor", "body", "body_html", "images", "breadcrumb", "extraction", "page_urls",
    "encoding", "http_status", "publisher_region", "source_tier", "content_hash", "reprint_of", "cluster_id",
    "similarity",
    "is_health", "health_score", "is_shanxi", "regions", "topics", "risk_level", "risk_terms",
    "institutions", "label_evidence", "classifier_version", "fetched_at",
)
# What counts as "the content changed" (labels and fetch facts do not).
HASHED_COLUMNS = ("title", "subtitle", "published_at", "source", "author", "editor", "body", "images")


def record_hash(row: Mapping[str, Any]) -> str:
    payload = {k: row.get(k) for k in HASHED_COLUMNS}
    if isinstance(payload["published_at"], datetime):
        payload["published_at"] = timeutil.to_utc(payload["published_at"]).isoformat()
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()


@dataclass
class UpsertResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _insert_for(session: Session) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise NotImplementedError(f"upsert is implemented for PostgreSQL and SQLite, not {name}")


def upsert_articles(
    session: Session, rows: Sequence[Mapping[str, Any]], *, crawl_run_id: int | None = None,
    seen_at: datetime | None = None,
) -> UpsertResult:
    """Upsert one batch in the caller's transaction. Rows are ArticleItem dicts."""
    seen_at = seen_at or timeutil.now()
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:  # within a batch the last version of a URL wins
        values = {k: row.get(k) for k in CONTENT_COLUMNS}
        for key in ("images", "breadcrumb", "page_urls", "regions", "topics", "risk_terms", "institutions"):
            values[key] = list(values[key] or [])
        for key in ("extraction", "label_evidence"):
            values[key] = dict(values[key] or {})
        values["canonical_url"] = row["canonical_url"]
        values["record_hash"] = record_hash(values)
        latest[row["canonical_url"]] = values
    result = UpsertResult()
    if not latest:
        return result
    existing = dict(
        session.execute(
            select(Article.canonical_url, Article.record_hash).where(Article.canonical_url.in_(list(latest)))
        ).tuples().all()
    )
    to_write = []
    for url, values in latest.items():
        if url not in existing:
            result.new.append(url)
        elif existing[url] != values["record_hash"]:
            result.updated.append(url)
        else:
            result.unchanged.append(url)
            continue
        to_write.append({**values, "first_seen_at": seen_at, "last_seen_at": seen_at, "updated_at": seen_at,
                         "crawl_run_id": crawl_run_id})
    if result.updated:
        _record_versions(session, {url: latest[url] for url in result.updated}, seen_at, crawl_run_id)
    if to_write:
        insert = _insert_for(session)
        stmt = insert(Article)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Article.canonical_url],
            set_={name: stmt.excluded[name] for name in (*CONTENT_COLUMNS, "record_hash", "last_seen_at",
                                                           "updated_at", "crawl_run_id")},
        )
        session.execute(stmt, to_write)
    if result.unchanged:
        session.execute(
            update(Article)
            .where(Article.canonical_url.in_(result.unchanged))
            .values(last_seen_at=seen_at, crawl_run_id=crawl_run_id)
        )
    return result


def _record_versions(
    session: Session, new_values: Mapping[str, Mapping[str, Any]], changed_at: datetime, crawl_run_id: int | None,
) -> None:
    """One ``article_versions`` row per updated URL: the changed fields and their old values."""
    columns = [getattr(Article, c) for c in ("canonical_url", "record_hash", "content_hash", *HASHED_COLUMNS)]
    old_rows = {row.canonical_url: row._mapping
                for row in session.execute(select(*columns).where(Article.canonical_url.in_(list(new_values))))}
    versions = []
    for url, values in new_values.items():
        old = old_rows.get(url)
        if old is None:
            continue
        changed = [c for c in HASHED_COLUMNS if _comparable(old[c]) != _comparable(values.get(c))]
        versions.append({
            "canonical_url": url, "changed_at": changed_at, "changed_fields": changed,
            "old_record_hash": old["record_hash"], "new_record_hash": values["record_hash"],
            "old_content_hash": old["content_hash"], "new_content_hash": values.get("content_hash"),
            "old_values": {c: _comparable(old[c]) for c in changed}, "crawl_run_id": crawl_run_id,
        })
    if versions:
        session.execute(insert(ArticleVersion), versions)


def _comparable(value: Any) -> Any:
    """Column values as JSON-able, timezone-independent values (for diffs and ``old_values``)."""
    if isinstance(value, datetime):
        return timeutil.to_utc(value).isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def article_versions(session: Session, canonical_url: str) -> list[ArticleVersion]:
    return list(session.scalars(select(ArticleVersion).where(ArticleVersion.canonical_url == canonical_url)
                                .order_by(ArticleVersion.id)))


def known_canonical_urls(session: Session, site: str) -> set[str]:
    return set(session.scalars(select(Article.canonical_url).where(Article.site == site)))


def get_article(session: Session, canonical_url: str) -> Article | None:
    return session.scalars(select(Article).where(Article.canonical_url == canonical_url)).one_or_none()


def count_articles(session: Session, site: str | None = None) -> int:
    stmt = select(func.count()).select_from(Article)
    if site:
        stmt = stmt.where(Article.site == site)
    return int(session.scalar(stmt) or 0)


# --- labels (classification) ---------------------------------------------------------

LABEL_COLUMNS = (
    "is_health", "health_score", "is_shanxi", "regions", "topics", "risk_level", "risk_terms",
    "institutions", "label_evidence", "classifier_version",
)


def articles_for_labels(
    session: Session, *, since: datetime | None = None, after_id: int = 0, limit: int = 500,
) -> list[dict[str, Any]]:
    """One batch of articles (keyset-paginated by id) with what the classifier reads and the current labels."""
    cols = [Article.id, Article.url, Article.canonical_url, Article.site, Article.title, Article.body,
            Article.publisher_region, Article.published_at,
            *(getattr(Article, c) for c in LABEL_COLUMNS)]
    stmt = select(*cols).where(Article.id > after_id).order_by(Article.id).limit(limit)
    if since is not None:
        stmt = stmt.where(Article.first_seen_at >= since)
    return [dict(row._mapping) for row in session.execute(stmt)]


def count_articles_for_labels(session: Session, *, since: datetime | None = None) -> int:
    stmt = select(func.count()).select_from(Article)
    if since is not None:
        stmt = stmt.where(Article.first_seen_at >= since)
    return int(session.scalar(stmt) or 0)


def update_labels(session: Session, labels_by_id: Mapping[int, Mapping[str, Any]]) -> int:
    """Write new labels (only the label columns; content and updated_at are untouched)."""
    for article_id, labels in labels_by_id.items():
        values = {k: labels[k] for k in LABEL_COLUMNS if k in labels}
        session.execute(update(Article).where(Article.id == article_id).values(**values))
    return len(labels_by_id)


# --- sources -----------------------------------------------------------------------------

def sync_sources(session: Session, sources: Iterable[Any]) -> int:
    """Insert or update one ``sources`` row per site class; returns how many were written."""
    now = timeutil.now()
    n = 0
    for cls in sources:
        values = {
            "name": cls.name,
            "name_zh": cls.site_name or cls.name,
            "domains": list(cls.allowed_domains),
            "tier": cls.tier,
            "region_code": cls.publisher_region,
            "crawl_interval_minutes": int(cls.crawl_interval.total_seconds() // 60),
            "start_urls": list(cls.start_urls),
            "updated_at": now,
        }
        insert = _insert_for(session)
        stmt = insert(Source).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Source.name], set_={k: stmt.excluded[k] for k in values if k != "name"}
        )
        session.execute(stmt)
        n += 1
    return n


# --- crawl runs --------------------------------------------------------------------------

def start_crawl_run(session: Session, spider: str, started_at: datetime | None = None) -> int:
    run = CrawlRun(
        spider=spider,
        started_at=started_at or timeutil.now(),
        hostname=socket.gethostname(),
        pid=__import__("os").getpid(),
        items_scraped=0, items_new=0, items_updated=0, items_unchanged=0, items_dropped=0,
        items_spooled=0, errors=0, drop_reasons={}, stats={}, health={},
    )
    session.add(run)
    session.flush()
    return run.id


def finish_crawl_run(session: Session, run_id: int, **values: Any) -> None:
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(**values))


def recent_runs(session: Session, spider: str | None = None, limit: int = 20) -> list[CrawlRun]:
    stmt = select(CrawlRun).order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc()).limit(limit)
    if spider:
        stmt = stmt.where(CrawlRun.spider == spider)
    return list(session.scalars(stmt))


def recent_run_stats(session: Session, spider: str, *, before_id: int, limit: int = 5) -> list[dict[str, Any]]:
    """The Scrapy stats of a source's last finished, not-unhealthy runs before ``before_id`` (newest
    first): the baseline a layout change is measured against, so it keeps alerting until fixed."""
    stmt = (
        select(CrawlRun.stats)
        .where(CrawlRun.spider == spider, CrawlRun.id < before_id, CrawlRun.finished_at.is_not(None),
               CrawlRun.healthy.is_not(False))
        .order_by(CrawlRun.id.desc())
        .limit(limit)
    )
    return [dict(s or {}) for s in session.scalars(stmt)]


def last_run_starts(session: Session) -> dict[str, datetime]:
    """When each source's last crawl started."""
    stmt = select(CrawlRun.spider, func.max(CrawlRun.started_at)).group_by(CrawlRun.spider)
    return {spider: started for spider, started in session.execute(stmt)}


def latest_first_seen(session: Session, site: str) -> datetime | None:
    """When the source's newest article was first stored (None: nothing stored yet)."""
    return session.scalar(select(func.max(Article.first_seen_at)).where(Article.site == site))


def source_status(session: Session, since: datetime) -> dict[str, dict[str, Any]]:
    """Per source seen in crawl_runs or articles: its last run, articles new since ``since``,
    the newest article's first-seen and published times, and the stored total."""
    out: dict[str, dict[str, Any]] = {}
    last_ids = select(CrawlRun.spider, func.max(CrawlRun.id).label("id")).group_by(CrawlRun.spider).subquery()
    for run in session.scalars(select(CrawlRun).join(last_ids, CrawlRun.id == last_ids.c.id)):
        out.setdefault(run.spider, {})["last_run"] = run
    stmt = select(
        Article.site,
        func.count(),
        func.max(Article.first_seen_at),
        func.max(Article.published_at),
        func.count().filter(Article.first_seen_at >= since),
    ).group_by(Article.site)
    for site, total, seen, published, new in session.execute(stmt):
        out.setdefault(site, {}).update(
            articles=int(total), latest_first_seen=seen, latest_published=published, new_since=int(new)
        )
    return out




# --- dedupe ------------------------------------------------------------------------------
# Queries of the dedupe stage (newsbot.dedupe.clusterer); tables in models.py, design in docs/dedupe.md.

DEDUPE_LOCK_KEY = 0x6E657773_64647570  # "newsddup": one advisory-lock key for the whole dedupe stage


def begin_dedupe(session: Session, *, asynchronous_commit: bool) -> None:
    """Start a dedupe check-and-insert transaction (PostgreSQL; one round trip for both):

    * ``pg_advisory_xact_lock`` (released at commit): check-and-insert runs one article at a time
      across processes and machines, so two crawls carrying the first two copies of a story at
      the same moment cannot found two clusters. At ~4 ms per check the stage still takes ~250
      articles/s in all. SQLite, one machine's embedded default, has no such lock: its writes are
      serialised, but two processes can both read "no match" before either writes.
    * with ``asynchronous_commit``, ``synchronous_commit = off`` for this transaction: the commit
      does not wait for the WAL flush (a server crash may lose the last fraction of a second of
      such commits, never corrupt them). Dedupe rows can be rebuilt (``python -m newsbot.dedupe
      backfill``), and the flush is most of the stage's cost.
    """
    if session.get_bind().dialect.name == "postgresql":
        sql = "SELECT pg_advisory_xact_lock(:k)"
        if asynchronous_commit:
            sql = "SET LOCAL synchronous_commit TO OFF; " + sql
        session.execute(text(sql), {"k": DEDUPE_LOCK_KEY})


# The hot path of check-and-insert runs these statements for every article: they are built once,
# with bound parameters, so that each call only binds values (building a union of ORM selects per
# call cost more than running it).
_AF = ArticleFingerprint
_OWN_FINGERPRINT = select(_AF).where(_AF.canonical_url == bindparam("url"))
_OWN_AND_EXACT = select(_AF).from_statement(union_all(
    _OWN_FINGERPRINT,
    select(_AF).where(_AF.exact_key == bindparam("key"), _AF.cluster_id.is_not(None))
    .order_by(_AF.id).limit(2).subquery().select(),
))
_FINGERPRINTS_BY_ID = select(_AF).where(_AF.id.in_(bindparam("ids", expanding=True)))


def get_fingerprint(session: Session, canonical_url: str) -> ArticleFingerprint | None:
    return session.scalars(_OWN_FINGERPRINT, {"url": canonical_url}).one_or_none()


def fingerprint_and_exact_match(
    session: Session, canonical_url: str, exact_key: str | None,
) -> tuple[ArticleFingerprint | None, ArticleFingerprint | None]:
    """(the URL's own fingerprint, the earliest other clustered fingerprint with ``exact_key``) in one
    round trip - the hot path of check-and-insert."""
    if exact_key is None:
        return get_fingerprint(session, canonical_url), None
    rows = list(session.scalars(_OWN_AND_EXACT, {"url": canonical_url, "key": exact_key}).unique())
    mine = next((r for r in rows if r.canonical_url == canonical_url), None)
    exact = next((r for r in sorted(rows, key=lambda r: r.id) if r.canonical_url != canonical_url), None)
    return mine, exact


def find_exact_match(session: Session, exact_key: str, exclude_id: int | None = None) -> ArticleFingerprint | None:
    """The earliest-stored fingerprint with this exact key that belongs to a cluster."""
    stmt = (select(ArticleFingerprint)
            .where(ArticleFingerprint.exact_key == exact_key, ArticleFingerprint.cluster_id.is_not(None))
            .order_by(ArticleFingerprint.id).limit(1))
    if exclude_id is not None:
        stmt = stmt.where(ArticleFingerprint.id != exclude_id)
    return session.scalars(stmt).first()


def band_candidates(
    session: Session, bands: Sequence[tuple[int, int]], *, exclude_id: int | None = None, limit: int = 20,
    rank_below: int | None = None,
) -> list[tuple[int, int]]:
    """(fingerprint id, shared bands) of stored articles sharing an LSH band, most shared first.

    With ``rank_below``, rows whose band number is below it (the LSH bands) rank first and the
    others (figure anchors) only break ties, so that many pages sharing a few figures never push
    a text-similar candidate past ``limit``."""
    if not bands:
        return []
    hits = func.count().label("hits")
    order = [hits.desc()]
    if rank_below is not None:
        order.insert(0, func.count().filter(ArticleBand.band < rank_below).desc())
    stmt = _with_band_rows(session, select(ArticleBand.fingerprint_id, hits), bands)
    stmt = (stmt.group_by(ArticleBand.fingerprint_id)
            .order_by(*order, ArticleBand.fingerprint_id)
            .limit(limit))
    if exclude_id is not None:
        stmt = stmt.where(ArticleBand.fingerprint_id != exclude_id)
    return [(int(fid), int(n)) for fid, n in session.execute(stmt)]


def capped_band_candidates(
    session: Session, bands: Sequence[tuple[int, int]], *, sampled_from: int, cap: int,
    exclude_id: int | None = None, limit: int = 20, max_sampled_only: int = 20,
) -> tuple[list[tuple[int, int]], set[tuple[int, int]]]:
    """``band_candidates`` (LSH rows ranked first) without the sampled rows (band >= ``sampled_from``:
    figure anchors, passages) that ``cap`` stored articles already carry - boilerplate - and the set
    of those rows, which the caller does not store either. Of the candidates that share no LSH band
    (proposed by figure anchors or passages alone) only the ``max_sampled_only`` sharing the most rows
    are returned: stock phrases shared by unrelated articles would otherwise fill the list.

    One statement, the pairs probed once (PostgreSQL: joined with ``unnest`` of two arrays; SQLite:
    an OR of equalities, see ``_with_band_rows``); SQLite older than 3.30 (no aggregate ``FILTER``)
    gets ``band_postings`` then ``band_candidates``."""
    if not bands:
        return [], set()
    postgresql = session.get_bind().dialect.name == "postgresql"
    if not postgresql and sqlite3.sqlite_version_info < (3, 30):
        hot = boilerplate_rows(session, bands, sampled_from=sampled_from, cap=cap)
        kept = [b for b in bands if b not in hot]
        found = band_candidates(session, kept, exclude_id=exclude_id, limit=limit, rank_below=sampled_from)
        return found, hot  # (old SQLite: without the separate limit on sampled-only candidates)
    if postgresql:
        source = """FROM article_bands ab
            JOIN unnest(CAST(:bands AS integer[]), CAST(:hashes AS bigint[])) AS lookup(band, hash)
              ON ab.band = lookup.band AND ab.hash = lookup.hash
            WHERE ab.fingerprint_id <> :exclude_id"""
    else:
        source = f"""FROM article_bands ab
            WHERE ({_pairs_condition(bands, "ab")}) AND ab.fingerprint_id <> :exclude_id"""
    stmt = text(f"""
        WITH hits AS (
            SELECT ab.band, ab.hash, ab.fingerprint_id
            {source}),
        hot AS (
            SELECT band, hash FROM hits WHERE band >= :sampled_from
            GROUP BY band, hash HAVING count(*) >= :cap),
        ranked AS (
            SELECT h.fingerprint_id, count(*) AS n, count(*) FILTER (WHERE h.band < :sampled_from) AS lsh,
                   row_number() OVER (ORDER BY count(*) FILTER (WHERE h.band < :sampled_from) DESC,
                                               count(*) DESC, h.fingerprint_id) AS rank
            FROM hits h
            WHERE NOT EXISTS (SELECT 1 FROM hot WHERE hot.band = h.band AND hot.hash = h.hash)
            GROUP BY h.fingerprint_id
            ORDER BY rank
            LIMIT :limit)
        SELECT 0 AS kind, band AS a, hash AS b, 0 AS rank, 0 AS lsh FROM hot
        UNION ALL
        SELECT 1, fingerprint_id, n, rank, lsh FROM ranked""")
    params: dict[str, Any] = {"sampled_from": sampled_from, "cap": cap, "limit": limit,
                              "exclude_id": -1 if exclude_id is None else exclude_id}
    if postgresql:
        params.update(_band_arrays(bands))
    rows = session.execute(stmt, params).all()
    hot = {(int(a), int(b)) for kind, a, b, _rank, _lsh in rows if kind == 0}
    found = []
    sampled_only = 0
    for _kind, fid, n, _rank, lsh in sorted((r for r in rows if r[0] == 1), key=lambda r: r[3]):
        if not lsh:  # proposed by shared figures or passages alone: the fewest are worth verifying
            sampled_only += 1
            if sampled_only > max_sampled_only:
                continue
        found.append((int(fid), int(n)))
    return found, hot


def _with_band_rows(session: Session, stmt: Select[Any], bands: Sequence[tuple[int, int]]) -> Select[Any]:
    """``stmt`` restricted to the ``article_bands`` rows with one of the (band, hash) pairs.

    PostgreSQL joins the table with ``unnest`` of two arrays: one index probe per pair, planned in
    constant time (a row-value ``IN`` list becomes an OR of conditions whose planning and bitmap
    scans cost about twice as much for the 50-80 pairs of one article). SQLite gets an OR of
    (band, hash) equalities, which it answers with one index search per pair ("MULTI-INDEX OR"):
    for a row-value ``IN`` list it scans the whole table (367 ms against 0.1 ms at 30k articles)."""
    if session.get_bind().dialect.name == "postgresql":
        pairs = (func.unnest(bindparam("lookup_bands", [b for b, _h in bands], type_=postgresql.ARRAY(Integer)),
                             bindparam("lookup_hashes", [h for _b, h in bands], type_=postgresql.ARRAY(BigInteger)))
                 .table_valued("band", "hash").render_derived(name="lookup"))
        return stmt.select_from(ArticleBand).join(
            pairs, and_(ArticleBand.band == pairs.c.band, ArticleBand.hash == pairs.c.hash))
    # Written as SQL text (the values are integers, formatted by int()): building the same condition
    # as 80 SQLAlchemy expressions costs more Python time per article than the query itself.
    return stmt.where(text(f"({_pairs_condition(bands, 'article_bands')})"))


def _pairs_condition(bands: Sequence[tuple[int, int]], table: str) -> str:
    """``(t.band = 3 AND t.hash = 42) OR …`` for SQLite; the values are integers, formatted by int()."""
    return " OR ".join(f"({table}.band = {int(band)} AND {table}.hash = {int(value)})" for band, value in bands)


def boilerplate_rows(session: Session, bands: Sequence[tuple[int, int]], *, sampled_from: int,
                     cap: int) -> set[tuple[int, int]]:
    """The sampled rows among ``bands`` (band >= ``sampled_from``: figure anchors, passages) that
    ``cap`` stored articles already carry: boilerplate, neither looked up nor stored. One query, only
    when there are sampled rows."""
    sampled = [b for b in bands if b[0] >= sampled_from]
    if not sampled:
        return set()
    return {b for b, n in band_postings(session, sampled).items() if n >= cap}


def band_postings(session: Session, bands: Sequence[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """How many stored articles carry each of ``bands`` (only those carried at least once)."""
    if not bands:
        return {}
    stmt = (_with_band_rows(session, select(ArticleBand.band, ArticleBand.hash, func.count()), bands)
            .group_by(ArticleBand.band, ArticleBand.hash))
    return {(int(band), int(value)): int(n) for band, value, n in session.execute(stmt)}


def fingerprints_by_id(session: Session, ids: Sequence[int]) -> list[ArticleFingerprint]:
    if not ids:
        return []
    return list(session.scalars(_FINGERPRINTS_BY_ID, {"ids": list(ids)}))


def replace_bands(session: Session, fingerprint_id: int, bands: Sequence[tuple[int, int]]) -> None:
    """Drop a fingerprint's old band rows (edits) and insert the new ones."""
    session.execute(delete(ArticleBand).where(ArticleBand.fingerprint_id == fingerprint_id))
    insert_bands(session, fingerprint_id, bands)


def _band_arrays(bands: Sequence[tuple[int, int]]) -> dict[str, list[int]]:
    """The ``:bands`` and ``:hashes`` array parameters of the PostgreSQL statements that ``unnest`` them."""
    return {"bands": [b for b, _h in bands], "hashes": [h for _b, h in bands]}


_FINGERPRINT_COLUMNS = ("canonical_url", "site", "published_at", "first_seen_at", "content_hash", "exact_key",
                        "folded_text", "shingle_count", "fingerprint_version", "cluster_id", "similarity",
                        "match_kind", "updated_at", "reporters")
_INSERT_FINGERPRINT_PG = text(f"""
    WITH f AS (
        INSERT INTO article_fingerprints ({", ".join(_FINGERPRINT_COLUMNS)})
        VALUES ({", ".join(":" + c for c in _FINGERPRINT_COLUMNS)})
        RETURNING id),
    b AS (
        INSERT INTO article_bands (band, hash, fingerprint_id)
        SELECT u.band, u.hash, f.id
        FROM f, unnest(CAST(:bands AS integer[]), CAST(:hashes AS bigint[])) AS u(band, hash))
    SELECT id FROM f""").bindparams(  # the columns' own types: aware datetimes are checked as in the ORM
    *(bindparam(c, type_=ArticleFingerprint.__table__.c[c].type) for c in _FINGERPRINT_COLUMNS))


def insert_fingerprint(session: Session, row: ArticleFingerprint, bands: Sequence[tuple[int, int]]) -> None:
    """Write a new fingerprint and its band rows; ``row`` becomes persistent in ``session`` with its id.

    PostgreSQL: one statement (the fingerprint, then its bands, in data-modifying CTEs) instead of an
    ORM flush and a second round trip - this is on every article's path. SQLite: the ORM flush and a
    Core executemany."""
    if session.get_bind().dialect.name != "postgresql":
        session.add(row)
        session.flush()
        insert_bands(session, row.id, bands)
        return
    values: dict[str, Any] = {c: getattr(row, c) for c in _FINGERPRINT_COLUMNS}
    values.update(_band_arrays(bands))
    row.id = session.execute(_INSERT_FINGERPRINT_PG, values).scalar_one()
    make_transient_to_detached(row)  # as if loaded: later changes are flushed as UPDATEs
    session.add(row)


def insert_bands(session: Session, fingerprint_id: int, bands: Sequence[tuple[int, int]]) -> None:
    """Band rows of a new fingerprint, without ORM work. PostgreSQL: one ``INSERT … SELECT unnest``
    of two arrays (one short statement whatever the row count; a multi-row VALUES list of ~50 rows
    took twice as long to parse and plan); SQLite: a Core executemany."""
    if not bands:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_INSERT_BANDS_PG, {"fid": fingerprint_id, **_band_arrays(bands)})
        return
    session.connection().execute(insert(ArticleBand.__table__), [  # type: ignore[arg-type]
        {"band": band, "hash": value, "fingerprint_id": fingerprint_id} for band, value in bands
    ])


_INSERT_BANDS_PG = text(
    "INSERT INTO article_bands (band, hash, fingerprint_id) "
    "SELECT band, hash, :fid FROM unnest(CAST(:bands AS integer[]), CAST(:hashes AS bigint[])) AS b(band, hash)")


def cluster_members(session: Session, cluster_id: int, limit: int = 1000) -> list[ArticleFingerprint]:
    return list(session.scalars(
        select(ArticleFingerprint).where(ArticleFingerprint.cluster_id == cluster_id)
        .order_by(ArticleFingerprint.id).limit(limit)
    ))


def get_cluster(session: Session, cluster_id: int) -> StoryCluster | None:
    return session.get(StoryCluster, cluster_id)


def link_articles_to_cluster(session: Session, cluster_id: int, first_url: str | None) -> None:
    """Refresh ``articles.reprint_of``/``similarity`` of stored members after the first publisher changed."""
    members = session.execute(
        select(ArticleFingerprint.canonical_url, ArticleFingerprint.similarity)
        .where(ArticleFingerprint.cluster_id == cluster_id)
    ).all()
    for url, similarity in members:
        session.execute(
            update(Article).where(Article.canonical_url == url)
            .values(cluster_id=cluster_id, similarity=similarity,
                    reprint_of=None if url == first_url else first_url)
        )


def story_cluster_of(session: Session, canonical_url: str) -> dict[str, Any] | None:
    """The story of an article: cluster id, first publisher, member count, outlets and members."""
    fp = get_fingerprint(session, canonical_url)
    if fp is None or fp.cluster_id is None:
        return None
    cluster = session.get(StoryCluster, fp.cluster_id)
    if cluster is None:
        return None
    members = [{"canonical_url": m.canonical_url, "site": m.site, "similarity": m.similarity,
                "match_kind": m.match_kind} for m in cluster_members(session, cluster.id)]
    return {"cluster_id": cluster.id, "first_url": cluster.first_url, "first_site": cluster.first_site,
            "first_published_at": cluster.first_published_at, "member_count": cluster.member_count,
            "outlets": list(cluster.outlets), "members": members}


def articles_without_fingerprint(session: Session, *, after_id: int = 0, limit: int = 500) -> list[dict[str, Any]]:
    """Stored articles the dedupe stage has not seen (stored before it existed, or spooled), by id."""
    stmt = (select(Article.id, Article.canonical_url, Article.site, Article.title, Article.body,
                   Article.published_at, Article.first_seen_at)
            .outerjoin(ArticleFingerprint, ArticleFingerprint.canonical_url == Article.canonical_url)
            .where(ArticleFingerprint.id.is_(None), Article.id > after_id)
            .order_by(Article.id).limit(limit))
    return [dict(row._mapping) for row in session.execute(stmt)]


def set_article_links(session: Session, canonical_url: str, *, content_hash: str | None, cluster_id: int | None,
                      reprint_of: str | None, similarity: float | None) -> None:
    """Write dedupe's decision onto a stored article (backfill; the crawl writes it with the item)."""
    session.execute(update(Article).where(Article.canonical_url == canonical_url).values(
        content_hash=content_hash, cluster_id=cluster_id, reprint_of=reprint_of, similarity=similarity))


def fingerprints_of_other_versions(session: Session, version: str, *, after_id: int = 0,
                                   limit: int = 500) -> list[ArticleFingerprint]:
    """Fingerprints whose bands were made with other parameters than ``version`` (re-index)."""
    return list(session.scalars(
        select(ArticleFingerprint)
        .where(ArticleFingerprint.fingerprint_version != version, ArticleFingerprint.id > after_id)
        .order_by(ArticleFingerprint.id).limit(limit)
    ))

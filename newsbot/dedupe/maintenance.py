"""Dedupe maintenance over stored articles: ``backfill`` (link articles the stage has not seen) and
``reindex`` (recompute band hashes after the shingle/MinHash/band settings changed).

Used by ``python -m newsbot.dedupe backfill|reindex`` and, bounded, at the end of a crawl that
replayed spooled items or had dedupe errors (``newsbot.crawlrun``).
"""

from __future__ import annotations

from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory
from newsbot.db.migrate import upgrade
from newsbot.dedupe.clusterer import DedupeDoc, Deduper, without_boilerplate
from newsbot.dedupe.config import DedupeConfig
from newsbot.dedupe.fingerprint import bands_for_folded


def backfill(db_url: str | None, config: DedupeConfig, batch: int = 500, limit: int | None = None) -> dict[str, int]:
    """Link stored articles that have no fingerprint yet (stored before the dedupe stage existed, or
    replayed from the spool), oldest id first, one transaction per article as in the crawl; at most
    ``limit`` articles (None: all). Returns counts per decision kind."""
    upgrade(db_url)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    deduper = Deduper(config)
    counts: dict[str, int] = {}
    after = 0
    try:
        while True:
            with sessions() as session:
                rows = repository.articles_without_fingerprint(session, after_id=after, limit=batch)
            if not rows:
                return counts
            for row in rows:
                if limit is not None and sum(counts.values()) >= limit:
                    return counts
                after = row["id"]
                doc = DedupeDoc(canonical_url=row["canonical_url"], site=row["site"], title=row["title"],
                                body=row["body"], published_at=row["published_at"], seen_at=row["first_seen_at"])
                with sessions.begin() as session:
                    decision = deduper.check_and_insert(session, doc)
                    repository.set_article_links(
                        session, doc.canonical_url, content_hash=decision.content_hash,
                        cluster_id=decision.cluster_id, reprint_of=decision.reprint_of,
                        similarity=decision.similarity)
                counts[decision.kind] = counts.get(decision.kind, 0) + 1
    finally:
        engine.dispose()


def reindex(db_url: str | None, config: DedupeConfig, batch: int = 500) -> int:
    """Recompute the bands of fingerprints made with other shingle/MinHash/band parameters (after
    changing ``NEWSBOT_DEDUPE_SHINGLE_SIZE``/``NUM_PERM``/``BANDS``), from their stored comparison text.
    Clusters are kept; only future matching uses the new bands."""
    upgrade(db_url)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    params, done, after = config.params, 0, 0
    try:
        while True:
            with sessions.begin() as session:
                rows = repository.fingerprints_of_other_versions(session, params.version, after_id=after, limit=batch)
                if not rows:
                    return done
                for row in rows:
                    after = row.id
                    shingles, bands = bands_for_folded(row.folded_text, params)
                    # the same boilerplate cap as check-and-insert
                    bands = without_boilerplate(session, bands, config.anchor_max_postings)
                    repository.replace_bands(session, row.id, bands)
                    row.shingle_count, row.fingerprint_version = len(shingles), params.version
                    done += 1
    finally:
        engine.dispose()

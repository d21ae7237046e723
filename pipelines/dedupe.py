"""Dedupe pipeline: links reprints of one story into a story cluster (``newsbot.dedupe``).

May drop items: never. A reprint is linked, not thrown away: the item gets ``content_hash``,
``cluster_id``, ``reprint_of`` (the first publisher's canonical URL; None for the first itself)
and ``similarity`` (to the first publisher), and the dedupe tables (``article_fingerprints``,
``article_bands``, ``story_clusters``) are written at once, in their own short transaction, so a
copy that arrives seconds later - before the store has written its batch - still finds it.
Check-and-insert runs in a worker thread (never on the reactor) and one at a time (a
``DeferredLock``), so two copies in one crawl cannot both found a cluster. A database error
leaves the item unlinked (counted, logged) and passes it on.

Settings: ``NEWSBOT_DEDUPE_ENABLED`` (true) and the thresholds in ``newsbot.dedupe.config``;
``NEWSBOT_DATABASE_URL`` (the store's database). With ``NEWSBOT_STORE_ENABLED`` off
(benchmarks) the dedupe tables live in a throwaway SQLite file.

Stats: ``newsbot/dedupe/checked``, ``newsbot/dedupe/<kind>`` (first, exact, near, near_figures, unchanged,
empty), ``newsbot/dedupe/reprints``, ``newsbot/dedupe/edited``, ``newsbot/dedupe/candidates``,
``newsbot/dedupe/errors``, ``newsbot/dedupe/median_ms`` and ``newsbot/dedupe/p99_ms``
(check-and-insert time per item over the last 10,000 items, set at close).
"""

from __future__ import annotations

import logging
import shutil
import statistics
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import defer, threads

from newsbot.db.engine import session_factory
from newsbot.db.migrate import upgrade
from newsbot.dedupe.clusterer import Decision, DedupeDoc, Deduper, make_dedupe_engine
from newsbot.dedupe.config import DedupeConfig
from newsbot.dedupe.fingerprint import Fingerprint

logger = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, crawler: Crawler, config: DedupeConfig):
        self.crawler = crawler
        self.stats = crawler.stats
        self.deduper = Deduper(config)
        self._tmpdir: str | None = None
        if crawler.settings.getbool("NEWSBOT_STORE_ENABLED", True):
            self.url: str | None = crawler.settings.get("NEWSBOT_DATABASE_URL")
        else:
            self._tmpdir = tempfile.mkdtemp(prefix="newsbot-dedupe-")
            self.url = f"sqlite:///{Path(self._tmpdir) / 'dedupe.sqlite3'}"
        self._lock = defer.DeferredLock()
        self._timings_ms: deque[float] = deque(maxlen=10_000)  # the latest items: memory stays flat

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        if not crawler.settings.getbool("NEWSBOT_DEDUPE_ENABLED", True):
            raise NotConfigured("NEWSBOT_DEDUPE_ENABLED is off")
        return cls(crawler, DedupeConfig.from_settings(crawler.settings))

    # --- lifecycle -------------------------------------------------------------------------
    def open_spider(self) -> None:
        upgrade(self.url)  # idempotent; the store does the same
        self.engine = make_dedupe_engine(self.url)
        self.sessions = session_factory(self.engine)

    async def close_spider(self) -> None:
        def finish(_: Any) -> None:
            if self._timings_ms:
                ordered = sorted(self._timings_ms)
                self.stats.set_value("newsbot/dedupe/median_ms", round(statistics.median(ordered), 3))
                self.stats.set_value("newsbot/dedupe/p99_ms", round(ordered[int(0.99 * (len(ordered) - 1))], 3))
            self.engine.dispose()
            if self._tmpdir:
                shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._lock.release()

        d = self._lock.acquire()  # waits for the last check-and-insert
        d.addCallback(finish)
        await maybe_deferred_to_future(d)

    # --- items -----------------------------------------------------------------------------
    async def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        doc = DedupeDoc(
            canonical_url=str(adapter.get("canonical_url") or adapter.get("url") or ""),
            site=adapter.get("site") or "",
            title=adapter.get("title"),
            body=adapter.get("body"),
            published_at=adapter.get("published_at"),
        )
        # Fingerprinting (CPU) runs in a worker thread outside the lock; only the database part is serialised.
        d = threads.deferToThread(self.deduper.fingerprint, doc.title, doc.body)
        d.addCallback(lambda fp: self._lock.run(threads.deferToThread, self._check, doc, fp))
        d.addCallbacks(self._apply, self._failed, callbackArgs=(item,), errbackArgs=(item, doc))
        return await maybe_deferred_to_future(d)

    def _check(self, doc: DedupeDoc, fp: Fingerprint) -> tuple[Decision, float]:
        """Runs in a worker thread: one transaction per article."""
        started = time.perf_counter()
        decision = self.deduper.link(self.sessions, doc, fp)
        return decision, (time.perf_counter() - started) * 1000

    def _apply(self, outcome: tuple[Decision, float], item: Any) -> Any:
        decision, elapsed_ms = outcome
        self._timings_ms.append(elapsed_ms)
        adapter = ItemAdapter(item)
        adapter["content_hash"] = decision.content_hash
        adapter["cluster_id"] = decision.cluster_id
        adapter["reprint_of"] = decision.reprint_of
        adapter["similarity"] = decision.similarity
        self.stats.inc_value("newsbot/dedupe/checked")
        self.stats.inc_value(f"newsbot/dedupe/{decision.kind}")
        self.stats.inc_value("newsbot/dedupe/candidates", decision.candidates)
        if decision.reprint_of:
            self.stats.inc_value("newsbot/dedupe/reprints")
        if decision.edited:
            self.stats.inc_value("newsbot/dedupe/edited")
        return item

    def _failed(self, failure: Any, item: Any, doc: DedupeDoc) -> Any:
        if not failure.check(SQLAlchemyError):
            return failure
        self.stats.inc_value("newsbot/dedupe/errors")
        logger.warning("dedupe check failed for %s (%s); the item goes on unlinked",
                       doc.canonical_url, str(failure.value).strip().splitlines()[0])
        from newsbot.dedupe.normalize import content_hash

        ItemAdapter(item)["content_hash"] = content_hash(doc.body)
        return item

"""Store pipeline: batched upsert of articles into the database, off the reactor thread.

May drop items: never. An item is only passed on once its batch is committed, or - when the
database stays down after the retries - written to the local spool, which is replayed into the
database when the next crawl starts. Nothing is lost or half-written: one batch is one transaction.

Settings:
  NEWSBOT_DATABASE_URL          database (default: SQLite under ./data/)
  NEWSBOT_STORE_ENABLED         False turns the stage off (benchmarks)
  NEWSBOT_STORE_BATCH_SIZE      items per transaction (50)
  NEWSBOT_STORE_FLUSH_SECONDS   flush a partial batch after this many seconds (2.0)
  NEWSBOT_STORE_RETRIES         retries of a failed batch before spooling (3)
  NEWSBOT_STORE_RETRY_BACKOFF   first retry delay in seconds, doubled each time (1.0)
  NEWSBOT_SPOOL_DIR             spool directory (./data/spool)

Stats: newsbot/store/new, newsbot/store/updated, newsbot/store/unchanged, newsbot/store/batches,
newsbot/store/retries, newsbot/store/spooled, newsbot/store/replayed.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, cast

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import defer, reactor, threads
from twisted.internet.interfaces import IReactorTime

from newsbot import timeutil
from newsbot.db import repository
from newsbot.db.engine import (
    DatabaseUnavailable,
    check_connection,
    error_reason,
    make_engine,
    redact,
    session_factory,
)
from newsbot.spool import Spool

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler):
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.url: str | None = s.get("NEWSBOT_DATABASE_URL")
        self.batch_size = s.getint("NEWSBOT_STORE_BATCH_SIZE", 50)
        self.flush_seconds = s.getfloat("NEWSBOT_STORE_FLUSH_SECONDS", 2.0)
        self.retries = s.getint("NEWSBOT_STORE_RETRIES", 3)
        self.backoff = s.getfloat("NEWSBOT_STORE_RETRY_BACKOFF", 1.0)
        self.spool = Spool(Path(s.get("NEWSBOT_SPOOL_DIR") or "data/spool"))
        self._buffer: list[tuple[dict[str, Any], defer.Deferred[Any], Any]] = []
        self._timer: Any = None
        self._chain: defer.Deferred[Any] = defer.succeed(None)
        self.run_id: int | None = None
        self.engine: Engine = make_engine(self.url)  # no connection yet: from_crawler checks it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        if not crawler.settings.getbool("NEWSBOT_STORE_ENABLED", True):
            raise NotConfigured("NEWSBOT_STORE_ENABLED is off")
        pipeline = cls(crawler)
        try:  # before the crawl starts: an unreachable database is one clear line and a non-zero exit
            check_connection(pipeline.engine)
        except DatabaseUnavailable as exc:
            logger.critical("%s", exc)
            raise
        return pipeline

    # --- lifecycle -------------------------------------------------------------------------
    def open_spider(self) -> None:
        from newsbot.db.migrate import upgrade

        spider = self.crawler.spider
        upgrade(self.url)  # idempotent; keeps a fresh SQLite file or new database usable at once
        self.sessions = session_factory(self.engine)
        self._replay_spool()
        if spider is not None:  # the spider asks the database which URLs it already has
            spider.known_url_loader = self.known_urls  # type: ignore[attr-defined]
        logger.info("storing articles in %s", redact(str(self.engine.url.render_as_string(hide_password=False))))

    def known_urls(self, site: str) -> set[str]:
        with self.sessions() as session:
            return repository.known_canonical_urls(session, site)

    async def close_spider(self) -> None:
        self._cancel_timer()
        self._flush()
        try:
            await maybe_deferred_to_future(self._chain)
        finally:
            self.engine.dispose()

    # --- items -----------------------------------------------------------------------------
    async def process_item(self, item: Any) -> Any:
        """Resolves once the item's batch is committed (or spooled)."""
        d: defer.Deferred[Any] = defer.Deferred()
        self._buffer.append((ItemAdapter(item).asdict(), d, item))
        if len(self._buffer) >= self.batch_size:
            self._cancel_timer()
            self._flush()
        elif self._timer is None:
            # (zope interfaces read as plain classes without the mypy-zope plugin)
            self._timer = cast(IReactorTime, reactor).callLater(self.flush_seconds, self._on_timer)  # type: ignore[arg-type]
        return await maybe_deferred_to_future(d)

    def _on_timer(self) -> None:
        self._timer = None
        self._flush()

    def _cancel_timer(self) -> None:
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None

    def _flush(self) -> None:
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        rows = [row for row, _, _ in batch]
        run_id = getattr(self.crawler, "newsbot_run_id", None)

        def write(_: Any) -> defer.Deferred[Any]:
            return threads.deferToThread(self._write_with_retries, rows, run_id)

        def done(outcome: Any) -> None:
            for _, d, item in batch:
                d.callback(item)

        def failed(failure: Any) -> None:  # only when even the spool could not be written
            for _, d, _item in batch:
                d.errback(failure)

        self._chain.addCallback(write)
        self._chain.addCallbacks(done, failed)

    def _write_with_retries(self, rows: list[dict[str, Any]], run_id: int | None) -> str:
        """Runs in a worker thread. Returns 'stored' or 'spooled'; raises only if spooling fails."""
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                self._write(rows, run_id)
                return "stored"
            except SQLAlchemyError as exc:
                reason = error_reason(exc)
                if attempt < self.retries:
                    self.stats.inc_value("newsbot/store/retries")
                    logger.warning("database write failed (%s); retry %d/%d in %.1fs",
                                   reason, attempt + 1, self.retries, delay)
                    time.sleep(delay)
                    delay *= 2
                else:
                    path = self.spool.write(rows)
                    self.stats.inc_value("newsbot/store/spooled", len(rows))
                    logger.error("database still failing (%s): %d items spooled to %s; they are "
                                 "written to the database when the next crawl starts", reason, len(rows), path)
                    return "spooled"
        return "spooled"  # pragma: no cover - loop always returns

    def _write(self, rows: list[dict[str, Any]], run_id: int | None) -> None:
        with self.sessions.begin() as session:
            result = repository.upsert_articles(session, rows, crawl_run_id=run_id, seen_at=timeutil.now())
        self.stats.inc_value("newsbot/store/batches")
        self.stats.inc_value("newsbot/store/new", len(result.new))
        self.stats.inc_value("newsbot/store/updated", len(result.updated))
        self.stats.inc_value("newsbot/store/unchanged", len(result.unchanged))

    def _replay_spool(self) -> None:
        for path, rows in self.spool.pending():
            try:
                self._write(rows, None)
            except SQLAlchemyError as exc:
                logger.error("could not replay spool file %s (%s); it is kept for the next start", path, exc)
                return
            self.spool.done(path)
            self.stats.inc_value("newsbot/store/replayed", len(rows))
            logger.warning("replayed %d spooled items from %s into the database", len(rows), path)

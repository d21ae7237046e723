"""Crawl-run bookkeeping: one ``crawl_runs`` row per crawl, opened at start, completed at close.

Extension (``EXTENSIONS``). At ``spider_opened`` it syncs the ``sources`` table from the site
files and inserts the run; at ``spider_closed`` (after the pipelines flushed) it writes the
counts, the drop reasons, the Scrapy stats as JSON and logs one summary line.

Health checks (:mod:`newsbot.health`) run at close; failures are logged at ERROR, recorded on
the row (``health``, ``healthy``) and sent to the alert webhook (:mod:`newsbot.alerts`).

Settings: NEWSBOT_DATABASE_URL, NEWSBOT_STORE_ENABLED (off → no run rows either),
NEWSBOT_HEALTH_* (see newsbot.health), NEWSBOT_ALERT_* (see newsbot.alerts).
Stats read: newsbot/store/*, newsbot/dropped/*, newsbot/errors/*, item_scraped_count.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError

from newsbot import alerts, timeutil
from newsbot.db import repository
from newsbot.db.engine import error_reason, make_engine, session_factory
from newsbot.health import Thresholds, evaluate
from newsbot.health import messages as health_messages

logger = logging.getLogger(__name__)


def _jsonable(stats: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in stats.items():
        if isinstance(value, datetime):
            value = timeutil.to_shanghai(value).isoformat()
        try:
            json.dumps(value)
        except TypeError:
            value = str(value)
        out[key] = value
    return out


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The crawl_runs counters from Scrapy stats."""
    dropped = {k.split("/", 2)[2]: v for k, v in stats.items() if k.startswith("newsbot/dropped/")}
    for key, value in stats.items():
        if key.startswith("item_dropped_reasons_count/"):
            dropped.setdefault(key.split("/", 1)[1], value)
    errors = sum(v for k, v in stats.items() if k.startswith("newsbot/errors/")) + int(
        stats.get("log_count/ERROR", 0)
    )
    return {
        "items_scraped": int(stats.get("item_scraped_count", 0)),
        "items_new": int(stats.get("newsbot/store/new", 0)),
        "items_updated": int(stats.get("newsbot/store/updated", 0)),
        "items_unchanged": int(stats.get("newsbot/store/unchanged", 0)),
        "items_dropped": int(sum(v for k, v in stats.items() if k.startswith("newsbot/dropped/"))),
        "items_spooled": int(stats.get("newsbot/store/spooled", 0)),
        "drop_reasons": dropped,
        "errors": int(errors),
    }


class CrawlRunExtension:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.url = crawler.settings.get("NEWSBOT_DATABASE_URL")
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunExtension:
        if not crawler.settings.getbool("NEWSBOT_STORE_ENABLED", True):
            raise NotConfigured("storage is off")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        from newsbot.registry import sources

        self.engine = make_engine(self.url)
        self.sessions = session_factory(self.engine)
        self.started_at = timeutil.now()
        try:
            with self.sessions.begin() as session:
                repository.sync_sources(session, sources())
                self.run_id = repository.start_crawl_run(session, spider.name, self.started_at)
        except SQLAlchemyError as exc:
            logger.error("could not record the crawl run start: %s", str(exc).splitlines()[0])
            return
        self.crawler.newsbot_run_id = self.run_id  # type: ignore[attr-defined]

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.crawler.stats:
            self.link_unlinked(self.crawler.stats.get_stats())  # before the stats are recorded
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = summarize(stats)
        finished = timeutil.now()
        duration = (finished - self.started_at).total_seconds() if hasattr(self, "started_at") else 0.0
        logger.info(
            "crawl summary: spider=%s run=%s reason=%s scraped=%d new=%d updated=%d unchanged=%d "
            "dropped=%d spooled=%d errors=%d seconds=%.1f",
            spider.name, self.run_id, reason, counts["items_scraped"], counts["items_new"],
            counts["items_updated"], counts["items_unchanged"], counts["items_dropped"],
            counts["items_spooled"], counts["errors"], duration,
        )
        if counts["items_spooled"]:
            logger.warning("%d items are in the spool, not yet in the database; the next crawl replays them",
                           counts["items_spooled"])
        if self.run_id is None:
            return
        health = self.check_health(spider, stats, finished)
        try:
            with self.sessions.begin() as session:
                repository.finish_crawl_run(
                    session, self.run_id, finished_at=finished, finish_reason=reason,
                    stats=_jsonable(stats), health=health, healthy=health.get("healthy"), **counts,
                )
        except SQLAlchemyError as exc:
            logger.error("could not record the crawl run end (run %s): %s", self.run_id, str(exc).splitlines()[0])
        finally:
            self.engine.dispose()
        if not health.get("healthy", True):
            for line in health_messages(health):
                logger.error("crawl health: spider=%s run=%s %s", spider.name, self.run_id, line)
            alerts.send_unhealthy(
                self.crawler.settings, source=spider.name, run_id=self.run_id, health=health,
                finished_at=finished.isoformat(), finish_reason=reason,
            )

    def link_unlinked(self, stats: dict[str, Any]) -> None:
        """Stored articles that dedupe did not see (its check failed while the database was away, or
        they came back from the spool at this crawl's start) are linked now, at most
        ``NEWSBOT_DEDUPE_BACKFILL_LIMIT`` (2000) per crawl; ``python -m newsbot.dedupe backfill`` does the rest."""
        settings = self.crawler.settings
        if not settings.getbool("NEWSBOT_DEDUPE_ENABLED", True):
            return
        if not (stats.get("newsbot/dedupe/errors") or stats.get("newsbot/store/replayed")):
            return
        from newsbot.dedupe.config import DedupeConfig
        from newsbot.dedupe.maintenance import backfill

        limit = settings.getint("NEWSBOT_DEDUPE_BACKFILL_LIMIT", 2000)
        try:
            counts = backfill(self.url, DedupeConfig.from_settings(settings), limit=limit)
        except SQLAlchemyError as exc:
            logger.error("could not link the articles dedupe missed (%s); run python -m newsbot.dedupe backfill",
                         error_reason(exc))
            return
        linked = sum(counts.values())
        if self.crawler.stats:
            self.crawler.stats.set_value("newsbot/dedupe/backfilled", linked)
        logger.log(logging.WARNING if linked else logging.INFO,
                   "dedupe: linked %d stored article(s) it had missed (%s)%s", linked,
                       ", ".join(f"{k}={v}" for k, v in sorted(counts.items())) or "none left",
                       "; more remain: run python -m newsbot.dedupe backfill" if linked >= limit else "")

    def check_health(self, spider: Spider, stats: dict[str, Any], finished: datetime) -> dict[str, Any]:
        """Run the health checks against this source's recent runs and newest article."""
        stale_days = getattr(spider, "stale_after_days", None)
        thresholds = Thresholds.from_settings(self.crawler.settings, stale_days)
        try:
            with self.sessions() as session:
                recent = repository.recent_run_stats(
                    session, spider.name, before_id=self.run_id or 0, limit=thresholds.baseline_runs
                )
                latest = repository.latest_first_seen(session, spider.name)
        except SQLAlchemyError as exc:
            logger.error("health checks could not read the database: %s", str(exc).splitlines()[0])
            recent, latest = [], None
        return evaluate(stats, recent_stats=recent, latest_new=latest, now=finished, thresholds=thresholds)

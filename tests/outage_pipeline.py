"""Test-only pipeline: takes the PostgreSQL database away in the middle of a crawl.

When the second item arrives and the store has committed the first, it forbids new connections to the crawl's database
and terminates the open ones (what a database restart or network cut looks like to the crawler).
Enabled only by tests/test_crawl_e2e.py through ``-s ITEM_PIPELINES=…``.
"""

from __future__ import annotations

import os
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from twisted.internet import defer, reactor, task


class OutagePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.done = False
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutagePipeline:
        return cls(crawler)

    @defer.inlineCallbacks
    def process_item(self, item: Any, spider: Spider) -> Any:
        self.seen += 1
        if self.seen >= 2 and not self.done:  # the first item goes on to the store untouched
            for _ in range(100):  # wait (≤10 s) until an item is committed
                if (self.crawler.stats.get_value("newsbot/store/new") or 0) >= 1:
                    break
                yield task.deferLater(reactor, 0.1, lambda: None)
            else:
                return item
            self.done = True
            url = make_url(os.environ["NEWSBOT_DATABASE_URL"])
            admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false'))
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": url.database})
            admin.dispose()
            spider.logger.warning("test: database %s taken away", url.database)
        return item

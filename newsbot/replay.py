"""Run crawls in this process against the offline snapshots (demo, benchmarks, tests).

A Twisted reactor cannot be restarted, so :func:`run_crawls` can be called once per process;
the scheduler runs ``scrapy crawl`` in child processes instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

BUNDLED_SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"


def replay_settings(snapshot_dir: Path | str = BUNDLED_SNAPSHOTS, **overrides: Any) -> Settings:
    """Project settings for a fast, offline replay: no delays, no throttling."""
    settings = get_project_settings()
    settings.setdict(
        {
            "NEWSBOT_SNAPSHOT_DIR": str(snapshot_dir),
            "NEWSBOT_SNAPSHOT_MODE": "replay",
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "LOG_LEVEL": "WARNING",
            "LOG_INSTALL_ROOT_HANDLER": False,
            "NEWSBOT_STORE_FLUSH_SECONDS": 0.2,  # small crawls: don't wait 2 s for a partial batch
            **overrides,
        },
        priority="cmdline",
    )
    return settings


@dataclass
class CrawlResult:
    spider: str
    stats: dict[str, Any] = field(default_factory=dict)

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)


def run_crawls(
    spiders: Iterable[str], settings: Settings, spider_args: dict[str, str] | None = None
) -> tuple[list[CrawlResult], float]:
    """Crawl each spider one after the other in one reactor; returns results and wall seconds."""
    process = CrawlerProcess(settings)
    results: list[CrawlResult] = []
    names = list(spiders)

    def crawl_next(_: Any = None) -> Any:
        if not names:
            return None
        name = names.pop(0)
        crawler = process.create_crawler(name)
        result = CrawlResult(spider=name)
        results.append(result)

        def keep_stats(_: Any) -> Any:
            result.stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
            return crawl_next()

        d = process.crawl(crawler, **(spider_args or {}))
        d.addBoth(keep_stats)
        return d

    started = time.perf_counter()
    crawl_next()
    process.start()
    return results, time.perf_counter() - started

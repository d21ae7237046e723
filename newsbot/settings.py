"""Scrapy settings for newsbot. Every newsbot setting is prefixed ``NEWSBOT_`` and can be given
with ``-s NAME=value`` or, for the ones read from the environment, as an environment variable."""

from __future__ import annotations

import os

BOT_NAME = "newsbot"
SPIDER_MODULES = ["spiders"]
COMMANDS_MODULE = "newsbot.scrapy_commands"
NEWSPIDER_MODULE = "spiders"

# --- newsbot ------------------------------------------------------------------------------
# Database URL; when unset, an SQLite file under ./data/ (see newsbot.db.engine).
NEWSBOT_DATABASE_URL = os.environ.get("NEWSBOT_DATABASE_URL")
# Offline snapshots: replay answers every request from this directory (404 when not recorded);
# record writes live responses there. Unset = normal network crawling.
NEWSBOT_SNAPSHOT_DIR = os.environ.get("NEWSBOT_SNAPSHOT_DIR")
NEWSBOT_SNAPSHOT_MODE = os.environ.get("NEWSBOT_SNAPSHOT_MODE")  # replay | record | off
# Where items go when the database stays down (replayed on the next start).
NEWSBOT_SPOOL_DIR = os.environ.get("NEWSBOT_SPOOL_DIR", os.path.join("data", "spool"))
NEWSBOT_CONTACT_URL = os.environ.get("NEWSBOT_CONTACT_URL", "https://github.com/newsbot-shanxi/newsbot")
NEWSBOT_STORE_ENABLED = True
NEWSBOT_STORE_BATCH_SIZE = 50
NEWSBOT_STORE_FLUSH_SECONDS = 2.0
NEWSBOT_STORE_RETRIES = 3
NEWSBOT_STORE_RETRY_BACKOFF = 1.0

# Crawl health (newsbot.health): checked when every crawl closes, recorded on crawl_runs.
NEWSBOT_HEALTH_MAX_ERROR_RATE = float(os.environ.get("NEWSBOT_HEALTH_MAX_ERROR_RATE", "0.2"))
NEWSBOT_HEALTH_MIN_REQUESTS = 5
NEWSBOT_HEALTH_COVERAGE_DROP = float(os.environ.get("NEWSBOT_HEALTH_COVERAGE_DROP", "0.3"))
NEWSBOT_HEALTH_BASELINE_RUNS = 5
NEWSBOT_HEALTH_MIN_ITEMS = 3
NEWSBOT_HEALTH_STALE_DAYS = float(os.environ.get("NEWSBOT_HEALTH_STALE_DAYS", "3"))
# Alerts (newsbot.alerts): POSTed for unhealthy runs when a webhook URL is set.
NEWSBOT_ALERT_WEBHOOK_URL = os.environ.get("NEWSBOT_ALERT_WEBHOOK_URL")
NEWSBOT_ALERT_FORMAT = os.environ.get("NEWSBOT_ALERT_FORMAT", "json")  # json | dingtalk | wecom
NEWSBOT_ALERT_TIMEOUT = 10.0

# --- politeness -----------------------------------------------------------------------------
USER_AGENT = f"newsbot/0.1 (+{NEWSBOT_CONTACT_URL}; Shanxi health-news monitor)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- components -----------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Low number: its process_request runs first (replay answers before anything downloads) and
    # its process_response runs last (records the decompressed body).
    "newsbot.snapshots.SnapshotMiddleware": 50,
}
EXTENSIONS = {
    "newsbot.crawlrun.CrawlRunExtension": 100,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,  # required fields present; drops (and counts) only empty records
    "pipelines.dedupe.DedupePipeline": 300,  # URL/text/near-duplicate: links reprints, never drops them
    "pipelines.classify.ClassifyPipeline": 400,  # health/region/topic/risk/institution labels, never drops
    "pipelines.store.StorePipeline": 800,  # batched upsert into the database, spooled when it is down
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("NEWSBOT_LOG_LEVEL", "INFO")

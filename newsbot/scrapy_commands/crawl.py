"""``scrapy crawl`` with a database pre-check: an unreachable database is one clear line and exit 2.

Without it the failure surfaces deep inside the crawl start-up as several tracebacks.
"""

from __future__ import annotations

import sys
from argparse import Namespace

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newsbot.db.engine import DatabaseUnavailable, check_connection, make_engine


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: Namespace) -> None:
        assert self.settings is not None
        if self.settings.getbool("NEWSBOT_STORE_ENABLED", True) and "StorePipeline" in str(
            self.settings.getdict("ITEM_PIPELINES") or self.settings.get("ITEM_PIPELINES")
        ):
            engine = make_engine(self.settings.get("NEWSBOT_DATABASE_URL"))
            try:
                check_connection(engine)
            except DatabaseUnavailable as exc:
                print(f"newsbot: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
            finally:
                engine.dispose()
        super().run(args, opts)

"""``scrapy crawl`` with a database pre-check and the per-source crawl lock.

* An unreachable database is one clear line (URL with the password redacted) and exit 2 —
  without the check the failure surfaces deep inside the start-up as several tracebacks.
* Only one crawl of a source runs at a time (:mod:`newsbot.locks`): when another process — a
  scheduler, an operator's crawl, on this machine or another — holds the source's lock, this one
  says who holds it and exits with 75 (EX_TEMPFAIL: "try again later") without crawling or
  writing a crawl_runs row. ``-s NEWSBOT_CRAWL_LOCK=0`` skips the lock (never needed in normal use).
"""

from __future__ import annotations

import sys
from argparse import Namespace

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from newsbot.db.engine import DatabaseUnavailable, check_connection, make_engine
from newsbot.locks import crawl_lock

EXIT_DATABASE_UNAVAILABLE = 2
EXIT_LOCKED = 75


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: Namespace) -> None:
        assert self.settings is not None
        stores = self.settings.getbool("NEWSBOT_STORE_ENABLED", True) and "StorePipeline" in str(
            self.settings.getdict("ITEM_PIPELINES") or self.settings.get("ITEM_PIPELINES")
        )
        if not stores or len(args) != 1:  # no database involved (or Scrapy's own usage error)
            super().run(args, opts)
            return
        url = self.settings.get("NEWSBOT_DATABASE_URL")
        engine = make_engine(url)
        try:
            check_connection(engine)
        except DatabaseUnavailable as exc:
            print(f"newsbot: {exc}", file=sys.stderr)
            self.exitcode = EXIT_DATABASE_UNAVAILABLE
            return
        finally:
            engine.dispose()
        if not self.settings.getbool("NEWSBOT_CRAWL_LOCK", True):
            super().run(args, opts)
            return
        try:
            with crawl_lock(url, args[0]) as lock:
                if not lock.acquired:
                    print(f"newsbot: not crawling {args[0]}: another crawl of it is running "
                          f"({lock.holder or 'holder unknown'}); exiting", file=sys.stderr)
                    self.exitcode = EXIT_LOCKED
                    return
                super().run(args, opts)
        except DatabaseUnavailable as exc:
            print(f"newsbot: {exc}", file=sys.stderr)
            self.exitcode = EXIT_DATABASE_UNAVAILABLE

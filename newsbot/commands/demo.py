"""``demo``: replay every spider's bundled snapshots through the full pipeline into the database.

Sources that ship no snapshots (config sources marked ``snapshots = false``) are listed and
skipped: replaying them could only answer 404s. Start URLs, listed articles and later listing
pages that were not recorded are answered 404 too (counted under ``errors``): a snapshot set
holds one listing page and a few articles per source, not the whole site.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="replay the bundled snapshots of every source into the database")
    p.add_argument("--snapshots", type=Path, default=None, help="snapshot directory (default: ./snapshots)")
    p.add_argument("--spider", action="append", help="only these sources (repeatable)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsbot.crawlrun import summarize
    from newsbot.db.engine import check_connection, database_url, make_engine, redact
    from newsbot.registry import sources
    from newsbot.replay import BUNDLED_SNAPSHOTS, replay_settings, run_crawls

    check_connection(make_engine())  # a clear one-line error before any crawl starts
    root = Path(args.snapshots or BUNDLED_SNAPSHOTS)
    if args.spider:
        names, skipped = list(args.spider), []
    else:
        names = [cls.name for cls in sources() if (root / cls.name).is_dir()]
        skipped = [cls.name for cls in sources() if not (root / cls.name).is_dir()]
    settings = replay_settings(root)
    if not args.json:
        print(f"newsbot demo: replaying snapshots of {len(names)} source(s) into {redact(database_url())}")
        if skipped:
            print(f"  no snapshots (skipped): {', '.join(skipped)}")
    results, seconds = run_crawls(names, settings, {"full": "1"})
    rows = []
    for r in results:
        counts = summarize(r.stats)  # the same counts as the run's crawl_runs row
        rows.append({
            "source": r.spider,
            "pages": r.stat("newsbot/snapshots/replayed"),
            "articles": counts["items_scraped"],
            "new": counts["items_new"],
            "updated": counts["items_updated"],
            "unchanged": counts["items_unchanged"],
            "no_article": counts["items_dropped"],
            "reprints": r.stat("newsbot/dedupe/reprints"),
            "health": r.stat("newsbot/classify/health"),
            "spooled": counts["items_spooled"],
            "errors": counts["errors"],
            "finish": r.stats.get("finish_reason", "?"),
        })
    if args.json:
        print(json.dumps({"seconds": round(seconds, 2), "sources": rows}, ensure_ascii=False))
    else:
        from newsbot.commands._table import format_table

        print(format_table(rows))
        total = sum(r["articles"] for r in rows)
        print(f"{total} articles from {len(rows)} sources in {seconds:.1f}s "
              f"({total / seconds if seconds else 0:.1f} articles/s)")
    failed = [r for r in rows if r["finish"] != "finished"]
    return 1 if failed else 0

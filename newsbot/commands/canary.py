"""``canary``: fetch one listing and one article per source live; report where each field came from.

``python -m newsbot canary [--site NAME] [--json]`` — for a machine with internet, run by hand
(or on a schedule outside CI) to notice layout changes early. Per source it fetches the first
start URL, takes the first article link the listing rules find, fetches that article and prints,
per field, ``site`` (a site rule matched), ``fallback`` (page metadata, generic analysis, the URL)
or ``missing``. Nothing is stored.

Exit codes: 0 every source gave an article with title and body from any rule; 1 some source did
not (its row says why); 2 offline (no source could be reached — one clear line) or refused in CI.
It refuses to run when ``CI`` is set: CI has no internet and must not hit live sites.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from newsbot.commands.record import FetchError, fetch_live

FIELDS = ("title", "published_at", "source", "author", "editor", "body", "breadcrumb")


def provenance(rules: dict[str, str], name: str) -> str:
    rule = rules.get(name, "")
    if not rule:
        return "missing"
    return "site" if rule.startswith("site:") else "fallback"


def check_source(site: Any, timeout: float) -> dict[str, Any]:
    """One source: listing → first article → field provenance. Never raises on a site's failure."""
    from newsbot.extraction import extract
    from newsbot.snapshots import make_response, make_site_spider

    row: dict[str, Any] = {"source": site.name, "listing": None, "article": None, "ok": False,
                           "offline": False, "error": None, "fields": {}}
    spider: Any = make_site_spider(site)
    try:
        start = site.start_urls[0]
        listing = fetch_live(start, timeout, site.obey_robots)
        row["listing"] = listing.url
        response = make_response(listing.url, listing.body, listing.headers, listing.status)
        entries = list(spider.listing_entries(response))
        if not entries:
            row["error"] = "listing has no article links (layout change?)"
            return row
        article_url = site.fetch_url(entries[0][0])
        page = fetch_live(article_url, timeout, site.obey_robots)
        row["article"] = page.url
    except FetchError as exc:
        row["error"], row["offline"] = str(exc), exc.offline
        return row
    ext = extract(page.url, page.body, page.headers, site=site)
    row["fields"] = {name: provenance(ext.rules, name) for name in FIELDS}
    row["rules"] = dict(ext.rules)
    row["ok"] = ext.ok
    if not ext.ok:
        row["error"] = f"no article: {ext.no_article}"
    return row


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("canary", help="live check: per source, which fields site rules still find (needs internet; never in CI)")
    p.add_argument("--site", action="append", help="only these sources (repeatable)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--allow-ci", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsbot.commands._table import format_table
    from newsbot.registry import source, sources

    if os.environ.get("CI", "").lower() in {"1", "true", "yes"} and not args.allow_ci:
        print("canary: refusing to run in CI (it fetches live sites); run it by hand on a machine with internet",
              file=sys.stderr)
        return 2
    try:
        sites = [source(n) for n in args.site] if args.site else sources()
    except KeyError as exc:
        print(f"canary: {exc.args[0]}", file=sys.stderr)
        return 2
    rows = [check_source(site, args.timeout) for site in sites]
    if rows and all(r["offline"] for r in rows):
        print(f"canary: offline — {rows[0]['error']}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        table = [{"site": r["source"], **{f: r["fields"].get(f, "-") for f in FIELDS},
                  "result": "ok" if r["ok"] else (r["error"] or "failed")} for r in rows]
        print(format_table(table))
    return 0 if all(r["ok"] for r in rows) else 1

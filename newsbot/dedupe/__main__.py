"""``python -m newsbot.dedupe cluster FILE.jsonl``: the production clustering over a file of items.

(``python -m newsbot.dedupe backfill [--db URL]`` links stored articles that the dedupe stage has
not seen: a database filled before this stage existed, or items replayed from the spool;
``python -m newsbot.dedupe reindex [--db URL]`` recomputes band hashes after the shingle/MinHash/band
settings changed.)

Each input line is ``{"id", "url", "site", "title", "text", "published_at"?}``. The items are
checked-and-inserted in file order by the same ``Deduper`` the crawl pipeline uses, against a
throwaway SQLite database migrated to the head (``--db URL`` uses another one, e.g. PostgreSQL),
with the ``NEWSBOT_DEDUPE_*`` settings from the environment. Output: one ``{"id", "cluster"}`` line
per input line, in input order, where ``cluster`` is the story-cluster id after every item was
seen (an item that never clusters - empty or boilerplate-only text - gets ``"none:<id>"``).

Two input lines with the same canonical URL are kept as two documents (the second gets the id as
a URL fragment), since an evaluation file may list the same page from two hosts on purpose.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from newsbot import timeutil
from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory
from newsbot.db.migrate import upgrade
from newsbot.dedupe.clusterer import DedupeDoc, Deduper
from newsbot.dedupe.config import DedupeConfig
from newsbot.dedupe.maintenance import backfill, reindex
from newsbot.urls import canonicalize_url


def _published(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return timeutil.to_shanghai(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def read_items(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            item = json.loads(line)
            item.setdefault("id", str(number))
            yield item


def cluster_items(items: list[dict[str, Any]], db_url: str, config: DedupeConfig) -> list[dict[str, Any]]:
    """Check-and-insert every item; return ``{"id", "cluster"}`` per item in input order."""
    upgrade(db_url)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    deduper = Deduper(config)
    keys: dict[str, str] = {}
    try:
        for item in items:
            url = canonicalize_url(str(item.get("url") or f"urn:item:{item['id']}"))
            if url in keys.values():
                url = f"{url}#{item['id']}"
            keys[str(item["id"])] = url
            doc = DedupeDoc(canonical_url=url, site=str(item.get("site") or ""), title=item.get("title"),
                            body=item.get("text"), published_at=_published(item.get("published_at")))
            with sessions.begin() as session:
                deduper.check_and_insert(session, doc)
        out = []
        with sessions() as session:
            for item in items:
                fp = repository.get_fingerprint(session, keys[str(item["id"])])
                cluster = fp.cluster_id if fp is not None else None
                out.append({"id": item["id"], "cluster": cluster if cluster is not None else f"none:{item['id']}"})
        return out
    finally:
        engine.dispose()


def main(argv: list[str] | None = None, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.dedupe", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("cluster", help="cluster a JSONL file of items with the production logic")
    cmd.add_argument("file", type=Path)
    cmd.add_argument("--db", help="database URL (default: a throwaway SQLite file)")
    fill = sub.add_parser("backfill", help="link stored articles that have no fingerprint yet")
    fill.add_argument("--db", help="database URL (default: NEWSBOT_DATABASE_URL or ./data SQLite)")
    index = sub.add_parser("reindex", help="recompute bands made with other fingerprint parameters")
    index.add_argument("--db", help="database URL (default: NEWSBOT_DATABASE_URL or ./data SQLite)")
    args = parser.parse_args(argv)
    stdout = stdout or sys.stdout
    config = DedupeConfig.from_settings(os.environ)
    if args.command == "reindex":
        stdout.write(json.dumps({"reindexed": reindex(args.db, config)}) + "\n")
        return 0
    if args.command == "backfill":
        counts = backfill(args.db, config)
        stdout.write(json.dumps({"linked": sum(counts.values()), **counts}, ensure_ascii=False) + "\n")
        return 0
    with args.file.open(encoding="utf-8") as fh:
        items = list(read_items(fh))
    with tempfile.TemporaryDirectory(prefix="newsbot-dedupe-") as tmp:
        db_url = args.db or f"sqlite:///{Path(tmp) / 'dedupe.sqlite3'}"
        for row in cluster_items(items, db_url, config):
            stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

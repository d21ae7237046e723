"""``runs``: the recent crawl runs, newest first (``--source``, ``--limit``, ``--json``)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from newsbot import timeutil


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("runs", help="recent crawl runs with their counts and health")
    p.add_argument("--source", help="only this source")
    p.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="machine-readable output (includes the health details)")
    p.set_defaults(func=run)


def row_of(run: Any, details: bool) -> dict[str, Any]:
    seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    row: dict[str, Any] = {
        "id": run.id,
        "source": run.spider,
        "started": timeutil.isoformat(run.started_at) if details else f"{timeutil.to_shanghai(run.started_at):%m-%d %H:%M:%S}",
        "seconds": round(seconds, 1) if seconds is not None else None,
        "reason": run.finish_reason or ("running" if run.finished_at is None else "?"),
        "scraped": run.items_scraped,
        "new": run.items_new,
        "updated": run.items_updated,
        "dropped": run.items_dropped,
        "spooled": run.items_spooled,
        "errors": run.errors,
        "health": ",".join((run.health or {}).get("flags", [])) or ("ok" if run.healthy else "-"),
    }
    if details:
        row.update(finished=timeutil.isoformat(run.finished_at), host=run.hostname, pid=run.pid,
                   drop_reasons=run.drop_reasons, health_details=run.health)
    return row


def run(args: argparse.Namespace) -> int:
    from newsbot.commands._table import format_table
    from newsbot.db import repository
    from newsbot.db.engine import make_engine, session_factory

    engine = make_engine()
    try:
        with session_factory(engine)() as session:
            runs = repository.recent_runs(session, args.source, limit=args.limit)
            rows = [row_of(r, args.json) for r in runs]
    finally:
        engine.dispose()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_table(rows))
    return 0

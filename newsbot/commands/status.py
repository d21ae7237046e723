"""``status``: per source, the last run and its result, new articles, freshness, health flags and
the next scheduled run. ``runs``: the recent crawl runs. Both print a table, or ``--json``."""

from __future__ import annotations

import argparse
import json
import os
from datetime import datetime, timedelta
from typing import Any

from newsbot import timeutil


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("status", help="per source: last run, result, new articles, freshness, health, next run")
    p.add_argument("--schedule", default=os.environ.get("NEWSBOT_SCHEDULE_FILE"),
                   help="schedule file for the next-run column (default $NEWSBOT_SCHEDULE_FILE)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = (now - when).total_seconds()
    if seconds < 0:
        return "in the future"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit} ago"
    return f"{seconds:.0f} s ago"


def _local(when: datetime | None) -> str | None:
    return f"{timeutil.to_shanghai(when):%Y-%m-%d %H:%M}" if when else None


def result_of(run: Any) -> str:
    if run is None:
        return "never ran"
    if run.finished_at is None:
        return "running (or died)"
    reason = run.finish_reason or "?"
    if run.healthy is False:
        return f"{reason}, UNHEALTHY"
    return reason


def collect(schedule: str | None) -> list[dict[str, Any]]:
    from newsbot.db import repository
    from newsbot.db.engine import make_engine, session_factory
    from newsbot.registry import sources
    from newsbot.scheduling import build_jobs, load_config

    now = timeutil.now()
    engine = make_engine()
    try:
        with session_factory(engine)() as session:
            status = repository.source_status(session, since=now - timedelta(hours=24))
    finally:
        engine.dispose()
    known = sources()
    jobs = {j.source: j for j in build_jobs(known, load_config(schedule))}
    rows = []
    for name in sorted({c.name for c in known} | set(status)):
        st = status.get(name, {})
        run = st.get("last_run")
        job = jobs.get(name)
        next_run = job.next_run(now, run.started_at if run else None) if job else None
        health = (run.health or {}) if run else {}
        rows.append({
            "source": name,
            "last_run": _local(run.started_at) if run else None,
            "last_run_id": run.id if run else None,
            "result": result_of(run),
            "new_last_run": run.items_new if run else None,
            "errors_last_run": run.errors if run else None,
            "new_24h": st.get("new_since", 0),
            "articles": st.get("articles", 0),
            "latest_article": _ago(st.get("latest_first_seen"), now),
            "latest_first_seen": timeutil.isoformat(st.get("latest_first_seen")),
            "latest_published": timeutil.isoformat(st.get("latest_published")),
            "health": ",".join(health.get("flags", [])) or ("ok" if run and run.healthy else "-"),
            "next_run": _local(next_run) if job else "disabled" if name in {c.name for c in known} else "not a source",
        })
    return rows


def run(args: argparse.Namespace) -> int:
    from newsbot.commands._table import format_table

    rows = collect(args.schedule)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    cols = ["source", "last_run", "result", "new_last_run", "new_24h", "articles", "latest_article", "health", "next_run"]
    print(format_table(rows, cols))
    print(f"times in Asia/Shanghai; {sum(1 for r in rows if r['health'] not in ('ok', '-'))} source(s) with health flags")
    return 0

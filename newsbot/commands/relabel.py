"""``relabel``: re-classify stored articles after a rules change, in batches, and say what changed.

    python -m newsbot relabel [--since YYYY-MM-DD] [--batch-size N] [--dry-run] [--rules-dir DIR] [--json]

Reads articles in id order (keyset batches, one transaction per batch), labels them with the
current rules and writes back only the articles whose labels or rules version differ. Progress
goes to stderr; the summary (stdout) counts, per label, how many articles changed and how
(is_health false->true, risk none->alert, regions/topics/institutions added and removed).
``--since`` limits it to articles first seen on or after that day (Asia/Shanghai).
``--dry-run`` computes and reports the changes without writing them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date, datetime
from typing import Any

from newsbot import timeutil

COMPARED = ("is_health", "health_score", "is_shanxi", "regions", "topics", "risk_level", "risk_terms",
            "institutions", "classifier_version")
SETS = ("regions", "topics", "institutions")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("relabel", help="re-classify stored articles with the current rules; report what changed")
    p.add_argument("--since", type=_day, default=None, help="only articles first seen on/after YYYY-MM-DD")
    p.add_argument("--batch-size", type=int, default=500, help="articles per batch/transaction (default 500)")
    p.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    p.add_argument("--rules-dir", default=None, help="rules directory (default $NEWSBOT_CLASSIFY_RULES_DIR, "
                                                     "else the package's rules)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def _day(value: str) -> datetime:
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc
    return datetime(day.year, day.month, day.day, tzinfo=timeutil.SHANGHAI)


def _normal(key: str, value: Any) -> Any:
    if key in SETS or key == "risk_terms":
        return sorted(value or [])
    if key == "health_score":
        return None if value is None else round(float(value), 3)
    return value


class Summary:
    """What changed, per label."""

    def __init__(self) -> None:
        self.seen = 0
        self.changed = 0
        self.per_label: Counter[str] = Counter()
        self.transitions: dict[str, Counter[str]] = {}
        self.added: dict[str, Counter[str]] = {k: Counter() for k in SETS}
        self.removed: dict[str, Counter[str]] = {k: Counter() for k in SETS}

    def compare(self, old: dict[str, Any], new: dict[str, Any]) -> bool:
        self.seen += 1
        differs = False
        for key in COMPARED:
            before, after = _normal(key, old.get(key)), _normal(key, new.get(key))
            if before == after:
                continue
            differs = True
            self.per_label[key] += 1
            if key in ("is_health", "is_shanxi", "risk_level"):
                self.transitions.setdefault(key, Counter())[f"{before}->{after}"] += 1
            elif key in SETS:
                self.added[key].update(set(after) - set(before))
                self.removed[key].update(set(before) - set(after))
        self.changed += differs
        return differs

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.seen,
            "changed": self.changed,
            "per_label": dict(self.per_label.most_common()),
            "transitions": {k: dict(v.most_common()) for k, v in self.transitions.items()},
            "added": {k: dict(v.most_common(10)) for k, v in self.added.items() if v},
            "removed": {k: dict(v.most_common(10)) for k, v in self.removed.items() if v},
        }


def relabel(session_maker: Any, classifier: Any, *, since: datetime | None = None, batch_size: int = 500,
            dry_run: bool = False, progress: Any = None) -> Summary:
    """Re-classify the stored articles; returns the summary. ``progress(done, total)`` after each batch."""
    from newsbot.db import repository

    summary = Summary()
    with session_maker() as session:
        total = repository.count_articles_for_labels(session, since=since)
    after_id = 0
    while True:
        with session_maker() as session:
            rows = repository.articles_for_labels(session, since=since, after_id=after_id, limit=batch_size)
            if not rows:
                break
            updates: dict[int, dict[str, Any]] = {}
            for row in rows:
                labels = classifier.classify(row.get("title"), row.get("body"), row.get("publisher_region")).as_dict()
                if summary.compare(row, labels):
                    updates[row["id"]] = labels
            if updates and not dry_run:
                repository.update_labels(session, updates)
                session.commit()
            after_id = rows[-1]["id"]
        if progress is not None:
            progress(summary.seen, total)
    return summary


def run(args: argparse.Namespace) -> int:
    import os

    from newsbot.classify import Classifier
    from newsbot.db.engine import check_connection, make_engine, redact, session_factory

    if args.batch_size < 1:
        print("relabel: --batch-size must be at least 1", file=sys.stderr)
        return 2
    classifier = Classifier(rules_dir=args.rules_dir or os.environ.get("NEWSBOT_CLASSIFY_RULES_DIR") or None)
    engine = make_engine()
    check_connection(engine)
    started = time.monotonic()
    mode = " (dry run: nothing is written)" if args.dry_run else ""
    print(f"relabel: rules {classifier.version} on {redact(str(engine.url.render_as_string(hide_password=False)))}{mode}",
          file=sys.stderr)

    def progress(done: int, total: int) -> None:
        print(f"relabel: {done}/{total} articles", file=sys.stderr, flush=True)

    try:
        summary = relabel(session_factory(engine), classifier, since=args.since, batch_size=args.batch_size,
                          dry_run=args.dry_run, progress=progress)
    finally:
        engine.dispose()
    report = {"classifier_version": classifier.version, "dry_run": args.dry_run,
              "seconds": round(time.monotonic() - started, 2), **summary.as_dict()}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_summary(report))
    return 0


def format_summary(report: dict[str, Any]) -> str:
    verb = "would change" if report["dry_run"] else "changed"
    lines = [f"relabel with rules {report['classifier_version']}: {report['articles']} articles, "
             f"{report['changed']} {verb} ({report['seconds']} s)"]
    for label, count in report["per_label"].items():
        detail = ""
        if label in report["transitions"]:
            detail = ", ".join(f"{k} {v}" for k, v in report["transitions"][label].items())
        elif label in SETS:
            added = ", ".join(f"+{k} {v}" for k, v in report["added"].get(label, {}).items())
            removed = ", ".join(f"-{k} {v}" for k, v in report["removed"].get(label, {}).items())
            detail = "; ".join(x for x in (added, removed) if x)
        lines.append(f"  {label:<20} {count:>6}  {detail}".rstrip())
    return "\n".join(lines)

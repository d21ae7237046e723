"""Crawl health: checks run when every crawl closes, recorded on its ``crawl_runs`` row.

Pure functions of the run's Scrapy stats, the source's recent runs and its newest article, so
they are testable without a crawl. The checks and their settings (``-s`` or environment):

``items``      the listings yielded no article link at all, or article pages were fetched and
               none became an item — the site is down, blocks us, or changed its layout.
``error_rate`` errors / requests above ``NEWSBOT_HEALTH_MAX_ERROR_RATE`` (default 0.2), once at
               least ``NEWSBOT_HEALTH_MIN_REQUESTS`` (5) requests were made.
``coverage``   the share of title/published_at/body found by *site rules* (not the generic
               fallback) fell by more than ``NEWSBOT_HEALTH_COVERAGE_DROP`` (0.3) below the mean
               of the source's last ``NEWSBOT_HEALTH_BASELINE_RUNS`` (5) runs: the sign of a
               layout change. Needs ``NEWSBOT_HEALTH_MIN_ITEMS`` (3) parsed articles.
``stale``      no new article stored for ``NEWSBOT_HEALTH_STALE_DAYS`` (3) days (a site file may
               set ``stale_after_days`` for sources that publish rarely).

The result is ``{"healthy": bool, "flags": [...], "checks": {name: {...}}}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

COVERAGE_FIELDS = ("title", "published_at", "body")


@dataclass(frozen=True)
class Thresholds:
    max_error_rate: float = 0.2
    min_requests: int = 5
    coverage_drop: float = 0.3
    baseline_runs: int = 5
    min_items: int = 3
    stale_days: float = 3.0

    @classmethod
    def from_settings(cls, settings: Any, stale_days: float | None = None) -> Thresholds:
        return cls(
            max_error_rate=settings.getfloat("NEWSBOT_HEALTH_MAX_ERROR_RATE", cls.max_error_rate),
            min_requests=settings.getint("NEWSBOT_HEALTH_MIN_REQUESTS", cls.min_requests),
            coverage_drop=settings.getfloat("NEWSBOT_HEALTH_COVERAGE_DROP", cls.coverage_drop),
            baseline_runs=settings.getint("NEWSBOT_HEALTH_BASELINE_RUNS", cls.baseline_runs),
            min_items=settings.getint("NEWSBOT_HEALTH_MIN_ITEMS", cls.min_items),
            stale_days=stale_days if stale_days is not None
            else settings.getfloat("NEWSBOT_HEALTH_STALE_DAYS", cls.stale_days),
        )


def _sum(stats: Mapping[str, Any], prefix: str) -> int:
    return int(sum(v for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int | float)))


def error_count(stats: Mapping[str, Any]) -> int:
    """Errors of a run: newsbot's own, spider exceptions, download failures, 5xx answers."""
    return (
        _sum(stats, "newsbot/errors/")
        + _sum(stats, "spider_exceptions/")
        + _sum(stats, "downloader/exception_type_count/")
        + _sum(stats, "downloader/response_status_count/5")
    )


def site_rule_coverage(stats: Mapping[str, Any]) -> dict[str, float] | None:
    """Per field, the share of parsed articles whose value came from site rules (None: too few)."""
    parsed = int(stats.get("newsbot/article/parsed", 0) or 0)
    if not parsed:
        return None
    return {f: int(stats.get(f"newsbot/fields/{f}/site", 0) or 0) / parsed for f in COVERAGE_FIELDS}


def check_items(stats: Mapping[str, Any]) -> dict[str, Any]:
    links = int(stats.get("newsbot/listing/links", 0) or 0)
    parsed = int(stats.get("newsbot/article/parsed", 0) or 0)
    scraped = int(stats.get("item_scraped_count", 0) or 0)
    if links == 0:
        return {"ok": False, "links": links, "message": "the listings gave no article link"}
    if parsed and scraped == 0:
        return {"ok": False, "parsed": parsed, "message": f"{parsed} article pages parsed, none gave an article"}
    return {"ok": True, "links": links, "items": scraped}


def check_error_rate(stats: Mapping[str, Any], t: Thresholds) -> dict[str, Any]:
    requests = int(stats.get("downloader/request_count", 0) or 0)
    errors = error_count(stats)
    rate = errors / requests if requests else 0.0
    ok = requests < t.min_requests or rate <= t.max_error_rate  # too few requests to judge a rate
    out: dict[str, Any] = {"ok": ok, "errors": errors, "requests": requests, "rate": round(rate, 3),
                           "threshold": t.max_error_rate}
    if not ok:
        out["message"] = f"error rate {rate:.0%} ({errors}/{requests}) over {t.max_error_rate:.0%}"
    return out


def check_coverage(
    stats: Mapping[str, Any], recent: Sequence[Mapping[str, Any]], t: Thresholds
) -> dict[str, Any]:
    """Compare this run's site-rule coverage with the mean over recent runs' stats."""
    now = site_rule_coverage(stats)
    parsed = int(stats.get("newsbot/article/parsed", 0) or 0)
    if now is None or parsed < t.min_items:
        return {"ok": True, "skipped": f"fewer than {t.min_items} articles parsed"}
    baselines = [c for c in (site_rule_coverage(r) for r in recent[: t.baseline_runs]) if c is not None]
    if not baselines:
        return {"ok": True, "coverage": now, "skipped": "no earlier runs to compare with"}
    baseline = {f: sum(b[f] for b in baselines) / len(baselines) for f in COVERAGE_FIELDS}
    dropped = {f: round(baseline[f] - now[f], 3) for f in COVERAGE_FIELDS if baseline[f] - now[f] > t.coverage_drop}
    out: dict[str, Any] = {
        "ok": not dropped,
        "coverage": {f: round(v, 3) for f, v in now.items()},
        "baseline": {f: round(v, 3) for f, v in baseline.items()},
        "threshold": t.coverage_drop,
    }
    if dropped:
        fields = ", ".join(f"{f} {baseline[f]:.0%}→{now[f]:.0%}" for f in dropped)
        out["message"] = f"site rules found fewer fields than in recent runs ({fields}): layout change?"
    return out


def check_staleness(latest_new: datetime | None, now: datetime, t: Thresholds) -> dict[str, Any]:
    if latest_new is None:
        return {"ok": True, "skipped": "no article stored yet"}
    age = now - latest_new
    ok = age <= timedelta(days=t.stale_days)
    out: dict[str, Any] = {"ok": ok, "latest_new_article": latest_new.isoformat(),
                           "age_days": round(age.total_seconds() / 86400, 2), "threshold_days": t.stale_days}
    if not ok:
        out["message"] = f"no new article for {age.days} days (last {latest_new:%Y-%m-%d %H:%M})"
    return out


def evaluate(
    stats: Mapping[str, Any],
    *,
    recent_stats: Sequence[Mapping[str, Any]] = (),
    latest_new: datetime | None = None,
    now: datetime,
    thresholds: Thresholds | None = None,
) -> dict[str, Any]:
    """All checks of one finished run."""
    t = thresholds or Thresholds()
    checks = {
        "items": check_items(stats),
        "error_rate": check_error_rate(stats, t),
        "coverage": check_coverage(stats, recent_stats, t),
        "stale": check_staleness(latest_new, now, t),
    }
    flags = [name for name, c in checks.items() if not c["ok"]]
    return {"healthy": not flags, "flags": flags, "checks": checks}


def messages(health: Mapping[str, Any]) -> list[str]:
    return [f"{name}: {health['checks'][name].get('message', 'failed')}" for name in health.get("flags", [])]

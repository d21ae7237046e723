"""Config-driven sources: a site the generic extractor reads well is a few lines of data, no code.

``sources.toml`` (repository root; another file via ``NEWSBOT_SOURCES_FILE``) holds one
``[[source]]`` table per site::

    [[source]]
    name = "taiyuan_wjw"                       # spider name: scrapy crawl taiyuan_wjw
    site_name = "太原市卫生健康委员会"
    start_urls = ["https://wjw.taiyuan.gov.cn/"]
    article_url = '/\\d{6}/t\\d{8}_\\d+\\.s?html$'  # regex an article link must match
    publisher_region = "140100"                # GB/T 2260 code
    tier = "official"                          # official | media | portal | reposter
    crawl_interval_minutes = 120
    evidence = "what is verified, what is modelled, what to check live"
    # optional: allowed_domains (default: the start URLs' hosts), page_url, page_url_applies,
    # next_page = [selectors], max_pages, obey_robots = false + robots_reason,
    # snapshots = false + snapshots_reason (the registry test then expects none),
    # [source.rules] title/published_at/source/author/editor/body/breadcrumb = [selectors]

:func:`build_classes` turns every entry into a :class:`~newsbot.spider.NewsSpider` subclass;
``spiders/configured.py`` exposes them to Scrapy's spider loader, so they appear in
``scrapy list``, the registry, the ``sources`` table and the scheduler like any site file.
A malformed entry is a :class:`ConfigError` naming the entry and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

from newsbot.extraction import ArticleRules
from newsbot.spider import TIERS, ListingRules, NewsSpider
from newsbot.urls import host_of

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "sources.toml"
RULE_FIELDS = ("title", "subtitle", "published_at", "source", "author", "editor", "body", "breadcrumb", "drop")
_KNOWN_KEYS = {
    "name", "site_name", "start_urls", "article_url", "publisher_region", "tier", "crawl_interval_minutes",
    "evidence", "allowed_domains", "page_url", "page_url_applies", "next_page", "max_pages", "obey_robots",
    "robots_reason", "snapshots", "snapshots_reason", "rules", "verified",
}


class ConfigError(ValueError):
    """A ``sources.toml`` entry that cannot become a source."""


def sources_file() -> Path:
    return Path(os.environ.get("NEWSBOT_SOURCES_FILE") or DEFAULT_FILE)


def load_entries(path: Path | None = None) -> list[dict[str, Any]]:
    """The ``[[source]]`` tables of the file (none when it does not exist)."""
    path = path or sources_file()
    if not path.exists():
        return []
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    return entries


def _require(entry: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    label = entry.get("name", "?")
    if key not in entry:
        raise ConfigError(f"source {label!r}: missing {key!r}")
    value = entry[key]
    if not isinstance(value, kind) or value in ("", []):
        raise ConfigError(f"source {label!r}: {key!r} must be a non-empty {getattr(kind, '__name__', kind)}")
    return value


def build_class(entry: dict[str, Any]) -> type[NewsSpider]:
    """One spider class from one entry, validated."""
    name = _require(entry, "name", str)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ConfigError(f"source {name!r}: name must be lower-case letters, digits and _")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"source {name!r}: unknown keys {sorted(unknown)}")
    start_urls = _require(entry, "start_urls", list)
    article_url = _require(entry, "article_url", str)
    try:
        re.compile(article_url)
    except re.error as exc:
        raise ConfigError(f"source {name!r}: article_url is not a valid regex: {exc}") from exc
    tier = _require(entry, "tier", str)
    if tier not in TIERS:
        raise ConfigError(f"source {name!r}: tier must be one of {TIERS}")
    region = _require(entry, "publisher_region", str)
    if not re.fullmatch(r"\d{6}", region):
        raise ConfigError(f"source {name!r}: publisher_region must be a 6-digit GB/T 2260 code")
    minutes = _require(entry, "crawl_interval_minutes", int)
    evidence = _require(entry, "evidence", str)
    obey_robots = bool(entry.get("obey_robots", True))
    if not obey_robots and not entry.get("robots_reason"):
        raise ConfigError(f"source {name!r}: obey_robots = false needs robots_reason")
    snapshots_reason = ""
    if entry.get("snapshots", True) is False:
        snapshots_reason = str(entry.get("snapshots_reason") or "")
        if not snapshots_reason:
            raise ConfigError(f"source {name!r}: snapshots = false needs snapshots_reason")
    rules = entry.get("rules", {})
    bad_rules = set(rules) - set(RULE_FIELDS)
    if bad_rules:
        raise ConfigError(f"source {name!r}: unknown rules {sorted(bad_rules)}")
    domains = entry.get("allowed_domains") or sorted({host_of(u) for u in start_urls})
    attrs: dict[str, Any] = {
        "__module__": "spiders.configured",
        "__doc__": f"{_require(entry, 'site_name', str)} — config-driven source ({sources_file().name}).\n\n{evidence}",
        "name": name,
        "site_name": entry["site_name"],
        "allowed_domains": list(domains),
        "start_urls": list(start_urls),
        "listing": ListingRules(
            article_url=article_url,
            next_page=tuple(entry.get("next_page", ())),
            page_url=entry.get("page_url"),
            page_url_applies=entry.get("page_url_applies", ""),
            max_pages=int(entry.get("max_pages", 3)),
        ),
        "article_rules": ArticleRules(**_rule_kwargs(rules)),
        "crawl_interval": timedelta(minutes=minutes),
        "publisher_region": region,
        "tier": tier,
        "obey_robots": obey_robots,
        "robots_reason": str(entry.get("robots_reason", "")),
        "snapshots_missing_reason": snapshots_reason,
        "verified": bool(entry.get("verified", False)),
        "configured": True,
    }
    class_name = "".join(part.capitalize() for part in name.split("_")) + "Spider"
    return type(class_name, (NewsSpider,), attrs)


def _rule_kwargs(rules: dict[str, Any]) -> dict[str, Any]:
    return {field: tuple(selectors) for field, selectors in rules.items()}


def build_classes(path: Path | None = None) -> list[type[NewsSpider]]:
    """Every configured source; names must be unique."""
    classes = [build_class(entry) for entry in load_entries(path)]
    names = [cls.name for cls in classes]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ConfigError(f"sources defined twice: {sorted(duplicates)}")
    return classes

"""The page's own metadata: government-CMS <meta> tags, Open Graph, JSON-LD, 163 data attributes.

Each function returns ``(value, rule)`` or ``(None, None)``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from parsel import Selector

from newsbot.extraction.text import clean_ws

_last: tuple[Any, dict[str, str]] | None = None


def _metas(sel: Selector) -> dict[str, str]:
    """Every ``<meta>``'s first non-empty content by lower-cased name/property/itemprop (one pass,
    remembered for the page last asked about)."""
    global _last
    root = sel.root
    if _last is not None and _last[0] is root:
        return _last[1]
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = clean_ws(meta.get("content"))
        if not content:
            continue
        for attr in ("name", "property", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    _last = (root, found)
    return found


def meta_content(sel: Selector, *names: str) -> tuple[str | None, str | None]:
    """Content of the first ``<meta name|property|itemprop=…>`` among ``names`` (case-insensitive)."""
    metas = _metas(sel)
    for name in names:
        value = metas.get(name.lower())
        if value:
            return value, f"meta:{name}"
    return None, None


def json_ld(sel: Selector) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for raw in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                graph = item.get("@graph")
                out.extend(g for g in graph if isinstance(g, dict)) if isinstance(graph, list) else out.append(item)
    return out


def ld_value(sel: Selector, key: str) -> tuple[str | None, str | None]:
    for item in json_ld(sel):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, list):
            value = "、".join(str(v.get("name") if isinstance(v, dict) else v) for v in value)
        if isinstance(value, str) and clean_ws(value):
            return clean_ws(value), f"jsonld:{key}"
    return None, None


def title(sel: Selector) -> tuple[str | None, str | None]:
    value, rule = meta_content(sel, "ArticleTitle", "og:title", "twitter:title")
    return (value, rule) if value else ld_value(sel, "headline")


def published(sel: Selector) -> tuple[str | None, str | None]:
    for getter in (
        lambda: meta_content(
            sel, "PubDate", "article:published_time", "publishdate", "pubdate", "og:release_date",
            "publish_time", "datePublished", "firstpublishedtime", "weibo:article:create_at",
        ),
        lambda: ld_value(sel, "datePublished"),
    ):
        value, rule = getter()
        if value:
            return value, rule
    attr = sel.xpath("/html/@data-publishtime").get()
    if attr and clean_ws(attr):
        return clean_ws(attr), "meta:html@data-publishtime"
    return None, None


def source(sel: Selector) -> tuple[str | None, str | None]:
    value, rule = meta_content(sel, "ContentSource", "source", "og:article:source", "article:source")
    if value:
        value = value.replace("来源：", "").replace("来源:", "").strip()
        value = re.sub(r"\s+(?:原创稿?|转载|供稿)$", "", value)
    return (value or None, rule if value else None)


def author(sel: Selector) -> tuple[str | None, str | None]:
    value, rule = meta_content(sel, "Author", "article:author", "og:article:author")
    if value and value not in {"网易", "新浪", "腾讯"} and not value.isdigit():
        return value, rule
    return ld_value(sel, "author")


def canonical(sel: Selector) -> tuple[str | None, str | None]:
    href = sel.xpath("//link[translate(@rel,'CANONIAL','canonial')='canonical']/@href").get()
    if href and href.strip():
        return href.strip(), "meta:link@canonical"
    value, rule = meta_content(sel, "og:url")
    return value, rule

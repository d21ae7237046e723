"""The pure extraction API: (url, body bytes, headers) → article fields with provenance.

Order per field: site rules (when the URL belongs to a known site) → the page's own metadata →
generic analysis. ``Extraction.rules`` records which rule produced each field, e.g.
``{"title": "site:h1.post_title::text", "source": "meta:ContentSource", "body": "generic:density"}``.

No Scrapy, no network: spiders, tests, benchmarks and ``python -m newsbot.extract`` all call
:func:`extract`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urljoin

from lxml import etree, html
from parsel import Selector

from newsbot.extraction import credits, dates, generic, metadata
from newsbot.extraction.encoding import decode
from newsbot.extraction.rules import ArticleRules, select, select_list, select_text
from newsbot.extraction.text import clean_ws, element_lines, images, remove, sanitize_html, strip_noise
from newsbot.timeutil import isoformat

MAX_BYTES = 8 * 1024 * 1024
"""Bodies beyond this are cut before parsing: no news article is that long; the cost stays bounded."""

MIN_BODY_CHARS = 20
ORIGINAL_TITLE_RE = re.compile(r"^[（(]?\s*(?:原标题|本文原标题|原题为?)\s*[:：]")

FIELDS = ("title", "subtitle", "published_at", "source", "author", "editor", "body", "breadcrumb")


class SiteLike(Protocol):
    """What extraction needs from a site file (the spider class)."""

    article_rules: ArticleRules

    @classmethod
    def canonicalize(cls, url: str) -> str: ...


@dataclass
class Extraction:
    url: str
    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    body: str | None = None
    body_html: str | None = None
    images: list[str] = field(default_factory=list)
    breadcrumb: list[str] = field(default_factory=list)
    encoding: str | None = None
    rules: dict[str, str] = field(default_factory=dict)
    next_pages: list[str] = field(default_factory=list)
    original_title: str | None = None
    no_article: str | None = None
    """Why this page holds no article (None when it does)."""

    @property
    def ok(self) -> bool:
        return self.no_article is None

    def set(self, name: str, value: Any, rule: str | None) -> bool:
        """Set a field if it is still empty; record the rule. Returns True when set."""
        if value in (None, "", []) or getattr(self, name) not in (None, "", []):
            return False
        setattr(self, name, value)
        if rule:
            self.rules[name] = rule
        return True

    def as_record(self) -> dict[str, Any]:
        """JSON-ready dict (datetimes as ISO strings in Asia/Shanghai)."""
        data = asdict(self)
        data["published_at"] = isoformat(self.published_at)
        return data


def _parse(text: str) -> etree._Element:
    """Parse HTML, surviving broken markup and content after an early ``</html>``."""
    parser = html.HTMLParser(recover=True, huge_tree=True, remove_comments=False)
    text = text.replace("\x00", "")
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = html.document_fromstring("<html><body></body></html>")
    # A page with a second <html> after an early </html>: libxml2 keeps parsing into the
    # same tree, so nothing is lost; nothing else to do here.
    return root


def extract(
    url: str,
    body: bytes,
    headers: Mapping[str, Any] | None = None,
    *,
    site: type[SiteLike] | None = None,
    fetched_at: datetime | None = None,
) -> Extraction:
    """Extract one article page. Never raises on bad input; ``no_article`` says what was wrong."""
    if site is None:
        from newsbot.registry import site_for_url

        site = site_for_url(url)
    if not body or not body.strip():
        return Extraction(url=url, no_article="empty response body")
    body = body[:MAX_BYTES]
    text, encoding = decode(body, headers)
    if "<" not in text[:2000] and text.count("\ufffd") > len(text) / 20:
        return Extraction(url=url, encoding=encoding, no_article="not HTML (binary or undecodable bytes)")
    root = _parse(text)
    sel = Selector(root=root, type="html")
    ext = Extraction(url=url, encoding=encoding)
    rules = site.article_rules if site is not None else ArticleRules()

    # 1. site rules, field by field
    for name in ("title", "subtitle", "published_at", "source", "author", "editor"):
        value, query = select_text(sel, getattr(rules, name), rules.patterns.get(name))
        if value and name == "published_at":
            parsed = dates.parse_datetime(value, fetched_at)
            ext.set(name, parsed, f"site:{query}")
        elif value and name == "editor":
            ext.set(name, credits.find_editor("编辑：" + value) if "编辑" not in value else credits.find_editor(value), f"site:{query}")
        elif value:
            ext.set(name, value, f"site:{query}")
    crumbs, query = select_list(sel, rules.breadcrumb)
    if len(crumbs) == 1 and (">" in crumbs[0] or "＞" in crumbs[0]):
        crumbs = [clean_ws(c) for c in re.split(r">+|＞+|»", crumbs[0]) if clean_ws(c)]
    ext.set("breadcrumb", crumbs, f"site:{query}" if query else None)

    container, container_rule = None, None
    for query in rules.body:
        found = select(sel, query)
        if found:
            container, container_rule = found[0].root, f"site:{query}"
            break

    # 2. page metadata
    for name, getter in (
        ("title", metadata.title),
        ("source", metadata.source),
        ("author", metadata.author),
    ):
        value, rule = getter(sel)
        if name == "title" and value:
            value = generic.strip_site_suffix(value)
        ext.set(name, value, rule)
    raw_time, rule = metadata.published(sel)
    if raw_time:
        ext.set("published_at", dates.parse_datetime(raw_time, fetched_at), rule)

    # 3. generic analysis
    page_title = clean_ws(" ".join(sel.xpath("//title//text()").getall())) or None
    if not ext.title:
        value, rule = generic.headline(root, page_title)
        ext.set("title", value, rule)
    if container is None:
        container = generic.find_container(root.body if root.find("body") is not None else root)
        container_rule = "generic:density" if container is not None else None

    if container is not None:
        _fill_body(ext, container, rules, url)
        if ext.body:
            ext.rules["body"] = container_rule or "generic:density"

    if not ext.published_at:
        page_text = " ".join(element_lines(root.body)) if root.find("body") is not None else ""
        m = re.search(r"(?:发布时间|发表时间|时间|日期)\s*[:：]?\s*([^\s].{8,25})", page_text)
        if (m and ext.set("published_at", dates.parse_datetime(m.group(1), fetched_at), "generic:label")) or ext.set("published_at", dates.parse_datetime(page_text[:3000], fetched_at), "generic:first-date"):
            pass
        else:
            ext.set("published_at", dates.date_from_url(url, fetched_at), "url")
    if not ext.source:
        info = " ".join(element_lines(root.body))[:5000] if root.find("body") is not None else ""
        ext.set("source", credits.find_source(info), "generic:label")

    # canonical URL and further pages
    canon, rule = (None, None)
    if rules.canonical:
        canon, rule = select_text(sel, rules.canonical)
    if not canon:
        canon, rule = metadata.canonical(sel)
    raw_canonical = urljoin(url, canon) if canon else url
    ext.canonical_url = site.canonicalize(raw_canonical) if site is not None else raw_canonical
    if rules.next_pages:
        pages = []
        for query in rules.next_pages:
            for href in select(sel, query).getall():
                absolute = urljoin(url, href.strip())
                if absolute != url and absolute not in pages:
                    pages.append(absolute)
        ext.next_pages = pages

    if site is not None and hasattr(site, "postprocess_article"):
        site.postprocess_article(ext, sel)

    if not ext.body or len(ext.body) < MIN_BODY_CHARS:
        ext.no_article = "no article body found" if not ext.body else f"body too short ({len(ext.body)} chars)"
    elif not ext.title:
        ext.no_article = "no title found"
    return ext


def _fill_body(ext: Extraction, container: etree._Element, rules: ArticleRules, url: str) -> None:
    node = copy.deepcopy(container)
    if rules.drop:
        wrapper = Selector(root=node, type="html")
        for query in rules.drop:
            for found in select(wrapper, query):
                if found.root is not node:
                    remove(found.root)
    strip_noise(node)
    lines = element_lines(node)
    kept: list[str] = []
    for line in lines:
        if ORIGINAL_TITLE_RE.match(line):
            ext.original_title = ext.original_title or line.strip("（）() ")
            continue
        if credits.is_credit_line(line):
            ext.set("editor", credits.find_editor(line), "body:credit-line")
            ext.set("source", credits.find_source(line), "body:credit-line")
            continue
        kept.append(line)
    if kept:
        lead = credits.lead_source(kept[0])
        ext.set("source", lead, "body:lead")
    ext.body = "\n".join(kept) or None
    ext.body_html = sanitize_html(node, url) if kept else None
    ext.images = images(node, url)


def join_pages(first: Extraction, others: list[Extraction]) -> Extraction:
    """Join pages 2..n of a multi-page article onto page 1 (its URL and metadata are kept)."""
    bodies = [first.body or ""] + [p.body or "" for p in others]
    htmls = [first.body_html or ""] + [p.body_html or "" for p in others]
    first.body = "\n".join(b for b in bodies if b) or None
    first.body_html = "\n".join(h for h in htmls if h) or None
    for page in others:
        for image in page.images:
            if image not in first.images:
                first.images.append(image)
    first.next_pages = []
    if first.body and len(first.body) >= MIN_BODY_CHARS and first.no_article and first.title:
        first.no_article = None
    return first

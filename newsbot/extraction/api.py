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

from newsbot.extraction import boilerplate, credits, dates, density, metadata, title
from newsbot.extraction.encoding import decode
from newsbot.extraction.rules import ArticleRules, select, select_list, select_text
from newsbot.extraction.text import clean_ws, element_lines, images, remove, sanitize_html
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


_AFTER_HTML = re.compile(r"</html\s*>", re.I)


def _parse(text: str) -> etree._Element:
    """Parse HTML, surviving broken markup and content after an early ``</html>``.

    libxml2 stops at the first ``</html>`` for some inputs and drops what follows, so every
    ``</html>`` except a final one is removed before parsing: the later markup then lands in the
    same tree, in order.
    """
    parser = html.HTMLParser(recover=True, huge_tree=True, remove_comments=False)
    text = text.replace("\x00", "")
    closings = list(_AFTER_HTML.finditer(text))
    if len(closings) > 1 or (closings and text[closings[-1].end():].strip()):
        text = _AFTER_HTML.sub("", text)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        root = html.document_fromstring("<html><body></body></html>")
    bodies = root.findall("body")
    for extra in bodies[1:]:  # a second <body> from the part after the early </html>
        if extra.text and extra.text.strip():
            bodies[0].append(etree.Element("p"))
            bodies[0][-1].text = extra.text
        for child in list(extra):
            bodies[0].append(child)
        root.remove(extra)
    return root


def extract(
    url: str,
    body: bytes,
    headers: Mapping[str, Any] | None = None,
    *,
    site: type[SiteLike] | None = None,
    fetched_at: datetime | None = None,
) -> Extraction:
    """Extract one article page. Never raises on bad input; ``no_article`` says what was wrong.

    ``fetched_at`` is the reference for relative times (昨天, 3小时前) and year-less dates; without
    it (a stored file of unknown age) such times are not guessed.
    """
    if site is None and url:
        from newsbot.registry import site_for_url

        site = site_for_url(url)
    if not body or not body.strip():
        return Extraction(url=url, no_article="empty response body")
    if len(body) > MAX_BYTES:
        body = body[:MAX_BYTES]
    text, encoding = decode(body, headers)
    head = text[:4096]
    if "<" not in head or head.count("\ufffd") > len(head) / 20 or head.count("\x00") > len(head) / 20:
        return Extraction(url=url, encoding=encoding, no_article="not HTML (binary or undecodable bytes)")
    root = _parse(text)
    sel = Selector(root=root, type="html")
    ext = Extraction(url=url, encoding=encoding)
    rules = site.article_rules if site is not None else ArticleRules()
    relative = fetched_at is not None

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
    meta_title = metadata.title(sel)
    for name, getter in (("source", metadata.source), ("author", metadata.author)):
        value, rule = getter(sel)
        ext.set(name, value, rule)
    raw_time, time_rule = metadata.published(sel)
    meta_time = dates.parse_datetime(raw_time, fetched_at, relative=relative) if raw_time else None

    # 3. generic analysis
    body_root = root.find("body")
    if body_root is None:
        body_root = root
    page_title = clean_ws(" ".join(sel.xpath("//title//text()").getall())) or None
    headline = title.headline(body_root, page_title, meta_title, None)
    headline_el = headline[2]
    if container is None:
        container = density.find_container(body_root, headline_el)
        container_rule = "generic:density" if container is not None else None
    if not ext.title:
        if headline_el is None:  # no agreement with metadata: position decides, so container first
            headline = title.headline(body_root, page_title, meta_title, container)
            headline_el = headline[2]
        ext.set("title", headline[0], headline[1])
    if not ext.subtitle:
        ext.set("subtitle", title.subtitle(headline_el, ext.title), "generic:next-to-headline")

    info: list[str] = []
    credit_lines: list[str] = []
    lead: str | None = None
    if container is not None:
        info, credit_lines, lead = _fill_body(ext, container, rules, url)
        if ext.body:
            ext.rules["body"] = container_rule or "generic:density"

    # lines between the headline and the article text hold the time/来源/作者 line
    head_lines = info + _lines_after_headline(body_root, headline_el, container)
    if meta_time is not None:
        ext.set("published_at", meta_time, time_rule)
    text_time, text_rule = dates.from_lines(head_lines, fetched_at, relative=relative)
    if text_time is not None and (ext.published_at is None or (ext.rules.get("published_at", "").startswith("meta") and dates.better(ext.published_at, raw_time, text_time))):
        ext.published_at = None
        ext.set("published_at", text_time, f"generic:{text_rule}")
    if ext.published_at is None:
        ext.set("published_at", dates.from_scripts(sel.xpath("//script/text()").getall(), fetched_at), "generic:script")
    if ext.published_at is None:
        ext.set("published_at", dates.date_from_url(url, fetched_at), "url")

    head_text = "\n".join(head_lines)
    ext.set("source", credits.find_source(head_text), "generic:info-line")
    ext.set("author", credits.find_author(head_text), "generic:info-line")
    ext.set("editor", credits.find_editor(head_text), "generic:info-line")
    for line in credit_lines:
        ext.set("editor", credits.find_editor(line), "body:credit-line")
        ext.set("source", credits.find_source(line), "body:credit-line")
        ext.set("author", credits.find_author(line), "body:credit-line")
    ext.set("source", lead, "body:lead")

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


def _lines_after_headline(body_root: etree._Element, headline_el: etree._Element | None, container: etree._Element | None) -> list[str]:
    """Text lines from the headline up to the article container (at most 12 lines)."""
    if headline_el is None:
        return []
    lines: list[str] = []
    started = False
    stop = container
    for el in body_root.iter():
        if el is headline_el:
            started = True
            continue
        if not started:
            continue
        if el is stop or len(lines) >= 12:
            break
        if not isinstance(el.tag, str) or el.tag.lower() in ("script", "style"):
            continue
        if el.text and el.text.strip():
            lines.append(clean_ws(el.text))
        if el.tail and el.tail.strip() and el.getparent() is not None:
            lines.append(clean_ws(el.tail))
    return lines


def _fill_body(ext: Extraction, container: etree._Element, rules: ArticleRules, url: str) -> tuple[list[str], list[str], str | None]:
    """Body text, HTML and images from the container.

    Returns the info lines removed from its top and bottom, the credit lines removed from the
    body, and the outlet named in a lead such as ``黄河新闻网运城讯`` (if any).
    """
    node = copy.deepcopy(container)
    if rules.drop:
        wrapper = Selector(root=node, type="html")
        for query in rules.drop:
            for found in select(wrapper, query):
                if found.root is not node:
                    remove(found.root)
    boilerplate.clean_container(node)
    lines = element_lines(node)
    titles = [t for t in (ext.title, ext.subtitle) if t]
    lines, info = boilerplate.filter_lines(lines, titles)
    kept: list[str] = []
    trailing: list[str] = []
    for line in lines:
        if ORIGINAL_TITLE_RE.match(line):
            ext.original_title = ext.original_title or line.strip("（）() ")
            continue
        if credits.is_credit_line(line):
            trailing.append(line)
            continue
        kept.append(line)
    ext.body = "\n".join(kept) or None
    ext.body_html = sanitize_html(node, url) if kept else None
    ext.images = images(node, url)
    return info, trailing + [line for line in info if credits.is_credit_line(line)], (credits.lead_source(kept[0]) if kept else None)


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

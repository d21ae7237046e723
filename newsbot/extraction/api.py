"""The pure extraction API: (url, body bytes, headers) → article fields with provenance.

Order per field: site rules (when the URL belongs to a known site) → the page's own metadata →
generic analysis. ``Extraction.rules`` records which rule produced each field, e.g.
``{"title": "site:h1.post_title::text", "source": "meta:ContentSource", "body": "generic:density"}``.

No Scrapy, no network: spiders, tests, benchmarks and ``python -m newsbot.extract`` all call
:func:`extract`.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Protocol, cast
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree
from parsel import Selector

from newsbot.extraction import boilerplate, credits, dates, density, metadata, title
from newsbot.extraction.encoding import decode
from newsbot.extraction.rules import ArticleRules, select, select_list, select_text
from newsbot.extraction.text import clean_ws, element_lines, images, remove, sanitize_html, text_of
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
_OPEN_RUN = re.compile(r"(?:<([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>\s*){32,}")
_CLOSE_RUN = re.compile(r"(?:</[a-zA-Z][a-zA-Z0-9]*\s*>\s*){32,}")


def _flatten_deep(text: str) -> str:
    """Collapse runs of 32+ consecutive opening (or closing) tags with no text between to one."""
    text = _OPEN_RUN.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1], text)
    return _CLOSE_RUN.sub(lambda m: m.group(0)[: m.group(0).index(">") + 1], text)


def _parse(text: str) -> etree._Element:
    """Parse HTML, surviving broken markup and content after an early ``</html>``.

    libxml2 stops at the first ``</html>`` for some inputs and drops what follows, so every
    ``</html>`` except a final one is removed before parsing: the later markup then lands in the
    same tree, in order.
    """
    parser = etree.HTMLParser(recover=True, huge_tree=True, remove_comments=False)
    text = text.replace("\x00", "")
    closings = list(_AFTER_HTML.finditer(text))
    if len(closings) > 1 or (closings and text[closings[-1].end():].strip()):
        text = _AFTER_HTML.sub("", text)
    root = None
    with contextlib.suppress(etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = etree.fromstring(text, parser=parser)
        if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
            # libxml2 drops what lies deeper than 2048 levels; runs of empty wrapper tags carry
            # no text, so collapse them and parse again
            text = _flatten_deep(text)
            root = etree.fromstring(text, parser=parser)
    if root is None:
        root = etree.fromstring("<html><body></body></html>", parser=parser)
    if root.find("body") is None:
        etree.SubElement(root, "body")
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

        site = cast("type[SiteLike] | None", site_for_url(url))
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
    headline_el = _nearest_twin(body_root, headline_el, container)
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
    # some templates print the date and 来源 just above the headline
    head_lines += _lines_before_headline(body_root, headline_el)
    if meta_time is not None:
        ext.set("published_at", meta_time, time_rule)
    text_time, text_rule = dates.from_lines(head_lines, fetched_at, relative=relative)
    shown = text_time is not None
    page_lines: list[str] | None = None
    if text_time is None:  # no headline region: a labelled date anywhere, or the first under the title
        page_lines = element_lines(body_root, limit=800)
        text_time, text_rule = dates.from_lines(page_lines, fetched_at, relative=relative, labelled_only=True)
        if text_time is None and ext.title:
            below = _below_title(page_lines, ext.title)
            text_time, text_rule = dates.from_lines(below, fetched_at, relative=relative)
            shown = text_time is not None
        text_rule = f"page-{text_rule}" if text_rule else None
    from_meta = ext.rules.get("published_at", "").startswith(("meta", "jsonld"))
    if text_rule and text_rule.endswith("updated"):
        shown = from_meta = False  # an update time never overrides a publish time from metadata
    if text_time is not None and (ext.published_at is None or (from_meta and dates.better(ext.published_at, raw_time, text_time, shown=shown))):
        ext.published_at = None
        ext.set("published_at", text_time, f"generic:{text_rule}")
    if ext.published_at is None:
        ext.set("published_at", dates.from_scripts(sel.xpath("//script/text()").getall(), fetched_at), "generic:script")
    if ext.published_at is None:
        ext.set("published_at", dates.date_from_url(url, fetched_at), "url")

    head_text = "\n".join(head_lines)
    ext.set("source", credits.find_source(head_text), "generic:info-line")
    ext.set("source", _marked_source(headline_el, container), "generic:source-element")
    ext.set("source", credits.source_beside_date(head_lines), "generic:beside-date")
    ext.set("source", credits.platform_account(head_lines), "generic:platform-account")
    byline_name, byline_outlet = credits.byline_outlet(head_lines)
    ext.set("source", byline_outlet, "generic:byline")
    ext.set("author", byline_name, "generic:byline")
    ext.set("author", credits.find_author(head_text), "generic:info-line")
    ext.set("editor", credits.find_editor(head_text), "generic:info-line")
    for line in credit_lines:
        ext.set("editor", credits.find_editor(line), "body:credit-line")
        ext.set("source", credits.find_source(line), "body:credit-line")
        ext.set("author", credits.find_author(line), "body:credit-line")
    ext.set("source", lead, "body:lead")
    if ext.source is None:  # self-media pages: the account's name is the source
        ext.set("source", _account_name(body_root), "generic:account")
    if ext.source is None:  # no headline region: a labelled source anywhere on the page
        page_lines = page_lines if page_lines is not None else element_lines(body_root, limit=800)
        ext.set("source", credits.find_source("\n".join(line for line in page_lines if len(line) <= 80)), "generic:page-label")

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
    elif url and container is not None:
        ext.next_pages = _generic_next_pages(body_root, url)
        if ext.next_pages:
            ext.rules["next_pages"] = "generic:pagination"

    if site is not None and hasattr(site, "postprocess_article"):
        site.postprocess_article(ext, sel)

    if not ext.body or len(ext.body) < MIN_BODY_CHARS:
        ext.no_article = "no article body found" if not ext.body else f"body too short ({len(ext.body)} chars)"
    elif not ext.title:
        ext.no_article = "no title found"
    return ext


_SOURCE_MARKED = (
    "following::*[position() <= 400][contains(@class,'source') or contains(@id,'source') or contains(@class,'laiyuan')"
    " or contains(@id,'laiyuan')][position() <= 8]"
)


_ACCOUNT_MARKED = (
    ".//*[contains(@class,'nickname') or contains(@id,'nickname') or contains(@class,'author-name')"
    " or contains(@class,'account-name') or contains(@class,'media-name') or contains(@id,'media_name')]"
)


def _account_name(body_root: etree._Element) -> str | None:
    """A self-media account's name (公众号/百家号 pages name it in a 'nickname'/'author-name' block)."""
    for el in body_root.xpath(_ACCOUNT_MARKED)[:5]:
        value = credits.clean_source(text_of(el))
        if value:
            return value
    return None


def _marked_source(headline_el: etree._Element | None, container: etree._Element | None) -> str | None:
    """The outlet in an element named 'source' between the headline and the article text."""
    if headline_el is None:
        return None
    limit = container.sourceline if container is not None else None
    for el in headline_el.xpath(_SOURCE_MARKED):
        if (container is not None and (el is container or container in el.iterancestors())) or (limit and el.sourceline and el.sourceline > limit):
            break  # past the start of the article: a source named further down is someone else's
        value = credits.clean_source(text_of(el))
        if value:
            return value
    return None


_PAGE_SUFFIX = re.compile(r"[-_](\d{1,2})$")
_PAGE_LINK_TEXT = re.compile(r"^[【\[(（]?\s*(?:\d{1,2}|第\s*\d{1,2}\s*页|下一页|下页|next)\s*[】\])）]?$", re.I)


def _generic_next_pages(body_root: etree._Element, url: str) -> list[str]:
    """Pages 2..n of a multi-page article (分页): links labelled with a page number or 下一页
    whose address is this page's with ``_2``/``-2`` added before the extension, in page order."""
    parts = urlsplit(url)
    stem, dot, ext = parts.path.rpartition(".")
    if not dot or "/" in ext:
        return []
    base = _PAGE_SUFFIX.sub("", stem)
    found: dict[int, str] = {}
    for a in body_root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or not _PAGE_LINK_TEXT.match(clean_ws(text_of(a))):
            continue
        target = urlsplit(urljoin(url, href))
        if target.netloc != parts.netloc:
            continue
        t_stem, t_dot, t_ext = target.path.rpartition(".")
        m = _PAGE_SUFFIX.search(t_stem)
        if t_dot and t_ext == ext and m and t_stem[: m.start()] == base and int(m[1]) >= 2:
            found.setdefault(int(m[1]), urlunsplit(target._replace(fragment="")))
    return [found[n] for n in sorted(found) if found[n] != url][:20]


def _nearest_twin(body_root: etree._Element, headline_el: etree._Element | None, container: etree._Element | None) -> etree._Element | None:
    """Of several same-text headlines (a mobile header and the page's own), the last one above
    the article container: the date and 来源 line sit under that one."""
    if headline_el is None or container is None or not container.sourceline:
        return headline_el
    wanted = clean_ws(text_of(headline_el))
    best = headline_el
    for el in body_root.iter(headline_el.tag):
        if el is headline_el or not el.sourceline or el.sourceline > container.sourceline:
            continue
        if clean_ws(text_of(el)) == wanted and (best.sourceline or 0) < el.sourceline:
            best = el
    return best


def _below_title(lines: list[str], headline: str) -> list[str]:
    """The lines under the first line that shows the headline (at most 8)."""
    squashed = headline.replace(" ", "")
    for index, line in enumerate(lines):
        if len(line) >= 4 and line.replace(" ", "") in squashed and len(line) >= 0.5 * len(headline):
            return lines[index + 1 : index + 9]
    return []


def _lines_before_headline(body_root: etree._Element, headline_el: etree._Element | None) -> list[str]:
    """The last few short lines above the headline (a header block's date and 来源)."""
    if headline_el is None:
        return []
    block = headline_el
    for _ in range(2):  # the header block: the headline's parent or grandparent
        parent = block.getparent()
        if parent is None or parent is body_root:
            break
        block = parent
    lines = element_lines(block, until=headline_el, limit=200)
    return [line for line in lines[-4:] if len(line) <= 60]


def _lines_after_headline(body_root: etree._Element, headline_el: etree._Element | None, container: etree._Element | None) -> list[str]:
    """Text lines from the headline up to the article container (at most 12 lines)."""
    if headline_el is None:
        return []
    return element_lines(body_root, after=headline_el, until=container, limit=12)


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
    lines, info, tail = boilerplate.filter_lines(lines, titles)
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
    credit_lines = trailing + [line for line in info + tail if credits.is_credit_line(line)]
    return info, credit_lines, (credits.lead_source(kept[0]) if kept else None)


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

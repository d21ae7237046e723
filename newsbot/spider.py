"""The generic news spider: listings → article pages → ``ArticleItem``.

Site files in ``spiders/`` subclass :class:`NewsSpider` and declare data only (name, domains,
start URLs, :class:`ListingRules`, :class:`~newsbot.extraction.ArticleRules`, crawl interval,
region, tier). A site with a real oddity overrides one method in its own file.

Spider arguments (``scrapy crawl <site> -a name=value``):

* ``full=1``     crawl every listing page up to ``max_pages`` even when a page brings nothing new
* ``since=YYYY-MM-DD``  skip listed articles older than that, stop paging once a listing page
  holds only older articles, and store no article published before it
* ``max_pages=N`` page limit per start URL (default: the site's ``listing.max_pages``)
* ``refresh=1``  download article URLs that are already stored (to pick up edits)

Stats: ``newsbot/listing/pages``, ``newsbot/listing/links``, ``newsbot/listing/new``,
``newsbot/listing/known``, ``newsbot/listing/stopped_no_new``, ``newsbot/article/parsed``,
``newsbot/article/older_than_since``,
``newsbot/dropped/<reason>``, ``newsbot/errors/<kind>``.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from newsbot import timeutil
from newsbot.extraction import ArticleRules, Extraction, extract, join_pages
from newsbot.extraction.dates import date_from_url, parse_datetime
from newsbot.items import ArticleItem
from newsbot.snapshots import MISSING_FLAG
from newsbot.urls import canonicalize_url

TIERS = ("official", "media", "portal", "reposter")


@dataclass(frozen=True)
class ListingRules:
    """How to find article links and further pages on a listing (column) page or feed."""

    article_url: str
    """Regex an absolute URL must match (``re.search``) to be an article link."""
    links: tuple[str, ...] = ("a::attr(href)",)
    """Selectors that yield candidate hrefs (HTML listings)."""
    next_page: tuple[str, ...] = ()
    """Selectors that yield the next listing page's href."""
    page_url: str | None = None
    """Template for listing page n≥2 when there is no next link: ``{base}`` (start URL without
    extension), ``{ext}`` (its extension incl. dot), ``{n}`` (page number), ``{n0}`` (n-1)."""
    format: str = "html"
    """``html``, ``json``, ``jsonp`` (a JSON list/object wrapped in a callback) or ``auto``
    (decided per response: a body that starts like JSON or ``callback(`` is a feed)."""
    page_url_applies: str = ""
    """Regex a start URL must match for ``page_url`` to apply (e.g. only ``node_N.htm`` column
    pages are paged, not a channel's home page). Empty: every start URL."""
    json_url_key: str = "docurl"
    """For json/jsonp feeds: the key of each entry's article URL."""
    json_time_key: str | None = "time"
    """For json/jsonp feeds: the key of each entry's time (used with ``since``)."""
    json_list_key: str | None = None
    """For json feeds whose entries sit under a key (dotted path), e.g. ``data.list``."""
    max_pages: int = 5


class NewsSpider(scrapy.Spider):
    """Base class of every site; holds no site knowledge itself."""

    name: ClassVar[str] = ""  # type: ignore[misc]
    site_name: ClassVar[str] = ""
    """Chinese name of the source, e.g. 网易山西."""
    allowed_domains: ClassVar[list[str]] = []
    start_urls: ClassVar[list[str]] = []  # type: ignore[misc]
    listing: ClassVar[ListingRules]
    article_rules: ClassVar[ArticleRules] = ArticleRules()
    crawl_interval: ClassVar[timedelta] = timedelta(hours=1)
    publisher_region: ClassVar[str | None] = None
    """GB/T 2260 code of where the outlet sits (140000 provincial, 1408xx 运城…)."""
    tier: ClassVar[str] = "media"
    """official | media | portal | reposter."""
    canonical: ClassVar[tuple[re.Pattern[str] | str, str] | None] = None
    """(pattern, template) of the site's canonical article URL; see :meth:`canonicalize`."""
    obey_robots: ClassVar[bool] = True
    robots_reason: ClassVar[str] = ""
    """Why a site file sets ``obey_robots = False`` (required then; shown in docs/sources.md)."""
    snapshots_missing_reason: ClassVar[str] = ""
    """Set (config sources only) when a source ships without snapshots, saying why."""

    def __init__(
        self,
        full: str | None = None,
        since: str | None = None,
        max_pages: str | None = None,
        refresh: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.full = _truthy(full)
        self.refresh = _truthy(refresh)
        self.since: date | None = date.fromisoformat(since) if since else None
        self.max_pages = int(max_pages) if max_pages else self.listing.max_pages
        self._known: set[str] | None = None
        self._seen: set[str] = set()

    # --- site hooks (override in a site file only for a real oddity) ----------------------
    @classmethod
    def canonicalize(cls, url: str) -> str:
        """One URL per article. With ``canonical = (pattern, template)`` an article URL that
        matches ``pattern`` (fragment and query removed) becomes ``template`` filled with the
        pattern's named groups (``host`` lower-cased); every other URL gets the generic rules
        (scheme, www/m hosts, fragments, tracking parameters…)."""
        if cls.canonical is not None:
            pattern, template = cls.canonical
            m = re.match(pattern, url.split("#")[0].split("?")[0])
            if m:
                groups = {k: v or "" for k, v in m.groupdict().items()}
                if "host" in groups:
                    groups["host"] = groups["host"].lower()
                return template.format(**groups)
        return canonicalize_url(url)

    @classmethod
    def fetch_url(cls, url: str) -> str:
        """The URL to download for a listed article link (e.g. desktop instead of mobile)."""
        return url

    @classmethod
    def publisher_region_for(cls, url: str) -> str | None:
        """GB/T 2260 code of the outlet behind this URL (a city channel may differ from the site)."""
        return cls.publisher_region

    @classmethod
    def is_article_url(cls, url: str) -> bool:
        return re.search(cls.listing.article_url, url) is not None

    @classmethod
    def settings_for_site(cls) -> dict[str, Any]:
        return {"ROBOTSTXT_OBEY": cls.obey_robots}

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        super().update_settings(settings)
        settings.setdict(cls.settings_for_site(), priority="spider")

    # --- known URLs (incremental crawling) -------------------------------------------------
    def known_urls(self) -> set[str]:
        """Canonical URLs already stored for this site (loaded once, from the database)."""
        if self._known is None:
            loader = getattr(self, "known_url_loader", None)
            self._known = set(loader(self.name)) if loader else set()
            self.logger.info("%d article URLs already stored for %s", len(self._known), self.name)
        return self._known

    # --- crawling ---------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for request in self.listing_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:  # Scrapy < 2.13
        yield from self.listing_requests()

    def listing_requests(self) -> Iterator[scrapy.Request]:
        for url in self.start_urls:
            yield self.listing_request(url, page=1, start_url=url)

    def listing_request(self, url: str, page: int, start_url: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            meta={"newsbot_kind": "listing", "page": page, "start_url": start_url},
            dont_filter=page == 1,
        )

    def parse(self, response: Response, **kwargs: Any) -> Any:
        return self.parse_listing(response)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        page: int = response.meta.get("page", 1)
        start_url: str = response.meta.get("start_url", response.url)
        self.crawler.stats.inc_value("newsbot/listing/pages")
        entries = list(self.listing_entries(response))
        self.crawler.stats.inc_value("newsbot/listing/links", len(entries))
        known = self.known_urls()
        new, older = 0, 0
        for url, when in entries:
            canonical = self.canonicalize(url)
            if self.since and when and when.date() < self.since:
                older += 1
                continue
            if canonical in self._seen:
                continue
            self._seen.add(canonical)
            if canonical in known and not self.refresh:
                self.crawler.stats.inc_value("newsbot/listing/known")
                continue
            new += 1
            self.crawler.stats.inc_value("newsbot/listing/new")
            yield self.article_request(self.fetch_url(url), canonical)
        if not entries:
            self.logger.warning("listing page has no article links (layout change?): %s", response.url)
            self.crawler.stats.inc_value("newsbot/listing/empty")
            return
        if new == 0 and not self.full:
            self.logger.info("listing page %d brought nothing new; stop paging: %s", page, response.url)
            self.crawler.stats.inc_value("newsbot/listing/stopped_no_new")
            return
        if self.since and older == len(entries):
            self.logger.info("listing page %d is older than %s; stop paging", page, self.since)
            return
        if page >= self.max_pages:
            return
        next_url = self.next_listing_url(response, page, start_url)
        if next_url:
            yield self.listing_request(next_url, page + 1, start_url)

    def listing_entries(self, response: Response) -> Iterable[tuple[str, datetime | None]]:
        """(absolute article URL, listed time or None) for each article link on a listing."""
        rules = self.listing
        if rules.format in ("json", "jsonp") or (rules.format == "auto" and looks_like_feed(response)):
            yield from self._feed_entries(response)
            return
        for query in rules.links:
            for href in response.css(query).getall() if not query.startswith("xpath:") else response.xpath(query[6:]).getall():
                url = urljoin(response.url, href.strip())
                if self.is_article_url(url):
                    yield url, date_from_url(url)

    def _feed_entries(self, response: Response) -> Iterable[tuple[str, datetime | None]]:
        data = parse_feed(response.text, "jsonp" if self.listing.format == "auto" else self.listing.format)
        if self.listing.json_list_key:
            for key in self.listing.json_list_key.split("."):
                data = data.get(key, []) if isinstance(data, dict) else []
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [])
        for entry in data if isinstance(data, list) else []:
            if not isinstance(entry, dict):
                continue
            url = entry.get(self.listing.json_url_key)
            if not isinstance(url, str) or not url:
                continue
            url = urljoin(response.url, url.strip())
            if not self.is_article_url(url):
                continue
            raw_time = entry.get(self.listing.json_time_key) if self.listing.json_time_key else None
            yield url, parse_feed_time(raw_time) if raw_time else date_from_url(url)

    def next_listing_url(self, response: Response, page: int, start_url: str) -> str | None:
        for query in self.listing.next_page:
            href = response.css(query).get() if not query.startswith("xpath:") else response.xpath(query[6:]).get()
            if href:
                return urljoin(response.url, href.strip())
        if self.listing.page_url and re.search(self.listing.page_url_applies, start_url):
            return listing_page_url(self.listing.page_url, start_url, page + 1)
        return None

    def article_request(self, url: str, canonical: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            meta={"newsbot_kind": "article", "canonical_url": canonical, **meta},
        )

    def parse_article(self, response: Response) -> Iterator[Any]:
        """Parse an article page; follow pages 2..n of a multi-page article (分页) in order."""
        fetched_at = timeutil.now()
        ext = self.extract(response, fetched_at)
        state: dict[str, Any] | None = response.meta.get("newsbot_multipage")
        if state is None:
            state = {"first": ext, "pages": [], "queue": [], "seen": {response.url},
                     "facts": _facts(response, fetched_at)}
        else:
            state["pages"].append(ext)
            state["facts"]["pages"].append(response.url)
        for url in ext.next_pages:  # page 1 may list every page, or only "下一页"
            if url not in state["seen"]:
                state["seen"].add(url)
                state["queue"].append(url)
        if state["queue"]:
            yield scrapy.Request(
                state["queue"].pop(0),
                callback=self.parse_article,
                errback=self.on_page_error,
                meta={"newsbot_kind": "article_page", "newsbot_multipage": state},
                dont_filter=True,
            )
            return
        yield from self.finish_article(state)

    def finish_article(self, state: dict[str, Any]) -> Iterator[ArticleItem]:
        first: Extraction = state["first"]
        if state["pages"]:
            first = join_pages(first, state["pages"])
            first.rules["pages"] = f"joined {len(state['pages']) + 1} pages"
        yield from self.emit(first, state["facts"])

    def on_page_error(self, failure: Failure) -> Iterator[Any]:
        """A later page of a multi-page article failed: keep the pages we have, and say so."""
        request = failure.request  # type: ignore[attr-defined]
        self.logger.warning("page of a multi-page article failed (%s); storing the pages fetched: %s",
                            failure.getErrorMessage(), request.url)
        self.crawler.stats.inc_value("newsbot/errors/article_page")
        state = request.meta["newsbot_multipage"]
        state["queue"].clear()
        yield from self.finish_article(state)

    def extract(self, response: Response, fetched_at: datetime) -> Extraction:
        site: Any = type(self)  # the class satisfies extraction's SiteLike protocol through class attributes
        return extract(response.url, response.body, response_headers(response), site=site, fetched_at=fetched_at)

    def emit(self, ext: Extraction, facts: dict[str, Any]) -> Iterator[ArticleItem]:
        if not ext.ok:
            reason = re.sub(r"\W+", "_", (ext.no_article or "unknown").split("(")[0].strip()).strip("_")
            self.crawler.stats.inc_value(f"newsbot/dropped/{reason}")
            self.logger.warning("no article stored for %s: %s", facts["url"], ext.no_article)
            return
        if self.since and ext.published_at and ext.published_at.date() < self.since:
            self.crawler.stats.inc_value("newsbot/article/older_than_since")
            self.logger.debug("published %s, before since=%s; not stored: %s", ext.published_at, self.since, facts["url"])
            return
        self.crawler.stats.inc_value("newsbot/article/parsed")
        for name in ("title", "published_at", "body"):
            rule = ext.rules.get(name, "")
            kind = "site" if rule.startswith("site:") else "fallback" if rule else "missing"
            self.crawler.stats.inc_value(f"newsbot/fields/{name}/{kind}")
        yield self.build_item(ext, facts)

    def build_item(self, ext: Extraction, facts: dict[str, Any]) -> ArticleItem:
        return ArticleItem(
            url=facts["url"],
            canonical_url=self.canonicalize(ext.canonical_url or facts["url"]),
            site=self.name,
            site_name=self.site_name,
            title=ext.title,
            subtitle=ext.subtitle,
            published_at=ext.published_at,
            published_at_rule=ext.rules.get("published_at"),
            source=ext.source,
            author=ext.author,
            editor=ext.editor,
            body=ext.body,
            body_html=ext.body_html,
            images=ext.images,
            breadcrumb=ext.breadcrumb,
            extraction=dict(ext.rules),
            page_urls=[facts["url"], *facts.get("pages", [])],
            fetched_at=facts["fetched_at"],
            http_status=facts["status"],
            encoding=ext.encoding,
            publisher_region=self.publisher_region_for(facts["url"]),
            source_tier=self.tier,
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        if response is not None and response.status == 404 and request.meta.get("page", 1) > 1:
            self.logger.info("listing ends before page %d (404): %s", request.meta["page"], request.url)
            return
        if response is not None and MISSING_FLAG in response.flags:  # counted as newsbot/snapshots/missing
            self.logger.info("replay: no snapshot of %s", request.url)
            return
        kind = f"http_{response.status}" if response is not None else type(failure.value).__name__
        self.crawler.stats.inc_value(f"newsbot/errors/{kind}")
        self.logger.warning("%s request failed (%s): %s", request.meta.get("newsbot_kind", "?"), kind, request.url)


def _facts(response: Response, fetched_at: datetime) -> dict[str, Any]:
    return {"url": response.url, "status": response.status, "fetched_at": fetched_at, "pages": []}


def _truthy(value: str | None) -> bool:
    return str(value or "").strip().lower() in {"1", "true", "yes", "on"}


def response_headers(response: Response) -> dict[str, str]:
    return {
        k.decode("latin-1"): (v[-1].decode("latin-1") if v else "")
        for k, v in response.headers.items()
    }


def looks_like_feed(response: Response) -> bool:
    head = response.body[:200].lstrip()
    return head[:1] in (b"[", b"{") or re.match(rb"^[\w.$]+\s*\(", head) is not None


_CALLBACK = re.compile(r"^\s*[\w.$]+\s*\(\s*(?P<body>.*)\)\s*;?\s*$", re.S)


def parse_feed(text: str, fmt: str) -> Any:
    """Parse a JSON or JSONP feed, tolerating 163's trailing comma before ``]``."""
    text = text.strip()
    if fmt == "jsonp":
        m = _CALLBACK.match(text)
        if m:
            text = m.group("body")
    text = re.sub(r",\s*([\]}])", r"\1", text)
    try:
        return json.loads(text)
    except ValueError:
        return []


def parse_feed_time(raw: Any) -> datetime | None:
    if isinstance(raw, int | float):
        return parse_datetime(str(int(raw / 1000 if raw > 1e11 else raw)))
    text = str(raw)
    m = re.match(r"(\d{2})/(\d{2})/(\d{4})\s+(\d{2}:\d{2}:\d{2})", text)  # 163: MM/DD/YYYY HH:MM:SS
    if m:
        text = f"{m.group(3)}-{m.group(1)}-{m.group(2)} {m.group(4)}"
    return parse_datetime(text)


def listing_page_url(template: str, start_url: str, n: int) -> str:
    parts = urlsplit(start_url)
    path = parts.path
    m = re.match(r"^(.*?)(\.[a-z]+)?$", path)
    base_path, ext = (m.group(1), m.group(2) or "") if m else (path, "")
    base = urlunsplit((parts.scheme, parts.netloc, base_path, "", ""))
    return template.format(base=base, ext=ext, n=n, n0=n - 1)

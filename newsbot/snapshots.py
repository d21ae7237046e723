"""Offline snapshots: recorded HTTP responses that replace the network.

A snapshot is one directory::

    <snapshot dir>/<site>/<slug>/
        response.json   {"url", "status", "headers": {...}, "synthetic": bool,
                         "modelled_on": "...", "recorded_at": "...", "kind": "listing"|"article"|...}
        body            the raw body bytes exactly as served (GBK pages stay GBK)
        expected.json   optional: the expected extraction output (UTF-8, sorted keys)

The ``Content-Type`` header keeps the charset, so decoding is exercised as on the live site.

``SnapshotMiddleware`` is a downloader middleware with three modes (setting ``NEWSBOT_SNAPSHOT_MODE``):

* ``replay`` - every request is answered from ``NEWSBOT_SNAPSHOT_DIR``; anything not recorded
  gets a 404. No request ever reaches the network.
* ``record`` - requests go to the network and each response is written as a snapshot
  (for a machine that has internet; this is how synthetic snapshots get replaced).
* ``off`` (default when no snapshot dir is set) - the middleware is not installed.

Settings: ``NEWSBOT_SNAPSHOT_DIR``, ``NEWSBOT_SNAPSHOT_MODE``, ``NEWSBOT_SNAPSHOT_DELAY`` (replay:
seconds to wait before each answer, a stand-in for network latency in benchmarks and shutdown tests; 0).
Stats: ``newsbot/snapshots/replayed``, ``newsbot/snapshots/missing``, ``newsbot/snapshots/recorded``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.response.html import HtmlResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future

from newsbot import timeutil

logger = logging.getLogger(__name__)

MISSING_FLAG = "snapshot_missing"
"""Flag of the 404 that replay answers for an unrecorded URL: a gap in the snapshots, not a site error."""

# Headers that describe the transfer, not the content: the stored body is already decoded
# from gzip/chunked framing, so keeping them would make the replayed response lie.
_TRANSFER_HEADERS = {"content-encoding", "content-length", "transfer-encoding", "connection", "set-cookie"}


def url_key(url: str) -> str:
    """The lookup key of a URL: scheme-less, fragment-less, so http/https recordings both match."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return urlunsplit(("", parts.netloc.lower(), path, parts.query, ""))


def slug_for(url: str) -> str:
    """A readable, filesystem-safe directory name for a URL."""
    parts = urlsplit(url)
    tail = re.sub(r"[^A-Za-z0-9._-]+", "_", (parts.netloc + parts.path).strip("/"))[-80:]
    digest = hashlib.sha1(url_key(url).encode()).hexdigest()[:8]
    return f"{tail}_{digest}".strip("_")


@dataclass
class Snapshot:
    path: Path
    url: str
    status: int
    headers: dict[str, str]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> bytes:
        return (self.path / "body").read_bytes()

    @property
    def synthetic(self) -> bool:
        return bool(self.meta.get("synthetic"))

    @property
    def kind(self) -> str | None:
        return self.meta.get("kind")

    @property
    def expected(self) -> dict[str, Any] | None:
        expected = self.path / "expected.json"
        if not expected.exists():
            return None
        data: dict[str, Any] = json.loads(expected.read_text(encoding="utf-8"))
        return data

    def to_response(self, request: Request | None = None) -> Response:
        return make_response(self.url, self.body, self.headers, self.status, request=request)


def make_response(
    url: str,
    body: bytes,
    headers: Mapping[str, str] | None = None,
    status: int = 200,
    request: Request | None = None,
) -> Response:
    """Build the Scrapy response class that matches the headers (HtmlResponse, TextResponse…)."""
    headers = dict(headers or {})
    raw = {k.encode("latin-1"): v.encode("latin-1") for k, v in headers.items()}
    cls = responsetypes.from_args(headers=raw, url=url, body=body)
    if cls is Response and body.lstrip()[:1] == b"<":
        cls = HtmlResponse
    return cls(url=url, status=status, headers=headers, body=body, request=request)


def load_snapshot(path: Path) -> Snapshot:
    meta = json.loads((path / "response.json").read_text(encoding="utf-8"))
    try:
        return Snapshot(
            path=path,
            url=meta["url"],
            status=int(meta.get("status", 200)),
            headers={str(k): str(v) for k, v in meta.get("headers", {}).items()},
            meta=meta,
        )
    except KeyError as exc:
        raise ValueError(f"snapshot {path}: response.json lacks {exc}") from exc


def iter_snapshots(root: Path, site: str | None = None) -> Iterator[Snapshot]:
    """Every snapshot under ``root`` (optionally one site's), in a stable order."""
    base = root / site if site else root
    for meta in sorted(base.glob("**/response.json")):
        yield load_snapshot(meta.parent)


class SnapshotStore:
    """Index of a snapshot directory by URL key."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._index: dict[str, Snapshot] = {}
        if self.root.exists():
            for snap in iter_snapshots(self.root):
                key = url_key(snap.url)
                if key in self._index:
                    raise ValueError(f"two snapshots for one URL {snap.url}: {self._index[key].path} and {snap.path}")
                self._index[key] = snap

    def __len__(self) -> int:
        return len(self._index)

    def get(self, url: str) -> Snapshot | None:
        return self._index.get(url_key(url))

    def write(
        self,
        site: str,
        url: str,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        **meta: Any,
    ) -> Path:
        """Write (or overwrite) a snapshot; returns its directory."""
        path = self.root / site / slug_for(url)
        path.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in headers.items() if k.lower() not in _TRANSFER_HEADERS}
        record = {
            "url": url,
            "status": status,
            "headers": kept,
            "synthetic": False,
            "recorded_at": timeutil.now().isoformat(timespec="seconds"),
            **meta,
        }
        (path / "body").write_bytes(body)
        (path / "response.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        self._index[url_key(url)] = load_snapshot(path)
        return path


def response_headers(response: Response) -> dict[str, str]:
    """Flatten Scrapy's multi-valued headers to one str each (last value wins)."""
    out: dict[str, str] = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        value = values[-1] if values else b""
        out[name] = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return out


class SnapshotMiddleware:
    """Downloader middleware: answer requests from snapshots, or record live responses."""

    def __init__(self, crawler: Crawler, root: Path, mode: str, delay: float = 0.0):
        self.crawler = crawler
        self.mode = mode
        self.delay = delay
        self.store = SnapshotStore(root)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SnapshotMiddleware:
        settings = crawler.settings
        root = settings.get("NEWSBOT_SNAPSHOT_DIR")
        mode = (settings.get("NEWSBOT_SNAPSHOT_MODE") or ("replay" if root else "off")).lower()
        if mode == "off" or not root:
            raise NotConfigured("no snapshot directory")
        if mode not in {"replay", "record"}:
            raise ValueError(f"NEWSBOT_SNAPSHOT_MODE must be replay, record or off, not {mode!r}")
        mw = cls(crawler, Path(root), mode, settings.getfloat("NEWSBOT_SNAPSHOT_DELAY", 0.0))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        spider.logger.info(
            "snapshots: %s mode, %d recorded responses in %s", self.mode, len(self.store), self.store.root
        )

    async def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        spider = spider or self.crawler.spider
        if self.mode != "replay":
            return None
        if self.delay > 0:
            from twisted.internet import reactor
            from twisted.internet.task import deferLater

            await maybe_deferred_to_future(deferLater(reactor, self.delay, lambda: None))
        snap = self.store.get(request.url)
        if snap is None:
            self._inc("missing", spider)
            logger.debug("snapshot missing, answering 404: %s", request.url)
            missing = make_response(request.url, b"", {"Content-Type": "text/plain"}, 404, request=request)
            return missing.replace(flags=[*missing.flags, MISSING_FLAG])
        self._inc("replayed", spider)
        return snap.to_response(request)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        spider = spider or self.crawler.spider
        if self.mode == "record" and not request.url.endswith("/robots.txt"):
            site = getattr(spider, "name", "unknown")
            kind = request.meta.get("newsbot_kind")
            self.store.write(site, response.url, response.status, response_headers(response), response.body, kind=kind)
            self._inc("recorded", spider)
        return response

    def _inc(self, key: str, spider: Spider | None = None) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newsbot/snapshots/{key}")


# --- expected output (fixtures → tests, record, canary) -----------------------------------------

EXPECTED_ARTICLE_FIELDS = (
    "canonical_url", "title", "subtitle", "published_at", "source", "author", "editor",
    "body", "images", "breadcrumb", "page_urls", "encoding",
)
"""Every field an article snapshot's ``expected.json`` states; an absent key means "must be empty"."""


def write_expected(path: Path, expected: Mapping[str, Any]) -> Path:
    """Write ``expected.json`` in the fixture format: UTF-8, ``ensure_ascii=False``, sorted keys."""
    target = path / "expected.json"
    target.write_text(json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def make_site_spider(site: type[Spider], **spider_args: Any) -> Spider:
    """A spider instance bound to a throwaway crawler (stats, settings), outside any crawl."""
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(site)
    spider = site.from_crawler(crawler, **spider_args)
    crawler.spider = spider
    return spider


def article_record(item: Any) -> dict[str, Any]:
    """The expected-output view of an ``ArticleItem``: non-empty fields only, times in ISO."""
    record: dict[str, Any] = {}
    for name in EXPECTED_ARTICLE_FIELDS:
        value = getattr(item, name, None)
        if name == "published_at" and value is not None:
            value = timeutil.isoformat(value)
        if value not in (None, "", [], {}):
            record[name] = value
    return record


def crawl_article(
    site: type[Spider], store: SnapshotStore, url: str, **spider_args: Any
) -> tuple[Any | None, dict[str, Any]]:
    """Run the site's article callback on a snapshot exactly as a crawl does, following 分页 pages.

    Returns the ``ArticleItem`` (None when the page holds no article) and the spider's stats.
    Later pages are answered from ``store``; one that is missing takes the spider's error path.
    """
    from scrapy.exceptions import IgnoreRequest
    from twisted.python.failure import Failure

    spider: Any = make_site_spider(site, **spider_args)
    request = spider.article_request(url, spider.canonicalize(url))
    snap = store.get(url)
    if snap is None:
        raise KeyError(f"no snapshot for {url}")
    pending: list[Any] = list(spider.parse_article(snap.to_response(request)))
    item = None
    while pending:
        out = pending.pop(0)
        if isinstance(out, Request):
            page = store.get(out.url)
            if page is None:
                failure = Failure(IgnoreRequest(f"no snapshot for {out.url}"))
                failure.request = out  # type: ignore[attr-defined]
                errback: Any = out.errback
                pending.extend(errback(failure) or [])
            else:
                callback: Any = out.callback
                pending.extend(callback(page.to_response(out)))
        else:
            item = out
    return item, dict(spider.crawler.stats.get_stats())


def listing_record(site: type[Spider], snap: Snapshot) -> dict[str, Any]:
    """What the site's listing rules find on a listing snapshot: article entries and the next page."""
    spider: Any = make_site_spider(site)
    start_url = snap.meta.get("start_url") or snap.url
    page = int(snap.meta.get("page", 1))
    request = Request(snap.url, meta={"newsbot_kind": "listing", "page": page, "start_url": start_url})
    response = snap.to_response(request)
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for url, when in spider.listing_entries(response):
        if url in seen:
            continue
        seen.add(url)
        entries.append({"url": url, "listed_at": timeutil.isoformat(when) if when else None})
    return {"entries": entries, "next_page": spider.next_listing_url(response, page, start_url)}

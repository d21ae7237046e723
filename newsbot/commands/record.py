"""``record``: save a live page into the snapshot format with a drafted ``expected.json``.

For a machine with internet: this is how a synthetic snapshot is replaced by a recording.
``python -m newsbot record URL [--site NAME] [--out snapshots/]`` fetches the page with the
project's User-Agent (robots.txt obeyed unless the site file opts out), stores ``body`` and
``response.json`` (``"synthetic": false``) under ``<out>/<site>/<slug>/``, follows and stores the
further pages of a multi-page article, and drafts ``expected.json`` from what the site rules
extract now, marked ``"reviewed": false``. The fixture test refuses a draft: check every field
against the page by hand, fix what is wrong, then delete the ``reviewed`` key.
Offline, it fails with one clear line and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MAX_PAGES = 10
"""Further pages of one multi-page article recorded at most."""


class FetchError(Exception):
    """A live fetch failed; ``offline`` when the network itself is unreachable."""

    def __init__(self, message: str, offline: bool = False):
        super().__init__(message)
        self.offline = offline


@dataclass
class Fetched:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


def user_agent() -> str:
    from scrapy.utils.project import get_project_settings

    return str(get_project_settings().get("USER_AGENT") or "newsbot")


def robots_allow(url: str, agent: str, timeout: float) -> bool:
    """True unless the host's robots.txt forbids ``url`` (an absent or broken robots.txt allows)."""
    parts = urlsplit(url)
    parser = urllib.robotparser.RobotFileParser()
    try:
        request = urllib.request.Request(f"{parts.scheme}://{parts.netloc}/robots.txt", headers={"User-Agent": agent})
        with urllib.request.build_opener().open(request, timeout=timeout) as response:
            parser.parse(response.read().decode("utf-8", "replace").splitlines())
    except (urllib.error.URLError, OSError, ValueError):
        return True
    return parser.can_fetch(agent, url)


def fetch_live(url: str, timeout: float = 20.0, obey_robots: bool = True) -> Fetched:
    """GET one URL with the project's User-Agent. Raises :class:`FetchError`."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL: {url}")
    agent = user_agent()
    if obey_robots and not robots_allow(url, agent, timeout):
        raise FetchError(f"robots.txt forbids {url}")
    request = urllib.request.Request(url, headers={"User-Agent": agent, "Accept-Encoding": "identity"})
    try:
        # a fresh opener per call: it reads the proxy environment now, not at first use
        with urllib.request.build_opener().open(request, timeout=timeout) as response:
            return Fetched(response.geturl(), response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} for {url}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"cannot reach {url}: {reason} (no internet here?)", offline=True) from exc


def site_for(url: str, name: str | None) -> Any:
    """The site file for a URL: by name, by article URL, else by domain."""
    from newsbot.registry import site_for_url, source, sources
    from newsbot.urls import host_of

    if name:
        return source(name)
    found = site_for_url(url)
    if found is not None:
        return found
    host = host_of(url)
    for cls in sources():
        if any(host == d or host.endswith("." + d) for d in cls.allowed_domains):
            return cls
    raise KeyError(f"no source covers {url}; pass --site NAME")


def record(url: str, site: Any, out: Path, timeout: float = 20.0) -> Path:
    """Fetch ``url`` (and its further pages), write the snapshot and a draft ``expected.json``."""
    from newsbot.snapshots import SnapshotStore, article_record, crawl_article, listing_record, write_expected

    store = SnapshotStore(out)
    page = fetch_live(url, timeout, site.obey_robots)
    kind = "article" if site.is_article_url(page.url) else "listing"
    path = store.write(site.name, page.url, page.status, page.headers, page.body, kind=kind)
    snap = store.get(page.url)
    assert snap is not None
    if kind == "listing":
        draft: dict[str, Any] = {"kind": "listing", **listing_record(site, snap)}
    else:
        from newsbot.extraction import extract

        ext = extract(page.url, page.body, page.headers, site=site)
        for next_url in ext.next_pages[:MAX_PAGES]:
            more = fetch_live(next_url, timeout, site.obey_robots)
            store.write(site.name, more.url, more.status, more.headers, more.body, kind="article_page")
        item, stats = crawl_article(site, store, page.url)
        if item is None:
            reasons = [k.rsplit("/", 1)[-1] for k in stats if k.startswith("newsbot/dropped/")]
            draft = {"kind": "article", "no_article": reasons[0] if reasons else "unknown"}
        else:
            draft = {"kind": "article", **article_record(item)}
    draft["reviewed"] = False
    write_expected(path, draft)
    return path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("record", help="save a live page as a snapshot with a drafted expected.json (needs internet)")
    p.add_argument("url", help="listing or article URL")
    p.add_argument("--site", help="source name (default: found from the URL)")
    p.add_argument("--out", type=Path, default=Path("snapshots"), help="snapshot directory (default: ./snapshots)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per request")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        site = site_for(args.url, args.site)
        path = record(args.url, site, args.out, args.timeout)
    except KeyError as exc:
        print(f"record: {exc.args[0]}", file=sys.stderr)
        return 2
    except FetchError as exc:
        print(f"record: {exc}", file=sys.stderr)
        return 2
    print(f"recorded {args.url} for {site.name} in {path}")
    print("expected.json is a DRAFT (\"reviewed\": false): check every field against the page, then remove 'reviewed'")
    return 0

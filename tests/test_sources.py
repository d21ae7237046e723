"""Every bundled snapshot against its ``expected.json``: the fixture test that comes free with a fixture.

Article snapshots run through the site's own article callback (``NewsSpider.parse_article``, with
分页 pages answered from the snapshot store), so this is the extraction a crawl performs. Every
field the expected output names must match, and every field it omits must come out empty.
Listing snapshots must list exactly the expected article URLs (with their listed times) and the
expected next page.
"""

from __future__ import annotations

from typing import Any

import pytest

from newsbot.registry import sources
from newsbot.snapshots import (
    EXPECTED_ARTICLE_FIELDS,
    Snapshot,
    SnapshotStore,
    article_record,
    crawl_article,
    iter_snapshots,
    listing_record,
)
from tests.conftest import SNAPSHOTS

SITES = {cls.name: cls for cls in sources()}
STORE = SnapshotStore(SNAPSHOTS)
EXPECTED_META_KEYS = {"kind", "reviewed", "note"}


def _with_expected(kind: str) -> list[Any]:
    return [
        pytest.param(snap, id=f"{snap.path.parent.name}/{snap.path.name}")
        for snap in iter_snapshots(SNAPSHOTS)
        if snap.expected is not None and snap.expected.get("kind", snap.kind) == kind
    ]


def _site(snap: Snapshot) -> Any:
    name = snap.path.parent.name
    assert name in SITES, f"snapshot directory {snap.path} names no known source"
    return SITES[name]


@pytest.mark.parametrize("snap", _with_expected("article"))
def test_article_snapshot_matches_expected(snap: Snapshot) -> None:
    expected = snap.expected
    assert expected is not None
    unknown = set(expected) - set(EXPECTED_ARTICLE_FIELDS) - EXPECTED_META_KEYS - {"no_article"}
    assert not unknown, f"expected.json has keys the test does not know: {unknown}"
    item, stats = crawl_article(_site(snap), STORE, snap.url)
    if "no_article" in expected:
        assert item is None, f"{snap.url} should hold no article"
        reason = "newsbot/dropped/" + expected["no_article"]
        assert stats.get(reason) == 1, f"dropped for another reason: {stats}"
        return
    assert item is not None, f"no article from {snap.url}: {stats}"
    actual = article_record(item)
    for name in EXPECTED_ARTICLE_FIELDS:
        assert actual.get(name) == expected.get(name), f"{name} of {snap.url}"


@pytest.mark.parametrize("snap", _with_expected("listing"))
def test_listing_snapshot_matches_expected(snap: Snapshot) -> None:
    expected = snap.expected
    assert expected is not None
    actual = listing_record(_site(snap), snap)
    assert [e["url"] for e in actual["entries"]] == [e["url"] for e in expected["entries"]]
    assert actual["entries"] == expected["entries"]
    assert actual["next_page"] == expected.get("next_page")


def test_every_expected_file_is_reviewed_and_in_fixture_format() -> None:
    """A drafted expected.json (``record``) says ``"reviewed": false`` until someone checks it."""
    import json

    for snap in iter_snapshots(SNAPSHOTS):
        path = snap.path / "expected.json"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data.get("reviewed") is not False, f"{path} is a draft: review it, then drop 'reviewed'"
        assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", (
            f"{path}: write it with ensure_ascii=False, indent=2, sorted keys"
        )


# --- canonical URLs: every variant of one article is one URL ------------------------------------

CANONICAL_CASES = {
    "huanghe": (
        "https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm",
        ["http://yc.sxgov.cn/content/2023-10/16/content_13012345.htm",
         "https://yc.sxgov.cn/content/2023-10/16/content_13012345_2.htm",
         "https://YC.sxgov.cn/content/2023-10/16/content_13012345.html#p"],
    ),
    "sx_gov": (
        "https://www.shanxi.gov.cn/ywdt/sxyw/202507/t20250708_9904276.shtml",
        ["http://www.shanxi.gov.cn/ywdt/sxyw/202507/t20250708_9904276.shtml",
         "https://www.shanxi.gov.cn/ywdt/sxyw/202507/t20250708_9904276_slb.shtml",
         "https://www.shanxi.gov.cn/ywdt/sxyw/202507/t20250708_9904276_slb.shtml?from=timeline"],
    ),
    "sx_wjw": (
        "https://wjw.shanxi.gov.cn/xwzx/szyw/202302/t20230208_7943163.shtml",
        ["http://wjw.shanxi.gov.cn/xwzx/szyw/202302/t20230208_7943163.shtml"],
    ),
    "sxrb": (
        "https://special.sxrb.com/GB/319045/319123/319124/9627142.html",
        ["https://special.sxrb.com/BIG5/319045/319123/319124/9627142.html",
         "http://special.sxrb.com/GB/319045/319123/319124/9627142.html"],
    ),
    "people_sx": (
        "https://sx.people.com.cn/n2/2026/0901/c189130-41682978.html",
        ["https://sx.people.com.cn/BIG5/n2/2026/0901/c189130-41682978.html",
         "http://sx.people.com.cn/n2/2026/0901/c189130-41682978-2.html"],
    ),
    "xinhua_sx": (
        "https://www.sx.xinhuanet.com/20231221/803b8927c5bd4a5784750a7be894fe82/c.html",
        ["http://www.sx.xinhuanet.com/20231221/803b8927c5bd4a5784750a7be894fe82/c.html",
         "https://sx.news.cn/20231221/803b8927c5bd4a5784750a7be894fe82/c.html",
         "http://sx.xinhuanet.com/20231221/803b8927c5bd4a5784750a7be894fe82/c.html"],
    ),
    "tynews": (
        "https://www.tynews.com.cn/system/2026/05/18/031022236.shtml",
        ["http://www.tynews.com.cn/system/2026/05/18/031022236.shtml#top"],
    ),
}


@pytest.mark.parametrize("site", sorted(CANONICAL_CASES))
def test_url_variants_collapse_to_one_canonical_url(site: str) -> None:
    cls = SITES[site]
    canonical, variants = CANONICAL_CASES[site]
    assert cls.canonicalize(canonical) == canonical
    for variant in variants:
        assert cls.canonicalize(variant) == canonical, variant
    assert cls.is_article_url(canonical)


def test_different_articles_stay_apart() -> None:
    gov = SITES["sx_gov"]
    assert gov.canonicalize("https://www.shanxi.gov.cn/ywdt/sxyw/202507/t20250708_9904276_slb.shtml") != gov.canonicalize(
        "https://www.shanxi.gov.cn/ywdt/sxyw/202507/t20250708_9904277_slb.shtml")
    people = SITES["people_sx"]
    assert people.canonicalize("https://sx.people.com.cn/n2/2026/0901/c189130-41682978.html") != people.canonicalize(
        "https://sx.people.com.cn/n2/2026/0901/c189132-41682978.html")


def test_huanghe_city_channel_articles_carry_the_city_region() -> None:
    cls = SITES["huanghe"]
    assert cls.publisher_region_for("https://yc.sxgov.cn/content/2023-10/16/content_1.htm") == "140800"
    assert cls.publisher_region_for("https://jz.sxgov.cn/content/2023-05/23/content_1.htm") == "140700"
    assert cls.publisher_region_for("https://www.sxgov.cn/content/2025-09/12/content_1.htm") == "140000"
    item, _ = crawl_article(cls, STORE, "https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm")
    assert item is not None and item.publisher_region == "140800" and item.source_tier == "media"


def test_people_sx_snapshot_is_gbk_bytes_with_the_charset_in_the_header() -> None:
    snap = STORE.get("http://sx.people.com.cn/n2/2025/1119/c189130-41412345.html")
    assert snap is not None and "charset=GBK" in snap.headers["Content-Type"]
    with pytest.raises(UnicodeDecodeError):
        snap.body.decode("utf-8")
    assert "县域医疗集团" in snap.body.decode("gbk")


def test_a_missing_later_page_keeps_the_pages_fetched(tmp_path: Any) -> None:
    """分页: page 2 not available → page 1 is stored anyway, and the error is counted."""
    import shutil

    src = SNAPSHOTS / "huanghe"
    for d in src.iterdir():
        if not d.name.endswith(("_091c0698",)):  # everything but page 2
            shutil.copytree(d, tmp_path / "huanghe" / d.name)
    store = SnapshotStore(tmp_path)
    item, stats = crawl_article(SITES["huanghe"], store, "https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm")
    assert item is not None and item.page_urls == ["https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm"]
    assert item.body and item.body.startswith("黄河新闻网运城讯") and "今后" not in item.body
    assert stats.get("newsbot/errors/article_page") == 1


# --- incremental crawling: since, page limit, known URLs, refresh, full --------------------------

FEED = "https://sx.news.163.com/special/cm_shanxi/?callback=data_callback"


def _listing_outputs(site: str, url: str, known: set[str] = frozenset(), **args: str) -> tuple[list[Any], Any]:
    from scrapy import Request

    from newsbot.snapshots import make_site_spider

    snap = STORE.get(url)
    assert snap is not None
    spider: Any = make_site_spider(SITES[site], **args)
    spider.known_url_loader = lambda name: set(known)
    request = Request(snap.url, meta={"newsbot_kind": "listing", "page": 1, "start_url": snap.url})
    outputs = list(spider.parse_listing(snap.to_response(request)))
    return outputs, spider


def _articles(outputs: list[Any]) -> list[str]:
    return [r.meta["canonical_url"] for r in outputs if r.meta.get("newsbot_kind") == "article"]


def _next_pages(outputs: list[Any]) -> list[str]:
    return [r.url for r in outputs if r.meta.get("newsbot_kind") == "listing"]


def test_listing_requests_every_new_article_once_and_the_next_page() -> None:
    outputs, _ = _listing_outputs("sxrb", "http://news.sxrb.com/GB/314066/index.html")
    assert _articles(outputs) == ["https://news.sxrb.com/GB/314066/10467321.html",  # GB + BIG5: one request
                                  "https://news.sxrb.com/GB/314066/10466980.html"]
    assert _next_pages(outputs) == ["http://news.sxrb.com/GB/314066/index2.html"]


def test_since_skips_older_listing_entries() -> None:
    outputs, _ = _listing_outputs("netease_shanxi", FEED, since="2025-11-01")
    articles = _articles(outputs)
    assert "https://www.163.com/news/article/JVRF0NH604149A58.html" not in articles  # 2025-05-18
    assert "https://www.163.com/news/article/KF3A9QTM0534A4SC.html" in articles  # 2025-11-20
    assert _next_pages(outputs)  # one entry is new enough: keep paging


def test_since_stops_paging_when_every_entry_is_older() -> None:
    outputs, _ = _listing_outputs("netease_shanxi", FEED, since="2026-01-01")
    assert _articles(outputs) == [] and _next_pages(outputs) == []


def test_since_drops_an_article_published_before_it() -> None:
    """A listing without dates cannot filter; the article's own publish time does."""
    url = "http://news.sxrb.com/GB/314066/10467321.html"  # published 2025-11-21
    item, stats = crawl_article(SITES["sxrb"], STORE, url, since="2025-12-01")
    assert item is None and stats.get("newsbot/article/older_than_since") == 1
    item, _ = crawl_article(SITES["sxrb"], STORE, url, since="2025-11-21")
    assert item is not None


def test_page_limit() -> None:
    outputs, _ = _listing_outputs("sx_gov", "https://www.shanxi.gov.cn/ywdt/sxyw/index.shtml", max_pages="1")
    assert _articles(outputs) and _next_pages(outputs) == []
    outputs, _ = _listing_outputs("sx_gov", "https://www.shanxi.gov.cn/ywdt/sxyw/index.shtml")
    assert _next_pages(outputs) == ["https://www.shanxi.gov.cn/ywdt/sxyw/index_1.shtml"]


def test_stored_articles_are_not_downloaded_again_unless_refresh() -> None:
    listing = "https://www.shanxi.gov.cn/ywdt/sxyw/index.shtml"
    stored = {"https://www.shanxi.gov.cn/ywdt/sxyw/202511/t20251118_9961234.shtml"}
    outputs, spider = _listing_outputs("sx_gov", listing, known=stored)
    assert _articles(outputs) == ["https://www.shanxi.gov.cn/ywdt/sxyw/202511/t20251117_9960871.shtml"]
    assert spider.crawler.stats.get_value("newsbot/listing/known") == 1
    outputs, _ = _listing_outputs("sx_gov", listing, known=stored, refresh="1")
    assert set(stored) <= set(_articles(outputs))


def test_a_listing_page_with_nothing_new_stops_paging_unless_full() -> None:
    listing = "https://www.shanxi.gov.cn/ywdt/sxyw/index.shtml"
    everything = {"https://www.shanxi.gov.cn/ywdt/sxyw/202511/t20251118_9961234.shtml",
                  "https://www.shanxi.gov.cn/ywdt/sxyw/202511/t20251117_9960871.shtml"}
    outputs, spider = _listing_outputs("sx_gov", listing, known=everything)
    assert outputs == [] and spider.crawler.stats.get_value("newsbot/listing/stopped_no_new") == 1
    outputs, _ = _listing_outputs("sx_gov", listing, known=everything, full="1")
    assert _articles(outputs) == [] and _next_pages(outputs) == ["https://www.shanxi.gov.cn/ywdt/sxyw/index_1.shtml"]


def test_channel_home_pages_are_not_paged_by_the_column_template() -> None:
    """huanghe pages only node_<N>.htm columns; a home page has no page 2."""
    outputs, _ = _listing_outputs("huanghe", "https://yc.sxgov.cn/")
    assert _articles(outputs) and _next_pages(outputs) == []
    from newsbot.spider import listing_page_url

    assert listing_page_url(SITES["huanghe"].listing.page_url or "", "https://yc.sxgov.cn/node_1234.htm", 2) == \
        "https://yc.sxgov.cn/node_1234_2.htm"


# --- end to end: the demo replays every source into PostgreSQL ------------------------------------


@pytest.mark.slow
def test_demo_replays_every_source_into_postgresql_with_every_expected_field(pg_url: str) -> None:
    import json
    import os
    import subprocess
    import sys

    from sqlalchemy import select

    from newsbot.db.engine import make_engine, session_factory
    from newsbot.db.models import Article
    from newsbot.timeutil import isoformat
    from tests.conftest import ROOT

    env = {**os.environ, "NEWSBOT_DATABASE_URL": pg_url}
    run = subprocess.run([sys.executable, "-m", "newsbot", "demo", "--json"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=240, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    replayed = {row["source"] for row in summary["sources"]}
    with_snapshots = {d.name for d in SNAPSHOTS.iterdir() if d.is_dir()}
    assert replayed == with_snapshots
    engine = make_engine(pg_url)
    with session_factory(engine)() as session:
        rows = {a.canonical_url: a for a in session.scalars(select(Article))}
    engine.dispose()
    checked = 0
    for snap in iter_snapshots(SNAPSHOTS):
        expected = snap.expected
        if not expected or expected.get("kind") != "article" or "no_article" in expected:
            continue
        row = rows.get(expected["canonical_url"])
        assert row is not None, f"{snap.url} was not stored"
        assert row.site == snap.path.parent.name
        for name in EXPECTED_ARTICLE_FIELDS:
            value = getattr(row, name)
            if name == "published_at":
                value = isoformat(value)
            assert (value or None) == (expected.get(name) or None), f"{name} of {snap.url}"
        checked += 1
    assert checked >= len(with_snapshots)

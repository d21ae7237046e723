"""网易山西: the seed 000 article in the 2025 163 template, the JSONP feed and DOCID canonical URLs."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsbot.extraction import extract
from newsbot.snapshots import SnapshotStore, make_response
from newsbot.timeutil import SHANGHAI
from spiders.netease_shanxi import NeteaseShanxiSpider
from tests.conftest import SNAPSHOTS

SEED_URL = "https://sx.news.163.com/25/0518/12/JVRF0NH604149A58.html"


@pytest.fixture(scope="module")
def store() -> SnapshotStore:
    return SnapshotStore(SNAPSHOTS)


def test_seed_000_article_every_field(store: SnapshotStore) -> None:
    snap = store.get(SEED_URL)
    assert snap is not None and snap.synthetic
    ext = extract(snap.url, snap.body, snap.headers, site=NeteaseShanxiSpider)
    assert ext.ok, ext.no_article
    assert ext.title == ("政医联动聚合力 健康迎泽加速度——山西医科大学第一医院院长周芸及重点科室主任一行"
                         "深入太原市迎泽区中心医院新院区")
    assert ext.published_at == datetime(2025, 5, 18, 12, 31, 7, tzinfo=SHANGHAI)
    assert ext.rules["published_at"].startswith("site:")
    assert ext.source == "网易山西"
    assert ext.editor == "贺晨"  # staff code _NX5021 stripped
    assert ext.breadcrumb == ["网易首页", "网易山西", "正文"]
    assert ext.canonical_url == "https://www.163.com/news/article/JVRF0NH604149A58.html"
    assert ext.images == ["https://cms-bucket.ws.126.net/2025/0518/a1b2c3d4j00svxk2f001ec000rs00ijc.jpg"]
    lines = ext.body.splitlines()  # type: ignore[union-attr]
    assert lines[0].startswith("5月16日,山西医科大学第一医院院长周芸")
    assert "打造区域医疗新标杆 构建惠民服务新格局" in lines  # sub-heading kept, NBSP normalised
    assert not any("原标题" in line for line in lines)
    assert ext.original_title and "政医联动聚合力" in ext.original_title
    assert not any(noise in ext.body for noise in ("分享至", "相关推荐", "举报", "网易版权", "跟贴"))  # type: ignore[operator]
    assert "logo.png" not in (ext.body_html or "")
    assert "<script" not in (ext.body_html or "") and "style=" not in (ext.body_html or "")
    assert ext.encoding == "utf-8"


def test_page_without_body_is_not_an_article(store: SnapshotStore) -> None:
    snap = store.get("https://sx.news.163.com/25/1120/09/KF39E0PT04149A58.html")
    assert snap is not None
    ext = extract(snap.url, snap.body, snap.headers, site=NeteaseShanxiSpider)
    assert not ext.ok and "body" in (ext.no_article or "")


def test_jsonp_feed_lists_articles_with_times(store: SnapshotStore) -> None:
    snap = store.get("https://sx.news.163.com/special/cm_shanxi/?callback=data_callback")
    assert snap is not None and "charset=GBK" in snap.headers["Content-Type"]
    spider = NeteaseShanxiSpider()
    entries = list(spider.listing_entries(snap.to_response()))
    urls = [u for u, _ in entries]
    assert urls[0] == SEED_URL
    assert "https://m.163.com/dy/article/KF3A9QTM0534A4SC.html?spss=newsapp" in urls
    assert entries[0][1] == datetime(2025, 5, 18, 12, 31, 7, tzinfo=SHANGHAI)
    assert NeteaseShanxiSpider.fetch_url(urls[1]) == "https://www.163.com/dy/article/KF3A9QTM0534A4SC.html"


def test_html_home_page_yields_only_article_links(store: SnapshotStore) -> None:
    snap = store.get("https://sx.news.163.com/")
    assert snap is not None
    urls = [u for u, _ in NeteaseShanxiSpider().listing_entries(snap.to_response())]
    assert urls == [SEED_URL, "https://www.163.com/dy/article/KF3A9QTM0534A4SC.html#comment"]


@pytest.mark.parametrize(
    "url",
    [
        "https://sx.news.163.com/25/0518/12/JVRF0NH604149A58.html",
        "http://sx.news.163.com/25/0518/12/JVRF0NH604149A58.html",
        "https://sx.news.163.com/25/0518/12/JVRF0NH604149A58_0.html",
        "https://www.163.com/news/article/JVRF0NH604149A58.html",
        "https://www.163.com/dy/article/JVRF0NH604149A58.html?f=post2020_dy_recommends",
        "https://www.163.com/news/article/JVRF0NH604149A58_pa11y.html#comment",
        "https://m.163.com/news/article/JVRF0NH604149A58.html",
        "https://m.163.com/dy/article/JVRF0NH604149A58.html?spss=newsapp",
        "https://m.163.com/local/article/JVRF0NH604149A58.html",
        "https://m.163.com/touch/article.html?docid=JVRF0NH604149A58&noredirect=1",
        "https://news.163.com/25/0518/12/JVRF0NH604149A58.html",
    ],
)
def test_every_url_variant_has_one_canonical_url(url: str) -> None:
    assert NeteaseShanxiSpider.canonicalize(url) == "https://www.163.com/news/article/JVRF0NH604149A58.html"


def test_other_docids_stay_apart() -> None:
    a = NeteaseShanxiSpider.canonicalize("https://www.163.com/dy/article/KF3A9QTM0534A4SC.html")
    assert a != NeteaseShanxiSpider.canonicalize(SEED_URL)


def test_make_response_keeps_gbk_decoding() -> None:
    body = "data_callback([{\"title\": \"山西\"}])".encode("gbk")
    response = make_response("https://x.163.com/f.js", body, {"Content-Type": "application/javascript; charset=GBK"})
    assert "山西" in response.text  # type: ignore[attr-defined]

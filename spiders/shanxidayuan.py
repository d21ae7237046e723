"""山西大院资讯网 (Shanxi Dayuan news portal), www.shanxidayuan.com — an aggregator that reposts.

Root: https://www.shanxidayuan.com/ — articles at ``/gsyl/<city pinyin>/<id>.html`` (gsyl =
各市一览? [INF]). Encoding: unknown — decoded from the header/meta.

Evidence (shared/sites/DOSSIER.md §9): nothing in any corpus — no scraper, no saved page. Known:
the URL shape ``/gsyl/linfen/1257.html`` and seed 002, whose visible text layout is the site
name, the headline, an info line ``网络编辑 临汾 2021-12-07 13:32:07 0 襄汾县 临汾市 襄汾``
(poster, city column, time, view count, tags), the body, then ``版权声明``.
Everything else [MODELLED]: the markup (``h1``, ``div.info``, ``div.article-content``), the
city column list pages ``/gsyl/<city>/`` and their paging ``list_<n>.html`` are invented
placeholders; site rules fall back to metadata and the generic extractor field by field.
"网络编辑" is a placeholder byline, not a name, so it is not taken as author or editor.
Check live: everything — markup, the list of city columns, paging, encoding, robots.txt.
"""

from __future__ import annotations

from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider

CITY_COLUMNS = ("taiyuan", "datong", "yangquan", "changzhi", "jincheng", "shuozhou",
                "jinzhong", "yuncheng", "xinzhou", "linfen", "lvliang")


class ShanxidayuanSpider(NewsSpider):
    name = "shanxidayuan"
    site_name = "山西大院资讯网"
    allowed_domains = ["shanxidayuan.com"]
    start_urls = [f"https://www.shanxidayuan.com/gsyl/{city}/" for city in CITY_COLUMNS]
    listing = ListingRules(
        article_url=r"^https?://(?:www\.)?shanxidayuan\.com/[a-z]+/[a-z]+/\d+\.html$",
        page_url="{base}list_{n}.html",
        max_pages=3,
    )
    article_rules = ArticleRules(
        title=("h1.title::text", "h1::text"),
        published_at=("div.info span.time::text",),
        body=("div.article-content",),
        breadcrumb=("div.crumbs a::text",),
        drop=("div.copyright",),
    )
    crawl_interval = timedelta(hours=6)
    publisher_region = "140000"
    tier = "reposter"

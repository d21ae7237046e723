"""新华网山西 (Xinhua News Agency, Shanxi channel), www.sx.xinhuanet.com / sx.news.cn.

Root: http://www.sx.xinhuanet.com/ — articles at ``/YYYYMMDD/<32 hex>/c.html`` [CODE refs 2023,
2026]; the same article under ``sx.news.cn`` (Xinhua's newer domain) collapses to one canonical
URL on www.sx.xinhuanet.com. Pre-2021 form ``/YYYY-MM/DD/c_<id>.htm`` is accepted as well.
Encoding: UTF-8 (news.cn) [INF].

Evidence (shared/sites/DOSSIER.md §8): URL shapes [CODE]; everything else is [INF] from the
news.cn national template (RSSHub routes): body ``#detailContent`` (or ``#detail``), title
``div.head-line h1 span.title``, time in ``div.header-time`` (``span.year``, ``span.day``,
``span.time``) and ``YYYY-MM-DD HH:MM:SS`` in the raw HTML, source ``div.source``, editor
``span.editor`` ``【责任编辑:…】``. Snapshots are [MODELLED] on that template.
Check live: the article template, the list pages and whether the sub-site uses news.cn's
``ds_<id>.json`` datasource feeds (then switch ``listing`` to ``format="json"``), robots.txt.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from parsel import Selector

from newsbot.extraction import ArticleRules, Extraction
from newsbot.extraction.dates import parse_datetime
from newsbot.spider import ListingRules, NewsSpider

_ARTICLE = re.compile(
    r"^https?://(?:www\.)?sx\.(?:xinhuanet\.com|news\.cn)/(?P<path>\d{8}/[0-9a-f]{32}/c\.html|\d{4}-\d{2}/\d{2}/c_\d+\.htm)$"
)


class XinhuaSxSpider(NewsSpider):
    name = "xinhua_sx"
    site_name = "新华网山西频道"
    allowed_domains = ["sx.xinhuanet.com", "sx.news.cn"]
    start_urls = ["http://www.sx.xinhuanet.com/sxyw.htm"]
    listing = ListingRules(
        article_url=r"^https?://(?:www\.)?sx\.(?:xinhuanet\.com|news\.cn)/(?:\d{8}/[0-9a-f]{32}/c\.html|\d{4}-\d{2}/\d{2}/c_\d+\.htm)$",
        next_page=("#pager a.next::attr(href)", "a:contains('下一页')::attr(href)"),
        max_pages=3,
    )
    article_rules = ArticleRules(
        title=("div.head-line h1 span.title::text", "div.head-line h1::text"),
        source=("div.source::text",),
        author=("xpath:(//*[@id='detailContent']/p)[1]",),
        editor=("span.editor::text",),
        body=("#detailContent", "#detail"),
        breadcrumb=("div.bread a::text",),
        patterns={
            "source": r"来源[:：]\s*(\S+)",
            "author": r"电\s*[（(]记者\s*([\u4e00-\u9fa5、 ]{2,20}?)[）)]",
            "editor": r"责任编辑[:：]\s*([^】\]]+)",
        },
    )
    crawl_interval = timedelta(hours=2)
    publisher_region = "140000"
    tier = "media"
    canonical = (_ARTICLE, "https://www.sx.xinhuanet.com/{path}")


    @classmethod
    def postprocess_article(cls, ext: Extraction, sel: Selector | Any) -> None:
        """news.cn splits the time over spans (``<em>2025</em> 11/21`` + ``09:18:36``): join them.

        Replaces a date taken from the URL (midnight) or the generic fallback; never a site rule.
        """
        if ext.rules.get("published_at", "").startswith("site:"):
            return
        year = sel.css("div.header-time span.day em::text").get("").strip()
        month_day = "".join(sel.css("div.header-time span.day::text").getall()).strip()
        clock = sel.css("div.header-time span.time::text").get("").strip()
        if year and month_day:
            parsed = parse_datetime(f"{year}/{month_day} {clock}".strip())
            if parsed is not None:
                ext.published_at = parsed
                ext.rules["published_at"] = "site:div.header-time spans"

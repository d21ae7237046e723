"""太原新闻网 (Taiyuan News Net, the site of 太原日报 Taiyuan Daily), www.tynews.com.cn.

Root: http://www.tynews.com.cn/ — articles at ``/system/YYYY/MM/DD/<id>.shtml`` [CODE 2021/2023;
a 2026 crawl log lists one]. Encoding: unknown — decoded from the header/meta.

Evidence (shared/sites/DOSSIER.md §6):
* Article selectors [CODE 2021/2023]: title ``h1.title``; body ``div#article`` (2021) or
  ``div.content`` (2023); info line ``div.info`` with spans 来源 (``a`` inside), 作者 and the time
  (``年/月/日``); breadcrumb ``div.local a``. Page chrome around them [MODELLED].
* Lists ``/sxxw/`` (山西新闻), ``/taiyuan/`` (太原新闻) [CODE 2023]; paging ``index_<n>.shtml`` [INF].
* Seed 003 is a real copy (on another site) of a 太原新闻网 article: its text, publish time
  2023-10-20 00:25:00 and 来源 太原新闻网 are used for the article snapshot.
Check live: which of ``#article``/``.content`` is live, the info-line layout, list pagination,
encoding, robots.txt.
"""

from __future__ import annotations

from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider


class TynewsSpider(NewsSpider):
    name = "tynews"
    site_name = "太原新闻网"
    allowed_domains = ["tynews.com.cn"]
    start_urls = [
        "http://www.tynews.com.cn/taiyuan/index.shtml",  # 太原新闻
        "http://www.tynews.com.cn/sxxw/index.shtml",  # 山西新闻
    ]
    listing = ListingRules(
        article_url=r"^https?://www\.tynews\.com\.cn/system/\d{4}/\d{2}/\d{2}/\d+\.shtml$",
        page_url="{base}_{n}{ext}",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("h1.title::text", "#title h1::text"),
        published_at=("div.info span.time::text", "div.info span:last-child::text"),
        source=("div.info span.source a::text", "div.info span.source::text"),
        author=("div.info span.author::text",),
        body=("div#article", "div.content"),
        breadcrumb=("div.local a::text",),
        patterns={"source": r"(?:来源[:：]\s*)?(\S+)", "author": r"(?:作者[:：]\s*)?(?:记者\s*)?(\S.*)"},
    )
    crawl_interval = timedelta(hours=1)
    publisher_region = "140100"
    tier = "media"

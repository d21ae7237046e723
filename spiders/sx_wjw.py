"""山西省卫生健康委员会 (Shanxi Provincial Health Commission), wjw.shanxi.gov.cn.

Root: https://wjw.shanxi.gov.cn/ — TRS WCM site like www.shanxi.gov.cn. Columns crawled:
工作动态/委局要闻 ``xwzx/wjyw``, 市县动态 ``xwzx/szyw``, 通知公告 ``tzgg``. Articles at
``/<column path>/YYYYMM/tYYYYMMDD_<id>.shtml``; attachments ``P0….pdf`` are not articles.
Encoding: unknown (TRS provincial sites are UTF-8) — decoded from the header/meta.

Evidence (shared/sites/DOSSIER.md §4):
* URL shapes and list pages ``index_<n>.shtml`` [CODE 2022-2026]; the column ↔ name mapping
  (wjyw = 委局要闻/工作动态, szyw = 市州/市县动态) is [INF] from the paths.
* robots.txt: none as of 2021-08-17 [CODE doc]; robots.txt is still obeyed if one appears.
* Article markup: **unknown** for the current site. Rules [MODELLED]: the national
  government-website meta block first (ArticleTitle, PubDate, ContentSource), then TRS body
  containers (``.TRS_Editor``, ``.view.TRS_UEDITOR``, ``#zoom``, ``#UCAP-CONTENT``) [INF], then
  the generic extractor, field by field.
Check live: the article and list layout, whether the meta block is present, the page-2 URL
(``index_1`` vs ``index_2``), the real names of the columns.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider

_ARTICLE = re.compile(r"^https?://wjw\.shanxi\.gov\.cn/(?P<path>(?:[a-z0-9_]+/)+\d{6}/t\d{8}_\d+)(?:_[a-z]+)?\.shtml$")


class SxWjwSpider(NewsSpider):
    name = "sx_wjw"
    site_name = "山西省卫生健康委员会"
    allowed_domains = ["wjw.shanxi.gov.cn"]
    start_urls = [
        "https://wjw.shanxi.gov.cn/xwzx/wjyw/index.shtml",  # 工作动态 / 委局要闻
        "https://wjw.shanxi.gov.cn/xwzx/szyw/index.shtml",  # 市县动态
        "https://wjw.shanxi.gov.cn/tzgg/index.shtml",  # 通知公告
    ]
    listing = ListingRules(
        article_url=r"^https?://wjw\.shanxi\.gov\.cn/(?:[a-z0-9_]+/)+\d{6}/t\d{8}_\d+(?:_[a-z]+)?\.shtml$",
        page_url="{base}_{n0}{ext}",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("meta[name=ArticleTitle]::attr(content)",),
        published_at=("meta[name=PubDate]::attr(content)",),
        source=("meta[name=ContentSource]::attr(content)",),
        body=(".TRS_Editor", ".view.TRS_UEDITOR", "#zoom", "#UCAP-CONTENT"),
        breadcrumb=(".position a::text, .breadcrumb a::text",),
    )
    crawl_interval = timedelta(hours=1)
    publisher_region = "140000"
    tier = "official"
    canonical = (_ARTICLE, "https://wjw.shanxi.gov.cn/{path}.shtml")


"""山西省人民政府 (Shanxi Provincial People's Government portal), news columns.

Root: https://www.shanxi.gov.cn/ — TRS WCM site. Articles at
``/<column path>/YYYYMM/tYYYYMMDD_<id>.shtml``; the 适老版 (elder-friendly) copy of the same
article is ``…_<id>_slb.shtml`` and the 规范性文件 view ``…_<id>_gfwj.shtml``: all collapse
into one canonical URL. Encoding: UTF-8 (``<meta charset>`` [V-HTML 2019]).

Evidence (shared/sites/DOSSIER.md §3):
* Government ``<meta name=ArticleTitle|PubDate|ContentSource|ColumnName|Url>`` block
  [verified on real 2019 HTML, relied on by a 2023 scraper] — used first, before any layout.
* Layout [verified on real 2019 HTML, the site was re-templated in 2022]: ``.detail-article-title
  h2`` (subtitle in the sibling ``h3``), ``.article-infos-source span``, ``.article-body
  .TRS_Editor`` with relative ``./W0…jpg`` images, breadcrumb ``ul.breadcrumb``.
* URL shapes, ``_slb``/``_gfwj`` variants [CODE 2023-2025]. Listing pages ``index.shtml`` then
  ``index_1.shtml`` (= page 2) — the TRS convention [CODE 2025, another Shanxi department
  site]; a 2023 scraper used ``index_<n>`` instead, so verify.
* The list markup of the 2022+ template [MODELLED, unknown]: every link matching the article
  pattern is taken, whatever the markup.
Check live: the 2022+ news-page layout (the meta block should have survived), the page-2 URL,
whether robots.txt allows /ywdt/.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider

_ARTICLE = re.compile(
    r"^https?://www\.shanxi\.gov\.cn/(?P<path>(?:[a-z0-9_]+/)+\d{6}/t\d{8}_\d+)(?:_[a-z]+)?\.shtml$"
)


class SxGovSpider(NewsSpider):
    name = "sx_gov"
    site_name = "山西省人民政府"
    allowed_domains = ["www.shanxi.gov.cn"]
    start_urls = [
        "https://www.shanxi.gov.cn/ywdt/sxyw/index.shtml",  # 山西要闻
        "https://www.shanxi.gov.cn/ywdt/xwfbh/szfxwbxwfbh/index.shtml",  # 省政府新闻办新闻发布会
    ]
    listing = ListingRules(
        article_url=r"^https?://www\.shanxi\.gov\.cn/(?:[a-z0-9_]+/)+\d{6}/t\d{8}_\d+(?:_[a-z]+)?\.shtml$",
        page_url="{base}_{n0}{ext}",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("meta[name=ArticleTitle]::attr(content)", ".detail-article-title h2::text"),
        subtitle=(".detail-article-title h2 ~ h3::text",),
        published_at=("meta[name=PubDate]::attr(content)", ".article-infos-source span:first-child::text"),
        source=("meta[name=ContentSource]::attr(content)", ".article-infos-source span:nth-child(2)::text"),
        author=("meta[name=Author]::attr(content)",),
        editor=(".article-edit::text",),
        body=(".article-body .TRS_Editor", ".article-body", ".view.TRS_UEDITOR"),
        breadcrumb=("ul.breadcrumb li a::text, ul.breadcrumb li.path-cur::text",),
        drop=("script", "style", ".shanxi-gov-page-box"),
    )
    crawl_interval = timedelta(hours=2)
    publisher_region = "140000"
    tier = "official"
    canonical = (_ARTICLE, "https://www.shanxi.gov.cn/{path}.shtml")  # One URL per article: https, the ``_slb`` (适老版) and ``_gfwj`` views collapse to the id.


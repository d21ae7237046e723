"""山西新闻网 (Shanxi News Net, the site of 山西日报 Shanxi Daily), news.sxrb.com and city sub-sites.

Root: http://news.sxrb.com/ — a people.com.cn-style CMS. Articles at
``/GB/<channel>/…/<id>.html``; the same article under ``/BIG5/`` (traditional-Chinese mirror)
collapses to the ``/GB/`` URL. Encoding: unknown [INF: people CMS pages are often GBK] — the
snapshot is UTF-8 and decoding always follows the header/meta.

Evidence (shared/sites/DOSSIER.md §5):
* Body ``div#rwb_zw`` with ``div.box_pic`` and the ``div.editer`` ``(责编：…)`` line, site-relative
  ``/NMediaFile/trsImg/…`` images [verified on real 2022-23 body fragments, V-FRAG].
* Title ``div.jz``, time + source in ``div.left1`` text, breadcrumb ``#rwb_navpath`` [CODE 2023];
  breadcrumb text ``山西新闻网>>地市频道>>…`` [V-TEXT ~2025]. Page chrome around them [MODELLED].
* List pages ``/GB/<channel>/index.html`` [CODE 2023]; ``index2.html``… for later pages [INF].
Check live: the page chrome (title/time/source blocks), the encoding, list pagination, robots.txt.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider

_ARTICLE = re.compile(r"^https?://(?P<host>(?:[a-z0-9]+\.)?sxrb\.com)/(?:GB|BIG5)/(?P<path>(?:\d+/)+\d+\.html)$", re.I)


class SxrbSpider(NewsSpider):
    name = "sxrb"
    site_name = "山西新闻网"
    allowed_domains = ["sxrb.com"]
    start_urls = [
        "http://news.sxrb.com/GB/314066/index.html",  # 山西新闻
        "http://news.sxrb.com/GB/314061/index.html",  # 太原新闻
        "http://news.sxrb.com/GB/314060/index.html",  # 社会新闻
    ]
    listing = ListingRules(
        article_url=r"^https?://(?:[a-z0-9]+\.)?sxrb\.com/(?:GB|BIG5)/(?:\d+/)+\d+\.html$",
        page_url="{base}{n}{ext}",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("div.jz::text", "h1::text"),
        published_at=("div.left1::text",),
        source=("div.left1",),
        author=("xpath://div[@id='rwb_zw']/p[contains(., '记者')][1]",),
        editor=("div.editer::text", "div.edit::text"),
        body=("div#rwb_zw",),
        breadcrumb=("#rwb_navpath a::text",),
        drop=("div.box_pic", "div.editer", "div.edit"),
        patterns={
            "published_at": r"(\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2})",
            "source": r"来源[:：]\s*(\S+)",
            "author": r"^\S*?[（(]记者\s*([\u4e00-\u9fa5、 ]{2,20}?)[）)]",
            "editor": r"责编[:：]\s*([^)）]+)",
        },
    )
    crawl_interval = timedelta(hours=1)
    publisher_region = "140000"
    tier = "media"
    canonical = (_ARTICLE, "https://{host}/GB/{path}")  # https, lower-case host, ``/BIG5/`` → ``/GB/`` (one article, two scripts).


"""人民网山西频道 (People's Daily Online, Shanxi channel), sx.people.com.cn.

Root: http://sx.people.com.cn/ — articles at ``/n2/YYYY/MMDD/c<catalog>-<id>.html``; page N of a
multi-page article is ``c<catalog>-<id>-<N>.html`` and a traditional-Chinese copy lives under
``/BIG5/``: both collapse to page 1's ``/n2/…`` URL. Encoding: **GBK/GB2312**, declared in the
HTTP header (the snapshot bytes are GBK with ``charset=GBK`` in Content-Type).

Evidence (shared/sites/DOSSIER.md §7):
* URL shapes, GBK encoding, list columns ``/GB/189130/index.html`` (山西要闻) … [CODE 2017-2026].
* Current people.com.cn template [CODE 2024-2026, RSSHub]: body ``div.rm_txt_con``; publish
  time by ``YYYY年MM月DD日HH:MM`` regex; list links in ``.p2j_list``/``.ej_list_box`` … .
  Title ``div.rm_txt h1``, info ``div.col-1-1`` (time | 来源：…), ``div.edit`` ``(责编：…)``,
  breadcrumb ``div.route a`` [MODELLED on the same family; the 2019 ``rwb_`` template proxy in
  shared/sites/samples/people_rwb_template is kept as the second choice: ``.text_title h1``,
  ``#rwb_zw``, ``#rwb_navpath``, pages ``div.zdfy``].
* List paging ``index2.html``, ``index3.html`` … [INF].
Check live: which template sx.people.com.cn serves, list paging, robots.txt.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider

_ARTICLE = re.compile(
    r"^https?://sx\.people\.com\.cn/(?:BIG5/)?n2/(?P<y>\d{4})/(?P<md>\d{4})/c(?P<cat>\d+)-(?P<id>\d+)(?:-\d+)?\.html$"
)


class PeopleSxSpider(NewsSpider):
    name = "people_sx"
    site_name = "人民网山西频道"
    allowed_domains = ["sx.people.com.cn"]
    start_urls = [
        "http://sx.people.com.cn/GB/189130/index.html",  # 山西要闻
        "http://sx.people.com.cn/GB/189132/index.html",  # 本网关注
    ]
    listing = ListingRules(
        article_url=r"^https?://sx\.people\.com\.cn/(?:BIG5/)?n2/\d{4}/\d{4}/c\d+-\d+\.html$",
        next_page=("div.page_n a:contains('下一页')::attr(href)",),
        page_url="{base}{n}{ext}",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("div.rm_txt h1::text", ".text_title h1::text"),
        subtitle=("div.rm_txt h3.pre::text", ".text_title h3.pre::text"),
        published_at=("div.rm_txt div.col-1-1::text", ".text_title .box01 .fl::text"),
        source=("div.rm_txt div.col-1-1 a::text", ".text_title .box01 .fl a::text"),
        editor=("div.edit::text", "#rwb_zw .edit::text"),
        body=("div.rm_txt_con", "#rwb_zw"),
        breadcrumb=("div.route a::text", "#rwb_navpath a::text"),
        drop=(".paper_num", "#rwb_tjyd", "div.edit", "div.zdfy", ".box_pic"),
        next_pages=("div.zdfy a::attr(href)",),
        patterns={
            "published_at": r"(\d{4}年\d{2}月\d{2}日\s*\d{2}:\d{2})",
            "editor": r"责编[:：]\s*([^)）]+)",
        },
    )
    crawl_interval = timedelta(hours=1)
    publisher_region = "140000"
    tier = "media"
    canonical = (_ARTICLE, "https://sx.people.com.cn/n2/{y}/{md}/c{cat}-{id}.html")  # https, no ``/BIG5/``, no ``-N`` page suffix.


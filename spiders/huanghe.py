"""黄河新闻网 (Huanghe News, the Shanxi provincial news portal) and its 11 city channels.

Root: https://www.sxgov.cn/ — city channels on sub-domains (yc. 运城, jz. 晋中, lf. 临汾,
jincheng. 晋城, cz. 长治 …). Articles at ``/content/YYYY-MM/DD/content_<id>.htm``; pages 2..n
of a long article at ``content_<id>_<n>.htm`` (joined into one record, page 1's URL kept).
Encoding: unknown (Founder CMS sites are usually UTF-8 today) — decoded from the header/meta.

Evidence (shared/sites/DOSSIER.md §2):
* URL shapes [verified on real page text, V-TEXT 2017/2022; CODE refs 2025-26]: the content
  path, the ``_<n>`` page suffix (lf.sxgov.cn/content/2017-09/13/content_8279219_3.htm).
* Visible text [V-TEXT]: breadcrumb ``黄河新闻网 > 运城频道 > 健康生活``; lead ``黄河新闻网运城讯``;
  closing ``[编辑:刘莎]``; ``<title>`` ending ``-黄河新闻网``. Seed 001 (运城) and seed 004 (晋中,
  seen on a copying site) are real article texts from it.
* Markup [MODELLED on CODE 2019/2021 configs, likely outdated]: title ``div.dahei``, time
  ``#pubtime_baidu``, source ``#source_baidu``, body ``div.Newsfont``, breadcrumb
  ``#bannermenuleft``; the page-number block ``#displaypagenum`` is the Founder-CMS convention
  [INF]. Each field falls back to page metadata and the generic extractor.
* City sub-domains: yc, jz, lf, jincheng, cz are seen in evidence; ty, dt, yq, sz, xz, ll are
  [INF] guesses after the same pattern.
Check live: the article template ids/classes, whether a ``<!--enpproperty …-->`` comment exists,
the node ids of each channel's 健康/民生 column (add them as ``node_<N>.htm`` start URLs: those
are paged as ``node_<N>_2.htm``…), the guessed sub-domains, robots.txt.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider
from newsbot.urls import host_of

CITY_CHANNELS: dict[str, tuple[str, str]] = {
    # sub-domain: (channel name, GB/T 2260 code)
    "ty": ("太原频道", "140100"),
    "dt": ("大同频道", "140200"),
    "yq": ("阳泉频道", "140300"),
    "cz": ("长治频道", "140400"),
    "jincheng": ("晋城频道", "140500"),
    "sz": ("朔州频道", "140600"),
    "jz": ("晋中频道", "140700"),
    "yc": ("运城频道", "140800"),
    "xz": ("忻州频道", "140900"),
    "lf": ("临汾频道", "141000"),
    "ll": ("吕梁频道", "141100"),
}

_ARTICLE = re.compile(
    r"^https?://(?P<host>(?:[a-z0-9]+\.)?sxgov\.cn)/content/(?P<ym>\d{4}-\d{2})/(?P<d>\d{2})/"
    r"content_(?P<id>\d+)(?:_(?P<page>\d+))?\.html?$",
    re.I,
)


class HuangheSpider(NewsSpider):
    name = "huanghe"
    site_name = "黄河新闻网"
    allowed_domains = ["sxgov.cn"]
    start_urls = ["https://www.sxgov.cn/", *(f"https://{sub}.sxgov.cn/" for sub in CITY_CHANNELS)]
    listing = ListingRules(
        article_url=r"^https?://(?:[a-z0-9]+\.)?sxgov\.cn/content/\d{4}-\d{2}/\d{2}/content_\d+\.html?$",
        next_page=("#displaypagenum a:contains('下一页')::attr(href)",),
        page_url="{base}_{n}{ext}",
        page_url_applies=r"/node_\d+\.htm$",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("div.dahei::text", "#title h1::text"),
        published_at=("#pubtime_baidu::text",),
        source=("#source_baidu::text",),
        editor=("#editor_baidu::text",),
        body=("div.Newsfont", "div.gray14", "#ltext"),
        breadcrumb=("#bannermenuleft a::text",),
        drop=("#displaypagenum",),
        next_pages=("#displaypagenum a::attr(href)",),
        patterns={
            "source": r"来源[:：]\s*(\S+)",
            "editor": r"\[编辑[:：]\s*([^\]]+)\]",
        },
    )
    crawl_interval = timedelta(hours=1)
    publisher_region = "140000"
    tier = "media"
    canonical = (_ARTICLE, "https://{host}/content/{ym}/{d}/content_{id}.htm")  # One URL per article: https, page suffix dropped (``content_<id>_2.htm`` → page 1).


    @classmethod
    def publisher_region_for(cls, url: str) -> str | None:
        """A city channel's article belongs to its city (yc.sxgov.cn → 140800 运城)."""
        sub = host_of(url).removesuffix(".sxgov.cn")
        channel = CITY_CHANNELS.get(sub)
        return channel[1] if channel else cls.publisher_region

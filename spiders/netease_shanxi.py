"""网易山西 (NetEase Shanxi, the Shanxi local station of the 163.com portal).

Root: https://sx.news.163.com/ — articles at sx.news.163.com/YY/MMDD/HH/<DOCID>.html (legacy
path, still used in 2025) and www.163.com/(news|dy)/article/<DOCID>.html (current template).
Encoding: UTF-8, declared only in the HTTP header (the HTML has no <meta charset>).

Evidence (shared/sites/DOSSIER.md §1):
* Article template [verified on real 2025 HTML]: h1.post_title, <html data-publishtime>,
  div.post_info (time 　来源: <a>), div.post_author (责任编辑： name_NB12345 staff code),
  div.post_crumb, div.post_body with p.otitle (原标题) and a hidden logo div.
* Listing [MODELLED, must be checked live]: the Shanxi JSONP endpoint is unknown. The feed
  below follows the known ``cm_<channel>`` family (news.163.com/special/cm_yaowen20200213/,
  fj.news.163.com/special/cm_fujian/ with pages ``_02``, ``_03``), JSONP ``data_callback([...])``
  with ``docurl`` and ``time`` "MM/DD/YYYY HH:MM:SS" per entry. The station home page is also
  read for article links, which works whatever the feed's name turns out to be.
  First live run: open sx.news.163.com, grep its HTML for ``special/`` to confirm the feed.
Quirks: one story, many URLs (sx./www./m. hosts, /news/ and /dy/, ``_suffix`` variants) —
``canonicalize`` maps every one to https://www.163.com/news/article/<DOCID>.html.
"""

from __future__ import annotations

import re
from datetime import timedelta

from newsbot.extraction import ArticleRules
from newsbot.spider import ListingRules, NewsSpider

DOCID = r"[A-Z0-9]{16}"
_DOCID_IN_URL = re.compile(
    rf"163\.com/(?:[a-z0-9]+/)?(?:\d{{2}}/\d{{4}}/\d{{2}}/|(?:[a-z0-9]+/)?article/|touch/article\.html\?docid=)"
    rf"(?P<docid>{DOCID})"
)


class NeteaseShanxiSpider(NewsSpider):
    name = "netease_shanxi"
    site_name = "网易山西"
    allowed_domains = ["163.com"]
    start_urls = [
        "https://sx.news.163.com/",
        "https://sx.news.163.com/special/cm_shanxi/?callback=data_callback",
    ]
    listing = ListingRules(
        article_url=rf"163\.com/(?:[a-z0-9]+/)?(?:\d{{2}}/\d{{4}}/\d{{2}}/|(?:news|dy|local)/article/){DOCID}(?:_\w+)?\.html",
        format="auto",
        page_url="https://sx.news.163.com/special/cm_shanxi_{n:02d}/?callback=data_callback",
        page_url_applies=r"/special/cm_shanxi/",  # the feed is paged; the station home page is not
        json_url_key="docurl",
        json_time_key="time",
        max_pages=5,
    )
    article_rules = ArticleRules(
        title=("h1.post_title::text", "#epContentLeft h1::text"),
        published_at=("html::attr(data-publishtime)", "div.post_info::text", "div.post_time_source::text"),
        source=(
            "div.post_info > a:not(.post_jubao)::text",
            ".post_wemedia_name a::text",
            "#ne_article_source::text",
        ),
        editor=("div.post_author", ".ep-editor"),
        body=("div.post_body", "#endText", "div.post_text"),
        breadcrumb=(
            "xpath://div[contains(@class,'post_crumb')]/a/text() | //div[contains(@class,'post_crumb')]/text()",
        ),
        drop=(
            "div[style*='height: 0px']",
            "div[style*='height:0px']",
            ".post_recommends",
            ".post_top",
            "#post_comment_area",
            ".tie-areas",
        ),
        patterns={"editor": r"(责任编辑[:：]\s*\S+)"},
    )
    crawl_interval = timedelta(minutes=30)
    publisher_region = "140000"
    tier = "portal"

    @classmethod
    def fetch_url(cls, url: str) -> str:
        """Fetch the desktop page: m.163.com pages are a JS app shell for phones."""
        return re.sub(r"^https?://m\.163\.com/(news|dy)/article/([A-Z0-9]{16})\.html.*$",
                      r"https://www.163.com/\1/article/\2.html", url)

    @classmethod
    def canonicalize(cls, url: str) -> str:
        m = _DOCID_IN_URL.search(url)
        if m:
            return f"https://www.163.com/news/article/{m['docid']}.html"
        return super().canonicalize(url)

"""Generic URL canonicalisation: one string per article across scheme/host/tracking/page variants."""

from __future__ import annotations

import pytest

from newsbot.urls import canonical_host, canonicalize_url

CASES = [
    # scheme, case, fragment, default port
    ("http://WWW.163.com/news/article/ABC.html#comments", "https://www.163.com/news/article/ABC.html"),
    ("https://www.163.com:443/news/article/ABC.html", "https://www.163.com/news/article/ABC.html"),
    ("http://www.163.com:8080/a.html", "https://www.163.com:8080/a.html"),
    # mobile and bare hosts
    ("https://m.163.com/news/article/ABC.html", "https://www.163.com/news/article/ABC.html"),
    ("https://163.com/news/article/ABC.html", "https://www.163.com/news/article/ABC.html"),
    ("https://m.news.163.com/a.html", "https://news.163.com/a.html"),
    ("https://wap.tynews.com.cn/system/2023/10/20/030761254.shtml",
     "https://www.tynews.com.cn/system/2023/10/20/030761254.shtml"),
    ("https://tynews.com.cn/system/2023/10/20/030761254.shtml",
     "https://www.tynews.com.cn/system/2023/10/20/030761254.shtml"),
    ("https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm",
     "https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm"),
    ("https://wjw.shanxi.gov.cn/xwzx/a.shtml", "https://wjw.shanxi.gov.cn/xwzx/a.shtml"),
    ("https://shanxi.gov.cn/xwzx/a.shtml", "https://www.shanxi.gov.cn/xwzx/a.shtml"),
    # tracking parameters removed, others kept and sorted
    ("https://www.163.com/a.html?utm_source=wx&utm_medium=share&spm=1.2.3&from=timeline&isappinstalled=0",
     "https://www.163.com/a.html"),
    ("https://www.example.cn/show.php?id=42&utm_campaign=x&cat=7", "https://www.example.cn/show.php?cat=7&id=42"),
    ("https://www.example.cn/a.html;jsessionid=ABCDEF?x=1", "https://www.example.cn/a.html?x=1"),
    # index pages and duplicate slashes
    ("https://www.sxrb.com/news//index.html", "https://www.sxrb.com/news/"),
    ("https://www.sxrb.com/news/default.aspx", "https://www.sxrb.com/news/"),
    ("https://www.sxrb.com", "https://www.sxrb.com/"),
    # page 2..N of a paginated article → page 1; short ids are left alone
    ("https://www.tynews.com.cn/system/2023/10/20/030761254_2.shtml",
     "https://www.tynews.com.cn/system/2023/10/20/030761254.shtml"),
    ("https://yc.sxgov.cn/content/2023-10/16/content_13012345_3.htm",
     "https://yc.sxgov.cn/content/2023-10/16/content_13012345.htm"),
    ("https://wjw.shanxi.gov.cn/xwzx/t20251120_10301877.shtml", "https://wjw.shanxi.gov.cn/xwzx/t20251120_10301877.shtml"),
    ("https://www.example.cn/news/12_2.html", "https://www.example.cn/news/12_2.html"),
    # IP hosts untouched
    ("http://127.0.0.1:8000/a.html", "https://127.0.0.1:8000/a.html"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(("url", "_expected"), CASES)
def test_canonicalize_url_is_idempotent(url: str, _expected: str) -> None:
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once


def test_canonical_host() -> None:
    assert canonical_host("M.SXRB.COM.") == "www.sxrb.com"
    assert canonical_host("news.sxrb.com") == "news.sxrb.com"
    assert canonical_host("m.yhhmip.com") == "www.yhhmip.com" == canonical_host("yhhmip.com")

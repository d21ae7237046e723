"""Generic extraction on synthetic pages (tests/fixtures/extraction) and on bad input.

Every bad input must give a clear ``no_article`` reason or a correct extraction — never an
exception, never a hang.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from newsbot.extraction import extract
from newsbot.timeutil import SHANGHAI

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
ROOT = Path(__file__).resolve().parent.parent

PARAGRAPH = "10月13日，太原市卫生健康委员会召开会议，部署基层医疗服务能力提升行动，推动优质医疗资源下沉到社区和乡村。"


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def article_html(body: str, title: str = "太原市启动基层医疗服务能力提升行动") -> str:
    return f"<html><head><meta charset='utf-8'><title>{title}_山西省人民政府</title></head><body><h1>{title}</h1>{body}</body></html>"


# --- synthetic article pages -------------------------------------------------------------


def test_government_page_every_field() -> None:
    ext = extract("", page("gov_article.html"))  # no URL: no site rules, generic only
    assert ext.ok, ext.no_article
    assert ext.title == "太原市启动基层医疗服务能力提升行动"
    assert ext.rules["title"].startswith("generic:h2")  # the visible h2, not the logo h1
    assert ext.subtitle == "聚焦群众就医难题"
    assert ext.published_at == datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)
    assert ext.source == "山西日报" and ext.rules["source"] == "meta:ContentSource"
    assert ext.author == "李明"
    assert ext.editor == "王芳"
    lines = (ext.body or "").splitlines()
    assert len(lines) == 3 and lines[0].startswith("10月13日，太原市卫生健康委员会")
    for noise in ("责任编辑", "分享到", "扫一扫", "上一篇", "下一篇", "版权所有", "ICP", "首页", "字体"):
        assert noise not in (ext.body or ""), noise


def test_portal_page_noise_removed_and_credits_found() -> None:
    ext = extract("", page("portal_article.html"))
    assert ext.ok, ext.no_article
    assert ext.title == "运城市开展秋冬季传染病防控督导"
    assert ext.published_at == datetime(2023, 5, 23, 19, 26, 5, tzinfo=SHANGHAI)
    assert ext.source == "黄河新闻网"
    assert ext.author == "张华"
    assert ext.editor == "刘莎"
    body = ext.body or ""
    assert body.splitlines()[0].startswith("黄河新闻网运城讯")
    assert len(body.splitlines()) == 3
    for noise in ("视频：", "相关阅读", "隐藏", "相关新闻", "网友", "热点排行", "Copyright", "[编辑", "分享到"):
        assert noise not in body, noise


def test_text_after_early_html_end_is_found() -> None:
    ext = extract("", page("early_html_end.html"))
    assert ext.ok, ext.no_article
    assert "各省、自治区、直辖市人民政府" in (ext.body or "")
    assert "稳定基层医务人员队伍" in (ext.body or "")
    assert ext.published_at == datetime(2007, 8, 20, tzinfo=SHANGHAI)


def test_page_of_links_only_is_no_article() -> None:
    ext = extract("", page("links_only.html"))
    assert not ext.ok
    assert "body" in (ext.no_article or "")


@pytest.mark.parametrize("name", ["gbk_no_charset.html", "utf8_declares_gb2312.html"])
def test_encoding_trusts_the_bytes(name: str) -> None:
    ext = extract("", page(name))
    assert ext.ok, ext.no_article
    assert ext.title == "晋中市开展流感疫苗接种宣传"
    assert "流感疫苗接种宣传活动" in (ext.body or "")
    assert "\ufffd" not in (ext.body or "")


def test_gbk_header_charset_decides_when_page_is_silent() -> None:
    ext = extract("", page("gbk_no_charset.html"), {"Content-Type": "text/html; charset=GBK"})
    assert ext.encoding and ext.encoding.lower() == "gbk"
    assert ext.title == "晋中市开展流感疫苗接种宣传"


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("body", [b"", b"   \n\t  "])
def test_empty_body(body: bytes) -> None:
    ext = extract("http://example.cn/a.html", body)
    assert not ext.ok and ext.no_article == "empty response body"


def test_binary_junk() -> None:
    junk = random.Random(3).randbytes(50_000)
    ext = extract("http://example.cn/a.html", junk)
    assert not ext.ok and "not HTML" in (ext.no_article or "")


def test_png_bytes() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    ext = extract("http://example.cn/a.png", png)
    assert not ext.ok and ext.no_article


def test_ten_megabyte_page_is_bounded() -> None:
    filler = "<div class='nav'><a href='/x'>栏目</a></div>" * 240_000
    body = article_html("<div class='content'>" + f"<p>{PARAGRAPH}</p>" * 5 + "</div>" + filler).encode()
    assert len(body) > 10_000_000
    start = time.perf_counter()
    ext = extract("", body)
    assert time.perf_counter() - start < 15
    assert ext.ok, ext.no_article
    assert ext.body and PARAGRAPH in ext.body


def test_five_thousand_deep_nesting() -> None:
    depth = 5000
    body = article_html("<div>" * depth + f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>" + "</div>" * depth).encode()
    start = time.perf_counter()
    ext = extract("", body)
    assert time.perf_counter() - start < 10
    assert ext.ok, ext.no_article  # libxml2 stops at depth 2048: the empty wrappers are collapsed
    assert (ext.body or "").count(PARAGRAPH) == 2


def test_deep_nesting_text_walk_is_iterative() -> None:
    from lxml import etree

    from newsbot.extraction.text import element_lines

    root = etree.Element("div")
    node = root
    for _ in range(20_000):  # far beyond Python's recursion limit
        node = etree.SubElement(node, "div")
    node.text = "最深处的文字"
    assert element_lines(root) == ["最深处的文字"]


def test_unclosed_tags() -> None:
    body = ("<html><head><title>运城市开展督导</title><body><h1>运城市开展督导<div class=content>"
            + f"<p>{PARAGRAPH}<p>{PARAGRAPH}<p>督导组要求各地压实责任，强化监测预警，做好健康宣教工作。").encode()
    ext = extract("", body)
    assert ext.ok, ext.no_article
    assert ext.title == "运城市开展督导"
    assert (ext.body or "").count("太原市卫生健康委员会") == 2
    assert "督导组要求" in (ext.body or "")


def test_no_title_anywhere_is_no_article() -> None:
    body = f"<html><body><div>{PARAGRAPH}{PARAGRAPH}</div></body></html>".encode()
    ext = extract("", body)
    assert not ext.ok and ext.no_article == "no title found"


def test_nul_bytes_and_broken_utf8_do_not_crash() -> None:
    body = article_html(f"<div><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>").encode() + b"\x00\xff\xfe<p>\x80\x81"
    ext = extract("", body)
    assert ext.ok, ext.no_article


# --- the manifest interface --------------------------------------------------------------


def test_manifest_interface(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    lines = [
        {"file": str(FIXTURES / "gov_article.html"), "url": "http://www.shanxi.gov.cn/a.shtml"},
        {"file": str(tmp_path / "missing.html"), "url": None},
        {"file": str(FIXTURES / "links_only.html"), "url": None},
    ]
    manifest.write_text("\n".join(json.dumps(line) for line in lines) + "\nnot json\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "newsbot.extract", "--manifest", str(manifest)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )
    assert run.returncode == 0, run.stderr
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out) == 4
    first = out[0]
    assert first["error"] is None
    assert first["title"] == "太原市启动基层医疗服务能力提升行动"
    assert first["published_at"] == "2023-10-14T09:30:00+08:00"
    assert first["source"] == "山西日报" and first["editor"] == "王芳"
    assert first["body"].count("\n") == 2
    assert first["rules"]["title"].startswith("generic:")
    assert "cannot read file" in out[1]["error"]
    assert out[2]["error"] is None and out[2]["no_article"]
    assert "bad manifest line" in out[3]["error"]


def test_gbk_bytes_declaring_utf8_are_read_as_gbk() -> None:
    html = article_html(f"<div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>")
    body = html.encode("gbk")  # the page and the header both say utf-8
    ext = extract("", body, {"Content-Type": "text/html; charset=utf-8"})
    assert ext.ok, ext.no_article
    assert ext.title == "太原市启动基层医疗服务能力提升行动"
    assert PARAGRAPH in (ext.body or "")


def test_update_time_never_beats_the_publish_time_in_metadata() -> None:
    page = article_html(
        f"<div class='info'>更新时间：2023-10-14 11:00</div><div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>"
    ).replace("<meta charset='utf-8'>", "<meta charset='utf-8'><meta name='PubDate' content='2023-10-14 09:30'>")
    ext = extract("", page.encode())
    assert ext.published_at == datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)
    assert ext.rules["published_at"] == "meta:PubDate"
    shown = article_html(f"<div class='info'>发布时间：2023-10-14 09:35</div><div class='content'><p>{PARAGRAPH}</p></div>")
    shown = shown.replace("<meta charset='utf-8'>", "<meta charset='utf-8'><meta name='PubDate' content='2023-10-14 09:30'>")
    ext = extract("", shown.encode())
    assert ext.published_at == datetime(2023, 10, 14, 9, 35, tzinfo=SHANGHAI)  # what the reader sees


def test_table_layout_gbk_page_with_br_paragraphs() -> None:
    ext = extract("", page("table_layout_gbk.html"))
    assert ext.ok, ext.no_article
    assert ext.encoding == "gb2312"
    assert ext.title == "襄汾县开展义诊进乡村活动" and ext.rules["title"].startswith("generic:styled")
    assert ext.published_at == datetime(2021, 12, 7, tzinfo=SHANGHAI)
    assert ext.source == "襄汾县卫生健康局"
    lines = (ext.body or "").splitlines()
    assert len(lines) == 3 and lines[0].startswith("12月6日，襄汾县卫生健康局")
    for noise in ("通知公告", "打印", "关闭", "版权", "电话", "网站首页"):
        assert noise not in (ext.body or ""), noise


def test_generic_pagination_links_become_next_pages() -> None:
    pager = "".join(f"<a href='/n1/2023/1014/c1-100{suffix}.html'>【{n}】</a>" for n, suffix in ((1, ""), (3, "-3"), (2, "-2")))
    other = "<a href='/n1/2023/1014/c1-999-2.html'>2</a><a href='/n1/2023/1014/c1-100-5.html'>相关报道</a>"
    page = article_html(f"<div class='content'><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div><div class='zdfy'>{pager}{other}</div>")
    ext = extract("http://sx.example.cn/n1/2023/1014/c1-100.html", page.encode())
    assert ext.next_pages == ["http://sx.example.cn/n1/2023/1014/c1-100-2.html", "http://sx.example.cn/n1/2023/1014/c1-100-3.html"]
    assert ext.rules["next_pages"] == "generic:pagination"
    second = extract("http://sx.example.cn/n1/2023/1014/c1-100-2.html", page.encode())
    assert second.next_pages == ["http://sx.example.cn/n1/2023/1014/c1-100-3.html"]
    assert extract("", page.encode()).next_pages == []


def test_date_and_source_above_the_headline_and_title_block_wrapping_lines() -> None:
    prose = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
    above = (
        "<html><head><meta charset='utf-8'><title>山西实现区域医疗中心全覆盖-新华网山西频道</title></head><body>"
        "<div class='header'><div class='time'><span><em>2025</em> 11/21</span> <span>09:18:36</span></div>"
        "<div class='src'>来源：新华网</div><h1>山西实现区域医疗中心全覆盖</h1></div>"
        f"<div class='main'>{prose}</div></body></html>"
    )
    ext = extract("", above.encode())
    assert ext.published_at == datetime(2025, 11, 21, 9, 18, 36, tzinfo=SHANGHAI)
    assert ext.source == "新华网"
    wrapped = (
        "<html><head><meta charset='utf-8'><title>我省开展两癌免费筛查--山西新闻网--山西日报</title></head><body>"
        "<div class='text_title'><div class='jz'>我省开展两癌免费筛查</div><div>2025年11月21日07:52　来源：山西日报</div>"
        f"<div><span>分 享</span></div></div><div class='text_con'>{prose}</div></body></html>"
    )
    ext = extract("", wrapped.encode())
    assert ext.title == "我省开展两癌免费筛查"
    assert ext.published_at == datetime(2025, 11, 21, 7, 52, tzinfo=SHANGHAI)
    assert ext.source == "山西日报"


def test_disclaimer_alone_is_not_an_article() -> None:
    page = article_html("<div class='post_body'></div><div class='statement'>特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。</div>")
    ext = extract("", page.encode())
    assert not ext.ok and ext.no_article == "no article body found"

"""Remove what is not the article from a chosen container: furniture elements, then furniture lines.

Element level (:func:`clean_container`): scripts, hidden elements, video/audio widgets,
noise-marked blocks (class/id ``share``, ``related``, ``comment``…, ``<nav>``/``<aside>``),
link lists (blocks whose text is mostly links) and "more" links (``详情>>``, ``返回…首页>>``).

Line level (:func:`filter_lines`): the title and info lines (date/来源/作者) repeated at the top,
share/print/font-size bars, 上一篇/下一篇, 扫一扫 QR prompts, copyright and 免责声明 footers,
延伸阅读/相关新闻 blocks with the headlines under them.
"""

from __future__ import annotations

import re

from lxml import etree

from newsbot.extraction.density import SENTENCE_PUNCT, noise_marked
from newsbot.extraction.text import clean_ws, is_hidden, remove, strip_noise, text_of

_MORE_LINK = re.compile(r"(?:>>|》》|»|>|＞＞)\s*$|^\s*[【\[]?(?:详情|更多|查看原文|点击查看|阅读全文|点击进入|进入专题|返回.{0,8}首页)")
_LIST_BLOCKS = frozenset(["ul", "ol", "dl", "div", "table", "p", "section", "li", "span", "font", "td"])

FURNITURE = re.compile(
    r"^[【\[(（]?\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页|返回顶部|返回首页|返回列表|打印本页|打印此页|关闭窗口|"
    r"分享到|分享至|扫一扫|微信扫一扫|扫描二维码|用微信扫|长按二维码|长按识别|【字体|字号[:：]|字体[:：]|我要纠错|"
    r"免责声明|版权声明|版权所有|Copyright|©|点击进入专题|点击查看专题|相关专题|"
    r"推荐阅读|精彩推荐|热门推荐|猜你喜欢|往期回顾|往期精彩|更多精彩|编辑推荐|24小时热点)"
)
"""A line opening with one of these is page furniture, not article text."""
SHORT_FURNITURE = re.compile(r"^[【\[(（]?\s*(?:打印|关闭|分享|收藏|举报|纠错|字号|字体|专题|[大中小]\s*字号|[大中小]\s*号字|[大中小]\s+[大中小])")
"""Words that open furniture only on short lines ('分享 收藏 打印'); a paragraph may start with them."""
SHORT_FURNITURE_MAX = 16

RELATED_HEAD = re.compile(
    r"^[【\[(（]?\s*(?:延伸\s*[·•・]?\s*(?:阅读|推荐)|相关阅读|相关新闻|相关链接|相关文章|相关报道|此前报道|推荐阅读|精彩推荐|热门推荐|"
    r"猜你喜欢|往期回顾|往期精彩|更多精彩|更多阅读|点击进入专题)\s*[】\])）]?\s*[:：>》]*\s*$"
)
"""A heading over a list of other stories; the list under it goes too."""

TAIL_STOP = re.compile(
    r"^[【\[(（]?\s*(?:延伸\s*[·•・]?\s*(?:阅读|推荐)|我要反馈|我要纠错|特别声明|网友评论|发表评论|我要评论|我要跟帖|评论[（(]\d|已有\d+人|相关新闻|相关阅读|相关推荐|热门推荐|"
    r"扫描下方二维码|扫描二维码|扫码关注|关注公众号|长按二维码|点击菜单|点【在看】|看都看完了|分享到|分享至|返回顶部|上一篇|下一篇)"
)
"""In the last part of the body, a line opening with one of these ends the article."""
_APP_PROMO = re.compile(r"(?:安装|下载).{0,12}(?:客户端|APP|App|app)|(?:客户端|APP).{0,6}下载")

_INFO_LABELS = re.compile(r"来源|稿源|作者|记者|编辑|责编|发布时间|发布日期|发表时间|时间[:：]|日期[:：]|浏览|阅读量|点击[数量率:：]|字号|打印|分享")
_DATE = re.compile(r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}|\d{1,2}[-月/]\d{1,2}日?\s+\d{1,2}:\d{2}|\d{1,2}:\d{2}")
_COPYRIGHT = re.compile(r"版权所有|Copyright|©|未经.{0,10}(?:授权|许可).{0,12}(?:转载|使用)|ICP备|免责声明")


def clean_container(node: etree._Element) -> None:
    """Drop furniture elements inside a (copied) container, in place."""
    strip_noise(node)
    total = len(clean_ws(text_of(node))) or 1
    for el in list(node.iter()):
        if el is node or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if is_hidden(el):
            remove(el)
            continue
        # a noise-named wrapper that holds most of the article is a naming accident: it stays
        if noise_marked(el) and len(clean_ws(text_of(el))) < 0.5 * total:
            remove(el)
    for a in list(node.iter("a")):
        if a.getparent() is None:
            continue
        text = clean_ws(text_of(a))
        if text and len(text) <= 20 and _MORE_LINK.search(text):
            remove(a)
    for el in list(node.iter(*_LIST_BLOCKS)):
        if el is node or el.getparent() is None:
            continue
        if _link_list(el):
            remove(el)


def _link_list(el: etree._Element) -> bool:
    """A block whose visible text is (nearly) all links: a related-news list or a menu."""
    text = clean_ws(text_of(el))
    if not text:
        return False
    links = [clean_ws(text_of(a)) for a in el.iter("a")]
    link_chars = sum(len(t) for t in links)
    if not link_chars:
        return False
    outside = len(text.replace(" ", "")) - link_chars
    if outside > 20 and SENTENCE_PUNCT.search(_without_links(el)):
        return False
    return link_chars >= 0.6 * len(text.replace(" ", "")) and (len(links) >= 2 or el.tag in ("ul", "ol", "dl", "li"))


def _without_links(el: etree._Element) -> str:
    text = clean_ws(text_of(el))
    for a in el.iter("a"):
        link = clean_ws(text_of(a))
        if link:
            text = text.replace(link, "", 1)
    return text


def is_info_line(line: str) -> bool:
    """A short line with a date and/or credit labels: the 'time 来源 作者' line under a headline."""
    if len(line) > 90 or "，" in line:  # a sentence, not a 'date 来源 作者' line
        return False
    labels = len(_INFO_LABELS.findall(line))
    has_date = bool(_DATE.search(line))
    rest = _DATE.sub("", line)
    if has_date and (labels or len(rest) <= 12) and not re.search(r"[。！？]", line):
        return True
    return labels >= 2 and not re.search(r"[。！？]", line)


def is_furniture(line: str) -> bool:
    if len(line) <= 60 and _APP_PROMO.search(line):
        return True
    if len(line) <= SHORT_FURNITURE_MAX and SHORT_FURNITURE.match(line):
        return True
    return bool(FURNITURE.match(line)) or (len(line) <= 120 and bool(_COPYRIGHT.search(line)))


def _same_as_title(line: str, titles: list[str]) -> bool:
    squashed = line.replace(" ", "")
    for title in titles:
        t = title.replace(" ", "")
        if t and (squashed == t or (len(squashed) >= 6 and squashed in t)):
            return True
    return False


def filter_lines(lines: list[str], titles: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(article lines, info lines removed from the top, lines removed from the bottom).

    The top lines feed time and credit detection; the bottom ones credit detection only (a
    related-news list under the article has other stories' dates).
    """
    info: list[str] = []
    tail: list[str] = []
    out: list[str] = []
    # head: title repeats, info lines, furniture before the first paragraph
    start = 0
    while start < len(lines) and start < 12:
        line = lines[start]
        if _same_as_title(line, titles) or is_info_line(line) or is_furniture(line):
            info.append(line)
            start += 1
            continue
        break
    # a date printed in pieces over short lines ('2019' / '09/07' / '19:02' / 'outlet') is info too
    run = 0
    while start + run < len(lines) and run < 8 and len(lines[start + run]) <= 12 and not re.search(r"[。！？]", lines[start + run]):
        run += 1
    if run >= 2 and any(_DATE.search(line) for line in lines[start : start + run]):
        info.extend(lines[start : start + run])
        start += run
    body = lines[start:]
    # tail: everything from a closing marker (延伸阅读, 我要反馈, 扫码关注…) in the last 40% on
    total = sum(len(line) for line in body) or 1
    seen = 0
    for index, line in enumerate(body):
        if seen >= 0.6 * total and (TAIL_STOP.match(line) or RELATED_HEAD.match(line)):
            tail.extend(body[index:index + 8])  # credit lines may sit under the marker
            body = body[:index]
            break
        seen += len(line)
    skipping_related = False
    for line in body:
        if RELATED_HEAD.match(line):
            skipping_related = True
            continue
        if skipping_related:
            # headlines of other stories: short, no sentence end
            if len(line) <= 50 and not re.search(r"[。！？]$", line):
                continue
            skipping_related = False
        if is_furniture(line):
            tail.append(line)  # credit lines can hide here ('本文来源：… 责任编辑：…')
            continue
        out.append(line)
    # tail: info lines and furniture after the last paragraph
    while out and (is_info_line(out[-1]) or is_furniture(out[-1])):
        tail.append(out.pop())
    return out, info, tail

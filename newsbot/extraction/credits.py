"""Source (来源), author (作者/记者/通讯员) and editor (编辑/责任编辑/责编) from text lines.

Used on info lines near the headline, on leads such as ``黄河新闻网运城讯`` and on trailing
credit lines such as ``[编辑:刘莎]`` or ``(责编：李琳、褚嘉琳)``; credit-only lines are also
recognised so they can be removed from the body.
"""

from __future__ import annotations

import itertools
import re

from newsbot.extraction.text import clean_ws, join_names

_SEP = r"\s*[:：]\s*"
_STOP = r"(?=\s{2,}|\s*(?:发布时间|时间|日期|作者|记者|编辑|责任编辑|责编|来源|浏览|阅读|点击|字号|分享|打印|【|\||$))"

SOURCE_RE = re.compile(r"(?:来源于|文章来源|新闻来源|信息来源|稿件来源|来源|稿源|出处)" + _SEP + r"(?P<v>[^\s|｜丨/，,。;；]{1,40}?)" + r"(?=\s|[|｜丨/，,。;；]|发布|时间|日期|作者|记者|编辑|责任编辑|责编|浏览|阅读|点击|字号|分享|打印|【|$)")
_DATE_IN_LINE = re.compile(
    r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_OUTLET = re.compile(r"^[\u4e00-\u9fa5A-Za-z][\u4e00-\u9fa5A-Za-z0-9·\-]{1,19}$")
_NOT_OUTLET = re.compile(r"分享|收藏|评论|字号|打印|阅读|浏览|关注|举报|点击|星期|原创|首页|专题|频道$")
EDITOR_RE = re.compile(
    r"[\[【(（]?\s*(?:责任编辑|责编|编辑|值班编辑|网络编辑|助编|审核|校对)" + _SEP + r"(?P<v>[^\]】)）\n]{1,40}?)\s*[\]】)）]?\s*$"
)
EDITOR_INLINE_RE = re.compile(r"(?:责任编辑|责编|编辑)" + _SEP + r"(?P<v>[\u4e00-\u9fa5A-Za-z0-9_、，, ]{1,40}?)" + _STOP)
AUTHOR_RE = re.compile(
    r"(?:(?:作者|记者|撰稿|通讯员|执笔|编译)\s*[:：/]?|(?:^|(?<=[\s（(【\[|｜]))(?:文/图|文/摄|文)\s*[:：/ ])\s*(?P<v>[\u4e00-\u9fa5·]{2,4}(?:[ 、，,]+[\u4e00-\u9fa5·]{2,4})*)"
)
LEAD_SOURCE_RE = re.compile(r"^(?P<outlet>[\u4e00-\u9fa5]{2,12}?(?:新闻网|日报|晚报|网|报|台|社|新闻))(?P<place>[\u4e00-\u9fa5]{0,6})讯")
STAFF_CODE_RE = re.compile(r"_?[A-Z]{1,4}\d{3,}$")

_CREDIT_LINE = re.compile(
    r"^[\[【(（]?\s*(?:(?:责任编辑|责编|编辑|助编|审核|校对|监制|来源|稿源|作者|记者|通讯员|摄影|本文来源)"
    r"\s*[:：]?\s*[^。！？]{0,40}\s*)+[\]】)）]?$"
)


def _names(value: str) -> list[str]:
    return [p for p in re.split(r"[、，,\s]+", value) if p]


def find_source(text: str) -> str | None:
    m = SOURCE_RE.search(text)
    if not m:
        return None
    value = clean_ws(m["v"]).strip("：:，,。")
    return value or None


def source_beside_date(lines: list[str]) -> str | None:
    """The outlet printed unlabelled next to the date: '2019年11月25日 18:57 参考消息' → '参考消息'."""
    for line in lines:
        m = _DATE_IN_LINE.search(line)
        if not m or len(line) > 60 or re.search(r"[:：]", line[: m.start()] + line[m.end():]):
            continue
        rest = clean_ws(line[: m.start()] + " " + line[m.end():])
        if _OUTLET.match(rest) and not _NOT_OUTLET.search(rest):
            return rest
    return None


_PLATFORM = re.compile(r"^(?:企鹅号|百家号|头条号|网易号|搜狐号|大风号|澎湃号|一点号|新浪号|公众号)$")


_BYLINE_OUTLET = re.compile(
    r"^(?P<name>[\u4e00-\u9fa5·]{2,4}(?:[ 、][\u4e00-\u9fa5·]{2,4})*)\s*/\s*(?P<outlet>[\u4e00-\u9fa5A-Za-z·]{2,16}(?:报|网|社|台|新闻|杂志|客户端|周刊))$"
)


def byline_outlet(lines: list[str]) -> tuple[str | None, str | None]:
    """('石佳', '中国青年报') from a 'name/outlet' byline line near the headline."""
    for line in lines:
        m = _BYLINE_OUTLET.match(line.strip())
        if m:
            return join_names(_names(m["name"])), m["outlet"]
    return None, None


def platform_account(lines: list[str]) -> str | None:
    """'扬眼' in lines '扬眼', '企鹅号': the account name printed before a platform's label."""
    for previous, line in itertools.pairwise(lines):
        if _PLATFORM.match(line) and _OUTLET.match(previous) and not _NOT_OUTLET.search(previous):
            return previous
    return None


def clean_source(text: str | None) -> str | None:
    """The outlet name from a source-marked element's text (labels, dates and furniture removed)."""
    if not text:
        return None
    text = _DATE_IN_LINE.sub(" ", text)
    text = re.sub(r"(?:来源于|文章来源|新闻来源|信息来源|稿件来源|来源|稿源|出处)\s*[:：]?", " ", text)
    parts = [p for p in clean_ws(text).split(" ") if p and not _NOT_OUTLET.search(p)]
    if len(parts) != 1 or not _OUTLET.match(parts[0]):
        return None
    return parts[0]


def find_editor(text: str) -> str | None:
    for line in text.splitlines():
        m = EDITOR_RE.search(line.strip()) or EDITOR_INLINE_RE.search(line)
        if m:
            names = [STAFF_CODE_RE.sub("", n) for n in _names(m["v"])]
            return join_names(n for n in names if n)
    return None


_ROLE_WORDS = frozenset(["作者", "记者", "通讯员", "摄影", "编辑", "责编", "来源", "实习生", "本报", "文", "图"])


def find_author(text: str) -> str | None:
    """Byline names after 作者/记者/通讯员/文…, up to the next role word."""
    m = AUTHOR_RE.search(text)
    if not m:
        return None
    names: list[str] = []
    for name in _names(m["v"]):
        if name in _ROLE_WORDS:
            break
        names.append(name)
    return join_names(names)


def lead_source(first_line: str) -> str | None:
    """'黄河新闻网运城讯 …' → '黄河新闻网'."""
    m = LEAD_SOURCE_RE.match(first_line.strip())
    return m["outlet"] if m else None


def is_credit_line(line: str) -> bool:
    """A line that is only credits (编辑/来源/记者…), to be removed from the body."""
    line = clean_ws(line)
    return bool(line) and len(line) <= 60 and bool(_CREDIT_LINE.match(line))

"""Source (来源), author (作者/记者/通讯员) and editor (编辑/责任编辑/责编) from text lines.

Used on info lines near the headline, on leads such as ``黄河新闻网运城讯`` and on trailing
credit lines such as ``[编辑:刘莎]`` or ``(责编：李琳、褚嘉琳)``; credit-only lines are also
recognised so they can be removed from the body.
"""

from __future__ import annotations

import re

from newsbot.extraction.text import clean_ws, join_names

_SEP = r"\s*[:：]\s*"
_STOP = r"(?=\s{2,}|\s*(?:发布时间|时间|日期|作者|记者|编辑|责任编辑|责编|来源|浏览|阅读|点击|字号|分享|打印|【|\||$))"

SOURCE_RE = re.compile(r"(?:来源于|文章来源|新闻来源|信息来源|稿件来源|来源|稿源|出处)" + _SEP + r"(?P<v>[^\s|｜丨/]{1,40}?)" + _STOP)
EDITOR_RE = re.compile(
    r"[\[【(（]?\s*(?:责任编辑|责编|编辑|值班编辑|网络编辑|助编|审核|校对)" + _SEP + r"(?P<v>[^\]】)）\n]{1,40}?)\s*[\]】)）]?\s*$"
)
EDITOR_INLINE_RE = re.compile(r"(?:责任编辑|责编|编辑)" + _SEP + r"(?P<v>[\u4e00-\u9fa5A-Za-z0-9_、，, ]{1,40}?)" + _STOP)
AUTHOR_RE = re.compile(
    r"(?:作者|记者|文/图|文/摄|文|撰稿|通讯员|执笔|编译)\s*[:：/]?\s*(?P<v>[\u4e00-\u9fa5·]{2,4}(?:[ 、，,]+[\u4e00-\u9fa5·]{2,4})*)"
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


def find_editor(text: str) -> str | None:
    for line in text.splitlines():
        m = EDITOR_RE.search(line.strip()) or EDITOR_INLINE_RE.search(line)
        if m:
            names = [STAFF_CODE_RE.sub("", n) for n in _names(m["v"])]
            return join_names(n for n in names if n)
    return None


def find_author(text: str) -> str | None:
    m = AUTHOR_RE.search(text)
    if not m:
        return None
    return join_names(_names(m["v"]))


def lead_source(first_line: str) -> str | None:
    """'黄河新闻网运城讯 …' → '黄河新闻网'."""
    m = LEAD_SOURCE_RE.match(first_line.strip())
    return m["outlet"] if m else None


def is_credit_line(line: str) -> bool:
    """A line that is only credits (编辑/来源/记者…), to be removed from the body."""
    line = clean_ws(line)
    return bool(line) and len(line) <= 60 and bool(_CREDIT_LINE.match(line))

"""Strip other sites' chrome from a page text before fingerprinting it.

A copy on a content farm or portal carries that site's breadcrumbs, "来源/发布时间" lines,
copyright and ICP lines, share/print widgets and lists of teaser headlines. Those lines make two
copies of one story look less alike (and two different stories on one farm look more alike), so
they are removed before shingling. The rules are deliberately conservative: only *short* lines
that match a boilerplate pattern, runs of headline-like short lines at the start or end of the
text, and the lines before the first / after the last sentence-ending line (teaser headlines and
summaries, dates, link lists) are removed; a paragraph is never cut in the middle. The edge rules
are not applied when they would leave under 200 characters and under a third of the text (a page
of list items or of text without full stops is not all chrome). Boilerplate-pattern lines are
always removed, so a boilerplate-only page is left with nothing: it has no fingerprint and never
clusters.
"""

from __future__ import annotations

import re

# A short line matching one of these is chrome, wherever it is.
_BOILERPLATE = re.compile(
    r"(版权所有|版权声明|copyright|©|\(c\)|all rights reserved|icp[备证]|公网安备|网安备|增值电信|"
    r"免责声明|转载请注明|未经授权|违者必究|本文来源|本站|本网|"
    r"责任编辑|责编|编辑[:：]|审核[:：]|校对[:：]|作者[:：]|记者[:：]|通讯员|来源[:：]|出处[:：]|"
    r"发布时间|发布日期|发表时间|更新时间|时间[:：]|日期[:：]|浏览次数|阅读量|点击数|阅读[:：]|字号|"
    r"分享到|扫一扫|扫码|二维码|打印|关闭窗口|收藏|举报|返回顶部|返回首页|上一篇|下一篇|"
    r"相关新闻|相关阅读|相关文章|相关推荐|热门推荐|推荐阅读|热点新闻|猜你喜欢|延伸阅读|精彩推荐|"
    r"首页|当前位置|您的位置|所在位置|类别[:：]|分类[:：]|标签[:：]|关键词[:：]|文章简介|"
    r"点击|关注我们|微信公众号|客户端|下载app)",
    re.I,
)
# Breadcrumbs: "首页 > 新闻 > 国内", "A >> B", "A » B".
_BREADCRUMB = re.compile(r"(>|›|»|＞|→|/).*(>|›|»|＞|→|/)")
# A line that opens as a disclaimer, copyright notice or keyword list (免责声明:本网所有文章…,
# 关键词: 注射疫苗 山西卫生厅 …) is chrome at any length.
_DISCLAIMER = re.compile(r"\s*[【\[(（]?(免责声明|版权声明|特别声明|郑重声明|声明[:：]|版权所有|本站声明|本网声明|"
                         r"关键词[:：]|关键字[:：]|标签[:：]|tags[:：])", re.I)
_LINK_SEPARATOR = re.compile(r"\s+[-·|•]\s*|\s[|｜]\s|\s{2,}")
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;，,：:、]")

SHORT_LINE = 40  # characters: a boilerplate pattern only removes lines shorter than this
TEASER_LINE = 36  # a teaser headline is a line this short without sentence punctuation…
TEASER_RUN = 3  # …and only a run of this many at the start or end of the text is cut


def _is_boilerplate(line: str) -> bool:
    if _DISCLAIMER.match(line):
        return True  # a site's disclaimer is chrome however long it is
    if "。" not in line and len(line) >= SHORT_LINE:
        parts = [p for p in _LINK_SEPARATOR.split(line) if p.strip()]
        if len(parts) >= TEASER_RUN + 1 and all(len(p) <= TEASER_LINE for p in parts):
            return True  # a ticker or link list flattened into one line: -标题一 -标题二 -标题三 …
    if not _SENTENCE_PUNCT.search(line):
        words = line.split()
        if len(words) >= 6 and all(len(w) <= 8 for w in words):
            return True  # a navigation menu: 首页 要闻 图片 发展观察 新闻跟踪 经济发展 …
    if len(line) >= SHORT_LINE:
        return False
    return bool(_BOILERPLATE.search(line) or _BREADCRUMB.search(line))


def _is_teaser(line: str) -> bool:
    return len(line) < TEASER_LINE and not _SENTENCE_PUNCT.search(line.rstrip("。"))


_SENTENCE_END = re.compile(r"[。！？!?…”」』\"]\s*$")
_DATE_LINE = re.compile(r"^[\d\s:/.\-年月日时分秒]{6,}$")
_LINK_LIST = re.compile(r"(\s[|｜]\s.*){2,}")
EDGE_LINE = 200  # a line at the start/end that does not end a sentence and is shorter than this is chrome


def _is_edge_chrome(line: str) -> bool:
    """Headlines, teaser summaries, dates and link lists around the article (no sentence end)."""
    if _DATE_LINE.match(line) or _LINK_LIST.search(line) or line.startswith(("...", "…")):
        return True
    if len(line) < SHORT_LINE:  # a short line is a headline unless it ends a sentence with 。
        return not line.rstrip().endswith("。")
    return len(line) < EDGE_LINE and not _SENTENCE_END.search(line)


def _trim_edges(lines: list[str]) -> list[str]:
    """Drop non-sentence lines before the first and after the last sentence-ending line."""
    start, end = 0, len(lines)
    while start < end and _is_edge_chrome(lines[start]):
        start += 1
    while end > start and _is_edge_chrome(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _trim_teaser_runs(lines: list[str]) -> list[str]:
    """Cut runs of >= TEASER_RUN headline-like lines at either end (teaser lists, link farms)."""

    def run_length(seq: list[str]) -> int:
        n = 0
        for line in seq:
            if not _is_teaser(line):
                break
            n += 1
        return n

    head = run_length(lines)
    if head >= TEASER_RUN:
        lines = lines[head:]
    tail = run_length(lines[::-1])
    if tail >= TEASER_RUN:
        lines = lines[: len(lines) - tail]
    return lines


def strip_chrome(text: str | None) -> str:
    """``text`` without boilerplate lines and teaser runs; lines keep their order and wording."""
    if not text:
        return ""
    lines = [line.strip().replace("\u3000", " ") for line in text.splitlines()]
    lines = [line for line in lines if line and not _is_boilerplate(line)]
    kept = _trim_edges(_trim_teaser_runs(lines))
    if sum(map(len, kept)) < min(200, sum(map(len, lines)) / 3):
        kept = lines  # mostly "chrome-like" lines: a list page or text without full stops, not chrome
    return "\n".join(kept)

"""The reporters a text names in its byline: (记者 李纯), 电 (王玉玲), 本报记者 张三 报道.

A reprint keeps its original's byline or drops it; an outlet's own write-up of a press release or
conference names its own reporter. Two texts that both name reporters, and no reporter in common,
are two write-ups however much of the release they share (``similarity.compare``).

Only delimited forms are read - a name between a reporter word and a closing bracket, a bracketed
name right after a dateline, or a name followed by 报道/摄 - so that 记者从山西省卫健委获悉 gives no
name. Editors (责任编辑) are not reporters: a farm's editor line says nothing about who wrote the text.
"""

from __future__ import annotations

import re

from newsbot.dedupe.normalize import to_simplified
from newsbot.readings import drop_readings

_NAME = r"[\u4e00-\u9fff]{2,3}"
_NAMES = _NAME + r"(?:[\s、,，]+" + _NAME + r")*"
_ROLE = r"(?:(?:本报|新华社|中新社|央视|全媒体|融媒体|见习|实习|特约)?记者|通讯员|通信员|实习生)"
_PATTERNS = (
    # (记者 李纯) · (中青报·中青网见习记者 余冰玥 记者 刘昶荣) · (全媒体记者 李琪 整理)
    re.compile(r"[(（][^()（）\n]{0,16}?" + _ROLE + r"\s*[::]?\s*(" + _NAMES + r")"
               r"(?:\s*" + _ROLE + r"\s*[::]?\s*(" + _NAMES + r"))?\s*(?:整理|报道|摄|采写)?\s*[)）]"),
    # 北京1月18日电 (王玉玲) · 本报讯(杨佩佩) · a bracketed name opening a line
    re.compile(r"(?:电|讯|^)\s*[(（](" + _NAMES + r")[)）]", re.M),
    # 本报记者 张三 李四 报道 · 记者 张三 摄
    re.compile(_ROLE + r"\s*[::]?\s*(" + _NAMES + r")\s*(?:报道|摄|采写)"),
)
# words the name slots catch that are no names
_NOT_NAMES = frozenset({"记者", "通讯员", "通信员", "实习生", "见习", "实习", "特约", "整理", "报道", "采写", "编辑", "摄影", "数据图", "资料图", "图片"})
_SPLIT = re.compile(r"[\s、,，]+")
# what every pattern needs, in either script: a reporter word, or a bracket after a dateline or at a
# line's start
_MARKER = re.compile(r"[记記]者|通[讯訊信]员|通[讯訊信]員|[实實]习生|[实實]習生|(?:[电電讯訊]|^)\s*[(（]", re.M)
_SCAN_CHARS = 3000  # bylines open or close a story; the bound keeps long bodies cheap


def reporters(text: str | None) -> tuple[str, ...]:
    """The reporters named in ``text``'s byline, simplified script, sorted (empty when none)."""
    if not text:
        return ()
    head = text if len(text) <= 2 * _SCAN_CHARS else text[:_SCAN_CHARS] + "\n" + text[-_SCAN_CHARS:]
    head = drop_readings(head)
    if _MARKER.search(head) is None:
        return ()  # no byline can match: the script conversion below, the costly part, is skipped
    simplified = to_simplified(head)
    names: set[str] = set()
    for pattern in _PATTERNS:
        for match in pattern.finditer(simplified):
            for group in match.groups():
                if group:
                    names.update(n for n in _SPLIT.split(group) if len(n) >= 2 and n not in _NOT_NAMES)
    return tuple(sorted(names))

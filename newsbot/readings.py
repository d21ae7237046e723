"""Inline pinyin readings left by converters: 医(yī)院, 新院區(qū), 中(zhong)(zhong)(zhong).

Content farms that convert traditional text (or add reading aids) sometimes write a pinyin reading
in brackets after characters. The reading splits every word, so keyword matching (classification)
and shingling (dedupe) see the text without it. The stored body keeps it, as written.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"
# one reading, or the same repeated by a template bug (中(zhong)(zhong)(zhong))
_READING = re.compile(rf"(?<=[\u3400-\u9fff])(?:[(（][a-z{_TONED}]{{1,6}}[)）])+")


def drop_readings(text: str) -> str:
    """``text`` without inline pinyin readings, when the offsets are not needed (dedupe's folding)."""
    if "(" not in text and "（" not in text:
        return text
    return _READING.sub("", text)


def strip_readings(text: str) -> tuple[str, list[int] | None]:
    """``text`` without inline pinyin readings (医(yī)院 -> 医院), and for each character of the
    result its offset in ``text`` (None when there was nothing to remove, the usual case)."""
    if "(" not in text and "（" not in text:
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    last = 0
    for hit in _READING.finditer(text):
        pieces.append(text[last:hit.start()])
        offsets.extend(range(last, hit.start()))
        last = hit.end()
    if last == 0:
        return text, None
    pieces.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(pieces), offsets

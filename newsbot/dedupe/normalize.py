"""Text normalisation for comparing copies of one story (never for storage).

Copies of a story differ in ways that carry no meaning for "is this the same text": traditional vs
simplified script (BIG5 gateways, mirror farms), Taiwan vocabulary (晶片 for 芯片), injected
punctuation (``,,`` ``,、``), full-width digits, spaces around numbers, other sites' chrome
(breadcrumbs, copyright lines, teaser lists). ``fold`` maps a text to a comparison form:
traditional → simplified with OpenCC's ``tw2sp`` phrase table (only when the text holds
traditional characters, which keeps the common case fast), full-width → half-width, lower case,
and everything but CJK ideographs, ASCII letters and digits removed. Markup leaked into the text
(``<font>`` tags a farm injects at random places, their broken halves, escaped tags) goes first.

The stored body stays as written (STYLE: Chinese text is kept as written); only fingerprints
are computed from the folded form.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

from opencc import OpenCC

from newsbot.readings import drop_readings

# Characters kept for comparison: CJK ideographs (basic + extension A + compatibility) and ASCII alnum.
_DROP = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Markup leaked into a page's text (an escaped body, a farm template injecting ``<font>`` tags at
# random places, or their broken halves ``font>``/``</font>``): the tag names are letters that
# would survive folding, differ per copy and break the shingles around them.
_TAG = re.compile(r"</?[a-z][a-z0-9]{0,9}(?:\s[^<>\n]{0,200})?/?>|(?<![a-z])/?(?:font|span|div|strong|center|section|br)>",
                  re.IGNORECASE)
_SENTENCE_END = re.compile(r"[。！？!?；;…]+|\n+")


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    return OpenCC("tw2sp")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that OpenCC's t2s table changes: their presence marks a traditional text."""
    conv = OpenCC("t2s")
    chars: set[str] = set()
    for table in getattr(conv, "_dict_chain", []) or []:
        for key in getattr(table, "keys", lambda: [])():
            if len(key) == 1:
                chars.add(key)
    if not chars:  # library internals changed: probe the common range instead
        for code in range(0x4E00, 0xA000):
            ch = chr(code)
            if conv.convert(ch) != ch:
                chars.add(ch)
    return frozenset(chars)


def has_traditional(text: str, *, min_count: int = 2) -> bool:
    """True when ``text`` holds at least ``min_count`` characters only traditional script uses."""
    trad = _traditional_chars()
    count = 0
    for ch in text:
        if ch in trad:
            count += 1
            if count >= min_count:
                return True
    return False


def to_simplified(text: str) -> str:
    """Traditional (incl. Taiwan vocabulary) → simplified; simplified text is returned unchanged."""
    if not text or not has_traditional(text):
        return text
    return str(_converter().convert(text))


def fold(text: str | None) -> str:
    """The comparison form of ``text``: without pinyin readings (医(yī)院), simplified, half-width,
    lower case, CJK/letters/digits only."""
    if not text:
        return ""
    text = strip_markup(text)
    text = to_simplified(unicodedata.normalize("NFKC", drop_readings(text)))
    return _DROP.sub("", text.lower())


def strip_markup(text: str) -> str:
    """``text`` without leaked HTML: entities unescaped (``&lt;p&gt;`` → ``<p>``), then tags and
    broken tag halves (``font>``) removed. Text without ``<``, ``>`` or ``&`` is returned as is."""
    if "&" in text:
        text = html.unescape(text)
    if ">" in text:
        text = _TAG.sub("", text)
    return text


def content_hash(body: str | None) -> str | None:
    """SHA-1 of the folded body: equal for copies that differ only in script, punctuation or spacing.

    ``None`` for a body that folds to nothing (no exact-duplicate key for empty pages).
    """
    folded = fold(body)
    if not folded:
        return None
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()


def sentences(text: str) -> list[str]:
    """Split a (raw or simplified) text into sentences/lines at 。！？； and line breaks."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]

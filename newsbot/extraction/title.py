"""The headline a reader sees, checked against ``<title>`` and metadata; the 引题/副题 next to it.

Candidates are h1–h5, short blocks whose class/id says title (``title``, ``headline``,
``biaoti``…) and blocks set in large type (``<font size=5>``, ``font-size: 22px``). A candidate that agrees with a reference title (metadata, or ``<title>`` with the
site-name suffix stripped) wins, the closest agreement first; the visible wording is kept.
With no agreement, the metadata title is used; failing that the heading nearest before the
article container (the headline sits right above the text on news and government pages);
failing that the stripped ``<title>``.
"""

from __future__ import annotations

import re

from lxml import etree

from newsbot.extraction.density import noise_marked
from newsbot.extraction.text import clean_ws, is_hidden, text_of

_HEADINGS = ("h1", "h2", "h3", "h4", "h5")
_TITLE_MARK = re.compile(r"title|headline|biaoti|^bt$|^tit$|article-?h|news-?h|^hd$", re.I)
_SUBTITLE_MARK = re.compile(r"sub-?title|subhead|fbt|futi|yinti|^yt$|^subtitle|second-?title|vice", re.I)
_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜—–]+|\s[-–—]\s)\s*[^-_|｜—–]{1,30}$")
_SITE_PREFIX = re.compile(r"^[^-_|｜—–]{1,12}\s*[|｜]\s*")
MIN_LEN, MAX_LEN = 4, 120
_STYLED_TAGS = frozenset(["div", "p", "span", "td", "strong", "font", "b"])
_TITLED: dict[str, bool] = {}
"""Title-ness of each class/id string seen (pages repeat them a lot)."""


def strip_site_suffix(title: str) -> str:
    """'标题_山西省人民政府门户网站' → '标题' (repeatedly, keeping at least 4 characters)."""
    title = clean_ws(title)
    while True:
        m = _SITE_SUFFIX.search(title)
        # a site name is shorter than the headline it follows: '栏目｜长标题' keeps its 长标题
        if not m or m.start() < MIN_LEN or len(title) - m.start() >= m.start():
            return title
        title = title[: m.start()]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def similarity(candidate: str, reference: str) -> float:
    """How much of each other the two strings cover when one contains the other (0..1)."""
    c, r = _squash(candidate), _squash(reference)
    if not c or not r:
        return 0.0
    if c == r:
        return 1.0
    if c in r:
        return len(c) / len(r)
    if r in c:
        return len(r) / len(c)
    # a shared prefix (titles cut with '…' or with the sub-line attached)
    n = 0
    for a, b in zip(c, r, strict=False):
        if a != b:
            break
        n += 1
    return n / max(len(c), len(r)) if n >= 6 else 0.0


def candidates(root: etree._Element) -> list[tuple[str, str, etree._Element]]:
    """(kind, text, element) of every visible heading-like block, in document order."""
    out: list[tuple[str, str, etree._Element]] = []
    for el in root.iter(etree.Element):
        tag = el.tag
        if tag in _HEADINGS:
            kind = tag
        elif tag in _STYLED_TAGS and _big_type(el):
            kind = "styled"
        elif tag in _STYLED_TAGS and (el.get("class") or el.get("id")):
            marks = f"{el.get('class') or ''} {el.get('id') or ''}"
            titled = _TITLED.get(marks)
            if titled is None:
                tokens = marks.split()
                titled = any(_TITLE_MARK.search(t) for t in tokens) and not any(_SUBTITLE_MARK.search(t) for t in tokens)
                if len(_TITLED) > 20_000:
                    _TITLED.clear()
                _TITLED[marks] = titled
            if not titled:
                continue
            kind = "styled"
        else:
            continue
        if kind == "styled":
            el = _first_line_block(el)
        text = clean_ws(text_of(el))
        if not MIN_LEN <= len(text) <= MAX_LEN or is_hidden(el):
            continue
        out.append((kind, text, el))
    return out


_FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt|em|rem)", re.I)


_BLOCKS = frozenset(["div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "ul", "section"])


def _first_line_block(el: etree._Element) -> etree._Element:
    """A title block that wraps several lines (headline, date, share bar): its first line's block."""
    for child in el:
        if isinstance(child.tag, str) and child.tag in _BLOCKS and clean_ws(text_of(child)):
            return child if not (el.text and el.text.strip()) else el
    return el


def _big_type(el: etree._Element) -> bool:
    """Set in large type: ``<font size=5>`` or ``style="font-size: 22px"`` (older CMS headlines)."""
    size = el.get("size")
    if size and size.strip().lstrip("+").isdigit():
        return int(size.strip().lstrip("+")) >= 5 or size.strip().startswith("+")
    style = el.get("style")
    if not style or "font-size" not in style:
        return False
    m = _FONT_SIZE.search(style)
    if not m:
        return False
    value, unit = float(m[1]), m[2].lower()
    px = value * {"px": 1.0, "pt": 1.33, "em": 16.0, "rem": 16.0}[unit]
    return px >= 20


def _in_noise(el: etree._Element) -> bool:
    return any(noise_marked(a) for a in el.iterancestors()) or noise_marked(el)


def headline(
    root: etree._Element,
    page_title: str | None,
    meta_title: tuple[str | None, str | None],
    container: etree._Element | None,
) -> tuple[str | None, str | None, etree._Element | None]:
    """(title, rule, element) — see the module docstring for the order."""
    found = candidates(root)
    references: list[tuple[str, str]] = []
    if meta_title[0]:
        references.append((strip_site_suffix(meta_title[0]), meta_title[1] or "meta"))
    if page_title:
        references.append((strip_site_suffix(page_title), "title-tag"))
    best: tuple[tuple[float, int, int], str, str, etree._Element] | None = None
    for index, (kind, text, el) in enumerate(found):
        for reference, ref_rule in references:
            score = similarity(text, reference)
            if score < 0.6:
                continue
            rank = (round(score, 3), -_HEADINGS.index(kind) if kind in _HEADINGS else -5, -index)
            if (best is None or rank > best[0]) and not (score < 1 and _in_noise(el)):
                best = (rank, text, f"generic:{kind}~{ref_rule}", el)
    if best is not None:
        return best[1], best[2], best[3]
    if meta_title[0]:
        return strip_site_suffix(meta_title[0]), meta_title[1], None
    if container is not None:
        nearest = _nearest_before(root, container, found)
        if nearest is not None:
            kind, text, el = nearest
            return text, f"generic:{kind}~position", el
    if page_title:
        stripped = strip_site_suffix(page_title)
        if stripped:
            return stripped, "generic:title-tag", None
    return None, None, None


def _nearest_before(
    root: etree._Element, container: etree._Element, found: list[tuple[str, str, etree._Element]]
) -> tuple[str, str, etree._Element] | None:
    """The heading candidate closest before (or at the top of) the container, outside furniture."""
    if not found:
        return None
    position = {el: i for i, el in enumerate(root.iter())}
    start = position.get(container)
    if start is None:
        return None
    inside = {id(el) for el in container.iter()}
    best = None
    for kind, text, el in found:
        at = position.get(el)
        if at is None or _in_noise(el):
            continue
        if (at < start or (id(el) in inside and at < start + 40)) and (best is None or at > best[0]):
            best = (at, (kind, text, el))
    return best[1] if best else None


def subtitle(headline_el: etree._Element | None, title: str | None) -> str | None:
    """A 引题/副题: a heading or subtitle-marked block right before or after the headline."""
    if headline_el is None:
        return None
    for sibling in (headline_el.getnext(), headline_el.getprevious()):
        if sibling is None or not isinstance(sibling.tag, str):
            continue
        marks = " ".join((sibling.get("class") or "", sibling.get("id") or "")).split()
        heading = sibling.tag.lower() in _HEADINGS
        if heading or any(_SUBTITLE_MARK.search(t) for t in marks):
            text = clean_ws(text_of(sibling))
            if MIN_LEN <= len(text) <= MAX_LEN and text != title and not re.search(r"\d{1,2}:\d{2}|来源|作者", text):
                return text
    return None

"""HTML → text helpers shared by site rules and the generic extractor.

Chinese text is kept as written: only whitespace is normalised (U+3000, NBSP, runs of
spaces); full-width punctuation is never folded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree, html
from lxml.html.clean import Cleaner

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")

BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul", "br"]
)
DROP_TAGS = frozenset(["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "button", "video", "audio", "select", "textarea", "head", "title", "meta", "link"])
"""Never text a reader sees as article: dropped before lines are taken."""
_DROP_TAGS = tuple(DROP_TAGS)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|height\s*:\s*0(px)?\s*;.*overflow\s*:\s*hidden", re.I)


def clean_ws(text: str | None) -> str:
    """Collapse whitespace (incl. U+3000/NBSP/zero-width) to single spaces and strip."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip()


def text_of(el: etree._Element) -> str:
    """All text inside ``el`` (like lxml.html's ``text_content``, for plain etree elements too)."""
    return "".join(el.itertext())


def is_hidden(el: etree._Element) -> bool:
    style = el.get("style") or ""
    if _HIDDEN_STYLE.search(style):
        return True
    return el.get("hidden") is not None or (el.get("aria-hidden") == "true" and clean_ws(text_of(el)) != "")


def remove(el: etree._Element) -> None:
    """Remove an element but keep its tail text in the parent."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def strip_noise(root: etree._Element) -> None:
    """Drop scripts, styles, hidden elements and comments inside ``root`` (in place)."""
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        remove(el)
    for el in list(root.iter(*_DROP_TAGS)):
        remove(el)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el is not root and is_hidden(el):
            remove(el)


def element_lines(
    root: etree._Element,
    *,
    after: etree._Element | None = None,
    until: etree._Element | None = None,
    limit: int | None = None,
) -> list[str]:
    """Visible text of ``root`` as lines: one per block element or <br>, inline markup merged.

    Iterative (an explicit stack, not recursion) so 5,000-deep nesting cannot overflow.
    Comments and processing instructions contribute only their tail text; scripts and styles
    nothing. ``after``/``until`` restrict the text to what lies after one element and before
    another (the info lines between a headline and the article); ``limit`` caps the lines.
    """
    lines: list[str] = []
    recording = after is None
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = clean_ws("".join(buf))
            if line:
                lines.append(line)
            buf.clear()

    # stack items: (element, entering?) — on leaving, the block flush and the tail follow
    stack: list[tuple[etree._Element, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        block = tag in BLOCK_TAGS
        if entering:
            if el is until or (limit is not None and len(lines) >= limit):
                break
            if block:
                flush()
            if el.text and tag and tag not in ("script", "style") and recording:
                buf.append(el.text)
            stack.append((el, False))
            for child in reversed(el):
                stack.append((child, True))
        else:
            if el is after:
                recording = True
                buf.clear()
            if block:
                flush()
            if el is not root and el.tail and recording:
                buf.append(el.tail)
    flush()
    return lines[:limit] if limit is not None else lines


_CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_unknown_tags=False,
    safe_attrs_only=True,
    safe_attrs=frozenset({"src", "href", "alt", "title", "colspan", "rowspan", "align"}),
)


def sanitize_html(el: etree._Element, base_url: str) -> str:
    """The element as safe HTML: no script/style/event handlers, absolute src/href."""
    frag = html.fromstring(etree.tostring(el, encoding="unicode", method="html"))
    frag = _CLEANER.clean_html(frag)
    for node in frag.iter("img", "a"):
        for attr in ("src", "href"):
            value = node.get(attr)
            if value:
                node.set(attr, urljoin(base_url, value.strip()))
    return etree.tostring(frag, encoding="unicode", method="html").strip()


_LAZY_ATTRS = ("data-original", "data-src", "data-lazy-src", "data-url", "src")


def unwrap_image_url(url: str) -> str:
    """Unwrap image-proxy URLs (163's nimg.ws.126.net/?url=<real>&thumbnail=…)."""
    parts = urlsplit(url)
    if parts.netloc.endswith("ws.126.net") and parts.query:
        inner = parse_qs(parts.query).get("url")
        if inner and inner[0].startswith(("http://", "https://")):
            return inner[0]
    return url


def images(el: etree._Element, base_url: str) -> list[str]:
    """Absolute image URLs inside ``el`` in order, lazy-load attributes preferred, deduplicated."""
    out: list[str] = []
    for img in el.iter("img"):
        src = None
        for attr in _LAZY_ATTRS:
            value = (img.get(attr) or "").strip()
            if value and not value.startswith("data:") and "lazyload" not in value:
                src = value
                break
        if not src:
            continue
        absolute = unwrap_image_url(urljoin(base_url, src))
        if absolute.startswith(("http://", "https://")) and absolute not in out:
            out.append(absolute)
    return out


def join_names(names: Iterable[str]) -> str | None:
    seen: list[str] = []
    for name in names:
        name = clean_ws(name)
        if name and name not in seen:
            seen.append(name)
    return "、".join(seen) or None

"""Generic analysis for pages no site rule covers: headline, article container, time and credits.

The container is found by text and punctuation density with a link-density penalty
(after the text-and-symbol-density idea published for Chinese news pages).
"""

from __future__ import annotations

import re

from lxml import etree

from newsbot.extraction.text import clean_ws

_PUNCT = re.compile(r"[，。！？；：、“”‘’（）《》,.!?;:]")
_CONTAINER_TAGS = ("div", "article", "section", "td", "main", "font", "span")
_SITE_SUFFIX = re.compile(r"\s*[-_|｜—–]+\s*[^-_|｜—–]{1,30}$")


def _text_len(el: etree._Element) -> int:
    return len(clean_ws(el.text_content()))


def _link_len(el: etree._Element) -> int:
    return sum(len(clean_ws(a.text_content())) for a in el.iter("a"))


def find_container(root: etree._Element) -> etree._Element | None:
    """The element most likely to hold the article body."""
    best, best_score = None, 0.0
    for el in root.iter(*_CONTAINER_TAGS):
        paragraphs = [p for p in el if isinstance(p.tag, str) and p.tag in ("p", "div", "section", "br", "span")]
        text = clean_ws(el.text_content())
        if len(text) < 40:
            continue
        links = _link_len(el)
        link_density = links / max(len(text), 1)
        if link_density > 0.5:
            continue
        punct = len(_PUNCT.findall(text))
        score = (len(text) - links) * (1 - link_density) * (1 + punct / 10) * (1 + min(len(paragraphs), 20) / 20)
        # Prefer the tightest element that holds the text: a parent only wins with clearly more.
        if score > best_score * 1.15 or (best is not None and el in best.iterancestors() and score > best_score):
            best, best_score = el, score
    return best


def headline(root: etree._Element, page_title: str | None) -> tuple[str | None, str | None]:
    """A visible h1–h5 that agrees with <title>; else the <title> with its site suffix stripped."""
    candidates = []
    for tag in ("h1", "h2", "h3", "h4", "h5"):
        for el in root.iter(tag):
            text = clean_ws(el.text_content())
            if 4 <= len(text) <= 80:
                candidates.append((tag, text))
    if page_title:
        for tag, text in candidates:
            if text in page_title or page_title.startswith(text[:10]):
                return text, f"generic:{tag}~title"
    for tag, text in candidates:
        if tag == "h1":
            return text, "generic:h1"
    if page_title:
        stripped = strip_site_suffix(page_title)
        if stripped:
            return stripped, "generic:title-tag"
    return None, None


def strip_site_suffix(title: str) -> str:
    title = clean_ws(title)
    previous = None
    while previous != title:
        previous = title
        stripped = _SITE_SUFFIX.sub("", title)
        if len(stripped) >= 4:
            title = stripped
    return title

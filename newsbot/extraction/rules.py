"""Declarative per-site article rules, applied field by field.

A site file declares ``article_rules = ArticleRules(title=("h1.post_title::text",), ...)``.
Each field is a tuple of selectors tried in order; the first one that yields a value wins.
Selectors are CSS (parsel, with ``::text`` / ``::attr(x)``) or XPath when prefixed ``xpath:``.
``patterns`` maps a field to a regex whose first group is taken from the selected text.
A field that no selector fills falls back to page metadata and then to generic analysis.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from parsel import Selector, SelectorList

from newsbot.extraction.text import clean_ws

Selectors = tuple[str, ...]


@dataclass(frozen=True)
class ArticleRules:
    title: Selectors = ()
    subtitle: Selectors = ()
    published_at: Selectors = ()
    source: Selectors = ()
    author: Selectors = ()
    editor: Selectors = ()
    body: Selectors = ()
    """Selectors of the article container (an element, not ``::text``)."""
    breadcrumb: Selectors = ()
    """Selectors of the breadcrumb's labels (``::text`` of links, or a container whose text is split on '>')."""
    drop: Selectors = ()
    """Elements removed from the body container before text and HTML are taken."""
    canonical: Selectors = ()
    next_pages: Selectors = ()
    """Links to pages 2..n of a multi-page article (``::attr(href)``)."""
    patterns: Mapping[str, str] = field(default_factory=dict)
    """field -> regex with one group, applied to the text a selector found."""

    def rule_fields(self) -> list[str]:
        return [
            name
            for name in ("title", "subtitle", "published_at", "source", "author", "editor", "body", "breadcrumb")
            if getattr(self, name)
        ]


def select(sel: Selector | SelectorList, query: str) -> SelectorList:
    if query.startswith("xpath:"):
        return sel.xpath(query[len("xpath:") :])
    return sel.css(query)


def select_text(sel: Selector, queries: Selectors, pattern: str | None = None) -> tuple[str | None, str | None]:
    """(text, the selector that produced it) for the first selector with non-empty text."""
    for query in queries:
        found = select(sel, query)
        if not found:
            continue
        if "::text" in query or "::attr" in query or "/text()" in query or "/@" in query:
            parts = found.getall()
        else:
            parts = [" ".join(node.xpath(".//text()").getall()) for node in found[:1]]
        text = clean_ws(" ".join(p for p in parts if p))
        if pattern and text:
            m = re.search(pattern, text)
            text = clean_ws(m.group(1)) if m else ""
        if text:
            return text, query
    return None, None


_CRUMB_SEPARATORS = re.compile(r"\s*(?:[>＞»›/|｜]|&gt;|\s{2,})\s*")


def select_list(sel: Selector, queries: Selectors) -> tuple[list[str], str | None]:
    """Labels (breadcrumb): a text/attribute query gives one label per match; a query that
    selects elements (a container) gives the labels inside it, split at the usual separators."""
    for query in queries:
        values: list[str] = []
        for node in select(sel, query):
            if isinstance(node.root, str):
                values.append(clean_ws(node.root).strip(">＞»/|").strip())
            else:
                for text in node.xpath(".//text()").getall():
                    values.extend(_CRUMB_SEPARATORS.split(clean_ws(text)))
        values = [v.strip() for v in values if v and v.strip(" >＞»›/|｜")]
        if values:
            return values, query
    return [], None

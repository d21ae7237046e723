"""Find the article container by text and punctuation density (bottom-up totals, no recursion).

After the text-and-symbol-density idea published for Chinese news pages (CETD and its
successors, as used by GNE): article paragraphs are long runs of text with sentence
punctuation (，。！？；：), while navigation, related-news lists, share bars and footers are
short, link-heavy runs without it. Every text run in the page is classified once:

* ``good`` — outside links, with sentence punctuation or long enough to be prose (footer runs
  such as 版权所有/ICP备/免责声明/电话： never are);
* ``link`` — inside ``<a>``;
* ``short`` — outside links, short, no sentence punctuation (menus, dates, captions).

An element's score is ``good - link - SHORT_WEIGHT * short - noise`` summed over its subtree,
where ``noise`` is the good text of furniture-named subtrees (class/id such as ``comment``,
``related``, ``share``, ``footer``, ``video``; ``<nav>``/``<aside>``). The best container
maximises the score: a parent beats its child only when what it adds is more prose than noise,
so the article's paragraphs stay together while the sidebar, comments and footer stay out.
Position counts too: a candidate far below the headline (the ``anchor``) is discounted, because
comments and related stories come after the article. Cost: O(number of nodes).
"""

from __future__ import annotations

import re

from lxml import etree

from newsbot.extraction.text import DROP_TAGS, is_hidden

SENTENCE_PUNCT = re.compile(r"[，。！？；：、,!?;]")
_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_SENTENCE_END = re.compile(r"[。！？!?]")
PROSE_MIN = 40
"""A text run without punctuation still counts as prose from this many characters on."""
SHORT_WEIGHT = 0.6
ACCIDENT_SHARE = 0.8
"""A noise-named element holding this share of the page's prose is the article's wrapper."""
MIN_TRUSTED = 150
"""Prose (characters) that makes a container found with class/id names honoured trustworthy."""
GAP_SCALE = 1000
"""Prose characters after the headline at which a candidate's score is halved (comments and
related stories come far below the headline; the article starts right under it)."""
CONTAINER_TAGS = frozenset(["div", "article", "section", "td", "main", "font", "span", "body", "center", "table", "tbody", "tr", "form", "blockquote", "dd", "li", "ul"])
NOISE_TAGS = frozenset(["nav", "aside", "footer", "header", "select", "option", "textarea", "input", "label", "menu"])

_NOISE_WORDS = re.compile(
    r"comment|pinglun|reply|replies|footer|copyright|share|bdshare|jiathis|related|relate|recommend|"
    r"breadcrumb|crumb|sidebar|sidenav|navbar|topbar|banner|advert|adsbygoogle|hotnews|ranking|"
    r"xgyd|xgxw|tuijian|more-news|morenews|newslist|news-list|pagination|pager|qrcode|erweima|weixin-code|"
    r"keywords|tags-|^video|video$|^player|player$|^tags?$|^nav|nav$|^menu|^side|^foot|^ad$|^ads$|^ad[-_]|[-_]ad$|^gg[-_]|^hot[-_]|[-_]hot$|^rank|^login|^search",
    re.I,
)
_SPLIT = re.compile(r"[\s]+")


def noise_marked(el: etree._Element) -> bool:
    """True when the element's tag, class or id says it is page furniture rather than article."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.lower() in NOISE_TAGS:
        return True
    marks = ((el.get("class") or "") + " " + (el.get("id") or "")).strip()
    if not marks:
        return False
    return any(_NOISE_WORDS.search(token) for token in _SPLIT.split(marks) if token)


_FOOTER_RUN = re.compile(
    r"(?:电话|热线|邮箱|传真|地址|邮编)[:：]|版权所有|Copyright|©|ICP[备证]|备案号|违法和不良信息|免责声明|郑重声明|特别声明|版权声明|未经.{0,8}(?:授权|许可)"
)


def _classify(text: str | None) -> tuple[int, int, bool]:
    """(length, punctuation count, is prose) of one text run, whitespace removed.

    Footer runs (copyright, ICP, disclaimers, hotlines, addresses) are never prose, however
    they are punctuated.
    """
    if not text or text.isspace():
        return 0, 0, False
    squashed = _WS.sub("", text)
    n = len(squashed)
    if not n:
        return 0, 0, False
    punct = len(SENTENCE_PUNCT.findall(squashed))
    prose = (punct > 0 and n >= 8) or n >= PROSE_MIN
    if prose and n < 300 and _FOOTER_RUN.search(squashed):
        prose = False
    return n, punct, prose


class Stats:
    """Per-element totals over its subtree."""

    __slots__ = ("gap", "good", "link", "noise", "sentences", "short")

    def __init__(self) -> None:
        self.gap = 0
        """Prose characters between the headline (anchor) and this element's start."""
        self.good = 0
        self.link = 0
        self.short = 0
        self.noise = 0
        self.sentences = 0
        """Prose characters in runs that end a sentence (。！？): paragraphs, not titles or info lines."""

    @property
    def score(self) -> float:
        """Prose net of links, short runs and prose inside furniture."""
        return self.good - self.link - SHORT_WEIGHT * self.short - self.noise

    @property
    def raw_score(self) -> float:
        """The same ignoring class/id names (furniture prose counted as prose)."""
        return self.good + self.noise - self.link - SHORT_WEIGHT * self.short

    def add(self, other: Stats) -> None:
        self.good += other.good
        self.link += other.link
        self.short += other.short
        self.noise += other.noise
        self.sentences += other.sentences


_HIDDEN_CANDIDATES = ".//*[@style or @hidden or @aria-hidden]"
_MARK_CACHE: dict[str, bool] = {}


def _marked(el: etree._Element) -> bool:
    """:func:`noise_marked`, remembered per class/id string (pages repeat them a lot)."""
    key = f"{el.tag}|{el.get('class') or ''}|{el.get('id') or ''}"
    hit = _MARK_CACHE.get(key)
    if hit is None:
        if len(_MARK_CACHE) > 50_000:
            _MARK_CACHE.clear()
        hit = _MARK_CACHE[key] = noise_marked(el)
    return hit


def _tally(target: Stats, text: str, linked: bool, verbatim: bool) -> int:
    """Count one text node into ``target``: link text, prose (returned, for the headline gap) or short bits."""
    n, _, prose = _classify(text)
    if not n:
        return 0
    if linked:
        target.link += n
        return 0
    if prose or verbatim:
        target.good += n
        if _SENTENCE_END.search(text):
            target.sentences += n
        return n
    target.short += n
    return 0


def analyse(root: etree._Element, anchor: etree._Element | None = None) -> dict[etree._Element, Stats]:
    """Subtree totals for every element under ``root`` (skipping scripts and hidden elements).

    Two steps: totals without regard to names; then the prose under noise-marked elements is
    moved to ``noise`` on them and their ancestors — unless the marked element holds most of the
    page's prose (ACCIDENT_SHARE) (a wrapper named ``…-nav`` or ``share-area`` around the whole article
    is a naming accident, not furniture). With an ``anchor`` (the headline), each element also
    gets ``gap``: the prose between the headline and the element's start.
    """
    skip: set[etree._Element] = set()
    for el in root.iter(*DROP_TAGS):
        skip.update(el.iter())
    for el in root.xpath(_HIDDEN_CANDIDATES):
        if el not in skip and is_hidden(el):
            skip.update(el.iter())
    in_link: set[etree._Element] = set()
    for el in root.iter("a"):
        in_link.update(el.iter())
    verbatim: set[etree._Element] = set()
    for el in root.iter("pre", "code"):
        verbatim.update(el.iter())
    order = [el for el in root.iter(etree.Element) if el not in skip] if skip else list(root.iter(etree.Element))
    named = {*root.xpath(".//*[@class or @id]"), *root.iter(*NOISE_TAGS)}
    marked = [el for el in order if el in named and _marked(el)]

    stats: dict[etree._Element, Stats] = {el: Stats() for el in order}
    anchor_seen = anchor is None
    seen = 0
    anchored = set(anchor.iterancestors()) if anchor is not None else set()
    for el in order:  # document order: prose before each element, for the headline gap
        if el is anchor:
            anchor_seen, seen = True, 0
        own = stats[el]
        if anchor_seen and anchor is not None and el not in anchored:
            own.gap = seen
        if el.text:
            seen += _tally(own, el.text, el in in_link, el in verbatim)
    for el in reversed(order):
        own = stats[el]
        parent = el.getparent()
        target = stats.get(parent) if parent is not None else None
        if el.tail and target is not None:
            _tally(target, el.tail, parent in in_link, parent in verbatim)
        if target is not None:
            target.add(own)
    top = stats.get(root)
    total = top.good if top is not None else 0
    moved: set[etree._Element] = set()
    for el in marked:
        good = stats[el].good
        if not good or good >= ACCIDENT_SHARE * total:
            continue
        chain = [el, *el.iterancestors()]
        if any(a in moved for a in chain[1:]):
            continue  # an enclosing noise block already moved this prose
        moved.add(el)
        for ancestor in chain:
            st = stats.get(ancestor)
            if st is None:
                break
            st.good -= good
            st.noise += good
    return stats


def _best(stats: dict[etree._Element, Stats], raw: bool) -> tuple[etree._Element | None, Stats | None]:
    best, best_stats, best_score = None, None, 0.0
    for el, st in stats.items():
        if not isinstance(el.tag, str) or el.tag.lower() not in CONTAINER_TAGS:
            continue
        good = st.good + st.noise if raw else st.good
        if good < 20:
            continue
        score = st.raw_score if raw else st.score
        if st.gap > GAP_SCALE / 4:
            score /= 1 + st.gap / GAP_SCALE
        if score > best_score:
            best, best_stats, best_score = el, st, score
    return best, best_stats


def _descend(best: etree._Element, stats: dict[etree._Element, Stats], raw: bool) -> etree._Element:
    """Step down to a child holding nearly all of the container's score and all its sentences: a
    wrapper that adds only a title, an info line or a few links adds nothing to the article, but
    one that adds a lead paragraph does."""
    while True:
        parent = stats[best]
        own = parent.raw_score if raw else parent.score
        step = None
        for child in best:
            st = stats.get(child)
            if st is None or not isinstance(child.tag, str) or child.tag.lower() not in CONTAINER_TAGS:
                continue
            if (st.raw_score if raw else st.score) >= own - max(20.0, 0.03 * own) and st.sentences >= parent.sentences - 10:
                step = child
                break
        if step is None:
            return best
        best = step


def find_container(root: etree._Element, anchor: etree._Element | None = None) -> etree._Element | None:
    """The element whose subtree holds the most prose net of noise; None when there is no prose.

    Class/id names are trusted unless they leave too little: when the best container with names
    honoured holds under a third of the prose of the best one without them (and under
    MIN_TRUSTED characters), the names are wrong about the article and are ignored.
    """
    stats = analyse(root, anchor)
    named, named_stats = _best(stats, raw=False)
    unnamed, unnamed_stats = _best(stats, raw=True)
    if named is not None:
        named = _descend(named, stats, raw=False)
        named_stats = stats[named]
    if unnamed is not None:
        unnamed = _descend(unnamed, stats, raw=True)
        unnamed_stats = stats[unnamed]
    if named is None or named_stats is None:
        return unnamed
    if unnamed_stats is not None:
        unnamed_prose = unnamed_stats.good + unnamed_stats.noise
        names_left_too_little = (
            named_stats.good < MIN_TRUSTED
            and named_stats.good < unnamed_prose - 2 * MIN_TRUSTED
            and named_stats.good * 3 < unnamed_prose
        )
        if names_left_too_little:
            return unnamed
    return named

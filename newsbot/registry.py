"""Every source newsbot knows: the site files in ``spiders/`` (found by Scrapy's spider loader).

Adding a site touches no registry: a new module in ``spiders/`` is picked up here, by
``scrapy list``, by the scheduler and by the ``sources`` table.
"""

from __future__ import annotations

from functools import lru_cache

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from newsbot.spider import NewsSpider
from newsbot.urls import host_of


@lru_cache(maxsize=1)
def _loader() -> SpiderLoader:
    settings = get_project_settings()
    if not settings.getlist("SPIDER_MODULES"):
        settings = Settings({"SPIDER_MODULES": ["spiders"]})
    return SpiderLoader.from_settings(settings)


def sources() -> list[type[NewsSpider]]:
    """All news sources, sorted by name."""
    loader = _loader()
    out = []
    for name in sorted(loader.list()):
        cls = loader.load(name)
        if isinstance(cls, type) and issubclass(cls, NewsSpider):
            out.append(cls)
    return out


def source(name: str) -> type[NewsSpider]:
    for cls in sources():
        if cls.name == name:
            return cls
    raise KeyError(f"unknown source {name!r}; known: {', '.join(c.name for c in sources())}")


def site_for_url(url: str) -> type[NewsSpider] | None:
    """The site whose domains hold this URL's host (the most specific domain wins)."""
    host = host_of(url)
    best: tuple[int, type[NewsSpider]] | None = None
    for cls in sources():
        for domain in cls.allowed_domains:
            domain = domain.lower()
            matches = host == domain or host.endswith("." + domain)
            if matches and (best is None or len(domain) > best[0]) and cls.is_article_url(url):
                best = (len(domain), cls)
    return best[1] if best else None

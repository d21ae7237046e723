"""Classify pipeline - not built yet (see the classify issue); disabled until then.

May drop items: no.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class ClassifyPipeline:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClassifyPipeline:
        raise NotConfigured("classify stage not built yet")

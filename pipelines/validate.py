"""Validate pipeline: an article record must have a canonical URL, a title and a body.

May drop items: yes - a record without title or body is not an article. It is counted
(``newsbot/dropped/<reason>``) and logged with its URL at WARNING, never stored half-empty.
Spiders already skip pages where extraction found no article; this is the last guard.

Settings: none. Stats: ``newsbot/dropped/missing_<field>``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

logger = logging.getLogger(__name__)

REQUIRED = ("canonical_url", "site", "title", "body")


class ValidatePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED:
            value = adapter.get(name)
            if not (isinstance(value, str) and value.strip()):
                self.stats.inc_value(f"newsbot/dropped/missing_{name}")
                raise DropItem(f"missing {name}: {adapter.get('url')}")
        return item

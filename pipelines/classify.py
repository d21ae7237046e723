"""Classify pipeline: label every article (health, Shanxi regions, topics, risk, institutions).

May drop items: no. Non-health articles are stored with their labels so that recall can be
audited; downstream readers filter on ``is_health``/``is_shanxi``. A classifier error is logged
and counted and the item passes on unlabelled rather than being lost.

Settings:
- ``NEWSBOT_CLASSIFY_ENABLED`` (default true): false turns the stage off (items keep empty labels).
- ``NEWSBOT_CLASSIFY_RULES_DIR`` (default: the package's ``newsbot/classify/rules``): a directory
  with the operator's own copy of the rule files.

Stats: ``newsbot/classify/items``, ``newsbot/classify/health``, ``newsbot/classify/not_health``,
``newsbot/classify/shanxi``, ``newsbot/classify/risk/<level>``, ``newsbot/classify/topic/<code>``,
``newsbot/classify/errors``.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsbot.classify import Classifier

logger = logging.getLogger(__name__)


class ClassifyPipeline:
    def __init__(self, crawler: Crawler, classifier: Classifier):
        self.crawler = crawler
        self.stats = crawler.stats
        self.classifier = classifier

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClassifyPipeline:
        settings = crawler.settings
        if not settings.getbool("NEWSBOT_CLASSIFY_ENABLED", True):
            raise NotConfigured("NEWSBOT_CLASSIFY_ENABLED is false")
        rules_dir = settings.get("NEWSBOT_CLASSIFY_RULES_DIR") or None
        classifier = Classifier(rules_dir=rules_dir)  # compiled once per crawl; a broken rule file stops it here
        logger.info("classify: rules %s (%d terms)", classifier.version, classifier.rules.term_count)
        return cls(crawler, classifier)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        publisher_region = adapter.get("publisher_region")
        if publisher_region is None and self.crawler.spider is not None:
            publisher_region = getattr(self.crawler.spider, "publisher_region", None)
        try:
            labels = self.classifier.classify(adapter.get("title"), adapter.get("body"), publisher_region)
        except Exception:
            self.stats.inc_value("newsbot/classify/errors")
            logger.exception("classify failed for %s; stored without labels", adapter.get("url"))
            return item
        for key, value in labels.as_dict().items():
            adapter[key] = value
        stats = self.stats
        stats.inc_value("newsbot/classify/items")
        stats.inc_value("newsbot/classify/health" if labels.is_health else "newsbot/classify/not_health")
        if labels.is_shanxi:
            stats.inc_value("newsbot/classify/shanxi")
        stats.inc_value(f"newsbot/classify/risk/{labels.risk_level}")
        for topic in labels.topics:
            stats.inc_value(f"newsbot/classify/topic/{topic}")
        return item

"""Article extraction, pure functions of (url, body bytes, headers). See :mod:`newsbot.extraction.api`."""

from newsbot.extraction.api import Extraction, extract, join_pages
from newsbot.extraction.rules import ArticleRules

__all__ = ["ArticleRules", "Extraction", "extract", "join_pages"]

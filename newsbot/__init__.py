"""newsbot: a Scrapy pipeline that monitors Shanxi-province health news.

The core lives here (settings, the article record, extraction, snapshots, database);
site files live in ``spiders/`` and item pipelines in ``pipelines/``.
"""

__version__ = "0.1.0"

"""The article record: one item class that every spider yields and every pipeline reads.

``ArticleItem`` is a dataclass, so ``itemadapter.ItemAdapter`` handles it and Scrapy's
feed exporters understand it. Each field's ``metadata["doc"]`` documents it; the README's
schema section and ``docs/schema.md`` describe the same fields as database columns.

Spiders fill the extraction fields. Later stages add their own: dedupe (``content_hash``,
``reprint_of``, ``cluster_id``…) and classification (``is_health``… ``classifier_version``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any


def _f(doc: str, default: Any = None, factory: Any = None) -> Any:
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": doc})
    return field(default=default, metadata={"doc": doc})


@dataclass(kw_only=True)
class ArticleItem:
    # --- identity -------------------------------------------------------------------------
    url: str = _f("The URL the article was fetched from (page 1 for multi-page articles).")
    canonical_url: str = _f("One URL per article across host/mobile/page variants; the upsert key.")
    site: str = _f("Spider (source) name, e.g. 'netease_shanxi'.")
    site_name: str | None = _f("Chinese name of the source, e.g. '网易山西'.")
    # --- extracted fields -----------------------------------------------------------------
    title: str | None = _f("Headline as the reader sees it, without site-name suffixes.")
    subtitle: str | None = _f("引题/副题 shown with the headline, if any.")
    published_at: datetime | None = _f("Publish time, timezone-aware in Asia/Shanghai.")
    published_at_rule: str | None = _f("Which rule found published_at (e.g. 'site:html@data-publishtime').")
    source: str | None = _f("The 来源 outlet named on the page (网易号 account for dy pages).")
    author: str | None = _f("作者/记者/通讯员 names joined with '、'.")
    editor: str | None = _f("编辑/责任编辑/责编 names joined with '、', staff codes stripped.")
    body: str | None = _f("Plain article text, one paragraph a line.")
    body_html: str | None = _f("The article's own HTML, sanitised (no script/style/event attributes).")
    images: list[str] = _f("Absolute image URLs in body order; 163 proxy URLs unwrapped.", factory=list)
    breadcrumb: list[str] = _f("Breadcrumb labels, e.g. ['网易首页', '网易山西', '正文'].", factory=list)
    extraction: dict[str, str] = _f("Provenance: field name -> rule that produced it.", factory=dict)
    page_urls: list[str] = _f("All page URLs joined into this record (分页), page 1 first.", factory=list)
    # --- fetch facts ----------------------------------------------------------------------
    fetched_at: datetime | None = _f("When the (first) page was fetched, aware Asia/Shanghai.")
    http_status: int | None = _f("HTTP status of page 1.")
    encoding: str | None = _f("Encoding the body bytes were decoded with.")
    # --- source facts (from the site file) ------------------------------------------------
    publisher_region: str | None = _f("GB/T 2260 code where the outlet sits (from the site file).")
    source_tier: str | None = _f("official | media | portal | reposter (from the site file).")
    # --- dedupe stage ---------------------------------------------------------------------
    content_hash: str | None = _f("SHA-1 of the normalised body (exact-duplicate key).")
    reprint_of: str | None = _f("canonical_url of the first-seen article with the same story, if any.")
    cluster_id: int | None = _f("Story cluster id (reprints share one).")
    similarity: float | None = _f("Similarity to the cluster's first publisher (1.0 for exact copies).")
    # --- classification stage -------------------------------------------------------------
    is_health: bool | None = _f("Article is about health (TAXONOMY §1).")
    health_score: float | None = _f("0..1 confidence that the article is health news.")
    is_shanxi: bool | None = _f("A Shanxi place/institution/official is a subject (TAXONOMY §1).")
    regions: list[str] = _f("GB/T 2260 codes of the Shanxi units the article is about.", factory=list)
    topics: list[str] = _f("Topic codes (TAXONOMY §3).", factory=list)
    risk_level: str | None = _f("none | watch | alert (TAXONOMY §4).")
    risk_terms: list[str] = _f("Terms that raised the risk level.", factory=list)
    institutions: list[str] = _f("Normalised health-institution names (TAXONOMY §5).", factory=list)
    label_evidence: dict[str, Any] = _f("Per label: the matched terms and where.", factory=dict)
    classifier_version: str | None = _f("Version of the rules that produced the labels.")


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))

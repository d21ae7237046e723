"""Dedupe settings (``NEWSBOT_DEDUPE_*``) with their defaults, read once per crawl.

| setting | default | meaning |
|---|---|---|
| ``NEWSBOT_DEDUPE_ENABLED`` | true | false turns the stage off |
| ``NEWSBOT_DEDUPE_SHINGLE_SIZE`` | 5 | characters per shingle |
| ``NEWSBOT_DEDUPE_NUM_PERM`` / ``NEWSBOT_DEDUPE_BANDS`` | 64 / 32 | MinHash permutations; LSH bands (rows = perm/bands) |
| ``NEWSBOT_DEDUPE_MIN_CHARS`` | 60 | shorter folded texts only match exactly |
| ``NEWSBOT_DEDUPE_MAX_CHARS`` | 8000 | folded characters fingerprinted (bounds the cost of long bodies) |
| ``NEWSBOT_DEDUPE_CONTAINMENT`` | 0.60 | containment that makes a reprint |
| ``NEWSBOT_DEDUPE_MIN_JACCARD`` | 0.90 | Jaccard that makes a reprint on its own |
| ``NEWSBOT_DEDUPE_MIN_SHINGLES`` | 40 | smaller text needs this many shingles for containment to count |
| ``NEWSBOT_DEDUPE_MAX_FIGURE_CONFLICTS`` / ``..._CONFLICT_SHARE`` | 2 / 0.20 | figures that veto a match |
| ``NEWSBOT_DEDUPE_FIGURES_CONTAINMENT`` / ``..._FIGURES_MIN_AGREE`` | 0.25 / 4 | low-overlap tier (0 disables) |
| ``NEWSBOT_DEDUPE_FIGURES_MIN_SHARED`` | 60 | shingles the low-overlap tier needs in common (a passage, not an intro line) |
| ``NEWSBOT_DEDUPE_SHORT_SHINGLES`` / ``..._SHORT_CONTAINMENT`` | 200 / 0.70 | a smaller text with fewer shingles needs this containment |
| ``NEWSBOT_DEDUPE_FIGURES_MAX_CONFLICTS`` | 1 | conflicting figures the low-overlap tier tolerates (each needs one more agreeing) |
| ``NEWSBOT_DEDUPE_ANCHOR_SAMPLE`` / ``..._ANCHOR_MIN`` | 6 / 4 | figure anchors sampled per article / needed for anchor rows (0 disables) |
| ``NEWSBOT_DEDUPE_PASSAGE_STORE`` / ``..._PASSAGE_PROBE`` / ``..._PASSAGE_CHARS`` | 16 / 32 / 16 | passage windows stored / looked up per article, and their length (0 stored disables) |
| ``NEWSBOT_DEDUPE_ANCHOR_MAX_POSTINGS`` | 50 | an anchor triple or passage carried by this many articles is no longer looked up or stored |
| ``NEWSBOT_DEDUPE_MAX_CANDIDATES`` | 20 | candidates (LSH, then figure anchors) verified per article |
| ``NEWSBOT_DEDUPE_MAX_SAMPLED_CANDIDATES`` | 6 | of those, candidates that share no LSH band (anchors or passages alone) |
| ``NEWSBOT_DEDUPE_REPORTERS_FREE`` | 0.95 | below this containment, texts whose bylines name only different reporters are two stories (above 1 disables) |
| ``NEWSBOT_DEDUPE_SYNCHRONOUS_COMMIT`` | false | true: dedupe commits wait for the WAL flush (PostgreSQL) |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from newsbot.dedupe.fingerprint import FingerprintParams
from newsbot.dedupe.similarity import Thresholds

DEFAULT_PARAMS = FingerprintParams()


@dataclass(frozen=True)
class DedupeConfig:
    params: FingerprintParams = field(default_factory=lambda: DEFAULT_PARAMS)
    thresholds: Thresholds = field(default_factory=Thresholds)
    max_candidates: int = 20
    # of those, candidates sharing no LSH band (figure anchors or passages alone)
    max_sampled_candidates: int = 6
    max_cluster_recheck: int = 200
    # A figure-anchor triple or passage carried by this many stored articles is boilerplate (a site's
    # profile line or footer), not a story's: it is no longer looked up or stored (bounds the lookup cost).
    anchor_max_postings: int = 50
    synchronous_commit: bool = False

    @classmethod
    def from_settings(cls, settings: Any) -> DedupeConfig:
        """From a Scrapy ``Settings`` (or any object with ``get``): unset names keep their defaults."""
        def num(name: str, default: float, cast: Callable[[Any], Any]) -> Any:
            value = settings.get(f"NEWSBOT_DEDUPE_{name}")
            return default if value is None or value == "" else cast(value)

        p, t = DEFAULT_PARAMS, Thresholds()
        params = FingerprintParams(
            shingle_size=num("SHINGLE_SIZE", p.shingle_size, int),
            num_perm=num("NUM_PERM", p.num_perm, int),
            bands=num("BANDS", p.bands, int),
            min_chars=num("MIN_CHARS", p.min_chars, int),
            max_chars=num("MAX_CHARS", p.max_chars, int),
            anchor_sample=num("ANCHOR_SAMPLE", p.anchor_sample, int),
            anchor_min=num("ANCHOR_MIN", p.anchor_min, int),
            passage_chars=num("PASSAGE_CHARS", p.passage_chars, int),
            passage_store=num("PASSAGE_STORE", p.passage_store, int),
            passage_probe=num("PASSAGE_PROBE", p.passage_probe, int),
        )
        if params.num_perm % params.bands:
            raise ValueError("NEWSBOT_DEDUPE_NUM_PERM must be a multiple of NEWSBOT_DEDUPE_BANDS")
        if params.passage_store and (params.passage_probe < params.passage_store or params.passage_chars < 8):
            raise ValueError("NEWSBOT_DEDUPE_PASSAGE_PROBE must be at least NEWSBOT_DEDUPE_PASSAGE_STORE, "
                             "and NEWSBOT_DEDUPE_PASSAGE_CHARS at least 8")
        thresholds = Thresholds(
            containment=num("CONTAINMENT", t.containment, float),
            min_jaccard=num("MIN_JACCARD", t.min_jaccard, float),
            min_shingles=num("MIN_SHINGLES", t.min_shingles, int),
            max_figure_conflicts=num("MAX_FIGURE_CONFLICTS", t.max_figure_conflicts, int),
            conflict_share=num("CONFLICT_SHARE", t.conflict_share, float),
            figures_containment=num("FIGURES_CONTAINMENT", t.figures_containment, float),
            figures_min_agree=num("FIGURES_MIN_AGREE", t.figures_min_agree, int),
            figures_max_conflicts=num("FIGURES_MAX_CONFLICTS", t.figures_max_conflicts, int),
            figures_min_shared=num("FIGURES_MIN_SHARED", t.figures_min_shared, int),
            short_shingles=num("SHORT_SHINGLES", t.short_shingles, int),
            short_containment=num("SHORT_CONTAINMENT", t.short_containment, float),
            lead_chars=num("LEAD_CHARS", t.lead_chars, int),
            lead_min=num("LEAD_MIN", t.lead_min, float),
            reporters_free=num("REPORTERS_FREE", t.reporters_free, float),
            lead_free=num("LEAD_FREE", t.lead_free, float),
        )
        sync = settings.get("NEWSBOT_DEDUPE_SYNCHRONOUS_COMMIT")
        synchronous = str(sync).strip().lower() in {"1", "true", "yes", "on"} if sync not in (None, "") else False
        return cls(params=params, thresholds=thresholds, max_candidates=num("MAX_CANDIDATES", 20, int),
                   max_sampled_candidates=num("MAX_SAMPLED_CANDIDATES", 6, int),
                   anchor_max_postings=num("ANCHOR_MAX_POSTINGS", 50, int),
                   synchronous_commit=synchronous)

"""Check-and-insert one article into the story clusters: the production dedupe logic.

``Deduper.check_and_insert(session, doc)`` runs inside the caller's transaction and is used
unchanged by the Scrapy pipeline (``pipelines/dedupe.py``), the evaluation command
(``python -m newsbot.dedupe cluster``) and the benchmarks. For one article it:

1. fingerprints title + body (``fingerprint.make_fingerprint``);
2. if the canonical URL is known with the same text: nothing changes (``unchanged``); with other
   text (an edit): its bands are replaced and its cluster is re-checked - it stays when it still
   matches a member, otherwise it leaves (the cluster's first publisher is recomputed) and is
   matched again like a new article;
3. **exact level**: another URL with the same exact key (folded body hash; title+body for short
   texts) → same cluster, similarity 1.0;
4. **near level**: stored articles sharing an LSH band or a figure-anchor triple
   (``article_bands``, indexed on (band, hash); LSH-similar ones ranked first) are candidates;
   each is verified on the exact shingle sets (``similarity.compare``); the best accepted one
   gives the cluster;
5. otherwise the article founds a new cluster.

The cluster's first publisher is the member with the earliest ``published_at`` (unknown dates
last), then the earliest ``first_seen_at``; per member ``similarity`` is measured against it.
Empty or boilerplate-only texts get no exact key and no bands: they never join or found a cluster.

Concurrency: callers serialise check-and-insert within a process (the pipeline uses one lock), so
a duplicate seen seconds after its original finds it even before the store has written either.
Across processes the cluster row is locked (``SELECT … FOR UPDATE`` on PostgreSQL) while it is
joined; two processes inserting the first two copies of a story in the same instant can still
found two clusters (docs/dedupe.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from newsbot import timeutil
from newsbot.db import repository
from newsbot.db.engine import make_engine
from newsbot.db.models import ArticleFingerprint, StoryCluster
from newsbot.dedupe.config import DedupeConfig
from newsbot.dedupe.fingerprint import ANCHOR_BAND, Fingerprint, make_fingerprint, shingle_set
from newsbot.dedupe.similarity import Match, compare


@dataclass
class DedupeDoc:
    canonical_url: str
    site: str
    title: str | None
    body: str | None
    published_at: datetime | None = None
    seen_at: datetime | None = None


@dataclass
class Decision:
    """What dedupe decided for one article (copied onto the item and counted in stats)."""

    canonical_url: str
    kind: str  # first | exact | near | unchanged | empty
    content_hash: str | None
    cluster_id: int | None
    reprint_of: str | None
    similarity: float | None
    edited: bool = False
    candidates: int = 0


def make_dedupe_engine(url: str | None) -> Engine:
    """The engine of the per-article dedupe transactions: without the pool's pre-ping, a round trip
    (``SELECT 1``) per transaction that was a tenth of check-and-insert. A connection that died while
    pooled (a database restart) is caught by :meth:`Deduper.link` instead, which retries once."""
    return make_engine(url, pool_pre_ping=False)


def without_boilerplate(session: Session, bands: list[tuple[int, int]], cap: int,
                        extra: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """``bands`` (+ ``extra``) without the sampled rows that ``cap`` stored articles already carry
    (``repository.boilerplate_rows``)."""
    rows = bands + (extra or [])
    hot = repository.boilerplate_rows(session, rows, sampled_from=ANCHOR_BAND, cap=cap)
    return [b for b in rows if b not in hot] if hot else rows


def _order_key(published_at: datetime | None, first_seen_at: datetime, tiebreak: int) -> tuple[Any, ...]:
    """Earliest published first (unknown dates last), then first seen, then stored first."""
    if published_at is None:
        return (1, timeutil.to_utc(first_seen_at), timeutil.to_utc(first_seen_at), tiebreak)
    return (0, timeutil.to_utc(published_at), timeutil.to_utc(first_seen_at), tiebreak)


class Deduper:
    def __init__(self, config: DedupeConfig | None = None):
        self.config = config or DedupeConfig()

    # --- public ----------------------------------------------------------------------------
    def fingerprint(self, title: str | None, body: str | None) -> Fingerprint:
        return make_fingerprint(title, body, self.config.params)

    def link(self, sessions: sessionmaker[Session], doc: DedupeDoc, fp: Fingerprint | None = None) -> Decision:
        """``check_and_insert`` in a transaction of its own. When the pooled connection turns out to be
        dead (the database restarted since its last use; SQLAlchemy then invalidates the pool), the
        transaction is retried once on a fresh connection; any other error is raised. A retry after a
        commit that did reach the server finds the article stored and reports it ``unchanged``."""
        try:
            with sessions.begin() as session:
                return self.check_and_insert(session, doc, fp)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
        with sessions.begin() as session:
            return self.check_and_insert(session, doc, fp)

    def check_and_insert(self, session: Session, doc: DedupeDoc, fp: Fingerprint | None = None) -> Decision:
        """Link ``doc`` into the story clusters (one call per article, in the caller's transaction)."""
        fp = fp or self.fingerprint(doc.title, doc.body)
        now = doc.seen_at or timeutil.now()
        repository.begin_dedupe(session, asynchronous_commit=not self.config.synchronous_commit)
        row, exact = repository.fingerprint_and_exact_match(session, doc.canonical_url, fp.exact_key)
        edited = False
        if row is not None:
            if (row.exact_key == fp.exact_key and row.folded_text == fp.folded
                    and row.fingerprint_version == self.config.params.version):
                return self._decision(session, row, "unchanged", fp)
            edited = True
            fp = self._without_boilerplate(session, fp)
            old_cluster = row.cluster_id
            self._update_row(row, doc, fp, now)
            repository.replace_bands(session, row.id, fp.bands)
            if old_cluster is not None and fp.clusterable and self._still_belongs(session, row, old_cluster, fp):
                self._refresh_similarities(session, old_cluster)
                return self._decision(session, row, row.match_kind or "near", fp, edited=True)
            if old_cluster is not None:
                self._leave(session, row, old_cluster, now)
        else:
            # Not added to the session yet: matching runs first, so that a new article is written
            # once, with its cluster (fewer round trips on the hot path).
            if exact is not None and exact.cluster_id is not None:
                # An exact copy is found through its original, which carries the same sampled rows
                # (anchors, passages): storing them again would only push a viral story's rows
                # towards the boilerplate cap. Its LSH bands are kept (edits re-check against them).
                fp = replace(fp, bands=[b for b in fp.bands if b[0] < ANCHOR_BAND], probes=[])
            row = self._new_row(doc, fp, now)

        if not fp.clusterable:
            row.cluster_id, row.similarity, row.match_kind = None, None, None
            self._persist(session, row, fp, bands=False)
            return self._decision(session, row, "empty", fp, edited=edited)

        candidates = 0
        if exact is not None and exact.cluster_id is not None:
            cluster = self._join(session, row, exact, fp, "exact", now)
        else:
            # LSH bands rank first; sampled rows (anchors, passages) that the boilerplate cap
            # reached are neither looked up nor stored
            found, hot = repository.capped_band_candidates(
                session, fp.lookups, sampled_from=ANCHOR_BAND, cap=self.config.anchor_max_postings,
                exclude_id=row.id, limit=self.config.max_candidates,
                max_sampled_only=self.config.max_sampled_candidates)
            if hot:
                fp = replace(fp, bands=[b for b in fp.bands if b not in hot], probes=[b for b in fp.probes if b not in hot])
            candidates = len(found)
            accepted: list[tuple[ArticleFingerprint, Match]] = []
            for cand in repository.fingerprints_by_id(session, [fid for fid, _ in found]):
                if cand.cluster_id is None:
                    continue
                match = self._compare(fp, cand)
                if match.accepted:
                    accepted.append((cand, match))
            accepted.sort(key=lambda pair: -pair[1].containment)
            best = next((pair for pair in accepted if not self._other_reporters_in(session, fp, pair[0])), None)
            if best is not None:
                cluster = self._join(session, row, best[0], fp, best[1].reason, now)
            else:
                cluster = self._found(session, row, now)
        self._persist(session, row, fp, bands=not edited)
        decision = self._decision(session, row, row.match_kind or "first", fp, edited=edited, cluster=cluster)
        decision.candidates = candidates
        return decision

    # --- helpers ---------------------------------------------------------------------------
    def _without_boilerplate(self, session: Session, fp: Fingerprint) -> Fingerprint:
        """Drop the sampled rows (figure-anchor triples, passages) that ``anchor_max_postings``
        stored articles already carry: figures or sentences repeated on every page of a site are
        boilerplate, and their posting lists would make every lookup of that site slow."""
        bands = without_boilerplate(session, fp.bands, self.config.anchor_max_postings, extra=fp.probes)
        if len(bands) == len(fp.bands) + len(fp.probes):
            return fp
        kept = set(bands)
        return replace(fp, bands=[b for b in fp.bands if b in kept], probes=[b for b in fp.probes if b in kept])

    def _other_reporters_in(self, session: Session, fp: Fingerprint, matched: ArticleFingerprint) -> bool:
        """Does the matched article's cluster hold a write-up by other reporters than ``fp``'s? A copy
        without a byline bridges two outlets' write-ups of one release; the byline keeps them apart at
        the cluster too. (Only when ``fp`` names reporters: one query per such near match.)"""
        if not fp.reporters or matched.cluster_id is None:
            return False
        mine = set(fp.reporters)
        return any(m.reporters and not mine & set(m.reporters) and self._compare(fp, m).reason == "reporters_differ"
                   for m in repository.cluster_members(session, matched.cluster_id, self.config.max_cluster_recheck)
                   if m.id != matched.id)

    def _compare(self, fp: Fingerprint, other: ArticleFingerprint) -> Match:
        shingles = shingle_set(other.folded_text, self.config.params.shingle_size)
        return compare(fp.shingles, shingles, self.config.thresholds, folded_a=fp.folded, folded_b=other.folded_text,
                       reporters_a=fp.reporters, reporters_b=other.reporters or ())

    def _similarity(self, a_folded: str, a_key: str | None, b_folded: str, b_key: str | None) -> float:
        if a_key is not None and a_key == b_key:
            return 1.0
        k = self.config.params.shingle_size
        return compare(shingle_set(a_folded, k), shingle_set(b_folded, k), self.config.thresholds).score

    @staticmethod
    def _persist(session: Session, row: ArticleFingerprint, fp: Fingerprint, *, bands: bool) -> None:
        """Write a new row (once) and its band rows; an existing row is flushed with its changes."""
        if row.id is None:
            repository.insert_fingerprint(session, row, fp.bands if bands else [])
        else:
            session.flush()

    def _new_row(self, doc: DedupeDoc, fp: Fingerprint, now: datetime) -> ArticleFingerprint:
        return ArticleFingerprint(
            canonical_url=doc.canonical_url, site=doc.site, published_at=doc.published_at,
            first_seen_at=now, content_hash=fp.content_hash, exact_key=fp.exact_key,
            folded_text=fp.folded, shingle_count=len(fp.shingles),
            fingerprint_version=self.config.params.version, updated_at=now, reporters=list(fp.reporters),
        )

    def _update_row(self, row: ArticleFingerprint, doc: DedupeDoc, fp: Fingerprint, now: datetime) -> None:
        row.content_hash, row.exact_key, row.folded_text = fp.content_hash, fp.exact_key, fp.folded
        row.shingle_count, row.fingerprint_version = len(fp.shingles), self.config.params.version
        row.reporters = list(fp.reporters)
        row.published_at = doc.published_at or row.published_at
        row.updated_at = now

    def _still_belongs(self, session: Session, row: ArticleFingerprint, cluster_id: int, fp: Fingerprint) -> bool:
        """An edited article stays in its cluster when it still matches another member.

        A one-member cluster is left (and removed), so that the edited text is matched afresh.
        """
        others = [m for m in repository.cluster_members(session, cluster_id, self.config.max_cluster_recheck)
                  if m.id != row.id]
        if not others:
            return False
        return any((m.exact_key is not None and m.exact_key == fp.exact_key)
                   or self._compare(fp, m).accepted for m in others)

    def _found(self, session: Session, row: ArticleFingerprint, now: datetime) -> StoryCluster:
        cluster = StoryCluster(
            first_url=row.canonical_url, first_site=row.site, first_published_at=row.published_at,
            first_seen_at=row.first_seen_at, member_count=1, outlets=[row.site], created_at=now, updated_at=now,
        )
        session.add(cluster)
        session.flush()
        row.cluster_id, row.similarity, row.match_kind = cluster.id, 1.0, "first"
        return cluster

    def _lock_cluster(self, session: Session, cluster_id: int) -> StoryCluster | None:
        return session.get(StoryCluster, cluster_id, with_for_update=True, populate_existing=True)

    def _join(self, session: Session, row: ArticleFingerprint, matched: ArticleFingerprint, fp: Fingerprint,
              kind: str, now: datetime) -> StoryCluster:
        cluster = self._lock_cluster(session, matched.cluster_id) if matched.cluster_id is not None else None
        if cluster is None:  # removed concurrently: found a new one instead
            return self._found(session, row, now)
        row.cluster_id, row.match_kind = cluster.id, kind
        cluster.member_count += 1
        if row.site not in cluster.outlets:
            cluster.outlets = sorted({*cluster.outlets, row.site})
        cluster.updated_at = now
        current_first = _order_key(cluster.first_published_at, cluster.first_seen_at, 0)
        if _order_key(row.published_at, row.first_seen_at, 1) < current_first:
            self._make_first(cluster, row)
            self._persist(session, row, fp, bands=row.id is None)
            self._refresh_similarities(session, cluster.id)
            return cluster
        first = (matched if matched.canonical_url == cluster.first_url
                 else repository.get_fingerprint(session, cluster.first_url))
        row.similarity = (1.0 if first is None
                          else self._similarity(fp.folded, fp.exact_key, first.folded_text, first.exact_key))
        return cluster

    @staticmethod
    def _make_first(cluster: StoryCluster, row: ArticleFingerprint) -> None:
        cluster.first_url, cluster.first_site = row.canonical_url, row.site
        cluster.first_published_at, cluster.first_seen_at = row.published_at, row.first_seen_at

    def _refresh_similarities(self, session: Session, cluster_id: int) -> None:
        """After the first publisher changed (or was edited): every member's similarity to it."""
        cluster = session.get(StoryCluster, cluster_id)
        if cluster is None:
            return
        members = repository.cluster_members(session, cluster_id, self.config.max_cluster_recheck)
        first = next((m for m in members if m.canonical_url == cluster.first_url), None)
        for member in members:
            if first is None or member.id == first.id:
                member.similarity, member.match_kind = 1.0, "first"
            else:
                if member.match_kind == "first":  # a former first publisher
                    member.match_kind = "exact" if member.exact_key == first.exact_key else "near"
                member.similarity = self._similarity(member.folded_text, member.exact_key,
                                                     first.folded_text, first.exact_key)
        session.flush()
        repository.link_articles_to_cluster(session, cluster_id, cluster.first_url)

    def _leave(self, session: Session, row: ArticleFingerprint, cluster_id: int, now: datetime) -> None:
        """Take an edited article out of its cluster; the remaining members keep the cluster id."""
        cluster = self._lock_cluster(session, cluster_id)
        row.cluster_id, row.similarity, row.match_kind = None, None, None
        session.flush()
        if cluster is None:
            return
        remaining = repository.cluster_members(session, cluster_id, self.config.max_cluster_recheck)
        if not remaining:
            session.delete(cluster)
            session.flush()
            return
        cluster.member_count = max(1, cluster.member_count - 1)
        cluster.outlets = sorted({m.site for m in remaining})
        cluster.updated_at = now
        if cluster.first_url == row.canonical_url:
            new_first = min(remaining, key=lambda m: _order_key(m.published_at, m.first_seen_at, m.id))
            self._make_first(cluster, new_first)
        session.flush()
        self._refresh_similarities(session, cluster_id)

    def _decision(self, session: Session, row: ArticleFingerprint, kind: str, fp: Fingerprint,
                  *, edited: bool = False, cluster: StoryCluster | None = None) -> Decision:
        reprint_of = None
        if row.cluster_id is not None:
            if cluster is None or cluster.id != row.cluster_id:
                cluster = session.get(StoryCluster, row.cluster_id)
            if cluster is not None and cluster.first_url != row.canonical_url:
                reprint_of = cluster.first_url
        return Decision(canonical_url=row.canonical_url, kind=kind, content_hash=fp.content_hash,
                        cluster_id=row.cluster_id, reprint_of=reprint_of, similarity=row.similarity,
                        edited=edited)

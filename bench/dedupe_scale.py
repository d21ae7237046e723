"""Check-and-insert cost per article at 10k / 100k / 1M stored articles (PostgreSQL).

    python bench/dedupe_scale.py [--sizes 10000 100000 1000000] [--probes 400]
                                 [--pg-admin-url postgresql://postgres@127.0.0.1:5432/postgres] [--keep]

Creates a throwaway database, migrates it to the head, and grows a synthetic corpus to each size
by bulk load (``COPY``; the band index is dropped during the load and rebuilt, as an operator
would for a backfill). Background articles are synthetic random CJK texts whose band hashes (LSH
bands and stored passage rows) are random 64-bit values - statistically what unrelated articles
produce - and each gets its own
one-member story cluster. At each size, ``--probes`` new articles go through the production
``Deduper.link`` (check-and-insert, one transaction each, as the pipeline) (a third are exact copies, a third chrome-wrapped
near copies of earlier probes, a third new stories), and the script reports the median and p99
time per article of the database part (lookup + verification + insert + commit) and of the
fingerprint (CPU) part, the candidates per article, and memory: the probes run in a fresh child
process per size, whose peak RSS and resident-set growth during the probes must not grow with the corpus.

Run by hand; the figures go in docs/dedupe.md.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from newsbot.db.engine import session_factory  # noqa: E402
from newsbot.db.migrate import upgrade  # noqa: E402
from newsbot.dedupe.clusterer import DedupeDoc, Deduper, make_dedupe_engine  # noqa: E402
from newsbot.dedupe.config import DedupeConfig  # noqa: E402
from newsbot.dedupe.fingerprint import PASSAGE_BAND  # noqa: E402


def _simplified_pool() -> list[str]:
    """3000 CJK characters that only simplified text uses (so no script conversion is triggered)."""
    from newsbot.dedupe.normalize import _traditional_chars

    trad = _traditional_chars()
    return [ch for ch in map(chr, range(0x4E00, 0x9FA5)) if ch not in trad][:3000]


CJK = _simplified_pool()
BASE_TIME = datetime(2025, 1, 1, tzinfo=UTC)


def random_text(rng: random.Random, chars: int) -> str:
    out, n = [], 0
    while n < chars:
        sentence = "".join(rng.choices(CJK, k=rng.randint(12, 40)))
        out.append(sentence + "。")
        n += len(sentence)
    paragraphs = ["".join(out[i : i + 4]) for i in range(0, len(out), 4)]
    return "\n".join(paragraphs)


def bulk_load(raw: Any, start: int, stop: int, config: DedupeConfig, rng: random.Random) -> None:
    """Background articles ``start..stop-1`` via COPY, in chunks (memory stays flat)."""
    version = config.params.version
    chunk = 50_000
    for lo in range(start, stop, chunk):
        hi = min(stop, lo + chunk)
        clusters, fps, bands = io.StringIO(), io.StringIO(), io.StringIO()
        for i in range(lo, hi):
            ident = i + 1
            ts = (BASE_TIME + timedelta(minutes=i)).isoformat()
            url = f"https://bg{i % 50}.example/a/{ident}.html"
            site = f"bg{i % 50}"
            folded = "".join(rng.choices(CJK, k=200))
            key = uuid.UUID(int=rng.getrandbits(128)).hex[:40].ljust(40, "0")
            clusters.write(f"{ident}\t{url}\t{site}\t{ts}\t{ts}\t1\t[\"{site}\"]\t{ts}\t{ts}\n")
            fps.write(f"{ident}\t{url}\t{site}\t{ts}\t{ts}\t{key}\t{key}\t{folded}\t196\t{version}\t{ident}\t1.0\tfirst\t{ts}\n")
            for band in range(config.params.bands):
                bands.write(f"{band}\t{rng.getrandbits(64) - (1 << 63)}\t{ident}\n")
            for _ in range(config.params.passage_store):  # the stored passage rows (distinct windows)
                bands.write(f"{PASSAGE_BAND}\t{rng.getrandbits(64) - (1 << 63)}\t{ident}\n")
        cur = raw.cursor()
        for name, buf, cols in (
            ("story_clusters", clusters, "id, first_url, first_site, first_published_at, first_seen_at, member_count, "
                                         "outlets, created_at, updated_at"),
            ("article_fingerprints", fps, "id, canonical_url, site, published_at, first_seen_at, content_hash, exact_key, "
                                          "folded_text, shingle_count, fingerprint_version, cluster_id, similarity, "
                                          "match_kind, updated_at"),
            ("article_bands", bands, "band, hash, fingerprint_id"),
        ):
            buf.seek(0)
            cur.copy_expert(f"COPY {name} ({cols}) FROM STDIN", buf)
        raw.commit()
        print(f"  loaded {hi:,}", flush=True)


def grow(url: str, have: int, want: int, config: DedupeConfig, rng: random.Random) -> float:
    started = time.perf_counter()
    engine = create_engine(url)
    raw = engine.raw_connection()
    cur = raw.cursor()
    cur.execute("ALTER TABLE article_bands DROP CONSTRAINT pk_article_bands")
    cur.execute("DROP INDEX IF EXISTS ix_article_bands_fingerprint_id")
    raw.commit()
    bulk_load(raw, have, want, config, rng)
    cur = raw.cursor()
    cur.execute("SET maintenance_work_mem = '1GB'")
    cur.execute("ALTER TABLE article_bands ADD CONSTRAINT pk_article_bands PRIMARY KEY (band, hash, fingerprint_id)")
    cur.execute("CREATE INDEX ix_article_bands_fingerprint_id ON article_bands (fingerprint_id)")
    for table in ("story_clusters", "article_fingerprints"):
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    raw.commit()
    raw.close()
    engine.dispose()
    vacuum = create_engine(url, isolation_level="AUTOCOMMIT")
    with vacuum.connect() as conn:
        conn.execute(text("VACUUM ANALYZE"))
        conn.execute(text("CHECKPOINT"))  # the probes measure the steady state, not the load's write-back
    vacuum.dispose()
    return time.perf_counter() - started


def _rss_mb(field: str = "VmRSS") -> float:
    """Resident set (``VmRSS``) or its peak (``VmHWM``; unlike ru_maxrss it is not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def probe(url: str, size: int, n: int, config: DedupeConfig, rng: random.Random) -> dict[str, Any]:
    engine = make_dedupe_engine(url)  # as the pipeline
    sessions = session_factory(engine)
    deduper = Deduper(config)
    originals: list[str] = []
    db_ms, fp_ms, candidates, kinds = [], [], [], {}
    rss_before = _rss_mb()
    for k in range(n):
        kind = k % 3
        if kind == 0 or not originals:
            body = random_text(rng, rng.randint(400, 1200))
            originals.append(body)
        elif kind == 1:
            body = rng.choice(originals)
        else:
            body = "首页 > 新闻 > 健康\n来源:某网\n" + rng.choice(originals)[: rng.randint(300, 600)] + "\n版权所有 某网"
        doc = DedupeDoc(f"https://probe.example/{size}/{k}.html", f"probe{k % 7}", None, body,
                        BASE_TIME + timedelta(days=400, minutes=k))
        t0 = time.perf_counter()
        fp = deduper.fingerprint(doc.title, doc.body)
        t1 = time.perf_counter()
        decision = deduper.link(sessions, doc, fp)  # as the pipeline: one transaction per article
        t2 = time.perf_counter()
        fp_ms.append((t1 - t0) * 1000)
        db_ms.append((t2 - t1) * 1000)
        candidates.append(decision.candidates)
        kinds[decision.kind] = kinds.get(decision.kind, 0) + 1
    rss_after = _rss_mb()
    engine.dispose()

    def p99(values: list[float]) -> float:
        return sorted(values)[int(0.99 * (len(values) - 1))]

    total = [a + b for a, b in zip(db_ms, fp_ms, strict=True)]
    return {
        "size": size, "probes": n,
        "db_median_ms": round(statistics.median(db_ms), 2), "db_p99_ms": round(p99(db_ms), 2),
        "fp_median_ms": round(statistics.median(fp_ms), 2), "fp_p99_ms": round(p99(fp_ms), 2),
        "total_median_ms": round(statistics.median(total), 2), "total_p99_ms": round(p99(total), 2),
        "candidates_mean": round(statistics.mean(candidates), 2), "kinds": kinds,
        "probe_rss_growth_mb": round(rss_after - rss_before, 1), "rss_mb": round(rss_after, 1),
        "process_peak_rss_mb": round(_rss_mb("VmHWM"), 1),
    }


def probe_in_child(url: str, size: int, probes: int) -> dict[str, Any]:
    """Run the probes in a fresh process, so its peak RSS is the dedupe cost alone (no bulk-load buffers)."""
    import json
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--probe-only", url, str(size), str(probes)],
                         capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--probe-only":  # child of probe_in_child
        import json

        url, size, probes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        print(json.dumps(probe(url, size, probes, DedupeConfig(), random.Random(size))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--probes", type=int, default=400)
    parser.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()
    config = DedupeConfig()
    rng = random.Random(20251123)
    name = f"newsbot_dedupe_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
    print(f"database {name}; params {config.params.version}; {args.probes} probes per size", flush=True)
    results = []
    try:
        upgrade(url)
        have = 0
        for size in sorted(args.sizes):
            load_s = grow(url, have, size, config, rng)
            have = size
            result = probe_in_child(url, size, args.probes)
            result["load_seconds"] = round(load_s, 1)
            have += args.probes
            results.append(result)
            print(result, flush=True)
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                             {"n": name})
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()
    print("\n| stored articles | check-and-insert median / p99 (ms) | fingerprint median / p99 (ms) | "
          "candidates/article | RSS growth during probes (MB) | probe process peak RSS (MB) |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['size']:,} | {r['db_median_ms']} / {r['db_p99_ms']} | {r['fp_median_ms']} / {r['fp_p99_ms']} | "
              f"{r['candidates_mean']} | {r['probe_rss_growth_mb']} | {r['process_peak_rss_mb']} |")
    if len(results) > 1:
        print(f"ratio largest/smallest median: {results[-1]['db_median_ms'] / results[0]['db_median_ms']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

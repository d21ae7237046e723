"""End-to-end replay throughput and peak memory: storage off vs SQLite vs PostgreSQL.

    python bench/pipeline.py [--articles 1000] [--pg-admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Builds a synthetic snapshot corpus (N article pages in the 2025 163 template, made from the
bundled 网易山西 seed snapshot with a different body each — real sentences from the bundled
snapshots mixed with random characters, so dedupe sees N distinct stories — listed by a
paginated JSONP feed), then runs
``scrapy crawl netease_shanxi`` in a child process per configuration, all pipelines on, and
reports articles/s, wall seconds and the child's peak RSS. The storage cost is the ratio of the
store-on figures to the store-off figure. Run by hand; figures go in the README.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbot.snapshots import SnapshotStore  # noqa: E402

SEED_URL = "https://sx.news.163.com/25/0518/12/JVRF0NH604149A58.html"
PER_PAGE = 50


def sentence_pool() -> list[str]:
    """Real sentences from the bundled snapshots' expected bodies (so the classifier has work)."""
    pool: list[str] = []
    for path in sorted((ROOT / "snapshots").glob("*/*/expected.json")):
        body = json.loads(path.read_text(encoding="utf-8")).get("body") or ""
        pool += [s + "。" for s in re.split(r"。", body.replace("\n", "")) if len(s) >= 20]
    return pool


def article_paragraphs(i: int, pool: list[str], chars: str) -> list[str]:
    """Five paragraphs: one real sentence and ~150 random characters each, plus the article's
    number, so that every article is a different text (no accidental reprint clusters)."""
    rng = random.Random(i)
    paragraphs = []
    for k in range(5):
        noise = "".join(rng.choice(chars) for _ in range(150))
        noise = "，".join(noise[j : j + 25] for j in range(0, len(noise), 25))
        paragraphs.append(f"{rng.choice(pool)}{noise}。第{i}篇第{k}段。")
    return paragraphs


def build_corpus(directory: Path, n: int) -> None:
    bundled = SnapshotStore(ROOT / "snapshots").get(SEED_URL)
    if bundled is None:
        raise SystemExit("the bundled 网易山西 seed snapshot is missing")
    template = bundled.body.decode("utf-8")
    head, rest = template.split('<div class="post_body">', 1)
    tail = rest[rest.index("</div>") :]  # the template's body div holds only <p> elements
    pool = sentence_pool()
    chars = "".join(sorted({c for s in pool for c in s if "\u4e00" <= c <= "\u9fff"}))
    store = SnapshotStore(directory)
    entries = []
    for i in range(n):
        docid = f"B{i:07d}04149A58"
        url = f"https://sx.news.163.com/25/0518/12/{docid}.html"
        paragraphs = "".join(f"<p>　　{p}</p>\n" for p in article_paragraphs(i, pool, chars))
        page = head.replace("JVRF0NH604149A58", docid).replace("政医联动聚合力", f"政医联动第{i}次聚合力")
        body = f'{page}<div class="post_body">\n{paragraphs}{tail}'
        store.write("netease_shanxi", url, 200, {"Content-Type": "text/html; charset=UTF-8"}, body.encode("utf-8"))
        entries.append({"title": f"第{i}篇", "docurl": url, "time": "05/18/2025 12:31:07"})
    pages = [entries[i : i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)]
    for number, page in enumerate(pages, start=1):
        name = "cm_shanxi" if number == 1 else f"cm_shanxi_{number:02d}"
        feed = "data_callback(" + json.dumps(page, ensure_ascii=False) + ");"
        store.write("netease_shanxi", f"https://sx.news.163.com/special/{name}/?callback=data_callback", 200,
                    {"Content-Type": "application/javascript; charset=utf-8"}, feed.encode("utf-8"))


def run_child(snapshots: Path, db_url: str | None, store: bool, spool: Path) -> dict[str, float]:
    env_db = ["env", f"NEWSBOT_DATABASE_URL={db_url}"] if db_url else []
    cmd = [
        *env_db, sys.executable, "-m", "scrapy", "crawl", "netease_shanxi", "-a", "full=1", "-a", "max_pages=1000",
        "-s", f"NEWSBOT_SNAPSHOT_DIR={snapshots}", "-s", f"NEWSBOT_STORE_ENABLED={store}",
        "-s", f"NEWSBOT_SPOOL_DIR={spool}", "-s", "LOG_LEVEL=INFO", "-s", "NEWSBOT_STORE_FLUSH_SECONDS=0.5",
        "-s", "LOGSTATS_INTERVAL=0",
    ]
    # Measure through a wrapper so each configuration's peak RSS is its own.
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "print(p.returncode, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.stderr.write(p.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=ROOT, capture_output=True, text=True, check=False)
    code, seconds, maxrss_kb = proc.stdout.split()
    if int(code) != 0:
        raise SystemExit(f"crawl failed ({code}):\n{proc.stderr[-3000:]}")
    items = re.search(r"'item_scraped_count': (\d+)", proc.stderr)
    return {"articles": int(items.group(1)) if items else 0, "seconds": float(seconds), "peak_rss_mb": int(maxrss_kb) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server to create a throwaway database on ('' to skip)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        work = Path(tmp)
        print(f"building {args.articles} synthetic article snapshots …", file=sys.stderr)
        build_corpus(work / "snapshots", args.articles)
        results["store off"] = run_child(work / "snapshots", f"sqlite:///{work / 'unused.sqlite3'}", False, work / "spool")
        results["SQLite"] = run_child(work / "snapshots", f"sqlite:///{work / 'bench.sqlite3'}", True, work / "spool")
        if args.pg_admin_url:
            from sqlalchemy import create_engine, text

            name = f"newsbot_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = args.pg_admin_url.rsplit("/", 1)[0] + f"/{name}"
                results["PostgreSQL"] = run_child(work / "snapshots", url, True, work / "spool")
            finally:
                time.sleep(0.5)
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    base = results["store off"]["seconds"]
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"\nreplay of {args.articles} articles (all pipelines on; one crawl per row, child process)")
    print(f"{'configuration':<14} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'peak RSS MB':>11} {'time vs off':>11}")
    for name, r in results.items():
        rate = r["articles"] / r["seconds"] if r["seconds"] else 0
        print(f"{name:<14} {r['articles']:>8} {r['seconds']:>8.2f} {rate:>10.1f} {r['peak_rss_mb']:>11.0f} "
              f"{r['seconds'] / base:>10.2f}x")
    print(f"(resource.getrusage peak RSS; python {sys.version.split()[0]}; "
          f"{resource.getpagesize()} B pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

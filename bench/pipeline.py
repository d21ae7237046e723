"""End-to-end replay throughput and peak memory: storage off vs SQLite vs PostgreSQL.

    python bench/pipeline.py [--articles 1000] [--pg-admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Builds a synthetic snapshot corpus (N article pages in the 2025 163 template, made from the
bundled 网易山西 seed snapshot, listed by a paginated JSONP feed), then runs
``scrapy crawl netease_shanxi`` in a child process per configuration, all pipelines on, and
reports articles/s, wall seconds and the child's peak RSS. The storage cost is the ratio of the
store-on figures to the store-off figure. Run by hand; figures go in the README.
"""

from __future__ import annotations

import argparse
import json
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


def build_corpus(directory: Path, n: int) -> None:
    bundled = SnapshotStore(ROOT / "snapshots").get(SEED_URL)
    if bundled is None:
        raise SystemExit("the bundled 网易山西 seed snapshot is missing")
    template = bundled.body.decode("utf-8")
    store = SnapshotStore(directory)
    entries = []
    for i in range(n):
        docid = f"B{i:07d}04149A58"
        url = f"https://sx.news.163.com/25/0518/12/{docid}.html"
        # Distinct text per page so that dedupe and storage see n different articles.
        body = template.replace("JVRF0NH604149A58", docid).replace("政医联动聚合力", f"政医联动第{i}次聚合力")
        body = body.replace("5月16日,", f"5月16日（第{i}期）,", 1)
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

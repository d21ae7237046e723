"""End to end: ``scrapy crawl netease_shanxi`` replaying snapshots into PostgreSQL, in a child process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from newsbot.db.engine import make_engine, session_factory
from newsbot.db.models import Article, CrawlRun, Source
from newsbot.settings import ITEM_PIPELINES
from tests.conftest import ROOT, SNAPSHOTS

pytestmark = pytest.mark.slow


def crawl(db_url: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_LOG_LEVEL": "INFO"}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "netease_shanxi", "-s", f"NEWSBOT_SNAPSHOT_DIR={SNAPSHOTS}",
           "-s", "NEWSBOT_STORE_FLUSH_SECONDS=0.2", *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def test_replay_crawl_into_postgresql_then_incremental(pg_url: str) -> None:
    first = crawl(pg_url, "-a", "full=1")
    assert first.returncode == 0, first.stderr[-3000:]
    sessions = session_factory(make_engine(pg_url))
    with sessions() as s:
        rows = {a.canonical_url: a for a in s.scalars(select(Article))}
        assert set(rows) == {
            "https://www.163.com/news/article/JVRF0NH604149A58.html",
            "https://www.163.com/news/article/KF3A9QTM0534A4SC.html",
        }
        seed = rows["https://www.163.com/news/article/JVRF0NH604149A58.html"]
        assert seed.site == "netease_shanxi" and seed.source == "网易山西" and seed.editor == "贺晨"
        assert seed.published_at is not None and seed.published_at.isoformat() == "2025-05-18T12:31:07+08:00"
        assert seed.body and seed.body.startswith("5月16日,山西医科大学第一医院") and seed.http_status == 200
        run = s.scalars(select(CrawlRun)).one()
        assert run.spider == "netease_shanxi" and run.finish_reason == "finished" and run.finished_at
        assert (run.items_scraped, run.items_new, run.items_updated, run.items_dropped) == (2, 2, 0, 1)
        assert run.drop_reasons == {"no_article_body_found": 1}  # the empty page: counted, not stored
        assert run.stats["item_scraped_count"] == 2 and seed.crawl_run_id == run.id
        assert s.get(Source, "netease_shanxi") is not None
    assert "no article stored for https://sx.news.163.com/25/1120/09/KF39E0PT04149A58.html" in first.stderr
    assert "crawl summary: spider=netease_shanxi" in first.stderr

    second = crawl(pg_url)  # incremental: everything listed is known, nothing is downloaded again
    assert second.returncode == 0, second.stderr[-3000:]
    with sessions() as s:
        runs = list(s.scalars(select(CrawlRun).order_by(CrawlRun.id)))
        assert len(runs) == 2
        assert runs[1].stats.get("newsbot/listing/stopped_no_new", 0) >= 1
        assert runs[1].stats.get("newsbot/listing/known", 0) >= 2
        assert runs[1].items_scraped == 0  # only the empty page (never stored) was fetched again
        assert len(list(s.scalars(select(Article)))) == 2


def test_unreachable_database_is_one_clear_line_and_nonzero_exit() -> None:
    result = crawl("postgresql://newsbot:s3cret@127.0.0.1:1/nowhere")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("newsbot:")]
    assert len(errors) == 1 and "postgresql://newsbot:***@127.0.0.1:1/nowhere" in errors[0]
    assert "s3cret" not in result.stderr and "Traceback" not in result.stderr


def test_database_outage_mid_crawl_loses_nothing(pg_url: str, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    pipelines = {**ITEM_PIPELINES, "tests.outage_pipeline.OutagePipeline": 790}
    outage = crawl(
        pg_url, "-a", "full=1", "-s", f"ITEM_PIPELINES={json.dumps(pipelines)}", "-s", "NEWSBOT_STORE_BATCH_SIZE=1",
        "-s", "NEWSBOT_STORE_RETRIES=2", "-s", "NEWSBOT_STORE_RETRY_BACKOFF=0.1", "-s", f"NEWSBOT_SPOOL_DIR={spool}",
    )
    assert outage.returncode == 0, outage.stderr[-3000:]
    assert "taken away" in outage.stderr and "items spooled to" in outage.stderr
    spooled = [json.loads(line) for f in spool.glob("batch-*.jsonl") for line in f.read_text("utf-8").splitlines()]
    assert len(spooled) == 1

    url = make_url(pg_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true'))
    admin.dispose()
    with session_factory(make_engine(pg_url))() as s:
        stored = [a.title for a in s.scalars(select(Article))]
    assert len(stored) == 1 and stored[0] != spooled[0]["title"]  # one stored before the outage, one spooled

    after = crawl(pg_url, "-s", f"NEWSBOT_SPOOL_DIR={spool}")  # the next start replays the spool
    assert after.returncode == 0, after.stderr[-3000:]
    assert "replayed 1 spooled items" in after.stderr
    assert list(spool.glob("batch-*.jsonl")) == []
    with session_factory(make_engine(pg_url))() as s:
        titles = sorted(a.title or "" for a in s.scalars(select(Article)))
        assert titles == ["山西部署今冬明春呼吸道传染病防控工作",
                          "政医联动聚合力 健康迎泽加速度——山西医科大学第一医院院长周芸及重点科室主任一行深入太原市迎泽区中心医院新院区"]

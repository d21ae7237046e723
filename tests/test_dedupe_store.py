"""Dedupe in the stored data: version history on edits (upsert_articles) and the crawl pipeline."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory
from newsbot.db.models import Article, ArticleFingerprint, ArticleVersion, CrawlRun, StoryCluster
from newsbot.timeutil import SHANGHAI
from tests.conftest import ROOT, SNAPSHOTS


def row(body: str, title: str = "太原市召开基层卫生工作推进会", **extra: object) -> dict[str, object]:
    return {"canonical_url": "https://www.example.cn/a/1.html", "url": "https://www.example.cn/a/1.html",
            "site": "example", "title": title, "body": body, "content_hash": f"h-{len(body)}",
            "published_at": datetime(2025, 11, 20, 9, tzinfo=SHANGHAI), **extra}


def test_edit_keeps_a_version_history(migrated: str) -> None:
    sessions = session_factory(make_engine(migrated))
    seen = [datetime(2025, 11, 20, h, tzinfo=SHANGHAI) for h in (10, 11, 12, 13)]
    with sessions.begin() as s:
        assert repository.upsert_articles(s, [row("第一版正文。")], seen_at=seen[0]).new
    with sessions.begin() as s:
        assert repository.upsert_articles(s, [row("第一版正文。")], seen_at=seen[1]).unchanged
    with sessions.begin() as s:
        result = repository.upsert_articles(s, [row("第二版正文,补充了细节。", cluster_id=7, similarity=0.9)],
                                            seen_at=seen[2])
        assert result.updated
    with sessions.begin() as s:
        assert repository.upsert_articles(s, [row("第二版正文,补充了细节。", title="新标题")], seen_at=seen[3]).updated
    with sessions() as s:
        versions = repository.article_versions(s, "https://www.example.cn/a/1.html")
        assert [v.changed_fields for v in versions] == [["body"], ["title"]]
        assert versions[0].old_values == {"body": "第一版正文。"}
        assert versions[0].old_content_hash == "h-6" and versions[0].new_content_hash == f"h-{len('第二版正文,补充了细节。')}"
        assert versions[0].changed_at == seen[2] and versions[1].old_values == {"title": "太原市召开基层卫生工作推进会"}
        assert versions[0].new_record_hash == versions[1].old_record_hash
        article = repository.get_article(s, "https://www.example.cn/a/1.html")
        assert article is not None and article.title == "新标题" and article.first_seen_at == seen[0]
        assert len(list(s.scalars(select(ArticleVersion)))) == 2


@pytest.mark.slow
def test_crawl_pipeline_links_items_and_fills_dedupe_tables(sqlite_url: str) -> None:
    env = {**os.environ, "NEWSBOT_DATABASE_URL": sqlite_url, "NEWSBOT_LOG_LEVEL": "INFO"}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "netease_shanxi", "-s", f"NEWSBOT_SNAPSHOT_DIR={SNAPSHOTS}",
           "-s", "NEWSBOT_STORE_FLUSH_SECONDS=0.2", "-a", "full=1"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    sessions = session_factory(make_engine(sqlite_url))
    with sessions() as s:
        articles = list(s.scalars(select(Article)))
        fingerprints = {f.canonical_url: f for f in s.scalars(select(ArticleFingerprint))}
        assert articles and {a.canonical_url for a in articles} <= set(fingerprints)
        for article in articles:
            fp = fingerprints[article.canonical_url]
            assert article.cluster_id == fp.cluster_id is not None
            assert article.content_hash == fp.content_hash is not None
            cluster = s.get(StoryCluster, fp.cluster_id)
            assert cluster is not None and article.site in cluster.outlets
        run = s.scalars(select(CrawlRun)).one()
        assert run.stats["newsbot/dedupe/checked"] == len(articles)
        assert "newsbot/dedupe/median_ms" in run.stats


def test_backfill_links_articles_stored_before_dedupe(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    from newsbot.dedupe.__main__ import main

    story = ("11月20日,太原市卫生健康委员会召开全市基层医疗卫生服务能力提升推进会,通报社区卫生服务中心和乡镇"
             "卫生院标准化建设进展情况。截至10月底,全市已有86家社区卫生服务中心达到国家推荐标准,家庭医生签约"
             "服务覆盖重点人群超过72万人。会议要求各级卫生健康部门强化人才培养和信息化支撑。")
    other = ("山西省气象台发布暴雨蓝色预警,预计未来24小时吕梁、临汾、运城等地部分地区有大到暴雨,局地伴有雷电"
             "和短时强降水。请有关单位和人员做好防范准备,注意防范山洪、地质灾害和城乡积涝。")
    sessions = session_factory(make_engine(migrated))
    rows = [
        {**row(story), "canonical_url": "https://origin.example/1", "site": "origin",
         "published_at": datetime(2025, 11, 20, 9, tzinfo=SHANGHAI)},
        {**row("首页 > 转载\n" + story + "\n版权所有 某网"), "canonical_url": "https://farm.example/1", "site": "farm",
         "published_at": datetime(2025, 11, 21, 9, tzinfo=SHANGHAI)},
        {**row(other, title="山西发布暴雨蓝色预警"), "canonical_url": "https://origin.example/2", "site": "origin"},
    ]
    with sessions.begin() as s:
        repository.upsert_articles(s, rows)
    assert main(["backfill", "--db", migrated]) == 0
    assert '"linked": 3' in capsys.readouterr().out
    with sessions() as s:
        articles = {a.canonical_url: a for a in s.scalars(select(Article))}
        assert articles["https://farm.example/1"].cluster_id == articles["https://origin.example/1"].cluster_id
        assert articles["https://farm.example/1"].reprint_of == "https://origin.example/1"
        assert articles["https://origin.example/1"].reprint_of is None
        assert articles["https://origin.example/2"].cluster_id not in (None, articles["https://origin.example/1"].cluster_id)
        assert all(a.content_hash and not a.content_hash.startswith("h-") for a in articles.values())
    assert main(["backfill", "--db", migrated]) == 0  # nothing left to link
    assert '"linked": 0' in capsys.readouterr().out


@pytest.mark.slow
def test_a_crawl_that_replays_the_spool_links_what_dedupe_missed(sqlite_url: str, tmp_path: Path) -> None:
    """Articles stored without dedupe (its check failed while the database was away; spooled items)
    are linked at the end of the next crawl that replays the spool."""
    from newsbot.db.migrate import upgrade
    from newsbot.spool import Spool

    upgrade(sqlite_url)
    story = "太原市卫健委11月20日召开全市基层卫生工作推进会，总结今年基层医疗卫生服务能力提升工作，部署下一阶段重点任务。" * 3
    sessions = session_factory(make_engine(sqlite_url))
    with sessions.begin() as s:  # stored while dedupe could not run: no fingerprint
        repository.upsert_articles(s, [row(story)])
    spool_dir = tmp_path / "spool"
    copy = {**row(story), "canonical_url": "https://copy.example.cn/9.html", "url": "https://copy.example.cn/9.html",
            "site": "copier"}
    Spool(spool_dir).write([copy])
    env = {**os.environ, "NEWSBOT_DATABASE_URL": sqlite_url, "NEWSBOT_LOG_LEVEL": "INFO"}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "netease_shanxi", "-s", f"NEWSBOT_SNAPSHOT_DIR={SNAPSHOTS}",
           "-s", "NEWSBOT_STORE_FLUSH_SECONDS=0.2", "-s", f"NEWSBOT_SPOOL_DIR={spool_dir}"]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "dedupe: linked 2 stored article(s) it had missed" in done.stderr
    with sessions() as s:
        first = repository.get_article(s, "https://www.example.cn/a/1.html")
        reprint = repository.get_article(s, "https://copy.example.cn/9.html")
        assert first is not None and reprint is not None and first.cluster_id is not None
        assert reprint.cluster_id == first.cluster_id and reprint.reprint_of == "https://www.example.cn/a/1.html"
        run = s.scalars(select(CrawlRun)).one()
        assert run.stats["newsbot/dedupe/backfilled"] == 2 and run.stats["newsbot/store/replayed"] == 1

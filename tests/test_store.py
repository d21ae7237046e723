"""Upsert by canonical_url on SQLite and PostgreSQL; Chinese text and aware datetimes round-trip."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta

from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory
from newsbot.items import ArticleItem
from newsbot.timeutil import SHANGHAI

BODY = "　　太原市迎泽区中心医院新院区开放床位300张，“技术同质、服务贯通”。\n（网易山西 张丹丹）"


def _item(**overrides: object) -> dict[str, object]:
    item = ArticleItem(
        url="https://sx.news.163.com/25/0518/12/JVRF0NH604149A58.html",
        canonical_url="https://www.163.com/news/article/JVRF0NH604149A58.html",
        site="netease_shanxi", site_name="网易山西", title="政医联动聚合力 健康迎泽加速度——山医大一院",
        published_at=datetime(2025, 5, 18, 12, 31, 7, tzinfo=SHANGHAI), source="网易山西", editor="贺晨",
        body=BODY, images=["https://cms-bucket.ws.126.net/a.jpg"], breadcrumb=["网易首页", "网易山西", "正文"],
        fetched_at=datetime(2025, 5, 18, 13, 0, tzinfo=SHANGHAI), http_status=200, encoding="utf-8",
        extraction={"title": "site:h1.post_title::text"},
    )
    data = asdict(item)
    data.update(overrides)
    return data


def test_insert_update_unchanged(migrated: str) -> None:
    sessions = session_factory(make_engine(migrated))
    t0 = datetime(2025, 5, 18, 13, 0, tzinfo=SHANGHAI)
    with sessions.begin() as s:
        r1 = repository.upsert_articles(s, [_item()], seen_at=t0)
    assert (len(r1.new), len(r1.updated), len(r1.unchanged)) == (1, 0, 0)

    with sessions.begin() as s:  # same content again: only last_seen_at moves
        r2 = repository.upsert_articles(s, [_item()], seen_at=t0 + timedelta(hours=1))
    assert (len(r2.new), len(r2.updated), len(r2.unchanged)) == (0, 0, 1)
    with sessions() as s:
        row = repository.get_article(s, _item()["canonical_url"])  # type: ignore[arg-type]
        assert row is not None
        assert row.last_seen_at == t0 + timedelta(hours=1) and row.updated_at == t0

    changed = BODY + "\n新院区预计年底投用。"
    with sessions.begin() as s:  # changed body: one row, updated, first_seen_at kept
        r3 = repository.upsert_articles(s, [_item(body=changed)], seen_at=t0 + timedelta(hours=2))
    assert (len(r3.new), len(r3.updated), len(r3.unchanged)) == (0, 1, 0)
    with sessions() as s:
        assert repository.count_articles(s) == 1
        row = repository.get_article(s, _item()["canonical_url"])  # type: ignore[arg-type]
        assert row is not None
        assert row.body == changed
        assert row.first_seen_at == t0
        assert row.updated_at == t0 + timedelta(hours=2)


def test_chinese_text_and_aware_datetimes_round_trip(migrated: str) -> None:
    sessions = session_factory(make_engine(migrated))
    with sessions.begin() as s:
        repository.upsert_articles(s, [_item()])
    with sessions() as s:
        row = repository.get_article(s, _item()["canonical_url"])  # type: ignore[arg-type]
        assert row is not None
        assert row.body == BODY  # full-width space and punctuation exactly as written
        assert row.title == "政医联动聚合力 健康迎泽加速度——山医大一院"
        assert row.breadcrumb == ["网易首页", "网易山西", "正文"]
        assert row.published_at == datetime(2025, 5, 18, 12, 31, 7, tzinfo=SHANGHAI)
        assert row.published_at.utcoffset() == timedelta(hours=8)  # type: ignore[union-attr]
        assert row.extraction == {"title": "site:h1.post_title::text"}


def test_last_version_of_a_url_in_one_batch_wins(migrated: str) -> None:
    sessions = session_factory(make_engine(migrated))
    with sessions.begin() as s:
        result = repository.upsert_articles(s, [_item(title="旧标题"), _item(title="新标题")])
    assert len(result.new) == 1
    with sessions() as s:
        row = repository.get_article(s, _item()["canonical_url"])  # type: ignore[arg-type]
        assert row is not None and row.title == "新标题"


def test_naive_datetimes_are_refused(migrated: str) -> None:
    import pytest
    from sqlalchemy.exc import StatementError

    sessions = session_factory(make_engine(migrated))
    with pytest.raises(StatementError, match="naive datetime"), sessions.begin() as s:
        repository.upsert_articles(s, [_item(published_at=datetime(2025, 5, 18, 12, 0))])  # noqa: DTZ001

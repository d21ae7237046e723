"""``python -m newsbot status`` and ``runs`` on a database with runs and articles in it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from newsbot import timeutil
from newsbot.cli import main
from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory


def article(n: int, seen_days_ago: float) -> dict[str, object]:
    return {"url": f"https://www.163.com/news/article/A{n:015d}.html",
            "canonical_url": f"https://www.163.com/news/article/A{n:015d}.html",
            "site": "netease_shanxi", "title": f"太原第{n}条", "body": "正文" * 20,
            "published_at": timeutil.now() - timedelta(days=seen_days_ago)}


@pytest.fixture
def populated(migrated: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NEWSBOT_DATABASE_URL", migrated)
    engine = make_engine(migrated)
    now = timeutil.now()
    with session_factory(engine).begin() as s:
        repository.upsert_articles(s, [article(1, 3)], seen_at=now - timedelta(days=3))
        repository.upsert_articles(s, [article(2, 0.1), article(3, 0.1)], seen_at=now - timedelta(hours=1))
        ok = repository.start_crawl_run(s, "netease_shanxi", now - timedelta(hours=1))
        repository.finish_crawl_run(s, ok, finished_at=now - timedelta(minutes=59), finish_reason="finished",
                                    items_scraped=2, items_new=2, healthy=True,
                                    health={"healthy": True, "flags": [], "checks": {}})
        bad = repository.start_crawl_run(s, "netease_shanxi", now - timedelta(minutes=10))
        repository.finish_crawl_run(s, bad, finished_at=now - timedelta(minutes=9), finish_reason="finished",
                                    items_scraped=0, errors=3, healthy=False,
                                    health={"healthy": False, "flags": ["items", "error_rate"], "checks": {}})
    engine.dispose()
    return migrated


def test_status_json_per_source(populated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--json"]) == 0
    rows = {r["source"]: r for r in json.loads(capsys.readouterr().out)}
    ne = rows["netease_shanxi"]
    assert ne["result"] == "finished, UNHEALTHY" and ne["health"] == "items,error_rate"
    assert ne["articles"] == 3 and ne["new_24h"] == 2 and ne["errors_last_run"] == 3
    assert ne["latest_article"] == "1 h ago"
    assert ne["next_run"] is not None  # 30 min after the last start
    others = [r for name, r in rows.items() if name != "netease_shanxi"]
    assert all(r["result"] == "never ran" for r in others)


def test_status_table_for_people(populated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "netease_shanxi" in out and "UNHEALTHY" in out and "1 source(s) with health flags" in out


def test_runs_newest_first(populated: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["runs", "--json", "--limit", "5"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [r["health"] for r in runs] == ["items,error_rate", "ok"]
    assert runs[0]["errors"] == 3 and runs[1]["new"] == 2
    assert main(["runs", "--source", "nope"]) == 0
    assert "(nothing)" in capsys.readouterr().out

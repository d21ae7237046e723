"""Crawl health checks and the alert webhook (against a local HTTP server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newsbot import alerts, timeutil
from newsbot.health import Thresholds, evaluate, messages
from tests.conftest import ROOT, SNAPSHOTS

NOW = timeutil.now()


def stats(parsed: int = 10, site: int = 10, links: int = 20, requests: int = 20, errors: int = 0,
          scraped: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "newsbot/listing/links": links, "newsbot/article/parsed": parsed,
        "item_scraped_count": parsed if scraped is None else scraped, "downloader/request_count": requests,
        "downloader/response_status_count/503": errors,
    }
    for f in ("title", "published_at", "body"):
        out[f"newsbot/fields/{f}/site"] = site
        out[f"newsbot/fields/{f}/fallback"] = parsed - site
    return out


def test_a_normal_run_is_healthy() -> None:
    health = evaluate(stats(), recent_stats=[stats()] * 3, latest_new=NOW - timedelta(hours=2), now=NOW)
    assert health["healthy"] and health["flags"] == [] and messages(health) == []


@pytest.mark.parametrize(
    ("run", "flag", "words"),
    [
        (stats(links=0, parsed=0, requests=3), "items", "no article link"),
        (stats(parsed=5, scraped=0), "items", "none gave an article"),
        (stats(requests=20, errors=8), "error_rate", "error rate 40%"),
        (stats(parsed=10, site=2), "coverage", "layout change"),
    ],
)
def test_each_check_flags_its_failure(run: dict[str, Any], flag: str, words: str) -> None:
    health = evaluate(run, recent_stats=[stats()] * 5, latest_new=NOW, now=NOW)
    assert flag in health["flags"] and not health["healthy"]
    assert any(words in m for m in messages(health))


def test_staleness_uses_the_threshold() -> None:
    old = NOW - timedelta(days=4)
    assert evaluate(stats(), latest_new=old, now=NOW)["flags"] == ["stale"]
    assert evaluate(stats(), latest_new=old, now=NOW, thresholds=Thresholds(stale_days=7))["healthy"]


def test_coverage_needs_enough_items_and_a_baseline() -> None:
    few = stats(parsed=2, site=0)
    assert evaluate(few, recent_stats=[stats()], latest_new=NOW, now=NOW)["checks"]["coverage"]["ok"]
    assert evaluate(stats(site=0), recent_stats=[], latest_new=NOW, now=NOW)["checks"]["coverage"]["ok"]


def test_few_requests_do_not_make_an_error_rate() -> None:
    assert evaluate(stats(requests=3, errors=2), latest_new=NOW, now=NOW)["checks"]["error_rate"]["ok"]


class Hook:
    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.received.append((self.headers["Content-Type"], json.loads(body.decode("utf-8"))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    yield h
    h.close()


def test_webhook_formats(hook: Hook) -> None:
    health = evaluate(stats(links=0, parsed=0), latest_new=NOW, now=NOW)
    plain = alerts.build_payload("json", source="sx_wjw", run_id=7, health=health, finish_reason="finished")
    assert alerts.post_json(hook.url, plain)
    ding = alerts.build_payload("dingtalk", source="sx_wjw", run_id=7, health=health)
    assert alerts.post_json(hook.url, ding)
    (ctype, first), (_, second) = hook.received
    assert ctype.startswith("application/json")
    assert first["event"] == "crawl_unhealthy" and first["source"] == "sx_wjw" and first["flags"] == ["items"]
    assert second["msgtype"] == "text" and second["text"]["content"].startswith("newsbot: crawl of sx_wjw")
    with pytest.raises(ValueError, match="NEWSBOT_ALERT_FORMAT"):
        alerts.build_payload("slack", source="x", run_id=1, health=health)


def test_unreachable_webhook_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    assert alerts.post_json("http://127.0.0.1:9/nothing", {"a": 1}, timeout=2) is False
    assert "alert webhook" in caplog.text


def crawl(db_url: str, snapshot_dir: Path, hook_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSBOT_DATABASE_URL": db_url, "NEWSBOT_ALERT_WEBHOOK_URL": hook_url}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "netease_shanxi", "-a", "full=1",
           "-s", f"NEWSBOT_SNAPSHOT_DIR={snapshot_dir}", "-s", "NEWSBOT_STORE_FLUSH_SECONDS=0.2"]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_crawl_alerts_for_a_failing_run_and_not_for_a_healthy_one(pg_url: str, tmp_path: Path, hook: Hook) -> None:
    from newsbot.db.engine import make_engine, session_factory
    from newsbot.db.models import CrawlRun

    healthy = crawl(pg_url, SNAPSHOTS, hook.url)
    assert healthy.returncode == 0, healthy.stderr[-2000:]
    assert hook.received == []
    empty = tmp_path / "empty-snapshots"  # every request answered 404: the site "went away"
    empty.mkdir()
    failing = crawl(pg_url, empty, hook.url)
    assert failing.returncode == 0, failing.stderr[-2000:]
    assert "crawl health: spider=netease_shanxi" in failing.stderr and "ERROR" in failing.stderr
    assert len(hook.received) == 1
    payload = hook.received[0][1]
    assert payload["source"] == "netease_shanxi" and "items" in payload["flags"]
    engine = make_engine(pg_url)
    with session_factory(engine)() as s:
        first, second = s.scalars(select(CrawlRun).order_by(CrawlRun.id))
        assert first.healthy is True and second.healthy is False
        assert payload["run_id"] == second.id and "items" in second.health["flags"]
    engine.dispose()

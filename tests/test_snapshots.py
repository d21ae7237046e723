"""Offline snapshots: replay answers from disk (404 when not recorded), record writes the format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from newsbot.snapshots import SnapshotMiddleware, SnapshotStore, make_response, url_key


def _middleware(root: Path, mode: str) -> tuple[SnapshotMiddleware, Spider]:
    crawler = get_crawler(Spider, {"NEWSBOT_SNAPSHOT_DIR": str(root), "NEWSBOT_SNAPSHOT_MODE": mode})
    crawler.spider = Spider(name="site_a")
    return SnapshotMiddleware.from_crawler(crawler), crawler.spider


def test_replay_serves_recorded_bytes_and_charset(tmp_path: Path) -> None:
    body = "<html><body><p>太原市卫健委</p></body></html>".encode("gbk")
    SnapshotStore(tmp_path).write("site_a", "http://example.cn/a.html", 200,
                                  {"Content-Type": "text/html; charset=GBK", "Content-Encoding": "gzip"}, body)
    mw, spider = _middleware(tmp_path, "replay")
    response = mw.process_request(Request("https://example.cn/a.html#top"), spider)
    assert response is not None and response.status == 200
    assert response.body == body  # the original GBK bytes, not re-encoded
    assert response.headers[b"Content-Type"] == b"text/html; charset=GBK"
    assert b"Content-Encoding" not in response.headers  # transfer headers are not replayed
    assert "太原市卫健委" in response.text


def test_replay_answers_404_for_anything_not_recorded(tmp_path: Path) -> None:
    mw, spider = _middleware(tmp_path, "replay")
    response = mw.process_request(Request("https://unknown.example.cn/x.html"), spider)
    assert response is not None and response.status == 404
    assert mw.stats.get_value("newsbot/snapshots/missing") == 1


def test_record_mode_writes_the_snapshot_format(tmp_path: Path) -> None:
    mw, spider = _middleware(tmp_path, "record")
    request = Request("https://news.example.cn/c/1.html", meta={"newsbot_kind": "article"})
    body = "<html><body>新闻</body></html>".encode()
    assert mw.process_request(request, spider) is None  # record mode lets the request go to the network
    live = make_response(request.url, body, {"Content-Type": "text/html; charset=utf-8", "Content-Length": "9"},
                         200, request=request)
    mw.process_response(request, live, spider)
    snap = SnapshotStore(tmp_path).get(request.url)
    assert snap is not None and snap.body == body
    meta = json.loads((snap.path / "response.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "article" and meta["synthetic"] is False and meta["status"] == 200
    assert meta["headers"] == {"Content-Type": "text/html; charset=utf-8"}


def test_url_key_ignores_scheme_and_fragment() -> None:
    assert url_key("http://A.example.cn/p?q=1#f") == url_key("https://a.example.cn/p?q=1")


def test_two_snapshots_for_one_url_is_an_error(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    store.write("a", "http://x.cn/1", 200, {}, b"1")
    store.write("b", "https://x.cn/1", 200, {}, b"2")
    with pytest.raises(ValueError, match="two snapshots"):
        SnapshotStore(tmp_path)


def test_bundled_hand_made_snapshots_say_so() -> None:
    from tests.conftest import SNAPSHOTS

    for meta_path in SNAPSHOTS.glob("*/*/response.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("synthetic"):
            assert meta.get("modelled_on"), f"{meta_path}: synthetic snapshot must say what it was modelled on"

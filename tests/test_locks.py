"""One crawl per source: the lock held by one real process stops a second ``scrapy crawl``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsbot.locks import advisory_key, crawl_lock
from tests.conftest import ROOT, SNAPSHOTS

HOLDER = """
import sys
from newsbot.locks import crawl_lock
with crawl_lock(sys.argv[1], "netease_shanxi") as lock:
    print("acquired" if lock.acquired else "busy", flush=True)
    sys.stdin.read()  # hold it until the test closes our stdin
"""


def hold_lock(url: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, url], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "acquired"
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()
    proc.wait(timeout=20)
    proc.stdout.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def lock_db(request: pytest.FixtureRequest) -> str:
    from newsbot.db.migrate import upgrade

    url = str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url"))
    upgrade(url)
    return url


def test_second_crawl_of_a_locked_source_says_who_holds_it_and_exits(lock_db: str) -> None:
    holder = hold_lock(lock_db)
    try:
        with crawl_lock(lock_db, "netease_shanxi") as lock:  # this process, too, is refused
            assert not lock.acquired and lock.holder and f"pid {holder.pid}" in lock.holder
        with crawl_lock(lock_db, "huanghe") as other:  # other sources are free
            assert other.acquired
        env = {**os.environ, "NEWSBOT_DATABASE_URL": lock_db}
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "netease_shanxi", "-s", f"NEWSBOT_SNAPSHOT_DIR={SNAPSHOTS}"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 75, done.stderr[-2000:]
        assert "another crawl of it is running" in done.stderr and f"pid {holder.pid}" in done.stderr
        assert "Traceback" not in done.stderr
    finally:
        release(holder)
    with crawl_lock(lock_db, "netease_shanxi") as lock:  # released with its holder
        assert lock.acquired


def test_lock_dies_with_a_killed_holder(sqlite_url: str, tmp_path: Path) -> None:
    holder = hold_lock(sqlite_url)
    holder.kill()
    holder.wait()
    assert holder.stdout is not None and holder.stdin is not None
    holder.stdout.close()
    holder.stdin.close()
    with crawl_lock(sqlite_url, "netease_shanxi") as lock:
        assert lock.acquired


def test_advisory_keys_are_stable_and_distinct() -> None:
    assert advisory_key("netease_shanxi") == advisory_key("netease_shanxi")
    assert advisory_key("netease_shanxi") != advisory_key("huanghe")
    assert -(2**63) <= advisory_key("sx_wjw") < 2**63

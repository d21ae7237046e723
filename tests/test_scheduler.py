"""The scheduler: jobs from the site files and an override file, misfire/coalesce behaviour,
graceful SIGTERM with a running child, and a real replay crawl run by ``--once``."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select

from newsbot import timeutil
from newsbot.scheduling import (
    CrawlRunner,
    ScheduleError,
    SchedulerConfig,
    build_jobs,
    first_run_times,
    load_config,
    make_scheduler,
)
from tests.conftest import ROOT, SNAPSHOTS

FAKE_CRAWL = ROOT / "tests" / "helpers" / "fake_crawl.py"


class FakeSource:
    def __init__(self, name: str, minutes: float) -> None:
        self.name = name
        self.crawl_interval = timedelta(minutes=minutes)


SOURCES = [FakeSource("alpha", 30), FakeSource("beta", 60), FakeSource("gamma", 15)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schedule.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_jobs_from_site_files_by_default() -> None:
    jobs = {j.source: j for j in build_jobs(SOURCES, SchedulerConfig())}
    assert set(jobs) == {"alpha", "beta", "gamma"}
    assert jobs["alpha"].interval == timedelta(minutes=30) and "site file" in jobs["alpha"].timing
    assert jobs["beta"].timeout_seconds == 3600
    now = timeutil.now()
    assert jobs["gamma"].next_run(now, now - timedelta(minutes=5)) == now + timedelta(minutes=10)
    assert jobs["gamma"].next_run(now, now - timedelta(days=1)) == now  # overdue: now


def test_override_file_sets_cron_interval_timeout_and_disables(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
[scheduler]
timeout_minutes = 5
max_parallel = 3
settings = { NEWSBOT_SNAPSHOT_MODE = "replay" }

[sources.alpha]
cron = "*/15 6-22 * * *"
timeout_minutes = 2

[sources.beta]
interval_minutes = 7

[sources.gamma]
enabled = false
"""))
    jobs = {j.source: j for j in build_jobs(SOURCES, config)}
    assert set(jobs) == {"alpha", "beta"}
    assert isinstance(jobs["alpha"].trigger, CronTrigger) and jobs["alpha"].interval is None
    assert jobs["alpha"].timeout_seconds == 120 and jobs["beta"].timeout_seconds == 300
    assert jobs["beta"].interval == timedelta(minutes=7) and "schedule file" in jobs["beta"].timing
    # the cron job's next run honours the hours and the Shanghai time zone
    after = timeutil.to_shanghai(timeutil.now().replace(hour=23, minute=1, second=0, microsecond=0))
    nxt = jobs["alpha"].next_run(after)
    assert nxt is not None and (nxt.hour, nxt.minute) == (6, 0) and nxt.utcoffset() == timedelta(hours=8)
    runner = CrawlRunner(config)
    assert runner.argv("beta")[-4:] == ["-s", "LOG_LEVEL=INFO", "-s", "NEWSBOT_SNAPSHOT_MODE=replay"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sources.nope]\ncron = '* * * * *'\n", "unknown source"),
        ("[sources.alpha]\ncrontab = '* * * * *'\n", "unknown key"),
        ("[sources.alpha]\ncron = '61 * * * *'\n", "cron"),
        ("[sources.alpha]\ncron = '* * * * *'\ninterval_minutes = 3\n", "both cron and interval"),
        ("[scheduler]\ntimeout = 3\n", "unknown [scheduler] key"),
        ("[schedulr]\n", "unknown section"),
        ("[sources.alpha\n", "schedule.toml"),
    ],
)
def test_bad_schedule_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ScheduleError, match=message.replace("[", r"\[")):
        build_jobs(SOURCES, load_config(write(tmp_path, text)))


def _run_scheduler(config: SchedulerConfig, first_runs: dict[str, Any], seconds: float) -> list[str]:
    calls: list[str] = []
    jobs = build_jobs([SOURCES[1]], config)  # beta, every 60 min
    scheduler = make_scheduler(BackgroundScheduler, config, jobs, lambda s, t: calls.append(s), first_runs=first_runs)
    scheduler.start()
    time.sleep(seconds)
    scheduler.shutdown(wait=True)
    return calls


def test_overdue_runs_coalesce_into_one() -> None:
    # Four runs are due (3.5 intervals late) and within the grace time: one run, not four.
    config = SchedulerConfig(misfire_grace_seconds=6 * 3600)
    calls = _run_scheduler(config, {"beta": timeutil.now() - timedelta(hours=3, minutes=30)}, 1.0)
    assert calls == ["beta"]


def test_runs_later_than_the_grace_time_are_missed_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    config = SchedulerConfig(misfire_grace_seconds=1)
    with caplog.at_level(logging.WARNING, logger="newsbot.scheduler"):
        calls = _run_scheduler(config, {"beta": timeutil.now() - timedelta(minutes=10)}, 1.0)
    assert calls == []
    assert any("missed run of beta" in r.getMessage() for r in caplog.records)


def test_max_instances_one_skips_a_run_while_the_previous_is_running(caplog: pytest.LogCaptureFixture) -> None:
    release = threading.Event()
    calls: list[float] = []

    def slow(source: str, timeout: float) -> None:
        calls.append(time.monotonic())
        release.wait(5)

    config = SchedulerConfig()
    jobs = build_jobs([FakeSource("fast", 1 / 60)], config)  # every second
    scheduler = make_scheduler(BackgroundScheduler, config, jobs, slow, first_runs={"fast": timeutil.now()})
    with caplog.at_level(logging.WARNING, logger="newsbot.scheduler"):
        scheduler.start()
        time.sleep(2.5)
        release.set()
        scheduler.shutdown(wait=True)
    assert len(calls) == 1
    assert any("previous crawl of it is still running" in r.getMessage() for r in caplog.records)


def test_first_runs_follow_the_last_start() -> None:
    jobs = build_jobs(SOURCES, SchedulerConfig())
    now = timeutil.now()
    first = first_run_times(jobs, {"alpha": now - timedelta(minutes=10)}, now, stagger_seconds=0)
    assert first["alpha"] == now + timedelta(minutes=20)
    assert now < first["beta"] <= now + timedelta(seconds=2)  # never ran: soon


def _scheduler_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "NEWSBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "FAKE_CRAWL_DIR": str(tmp_path), **extra}


def _wait_for(path: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} never appeared")
        time.sleep(0.1)


@pytest.mark.parametrize("mode", [[], ["--once"]], ids=["scheduler", "once"])
def test_sigterm_stops_the_running_crawl_gracefully(tmp_path: Path, mode: list[str]) -> None:
    schedule = write(tmp_path, f"""
[scheduler]
command = [{sys.executable!r}, {str(FAKE_CRAWL)!r}]
stop_grace_seconds = 10
log_dir = {str(tmp_path / 'logs')!r}
""")
    proc = subprocess.Popen(
        [sys.executable, "scheduler.py", "--schedule", str(schedule), "--only", "netease_shanxi", *mode],
        cwd=ROOT, env=_scheduler_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        _wait_for(tmp_path / "netease_shanxi.started")
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (tmp_path / "netease_shanxi.stopped").read_text() == "SIGTERM"
    assert not (tmp_path / "netease_shanxi.finished").exists()
    assert proc.returncode == 0, err[-2000:]
    assert "received SIGTERM" in err
    log = (tmp_path / "logs" / "netease_shanxi.log").read_text(encoding="utf-8")
    assert "fake crawl of netease_shanxi running" in log
    assert "crawl summary: spider=netease_shanxi reason=shutdown" in (tmp_path / "logs" / "scheduler.log").read_text(encoding="utf-8")


def test_a_crawl_over_its_timeout_is_stopped(tmp_path: Path) -> None:
    config = SchedulerConfig(command=[sys.executable, str(FAKE_CRAWL)], stop_grace_seconds=5)
    runner = CrawlRunner(config, env=_scheduler_env(tmp_path))
    outcome = runner.run("slowpoke", timeout_seconds=1.0)
    assert outcome.status == "timeout"
    assert (tmp_path / "slowpoke.stopped").read_text() == "SIGTERM"


@pytest.mark.slow
def test_once_runs_a_real_replay_crawl_into_postgresql(tmp_path: Path, pg_url: str) -> None:
    from newsbot.db.engine import make_engine, session_factory
    from newsbot.db.models import CrawlRun

    schedule = write(tmp_path, f"""
[scheduler]
settings = {{ NEWSBOT_SNAPSHOT_DIR = {str(SNAPSHOTS)!r}, NEWSBOT_SNAPSHOT_MODE = "replay" }}
""")
    done = subprocess.run(
        [sys.executable, "scheduler.py", "--schedule", str(schedule), "--only", "netease_shanxi", "--once",
         "--database-url", pg_url],
        cwd=ROOT, env=_scheduler_env(tmp_path), capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "[1/1] netease_shanxi: ok" in done.stderr
    assert "crawl summary: spider=netease_shanxi" in done.stdout
    engine = make_engine(pg_url)
    with session_factory(engine)() as s:
        run = s.scalars(select(CrawlRun)).one()
        assert run.finish_reason == "finished" and run.items_new >= 2 and run.health["checks"]["items"]["ok"]
    engine.dispose()


@pytest.mark.slow
def test_sigterm_during_a_real_crawl_records_its_run_as_shutdown(tmp_path: Path) -> None:
    """A real ``scrapy crawl`` child (replay slowed to 1.5 s per response) is stopped cleanly."""
    from newsbot.db.engine import make_engine, session_factory
    from newsbot.db.models import CrawlRun

    schedule = write(tmp_path, f"""
[scheduler]
stop_grace_seconds = 60
settings = {{ NEWSBOT_SNAPSHOT_DIR = {str(SNAPSHOTS)!r}, NEWSBOT_SNAPSHOT_MODE = "replay", NEWSBOT_SNAPSHOT_DELAY = "1.5", CONCURRENT_REQUESTS = "1" }}
""")
    env = _scheduler_env(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "scheduler.py", "--schedule", str(schedule), "--only", "netease_shanxi", "--once"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    engine = make_engine(env["NEWSBOT_DATABASE_URL"])
    try:
        deadline = time.monotonic() + 60
        while True:  # wait until the crawl has started and recorded its run
            try:
                with session_factory(engine)() as s:
                    if s.scalars(select(CrawlRun)).first() is not None:
                        break
            except Exception:  # the schema is not there yet
                pass
            assert time.monotonic() < deadline, "the crawl never started"
            time.sleep(0.2)
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "received SIGTERM" in err
    with session_factory(engine)() as s:
        run = s.scalars(select(CrawlRun)).one()
        assert run.finish_reason == "shutdown" and run.finished_at is not None
        assert run.stats["newsbot/snapshots/replayed"] < 6  # it did not run to the end
    engine.dispose()

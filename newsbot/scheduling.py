"""The scheduler's parts: jobs from the sources and the operator's schedule file, the child-process
runner, and the APScheduler set-up. ``scheduler.py`` at the repository root is the entry point.

Jobs: one per source. Its timing comes from the site file (``crawl_interval``) unless the
schedule file overrides it with a cron expression or another interval, or disables the source.
Every crawl is ``scrapy crawl <source>`` in a child process (a Twisted reactor cannot be restarted
in-process) with a timeout. The per-source crawl lock lives in the crawl command itself
(:mod:`newsbot.scrapy_commands.crawl`), so it also covers an operator's manual crawl.

Schedule file (TOML; ``--schedule FILE`` or ``$NEWSBOT_SCHEDULE_FILE``; every key optional)::

    [scheduler]
    timeout_minutes = 60            # a crawl running longer is stopped (SIGTERM, then SIGKILL)
    misfire_grace_seconds = 300     # a run this late still happens; later ones are logged as missed
    max_parallel = 2                # crawls at once (different sources)
    log_dir = "logs"                # scheduler.log and <source>.log, rotated
    log_level = "INFO"              # scheduler and children
    log_max_bytes = 10485760
    log_backups = 5
    settings = { LOG_LEVEL = "INFO" }   # extra ``-s NAME=VALUE`` for every crawl

    [sources.netease_shanxi]
    cron = "*/15 * * * *"           # crontab fields, Asia/Shanghai
    timeout_minutes = 20

    [sources.sx_wjw]
    interval_minutes = 120

    [sources.xinhua_sx]
    enabled = false
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobEvent,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newsbot import timeutil
from newsbot.scrapy_commands.crawl import EXIT_LOCKED

logger = logging.getLogger("newsbot.scheduler")

ROOT = Path(__file__).resolve().parent.parent
SCHEDULER_KEYS = {
    "timeout_minutes", "misfire_grace_seconds", "max_parallel", "log_dir", "log_level", "log_max_bytes",
    "log_backups", "settings", "command", "stop_grace_seconds",
}
SOURCE_KEYS = {"cron", "interval_minutes", "timeout_minutes", "enabled"}


class ScheduleError(ValueError):
    """The schedule file is wrong; the message says where."""


@dataclass
class SchedulerConfig:
    timeout_minutes: float = 60.0
    misfire_grace_seconds: int = 300
    max_parallel: int = 2
    log_dir: str | None = None
    log_level: str = "INFO"
    log_max_bytes: int = 10 * 1024 * 1024
    log_backups: int = 5
    stop_grace_seconds: float = 60.0
    settings: dict[str, str] = field(default_factory=dict)
    command: list[str] = field(default_factory=lambda: [sys.executable, "-m", "scrapy", "crawl"])
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class JobSpec:
    source: str
    trigger: BaseTrigger
    timing: str
    """Human description, e.g. "every 30 min (site file)" or "cron */15 * * * * (schedule file)"."""
    timeout_seconds: float
    interval: timedelta | None = None

    def next_run(self, after: datetime | None = None, last_started: datetime | None = None) -> datetime | None:
        """The next run after ``after`` (default now); an interval job runs one interval after its
        last start (now, when it never ran or is overdue)."""
        now = after or timeutil.now()
        if self.interval is not None:
            if last_started is None:
                return now
            return max(now, timeutil.to_shanghai(last_started) + self.interval)
        return self.trigger.get_next_fire_time(None, now)


def load_config(path: str | Path | None) -> SchedulerConfig:
    """Read and validate the schedule file (no file: the defaults)."""
    config = SchedulerConfig()
    if path is None:
        return config
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScheduleError(f"schedule file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"schedule file {path}: {exc}") from None
    unknown = set(data) - {"scheduler", "sources"}
    if unknown:
        raise ScheduleError(f"schedule file {path}: unknown section(s) {sorted(unknown)}; use [scheduler] and [sources.<name>]")
    sched = data.get("scheduler", {})
    bad = set(sched) - SCHEDULER_KEYS
    if bad:
        raise ScheduleError(f"schedule file {path}: unknown [scheduler] key(s) {sorted(bad)}; known: {sorted(SCHEDULER_KEYS)}")
    for key, value in sched.items():
        if key == "settings":
            value = {str(k): str(v) for k, v in value.items()}
        setattr(config, key, value)
    for name, entry in data.get("sources", {}).items():
        bad = set(entry) - SOURCE_KEYS
        if bad:
            raise ScheduleError(f"schedule file {path}: [sources.{name}] unknown key(s) {sorted(bad)}; known: {sorted(SOURCE_KEYS)}")
        if "cron" in entry and "interval_minutes" in entry:
            raise ScheduleError(f"schedule file {path}: [sources.{name}] has both cron and interval_minutes")
        config.sources[name] = dict(entry)
    return config


def build_jobs(sources: Iterable[Any], config: SchedulerConfig) -> list[JobSpec]:
    """One job per enabled source: the site file's interval unless the schedule file says otherwise."""
    sources = list(sources)
    known = {cls.name for cls in sources}
    unknown = set(config.sources) - known
    if unknown:
        raise ScheduleError(f"schedule file names unknown source(s) {sorted(unknown)}; known: {', '.join(sorted(known))}")
    jobs = []
    for cls in sources:
        entry = config.sources.get(cls.name, {})
        if not entry.get("enabled", True):
            continue
        timeout = float(entry.get("timeout_minutes", config.timeout_minutes)) * 60
        if "cron" in entry:
            try:
                trigger: BaseTrigger = CronTrigger.from_crontab(entry["cron"], timezone=timeutil.SHANGHAI)
            except ValueError as exc:
                raise ScheduleError(f"[sources.{cls.name}] cron {entry['cron']!r}: {exc}") from None
            jobs.append(JobSpec(cls.name, trigger, f"cron {entry['cron']} (schedule file)", timeout))
            continue
        if "interval_minutes" in entry:
            interval, origin = timedelta(minutes=float(entry["interval_minutes"])), "schedule file"
        else:
            interval, origin = cls.crawl_interval, "site file"
        if interval <= timedelta(0):
            raise ScheduleError(f"{cls.name}: the crawl interval must be positive, not {interval}")
        trigger = IntervalTrigger(seconds=interval.total_seconds(), timezone=timeutil.SHANGHAI)
        jobs.append(JobSpec(cls.name, trigger, f"every {_human(interval)} ({origin})", timeout, interval))
    return jobs


def _human(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    if minutes >= 60 and minutes % 60 == 0:
        return f"{int(minutes // 60)} h"
    return f"{minutes:g} min"


# --- running one crawl ------------------------------------------------------------------------

@dataclass
class CrawlOutcome:
    source: str
    status: str
    """ok | failed | locked | timeout | stopped"""
    returncode: int | None
    seconds: float
    summary: str | None = None
    """The crawl's own one-line summary, when it printed one."""


class CrawlRunner:
    """Runs ``scrapy crawl <source>`` children, with a timeout, their output to per-source logs."""

    def __init__(self, config: SchedulerConfig, *, cwd: Path = ROOT, env: dict[str, str] | None = None):
        self.config = config
        self.cwd = cwd
        self.env = env
        self._running: dict[str, subprocess.Popen[str]] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def argv(self, source: str) -> list[str]:
        argv = [*self.config.command, source]
        settings = {"LOG_LEVEL": self.config.log_level, **self.config.settings}
        for name, value in settings.items():
            argv += ["-s", f"{name}={value}"]
        return argv

    def child_logger(self, source: str) -> logging.Logger:
        child = logging.getLogger(f"newsbot.crawl.{source}")
        if self.config.log_dir and not child.handlers:
            Path(self.config.log_dir).mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                Path(self.config.log_dir) / f"{source}.log", maxBytes=self.config.log_max_bytes,
                backupCount=self.config.log_backups, encoding="utf-8",
            )
            handler.setFormatter(logging.Formatter("%(message)s"))
            child.addHandler(handler)
            child.propagate = False  # the child's own lines go to its file; the summary goes to the scheduler log
        return child

    def run(self, source: str, timeout_seconds: float) -> CrawlOutcome:
        if self.stopping.is_set():
            return CrawlOutcome(source, "stopped", None, 0.0)
        argv = self.argv(source)
        started = time.monotonic()
        proc = subprocess.Popen(
            argv, cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            encoding="utf-8", errors="replace", start_new_session=True,  # signals come from us, not the terminal
        )
        with self._lock:
            self._running[source] = proc
        logger.info("crawl %s: started (pid %d, timeout %.0f s)", source, proc.pid, timeout_seconds)
        child_log = self.child_logger(source)
        summary: list[str] = []
        notes: list[str] = []

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                line = line.rstrip("\n")
                child_log.info(line)
                if "crawl summary:" in line:
                    summary.append(line[line.index("crawl summary:"):])
                elif line.startswith("newsbot: "):
                    notes.append(line)

        reader = threading.Thread(target=pump, name=f"log-{source}", daemon=True)
        reader.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout_seconds)
        except subprocess.TimeoutExpired:
            timed_out = True
            logger.error("crawl %s: still running after %.0f s; stopping it", source, timeout_seconds)
            self._terminate(source, proc)
        finally:
            reader.join(timeout=5)
            if not reader.is_alive() and proc.stdout is not None:
                proc.stdout.close()
            with self._lock:
                self._running.pop(source, None)
        seconds = time.monotonic() - started
        code = proc.returncode
        if timed_out:
            status = "timeout"
        elif self.stopping.is_set() and code != 0:
            status = "stopped"
        elif code == 0:
            status = "ok"
        elif code == EXIT_LOCKED:
            status = "locked"
        else:
            status = "failed"
        outcome = CrawlOutcome(source, status, code, seconds, summary[-1] if summary else (notes[-1] if notes else None))
        level = logging.INFO if status in ("ok", "locked", "stopped") else logging.ERROR
        logger.log(level, "crawl %s: %s (exit %s) in %.1f s%s", source, status, code, seconds,
                   f" — {outcome.summary}" if outcome.summary else "")
        return outcome

    def _terminate(self, source: str, proc: subprocess.Popen[str]) -> None:
        """SIGTERM (Scrapy closes the spider and the run is recorded), then SIGKILL after the grace."""
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=self.config.stop_grace_seconds)
        except subprocess.TimeoutExpired:
            logger.error("crawl %s: did not stop within %.0f s; killing it (its crawl_runs row stays unfinished)",
                         source, self.config.stop_grace_seconds)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        """Stop every running crawl gracefully (in parallel); returns when all have exited."""
        self.stopping.set()
        with self._lock:
            running = list(self._running.items())
        if running:
            logger.info("stopping %d running crawl(s): %s", len(running), ", ".join(s for s, _ in running))
        threads = [threading.Thread(target=self._terminate, args=item) for item in running]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def running(self) -> list[str]:
        with self._lock:
            return list(self._running)


# --- the APScheduler set-up -------------------------------------------------------------------

def last_starts(database_url: str | None) -> dict[str, datetime]:
    """When each source's last crawl started, from crawl_runs ({} when the database can't tell)."""
    from sqlalchemy.exc import SQLAlchemyError

    from newsbot.db import repository
    from newsbot.db.engine import error_reason, make_engine, session_factory

    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            return repository.last_run_starts(session)
    except SQLAlchemyError as exc:
        logger.warning("could not read the last crawl times (%s); interval jobs start now",
                       error_reason(exc))
        return {}
    finally:
        engine.dispose()


def first_run_times(jobs: Sequence[JobSpec], last: dict[str, datetime], now: datetime,
                    stagger_seconds: float = 10.0) -> dict[str, datetime]:
    """Interval jobs run one interval after their last start, overdue ones soon, spread out."""
    out = {}
    for i, job in enumerate(j for j in jobs if j.interval is not None):
        soon = now + timedelta(seconds=1 + i * stagger_seconds)
        out[job.source] = max(soon, job.next_run(now, last.get(job.source)) or soon)
    return out


def make_scheduler(
    cls: type[BaseScheduler], config: SchedulerConfig, jobs: Sequence[JobSpec],
    run: Callable[[str, float], Any], *, first_runs: dict[str, datetime] | None = None,
) -> BaseScheduler:
    """A scheduler with one job per source: ``coalesce`` (missed runs collapse into one),
    ``max_instances=1`` and a misfire grace time; missed and skipped runs are logged.
    ``first_runs`` sets interval jobs' first run (default: soon after start-up)."""
    scheduler = cls(
        executors={"default": ThreadPoolExecutor(max(1, int(config.max_parallel)))},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": int(config.misfire_grace_seconds)},
        timezone=timeutil.SHANGHAI,
    )
    first_runs = first_runs if first_runs is not None else first_run_times(jobs, {}, timeutil.now())
    for job in jobs:
        kwargs: dict[str, Any] = {}
        if job.source in first_runs:
            kwargs["next_run_time"] = first_runs[job.source]
        scheduler.add_job(run, job.trigger, args=[job.source, job.timeout_seconds], id=job.source,
                          name=f"crawl {job.source}", **kwargs)
    scheduler.add_listener(_log_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_ERROR)
    return scheduler


def _log_event(event: JobEvent) -> None:
    when = getattr(event, "scheduled_run_time", None)
    when_text = f"{timeutil.to_shanghai(when):%Y-%m-%d %H:%M:%S}" if when else "?"
    if event.code == EVENT_JOB_MISSED:
        logger.warning("missed run of %s scheduled at %s (later than the misfire grace time)", event.job_id, when_text)
    elif event.code == EVENT_JOB_MAX_INSTANCES:
        logger.warning("run of %s at %s skipped: the previous crawl of it is still running", event.job_id, when_text)
    elif event.code == EVENT_JOB_ERROR and isinstance(event, JobExecutionEvent):
        logger.error("job %s failed: %r", event.job_id, event.exception)


def configure_logging(config: SchedulerConfig) -> None:
    level = getattr(logging, str(config.log_level).upper(), logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler) for h in root.handlers):
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    if config.log_dir:
        Path(config.log_dir).mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            Path(config.log_dir) / "scheduler.log", maxBytes=config.log_max_bytes,
            backupCount=config.log_backups, encoding="utf-8",
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))

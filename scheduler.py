"""newsbot scheduler: crawls every source on its schedule, one child ``scrapy crawl`` at a time per source.

    python scheduler.py                      # run until Ctrl-C / SIGTERM
    python scheduler.py --list               # each job's timing and next run time
    python scheduler.py --once               # crawl every source once now, then exit
    python scheduler.py --schedule schedule.toml --only netease_shanxi,huanghe

Timing comes from each site file's ``crawl_interval``; an operator's schedule file (TOML, see
``newsbot/scheduling.py`` and ``schedule.example.toml``) overrides it with cron expressions or
intervals, disables sources and sets timeouts, logging and extra crawl settings — no code changes.
Ctrl-C or SIGTERM stops gracefully: no new crawl starts, running crawls get SIGTERM (Scrapy closes
the spider and records its run) and are killed only after ``stop_grace_seconds``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler

from newsbot import timeutil
from newsbot.registry import sources
from newsbot.scheduling import (
    CrawlOutcome,
    CrawlRunner,
    JobSpec,
    ScheduleError,
    build_jobs,
    configure_logging,
    first_run_times,
    last_starts,
    load_config,
    make_scheduler,
)

logger = logging.getLogger("newsbot.scheduler")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python scheduler.py", description=__doc__.split("\n")[0])
    p.add_argument("--schedule", default=os.environ.get("NEWSBOT_SCHEDULE_FILE"),
                   help="schedule file (TOML); default $NEWSBOT_SCHEDULE_FILE, else the site files' intervals")
    p.add_argument("--database-url", help="passed to the crawls as NEWSBOT_DATABASE_URL")
    p.add_argument("--only", help="comma-separated sources (default: all enabled)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="print each job's timing and next run, then exit")
    mode.add_argument("--once", action="store_true", help="crawl every source once now, then exit")
    p.add_argument("--json", action="store_true", help="with --list/--once: JSON output")
    p.add_argument("--log-dir", help="scheduler.log and <source>.log here, rotated (overrides the schedule file)")
    p.add_argument("--log-level", help="DEBUG, INFO, WARNING… (overrides the schedule file)")
    return p.parse_args(argv)


def select_jobs(jobs: list[JobSpec], only: str | None) -> list[JobSpec]:
    if not only:
        return jobs
    wanted = [s.strip() for s in only.split(",") if s.strip()]
    known = {j.source for j in jobs}
    missing = [s for s in wanted if s not in known]
    if missing:
        raise ScheduleError(f"--only: unknown or disabled source(s) {missing}; scheduled: {', '.join(sorted(known))}")
    return [j for j in jobs if j.source in wanted]


def print_list(jobs: list[JobSpec], as_json: bool) -> None:
    now = timeutil.now()
    first = first_run_times(jobs, last_starts(None), now, stagger_seconds=0)
    rows = [{"source": j.source, "timing": j.timing, "timeout_min": round(j.timeout_seconds / 60, 1),
             "next_run": f"{first.get(j.source) or j.next_run(now):%Y-%m-%d %H:%M:%S}"}
            for j in jobs]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    from newsbot.commands._table import format_table

    print(format_table(rows))


def run_once(runner: CrawlRunner, jobs: list[JobSpec], workers: int, as_json: bool) -> int:
    outcomes: list[CrawlOutcome] = []
    total = len(jobs)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(runner.run, j.source, j.timeout_seconds) for j in jobs]
        for n, fut in enumerate(futures, 1):
            outcome = fut.result()
            outcomes.append(outcome)
            if not as_json:
                print(f"[{n}/{total}] {outcome.source}: {outcome.status} in {outcome.seconds:.1f}s", file=sys.stderr)
    rows = [{"source": o.source, "status": o.status, "exit": o.returncode, "seconds": round(o.seconds, 1),
             "summary": o.summary or ""} for o in outcomes]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        from newsbot.commands._table import format_table

        print(format_table(rows))
    bad = [o for o in outcomes if o.status not in ("ok", "locked")]
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.schedule)
        if args.log_dir:
            config.log_dir = args.log_dir
        if args.log_level:
            config.log_level = args.log_level
        jobs = select_jobs(build_jobs(sources(), config), args.only)
    except ScheduleError as exc:
        print(f"scheduler: {exc}", file=sys.stderr)
        return 2
    if args.database_url:
        os.environ["NEWSBOT_DATABASE_URL"] = args.database_url  # the crawls inherit it
    if args.list:
        print_list(jobs, args.json)
        return 0
    configure_logging(config)
    env = dict(os.environ)
    runner = CrawlRunner(config, env=env)

    stop_requested = threading.Event()

    if args.once:
        def stop_once(signum: int, _frame: FrameType | None) -> None:
            logger.warning("received %s: stopping the running crawls", signal.Signals(signum).name)
            runner.stop_all()

        signal.signal(signal.SIGTERM, stop_once)
        signal.signal(signal.SIGINT, stop_once)
        return run_once(runner, jobs, config.max_parallel, args.json)

    first = first_run_times(jobs, last_starts(None), timeutil.now())
    scheduler = make_scheduler(BlockingScheduler, config, jobs, runner.run, first_runs=first)

    def stop(signum: int, _frame: FrameType | None) -> None:
        if stop_requested.is_set():
            return
        stop_requested.set()
        logger.warning("received %s: no new crawls; stopping the running ones", signal.Signals(signum).name)
        def stop_everything() -> None:  # not inside the handler: shutdown waits for the job threads
            runner.stop_all()
            scheduler.shutdown(wait=True)

        threading.Thread(target=stop_everything, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("scheduler started with %d job(s): %s", len(jobs), ", ".join(f"{j.source} [{j.timing}]" for j in jobs))
    scheduler.start()  # blocks until shutdown
    runner.stop_all()
    logger.info("scheduler stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

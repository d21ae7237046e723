"""One crawl per source at a time, across processes and machines.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a dedicated
connection for the whole crawl; the connection's ``application_name`` names the holder (host, pid,
start time), so a second crawler can say who holds it. The lock dies with its connection: a
crashed crawler never leaves a stale lock behind.

SQLite (one machine by nature): an exclusive ``flock`` on ``<database>.locks/<source>.lock``
holding the same holder line. The kernel releases it when the process dies.

Use::

    with crawl_lock(url, "netease_shanxi") as lock:
        if not lock.acquired:
            print(f"already being crawled by {lock.holder}")
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from newsbot import timeutil
from newsbot.db.engine import database_url, error_reason, unavailable

LOCK_NAMESPACE = "newsbot:crawl:"
logger = logging.getLogger(__name__)


@dataclass
class Lock:
    source: str
    acquired: bool
    holder: str | None = None
    """Who holds it when not acquired (host pid since), as far as it can be told."""


def holder_tag(purpose: str = "crawl") -> str:
    """Who we are, short enough for PostgreSQL's 63-byte application_name."""
    head = f"newsbot {purpose} pid {os.getpid()} since {timeutil.now():%m-%d %H:%M} on "
    return head + socket.gethostname()[: max(8, 63 - len(head))]


def advisory_key(source: str) -> int:
    """A stable signed 64-bit key per source (the advisory-lock key space)."""
    digest = hashlib.sha1((LOCK_NAMESPACE + source).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def crawl_lock(url: str | None, source: str, purpose: str = "crawl") -> Iterator[Lock]:
    url = database_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        with _pg_lock(url, source, purpose) as lock:
            yield lock
    elif backend == "sqlite":
        with _file_lock(url, source, purpose) as lock:
            yield lock
    else:
        raise NotImplementedError(f"crawl locks are implemented for PostgreSQL and SQLite, not {backend}")


@contextmanager
def _pg_lock(url: str, source: str, purpose: str) -> Iterator[Lock]:
    tag = holder_tag(purpose)[:63]
    engine = create_engine(url, poolclass=NullPool, connect_args={"application_name": tag, "connect_timeout": 10})
    key = advisory_key(source)
    try:
        try:
            conn = engine.connect()
        except Exception as exc:
            raise unavailable(url, exc) from exc
        with conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            got = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
            if not got:
                yield Lock(source, False, _pg_holder(conn, key))
                return
            try:
                yield Lock(source, True)
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                except SQLAlchemyError as exc:  # the connection died (database restart): so did the lock
                    logger.warning("crawl lock of %s: the lock connection was lost (%s); the lock went with it",
                                   source, error_reason(exc))
    finally:
        engine.dispose()


def _pg_holder(conn: Any, key: int) -> str | None:
    classid, objid = (key >> 32) & 0xFFFFFFFF, key & 0xFFFFFFFF
    row = conn.execute(
        text(
            "SELECT a.application_name, a.client_addr, a.pid, a.backend_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :c AND l.objid = :o AND l.objsubid = 1"
        ),
        {"c": classid, "o": objid},
    ).first()
    if row is None:
        return None
    name, addr, pid, start = row
    return name or f"backend pid {pid} from {addr or 'local'} since {start}"


@contextmanager
def _file_lock(url: str, source: str, purpose: str) -> Iterator[Lock]:
    db = make_url(url).database
    base = Path(db) if db and db != ":memory:" else Path("data") / "memory"
    lock_dir = base.with_name(base.name + ".locks")
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / f"{source}.lock"
    handle: IO[str] = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole crawl
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            yield Lock(source, False, handle.read().strip() or None)
            return
        handle.seek(0)
        handle.truncate()
        handle.write(holder_tag(purpose) + "\n")
        handle.flush()
        try:
            yield Lock(source, True)
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()

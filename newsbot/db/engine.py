"""Engines and sessions, made by functions (never at import time).

The database URL comes from, in order: an explicit argument, the Scrapy setting or environment
variable ``NEWSBOT_DATABASE_URL``; when none is given, an SQLite file ``./data/newsbot.sqlite3``
(created on first use). PostgreSQL is the production target.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_SQLITE_PATH = Path("data") / "newsbot.sqlite3"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the message names the URL with its password redacted."""


def database_url(explicit: str | None = None) -> str:
    url = explicit or os.environ.get("NEWSBOT_DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable database URL>"


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, never corrupt; no fsync per commit
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    kwargs.setdefault("pool_pre_ping", True)
    if parsed.get_backend_name() == "postgresql":
        connect_args: dict[str, Any] = dict(kwargs.pop("connect_args", None) or {})
        connect_args.setdefault("connect_timeout", 10)
        connect_args.setdefault("application_name", "newsbot")
        kwargs["connect_args"] = connect_args
    return create_engine(url, **kwargs)


def error_reason(exc: BaseException) -> str:
    """One line for a log or an error message: the driver's own first line when there is one."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def unavailable(url: str, exc: BaseException) -> DatabaseUnavailable:
    """The one-line "cannot connect" error, naming the URL with its password redacted."""
    return DatabaseUnavailable(f"cannot connect to database {redact(url)}: {error_reason(exc)}")


def check_connection(engine: Engine) -> None:
    """Raise :class:`DatabaseUnavailable` with a one-line message when the database is unreachable."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise unavailable(engine.url.render_as_string(hide_password=False), exc) from exc


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)

"""Aware datetimes in Asia/Shanghai, the one timezone the whole project speaks."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current time, aware, in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def to_shanghai(value: datetime) -> datetime:
    """Convert an aware datetime to Asia/Shanghai; a naive one is taken as Shanghai wall time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def to_utc(value: datetime) -> datetime:
    return to_shanghai(value).astimezone(UTC)


def isoformat(value: datetime | None) -> str | None:
    return None if value is None else to_shanghai(value).isoformat()

"""Alerts: an optional webhook told about unhealthy crawl runs.

Settings (``-s`` or environment):

``NEWSBOT_ALERT_WEBHOOK_URL``  where to POST; unset = no alerts (failures are still logged at ERROR).
``NEWSBOT_ALERT_FORMAT``       ``json`` (default: the payload below), ``dingtalk`` or ``wecom`` — both
                               robots accept ``{"msgtype": "text", "text": {"content": ...}}``; the text
                               starts with "newsbot" so a DingTalk keyword filter can match it.
``NEWSBOT_ALERT_TIMEOUT``      seconds (default 10).

The plain JSON payload::

    {"event": "crawl_unhealthy", "source": "netease_shanxi", "run_id": 42, "host": "...",
     "finished_at": "2026-11-23T10:00:00+08:00", "finish_reason": "finished",
     "flags": ["items"], "messages": ["items: the listings gave no article link"],
     "health": {...}}

Sending never raises: an unreachable webhook is logged and the crawl's own result stands.
"""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from newsbot.health import messages

logger = logging.getLogger(__name__)

FORMATS = ("json", "dingtalk", "wecom")


def build_payload(
    fmt: str, *, source: str, run_id: int | None, health: Mapping[str, Any], finished_at: str | None = None,
    finish_reason: str | None = None,
) -> dict[str, Any]:
    if fmt not in FORMATS:
        raise ValueError(f"NEWSBOT_ALERT_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    lines = messages(health)
    if fmt in ("dingtalk", "wecom"):
        text = "\n".join([f"newsbot: crawl of {source} is unhealthy (run {run_id}, {finish_reason})", *lines])
        return {"msgtype": "text", "text": {"content": text}}
    return {
        "event": "crawl_unhealthy",
        "source": source,
        "run_id": run_id,
        "host": socket.gethostname(),
        "finished_at": finished_at,
        "finish_reason": finish_reason,
        "flags": list(health.get("flags", [])),
        "messages": lines,
        "health": dict(health),
    }


def post_json(url: str, payload: Mapping[str, Any], timeout: float = 10.0) -> bool:
    """POST ``payload``; True on a 2xx answer. Logs (never raises) on failure."""
    data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ok = 200 <= response.status < 300
            if not ok:
                logger.error("alert webhook answered HTTP %s", response.status)
            return ok
    except (urllib.error.URLError, OSError, ValueError) as exc:
        logger.error("alert webhook %s failed: %s", url.split("?")[0], exc)
        return False


def send_unhealthy(settings: Any, **kwargs: Any) -> bool | None:
    """Send the alert when a webhook is configured; None when none is."""
    url = settings.get("NEWSBOT_ALERT_WEBHOOK_URL")
    if not url:
        return None
    payload = build_payload(settings.get("NEWSBOT_ALERT_FORMAT") or "json", **kwargs)
    return post_json(url, payload, timeout=settings.getfloat("NEWSBOT_ALERT_TIMEOUT", 10.0))

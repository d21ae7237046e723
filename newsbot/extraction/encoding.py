"""Decode page bytes: trust the bytes over a wrong declared charset.

Order: BOM → valid UTF-8 (pages that declare gb2312 but were re-saved as UTF-8 are common)
→ HTTP ``Content-Type`` charset → ``<meta charset>`` → detection (charset_normalizer) → gb18030.
GB2312 and GBK are decoded as GB18030, their superset, so rare characters survive.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "hz-gb-2312"}


def header_value(headers: Mapping[str, object] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if k.lower() == name.lower():
            if isinstance(value, list | tuple):
                value = value[-1] if value else ""
            return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return None


def declared_charset(body: bytes, headers: Mapping[str, object] | None) -> tuple[str | None, str | None]:
    """(charset from the HTTP header, charset from the page's <meta>), lower-cased."""
    ctype = header_value(headers, "Content-Type") or ""
    m = _HEADER_CHARSET.search(ctype)
    http = m.group(1).lower() if m else None
    m2 = _META_CHARSET.search(body[:4096])
    meta = m2.group(1).decode("ascii", "ignore").lower() if m2 else None
    return http, meta


def _codec(name: str) -> str | None:
    name = name.lower()
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(body: bytes, headers: Mapping[str, object] | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Never raises on bad bytes."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace"), "utf-16"
    try:
        text = body.decode("utf-8")
        return text, "utf-8"
    except UnicodeDecodeError:
        pass
    http, meta = declared_charset(body, headers)
    for name in (http, meta):
        if not name:
            continue
        codec = _codec(name)
        if codec is None or codec == "utf-8":
            continue
        try:
            return body.decode(codec), name
        except UnicodeDecodeError:
            continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
        if best is not None and best.encoding:
            codec = _codec(best.encoding) or best.encoding
            return body.decode(codec, "replace"), best.encoding
    except Exception:  # detection is a heuristic; fall through to the Chinese default
        pass
    return body.decode("gb18030", "replace"), "gb18030"

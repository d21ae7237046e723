"""Generic URL canonicalisation (site files add their own rules on top).

Scheme → https, host lower-cased without ``m.``/``wap.``/``www.`` variants collapsed only where
a site says so, fragments dropped, tracking parameters (utm_*, spm, from, share…) removed,
query parameters sorted, ``index.html``-style directory pages reduced to the directory.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|spm|from|share|share_token|shareid|isappinstalled|scene|srcid|clickid|fbclid|gclid|"
    r"wfr|_wv|timestamp|t|ref|refer|source|sharer_shareid|sharer_sharetime|nsukey|noredirect|f)$",
    re.I,
)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:s?html?|php|aspx?|jsp)$", re.I)


def canonicalize_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = "https" if parts.scheme in ("http", "https", "") else parts.scheme
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    path = _INDEX_PAGE.sub("/", path)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not TRACKING_PARAMS.match(k)))
    return urlunsplit((scheme, host, path, query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()

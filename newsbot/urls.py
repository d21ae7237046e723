"""Generic URL canonicalisation: one URL per article (site files add their own rules on top).

``canonicalize_url`` maps the variants under which one article page is linked to one string:

* scheme → ``https``; host lower-cased, trailing dot and default ports dropped;
* mobile hosts → the desktop host: a leading ``m.``/``wap.``/``3g.``/``mobile.``/``h5.`` label is
  dropped (``m.news.163.com`` → ``news.163.com``), and a bare registrable domain gets ``www.``
  (``163.com`` and ``m.163.com`` → ``www.163.com``), so ``www``/bare/mobile hosts agree; the
  registrable part knows the two-label Chinese suffixes (``com.cn``, ``gov.cn`` …);
* fragments and ``;jsessionid=…`` path parameters dropped; duplicate slashes collapsed;
* tracking parameters (``utm_*``, ``spm``, ``from``, share/click ids …) removed, the rest sorted;
* directory index pages (``index.html``, ``default.aspx`` …) reduced to the directory;
* page 2…N of a paginated article (``…/030761254_2.shtml``, ``content_12890061_3.htm``: a long
  numeric id, ``_`` and a one- or two-digit page number) → page 1.

The function is pure and idempotent (``canonicalize_url(canonicalize_url(u)) == canonicalize_url(u)``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|spm|from|share|share_token|shareid|isappinstalled|scene|srcid|clickid|fbclid|gclid|"
    r"wfr|_wv|timestamp|t|_t|ref|refer|source|sharer_shareid|sharer_sharetime|nsukey|noredirect|f|"
    r"mpshare|sharesource|share_source|share_medium|share_from|share_plat|wxfrom|ivk_sa|tt_from|"
    r"tt_medium|vd_source|_hsenc|_hsmi|mc_cid|mc_eid|yclid|msclkid|igshid|chksm|sessionid|"
    r"from_source|fromsource|referer|s_trans|s_channel)$",
    re.I,
)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:s?html?|php|aspx?|jsp)$", re.I)
_PAGE_SUFFIX = re.compile(r"(?<=\d{5})_\d{1,2}(?=\.(?:s?html?|htm)$)", re.I)
_PATH_PARAMS = re.compile(r";(?:jsessionid|sid|phpsessid)=[^/?#]*", re.I)
_MOBILE_LABELS = frozenset({"m", "wap", "3g", "mobile", "h5"})
# Second-level labels that form a public suffix with a country code (xx.com.cn, xx.gov.cn …).
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac", "mil"})


def _registrable_labels(labels: list[str]) -> int:
    """How many trailing labels make the registrable domain (``163.com`` → 2, ``sxgov.cn`` → 2,
    ``tynews.com.cn`` → 3)."""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return 3
    return 2


def canonical_host(host: str) -> str:
    """Lower-cased host with mobile prefixes dropped and ``www.`` added to a bare domain."""
    host = host.lower().rstrip(".")
    if not host or re.fullmatch(r"[\d.]+|\[.*\]", host):  # IP addresses stay as they are
        return host
    labels = host.split(".")
    registrable = _registrable_labels(labels)
    if len(labels) > registrable and labels[0] in _MOBILE_LABELS:
        labels = labels[1:]
    if len(labels) == registrable:
        labels = ["www", *labels]
    return ".".join(labels)


def canonicalize_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = "https" if parts.scheme in ("http", "https", "") else parts.scheme
    host = canonical_host(parts.hostname or "")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _PATH_PARAMS.sub("", parts.path or "/")
    path = re.sub(r"/{2,}", "/", path) or "/"
    path = _INDEX_PAGE.sub("/", path)
    path = _PAGE_SUFFIX.sub("", path)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not TRACKING_PARAMS.match(k)))
    return urlunsplit((scheme, host, path, query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()

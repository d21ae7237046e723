"""Publish-time parsing for Chinese pages. Every result is aware, in Asia/Shanghai.

Handles ``2023年10月14日 09:30``, ``2023-05-23 19:26:05``, ``2023/5/23``, ISO 8601 with offsets,
``05-16 10:20`` (year inferred from the reference time), ``昨天 08:00``, ``3小时前``, unix
timestamps; and dates in URLs (``content/2023-10/16/``, ``t20231020_``, ``/20231221/``).
Impossible values (more than a day after the reference time, or before 1995) are rejected.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from newsbot.timeutil import SHANGHAI, now, to_shanghai

MIN_YEAR = 1995

_FULL = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年/.\-]\s*(?P<m>\d{1,2})\s*[月/.\-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:T|\s|-)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2})(?:\.\d+)?)?"
    r"(?:\s*(?P<tz>Z|[+\-]\d{2}:?\d{2}))?)?"
)
_NO_YEAR = re.compile(
    r"(?<![\d年/.\-])(?P<m>\d{1,2})\s*[月\-/]\s*(?P<d>\d{1,2})\s*日?\s+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?![\d:])"
)
_RELATIVE = re.compile(r"(?P<n>\d+)\s*(?P<unit>秒|分钟|小时|天)前")
_DAY_WORD = re.compile(r"(?P<w>今天|昨天|前天)\s*(?:(?P<H>\d{1,2})[:：](?P<M>\d{2}))?")
_URL_DATES = (
    re.compile(r"/(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})/(?P<d>\d{2})/"),
    re.compile(r"/t(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})_"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{2})/(?P<d>\d{2})/"),
    re.compile(r"/(?P<yy>\d{2})/(?P<m>[01]\d)(?P<d>[0-3]\d)/\d{2}/"),
)


_GMT = re.compile(
    r"(?P<date>(?:19|20)\d{2}\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}\s*日?)\s*[,，]?\s*(?:格林尼治标准时间|格林威治时间|GMT|UTC)\s*(?P<clock>\d{1,2}:\d{2})"
)


def plausible(value: datetime | None, reference: datetime | None = None) -> datetime | None:
    """``value`` in Shanghai time, or None when it is before 1995 or over a day in the future."""
    if value is None:
        return None
    value = to_shanghai(value)
    ref = to_shanghai(reference) if reference else now()
    if value.year < MIN_YEAR or value > ref + timedelta(days=1):
        return None
    return value


def _build(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, tz: str | None = None) -> datetime | None:
    try:
        if tz:
            if tz == "Z":
                offset = timedelta(0)
            else:
                sign = -1 if tz[0] == "-" else 1
                digits = tz[1:].replace(":", "")
                offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
            from datetime import timezone

            return datetime(y, m, d, hh, mm, ss, tzinfo=timezone(offset)).astimezone(SHANGHAI)
        return datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)
    except ValueError:
        return None


def parse_datetime(text: str | None, reference: datetime | None = None, *, relative: bool = True) -> datetime | None:
    """The first plausible date/time in ``text``; None when there is none.

    ``relative=False`` refuses what needs the fetch time to be read (昨天, 3小时前, 05-16 10:20
    without a year): extraction from a stored file whose fetch time is unknown uses it.
    """
    if not text:
        return None
    text = text.strip()
    gmt = _GMT.search(text)
    if gmt:  # '2012年12月10日, 格林尼治标准时间10:41' is UTC
        text = f"{gmt['date']} {gmt['clock']}Z"
    if re.fullmatch(r"\d{10}(\d{3})?", text):
        seconds = int(text[:10])
        return plausible(datetime.fromtimestamp(seconds, SHANGHAI), reference)
    for m in _FULL.finditer(text):
        value = _build(
            int(m["y"]), int(m["m"]), int(m["d"]),
            int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0), m["tz"],
        )
        if plausible(value, reference):
            return value
    if not relative:
        return None
    ref = to_shanghai(reference) if reference else now()
    m2 = _DAY_WORD.search(text)
    if m2:
        days = {"今天": 0, "昨天": 1, "前天": 2}[m2["w"]]
        day = (ref - timedelta(days=days)).date()
        return datetime(day.year, day.month, day.day, int(m2["H"] or 0), int(m2["M"] or 0), tzinfo=SHANGHAI)
    m3 = _RELATIVE.search(text)
    if m3:
        unit = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}[m3["unit"]]
        return ref - timedelta(**{unit: int(m3["n"])})
    m4 = _NO_YEAR.search(text)
    if m4:
        for year in (ref.year, ref.year - 1):
            value = _build(year, int(m4["m"]), int(m4["d"]), int(m4["H"]), int(m4["M"]))
            if plausible(value, ref):
                return value
    return None


def has_time_of_day(text: str) -> bool:
    return bool(re.search(r"\d{1,2}[:：]\d{2}", text))


def date_from_url(url: str, reference: datetime | None = None) -> datetime | None:
    """A date encoded in the URL path (midnight, Shanghai), if any."""
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            year = int(m["y"]) if "y" in m.groupdict() and m["y"] else 2000 + int(m["yy"])
            value = _build(year, int(m["m"]), int(m["d"]))
            if plausible(value, reference):
                return value
    return None


_LABEL = re.compile(r"(?:发布时间|发表时间|发布日期|发稿时间|发文日期|成文日期|时间|日期|Date|date)\s*[:：]\s*")
_NOT_PUBLISH = re.compile(r"更新|修改|修订|打印|访问|浏览时间|截止|截至|Copyright|©|版权")
_YEAR_APART = re.compile(r"(?P<y>(?:19|20)\d{2})\s+(?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})(?!\d)")
_UPDATED = re.compile(r"更新时间|更新于|最后更新|修改时间")
_SCRIPT_TIME = re.compile(
    r"""\b(?:var\s+)?(?:ct|publish_?time|pub_?time|pub_?date|publishDate|publish_?date|create_?time|createTime)\s*[=:]\s*["']?"""
    r"""(\d{10}(?:\d{3})?|(?:19|20)\d{2}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2})?)"""
)


def _has_clock(text: str) -> bool:
    return bool(re.search(r"\d{1,2}\s*[:：时]\s*\d{2}", text))


def from_lines(
    lines: list[str], reference: datetime | None = None, *, relative: bool = True, labelled_only: bool = False
) -> tuple[datetime | None, str | None]:
    """Publish time from info lines (under the headline): labelled first, then the first date.

    Lines about updates, printing or copyright are skipped so the publish time wins over them.
    """
    usable = [line for line in lines if not _NOT_PUBLISH.search(line)]
    for line in usable:
        m = _LABEL.search(line)
        if m:
            value = parse_datetime(line[m.end():m.end() + 40], reference, relative=relative)
            if value:
                return value, "label"
    if labelled_only:
        return None, None
    for line in usable:
        value = parse_datetime(_YEAR_APART.sub(r"\g<y>-\g<m>-\g<d>", line[:200]), reference, relative=relative)
        if value:
            return value, "first-date"
    # a date printed in pieces ('2019' / '09/07' / '19:02'): join runs of short lines
    for start in range(len(usable)):
        window = usable[start : start + 3]
        if len(window) < 2 or any(len(line) > 12 for line in window):
            continue
        joined = _YEAR_APART.sub(r"\g<y>-\g<m>-\g<d>", " ".join(window))
        value = parse_datetime(joined, reference, relative=relative)
        if value:
            return value, "joined-lines"
    # only an update time is shown (更新时间 …): better than nothing
    for line in lines:
        if _UPDATED.search(line):
            value = parse_datetime(line[:200], reference, relative=relative)
            if value:
                return value, "updated"
    return None, None


def from_scripts(scripts: list[str], reference: datetime | None = None) -> datetime | None:
    """A publish time assigned in page JavaScript (``var ct = "1581516474"``, ``publish_time: '…'``)."""
    for script in scripts:
        for m in _SCRIPT_TIME.finditer(script):
            value = parse_datetime(m.group(1), reference, relative=False)
            if value:
                return value
    return None


def better(first: datetime | None, first_raw: str | None, second: datetime | None, *, shown: bool = False) -> bool:
    """True when ``second`` should replace ``first`` (metadata): same day, and it tells the time
    of day where ``first`` does not — or, when ``shown`` (printed under the headline), it is the
    time the reader sees and differs from the metadata by minutes only."""
    if second is None:
        return False
    if first is None:
        return True
    if second.date() != first.date():
        return False
    midnight = first.hour == 0 and first.minute == 0 and not _has_clock(first_raw or "")
    if midnight:
        return (second.hour, second.minute) != (0, 0)
    return shown and (second.hour, second.minute) != (0, 0) and abs((second - first).total_seconds()) < 3 * 3600

"""Plain-text tables for people (CJK characters count two columns, as a terminal shows them)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def format_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    if not rows:
        return "(nothing)"
    headers = list(columns or rows[0])
    cells = [["" if r.get(h) is None else str(r.get(h)) for h in headers] for r in rows]
    widths = [max(width(h), *(width(c[i]) for c in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines)

"""A local spool for items the database could not take: one JSON-lines file per failed batch.

Files are written atomically (temporary name, fsync, rename), so a crash never leaves half a
batch; they are replayed in order and deleted only after their transaction committed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from newsbot import timeutil

_DATETIME_FIELDS = ("published_at", "fetched_at")


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return timeutil.to_shanghai(value).isoformat()
    if isinstance(value, set | tuple):
        return list(value)
    raise TypeError(f"cannot spool {type(value).__name__}")


class Spool:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def write(self, rows: list[dict[str, Any]]) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = timeutil.now().strftime("%Y%m%dT%H%M%S%f")
        final = self.directory / f"batch-{stamp}-{os.getpid()}.jsonl"
        tmp = final.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=_default) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.rename(final)
        return final

    def pending(self) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
        if not self.directory.exists():
            return
        for path in sorted(self.directory.glob("batch-*.jsonl")):
            rows = []
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        row = json.loads(line)
                        for key in _DATETIME_FIELDS:
                            if row.get(key):
                                row[key] = datetime.fromisoformat(row[key])
                        rows.append(row)
            yield path, rows

    def done(self, path: Path) -> None:
        path.unlink(missing_ok=True)

    def count(self) -> int:
        return len(list(self.directory.glob("batch-*.jsonl"))) if self.directory.exists() else 0

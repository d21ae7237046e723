"""Evaluation interface: ``python -m newsbot.extract --manifest FILE.jsonl``.

Each manifest line is ``{"file": path, "url": url or null}`` (a relative path is taken from the
manifest's directory). For each line one JSON object is printed::

    {"file", "url", "title", "subtitle", "published_at", "source", "author", "editor", "body",
     "canonical_url", "encoding", "images", "no_article", "rules", "error"}

``body`` holds one paragraph a line; ``published_at`` is ISO 8601 with ``+08:00``. A file that
cannot be read (or a line that is not JSON) gives an object with ``error`` set, and the run goes
on. The fetch time of stored files is unknown, so relative times (昨天, 3小时前) are not guessed;
``--fetched-at`` supplies one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from newsbot.extraction import extract
from newsbot.timeutil import isoformat, to_shanghai

OUTPUT_FIELDS = ("title", "subtitle", "published_at", "source", "author", "editor", "body", "canonical_url", "encoding", "images", "no_article", "rules")


def extract_file(path: Path, url: str | None, fetched_at: datetime | None = None) -> dict[str, Any]:
    """One output object for one stored page."""
    record: dict[str, Any] = {"file": str(path), "url": url}
    try:
        body = path.read_bytes()
    except OSError as exc:
        record["error"] = f"cannot read file: {exc.strerror or exc}"
        return record
    try:
        ext = extract(url or "", body, None, fetched_at=fetched_at)
    except Exception as exc:  # the run must go on; the line says what broke
        record["error"] = f"extraction failed: {type(exc).__name__}: {exc}"
        return record
    for name in OUTPUT_FIELDS:
        value = getattr(ext, name)
        record[name] = isoformat(value) if isinstance(value, datetime) else value
    record["error"] = None
    return record


def run(manifest: Path, out: TextIO, fetched_at: datetime | None = None) -> int:
    """Extract every page of the manifest; returns the number of lines with an error."""
    errors = 0
    for entry in _entries(manifest):
        if "error" in entry:
            record = entry
        else:
            record = extract_file(entry["path"], entry.get("url"), fetched_at)
            record["file"] = entry["file"]
        errors += record.get("error") is not None
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return errors


def _entries(manifest: Path) -> Iterator[dict[str, Any]]:
    base = manifest.parent
    for number, line in enumerate(manifest.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            file = str(item["file"])
        except (ValueError, KeyError, TypeError) as exc:
            yield {"file": None, "line": number, "error": f"bad manifest line {number}: {exc}"}
            continue
        path = Path(file)
        url = item.get("url") if isinstance(item, dict) else None
        yield {"file": file, "path": path if path.is_absolute() else base / path, "url": url if isinstance(url, str) else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.extract", description="Extract articles from stored pages listed in a JSONL manifest.")
    parser.add_argument("--manifest", type=Path, required=True, help='JSONL, one {"file": path, "url": url or null} a line')
    parser.add_argument("--fetched-at", help="ISO time the pages were fetched (reference for 昨天/3小时前)")
    args = parser.parse_args(argv)
    fetched_at = to_shanghai(datetime.fromisoformat(args.fetched_at)) if args.fetched_at else None
    try:
        run(args.manifest, sys.stdout, fetched_at)
    except OSError as exc:
        print(f"cannot read manifest {args.manifest}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m newsbot.classify FILE.jsonl``: label articles from a JSONL file (``-`` = stdin).

Each input line: ``{"id", "url", "site", "title", "text"}``. Each output line (stdout, UTF-8):
``{"id", "is_health", "health_score", "is_shanxi", "regions", "publisher_region", "topics",
"risk_level", "risk_terms", "institutions"}`` (plus ``label_evidence`` and ``classifier_version``
with ``--evidence``). ``publisher_region`` comes from the source registry: the site file named
``site`` (or, failing that, the one whose domains hold ``url``); null when the source is unknown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from newsbot.classify.classifier import Classifier

OUTPUT_KEYS = ("id", "is_health", "health_score", "is_shanxi", "regions", "publisher_region", "topics",
               "risk_level", "risk_terms", "institutions")


@lru_cache(maxsize=4096)
def publisher_region_for(site: str | None, url: str | None) -> str | None:
    """The outlet's GB/T 2260 code from its site file, or None when no site file matches."""
    try:
        from newsbot import registry
    except Exception:  # pragma: no cover - Scrapy missing: no registry, no publisher region
        return None
    if site:
        try:
            return registry.source(site).publisher_region
        except KeyError:
            pass
    if url:
        try:
            cls = registry.site_for_url(url)
        except Exception:
            cls = None
        if cls is not None:
            return cls.publisher_region
    return None


def label_lines(lines: Iterable[str], classifier: Classifier, evidence: bool = False) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"line {number}: not JSON ({exc})") from exc
        region = publisher_region_for(record.get("site"), record.get("url"))
        labels = classifier.classify(record.get("title"), record.get("text") or record.get("body"), region)
        out = {"id": record.get("id"), **labels.as_dict(), "publisher_region": region}
        keys = OUTPUT_KEYS + (("label_evidence", "classifier_version") if evidence else ())
        yield {k: out[k] for k in keys}


def main(argv: list[str] | None = None, stdout: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.classify", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="JSONL file of articles ('-' for stdin)")
    parser.add_argument("--rules-dir", type=Path, default=None, help="rules directory (default: the package's)")
    parser.add_argument("--evidence", action="store_true", help="also print label_evidence and classifier_version")
    args = parser.parse_args(argv)
    out = stdout or sys.stdout
    classifier = Classifier(rules_dir=args.rules_dir)
    source = sys.stdin if args.path == "-" else open(args.path, encoding="utf-8")  # noqa: SIM115
    try:
        for row in label_lines(source, classifier, args.evidence):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How often a teaser copy (the first paragraphs of a long article under a new headline) is linked
to its article, with and without the passage channel.

    python bench/dedupe_teasers.py PATH/extraction/truth.jsonl [--fractions 0.5 0.33 0.25 0.15 0.1]

The evaluation sets' texts are excerpts of a few hundred characters, so they hardly hold a copy
that is a small part of a long text - the case where the Jaccard similarity is low although one
text contains the other, and where LSH proposes the pair only by chance. This benchmark makes such
copies from real full article bodies (``body`` of the extraction truth file; read from the given
path, never copied): for every body of at least ``--min-chars`` characters in at least four
paragraphs, a teaser keeps the first paragraphs up to the given share of the body, under the
headline "转载:" + the reversed original headline (so that titles do not help). All originals and
teasers go through the production check-and-insert (``cluster_items``, a throwaway SQLite
database) in two orders - originals first (the usual case: the copy comes later) and teasers
first - and the script reports per share how many teasers joined their own article's cluster and
how many pairs of different articles were merged, for the production settings and with the
passage channel off (``NEWSBOT_DEDUPE_PASSAGE_STORE=0``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsbot.dedupe.__main__ import cluster_items  # noqa: E402
from newsbot.dedupe.config import DedupeConfig  # noqa: E402


def teasers(bodies: list[dict[str, Any]], share: float) -> list[dict[str, Any]]:
    out = []
    for item in bodies:
        paragraphs = [p for p in item["body"].split("\n") if p.strip()]
        kept, size = [], 0
        for p in paragraphs[:-1]:  # a teaser never keeps the whole body
            kept.append(p)
            size += len(p)
            if size >= share * len(item["body"]):
                break
        out.append({"id": f"teaser-{item['id']}", "url": f"https://farm.example/{item['id']}.html",
                    "site": "farm.example", "title": "转载:" + (item["title"] or "")[::-1], "text": "\n".join(kept)})
    return out


def run(originals: list[dict[str, Any]], copies: list[dict[str, Any]], config: DedupeConfig,
        copies_first: bool) -> tuple[int, int]:
    items = copies + originals if copies_first else originals + copies
    with tempfile.TemporaryDirectory() as tmp:
        clusters = {r["id"]: r["cluster"] for r in cluster_items(items, f"sqlite:///{Path(tmp) / 't.sqlite3'}", config)}
    linked = sum(clusters[c["id"]] == clusters[o["id"]] for o, c in zip(originals, copies, strict=True))
    # pairs of different articles in one cluster (an original with another's teaser, or two originals)
    owner = {o["id"]: o["id"] for o in originals} | {c["id"]: o["id"] for o, c in zip(originals, copies, strict=True)}
    wrong = sum(1 for a, b in itertools.combinations(items, 2)
                if clusters[a["id"]] == clusters[b["id"]] and owner[a["id"]] != owner[b["id"]])
    return linked, wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("truth", type=Path, help="extraction truth JSONL with full article bodies")
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.5, 0.33, 0.25, 0.15, 0.1])
    parser.add_argument("--min-chars", type=int, default=1500)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.truth.read_text(encoding="utf-8").splitlines() if line.strip()]
    originals = [{"id": f"a{n}", "url": f"https://site.example/{n}.html", "site": "site.example",
                  "title": r.get("title") or "", "text": r["body"], "body": r["body"]}
                 for n, r in enumerate(rows)
                 if len(r.get("body") or "") >= args.min_chars and sum(1 for p in r["body"].split("\n") if p.strip()) >= 4]
    print(f"{len(originals)} bodies of >= {args.min_chars} characters in >= 4 paragraphs")
    production = DedupeConfig()
    off = replace(production, params=replace(production.params, passage_store=0))
    print("| teaser share | order | linked (production) | linked (no passages) | wrong merges (production / no passages) |")
    print("|---|---|---|---|---|")
    for share in args.fractions:
        copies = teasers(originals, share)
        for copies_first in (False, True):
            on_linked, on_wrong = run(originals, copies, production, copies_first)
            off_linked, off_wrong = run(originals, copies, off, copies_first)
            order = "teasers first" if copies_first else "originals first"
            print(f"| {share:.0%} | {order} | {on_linked}/{len(originals)} | {off_linked}/{len(originals)} | "
                  f"{on_wrong} / {off_wrong} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Pairwise quality of the story clustering on a labelled file (e.g. the shared eval set).

    python bench/dedupe.py PATH/clusters.jsonl            # score the production settings
    python bench/dedupe.py PATH/clusters.jsonl --tune     # tune on one half, check on the other
    python bench/dedupe.py PATH/clusters.jsonl --ablate   # each signal switched off, all items and per half

Input lines are ``{id, cluster, url, site, title, text, relation?}``. The items go through
``newsbot.dedupe.__main__.cluster_items`` - the production check-and-insert against a throwaway
SQLite database - and the predicted clusters are scored pairwise: precision and recall of
"same story" pairs, and how many ``near_miss_of:`` pairs were merged. Missed positive pairs and
wrong merges are listed by id so that they can be read side by side.

``--tune`` splits the labelled clusters in two halves (by a hash of the cluster label, so both
halves keep whole clusters and their near-miss anchors where possible), grid-searches the main
thresholds on one half (objective: recall, subject to no near-miss merged and precision 1.0 on
that half), and reports the chosen values on the other half, in both directions. The evaluation
data is only read from the given path; nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
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


def score(items: list[dict[str, Any]], predicted: dict[str, Any]) -> dict[str, Any]:
    tp = fp = fn = 0
    near_miss_merged: list[tuple[str, str]] = []
    missed: list[tuple[str, str]] = []
    wrong: list[tuple[str, str]] = []
    for a, b in itertools.combinations(items, 2):
        same = a["cluster"] == b["cluster"]
        merged = predicted[a["id"]] == predicted[b["id"]]
        if same and merged:
            tp += 1
        elif same:
            fn += 1
            missed.append((a["id"], b["id"]))
        elif merged:
            fp += 1
            wrong.append((a["id"], b["id"]))
            rel_a, rel_b = a.get("relation") or "", b.get("relation") or ""
            if rel_a == f"near_miss_of:{b['cluster']}" or rel_b == f"near_miss_of:{a['cluster']}":
                near_miss_merged.append((a["id"], b["id"]))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    near_miss_links = sum(
        1 for a, b in itertools.combinations(items, 2)
        if (a.get("relation") or "") == f"near_miss_of:{b['cluster']}"
        or (b.get("relation") or "") == f"near_miss_of:{a['cluster']}"
    )
    return {"items": len(items), "positive_pairs": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 4), "recall": round(recall, 4),
            "near_miss_pairs": near_miss_links, "near_miss_merged": len(near_miss_merged),
            "missed": missed, "wrong_merges": wrong}


def run(items: list[dict[str, Any]], config: DedupeConfig) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-dedupe-") as tmp:
        out = cluster_items([{k: v for k, v in it.items() if k not in ("cluster", "relation", "note")}
                             for it in items], f"sqlite:///{Path(tmp) / 'b.sqlite3'}", config)
    return score(items, {row["id"]: row["cluster"] for row in out})


def halves(items: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split by cluster label; a near-miss item goes with the cluster it points at."""
    def side(item: dict[str, Any]) -> int:
        anchor = item["cluster"]
        rel = item.get("relation") or ""
        seen = set()
        by_cluster = {it["cluster"]: it for it in items}
        while rel.startswith("near_miss_of:") and anchor not in seen:  # follow chains to their root
            seen.add(anchor)
            anchor = rel.split(":", 1)[1]
            rel = (by_cluster.get(anchor) or {}).get("relation") or ""
        return hashlib.sha1(anchor.encode()).digest()[0] % 2

    a = [it for it in items if side(it) == 0]
    b = [it for it in items if side(it) == 1]
    return a, b


GRID = {
    "containment": [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
    "figures_containment": [0.2, 0.25, 0.3, 1.0],
    "figures_min_agree": [3, 4, 6],
}


def tune(train: list[dict[str, Any]], base: DedupeConfig) -> tuple[DedupeConfig, dict[str, Any]]:
    """Best config on ``train``: no near-miss merged, then precision, then recall. Among equally
    good settings the middle one is taken (largest margin on both sides), not an extreme."""
    scored = []
    for c, fc, fa in itertools.product(GRID["containment"], GRID["figures_containment"], GRID["figures_min_agree"]):
        config = replace(base, thresholds=replace(base.thresholds, containment=c, figures_containment=fc,
                                                  figures_min_agree=fa))
        result = run(train, config)
        scored.append(((-result["near_miss_merged"], result["precision"], result["recall"]), (c, fc, fa),
                       config, result))
    best_key = max(key for key, *_ in scored)
    tied = sorted((s for s in scored if s[0] == best_key), key=lambda s: s[1])
    _, _, config, result = tied[len(tied) // 2]
    return config, result


def variants(base: DedupeConfig) -> dict[str, DedupeConfig]:
    """The production settings and each signal of rounds 2 and 4 switched off (docs/dedupe.md, figures)."""
    t, p = base.thresholds, base.params
    no_anchors = replace(base, params=replace(p, anchor_sample=0))
    strict = replace(t, figures_max_conflicts=0)
    return {
        "production": base,
        "no passage channel": replace(base, params=replace(p, passage_store=0)),
        "short texts at the plain containment": replace(base, thresholds=replace(t, short_containment=t.containment)),
        "no figure anchors": no_anchors,
        "figures tier: no conflict tolerated": replace(base, thresholds=strict),
        "figures tier: no shared-passage minimum": replace(base, thresholds=replace(t, figures_min_shared=0)),
        "round 1 (no anchors or passages, no conflict tolerated)": replace(
            no_anchors, params=replace(p, anchor_sample=0, passage_store=0), thresholds=strict),
    }


def ablate(items: list[dict[str, Any]], base: DedupeConfig) -> None:
    a, b = halves(items)
    for name, config in variants(base).items():
        cells = []
        for label, part in (("all", items), ("half A", a), ("half B", b)):
            r = run(part, config)
            cells.append(f"{label}: P={r['precision']} R={r['recall']} ({r['tp']}/{r['positive_pairs']}) "
                         f"nm={r['near_miss_merged']}/{r['near_miss_pairs']}")
        print(f"{name}: " + "; ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clusters", type=Path)
    parser.add_argument("--tune", action="store_true", help="tune on one half, check on the other")
    parser.add_argument("--ablate", action="store_true",
                        help="score each signal switched off, on all items and on each half")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    args = parser.parse_args()
    items = [json.loads(line) for line in args.clusters.read_text(encoding="utf-8").splitlines() if line.strip()]
    import os

    base = DedupeConfig.from_settings(os.environ)
    result = run(items, base)
    t = base.thresholds
    print(f"production settings: containment={t.containment} figures_containment={t.figures_containment} "
          f"figures_min_agree={t.figures_min_agree} max_figure_conflicts={t.max_figure_conflicts} "
          f"conflict_share={t.conflict_share}")
    print(f"all {result['items']} items: precision={result['precision']} recall={result['recall']} "
          f"({result['tp']}/{result['positive_pairs']} positive pairs, {result['fp']} wrong merges) "
          f"near-miss merged={result['near_miss_merged']}/{result['near_miss_pairs']}")
    print(f"  missed pairs: {result['missed']}")
    print(f"  wrong merges: {result['wrong_merges']}")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    if args.ablate:
        ablate(items, base)
    if args.tune:
        a, b = halves(items)
        for name, train, test in (("A→B", a, b), ("B→A", b, a)):
            config, fit = tune(train, base)
            check = run(test, config)
            th = config.thresholds
            print(f"{name}: tuned on {len(train)} items (containment={th.containment} "
                  f"figures_containment={th.figures_containment} figures_min_agree={th.figures_min_agree}): "
                  f"train P={fit['precision']} R={fit['recall']} nm={fit['near_miss_merged']}; "
                  f"check on {len(test)} items: P={check['precision']} R={check['recall']} "
                  f"nm={check['near_miss_merged']}/{check['near_miss_pairs']} missed={check['missed']} "
                  f"wrong={check['wrong_merges']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

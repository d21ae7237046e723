"""Would other per-topic thresholds and secondary-topic shares do better on sets not used to choose them?

    python bench/topic_params.py PATH/labeled.jsonl PATH/other.jsonl [...]

Leave-one-set-out: for every labelled set given, per-topic ``threshold`` and ``relative`` (the share
of the main topic's score a secondary topic needs; ``rules/topics.toml``) are fitted on the other
sets (coordinate search over a small grid, objective micro + macro F1 on their health items) and
the fitted values are scored on the held-out set next to the current rules. A set whose pages
repeat a URL of an earlier set loses those items. Topic scores come from the production classifier
with every threshold lowered, so only the decision rule varies. The sets are read from the given
paths (third-party texts: never copied into the repository).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsbot.classify.__main__ import publisher_region_for  # noqa: E402
from newsbot.classify.classifier import Classifier  # noqa: E402

Rows = list[tuple[set[str], dict[str, float]]]


def topic_scores(paths: list[Path]) -> dict[str, Rows]:
    """Per set: (gold topics, every topic's score) of each gold-health item."""
    clf = Classifier()
    for code in clf.rules.topic_thresholds:
        clf.rules.topic_thresholds[code] = 0.01
        clf.rules.topic_relative[code] = 0.0
    clf.topic_cfg["max_topics"] = len(clf.rules.topic_names)
    seen: set[str] = set()
    out: dict[str, Rows] = {}
    for path in paths:
        rows: Rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item["url"] in seen or not item["is_health"]:
                seen.add(item["url"])
                continue
            seen.add(item["url"])
            labels = clf.classify(item.get("title") or "", item["text"],
                                  publisher_region=publisher_region_for(item["site"], item["url"]))
            scores = {k: float(v["score"]) for k, v in labels.label_evidence.get("topics", {}).items()}
            rows.append((set(item["topics"]), scores))
        out[f"{path.parent.name}/{path.name}"] = rows
    return out


def decide(scores: dict[str, float], threshold: dict[str, float], relative: dict[str, float],
           max_topics: int) -> set[str]:
    passing = sorted(((v, k) for k, v in scores.items() if v >= threshold[k]), reverse=True)
    if not passing:
        return set()
    top = passing[0][0]
    return {k for v, k in passing if v >= relative[k] * top}.intersection(k for _v, k in passing[:max_topics])


def f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(rows: Rows, codes: list[str], threshold: dict[str, float], relative: dict[str, float],
             max_topics: int) -> tuple[float, float]:
    counts = {c: [0, 0, 0] for c in codes}
    for gold, scores in rows:
        pred = decide(scores, threshold, relative, max_topics)
        for c in codes:
            counts[c][0] += c in gold and c in pred
            counts[c][1] += c in pred and c not in gold
            counts[c][2] += c in gold and c not in pred
    micro = f1(*(sum(v[i] for v in counts.values()) for i in range(3)))
    present = [c for c, v in counts.items() if v[0] + v[2]]
    return micro, sum(f1(*counts[c]) for c in present) / len(present) if present else 0.0


def fit(rows: Rows, codes: list[str], threshold: dict[str, float], relative: dict[str, float],
        max_topics: int) -> tuple[dict[str, float], dict[str, float]]:
    best_t, best_r = dict(threshold), dict(relative)
    best = sum(evaluate(rows, codes, best_t, best_r, max_topics))
    for _round in range(2):
        for c in codes:
            for factor in (0.75, 1.0, 1.25, 1.5, 2.0):
                for share in (0.15, 0.25, 0.35, 0.5, 0.65):
                    t, r = dict(best_t), dict(best_r)
                    t[c], r[c] = threshold[c] * factor, share
                    value = sum(evaluate(rows, codes, t, r, max_topics))
                    if value > best + 1e-9:
                        best, best_t, best_r = value, t, r
    return best_t, best_r


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, nargs="+", help="labelled JSONL sets (at least two)")
    args = parser.parse_args()
    if len(args.sets) < 2:
        parser.error("leave-one-set-out needs at least two sets")
    rules = Classifier().rules
    codes = list(rules.topic_names)
    threshold, relative = dict(rules.topic_thresholds), dict(rules.topic_relative)
    max_topics = int(Classifier().topic_cfg.get("max_topics", 4))
    data = topic_scores(args.sets)
    print("| held-out set | health items | current micro / macro F1 | fitted on the others | changed values |")
    print("|---|---|---|---|---|")
    wins = 0
    for held in data:
        train = [row for name, rows in data.items() if name != held for row in rows]
        t, r = fit(train, codes, threshold, relative, max_topics)
        cur = evaluate(data[held], codes, threshold, relative, max_topics)
        new = evaluate(data[held], codes, t, r, max_topics)
        wins += sum(new) > sum(cur) + 1e-9
        changed: dict[str, Any] = {c: (round(t[c], 2), r[c]) for c in codes if t[c] != threshold[c] or r[c] != relative[c]}
        print(f"| {held} | {len(data[held])} | {cur[0]:.3f} / {cur[1]:.3f} | {new[0]:.3f} / {new[1]:.3f} | {changed} |")
    print(f"\nfitted values beat the current rules on {wins} of {len(data)} held-out sets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

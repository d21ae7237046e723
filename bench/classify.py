"""Benchmark the classifier against a hand-labelled JSONL set (e.g. shared/eval/classify/labeled.jsonl).

    python bench/classify.py PATH/labeled.jsonl [--split all|tune|holdout] [--errors] [--json]

Each line: ``{"id", "url", "site", "title", "text", "is_health", "is_shanxi", "regions",
"publisher_region", "topics", "risk_level", "institutions", ...}``. The set is never copied into the
repository; its path is an argument. ``--split`` halves the set deterministically by the parity of
the number in the id (odd = ``tune``, the half the rules were tuned on; even = ``holdout``), so the
figures on the half that was not looked at can be reported next to the tuned half.

Reports: is_health / is_shanxi precision, recall, F1; region F1 (micro over items) at city level
(prefecture codes, counties mapped to their city, without 140000), county level (county-level codes
only) and all codes; topic micro/macro F1 (health items); risk accuracy, alert recall and the share
of non-risk items flagged alert; institution F1 (exact, after normalisation) and a lenient F1
(a name counts when it contains or is contained in a gold name); articles/s
(best of several timed passes of the classifier alone, one core).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsbot.classify.__main__ import publisher_region_for  # noqa: E402
from newsbot.classify.classifier import Classifier  # noqa: E402


def load(path: Path, split: str) -> list[dict[str, Any]]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if split == "all":
        return items
    want = 1 if split == "tune" else 0
    out = []
    for item in items:
        digits = re.findall(r"\d+", str(item["id"]))
        if digits and int(digits[-1]) % 2 == want:
            out.append(item)
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class SetScore:
    """Micro-averaged set precision/recall over items."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]


def lenient_match(gold: set[str], pred: set[str]) -> tuple[int, int, int]:
    def ok(a: str, pool: set[str]) -> bool:
        return any(a in b or b in a for b in pool)
    tp = sum(1 for g in gold if ok(g, pred))
    return tp, sum(1 for p in pred if not ok(p, gold)), len(gold) - tp


def evaluate(items: list[dict[str, Any]], clf: Classifier, show_errors: bool = False) -> dict[str, Any]:
    divisions = clf.rules.divisions
    city_of = clf.rules.city_of

    def cities(codes: list[str]) -> set[str]:
        return {c for c in (city_of(x) for x in codes) if c}

    def counties(codes: list[str]) -> set[str]:
        return {x for x in codes if x in divisions and divisions[x].is_county}

    flags = {k: [0, 0, 0] for k in ("is_health", "is_shanxi")}
    region_city, region_county, region_all = SetScore(), SetScore(), SetScore()
    topic_tp: dict[str, list[int]] = {}
    inst, inst_len = SetScore(), [0, 0, 0]
    risk_ok = alert_gold = alert_hit = nonrisk = nonrisk_alert = 0
    errors: list[str] = []
    for item in items:
        # the publisher's place as the evaluation interface (python -m newsbot.classify) finds it:
        # from the site file of a known source, None for any other host
        labels = clf.classify(item.get("title"), item.get("text"), publisher_region_for(item.get("site"), item.get("url")))
        for key in flags:
            g, p = bool(item[key]), bool(getattr(labels, key))
            flags[key][0] += g and p
            flags[key][1] += p and not g
            flags[key][2] += g and not p
        region_city.add(cities(item["regions"]), cities(labels.regions))
        region_county.add(counties(item["regions"]), counties(labels.regions))
        region_all.add(set(item["regions"]), set(labels.regions))
        if item["is_health"]:
            gold_t, pred_t = set(item["topics"]), set(labels.topics)
            for code in clf.rules.topic_names:
                rec = topic_tp.setdefault(code, [0, 0, 0])
                rec[0] += code in gold_t and code in pred_t
                rec[1] += code in pred_t and code not in gold_t
                rec[2] += code in gold_t and code not in pred_t
        risk_ok += labels.risk_level == item["risk_level"]
        if item["risk_level"] == "alert":
            alert_gold += 1
            alert_hit += labels.risk_level == "alert"
        if item["risk_level"] == "none":
            nonrisk += 1
            nonrisk_alert += labels.risk_level == "alert"
        gi, pi = set(item["institutions"]), set(labels.institutions)
        inst.add(gi, pi)
        for k, v in enumerate(lenient_match(gi, pi)):
            inst_len[k] += v
        if show_errors:
            diffs = []
            for key in ("is_health", "is_shanxi"):
                if bool(item[key]) != bool(getattr(labels, key)):
                    diffs.append(f"{key} gold={item[key]} pred={getattr(labels, key)} ({labels.health_score})")
            if set(item["regions"]) != set(labels.regions):
                diffs.append(f"regions -{sorted(set(item['regions']) - set(labels.regions))} +{sorted(set(labels.regions) - set(item['regions']))}")
            if item["is_health"] and set(item["topics"]) != set(labels.topics):
                diffs.append(f"topics gold={sorted(item['topics'])} pred={labels.topics}")
            if item["risk_level"] != labels.risk_level:
                diffs.append(f"risk gold={item['risk_level']} pred={labels.risk_level} {labels.risk_terms}")
            if gi != pi:
                diffs.append(f"inst -{sorted(gi - pi)} +{sorted(pi - gi)}")
            if diffs:
                errors.append(f"{item['id']}: " + " | ".join(diffs))

    topic_micro = prf(*(sum(v[i] for v in topic_tp.values()) for i in range(3)))[2]
    per_topic = {code: round(prf(*v)[2], 3) for code, v in topic_tp.items()}
    present = [c for c, v in topic_tp.items() if v[0] + v[2] > 0]
    topic_macro = sum(prf(*topic_tp[c])[2] for c in present) / len(present) if present else 0.0
    report: dict[str, Any] = {"items": len(items)}
    for key, (tp, fp, fn) in flags.items():
        precision, recall, f1 = prf(tp, fp, fn)
        report[key] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
    report["region_f1"] = {"city": round(region_city.f1(), 3), "county": round(region_county.f1(), 3),
                           "all_codes": round(region_all.f1(), 3)}
    report["topics"] = {"micro_f1": round(topic_micro, 3), "macro_f1": round(topic_macro, 3), "per_topic": per_topic}
    report["risk"] = {"accuracy": round(risk_ok / len(items), 3) if items else 0.0,
                      "alert_recall": round(alert_hit / alert_gold, 3) if alert_gold else 1.0,
                      "non_risk_flagged_alert": round(nonrisk_alert / nonrisk, 3) if nonrisk else 0.0,
                      "alert_items": alert_gold}
    report["institutions_f1"] = {"exact": round(inst.f1(), 3), "lenient": round(prf(*inst_len)[2], 3)}
    report["articles_per_second"] = round(speed(items, clf), 1)
    if show_errors:
        report["errors"] = errors
    return report


def speed(items: list[dict[str, Any]], clf: Classifier, rounds: int = 5) -> float:
    if not items:
        return 0.0
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for item in items:
            clf.classify(item.get("title"), item.get("text"))
        best = min(best, time.process_time() - t0)
    return len(items) / best if best else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="labeled.jsonl")
    parser.add_argument("--split", choices=("all", "tune", "holdout"), default="all")
    parser.add_argument("--rules-dir", type=Path, default=None, help="rules directory (default: the package's)")
    parser.add_argument("--errors", action="store_true", help="list the items that differ from the gold labels")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    clf = Classifier(rules_dir=args.rules_dir)
    report = {"split": args.split, "classifier_version": clf.version, **evaluate(load(args.path, args.split), clf, args.errors)}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


def format_report(r: dict[str, Any]) -> str:
    lines = [f"classifier {r['classifier_version']} on {r['items']} items (split {r['split']})"]
    for key in ("is_health", "is_shanxi"):
        v = r[key]
        lines.append(f"{key:<24} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}")
    rf = r["region_f1"]
    lines.append(f"{'region F1':<24} city {rf['city']:.3f}  county {rf['county']:.3f}  all codes {rf['all_codes']:.3f}")
    t = r["topics"]
    lines.append(f"{'topic F1':<24} micro {t['micro_f1']:.3f}  macro {t['macro_f1']:.3f}")
    lines.append(f"{'':<24} " + "  ".join(f"{k} {v:.2f}" for k, v in t["per_topic"].items()))
    k = r["risk"]
    lines.append(f"{'risk':<24} accuracy {k['accuracy']:.3f}  alert recall {k['alert_recall']:.3f}"
                 f" ({k['alert_items']} alerts)  non-risk flagged alert {k['non_risk_flagged_alert']:.3f}")
    i = r["institutions_f1"]
    lines.append(f"{'institutions F1':<24} exact {i['exact']:.3f}  lenient {i['lenient']:.3f}")
    lines.append(f"{'speed':<24} {r['articles_per_second']:.0f} articles/s (one core, classifier only)")
    for e in r.get("errors", []):
        lines.append("  " + e)
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())

"""Article classification: health relevance, Shanxi regions, topics, risk and institutions.

A pure function of (title, body, publisher region) driven by rule files an operator edits
(``newsbot/classify/rules/*.toml``, divisions in ``data/shanxi_divisions.tsv``); see
docs/classification.md. Used by the classify pipeline stage, ``python -m newsbot relabel``,
``python -m newsbot.classify FILE.jsonl`` and ``bench/classify.py``.
"""

from __future__ import annotations

from newsbot.classify.classifier import Classifier, Labels, classify, default_classifier
from newsbot.classify.rules import RuleSet, load_rules

__all__ = ["Classifier", "Labels", "RuleSet", "classify", "default_classifier", "load_rules"]

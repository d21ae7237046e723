"""Verification of a candidate pair: is text B a copy of the story in text A?

LSH only proposes candidates; every candidate is verified on the exact shingle sets:

* **containment** ``|A∩B| / min(|A|,|B|)`` - a truncated copy, or a copy wrapped in another site's
  chrome, contains most of the other text even when the Jaccard similarity is low;
* **Jaccard** ``|A∩B| / |A∪B|`` - reported, and accepted on its own above ``min_jaccard``;
* **figures**: every number in the folded text keyed by the few characters before it
  ("确诊病例" → 158). Recurring templates (daily COVID bulletins, "第N批医疗队出发", annual
  festivals) share whole sentences but put other dates and figures after the same words; a copy
  keeps them. A pair with ``max_figure_conflicts`` or more conflicting figures making up
  ``conflict_share`` of the compared ones is a different story, however similar the words.
* a short text (fewer than ``short_shingles`` shingles: about 200 characters) needs
  ``short_containment`` (0.70): the shorter the text, the larger the share of it its template wording
  takes (two official notices with the same statutes and structure share 0.63 of a 90-character text);
* **bylines**: two texts that each name reporters (``reporters.reporters``), none in common, are two
  write-ups (below ``reporters_free`` containment), whatever press release they both quote;
* a second, lower containment tier (``figures_containment``) accepts a pair whose texts overlap
  less (a wire story inside a forum post, a condensed copy) when at least ``figures_min_agree``
  more figures agree in context than conflict, and at most ``figures_max_conflicts`` (and fewer
  than ``max_figure_conflicts``) conflict, and the texts share at least ``figures_min_shared``
  shingles (a passage, not a one-line site intro); 0 agreeing figures disables the tier.

The thresholds are ``NEWSBOT_DEDUPE_*`` settings (``newsbot.dedupe.config``), tuned with
``bench/dedupe.py`` on the shared evaluation set (docs/dedupe.md has the figures).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_FIGURE = re.compile(r"[0-9]+")
_DATE_UNITS = frozenset("年月日时点分号")
FIGURE_CONTEXT = 4  # folded characters before a number that identify "which figure" it is
LEAD_CHARS = 80  # folded characters of a text's opening: a figure there is its headline fact


# a short name of letters and digits in alternation (h1n1, h7n9, h3n2): its digits name a virus
# subtype, repeated wherever the name is, and are no figure of the story
_CODE_NAME = re.compile(r"(?<![a-z0-9])[a-z]+[0-9]+[a-z]+[0-9]+(?![a-z0-9])")


def figures(folded: str) -> dict[str, frozenset[str]]:
    """Numbers of a folded text keyed by the ``FIGURE_CONTEXT`` characters before each."""
    out: dict[str, set[str]] = {}
    names = [(m.start(), m.end()) for m in _CODE_NAME.finditer(folded) if m.end() - m.start() <= 6]
    for m in _FIGURE.finditer(folded):
        if m.start() < FIGURE_CONTEXT:
            continue
        if names and any(start <= m.start() < end for start, end in names):
            continue
        # the context skips other numbers: 救出57人其中29人遇难 and 救出48人其中20人遇难 both key
        # the toll as 出人其中, so the two bulletins conflict instead of looking unrelated
        context = _FIGURE.sub("", folded[max(0, m.start() - 3 * FIGURE_CONTEXT):m.start()])[-FIGURE_CONTEXT:]
        if len(context) == FIGURE_CONTEXT:
            out.setdefault(context, set()).add(m.group())
    return {k: frozenset(v) for k, v in out.items()}


def _lead_counts(folded: str) -> set[str]:
    """Contexts of the counts in a text's opening (dates and times excluded: a re-led copy writes
    2023年10月3日 for 10月3日, or 20时 for 当晚8时)."""
    lead = folded[:LEAD_CHARS]
    return {key for key, values in figures(lead).items()
            if any(not _is_date_part(lead, value) for value in values)}


def _glued(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do the two values look like one figure with others glued on by folding (50%,6-17岁 folds to
    50617, against 50% ... 12 → 5012): a shared first two digits and different lengths?"""
    return any(len(x) != len(y) and x[:2] == y[:2] for x in a for y in b)


def _is_date_part(text: str, value: str) -> bool:
    """Is every occurrence of ``value`` in ``text`` followed by a date or time unit (年月日时点分号)?"""
    for m in re.finditer(rf"(?<![0-9]){value}(?![0-9])", text):
        if text[m.end():m.end() + 1] not in _DATE_UNITS:
            return False
    return True


def figure_agreement(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> tuple[int, int]:
    """(agreeing, conflicting) figures: same context in both texts, same or different numbers.

    A context that holds several numbers agrees when one text's numbers are among the other's (a
    truncated copy keeps some of them); when each text has a number the other lacks (确诊病例 1,
    133, 5 against 确诊病例 1, 133, 40: the same template on another day) it conflicts."""
    agree = conflict = 0
    for key in a.keys() & b.keys():
        if a[key] <= b[key] or b[key] <= a[key]:
            agree += 1
        else:
            conflict += 1
    return agree, conflict


def _lead_share(folded: str, other: frozenset[str], thresholds: Thresholds) -> float:
    """The share of the shingles of ``folded``'s opening (``lead_chars``) that ``other`` holds."""
    size = len(next(iter(other))) if other else 0
    lead = folded[: thresholds.lead_chars]
    if not size or len(lead) < size:
        return 1.0
    shingles = {lead[i:i + size] for i in range(len(lead) - size + 1)}
    return len(shingles & other) / len(shingles)


@dataclass(frozen=True)
class Thresholds:
    containment: float = 0.60
    min_jaccard: float = 0.90
    min_shingles: int = 40
    max_figure_conflicts: int = 2
    conflict_share: float = 0.20
    figures_containment: float = 0.25
    figures_min_agree: int = 4
    figures_max_conflicts: int = 1
    figures_min_shared: int = 60
    short_shingles: int = 200  # a smaller text below this many shingles ...
    short_containment: float = 0.70  # ... needs this containment (its template wording weighs more)
    lead_chars: int = 120  # the opening of the smaller text (headline and lead) ...
    lead_min: float = 0.20  # ... must share this share of its shingles with the other text ...
    lead_free: float = 0.85  # ... unless the containment reaches this (0 turns the check off)
    reporters_free: float = 0.95  # below this containment, two texts naming only different reporters differ


@dataclass(frozen=True)
class Match:
    containment: float
    jaccard: float
    figures_agree: int
    figures_conflict: int
    accepted: bool
    reason: str

    @property
    def score(self) -> float:
        """The similarity reported for a member: containment (1.0 for an exact copy)."""
        return round(self.containment, 4)


def compare(
    a: frozenset[str], b: frozenset[str], thresholds: Thresholds, *, folded_a: str = "", folded_b: str = "",
    reporters_a: Sequence[str] = (), reporters_b: Sequence[str] = (),
) -> Match:
    """Verify one candidate pair on exact shingle sets (and figures, when the folded texts are given;
    and bylines, when the reporters of both are)."""
    if not a or not b:
        return Match(0.0, 0.0, 0, 0, False, "no_shingles")
    inter = len(a & b)
    smaller = min(len(a), len(b))
    containment = inter / smaller
    jaccard = inter / (len(a) + len(b) - inter)
    agree = conflict = 0
    if folded_a and folded_b:
        figs_a, figs_b = figures(folded_a), figures(folded_b)
        agree, conflict = figure_agreement(figs_a, figs_b)
        if conflict and containment >= thresholds.containment:
            # a text that re-uses most of another but disagrees on a figure of its lead (截至今早9时…
            # 29人死亡 vs 21人) is an update of the story, not a copy of it: that conflict counts twice.
            # (In the low-overlap tier one conflict - a date written 6-3 - stays tolerated.)
            lead = _lead_counts(folded_a) | _lead_counts(folded_b)
            conflict += sum(1 for key in figs_a.keys() & figs_b.keys() & lead
                            if not figs_a[key] & figs_b[key] and not _glued(figs_a[key], figs_b[key]))

    def verdict(accepted: bool, reason: str) -> Match:
        return Match(containment, jaccard, agree, conflict, accepted, reason)

    if smaller < thresholds.min_shingles and jaccard < thresholds.min_jaccard:
        return verdict(False, "too_short_for_containment")
    if conflict >= thresholds.max_figure_conflicts and conflict >= thresholds.conflict_share * (agree + conflict):
        return verdict(False, "figures_differ")
    if (reporters_a and reporters_b and containment < thresholds.reporters_free
            and not set(reporters_a) & set(reporters_b)):
        # each names its own reporters, none in common: two outlets' write-ups of one press release
        # or conference, however much of it both quote (a reprint keeps its original's byline or drops it)
        return verdict(False, "reporters_differ")
    needed = thresholds.short_containment if smaller < thresholds.short_shingles else thresholds.containment
    if containment >= max(needed, thresholds.containment) or jaccard >= thresholds.min_jaccard:
        if (containment < thresholds.lead_free and folded_a and folded_b
                and _lead_share(*((folded_a, b) if len(a) <= len(b) else (folded_b, a)), thresholds) < thresholds.lead_min):
            # most of the smaller text is in the other, but not its opening: a new story that re-uses
            # an older one's background (a resignation after the investigation, with the same
            # biography) or another outlet's write-up around one press release's paragraphs
            return verdict(False, "lead_differs")
        return verdict(True, "near")
    # Low-overlap tier. One conflicting figure (a date written "6-3" that folds to 63, a re-led
    # time) does not veto above; here it costs one agreeing figure. The shared text must be a
    # passage (``figures_min_shared`` shingles), not a site's one-line intro with its bed and
    # staff counts that makes up a third of two short pages.
    tolerated = min(thresholds.figures_max_conflicts, thresholds.max_figure_conflicts - 1)
    if (thresholds.figures_min_agree and containment >= thresholds.figures_containment
            and inter >= thresholds.figures_min_shared and conflict <= tolerated
            and agree - conflict >= thresholds.figures_min_agree):
        return verdict(True, "near_figures")
    return verdict(False, "below_threshold")

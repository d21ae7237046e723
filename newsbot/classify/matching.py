"""One pass of the rule automaton over a text: the list of matched terms (``Match``).

Shared by the classifier and the institution finder. Offsets are into the folded text, which
has the same length and offsets as the text as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsbot.classify.rules import CITY_SCOPE, FOREIGN, PROVINCE_SCOPE, REGION, Entry, RuleSet

TITLE, BODY = "title", "body"
PLACE_KINDS = frozenset({REGION, FOREIGN, PROVINCE_SCOPE, CITY_SCOPE})
_DIGITS = frozenset("0123456789")


@dataclass(slots=True)
class Match:
    """One matched term: where (title/body), offsets in that text, what it means."""

    where: str
    start: int
    end: int
    term: str
    entries: tuple[Entry, ...]
    lead: bool = False
    kinds: frozenset[str] = frozenset()
    scored: tuple[tuple[Any, ...], ...] = ()  # ((kind, topic), key, weight, is topic) per scored meaning


def scan(rules: RuleSet, text: str, where: str, lead_chars: int) -> list[Match]:
    """Leftmost-longest matches of every rule term in ``text`` (already folded)."""
    if not text:
        return []
    out: list[Match] = []
    body = where == BODY
    append = out.append
    last = len(text) - 1
    for end, (term, entries, kinds, scored) in rules.automaton.iter_long(text):
        start = end - len(term) + 1
        if ((term[0] in _DIGITS and start > 0 and text[start - 1] in _DIGITS)
                or (term[-1] in _DIGITS and end < last and text[end + 1] in _DIGITS)):
            continue  # a number term (12345) inside a longer number (12345678) is another number
        append(Match(where, start, end + 1, term, entries, body and start < lead_chars, kinds, scored))
    return out

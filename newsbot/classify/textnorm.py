"""Matching form of an article's text: traditional characters folded to simplified, one for one.

About a quarter of real pages are (partly) in traditional script (BIG5 mirrors, HK/TW copies:
醫院, 衞生, 晉城). The rules are written once, in simplified characters; instead of listing every
term twice we fold the text character by character before matching. A one-to-one character map
(not OpenCC's phrase conversion) keeps every offset valid, so evidence offsets point into the
text exactly as written, which is stored unchanged.

The table comes from the dictionaries shipped with opencc-python-reimplemented
(TSCharacters + the HK/TW variant tables). A character that is itself a valid simplified
character (e.g. 后, 干, 著) is never folded, so simplified text passes through untouched.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def _dictionary_dir() -> Path | None:
    try:
        import opencc
    except ImportError:  # the classifier still works on simplified text
        return None
    path = Path(opencc.__file__).resolve().parent / "dictionary"
    return path if path.is_dir() else None


def _pairs(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(first) == 1:
            out.append((key, first))
    return out


# Characters the OpenCC tables map although simplified text writes them as they are: 著 (显著, 著名)
# is not 着, 抬 is not 擡, 乾 (乾坤湾, 乾隆) is not 干. (Of the tables' other GB 2312 characters, 後, 於,
# 徵, 夥 and 菸 are far more often traditional usage and are folded.)
_KEEP = frozenset("著抬乾")
# Variants the tables lack: 陜 (a form of 陝 on many traditional pages: 陜西省衛生廳) is 陕.
_EXTRA = {"陜": "陕"}


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """``str.translate`` table: traditional/variant character -> simplified character."""
    folder = _dictionary_dir()
    if folder is None:
        return {}
    simplified = {k for k, _ in _pairs(folder / "STCharacters.txt")}
    to_simple = dict(_pairs(folder / "TSCharacters.txt"))
    table: dict[int, str] = {}
    for name in ("HKVariantsRev.txt", "TWVariantsRev.txt"):  # 衞 -> 衛 -> 卫
        if (folder / name).exists():
            for variant, standard in _pairs(folder / name):
                target = to_simple.get(standard, standard)
                if variant not in simplified and variant != target and variant not in _KEEP:
                    table[ord(variant)] = target
    for trad, simple in to_simple.items():
        if trad not in simplified and trad != simple and trad not in _KEEP:
            table[ord(trad)] = simple
    table.update({ord(variant): simple for variant, simple in _EXTRA.items()})
    return table


@lru_cache(maxsize=1)
def _foldable() -> frozenset[str]:
    return frozenset(chr(c) for c in fold_table())


def fold(text: str) -> str:
    """Simplified matching form of ``text``; same length, same offsets."""
    if _foldable().isdisjoint(text):  # most pages are simplified already; translate() is the slow part
        return text
    return text.translate(fold_table())

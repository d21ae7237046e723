"""Write newsbot/classify/data/verbs.txt: two-character verbs, prepositions and conjunctions of
jieba's dictionary (MIT licence), for ending institution names on the left (感谢|医院, 公布|揭阳市妇幼保健院).

    pip install jieba==0.42.1   # only to regenerate the list; the project does not import it
    python tools/make_verb_list.py [--min-freq 100] [PATH/TO/jieba/dict.txt]

Words that do occur inside institution names (中西医结合医院, 解放军总医院) are not removed here: they
are listed in rules/institutions.toml ``[stop] verbs_keep``, where an operator can add more.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "newsbot" / "classify" / "data" / "verbs.txt"
TAGS = frozenset({"v", "vn", "ad", "p", "c"})  # jieba's tags: verb, verbal noun, adverbial adjective, preposition, conjunction


def default_dict() -> Path:
    try:
        import jieba  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("jieba is not installed: pip install jieba==0.42.1, or give the path of its dict.txt")
    return Path(jieba.__file__).parent / "dict.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dict_path", nargs="?", type=Path, help="jieba's dict.txt (default: the installed jieba's)")
    parser.add_argument("--min-freq", type=int, default=100, help="leave out rarer words (default 100)")
    args = parser.parse_args(argv)
    path = args.dict_path or default_dict()
    words = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, freq, tag = parts
            if (len(word) == 2 and tag in TAGS and int(freq) >= args.min_freq
                    and all("\u4e00" <= ch <= "\u9fff" for ch in word)):
                words.add(word)
    header = ("# Two-character verbs, prepositions and conjunctions (jieba 0.42.1 dict.txt, tags v/vn/ad/p/c, "
              f"frequency >= {args.min_freq}; MIT licence).\n"
              "# Made by tools/make_verb_list.py; see SOURCE.md. One word a line.\n")
    OUT.write_text(header + "".join(w + "\n" for w in sorted(words)), encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

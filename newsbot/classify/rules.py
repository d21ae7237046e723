"""Load the rule files (``rules/*.toml`` + ``data/shanxi_divisions.tsv``) into one ``RuleSet``.

The rules are data an operator edits without touching code (see docs/classification.md). They
are compiled into ONE Aho-Corasick automaton over every term of every rule kind, so an article
is matched in a single pass. Each automaton key maps to the list of what the term means
(``Entry``): a health word, a topic word, a risk word, a Shanxi division, a place elsewhere, an
institution suffix or alias, or a blocking phrase that means nothing.

Matching is leftmost-longest: 寿阳县 wins over 寿阳, 新绛县 over 绛县, 岢岚县 over 岚县, and a
blocking phrase (长治久安, 千年古县, 山西路) swallows the name inside it. Because a long term
hides the shorter terms inside it, every term also carries the meanings of the terms of other
kinds found inside it (中医院 is a tcm word *and* an institution suffix *and* a health word).
"""

from __future__ import annotations

import csv
import hashlib
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_RULES_DIR = PACKAGE_DIR / "rules"
DIVISIONS_FILE = PACKAGE_DIR / "data" / "shanxi_divisions.tsv"
VERBS_FILE = PACKAGE_DIR / "data" / "verbs.txt"  # two-character verbs that end a name on the left
CHINA_FILE = PACKAGE_DIR / "data" / "china_divisions.tsv"  # divisions outside Shanxi (places elsewhere)
ENGINE_FILES = ("rules.py", "matching.py", "classifier.py", "institutions.py", "textnorm.py", "../readings.py")
RULE_FILES = ("classifier.toml", "health.toml", "topics.toml", "risk.toml", "regions.toml", "institutions.toml")

# Entry kinds
HEALTH, NEGATIVE, TOPIC, ALERT, WATCH, REFUTE = "health", "negative", "topic", "alert", "watch", "refute"
REGION, FOREIGN, PROVINCE_SCOPE, CITY_SCOPE = "region", "foreign", "province_scope", "city_scope"
INST_SUFFIX, INST_ALIAS, BLOCK = "inst_suffix", "inst_alias", "block"

SCORED_KINDS = frozenset({HEALTH, NEGATIVE, TOPIC, ALERT, WATCH, REFUTE})  # kinds that add up to a score

PROVINCE = "140000"
ORDINALS = "一二三四五六七八九十"
SCOPE_CHARS = "省市县区"


@dataclass(frozen=True, slots=True)
class Entry:
    """One meaning of a matched term. ``key``: the term, topic code, region code or normalised name."""

    kind: str
    key: str
    weight: float = 1.0
    topic: str = ""  # for TOPIC entries
    inner: int = 0  # offset inside the matched term when the meaning comes from a shorter term in it
    check: str = ""  # regions: "boundary" (兴县 only at a word boundary) or "weak" (平定 only with its city)


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    parent: str | None
    level: str

    @property
    def is_city(self) -> bool:
        return self.level == "prefecture"

    @property
    def is_county(self) -> bool:
        return self.level not in ("prefecture", "province")


@dataclass
class RuleSet:
    """Everything the classifier needs, compiled."""

    version: str
    settings: dict[str, Any]
    divisions: dict[str, Division]
    topic_names: dict[str, str]
    topic_thresholds: dict[str, float]
    topic_relative: dict[str, float]  # share of the main topic's score a secondary topic needs
    stop_chars: frozenset[str]
    stop_keep: tuple[str, ...]  # name words that hold a stop character (协和, 同济, 和平)
    village_chars: frozenset[str]  # stop characters that hold after a surname (王家峰, 刘家堡 are places)
    surnames: frozenset[str]
    one_char_counties: frozenset[str]  # 滑县, 浚县, 沛县: counties elsewhere whose name is one character
    stop_words: tuple[str, ...]
    name_verbs: frozenset[str]  # two-character verbs (感谢, 公布): a name starts after them (verbs.txt)
    generic_prefixes: tuple[str, ...]
    generic_after_place: tuple[str, ...]
    not_in_name: tuple[str, ...]
    institution_regions: dict[str, tuple[str, ...]]
    background_after: tuple[str, ...]
    outlet_after: tuple[str, ...]  # 新闻网, 日报: a place in an outlet's name counts only if no other does
    background_before: tuple[str, ...]
    boundary_before: frozenset[str]
    foreign_provinces: tuple[str, ...]
    automaton: Any = field(repr=False)
    term_count: int = 0
    risk_not_event_after: tuple[str, ...] = ()  # 婴儿死亡|率, 疫情|的风险: no event
    risk_campaign_before: tuple[str, ...] = ()  # 严禁|收受红包: a risk word after these is a campaign's object
    risk_patterns: tuple[tuple[str, float], ...] = ()  # regex -> alert weight (确诊…12例: a case count)
    risk_pattern_not_near: tuple[str, ...] = ()  # 累计, 境外输入 next to a pattern hit: no new local event
    risk_negated_before: tuple[str, ...] = ()  # 无新增|确诊病例、疑似病例: a denied risk word

    def city_of(self, code: str) -> str | None:
        """The prefecture code a division belongs to (itself for a city), None for the province."""
        division = self.divisions.get(code)
        if division is None or code == PROVINCE:
            return None
        return code if division.is_city else division.parent


def _read_divisions(path: Path) -> tuple[dict[str, Division], dict[str, list[str]]]:
    """Divisions by code, and names -> codes (full names and usable short names, current code)."""
    divisions: dict[str, Division] = {}
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            code = row["code"].strip()
            status = (row.get("status") or "").strip()
            if status != "current":
                continue  # abolished units: their names reach the new code through short_names/aliases
            divisions[code] = Division(code, row["name"].strip(), (row.get("parent_code") or "").strip() or None,
                                       row["level"].strip())
            names.setdefault(row["name"].strip(), []).append(code)
            for short in (row.get("short_names") or "").split("|"):
                short = short.strip()
                if len(short) > 1 and short != row["name"].strip():  # 晋 alone is in 晋国, 晋商 ...
                    names.setdefault(short, []).append(code)
    return divisions, names


def _national_names(spec: dict[str, Any], shanxi_names: dict[str, list[str]]) -> list[str]:
    """Names of divisions outside Shanxi (data/china_divisions.tsv) that are safe to match: long enough
    (``national_min_chars``), not a common word (``national_exclude``, and a one-character stem before
    城市, as in 沿海城市, 新兴城市), and not starting with a Shanxi name (大同区 of Heilongjiang)."""
    min_chars = int(spec.get("national_min_chars", 3))
    exclude = set(spec.get("national_exclude", []))
    shanxi = tuple(shanxi_names)
    out: list[str] = []
    with CHINA_FILE.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        for row in rows:
            name = row["name"].strip()
            if (len(name) < min_chars or name in exclude or (len(name) == 3 and name.endswith("城市"))
                    or name.startswith(shanxi)):
                continue
            out.append(name)
    return out


def _read_verbs(path: Path) -> frozenset[str]:
    with path.open(encoding="utf-8") as fh:
        return frozenset(w for w in (line.strip() for line in fh) if w and not w.startswith("#"))


def _load_toml(rules_dir: Path, name: str) -> dict[str, Any]:
    with (rules_dir / name).open("rb") as fh:
        return tomllib.load(fh)


def load_rules(rules_dir: str | Path | None = None) -> RuleSet:
    """Read and compile the rules (``rules_dir`` defaults to the package's own ``rules/``)."""
    folder = (Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR).resolve()
    missing = [name for name in RULE_FILES if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"rules directory {folder} lacks {', '.join(missing)}")
    # keyed by content: an edited rule file is compiled afresh, an unchanged one is reused
    return _load_rules_cached(str(folder), _content_digest(folder))


def _content_digest(folder: Path) -> str:
    """Hash of the rule files, the division list and the code that applies them: any change to what
    decides a label gives a new ``classifier_version``."""
    digest = hashlib.sha1()
    for name in RULE_FILES:
        digest.update((folder / name).read_bytes())
    digest.update(DIVISIONS_FILE.read_bytes())
    digest.update(VERBS_FILE.read_bytes())
    digest.update(CHINA_FILE.read_bytes())
    for module in ENGINE_FILES:
        digest.update((PACKAGE_DIR / module).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=8)
def _load_rules_cached(folder_name: str, digest: str) -> RuleSet:
    folder = Path(folder_name)
    settings = _load_toml(folder, "classifier.toml")
    health = _load_toml(folder, "health.toml")
    topics = _load_toml(folder, "topics.toml")
    risk = _load_toml(folder, "risk.toml")
    regions = _load_toml(folder, "regions.toml")
    institutions = _load_toml(folder, "institutions.toml")
    divisions, division_names = _read_divisions(DIVISIONS_FILE)

    terms: dict[str, list[Entry]] = {}

    def add(term: str, entry: Entry) -> None:
        term = term.strip()
        if term:
            terms.setdefault(term, []).append(entry)

    for term, weight in health.get("terms", {}).items():
        add(term, Entry(HEALTH, term, float(weight)))
    for term, weight in health.get("exclude", {}).items():
        add(term, Entry(NEGATIVE, term, float(weight)))
    blocks: set[str] = set(health.get("block", {}).get("phrases", []))

    default_threshold = float(settings.get("topics", {}).get("threshold", 2.0))
    default_relative = float(settings.get("topics", {}).get("relative", 0.0))
    topic_names: dict[str, str] = {}
    topic_thresholds: dict[str, float] = {}
    topic_relative: dict[str, float] = {}
    for code, spec in topics.items():
        topic_names[code] = str(spec.get("name", code))
        topic_thresholds[code] = float(spec.get("threshold", default_threshold))
        topic_relative[code] = float(spec.get("relative", default_relative))
        for term, weight in spec.get("terms", {}).items():
            add(term, Entry(TOPIC, term, float(weight), topic=code))

    for term, weight in risk.get("alert", {}).items():
        add(term, Entry(ALERT, term, float(weight)))
    for term, weight in risk.get("watch", {}).items():
        add(term, Entry(WATCH, term, float(weight)))
    for term, weight in risk.get("refute", {}).items():
        add(term, Entry(REFUTE, term, float(weight)))
    blocks |= set(risk.get("block", {}).get("phrases", []))

    needs_suffix = set(regions.get("needs_suffix", []))
    weak = set(regions.get("weak", []))
    for name, codes in division_names.items():
        full = any(divisions[c].name == name for c in codes)
        if name in needs_suffix or (len(codes) > 1 and not full):
            continue  # 城区/矿区/郊区: common nouns of several cities
        check = "weak" if name in weak else ("boundary" if len(name) == 2 and name.endswith(("县", "区")) else "")
        for code in codes:
            add(name, Entry(REGION, code, 1.0, check=check))
    for name, code in regions.get("aliases", {}).items():
        add(name, Entry(REGION, str(code), 1.0))
    blocks |= set(regions.get("block", {}).get("phrases", []))
    foreign_spec = regions.get("foreign", {})
    for name in {*foreign_spec.get("names", []), *foreign_spec.get("provinces", [])}:
        add(name, Entry(FOREIGN, name, 1.0))
    for name in _national_names(foreign_spec, division_names):
        if name not in terms:
            add(name, Entry(FOREIGN, name, 1.0))
            # 青山区域, 县域, 东方市场: the name followed by a character that makes another word
            for follower in foreign_spec.get("national_block_after", {}).get(name[-1], ""):
                blocks.add(name + follower)
    for term, weight in regions.get("province_scope", {}).items():
        add(term, Entry(PROVINCE_SCOPE, term, float(weight)))
    for term in regions.get("city_scope", {}).get("terms", []):
        add(term, Entry(CITY_SCOPE, term, 1.0))

    for written, normal in institutions.get("suffixes", {}).items():
        # 省人医, 市妇幼: a written form that starts with a scope character the normalised suffix
        # lacks keeps that character as the name's prefix (completed later: 省 -> 山西省)
        scoped = written[0] in SCOPE_CHARS and not str(normal).startswith(written[0])
        add(written, Entry(INST_SUFFIX, str(normal), inner=1 if scoped else 0))
    for digit in ORDINALS:  # 市二院, 大同市三医院: ordinal abbreviations of 第N人民医院
        add(f"{digit}院", Entry(INST_SUFFIX, f"第{digit}人民医院", 0.0))
        add(f"{digit}医院", Entry(INST_SUFFIX, f"第{digit}人民医院", 0.0))
    for alias, normal in institutions.get("aliases", {}).items():
        add(alias, Entry(INST_ALIAS, str(normal)))

    for phrase in blocks:
        if phrase not in terms:
            terms[phrase] = [Entry(BLOCK, phrase, 0.0)]

    _inherit_inner_meanings(terms, blocks)

    automaton = ahocorasick.Automaton()
    for term, entries in terms.items():
        scored = tuple(((e.kind, e.topic), e.key, e.weight, e.kind == TOPIC)
                       for e in entries if e.kind in SCORED_KINDS)
        automaton.add_word(term, (term, tuple(entries), frozenset(e.kind for e in entries), scored))
    automaton.make_automaton()

    stop = institutions.get("stop", {})
    return RuleSet(
        version=f"{settings.get('version', '0')}+{digest[:8]}",
        settings=settings,
        divisions=divisions,
        topic_names=topic_names,
        topic_thresholds=topic_thresholds,
        topic_relative=topic_relative,
        stop_chars=frozenset(stop.get("chars", "")),
        stop_keep=tuple(stop.get("keep", [])),
        village_chars=frozenset(stop.get("village_chars", "")),
        surnames=frozenset(stop.get("surnames", "")),
        one_char_counties=frozenset(institutions.get("generic", {}).get("one_char_counties", "")),
        stop_words=tuple(stop.get("words", [])),
        name_verbs=_read_verbs(VERBS_FILE) - set(stop.get("verbs_keep", [])),
        generic_prefixes=_longest_first(institutions.get("generic", {}).get("prefixes", [])),
        generic_after_place=_longest_first(institutions.get("generic", {}).get("after_place", [])),
        not_in_name=tuple(institutions.get("generic", {}).get("not_in_name", [])),
        institution_regions={k: tuple(v) for k, v in institutions.get("regions", {}).items()},
        background_after=tuple(regions.get("background_after", {}).get("chars", [])),
        outlet_after=_longest_first(regions.get("outlet_after", {}).get("words", [])),
        background_before=tuple(regions.get("background_before", {}).get("words", [])),
        boundary_before=frozenset(regions.get("boundary", {}).get("before", "")),
        foreign_provinces=tuple(regions.get("foreign", {}).get("provinces", [])),
        risk_not_event_after=_longest_first(risk.get("context", {}).get("not_event_after", [])),
        risk_campaign_before=_longest_first(risk.get("context", {}).get("campaign_before", [])),
        risk_patterns=tuple((str(k), float(v)) for k, v in risk.get("patterns", {}).items()),
        risk_pattern_not_near=tuple(risk.get("context", {}).get("pattern_not_near", [])),
        risk_negated_before=_longest_first(risk.get("context", {}).get("negated_before", [])),
        automaton=automaton,
        term_count=len(terms),
    )


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def _kind_key(entry: Entry) -> str:
    return f"{entry.kind}:{entry.topic}" if entry.kind == TOPIC else entry.kind


def _inherit_inner_meanings(terms: dict[str, list[Entry]], blocks: set[str]) -> None:
    """Give each term the meanings of shorter terms of *other* kinds inside it (greedy, longest first).

    Blocking phrases inherit nothing: their whole point is to hide the name inside them. Region
    and institution meanings are not inherited into unrelated longer terms (a topic word that
    happens to contain a place name is not a mention of the place).
    """
    by_kind: dict[str, set[str]] = {}
    for term, entries in terms.items():
        for entry in entries:
            if entry.kind not in (BLOCK, REGION, FOREIGN, INST_ALIAS):
                by_kind.setdefault(_kind_key(entry), set()).add(term)
    max_len = max((len(t) for t in terms), default=1)
    for term, entries in list(terms.items()):
        if term in blocks or len(term) < 2:
            continue
        own = {_kind_key(e) for e in entries}
        if BLOCK in own:
            continue
        extra: list[Entry] = []
        for kind, vocabulary in by_kind.items():
            if kind in own:
                continue
            i = 0
            while i < len(term):
                found = None
                for size in range(min(max_len, len(term) - i), 0, -1):
                    piece = term[i:i + size]
                    if piece != term and piece in vocabulary:
                        found = piece
                        break
                if found is None:
                    i += 1
                    continue
                extra.extend(replace(e, inner=i) for e in terms[found] if _kind_key(e) == kind)
                i += len(found)
        entries.extend(extra)

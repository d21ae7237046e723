"""Health institutions named in an article, normalised (TAXONOMY §5).

A name is found at a suffix word (医院, 卫生院, 卫健委 …, ``rules/institutions.toml``) and extended
to the left over the name: the scan stops at punctuation and stop words, a place named inside the
window anchors the start (山西省临汾市洪洞县人民医院 -> 洪洞县人民医院), 市/县/区/省 at the start is
completed with the story's own place when it is certain (市二院 -> 大同市第二人民医院), and generic
descriptions (综合医院, 县医院, 清廉医院) are dropped. Whole-name aliases (山医大一院) come first.
The places written inside a name also count for the article's regions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from newsbot.classify.matching import BODY, PLACE_KINDS, TITLE, Match
from newsbot.classify.rules import (
    BLOCK,
    CITY_SCOPE,
    FOREIGN,
    INST_ALIAS,
    INST_SUFFIX,
    PROVINCE,
    PROVINCE_SCOPE,
    REGION,
    Entry,
    RuleSet,
)

SCOPE_PREFIXES = ("该市", "该县", "该区", "市", "县", "区", "省")
_INST_KINDS = frozenset({INST_SUFFIX, INST_ALIAS})
_COUNTY_LIKE = re.compile(r"(?!自治)[\u4e00-\u9fff]{2,3}[市县区旗]")  # (自治区 of 内蒙古自治区 is no county)
_CITY_LIKE = re.compile(r"[\u4e00-\u9fff]{2,4}市")
# suffixes after which a bare place name is the institution's own name (汾阳医院, 长治医学院), not a
# place to be written out in full as for administrations (临汾卫健委 -> 临汾市卫生健康委员会)
_PROPER_SUFFIXES = ("医院", "卫生院", "学院", "大学", "保健院", "学校")
# public institutions every county and city has under its full administrative name: a short place
# before them is the division (寿阳人民医院 -> 寿阳县人民医院, 大同第五人民医院 -> 大同市第五人民医院)
_PUBLIC_SUFFIXES = frozenset({
    "人民医院", "中医院", "中医医院", "妇幼保健院", "妇幼保健计划生育服务中心", "疾病预防控制中心",
    "医疗集团", "卫生健康委员会", "卫生健康局", "医疗保障局", "卫生和计划生育委员会", "卫生和计划生育局",
    "卫生局", "中心血站", "急救中心", "卫生监督所", "精神卫生中心",
})
# provinces other than Shanxi by their full names (for administrations written with the short name)
_PROVINCE_FULL = {name: name + "省" for name in (
    "河北", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南",
    "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海")} | {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区"}
_PROVINCIAL_SUFFIXES = _PUBLIC_SUFFIXES | {"卫生厅", "人口和计划生育委员会", "药品监督管理局", "中医药管理局"}
_AND = "、和及与"  # between coordinated places: 晋中、大同、太原、临汾市医保局
_LIST_JOINERS = frozenset(_AND)  # between listed names: 大同市第二人民医院、第三人民医院
_LEADING_PLACE = re.compile(r"(?:[\u4e00-\u9fff]{2,4}?(?:省|自治区|市|县|区|旗))+")  # 太原市小店区 of a listed name
_DIVISION_CHARS = "省市县区州旗盟"  # a name holding one of these names its place
_PUBLIC_REST = re.compile(r"市?(?:第[一二三四五六七八九十]{1,2})?")
# a township's health centre (金山铺乡, 静升镇中心) names no county: the story's own is added when certain
_TOWNSHIP = re.compile(r"[\u4e00-\u9fff]{1,4}[乡镇](?:中心)?")
_TOWNSHIP_TAIL = re.compile(r"[\u4e00-\u9fff]{2}[乡镇](?:中心)?$")
_TOWNSHIP_SUFFIXES = frozenset({"卫生院", "中心卫生院", "人民医院", "医院", "中医院"})
_DAY = r"(?<=[0-9０-９〇零一二三四五六七八九十廿卅])日"
_UNIVERSITY_SHORT = re.compile(r"医科大(?!学)")  # 山西医科大第一医院 -> 山西医科大学第一医院


class InstitutionFinder:
    """Finds and normalises institution names with one compiled ``RuleSet``."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.region_cfg = rules.settings.get("regions", {})
        words = sorted(rules.stop_words, key=len, reverse=True)
        # a day of the month (9日, 二十日) ends a name too; 日 alone does not (中日友好医院)
        self._stop_words = re.compile("|".join([*map(re.escape, words), _DAY]))
        self._generic = alternation(rules.generic_prefixes, repeat=True)
        self._after_place = alternation(rules.generic_after_place, repeat=True)

    def find(
        self, matches: list[Match], texts: dict[str, str], mentions: list[tuple[Match, str, float]],
        publisher_region: str | None,
    ) -> tuple[list[str], dict[str, float], dict[str, Any], list[tuple[str, int, int]]]:
        names: dict[str, list[str]] = {}
        spans: list[tuple[str, int, int]] = []
        regions: dict[str, float] = {}
        inst_w = float(self.region_cfg.get("in_institution_weight", 2.0))
        # a provincial institution (山医大一院, 山西省人民医院) is enough to make the province a subject
        # when nothing more local outweighs it
        province_w = max(inst_w, float(self.region_cfg.get("province_min_score", 3.0)))
        context = self.context_places(matches, mentions, publisher_region)
        places: dict[str, list[tuple[int, int, str | None, bool]]] = {TITLE: [], BODY: []}
        for m in matches:  # (start, end, Shanxi code or None, is a scope word like 省/我市)
            if not m.kinds & PLACE_KINDS:
                continue
            for e in m.entries:
                if e.kind in (REGION, FOREIGN):
                    places[m.where].append((m.start, m.end, e.key if e.kind == REGION else None, False))
                    break
                if e.kind in (PROVINCE_SCOPE, CITY_SCOPE):
                    places[m.where].append((m.start, m.end, None, True))
                    break
        # offset -> the place (start, end, Shanxi code or None, is a scope word) covering it
        inside = {w: {pos: place for place in spans_ for pos in range(place[0], place[1])}
                  for w, spans_ in places.items()}
        previous: dict[str, tuple[int, str]] = {}
        for k, m in enumerate(matches):
            kinds = m.kinds
            if not kinds & _INST_KINDS or BLOCK in kinds:
                continue
            if INST_ALIAS in kinds:
                for e in m.entries:
                    if e.kind == INST_ALIAS:
                        background = self._background(texts[m.where], m.start)
                        self._add_inst(names, regions, e.key, m.term, 0.0 if background else inst_w,
                                       0.0 if background else province_w)
                        spans.append((m.where, m.start, m.end))
                        for code in [] if background else self.codes_in_name(e.key):  # 山医大一院 hides no place; 晋中一院 does
                            weight = province_w if code == PROVINCE else inst_w
                            regions[code] = max(regions.get(code, 0.0), weight)
                continue
            suffix = next((e for e in m.entries if e.kind == INST_SUFFIX), None)
            if suffix is None:
                continue
            nxt = matches[k + 1] if k + 1 < len(matches) else None
            if (nxt is not None and nxt.where == m.where and nxt.start == m.end and INST_SUFFIX in nxt.kinds
                    and any(e.kind == INST_SUFFIX and e.inner == 0 for e in nxt.entries)):
                continue  # 医疗集团|人民医院, 医科大学|第一医院: the longer name follows
            text = texts[m.where]
            name, merged = self._name_before(m, suffix, text, inside[m.where], context, previous.get(m.where))
            if merged and previous.get(m.where) and suffix.key != "分院":  # a branch's hospital is named too
                names.pop(previous[m.where][1], None)
            if name:
                # 曾任寿阳县卫生局局长, 毕业于山西医科大学: still an institution, but its place is background
                background = self._background(text, max(0, m.end - len(name)))
                self._add_inst(names, regions, name, text[max(0, m.start - 10):m.end],
                               0.0 if background else inst_w, 0.0 if background else province_w)
                previous[m.where] = (m.end, name)
                spans.append((m.where, max(0, m.end - len(name)), m.end))
                if background:
                    continue
                for shared in self._coordinated(name, text, inside[m.where], m.start + suffix.inner):
                    self._add_inst(names, regions, shared, text[max(0, m.start - 10):m.end], inst_w, province_w)
                # only places written in the name count: 市二院 completed to 大同市… adds nothing new
                written = set(self.codes_in_name(text[max(0, m.end - len(name) - 2):m.end], raw=True))
                if name.startswith("山西省"):  # 省人医, 省疾控中心 in a Shanxi story: a provincial body acts
                    written.add(PROVINCE)
                for code in self.codes_in_name(name):
                    if code in written:
                        weight = province_w if code == PROVINCE else inst_w
                        regions[code] = max(regions.get(code, 0.0), weight)
        _merge_short_forms(names)
        return list(names), regions, {k: v[:3] for k, v in names.items()}, spans

    def _coordinated(self, name: str, text: str, inside: dict[int, tuple[int, int, str | None, bool]],
                     suffix_start: int) -> list[str]:
        """晋中、大同、太原、临汾市医保局: places listed before the named one (same level, separated by
        、和及与) each have that institution too."""
        j = suffix_start
        while j > max(0, suffix_start - 14) and "\u4e00" <= text[j - 1] <= "\u9fff" and text[j - 1] not in _AND:
            j -= 1
        if j < 2 or text[j - 1] not in _AND:
            return []
        first = inside.get(j)
        if first is None or first[0] != j or first[2] is None or first[2] == PROVINCE:
            return []
        division = self.rules.divisions[first[2]]
        if not name.startswith(division.name):
            return []
        out: list[str] = []
        pos = j
        while pos >= 2 and text[pos - 1] in _AND:
            other = inside.get(pos - 2)
            if other is None or other[1] != pos - 1 or other[2] in (None, PROVINCE) or other[3]:
                break
            place = self.rules.divisions[other[2] or ""]
            if place.is_city != division.is_city:
                break
            out.append(place.name + name[len(division.name):])
            pos = other[0]
        return out

    def _verb_end(self, window: str, offset: int, inside: dict[int, tuple[int, int, str | None, bool]]) -> int:
        """Where the last two-character verb of the window ends (0 if none): a name starts after it
        (感谢|医院, 公布|揭阳市妇幼保健院, 跟随|省卫健委). Verbs that occur in names are kept
        (``[stop] verbs_keep``: 中西医结合医院), and a place name is never cut."""
        verbs = self.rules.name_verbs
        for p in range(len(window) - 2, -1, -1):
            if window[p:p + 2] in verbs and offset + p not in inside and offset + p + 1 not in inside:
                return p + 2
        return 0

    def _holds_stop(self, text: str, pos: int, ch: str) -> bool:
        """Is the stop character at ``pos`` part of a name (北京协和医院, 王家峰镇卫生院, 国家医疗保障局)
        rather than a break (在医院, 多家医院)?"""
        if ch in self.rules.village_chars and pos > 0 and text[pos - 1] in self.rules.surnames:
            return True  # 王家峰镇, 刘家堡乡: a village named after a family (but 一家医院, 多家医院)
        for word in self.rules.stop_keep:
            k = word.find(ch)
            while k >= 0:
                if pos - k >= 0 and text.startswith(word, pos - k):
                    return True
                k = word.find(ch, k + 1)
        return False

    def _background(self, text: str, start: int) -> bool:
        """Is the name at ``start`` preceded by a word that makes its place background (曾任, 毕业于)?"""
        window = text[max(0, start - 6):start]
        return any(word in window for word in self.rules.background_before)

    def codes_in_name(self, name: str, raw: bool = False) -> list[str]:
        """Shanxi divisions named inside an (expanded) institution name: 大同市第二人民医院 -> 140200."""
        out: list[str] = []
        previous_end = -1  # where the last place name ended
        for end, (term, entries, _kinds, _scored) in self.rules.automaton.iter_long(name):
            start = end - len(term) + 1
            for e in entries:
                # 兴县 counts at the start of the name or after another place (山西兴县), not
                # inside a foreign county's name (定兴县医院)
                if e.kind == REGION and (e.check != "boundary" or start in (0, previous_end + 1)):
                    out.append(e.key)
            if any(e.kind == REGION for e in entries):
                previous_end = end
        if not raw and PROVINCE in out and not name.startswith("山西"):
            out.remove(PROVINCE)  # 山西 inside a name (太原山西大酒店…) does not make it provincial
        return out

    def _add_inst(self, names: dict[str, list[str]], regions: dict[str, float], name: str, surface: str,
                  weight: float, province_weight: float) -> None:
        names.setdefault(name, []).append(surface)
        if weight <= 0:
            return  # named as background: its place is not the story's
        for code in self.rules.institution_regions.get(name, ()):
            w = province_weight if code == PROVINCE else weight
            regions[code] = max(regions.get(code, 0.0), w)

    def context_places(self, matches: list[Match], mentions: list[tuple[Match, str, float]],
                        publisher_region: str | None) -> dict[str, str]:
        """The story's own province / city / county when it is certain (to complete 市二院, 该区人民医院)."""
        rules = self.rules
        city_w: dict[str, float] = defaultdict(float)
        county_w: dict[str, float] = defaultdict(float)
        shanxi = 0.0
        for _m, code, w in mentions:
            shanxi += w
            city = rules.city_of(code)
            if city:
                city_w[city] += w
            if rules.divisions[code].is_county:
                county_w[code] += w
        provinces: dict[str, float] = defaultdict(float)
        for m in matches:
            for e in m.entries:
                if e.kind == FOREIGN and e.key in rules.foreign_provinces:
                    provinces[e.key] += 1.0
        out: dict[str, str] = {}
        if city_w:
            best = max(city_w, key=lambda c: city_w[c])
            out["市"] = rules.divisions[best].name
        elif publisher_region and rules.city_of(publisher_region):
            out["市"] = rules.divisions[rules.city_of(publisher_region) or ""].name
        named_city = any(rules.divisions[code].is_city for _m, code, _w in mentions)
        if len(county_w) == 1:
            code = next(iter(county_w))
            full = rules.divisions[code].name
            if not (full.endswith("市") and named_city):  # 忻州…原平市…市二院: 市 is the prefecture named
                out[full[-1]] = full
            out["county"] = full
        best_province = max(provinces, key=lambda p: provinces[p]) if provinces else None
        if shanxi > 0 and (best_province is None or shanxi >= provinces[best_province]):
            out["省"] = "山西省"
        elif best_province is not None:
            out["省"] = best_province + ("" if best_province.endswith(("省", "区", "市")) else "省")
        return out

    def _name_before(self, m: Match, suffix: Entry, text: str, inside: dict[int, tuple[int, int, str | None, bool]],
                     context: dict[str, str], previous: tuple[int, str] | None) -> tuple[str | None, bool]:
        """The institution name that ends with this suffix match, normalised (or None), and whether it
        absorbed the previous name (首都医科大学 + 附属北京世纪坛医院)."""
        rules = self.rules
        suffix_start = m.start + suffix.inner
        lo = max(0, suffix_start - 14)
        i = suffix_start
        while i > lo:
            if i - 1 in inside:  # a place name is never cut (呼和浩特 holds the stop character 和)
                i = inside[i - 1][0]
                continue
            ch = text[i - 1]
            if not ("\u4e00" <= ch <= "\u9fff" or ch.isalnum()):
                break
            if ch in rules.stop_chars and not self._holds_stop(text, i - 1, ch):
                break
            i -= 1
        normal = suffix.key
        if previous is not None and suffix_start - 12 <= previous[0] <= suffix_start:
            between = text[previous[0]:suffix_start]  # 长治医学院|附属和平医院: one name (和 is no stop here)
            branch = inside.get(previous[0])  # 中国医学科学院肿瘤医院|山西|医院: a branch named by its place
            if ((between.startswith("附属") and all("\u4e00" <= ch <= "\u9fff" for ch in between))
                    or (not between and normal.startswith("附属"))
                    or (branch is not None and branch[0] == previous[0] and branch[1] == suffix_start
                        and not branch[3] and normal in ("医院", "分院") and previous[1].endswith("医院"))):
                return previous[1] + between + normal, True
        if normal == "分院":
            return None, False  # a branch is named only after its hospital (山西省人民医院左权分院)
        if previous is not None and i < previous[0] <= suffix_start:
            i = previous[0]  # 太原市人民医院太原市中心医院: a name never starts inside the one before it
        window = text[i:suffix_start]
        cut = 0
        for hit in self._stop_words.finditer(window):
            if hit.end() > cut and (i + hit.start()) not in inside:
                cut = hit.end()
        cut = max(cut, self._verb_end(window, i, inside))
        start = i + cut
        anchor = next((inside[p] for p in range(start, suffix_start) if p in inside and inside[p][0] == p), None)
        ordinal = suffix.weight == 0.0  # 二院 / 三医院
        if ordinal and (text[start:suffix_start].endswith("第") or text.startswith(("区", "士", "校"), m.end)):
            return None, False
        if anchor is not None and not anchor[3]:
            return self._anchored_name(anchor, text, suffix_start, normal, ordinal, inside), False
        raw = text[start:suffix_start]
        generic = self._generic.match(raw)
        # (a generic word that ends inside a name word holding a stop character - the 同 of 同济, 同煤 -
        # is no generic 同 of 同级医院)
        prefix = raw if generic is None or any(
            raw.startswith(w) and generic.end() < len(w) for w in self.rules.stop_keep) else raw[generic.end():]
        if (len(prefix) >= 2 and prefix[1] in "市县区省" and (start + 1 not in inside or inside[start + 1][3])
                and not (prefix[1] == "县" and prefix[0] in rules.one_char_counties)):
            prefix = prefix[1:]  # 做精做优市第二人民医院, 年度省卫健委: no city or province has a one-character name (滑县 is a county)
        if (previous is not None and normal in _PUBLIC_SUFFIXES and _PUBLIC_REST.fullmatch(prefix)
                and not prefix.startswith("市") and text[previous[0]:start] in _LIST_JOINERS
                and (shared := _LEADING_PLACE.match(previous[1])) is not None):
            # 大同市第二人民医院、第三人民医院, 山西省儿童医院、妇幼保健院: a public institution listed
            # right after another, with no place of its own, shares that one's place
            return self._valid(shared.group() + prefix + normal), False
        if not prefix:
            return None, False
        scope = next((p for p in SCOPE_PREFIXES if prefix.startswith(p)), None)
        if scope is None and anchor is not None:  # 我市, 全省 matched as scope words
            scope = next((p for p in ("我市", "本市", "我省", "市", "省") if prefix.startswith(p)), None)
        if scope is not None:
            rest = _strip(prefix[len(scope):], self._after_place)
            if not rest and normal == "医院":
                return None, False  # 县医院, 市医院: no name
            place = context.get(scope[-1])
            if place is None:
                return None, False
            return self._valid(place + rest + normal), False
        if ordinal and _CITY_LIKE.fullmatch(prefix):
            return self._valid(prefix + normal), False  # 合肥市二院 -> 合肥市第二人民医院
        if ordinal or sum(1 for ch in prefix if "\u4e00" <= ch <= "\u9fff") < 2 or prefix[0].isdigit():
            return None, False
        if rules.foreign_provinces and prefix.startswith(rules.foreign_provinces):
            prefix = _strip_province(prefix, rules.foreign_provinces)
        township = _TOWNSHIP.fullmatch(prefix) is not None or (
            normal == "卫生院" and len(prefix) == 2 and not any(ch in prefix for ch in _DIVISION_CHARS))
        if (not township and normal in _TOWNSHIP_SUFFIXES and (tail := _TOWNSHIP_TAIL.search(prefix))
                and not any(ch in prefix[: tail.start()] for ch in _DIVISION_CHARS)):
            # 先后完成龙港镇人民医院: the usual two-character township after a verb (but 内黄县二安乡卫生院
            # names its county already)
            prefix, township = tail.group(), True
        if township and normal in _TOWNSHIP_SUFFIXES:
            # a township's health centre or hospital (金山铺乡卫生院, 龙港镇人民医院; a 卫生院 is a
            # township's, so 巴公卫生院 is one too) takes the story's county when it is certain
            return self._valid(context.get("county", "") + prefix + normal), False
        if (normal in _PUBLIC_SUFFIXES and not any(ch in prefix for ch in _DIVISION_CHARS)
                and not prefix.endswith(("大学", "学院")) and not prefix.startswith(("国家", "中国"))):
            return None, False  # 结合人民医院: a public institution is named by its place, nation or university
        return self._valid(prefix + normal), False

    def _anchored_name(self, anchor: tuple[int, int, str | None, bool], text: str, suffix_start: int,
                       normal: str, ordinal: bool, inside: dict[int, tuple[int, int, str | None, bool]]) -> str | None:
        """A name that starts at a place: 阳曲县人民医院, 大同三医院 -> 大同市第三人民医院."""
        rules = self.rules
        start, end, code, _scope = anchor
        while True:  # 山西省临汾市洪洞县人民医院 -> 洪洞县人民医院; 保定定兴县医院 -> 定兴县医院
            after = end + 1 if text.startswith(("市", "省"), end) else end
            nxt = inside.get(after)
            if not (nxt is not None and nxt[0] == after and not nxt[3] and nxt[1] <= suffix_start
                    and (code is None) == (nxt[2] is None)
                    and (code is None or self._contains(code, nxt[2] or ""))
                    and (nxt[1] < suffix_start or text[nxt[1] - 1] in "市县区" or normal in _PUBLIC_SUFFIXES)):
                break  # 山西省汾阳医院 keeps its name: 汾阳 is part of it (but 山西介休人民医院 is 介休's)
            start, end, code, _scope = nxt
        if code is None and (after == end or text[end] == "省"):
            hit = _COUNTY_LIKE.match(text, after, suffix_start)
            while hit:  # 锦州凌海市金城医院 -> 凌海市金城医院; 广东省韶关市翁源县人民医院 -> 翁源县人民医院
                start, end = hit.start(), hit.end()
                hit = _COUNTY_LIKE.match(text, end, suffix_start)
        if ordinal and code == PROVINCE and not text.startswith("省", end):
            return None  # 山西一医院涉骗保: "a hospital in Shanxi", not a numbered provincial hospital
        if (code is None and text.startswith("县", after + 1) and after + 2 <= suffix_start
                and text[after] in rules.one_char_counties):
            start, end = after, after + 2  # 河南省滑县人民医院 -> 滑县人民医院
        place = text[start:end]
        rest = text[end:suffix_start]
        if code is None and not rest and place in _PROVINCE_FULL and normal in _PROVINCIAL_SUFFIXES:
            place = _PROVINCE_FULL[place]  # 陕西卫健委 -> 陕西省卫生健康委员会, 广西卫健委 -> 广西壮族自治区…
        core = _strip(_strip(rest, self._after_place).lstrip("市"), self._after_place)
        if not core and normal == "医院" and rest.lstrip("市") != "":
            return None  # 太原三甲医院, 原平市综合医院: a description, not a name
        if code is not None and not ordinal and normal == "医院" and not rest.strip("市县区"):
            return None  # 原平市医院, 寿阳县医院: the place's hospitals, not one hospital's name
        if code is not None and (ordinal or ((not rest or rest == "市") and not normal.endswith(_PROPER_SUFFIXES))
                                 or (normal in _PUBLIC_SUFFIXES and _PUBLIC_REST.fullmatch(rest))):
            division = rules.divisions[code]
            place, rest = division.name, rest.lstrip("市")  # 临汾卫健委 -> 临汾市卫生健康委员会
            if len(division.name) == 2 and division.name.endswith("区") and division.parent in rules.divisions:
                place = rules.divisions[division.parent].name + place  # 城区, 郊区 name no place alone: 阳泉市城区人民医院
        elif ordinal and code is None and ((text.startswith("市", end) and rest == "市")
                                           or (place.endswith("市") and not rest)):
            return self._valid(place + rest + normal)  # 合肥市二院 -> 合肥市第二人民医院
        elif ordinal:
            return None
        return self._valid(place + rest + normal)

    def _contains(self, outer: str, inner: str) -> bool:
        """Is division ``inner`` inside division ``outer`` (province > city > county)?"""
        if outer == PROVINCE:
            return inner in self.rules.divisions and inner != PROVINCE
        return self.rules.divisions[outer].is_city and self.rules.city_of(inner) == outer and inner != outer

    def _valid(self, name: str) -> str | None:
        if any(w in name for w in self.rules.not_in_name):
            return None
        return _UNIVERSITY_SHORT.sub("医科大学", name)


def _merge_short_forms(names: dict[str, list[str]]) -> None:
    """One institution written twice, once as the end of the other: 残康中医医院 … 汾阳残康中医医院
    keeps the full name, but 凤城市中医院 … 丹东凤城市中医院 keeps the short one (a county already
    names it; the city before it is extra)."""
    while True:
        written = next(((s, o) for s in names for o in names if _same_but_division_word(s, o)), None)
        if written is not None:  # 山西肿瘤医院 … 山西省肿瘤医院: one institution, the full name kept
            short, full = written
            names[full].extend(names.pop(short))
            continue
        pair = next(((s, o) for s in names for o in names if o != s and o.endswith(s)), None)
        if pair is None:
            return
        short, full = pair
        keep, drop = (short, full) if _COUNTY_LIKE.match(short) else (full, short)
        names[keep].extend(names.pop(drop))


def _same_but_division_word(short: str, full: str) -> bool:
    """Is ``full`` ``short`` with 省/市/县 after its leading two- or three-character place?"""
    return len(full) == len(short) + 1 and any(
        full[k] in "省市县" and full[:k] == short[:k] and full[k + 1:] == short[k:] for k in (2, 3))


def alternation(words: tuple[str, ...], repeat: bool = False) -> re.Pattern[str]:
    """A regex matching any of the words (longest first), optionally repeated."""
    if not words:
        return re.compile(r"(?!)")
    body = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(f"(?:{body})+" if repeat else f"(?:{body})")


def _strip(text: str, leading: re.Pattern[str]) -> str:
    """``text`` without the generic words at its start (综合医院 -> 医院)."""
    hit = leading.match(text)
    return text[hit.end():] if hit else text


def _strip_province(prefix: str, provinces: tuple[str, ...]) -> str:
    for p in provinces:
        if prefix.startswith(p):
            rest = prefix[len(p):].lstrip("省")
            return rest if len(rest) >= 2 else prefix
    return prefix

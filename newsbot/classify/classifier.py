"""The classifier: one article (title, body, publisher region) in, its labels and their evidence out.

Pure and fast: the text is folded to simplified characters (same offsets), matched once against
the compiled rule automaton (``rules.py``, ``matching.py``), and every label is computed from that
one list of matches; institution names are read by ``institutions.py``. Definitions follow
TAXONOMY.md; how each label is decided is written up in docs/classification.md.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.classify.institutions import InstitutionFinder, alternation
from newsbot.classify.matching import BODY, PLACE_KINDS, TITLE, Match, scan
from newsbot.classify.rules import (
    ALERT,
    CITY_SCOPE,
    FOREIGN,
    HEALTH,
    NEGATIVE,
    PROVINCE,
    PROVINCE_SCOPE,
    REFUTE,
    REGION,
    TOPIC,
    WATCH,
    RuleSet,
    load_rules,
)
from newsbot.classify.textnorm import fold
from newsbot.readings import strip_readings


@dataclass
class Labels:
    """The classification of one article (the label columns of ``articles``)."""

    is_health: bool
    health_score: float
    is_shanxi: bool
    regions: list[str]
    topics: list[str]
    risk_level: str
    risk_terms: list[str]
    institutions: list[str]
    classifier_version: str
    label_evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "is_health": self.is_health, "health_score": self.health_score, "is_shanxi": self.is_shanxi,
            "regions": list(self.regions), "topics": list(self.topics), "risk_level": self.risk_level,
            "risk_terms": list(self.risk_terms), "institutions": list(self.institutions),
            "label_evidence": self.label_evidence, "classifier_version": self.classifier_version,
        }


class Classifier:
    """Labels articles with one compiled ``RuleSet``; create once, call ``classify`` many times."""

    def __init__(self, rules: RuleSet | None = None, rules_dir: str | Path | None = None) -> None:
        self.rules = rules or load_rules(rules_dir)
        s = self.rules.settings
        self.health_cfg = s.get("health", {})
        self.shanxi_cfg = s.get("shanxi", {})
        self.region_cfg = s.get("regions", {})
        self.topic_cfg = s.get("topics", {})
        self.risk_cfg = s.get("risk", {})
        self.lead_chars = int(self.health_cfg.get("lead_chars", 150))
        self._exclude_off_with = frozenset(self.health_cfg.get("exclude_off_with", []))
        self._destination_before = tuple(self.region_cfg.get("destination_before", []))
        self.profile_topics = frozenset(self.topic_cfg.get("profile_topics", ()))
        self.institutions = InstitutionFinder(self.rules)
        # a risk word that is a statistic or a possibility (婴儿死亡率, 疫情的风险) or the object of a
        # campaign or advice (严禁收受红包, 打击欺诈骗保) reports no event
        after = self.rules.risk_not_event_after
        before = self.rules.risk_campaign_before
        self._not_event = re.compile("|".join(map(re.escape, after))) if after else None
        self._risk_patterns = [(re.compile(p), w) for p, w in self.rules.risk_patterns]
        self._campaign = (re.compile("(?:" + "|".join(map(re.escape, before)) + r")[\u4e00-\u9fff、和与及]{0,6}$")
                          if before else None)
        negated = self.rules.risk_negated_before
        self._negated = (re.compile("(?:" + "|".join(map(re.escape, negated)) + r")[^。；;，,！!？?\n]{0,30}$")
                         if negated else None)

        authority = self.topic_cfg.get("authority")
        self._authority: dict[str, Any] | None = None
        if authority and authority.get("actions") and authority.get("institutions"):
            self._authority = {
                "topic": str(authority.get("topic", "governance")), "with": str(authority.get("with_topic", "incident")),
                "institutions": tuple(authority["institutions"]),
                "actions": alternation(tuple(authority["actions"])),
            }

    @property
    def version(self) -> str:
        return self.rules.version

    # --- matching ---------------------------------------------------------------------------

    def _scan(self, text: str, where: str) -> list[Match]:
        return scan(self.rules, text, where, self.lead_chars)

    # --- entry point ------------------------------------------------------------------------

    def classify(self, title: str | None, body: str | None, publisher_region: str | None = None) -> Labels:
        title_s, title_map = strip_readings(title or "")
        body_s, body_map = strip_readings(body or "")
        title_f = fold(title_s)
        body_f = fold(body_s)
        matches = self._scan(title_f, TITLE) + self._scan(body_f, BODY)
        texts = {TITLE: title_f, BODY: body_f}

        region_mentions, foreign_score = self._region_mentions(matches, texts)
        institutions, inst_regions, inst_ev, inst_spans = self.institutions.find(
            matches, texts, region_mentions, publisher_region)
        in_names = _positions_in(inst_spans)
        groups = self._group(matches, in_names, texts)
        health_score, health_ev = self._health(groups)
        is_health = health_score >= float(self.health_cfg.get("threshold", 0.5))
        is_shanxi, regions, shanxi_ev = self._regions(
            matches, region_mentions, foreign_score, inst_regions, publisher_region, in_names)
        topics, topic_ev = self._topics(groups) if is_health else ([], {})
        if is_health:
            self._authority_acts(topics, topic_ev, institutions, texts)
        if is_health and self._risk_patterns:
            self._add_pattern_hits(groups, texts)
        risk_level, risk_terms, risk_ev = self._risk(groups) if is_health else ("none", [], {})

        evidence = {
            "health": health_ev,
            "shanxi": shanxi_ev,
            "regions": shanxi_ev.pop("units", {}),
            "topics": topic_ev,
            "risk": risk_ev,
            "institutions": inst_ev,
        }
        if title_map is not None or body_map is not None:  # offsets point into the text as written
            evidence = _remap_offsets(evidence, {TITLE: title_map, BODY: body_map})
        return Labels(
            is_health=is_health, health_score=round(health_score, 3), is_shanxi=is_shanxi,
            regions=regions, topics=topics, risk_level=risk_level, risk_terms=risk_terms,
            institutions=institutions, classifier_version=self.rules.version, label_evidence=evidence,
        )

    # --- weighted term counts ---------------------------------------------------------------

    def _group(self, matches: list[Match], discounted: set[tuple[str, int]],
               texts: dict[str, str]) -> dict[tuple[str, str], dict[str, list[Any]]]:
        """One pass over the matches: (kind, topic) -> term -> [weight, effective count, title count,
        body count, first offsets]. A term in the headline counts ``title_factor`` times, in the lead
        ``lead_factor`` times; a topic word inside an institution's name (``discounted``) half; a risk
        word followed by a zero or a template placeholder (确诊病例0例, 新增病例XX例), used as a
        statistic or possibility (死亡率, 的风险) or as the object of a campaign (严禁收受红包) not at all."""
        tf = float(self.health_cfg.get("title_factor", 2.5))
        lf = float(self.health_cfg.get("lead_factor", 1.5))
        out: dict[tuple[str, str], dict[str, list[Any]]] = {}
        for m in matches:
            if not m.scored:
                continue
            in_title = m.where == TITLE
            factor = tf if in_title else (lf if m.lead else 1.0)
            halved = (m.where, m.start) in discounted
            no_count = (ALERT in m.kinds or WATCH in m.kinds) and self._no_event(m, texts[m.where])
            profile = None  # 拥有临床重点专科5个, 博士12名: the institution's profile, not its news
            for group, key, weight, is_topic in m.scored:
                if no_count and group[0] in (ALERT, WATCH):
                    continue
                if is_topic and group[1] in self.profile_topics:
                    if profile is None:
                        text = texts[m.where]
                        profile = (_PROFILE_AFTER.match(text, m.end) is not None
                                   or _PROFILE_BEFORE.search(text, max(0, m.start - 10), m.start) is not None)
                    if profile:
                        continue
                bucket = out.get(group)
                if bucket is None:
                    bucket = out[group] = {}
                rec = bucket.get(key)
                if rec is None:
                    rec = bucket[key] = [weight, 0.0, 0, 0, []]
                rec[1] += factor * 0.5 if halved and is_topic else factor
                rec[2 if in_title else 3] += 1
                if len(rec[4]) < 3:
                    rec[4].append(f"{m.where}:{m.start}")
        return out

    def _add_pattern_hits(self, groups: dict[tuple[str, str], dict[str, list[Any]]], texts: dict[str, str]) -> None:
        """Alert patterns that no word list can hold (确诊新冠肺炎病例12例: a count of cases), scored
        like alert words; the matched text is the term."""
        for pattern, weight in self._risk_patterns:
            for where, text in texts.items():
                for hit in pattern.finditer(text):
                    near = text[max(0, hit.start() - 12):hit.end() + 12]
                    if any(word in near for word in self.rules.risk_pattern_not_near):
                        continue  # 累计报告确诊病例138例, 境外输入: a running total or imported cases
                    bucket = groups.setdefault((ALERT, ""), {})
                    rec = bucket.setdefault(hit.group(0), [weight, 0.0, 0, 0, []])
                    rec[1] += 1.0
                    rec[2 if where == TITLE else 3] += 1
                    if len(rec[4]) < 3:
                        rec[4].append(f"{where}:{hit.start()}")

    def _no_event(self, m: Match, text: str) -> bool:
        """Does this risk word report no event: 确诊病例0例, 婴儿死亡率, 严禁收受红包, 无新增…疑似病例?"""
        if ALERT in m.kinds and _NO_COUNT.match(text, m.end) is not None:
            return True
        if self._not_event is not None and self._not_event.match(text, m.end) is not None:
            return True
        if self._negated is not None and self._negated.search(text, max(0, m.start - 40), m.start) is not None:
            return True  # 无新增确诊病例、疑似病例: denied
        return self._campaign is not None and self._campaign.search(text, max(0, m.start - 12), m.start) is not None

    def _score(self, counts: dict[str, list[Any]], cap: float) -> float:
        return sum(w * min(n, cap) for w, n, *_ in counts.values())

    @staticmethod
    def _terms_ev(counts: dict[str, list[Any]], limit: int = 12) -> dict[str, Any]:
        ranked = sorted(counts.items(), key=lambda kv: -kv[1][0] * kv[1][1])[:limit]
        return {k: {"title": v[2], "body": v[3], "at": v[4]} for k, v in ranked}

    # --- health -----------------------------------------------------------------------------

    def _health(self, groups: dict[tuple[str, str], dict[str, list[Any]]]) -> tuple[float, dict[str, Any]]:
        cap = float(self.health_cfg.get("max_count", 4))
        positive = groups.get((HEALTH, ""), {})
        negative = groups.get((NEGATIVE, ""), {})
        pos = self._score(positive, cap)
        neg = 0.0 if self._exclude_off_with & positive.keys() else self._score(negative, cap)
        bias = float(self.health_cfg.get("bias", 4.0))
        scale = float(self.health_cfg.get("scale", 1.5))
        z = (pos - neg - bias) / scale
        score = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
        return score, {"positive": round(pos, 2), "negative": round(neg, 2),
                       "terms": self._terms_ev(positive), "against": self._terms_ev(negative, 8)}

    # --- regions ----------------------------------------------------------------------------

    def _region_mentions(
        self, matches: list[Match], texts: dict[str, str],
    ) -> tuple[list[tuple[Match, str, float]], float]:
        """Shanxi division mentions (match, code, weight) and the weighted count of places elsewhere."""
        rc = self.region_cfg
        w_title, w_lead, w_body = (float(rc.get("title_weight", 3)), float(rc.get("lead_weight", 2)),
                                   float(rc.get("body_weight", 1)))
        after = self.rules.background_after
        matches_by_end = {(m.where, m.end): m for m in matches}
        mentions: list[tuple[Match, str, float]] = []
        tentative: list[tuple[Match, str, float]] = []
        outlets: list[tuple[Match, str, float]] = []
        foreign_hits: list[tuple[Match, float]] = []
        for m in matches:
            if not m.kinds & PLACE_KINDS:
                continue
            pos_w = w_title if m.where == TITLE else (w_lead if m.lead else w_body)
            for e in m.entries:
                if e.kind == REGION:
                    if after and texts[m.where].startswith(after, m.end):
                        continue  # 汾阳路, 太原街: a road, not the place
                    if _DATELINE.match(texts[m.where], m.end):
                        continue  # 人民网太原11月19日电, 本报太原9月7日讯: where the reporter filed from
                    if _NATIVE.match(texts[m.where], m.end) or self._origin_before(texts[m.where], m.start):
                        continue  # 张某,山西寿阳人, / 籍贯寿阳: a person's origin, not the story's place
                    if (self.rules.outlet_after and texts[m.where].startswith(self.rules.outlet_after, m.end)
                            and not _OUTLET_LEAD.match(texts[m.where], m.end)):
                        outlets.append((m, e.key, pos_w * e.weight))  # 来源:太谷新闻网: who published
                        continue
                    if e.check == "weak" or (e.check == "boundary" and not self._at_boundary(
                            texts[m.where], m.where, m.start, matches_by_end)):
                        tentative.append((m, e.key, pos_w * e.weight))  # 定兴县 is not 兴县, 平定 a verb …
                        continue
                    mentions.append((m, e.key, pos_w * e.weight))
                elif (e.kind == FOREIGN and not self._origin_before(texts[m.where], m.start, 10)
                      and not texts[m.where].endswith(self._destination_before, 0, m.start)):
                    # (not after 联系地址: a site's address is no place acting; not after 赴: where the
                    # story's people go - Shanxi experts 赴新疆 - is no story elsewhere)
                    foreign_hits.append((m, pos_w))
        if tentative:  # … unless the story also names the county's own city (吕梁 … 某某兴县)
            cities = {self.rules.city_of(code) for _m, code, _w in mentions}
            mentions.extend(t for t in tentative if self.rules.city_of(t[1]) in cities)
            mentions.sort(key=lambda t: (t[0].where != TITLE, t[0].start))
        if not mentions:  # the outlet is the only Shanxi place named: the story is its (临汾新闻网讯 … 市医院)
            mentions = outlets
        return self._damp_lists(mentions, texts), self._foreign_weight(foreign_hits, texts)

    def _foreign_weight(self, hits: list[tuple[Match, float]], texts: dict[str, str]) -> float:
        """The weighted count of places elsewhere, where a run of ``list_min`` names separated only by
        spaces, line breaks, slashes or bars (a portal's menu of provinces: 安徽 北京 重庆 …, a spam
        tail of forty counties) or a catalogue of ``list_min_punctuated`` names in prose counts
        ``list_weight`` per name and at most ``list_foreign_cap`` in all."""
        hits = sorted(hits, key=lambda h: (h[0].where != TITLE, h[0].start))

        def joined(gap: str, _i: int) -> bool:  # (an unknown name between bars stays in the menu)
            return not gap.strip(_MENU_SEPARATORS) or gap in _PROSE_SEPARATORS or _MENU_ITEM.fullmatch(gap) is not None

        cap = float(self.region_cfg.get("list_foreign_cap", 1.5))  # a whole menu counts at most this much
        weight = 0.0
        for run, factor in self._list_runs([m for m, _w in hits], texts, joined):
            run_weight = sum(hits[k][1] for k in run)
            weight += run_weight if factor >= 1.0 else min(cap, run_weight * factor)
        return weight

    def _damp_lists(self, mentions: list[tuple[Match, str, float]],
                    texts: dict[str, str]) -> list[tuple[Match, str, float]]:
        """Lists of places are not places acting. Names run together without punctuation (a site's
        navigation: 忻州网群:忻府区原平市定襄县五台县…) from ``list_min`` names of one level on, and a
        catalogue in prose (a national list of poor counties: 天镇县、广灵县、灵丘县…) from
        ``list_min_punctuated`` on: each name counts ``list_weight`` times, so a listed place is a
        subject only when the story names it again. A short list in prose (太原市、阳泉市、长治市等7个市)
        is left alone: its places are usually the ones affected."""

        def joined(gap: str, i: int) -> bool:
            return ((gap in _LIST_SEPARATORS or gap in _PROSE_SEPARATORS)
                    and self._same_level(mentions[i - 1][1], mentions[i][1]))

        out = list(mentions)
        for run, factor in self._list_runs([m for m, _c, _w in mentions], texts, joined):
            for k in run:
                m, code, weight = out[k]
                out[k] = (m, code, weight * factor)
        # a text naming most of the province's counties (a table of risk areas, every county by city)
        # is a catalogue however it is punctuated: a county named once in it is not a subject
        catalogue = int(self.region_cfg.get("catalogue_min", 40))
        counts: dict[str, int] = defaultdict(int)
        for _m, code, _w in out:
            if self.rules.divisions[code].is_county:
                counts[code] += 1
        if catalogue and len(counts) >= catalogue:
            factor = float(self.region_cfg.get("list_weight", 0.3))
            out = [(m, code, w * factor if counts.get(code) == 1 else w) for m, code, w in out]
        return out

    def _list_runs(self, matches: list[Match], texts: dict[str, str],
                   joined: Callable[[str, int], bool]) -> Iterator[tuple[list[int], float]]:
        """Runs of consecutive ``matches`` (indices) whose gaps ``joined(gap, i)`` accepts, each with the
        factor its names count: ``list_weight`` from ``list_min`` names on (``list_min_punctuated``
        when a gap is prose punctuation: 、，；), else 1."""
        min_run = int(self.region_cfg.get("list_min", 4))
        min_punctuated = int(self.region_cfg.get("list_min_punctuated", 15))
        factor = float(self.region_cfg.get("list_weight", 0.3))
        run: list[int] = []
        punctuated = False
        for i, m in enumerate(matches):
            prev = matches[i - 1] if i else None
            gap = texts[m.where][prev.end:m.start] if prev is not None and prev.where == m.where else None
            if gap is not None and joined(gap, i):
                punctuated = punctuated or gap in _PROSE_SEPARATORS
            else:
                if run:
                    yield run, factor if len(run) >= (min_punctuated if punctuated else min_run) else 1.0
                run, punctuated = [], False
            run.append(i)
        if run:
            yield run, factor if len(run) >= (min_punctuated if punctuated else min_run) else 1.0

    def _same_level(self, a: str, b: str) -> bool:
        """Two divisions of one level (cities, or counties): 忻府区原平市 is a list, 临汾市洪洞县 a chain."""
        if PROVINCE in (a, b):
            return False
        da, db = self.rules.divisions[a], self.rules.divisions[b]
        return da.is_city == db.is_city and da.is_county == db.is_county

    def _origin_before(self, text: str, start: int, width: int = 6) -> bool:
        window = text[max(0, start - width):start]
        return any(word in window for word in self.rules.background_before)

    def _at_boundary(self, text: str, where: str, start: int, matches_by_end: dict[tuple[str, int], Match]) -> bool:
        if start == 0:
            return True
        before = text[start - 1]
        if before in self.rules.boundary_before or not ("\u4e00" <= before <= "\u9fff"):
            return True
        previous = matches_by_end.get((where, start))
        return previous is not None and any(e.kind == REGION for e in previous.entries)  # 吕梁兴县

    def _regions(
        self, matches: list[Match], mentions: list[tuple[Match, str, float]], foreign: float,
        inst_regions: dict[str, float], publisher_region: str | None, in_names: set[tuple[str, int]],
    ) -> tuple[bool, list[str], dict[str, Any]]:
        rules = self.rules
        rc = self.region_cfg
        scores: dict[str, float] = defaultdict(float)
        where: dict[str, list[str]] = defaultdict(list)
        qualifier_positions = set()
        # 山西省临汾市: the province name only qualifies the city that follows it
        by_pos = {(m.where, m.start): code for m, code, _ in mentions}
        for m, code, weight in mentions:
            if code == PROVINCE:
                if (m.where, m.start) in in_names and PROVINCE in inst_regions:
                    continue  # 山西省肿瘤医院: the institution speaks for the province (counted once)
                nxt = by_pos.get((m.where, m.end))
                if nxt is not None and nxt != PROVINCE:
                    qualifier_positions.add((m.where, m.start))
                    continue
            scores[code] += weight
            if len(where[code]) < 4:
                where[code].append(f"{m.term}@{m.where}:{m.start}")
        shanxi_total = sum(scores.values()) + sum(w for m, c, w in mentions if (m.where, m.start) in qualifier_positions)
        for code, weight in inst_regions.items():
            scores[code] += weight
            shanxi_total += weight
            where[code].append("institution")
        province_scope = sum(e.weight for m in matches for e in m.entries if e.kind == PROVINCE_SCOPE)
        city_scope = sum(1.0 for m in matches for e in m.entries if e.kind == CITY_SCOPE)

        min_score = float(self.shanxi_cfg.get("min_score", 2.0))
        ratio = float(self.shanxi_cfg.get("foreign_ratio", 0.6))
        publisher = self.rules.divisions.get(publisher_region or "")
        if publisher is not None and foreign == 0:
            # 我省/全省/省卫健委 (or 我市 in a city outlet) in a Shanxi outlet's story: its own province/city
            factor = float(self.shanxi_cfg.get("publisher_scope_weight", 2.0))
            shanxi_total += factor * (province_scope + (city_scope if publisher.code != PROVINCE else 0.0))
        if not any(v > 0 for c, v in scores.items() if c != PROVINCE):
            # only the bare province name: a background mention (山西 in a list of provinces, a
            # history piece) unless it clearly outweighs the other places named
            ratio = max(ratio, float(self.shanxi_cfg.get("province_only_foreign_ratio", 1.0)))
        is_shanxi = shanxi_total >= min_score and shanxi_total >= ratio * foreign
        evidence: dict[str, Any] = {"shanxi_score": round(shanxi_total, 2), "elsewhere_score": round(foreign, 2),
                                    "province_scope": province_scope, "city_scope": city_scope}
        if not is_shanxi:
            return False, [], evidence

        min_unit = float(rc.get("min_unit_score", 1.0))
        chosen = {c for c, s in scores.items() if s >= min_unit and c != PROVINCE}
        chosen |= set(inst_regions) - {PROVINCE}  # named institutions put the story where they are
        # the province is a subject of its own (provincial body, province-wide policy), not merely the
        # home of a provincial hospital that helped in a county story
        province = scores.get(PROVINCE, 0.0) + province_scope
        local = max((v for c, v in scores.items() if c != PROVINCE), default=0.0)
        if (province >= float(rc.get("province_min_score", 3.0))
                and province >= float(rc.get("province_relative", 0.0)) * local):
            chosen.add(PROVINCE)
        if not chosen and province > 0:
            chosen.add(PROVINCE)  # about Shanxi, but no city or county is named: the province itself
        cities = {rules.city_of(c) for c in chosen} - {None}
        if not cities and city_scope and publisher_region:
            city = rules.city_of(publisher_region)
            if city:
                chosen.add(city)
                where[city].append("publisher(我市)")
        for code in list(chosen):  # a county implies its city
            city = rules.city_of(code)
            if city:
                chosen.add(city)
        if not chosen:  # Shanxi names only in lists and background: no unit of Shanxi is a subject
            evidence["no_unit"] = True
            return False, [], evidence
        evidence["units"] = {c: {"score": round(scores.get(c, 0.0), 2), "at": where.get(c, [])} for c in sorted(chosen)}
        return True, sorted(chosen), evidence

    # --- topics -----------------------------------------------------------------------------

    def _topics(self, groups: dict[tuple[str, str], dict[str, list[Any]]]) -> tuple[list[str], dict[str, Any]]:
        cap = float(self.topic_cfg.get("max_count", 3))
        scored: list[tuple[float, str]] = []
        evidence: dict[str, Any] = {}
        for code in self.rules.topic_names:
            counts = groups.get((TOPIC, code))
            if not counts:
                continue
            score = self._score(counts, cap)
            if score >= self.rules.topic_thresholds[code]:
                scored.append((score, code))
                evidence[code] = {"score": round(score, 2), "terms": self._terms_ev(counts, 6)}
        scored.sort(reverse=True)
        # secondary topics must carry a fair share of the main one's weight (a 党委 in a 义诊 story
        # does not make it governance news); the share is per topic (topics.toml ``relative``)
        top = scored[0][0] if scored else 0.0
        scored = [(score, code) for score, code in scored if score >= self.rules.topic_relative[code] * top]
        keep = [code for _s, code in scored[: int(self.topic_cfg.get("max_topics", 4))]]
        return keep, {k: evidence[k] for k in keep}

    def _authority_acts(self, topics: list[str], evidence: dict[str, Any], institutions: list[str],
                        texts: dict[str, str]) -> None:
        """An incident in which a health administration acts (卫健委 调查, 医保局 处罚) is governance news
        too (``[topics.authority]`` in classifier.toml)."""
        spec = self._authority
        if (spec is None or spec["with"] not in topics or spec["topic"] in topics
                or len(topics) >= int(self.topic_cfg.get("max_topics", 4))):
            return
        admin = next((n for n in institutions if n.endswith(spec["institutions"])), None)
        if admin is None:
            return
        action = next((hit.group() for where in (TITLE, BODY) if (hit := spec["actions"].search(texts[where]))), None)
        if action is not None:
            topics.append(spec["topic"])
            evidence[spec["topic"]] = {"score": 0.0, "terms": {}, "authority": admin, "acts": action}

    # --- risk -------------------------------------------------------------------------------

    def _risk(self, groups: dict[tuple[str, str], dict[str, list[Any]]]) -> tuple[str, list[str], dict[str, Any]]:
        cap = float(self.risk_cfg.get("max_count", 2))
        alert = groups.get((ALERT, ""), {})
        watch = groups.get((WATCH, ""), {})
        alert_score = self._score(alert, cap)
        watch_score = self._score(watch, cap) + alert_score
        evidence: dict[str, Any] = {"alert_score": round(alert_score, 2), "watch_score": round(watch_score, 2)}
        refute = groups.get((REFUTE, ""), {})
        refuted = self._score(refute, cap) >= float(self.risk_cfg.get("refute_threshold", 3.0))
        if refuted:  # the article refutes a claim of harm (辟谣, 不实信息): a rumour being refuted is watch
            evidence["refuted_by"] = sorted(refute)
        if alert_score >= float(self.risk_cfg.get("alert_threshold", 3.0)) and not refuted:
            terms = sorted(alert, key=lambda t: -alert[t][0] * alert[t][1])
            return "alert", terms[:8], {**evidence, "terms": self._terms_ev(alert, 8)}
        if watch_score >= float(self.risk_cfg.get("watch_threshold", 2.0)):
            both = {**alert, **watch}
            terms = sorted(both, key=lambda t: -both[t][0] * both[t][1])
            return "watch", terms[:8], {**evidence, "terms": self._terms_ev(both, 8)}
        return "none", [], evidence

_LIST_SEPARATORS = frozenset({"", " ", "\u3000", "|", "｜"})
_PROSE_SEPARATORS = frozenset({"、", "，", ",", "；", ";"})
_MENU_SEPARATORS = " \u3000\t\n/|｜•·"  # between the items of a site's menu
_MENU_ITEM = re.compile(r"\s*[|｜/]\s*[\u4e00-\u9fff]{1,6}\s*[|｜/]\s*")  # | 连南 |: a name the rules do not know
_OFFSET = re.compile(r"\b(title|body):(\d+)")


def _remap_offsets(value: Any, maps: dict[str, list[int] | None]) -> Any:
    """Evidence with ``title:12``/``body:305`` offsets translated from the matching text (readings
    removed) back to the text as written."""
    if isinstance(value, str):
        def sub(hit: re.Match[str]) -> str:
            table = maps.get(hit.group(1))
            pos = int(hit.group(2))
            return f"{hit.group(1)}:{table[pos]}" if table is not None and pos < len(table) else hit.group(0)
        return _OFFSET.sub(sub, value)
    if isinstance(value, dict):
        return {k: _remap_offsets(v, maps) for k, v in value.items()}
    if isinstance(value, list):
        return [_remap_offsets(v, maps) for v in value]
    return value


def _positions_in(spans: list[tuple[str, int, int]]) -> set[tuple[str, int]]:
    """Every (where, offset) inside the given spans (institution names)."""
    return {(where, pos) for where, start, end in spans for pos in range(start, end)}


_NATIVE = re.compile(r"(?:县|市|区)?人[,，、。;；)）]")
_OUTLET_LEAD = re.compile(r"[\u4e00-\u9fff]{2,5}讯")  # 临汾新闻网讯: the local outlet's own story (its city counts)
_DATELINE = re.compile(r"\s*\d{1,2}月\d{1,2}日\s*[电讯]")
_COUNT = r"(?:\d+|[一二两三四五六七八九十百]+)\s*(?:个|名|位|项|人|支)"
_PROFILE_AFTER = re.compile(r"\s*" + _COUNT)
_PROFILE_BEFORE = re.compile(_COUNT + r"(?:国家级|省级|市级|省市级|国家|省|市)?$")
_NO_COUNT = re.compile(r"[\u4e00-\u9fff]{0,8}?\s*(?:[XxＸｘ×]{1,3}|0|零)\s*例")


_default: Classifier | None = None


def default_classifier() -> Classifier:
    """A process-wide classifier with the package rules (compiled once)."""
    global _default
    if _default is None:
        _default = Classifier()
    return _default


def classify(title: str | None, body: str | None, publisher_region: str | None = None) -> Labels:
    """Label one article with the package rules."""
    return default_classifier().classify(title, body, publisher_region)

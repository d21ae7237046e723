"""Dedupe: normalisation, chrome stripping, verification and the check-and-insert clustering.

All texts here are synthetic (written for these tests), modelled on the kinds of copies the
dedupe issue lists: exact reprints, chrome-wrapped and truncated copies, traditional-script
mirrors with injected punctuation, and near-misses (daily bulletins with other figures).
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from datetime import datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory
from newsbot.db.models import ArticleBand, ArticleFingerprint, StoryCluster
from newsbot.dedupe.chrome import strip_chrome
from newsbot.dedupe.clusterer import DedupeDoc, Deduper, make_dedupe_engine
from newsbot.dedupe.config import DedupeConfig
from newsbot.dedupe.fingerprint import (
    ANCHOR_BAND,
    PASSAGE_BAND,
    Fingerprint,
    anchor_figures,
    make_fingerprint,
)
from newsbot.dedupe.normalize import content_hash, fold, to_simplified
from newsbot.dedupe.similarity import Thresholds, compare, figure_agreement, figures
from newsbot.timeutil import SHANGHAI

STORY = (
    "11月20日,太原市卫生健康委员会召开全市基层医疗卫生服务能力提升推进会。会议通报了今年以来全市"
    "社区卫生服务中心和乡镇卫生院标准化建设进展情况,部署下一阶段重点任务。\n"
    "会议指出,要持续推进紧密型县域医共体建设,推动优质医疗资源下沉,让群众在家门口就能享受到"
    "更加便捷高效的医疗服务。各县(市、区)要加快补齐基层短板,提升常见病多发病诊疗能力。\n"
    "据介绍,截至10月底,全市已有86家社区卫生服务中心达到国家推荐标准,家庭医生签约服务覆盖"
    "重点人群超过72万人,基层诊疗量占比提高到百分之五十三。\n"
    "会议要求,各级卫生健康部门要坚持以人民健康为中心,强化人才培养和信息化支撑,确保各项任务"
    "落到实处,为健康太原建设打下坚实基础。"
)
TITLE = "太原市推进基层医疗卫生服务能力提升"

CHROME_HEAD = "首页 > 新闻中心 > 健康\n发布时间:2025-11-21 08:00 来源:某某网\n分享到:微信 微博\n"
CHROME_TAIL = ("\n责任编辑:张三\n相关新闻\n秋冬季节如何预防流感\n山西多地迎来降温天气\n"
               "省城一医院开展义诊活动\n热门楼盘推荐一览\n版权所有 © 2025 某某网 晋ICP备12345678号")

TRADITIONAL = (
    "11月20日,,太原市衛生健康委員會召開全市基層醫療衛生服務能力提升推進會,。會議通報了今年以來全市"
    "社區衛生服務中心和鄉鎮衛生院標準化建設進展情況,部署下一階段重點任務。\n"
    "會議指出,,要持續推進緊密型縣域醫共體建設,推動優質醫療資源下沉,、讓群眾在家門口就能享受到"
    "更加便捷高效的醫療服務。各縣(市、區)要加快補齊基層短板,提升常見病多發病診療能力。\n"
    "據介紹,截至10月底,,全市已有86家社區衛生服務中心達到國家推薦標準,家庭醫生簽約服務覆蓋"
    "重點人群超過72萬人,基層診療量佔比提高到百分之五十三。\n"
    "會議要求,各級衛生健康部門要堅持以人民健康為中心,,強化人才培養和信息化支撐,確保各項任務"
    "落到實處,為健康太原建設打下堅實基礎。"
)


def bulletin(day: int, new_cases: int, total: int, contacts: int) -> str:
    return (
        f"2022年3月{day}日0-24时,山西省新增本地新冠肺炎确诊病例{new_cases}例。累计报告确诊病例{total}例,"
        f"治愈出院141例。现有疑似病例0例。\n"
        f"2022年3月{day}日0-24时,山西省无新增境外输入确诊病例。累计报告境外输入性确诊病例127例,治愈出院127例。\n"
        f"2022年3月{day}日0-24时,山西省无新增无症状感染者。\n"
        f"累计追踪到密切接触者{contacts}人(含境外输入病例密切接触者)。当日解除医学观察{day + 2}人,"
        f"尚在医学观察的密切接触者{contacts // 10}人。"
    )


def lsh_rows(fp: Fingerprint) -> list[tuple[int, int]]:
    """The LSH band rows of a fingerprint (without its figure-anchor and passage rows)."""
    return [b for b in fp.bands if b[0] < ANCHOR_BAND]


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2025, 11, day, hour, tzinfo=SHANGHAI)


# --- pure functions ----------------------------------------------------------------------

def test_fold_converts_script_vocabulary_and_drops_punctuation() -> None:
    assert fold("聯發科的新一代旗艦晶片已釋出,, ABC１２３") == "联发科的新一代旗舰芯片已发布abc123"
    assert to_simplified("山西省卫健委发布通知") == "山西省卫健委发布通知"
    assert fold(TRADITIONAL) == fold(STORY)
    assert content_hash(TRADITIONAL) == content_hash(STORY)
    assert content_hash("") is None and content_hash(" ,。\n") is None


def test_strip_chrome_removes_boilerplate_and_teasers_keeps_paragraphs() -> None:
    stripped = strip_chrome(CHROME_HEAD + STORY + CHROME_TAIL)
    assert stripped == "\n".join(line for line in STORY.splitlines())
    assert strip_chrome("版权所有 © 2025 某某网\n责任编辑:张三") == ""


def test_strip_chrome_cuts_teasers_dates_and_link_lists_around_the_article() -> None:
    page = ("头条\n" + TITLE + "|世界快看点\n" + STORY + "\n"
            "遵义:在数字蓝海中踏浪前行|全球新要闻\n"
            "…某地推进乡村振兴,打造特色产业带,带动农户增收致富的做法引发关注\n"
            "2025-12-05 19:54:00\n"
            "自考行政管理专科考试科目有哪些?\n"
            "食品网络电视台 | 大众经济网 | 廊坊新闻网 | 魅力中国网\n")
    assert strip_chrome(page) == STORY
    listing = "\n".join(f"第{n}条通知标题" for n in range(12))  # no sentence at all: kept, not emptied
    assert strip_chrome(listing) == listing


def test_figures_flag_a_bulletin_with_other_numbers() -> None:
    agree, conflict = figure_agreement(figures(fold(bulletin(1, 1, 158, 10760))), figures(fold(bulletin(4, 1, 160, 10791))))
    assert conflict >= 3 and agree >= 1
    agree, conflict = figure_agreement(figures(fold(STORY)), figures(fold(TRADITIONAL)))
    assert conflict == 0 and agree >= 3


def test_compare_containment_accepts_truncated_copy_and_rejects_unrelated() -> None:
    params = DedupeConfig().params
    full, head = make_fingerprint(TITLE, STORY, params), make_fingerprint(None, "\n".join(STORY.splitlines()[:2]), params)
    match = compare(full.shingles, head.shingles, Thresholds(), folded_a=full.folded, folded_b=head.folded)
    assert match.accepted and match.containment > 0.95 and match.jaccard < 0.7
    other = make_fingerprint("山西多地迎来强降雨", bulletin(1, 1, 158, 10760), params)
    assert not compare(full.shingles, other.shingles, Thresholds()).accepted


def test_long_bodies_are_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsbot.dedupe import fingerprint as fingerprint_module

    params = DedupeConfig().params
    folded_lengths: list[int] = []
    real_fold = fingerprint_module.fold

    def recording_fold(text: str | None) -> str:
        folded_lengths.append(len(text or ""))
        return real_fold(text)

    monkeypatch.setattr(fingerprint_module, "fold", recording_fold)
    fp = make_fingerprint(TITLE, TRADITIONAL * 5000, params)  # ~2 MB of text needing script conversion
    # only the first RAW_FACTOR * max_chars characters are ever folded (the cost of the whole page)
    assert max(folded_lengths) <= fingerprint_module.RAW_FACTOR * params.max_chars
    assert len(fp.folded) == params.max_chars
    assert sum(band < ANCHOR_BAND for band, _ in fp.bands) == params.bands
    assert sum(band == PASSAGE_BAND for band, _ in fp.bands) == params.passage_store
    assert len(fp.probes) == params.passage_probe - params.passage_store


# --- clustering against a database --------------------------------------------------------

@pytest.fixture
def sessions(migrated: str):  # type: ignore[no-untyped-def]
    engine = make_engine(migrated)
    yield session_factory(engine)
    engine.dispose()


def check(sessions, deduper: Deduper, url: str, body: str, *, title: str | None = TITLE, site: str = "site_a",
          published_at: datetime | None = None, seen_at: datetime | None = None):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        return deduper.check_and_insert(session, DedupeDoc(url, site, title, body, published_at, seen_at))


def test_exact_copy_under_another_url_is_a_reprint_of_the_first_seen(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    first = check(sessions, deduper, "https://a.example/1.html", STORY, published_at=at(20), seen_at=at(21))
    copy = check(sessions, deduper, "https://b.example/x.html", STORY, title="转载:" + TITLE, site="site_b",
                 published_at=at(21), seen_at=at(21, 9))
    assert first.kind == "first" and first.reprint_of is None and first.similarity == 1.0
    assert copy.kind == "exact" and copy.cluster_id == first.cluster_id
    assert copy.reprint_of == "https://a.example/1.html" and copy.similarity == 1.0
    with sessions() as session:
        cluster = session.get(StoryCluster, first.cluster_id)
        assert cluster.member_count == 2 and cluster.outlets == ["site_a", "site_b"]
        assert cluster.first_url == "https://a.example/1.html"


def test_near_duplicates_chrome_truncation_and_traditional_copies_join_one_cluster(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    orig = check(sessions, deduper, "https://a.example/1.html", STORY, published_at=at(20))
    wrapped = check(sessions, deduper, "https://farm.example/9.html", CHROME_HEAD + STORY + CHROME_TAIL,
                    title=None, site="farm")
    truncated = check(sessions, deduper, "https://c.example/2.html",
                      "\n".join(STORY.splitlines()[:3]) + "\n本文转自网络,如有侵权请联系删除。", title="新标题", site="site_c")
    mirror = check(sessions, deduper, "https://tw.example/3.html", TRADITIONAL, title=None, site="mirror")
    assert {wrapped.cluster_id, truncated.cluster_id, mirror.cluster_id} == {orig.cluster_id}
    assert truncated.kind == "near" and 0.7 <= truncated.similarity <= 1.0
    assert mirror.kind in ("exact", "near") and mirror.reprint_of == "https://a.example/1.html"
    assert wrapped.reprint_of == "https://a.example/1.html"


def test_near_miss_bulletins_with_other_figures_stay_apart(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    day1 = check(sessions, deduper, "https://a.example/b1.html", bulletin(1, 1, 158, 10760), title="山西疫情通报")
    day4 = check(sessions, deduper, "https://a.example/b4.html", bulletin(4, 2, 160, 10791), title="山西疫情通报")
    copy1 = check(sessions, deduper, "https://b.example/b1.html", "中新网消息\n" + bulletin(1, 1, 158, 10760),
                  title=None, site="site_b")
    assert day1.cluster_id != day4.cluster_id
    assert copy1.cluster_id == day1.cluster_id


def test_hundred_empty_or_boilerplate_bodies_never_cluster(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    kinds = set()
    for n in range(100):
        body = "" if n % 2 else "版权所有 © 2025 某某网\n责任编辑:张三"
        decision = check(sessions, deduper, f"https://a.example/empty/{n}.html", body, title=f"标题{n % 3}")
        kinds.add(decision.kind)
        assert decision.cluster_id is None and decision.reprint_of is None
    assert kinds == {"empty"}
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(StoryCluster)) == 0
        assert session.scalar(select(func.count()).select_from(ArticleBand)) == 0


def test_short_bodies_match_exactly_only_with_the_same_title(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    a = check(sessions, deduper, "https://a.example/s1", "详见附件。", title="关于开展义诊活动的通知")
    b = check(sessions, deduper, "https://b.example/s1", "详见附件。", title="关于开展义诊活动的通知", site="b")
    c = check(sessions, deduper, "https://a.example/s2", "详见附件。", title="关于调整门诊时间的通知")
    assert a.cluster_id == b.cluster_id and b.kind == "exact"
    assert c.cluster_id != a.cluster_id
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ArticleBand)) == 0  # no shingles, no bands


def test_earlier_published_copy_becomes_the_first_publisher(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    late = check(sessions, deduper, "https://farm.example/1", STORY, site="farm", published_at=at(22))
    early = check(sessions, deduper, "https://origin.example/1", STORY, site="origin", published_at=at(20))
    assert early.cluster_id == late.cluster_id and early.reprint_of is None
    with sessions() as session:
        cluster = session.get(StoryCluster, late.cluster_id)
        assert cluster.first_url == "https://origin.example/1" and cluster.first_site == "origin"
        story = repository.story_cluster_of(session, "https://farm.example/1")
        assert story is not None and story["member_count"] == 2


def test_a_new_fingerprint_is_stored_with_its_bands_and_its_dates_checked(sessions) -> None:  # type: ignore[no-untyped-def]
    """The write of a new fingerprint (one statement on PostgreSQL) stores every band row, keeps the
    row usable in the transaction (the first publisher is then moved to it) and refuses naive dates."""
    deduper = Deduper()
    fp = deduper.fingerprint(TITLE, STORY)
    with sessions.begin() as session:
        late = deduper.check_and_insert(session, DedupeDoc("https://farm.example/1", "farm", TITLE, STORY, at(22)), fp)
        early = deduper.check_and_insert(session, DedupeDoc("https://origin.example/1", "origin", TITLE, STORY, at(20)))
        assert early.cluster_id == late.cluster_id and early.reprint_of is None and early.similarity == 1.0
    with sessions() as session:
        row = repository.get_fingerprint(session, "https://farm.example/1")
        assert row is not None and row.published_at == at(22) and row.match_kind == "exact"
        stored = session.scalars(select(func.count()).select_from(ArticleBand)
                                 .where(ArticleBand.fingerprint_id == row.id)).one()
        assert stored == len(fp.bands) > 0
    with pytest.raises(Exception, match="naive datetime"), sessions.begin() as session:
        deduper.check_and_insert(session, DedupeDoc("https://c.example/1", "c", TITLE, bulletin(1, 1, 158, 10760),
                                                    datetime(2025, 11, 20, 8, 0)))  # noqa: DTZ001 - naive on purpose


def test_edit_keeps_cluster_when_still_a_copy_and_leaves_when_not(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    orig = check(sessions, deduper, "https://a.example/1", STORY, published_at=at(20))
    copy = check(sessions, deduper, "https://b.example/1", STORY + "\n(完)", site="b", published_at=at(21))
    assert copy.cluster_id == orig.cluster_id
    same = check(sessions, deduper, "https://b.example/1", STORY + "\n(完)", site="b", published_at=at(21))
    assert same.kind == "unchanged" and not same.edited
    small_edit = check(sessions, deduper, "https://b.example/1", STORY.replace("86家", "87家") + "\n(完)", site="b")
    assert small_edit.edited and small_edit.cluster_id == orig.cluster_id
    rewritten = check(sessions, deduper, "https://b.example/1", bulletin(3, 1, 159, 10770), site="b")
    assert rewritten.edited and rewritten.cluster_id != orig.cluster_id and rewritten.reprint_of is None
    with sessions() as session:
        assert session.get(StoryCluster, orig.cluster_id).member_count == 1
        fp = repository.get_fingerprint(session, "https://b.example/1")
        expected = make_fingerprint(TITLE, bulletin(3, 1, 159, 10770), deduper.config.params)
        assert fp is not None and fp.exact_key == expected.exact_key
        stored = session.execute(select(ArticleBand.band, ArticleBand.hash).where(ArticleBand.fingerprint_id == fp.id))
        assert sorted(map(tuple, stored)) == sorted(expected.bands)  # the new LSH and anchor rows, no stale ones
        assert sum(band < ANCHOR_BAND for band, _ in expected.bands) == deduper.config.params.bands


def test_clustering_works_across_two_separate_runs(migrated: str) -> None:
    """Two 'crawls' = two engines and two Deduper instances; the second finds the first's story."""
    for run, (url, body, site) in enumerate([("https://a.example/1", STORY, "a"),
                                             ("https://tw.example/1", CHROME_HEAD + TRADITIONAL, "tw")]):
        engine = make_engine(migrated)
        sessions = session_factory(engine)
        decision = check(sessions, Deduper(), url, body, site=site, title=TITLE if run == 0 else None)
        engine.dispose()
        if run == 0:
            first_cluster = decision.cluster_id
        else:
            assert decision.cluster_id == first_cluster and decision.reprint_of == "https://a.example/1"
    engine = make_engine(migrated)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(ArticleFingerprint)) == 2
    engine.dispose()


def _terminate_other_backends(url: str) -> None:
    """What a database restart looks like to a pool: every open connection of the database dies."""
    admin = make_engine(url)
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        conn.commit()
    admin.dispose()


def test_link_retries_once_when_the_pooled_connection_died(pg_url: str) -> None:
    """The dedupe engine has no pre-ping; ``Deduper.link`` retries a transaction whose connection the
    server closed while it sat in the pool, instead of failing the item."""
    from newsbot.db.migrate import upgrade

    upgrade(pg_url)
    engine = make_dedupe_engine(pg_url)
    sessions = session_factory(engine)
    deduper = Deduper()
    try:
        first = deduper.link(sessions, DedupeDoc("https://a.example/1", "a", TITLE, STORY))
        _terminate_other_backends(pg_url)
        copy = deduper.link(sessions, DedupeDoc("https://b.example/1", "b", TITLE, STORY))
        _terminate_other_backends(pg_url)
        with pytest.raises(DBAPIError) as raised, sessions.begin() as session:  # without link: the item fails
            session.execute(text("SELECT 1"))
    finally:
        engine.dispose()
    assert raised.value.connection_invalidated
    assert copy.kind == "exact" and copy.cluster_id == first.cluster_id


def test_link_raises_other_database_errors(sqlite_url: str) -> None:
    """Only a dead connection is retried: a missing table (no migration) is the caller's error."""
    engine = make_dedupe_engine(sqlite_url)
    try:
        with pytest.raises(DBAPIError) as raised:
            Deduper().link(session_factory(engine), DedupeDoc("https://a.example/1", "a", TITLE, STORY))
    finally:
        engine.dispose()
    assert not raised.value.connection_invalidated


def test_cli_prints_one_cluster_per_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from newsbot.dedupe.__main__ import main

    items = [
        {"id": "x1", "url": "https://a.example/1", "site": "a", "title": TITLE, "text": STORY},
        {"id": "x2", "url": "https://www.a.example/1", "site": "a", "title": "", "text": TRADITIONAL},
        {"id": "x3", "url": "https://b.example/2", "site": "b", "title": "", "text": bulletin(1, 1, 158, 10760)},
        {"id": "x4", "url": "https://b.example/3", "site": "b", "title": "", "text": ""},
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    assert main(["cluster", str(path)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["x1", "x2", "x3", "x4"]
    clusters = {o["id"]: o["cluster"] for o in out}
    assert clusters["x1"] == clusters["x2"] != clusters["x3"]
    assert clusters["x4"] == "none:x4"


def test_settings_override_thresholds() -> None:
    config = DedupeConfig.from_settings({"NEWSBOT_DEDUPE_CONTAINMENT": "0.8", "NEWSBOT_DEDUPE_BANDS": "16"})
    assert config.thresholds.containment == 0.8 and config.params.bands == 16 and config.params.rows == 4
    with pytest.raises(ValueError):
        DedupeConfig.from_settings({"NEWSBOT_DEDUPE_NUM_PERM": "50", "NEWSBOT_DEDUPE_BANDS": "16"})
    passages = DedupeConfig.from_settings({"NEWSBOT_DEDUPE_PASSAGE_STORE": "8", "NEWSBOT_DEDUPE_PASSAGE_PROBE": "24"})
    assert (passages.params.passage_store, passages.params.passage_probe) == (8, 24)
    assert passages.params.version != DedupeConfig().params.version  # stored rows differ: reindex
    with pytest.raises(ValueError, match="PASSAGE_PROBE"):
        DedupeConfig.from_settings({"NEWSBOT_DEDUPE_PASSAGE_STORE": "16", "NEWSBOT_DEDUPE_PASSAGE_PROBE": "8"})


def test_reindex_recomputes_bands_for_new_parameters(migrated: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsbot.dedupe.__main__ import main

    engine = make_engine(migrated)
    sessions = session_factory(engine)
    old = Deduper()
    check(sessions, old, "https://a.example/1", STORY)
    new_config = DedupeConfig.from_settings({"NEWSBOT_DEDUPE_BANDS": "16"})
    # Before re-indexing, a copy checked with the new parameters finds no band candidate.
    probe = make_fingerprint(None, CHROME_HEAD + STORY, new_config.params)
    with sessions() as session:
        assert repository.band_candidates(session, lsh_rows(probe)) == []
    monkeypatch.setenv("NEWSBOT_DEDUPE_BANDS", "16")
    assert main(["reindex", "--db", migrated]) == 0
    assert '"reindexed": 1' in capsys.readouterr().out
    with sessions() as session:
        fp = repository.get_fingerprint(session, "https://a.example/1")
        assert fp is not None and fp.fingerprint_version == new_config.params.version
        assert [fid for fid, _ in repository.band_candidates(session, lsh_rows(probe))] == [fp.id]
    copy = check(sessions, Deduper(new_config), "https://b.example/1", CHROME_HEAD + STORY + "\n(完)", site="b")
    assert copy.kind in ("near", "exact") and copy.reprint_of == "https://a.example/1"
    engine.dispose()


# --- round 2: figure anchors and the tolerant figures tier ---------------------------------

VILLAGE = (
    "记者从省卫生健康委获悉,全省今年新建改建村卫生室1286所,配备智能健康一体机3540台。据介绍,项目总投资达到2.75亿元,"
    "其中省级财政补助1960万元,覆盖全省117个县(市、区)。截至目前,已有842名乡村医生完成轮训,基层首诊率提升到百分之六十。"
    "在偏远山区,村卫生室还开通了远程会诊系统,村民在村里就能得到县医院专家的诊疗意见,常见病、慢性病不出村就能解决。"
    "下一步,省卫生健康委将继续推动优质医疗资源下沉,让群众在家门口看好病。"
)
# The same story paraphrased and converted to traditional script with Taiwan wording: other
# sentence order and words, the same figures; no LSH band in common with VILLAGE (checked below).
VILLAGE_PARAPHRASE = (
    "截至目前已有842名村醫接受了輪訓。省衛健部門稱,本省今年新建與改建村衛生室1286所,同時添置3540台智慧型健康一體機,"
    "基層首診比例升至六成。這一工程總投資為2.75億元,省級財政補助1960萬元,覆蓋全省117個縣(市、區)。"
    "偏遠山區的村衛生室還開通了遠程會診系統,村民在村裡就能得到縣醫院專家的診療意見,常見病、慢性病不出村就能解決。"
    "衛健部門表示,未來將推動更多優質醫療資源向下流動,讓民眾在住家附近就能看好病。"
)
# Next year's report of the same programme: the same template, other figures.
VILLAGE_NEXT_YEAR = VILLAGE.replace("1286所", "1402所").replace("1960万元", "2105万元").replace("842名", "913名")


def test_anchor_figures_skip_years_and_small_numbers() -> None:
    assert anchor_figures(fold("2024年3月5日,共有186家医院、1700元、12人,同比2023年增长、300至800元")) == {
        "186", "1700", "300", "800"}
    assert anchor_figures(fold("电话:0351-4046688 邮编030001 晋ICP备12345678号 文号2215")) == {"2215"}
    params = DedupeConfig().params
    few = make_fingerprint(None, STORY, params)  # two numbers of >= 3 digits at most: no anchor rows
    assert all(band != ANCHOR_BAND for band, _ in few.bands) and len(lsh_rows(few)) == params.bands
    rich = make_fingerprint(None, VILLAGE, params)
    assert sum(band == ANCHOR_BAND for band, _ in rich.bands) == 20  # C(6, 3) triples
    off = make_fingerprint(None, VILLAGE, DedupeConfig(params=replace(params, anchor_sample=0)).params)
    assert all(band != ANCHOR_BAND for band, _ in off.bands) and len(lsh_rows(off)) == params.bands


def test_figures_tier_tolerates_one_conflict_only_with_more_agreeing_figures() -> None:
    params = DedupeConfig().params
    wire = ("郊南煤矿抢险指挥部6日22时35分接到报告,发生事故时当班入井86人,安全升井75人,被困井下11人。"
            "救援人员已经发现2名工人遇难,其余3名被困工人的搜救工作仍在进行,获救矿工已送往集团总医院治疗,目前身体状况比较稳定。"
            "在井下实施救援的消防救护中心主任表示,获救矿工生命体征平稳,在井下时自己走上了担架,并向救援人员道谢。")
    other = ("近日多地开展安全生产大检查,重点排查煤矿透水、瓦斯和顶板隐患,要求企业落实主体责任,加强应急演练和值班值守,"
             "发现问题立即整改,坚决遏制重特大事故发生。各地还组织专家深入一线开展指导服务,帮助企业完善应急预案。")
    # A compilation re-telling the wire in its own words, figures in the same context.
    retold = ("事件回顾:据了解,郊南煤矿抢险指挥部6日22时35分接到井下报告。事发时当班入井86人,其中安全升井75人,"
              "被困井下11人。目前已经发现2名工人遇难,其余3名被困工人的搜救工作仍在进行,获救矿工已送往集团总医院治疗。")

    def match(text: str, thresholds: Thresholds | None = None):  # type: ignore[no-untyped-def]
        a, b = make_fingerprint(None, wire, params), make_fingerprint(None, other + text, params)
        return compare(a.shingles, b.shingles, thresholds or Thresholds(), folded_a=a.folded, folded_b=b.folded)

    clean, one = match(retold), match(retold.replace("升井75人", "升井76人"))
    assert clean.reason == "near_figures" and clean.containment < 0.6 and clean.figures_conflict == 0
    assert one.reason == "near_figures" and one.figures_conflict == 1
    assert match(retold.replace("入井86人", "入井88人").replace("升井75人", "升井77人")).reason == "figures_differ"
    # The conflict costs one agreeing figure; 0 tolerated conflicts restores the strict tier.
    needs_seven = replace(Thresholds(), figures_min_agree=clean.figures_agree - 1)
    assert match(retold, needs_seven).accepted and not match(retold.replace("升井75人", "升井76人"), needs_seven).accepted
    assert not match(retold.replace("升井75人", "升井76人"), replace(Thresholds(), figures_max_conflicts=0)).accepted


def test_paraphrase_with_the_same_figures_is_found_through_the_anchors(sessions) -> None:  # type: ignore[no-untyped-def]
    params = DedupeConfig().params
    a, b = make_fingerprint(None, VILLAGE, params), make_fingerprint(None, VILLAGE_PARAPHRASE, params)
    assert not set(lsh_rows(a)) & set(lsh_rows(b)) and {x for x in a.bands if x[0] == ANCHOR_BAND} & {x for x in b.bands if x[0] == ANCHOR_BAND}
    deduper = Deduper()
    orig = check(sessions, deduper, "https://a.example/v1.html", VILLAGE, title=None, published_at=at(20))
    para = check(sessions, deduper, "https://tw.example/v1.html", VILLAGE_PARAPHRASE, title=None, site="tw")
    later = check(sessions, deduper, "https://a.example/v2.html", VILLAGE_NEXT_YEAR, title=None)
    assert para.cluster_id == orig.cluster_id and para.kind == "near_figures" and para.candidates >= 1
    assert later.cluster_id != orig.cluster_id and later.candidates >= 1  # a candidate, vetoed by its figures


def test_without_anchors_and_passages_the_paraphrase_has_no_candidate(sessions) -> None:  # type: ignore[no-untyped-def]
    config = DedupeConfig(params=replace(DedupeConfig().params, anchor_sample=0, passage_store=0))
    deduper = Deduper(config)
    orig = check(sessions, deduper, "https://a.example/v1.html", VILLAGE, title=None)
    para = check(sessions, deduper, "https://tw.example/v1.html", VILLAGE_PARAPHRASE, title=None, site="tw")
    assert para.candidates == 0 and para.cluster_id != orig.cluster_id


def test_pages_sharing_only_figures_never_push_a_text_copy_out_of_the_candidates(sessions) -> None:  # type: ignore[no-untyped-def]
    # Many pages of one hospital site repeat the same figures (beds, staff, visits) in an intro.
    intro = "本院开放床位1200张,职工1650人,年门诊量385000人次,年手术4200台。"
    pages = [
        "近日,我院专家团队走进城东社区,为居民免费测量血压血糖,讲解慢性病防治知识,现场发放健康手册数百份。",
        "护士节当天,医院召开表彰大会,为优秀护理工作者颁奖,新入职护士集体宣誓,决心传承南丁格尔精神。",
        "新建门诊大楼正式启用,挂号收费实现自助办理,候诊区增设母婴室和无障碍通道,患者就医更加方便。",
        "急诊科联合消防部门开展应急救护演练,模拟批量伤员到院后的分诊、抢救和转运流程,检验协同能力。",
        "医院召开党风廉政建设工作会议,签订责任书,部署医药领域腐败问题集中整治,要求全体职工廉洁从业。",
        "为方便上班族就医,医院开设夜间便民门诊,内科、儿科和口腔科医生坐诊至晚上九点,周末照常开放。",
        "医院选派骨干医师赴偏远乡镇卫生院开展为期半年的帮扶,通过带教查房和疑难病例讨论提升基层水平。",
        "泌尿外科成功完成首例机器人辅助腹腔镜手术,患者术后第二天即可下床活动,恢复情况良好。",
    ]
    deduper = Deduper(DedupeConfig(max_candidates=5))
    firsts = set()
    for n, page in enumerate(pages):
        firsts.add(check(sessions, deduper, f"https://hospital.example/{n}.html", intro + page, title=None,
                         site="hospital").cluster_id)
    # The shared intro (4 agreeing figures, ~40 % of each short page) is not a shared passage
    # (``figures_min_shared``): it links none of them.
    assert len(firsts) == len(pages)
    orig = check(sessions, deduper, "https://a.example/1.html", STORY, published_at=at(20))
    copy_body = intro + "\n".join(STORY.splitlines()[:2])
    params = deduper.config.params
    probe = make_fingerprint(None, copy_body, params)
    with sessions() as session:
        # LSH and anchor rows only: the ranking is what this test is about
        rows = [b for b in probe.bands if b[0] != PASSAGE_BAND]
        ranked = repository.band_candidates(session, rows, limit=5, rank_below=ANCHOR_BAND)
        unranked = repository.band_candidates(session, rows, limit=5)
        story_id = repository.get_fingerprint(session, "https://a.example/1.html").id
    assert ranked[0][0] == story_id and story_id not in [fid for fid, _ in unranked]
    copy = check(sessions, deduper, "https://b.example/1.html", copy_body, title=None, site="site_b")
    assert copy.cluster_id == orig.cluster_id


def test_a_month_of_daily_bulletins_stays_apart_while_their_copies_join(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    originals, copies = {}, {}
    for day in range(1, 11):
        originals[day] = check(sessions, deduper, f"https://a.example/b{day}.html",
                               bulletin(day, day % 3, 150 + day, 10700 + 13 * day), title="山西疫情通报")
    for day in range(1, 11):
        copies[day] = check(sessions, deduper, f"https://b.example/b{day}.html",
                            "中新网消息\n" + bulletin(day, day % 3, 150 + day, 10700 + 13 * day), title=None, site="b")
    assert len({d.cluster_id for d in originals.values()}) == 10
    assert all(copies[day].cluster_id == originals[day].cluster_id for day in originals)


def test_figure_triples_on_many_pages_are_boilerplate_and_stop_being_indexed(sessions) -> None:  # type: ignore[no-untyped-def]
    intro = "本院开放床位1200张,职工1650人,年门诊量385000人次,年手术4200台。"  # 4 anchors → 4 triples
    deduper = Deduper(DedupeConfig(anchor_max_postings=3))
    for n in range(5):
        body = intro + f"这是医院网站的第{'一二三四五'[n]}篇动态,介绍{'内外妇儿眼'[n]}科近期开展的新技术新项目和便民服务举措。" * 2
        check(sessions, deduper, f"https://hospital.example/{n}.html", body, title=None, site="hospital")
    with sessions() as session:
        counts = [session.scalar(select(func.count()).select_from(ArticleBand).where(
            ArticleBand.band == ANCHOR_BAND,
            ArticleBand.fingerprint_id == repository.get_fingerprint(session, f"https://hospital.example/{n}.html").id))
            for n in range(5)]
        lsh = session.scalar(select(func.count()).select_from(ArticleBand).where(ArticleBand.band < ANCHOR_BAND))
    assert counts == [4, 4, 4, 0, 0]  # a triple carried by 3 articles is no longer stored (nor looked up)
    assert lsh == 5 * deduper.config.params.bands  # the text bands are untouched


def test_reindex_gives_round_one_fingerprints_their_anchor_rows(migrated: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsbot.dedupe.__main__ import main

    engine = make_engine(migrated)
    sessions = session_factory(engine)
    monkeypatch.setenv("NEWSBOT_DEDUPE_ANCHOR_SAMPLE", "0")  # a database filled before the anchors
    round_one = Deduper(DedupeConfig.from_settings(os.environ))
    check(sessions, round_one, "https://a.example/v1.html", VILLAGE, title=None)
    monkeypatch.delenv("NEWSBOT_DEDUPE_ANCHOR_SAMPLE")
    assert main(["reindex", "--db", migrated]) == 0
    assert '"reindexed": 1' in capsys.readouterr().out
    para = check(sessions, Deduper(), "https://tw.example/v1.html", VILLAGE_PARAPHRASE, title=None, site="tw")
    assert para.kind == "near_figures" and para.reprint_of == "https://a.example/v1.html"
    engine.dispose()


def test_concurrent_first_copies_on_two_connections_share_one_cluster(pg_url: str) -> None:
    """A second check-and-insert waits for the first one's transaction (PostgreSQL advisory lock),
    so the copy it carries is linked to the story the first one just stored."""
    import threading

    from newsbot.db.migrate import upgrade

    upgrade(pg_url)
    engine_a, engine_b = make_engine(pg_url), make_engine(pg_url)
    deduper = Deduper()
    results: dict[str, object] = {}
    session_a = session_factory(engine_a)()
    try:
        session_a.begin()
        first = deduper.check_and_insert(session_a, DedupeDoc("https://a.example/1.html", "site_a", TITLE, STORY, at(20), None))

        def second() -> None:
            with session_factory(engine_b).begin() as session_b:  # blocks until A commits
                results["copy"] = deduper.check_and_insert(
                    session_b, DedupeDoc("https://b.example/2.html", "site_b", TITLE, STORY, at(21), None))

        worker = threading.Thread(target=second)
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive(), "the second check did not wait for the first transaction"
        session_a.commit()
        worker.join(timeout=20)
        copy = results["copy"]
        assert copy.kind == "exact" and copy.cluster_id == first.cluster_id  # type: ignore[attr-defined]
    finally:
        session_a.close()
        engine_a.dispose()
        engine_b.dispose()


# --- round 3: readings, figure contexts, virus names, disclaimers and menus (synthetic) --------

def _with_readings(text: str) -> str:
    """A converter's copy: a pinyin reading after some characters (衛(wèi)生, 醫(yī)療)."""
    readings = {"卫": "wèi", "医": "yī", "会": "huì", "务": "wù", "区": "qū", "县": "xiàn", "进": "jìn"}
    return "".join(ch + f"({readings[ch]})" if ch in readings else ch for ch in text)


def test_inline_readings_do_not_change_the_comparison_text() -> None:
    assert fold(_with_readings(STORY)) == fold(STORY)
    assert content_hash(_with_readings(STORY)) == content_hash(STORY)
    assert fold("新冠(COVID-19)疫情") == fold("新冠(COVID-19)疫情")  # an ordinary bracket stays


def test_readings_repeated_by_a_template_bug_are_dropped_too() -> None:
    from newsbot.readings import strip_readings

    assert fold("山(shan)西省(sheng)中(zhong)(zhong)(zhong)西醫(yi)(yi)結合(he)(he)(he)醫院") == fold("山西省中西醫結合醫院")
    text = "中(zhong)(zhong)西医"
    stripped, offsets = strip_readings(text)
    assert stripped == "中西医" and offsets is not None and [text[i] for i in offsets] == list("中西医")


def test_a_copy_with_readings_joins_its_story(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    orig = check(sessions, deduper, "https://a.example/1.html", STORY)
    copy = check(sessions, deduper, "https://farm.example/1.html", _with_readings(STORY), title=None, site="farm")
    assert copy.cluster_id == orig.cluster_id and copy.kind == "exact"


def test_figure_context_skips_other_numbers() -> None:
    final = fold("救援工作已全部结束,救出57人,其中29人遇难,7人重伤。")
    update = fold("截至凌晨1时30分,已救出48人,其中20人遇难,7人重伤。")
    # the toll is keyed 出人其中 in both (the number before it is skipped), so 29 and 20 conflict
    assert figures(final)["出人其中"] == {"29"} and figures(update)["出人其中"] == {"20"}
    _agree, conflict = figure_agreement(figures(final), figures(update))
    assert conflict >= 1


def test_the_digits_of_a_virus_name_are_no_figures() -> None:
    text = fold("山西首例甲型H1N1流感疑似病例被确诊,H1N1病毒核酸阳性,另有H7N9病例。")
    assert not any(key.endswith(("h", "n")) for key in figures(text)), figures(text)
    assert "1" not in {v for values in figures(text).values() for v in values}


def test_update_bulletin_with_other_tolls_stays_apart_from_the_final_report(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    shared = ("8月29日9时40分左右,某县某乡某村一饭店发生坍塌事故,当时有民众在此办寿宴,房屋大厅屋顶突发坍塌。\n"
              "事故发生后,现场成立了抢险救援组,组织消防、公安、应急、卫生及相关救援队伍840余人,全力以赴展开救援。\n"
              "据了解,该饭店已经营十几年,几年前饭店一层房顶加盖了彩钢房,事发时正在举办寿宴。\n")
    final = check(sessions, deduper, "https://a.example/final.html",
                  "记者从事故现场抢险救援领导组获悉,救援工作于8月30日3时45分已全部结束,救出57人,其中29人遇难,7人重伤,21人轻伤。\n"
                  + shared + "目前,事故具体原因正在进一步调查中。", title="饭店坍塌事故救援结束")
    update = check(sessions, deduper, "https://b.example/update.html",
                   "记者从事故现场抢险救援组获悉,截至8月30日凌晨1时30分,已救出48人,其中20人遇难,5人重伤,23人轻伤。\n"
                   + shared + "目前救援工作还在紧张进行中。", title=None, site="site_b")
    assert update.cluster_id != final.cluster_id


def test_disclaimers_keyword_lines_menus_and_tickers_are_chrome() -> None:
    page = ("首页 要闻 图片 发展观察 新闻跟踪 经济发展 减贫救灾 社会发展\n"
            "-某地召开经济工作会议 -某市房价持续上涨 -某省出台减负措施 -某国议员施压 -某地干旱持续\n"
            "关键词: 注射疫苗 卫生厅 疫苗接种 儿童 异常反应 乙脑疫苗 运城市 卫生部 山西省委书记 运城市\n"
            + STORY + "\n"
            "免责声明:本网所有文章、照片版权均属原作者,仅代表作者个人观点,不代表本网立场、观点。本网仅出于传递更多信息而刊登,"
            "不承担法律责任。如发现有涉嫌抄袭、侵权等违法违规内容,请致电010-56382977,一经核实,立刻删除。")
    assert strip_chrome(page) == STORY


def test_an_update_that_reuses_the_first_report_but_changes_its_lead_figure_stays_apart(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    facts = ("18日12时57分消防救援支队接警:某医院住院部东楼发生火情。接警后,消防、公安、卫健、应急等部门即赴现场处置。"
             "13时33分许,现场明火被扑灭。15时30分,现场救援工作结束,共疏散转移患者71人。")
    first = check(sessions, deduper, "https://a.example/fire.html",
                  "记者从消防救援支队获悉," + facts + "截至18时,经转院救治无效,21人不幸丧生。事故原因正在进一步调查。",
                  title="某医院发生火灾")
    copy = check(sessions, deduper, "https://farm.example/fire.html",
                 "(资料图片仅供参考)记者从消防救援支队获悉," + facts + "截至18时,经转院救治无效,21人不幸丧生。",
                 title=None, site="farm")
    update = check(sessions, deduper, "https://b.example/fire2.html",
                   "今天(19日)召开火灾事故情况通报会,截至今早9时,经转院救治无效,29人不幸死亡。" + facts,
                   title=None, site="site_b")
    assert copy.cluster_id == first.cluster_id
    assert update.cluster_id != first.cluster_id


def test_a_re_led_copy_that_writes_the_date_with_its_year_is_still_a_copy(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    body = ("某县某镇某村发生一起意外窒息事件,造成7人遇难。经公安机关初步调查,一名工人进入烘干设备进料坑后失联,"
            "随后6人进入该坑道施救,也先后中毒。消防救援部门将7人救出,并送至县第一人民医院抢救,经抢救无效死亡。"
            "据了解,该起窒息死亡事件系意外事件,进料坑内一氧化碳气体系加热设施管线与进料装置互通倒灌形成。")
    first = check(sessions, deduper, "https://a.example/co.html", "记者从市委宣传部获悉,10月3日," + body, title="7人意外窒息")
    releded = check(sessions, deduper, "https://b.example/co.html", "记者从市委宣传部获悉,2023年10月3日," + body,
                    title=None, site="site_b")
    assert releded.cluster_id == first.cluster_id


def test_figures_glued_by_folding_in_the_lead_do_not_count_twice(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    body = ("12月23日上午,国新办举行新闻发布会,介绍居民营养与慢性病状况报告有关情况。国家卫生健康委副主任表示,"
            "随着慢性病患者生存期的不断延长,我国慢性病患者基数仍将不断扩大,防控工作仍然面临巨大挑战。"
            "家庭人均每日烹调用盐与每日5克的推荐量相比差距仍然较大,家庭人均每日烹调用油达43.2克,"
            "超过一半的居民高于30克每天的推荐值上限,18.9%的中小学生经常饮用含糖饮料。")
    first = check(sessions, deduper, "https://a.example/n.html", "我国成年居民超重肥胖超过50%。" + body, title="居民营养报告发布")
    # "50%,6-17岁" folds to 50617: the same 50 with other figures glued on, not a new toll
    copy = check(sessions, deduper, "https://b.example/n.html",
                 "我国成年居民超重肥胖超过50%,6-17岁的儿童青少年接近20%。" + body, title=None, site="site_b")
    assert copy.cluster_id == first.cluster_id


# --- round 4: leaked markup and passage candidates (synthetic) -----------------------------------

def _with_font_tags(text: str, every: int, offset: int) -> str:
    """A mirror farm's copy: ``<font>``, ``font>`` and ``</font>`` fragments injected at places that
    differ per copy (modelled on farm copies of a national COVID bulletin)."""
    tags = ("<font>", "font>", "</font>")
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if ch.isdigit() and (i + offset) % every == 0:
            out.append(tags[(i // every) % 3])
    return "".join(out)


def test_leaked_markup_is_not_compared() -> None:
    assert fold("上海<font>9例,北京7font>例,内蒙古6</font>例") == fold("上海9例,北京7例,内蒙古6例")
    assert fold('&lt;p&gt;正文&lt;/p&gt;<span style="color:red">好</span>') == fold("正文好")
    assert fold("a>b 5>3 fonts") == "ab53fonts"  # a comparison sign or a word is no tag


def test_copies_with_tags_injected_at_different_places_join_one_story(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper()
    bulletin = ("9月24日0—24时,31个省(自治区、直辖市)报告新增确诊病例217例。其中境外输入病例58例(广东12例,上海9例,"
                "福建8例,北京7例,内蒙古6例,四川6例,天津3例,浙江3例,江苏1例,山东1例,云南1例,陕西1例),"
                "含9例由无症状感染者转为确诊病例(广东4例,四川2例,北京1例,浙江1例,山东1例);本土病例159例"
                "(贵州86例,四川40例,黑龙江11例,西藏8例,广东6例,天津3例,浙江2例,广西1例,重庆1例,宁夏1例)。")
    first = check(sessions, deduper, "https://farm-a.example/1.html", _with_font_tags(bulletin, 2, 0), title=None)
    second = check(sessions, deduper, "https://farm-b.example/2.html", _with_font_tags(bulletin, 2, 1), title=None,
                   site="farm_b")
    assert second.cluster_id == first.cluster_id


def _long_report(seed: int, paragraphs: int = 10) -> list[str]:
    """A long synthetic report: paragraphs of four sentences of common CJK characters (no figures,
    so that neither the figure anchors nor the figure tier can link its copies)."""
    rng = random.Random(seed)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 2500)]
    return ["".join("".join(rng.choices(pool, k=rng.randint(18, 36))) + "。" for _ in range(4))
            for _ in range(paragraphs)]


def test_a_teaser_keeping_a_tenth_of_a_long_report_is_found_through_its_passages(sessions) -> None:  # type: ignore[no-untyped-def]
    report = _long_report(2)
    full, teaser = "\n".join(report), report[0]  # the first of ten paragraphs
    params = DedupeConfig().params
    a, b = make_fingerprint("某报告全文", full, params), make_fingerprint("转载:报告摘要", teaser, params)
    assert not set(lsh_rows(a)) & set(lsh_rows(b))  # Jaccard ~0.1: LSH does not propose the pair
    orig = check(sessions, Deduper(), "https://a.example/report.html", full, title="某报告全文")
    copy = check(sessions, Deduper(), "https://farm.example/teaser.html", teaser, title="转载:报告摘要", site="farm")
    assert copy.cluster_id == orig.cluster_id and copy.kind == "near" and copy.similarity is not None


def test_a_long_report_arriving_after_its_teaser_finds_it(sessions) -> None:  # type: ignore[no-untyped-def]
    report = _long_report(3)
    teaser = check(sessions, Deduper(), "https://farm.example/t.html", report[0], title=None, site="farm")
    full = check(sessions, Deduper(), "https://a.example/r.html", "\n".join(report), title=None)
    assert full.cluster_id == teaser.cluster_id


def test_without_passages_the_teaser_has_no_candidate(sessions) -> None:  # type: ignore[no-untyped-def]
    deduper = Deduper(DedupeConfig(params=replace(DedupeConfig().params, passage_store=0)))
    report = _long_report(2)
    orig = check(sessions, deduper, "https://a.example/report.html", "\n".join(report), title="某报告全文")
    copy = check(sessions, deduper, "https://farm.example/teaser.html", report[0], title="转载:报告摘要", site="farm")
    assert copy.candidates == 0 and copy.cluster_id != orig.cluster_id


def test_a_passage_on_many_pages_is_boilerplate_and_stops_being_indexed(sessions) -> None:  # type: ignore[no-untyped-def]
    footer = "本网站所刊登的各种新闻信息资料均为版权所有未经协议授权禁止下载使用"  # survives chrome stripping
    deduper = Deduper(DedupeConfig(anchor_max_postings=3))
    for n in range(6):
        check(sessions, deduper, f"https://site.example/{n}.html", _long_report(n, 1)[0] + footer * 3,
              title=None, site="site")
    with sessions() as session:
        postings = session.execute(select(ArticleBand.hash, func.count()).where(ArticleBand.band == PASSAGE_BAND)
                                   .group_by(ArticleBand.hash)).all()
    assert postings and max(n for _hash, n in postings) == 3  # stored by the first three pages, then skipped


def test_a_figure_context_with_numbers_each_text_lacks_is_a_conflict() -> None:
    day4 = figures(fold("累计报告确诊病例133例,治愈出院133例。新增境外输入确诊病例1例,累计报告境外输入确诊病例5例。"))
    day12 = figures(fold("累计报告确诊病例133例,治愈出院133例。新增境外输入确诊病例1例,累计报告境外输入确诊病例40例。"))
    cut = figures(fold("累计报告确诊病例133例,治愈出院133例。"))
    assert figure_agreement(day4, day12)[1] >= 1  # 确诊病例: {1, 133, 5} against {1, 133, 40}
    assert figure_agreement(day4, cut) == (len(cut), 0)  # a truncated copy keeps a subset: it agrees


def test_bulletins_of_two_days_sharing_their_running_totals_stay_apart(sessions) -> None:  # type: ignore[no-untyped-def]
    # Two formats of one province's daily bulletin (modelled on 2020 provincial COVID bulletins): half
    # the words shared, running totals equal (133 cases, 133 cured), the day's figures not.
    day4 = ("2020年4月4日0-24时,某省本地无新增新冠肺炎确诊病例,累计报告确诊病例133例,治愈出院133例。"
            "无新增疑似病例,现有疑似病例0例。\n"
            "2020年4月4日0-24时,某省新增境外输入确诊病例1例(某市报告英国输入确诊病例1例),累计报告境外输入确诊病例5例。"
            "无新增境外输入疑似病例,现有境外输入疑似病例0例。\n"
            "2020年4月4日0-24时,某省无报告新增无症状感染者。尚在医学观察无症状感染者2例。\n"
            "累计追踪到密切接触者4683人(含境外输入病例密切接触者),当日解除医学观察37人,尚在医学观察的密切接触者252人。")
    day12 = ("2020年4月12日0-24时,某省本地无新增新冠肺炎确诊病例、疑似病例和无症状感染者。累计报告确诊病例133例,治愈出院133例。\n"
             "2020年4月12日0-24时,某省新增境外输入确诊病例1例(境外输入无症状感染者转为确诊病例1例)、疑似病例0例、"
             "无症状感染者0例,均为国际航班经停入境人员,无省内自行活动轨迹。\n"
             "截至2020年4月12日24时,某省累计报告境外输入确诊病例40例,治愈出院2例,现有境外输入确诊病例38例(其中重症5例);"
             "现有境外输入疑似病例0例;尚在医学观察的无症状感染者2例。\n"
             "累计追踪到密切接触者4851人(含境外输入病例密切接触者),尚在医学观察的密切接触者159人。")
    deduper = Deduper()
    first = check(sessions, deduper, "https://a.example/d4.html", day4, title=None)
    later = check(sessions, deduper, "https://b.example/d12.html", day12, title=None, site="b")
    copy = check(sessions, deduper, "https://c.example/d4.html", "据央视新闻\n" + day4, title=None, site="c")
    assert later.candidates >= 1 and later.cluster_id != first.cluster_id
    assert copy.cluster_id == first.cluster_id


def test_two_short_notices_sharing_their_template_stay_apart(sessions) -> None:  # type: ignore[no-untyped-def]
    # Modelled on two national health notices years apart: same issuer, statutes and structure,
    # opposite content; each about 90 folded characters, containment 0.65.
    first = ("某部委公告\n经国务院批准,现公告如下:一、将某某病毒感染的肺炎纳入《中华人民共和国传染病防治法》规定的乙类传染病,"
             "并采取甲类传染病的预防、控制措施。\n"
             "二、将某某病毒感染的肺炎纳入《中华人民共和国国境卫生检疫法》规定的检疫传染病管理。\n特此公告。")
    later = ("某部委公告\n经国务院批准,现公告如下:一、将某某病毒肺炎更名为某某病毒感染。\n二、解除对某某病毒感染采取的《中华人民共和国传染病防治法》"
             "规定的甲类传染病预防、控制措施;某某病毒感染不再纳入《中华人民共和国国境卫生检疫法》规定的检疫传染病管理。\n特此公告。")
    deduper = Deduper()
    a = check(sessions, deduper, "https://a.example/n1.html", first, title=None)
    b = check(sessions, deduper, "https://b.example/n7.html", later, title=None, site="b")
    copy = check(sessions, deduper, "https://c.example/n1.html", "来源:某部委网站\n" + first + "\n责任编辑:某某", title=None,
                 site="c")
    assert b.cluster_id != a.cluster_id
    assert copy.cluster_id == a.cluster_id


def test_sqlite_band_lookups_search_the_index_instead_of_scanning(sqlite_url: str) -> None:
    """A row-value IN list makes SQLite scan all of article_bands for every lookup (O(n) per article);
    the OR of (band, hash) equalities is one index search per pair."""
    from sqlalchemy import event

    from newsbot.db.migrate import upgrade

    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    captured: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def grab(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        captured.append((statement, parameters))

    try:
        pairs = [(0, 1), (1, 2), (PASSAGE_BAND, 3)]
        with session_factory(engine)() as session:
            repository.band_candidates(session, pairs, limit=5)
            repository.capped_band_candidates(session, pairs, sampled_from=ANCHOR_BAND, cap=50, limit=5)
        statements = [c for c in captured if "article_bands" in c[0]]
        assert len(statements) == 2
        for statement, parameters in statements:
            with engine.connect() as conn:
                plan = " | ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "SEARCH" in plan and "SCAN article_bands" not in plan and "SCAN ab" not in plan, plan
    finally:
        engine.dispose()


def test_candidates_proposed_only_by_shared_passages_are_capped(sessions) -> None:  # type: ignore[no-untyped-def]
    # A stock phrase shared by unrelated articles (every window stored here, so that it is shared for
    # sure): LSH proposes none of them; passages alone propose all, but only the best few are verified.
    params = replace(DedupeConfig().params, passage_store=400, passage_probe=400)
    stock = "以新时代卫生与健康工作方针为指引深入推进健康山西建设"
    stories = _long_report(5, 12)
    for n in range(12):
        check(sessions, Deduper(DedupeConfig(params=params)), f"https://site.example/{n}.html",
              stock + "。" + stories[n], title=None, site="site")
    probe = stock + "。" + _long_report(99, 1)[0]
    capped = check(sessions, Deduper(DedupeConfig(params=params)), "https://site.example/probe.html", probe,
                   title=None, site="site")
    wide = check(sessions, Deduper(DedupeConfig(params=params, max_sampled_candidates=20)),
                 "https://site.example/probe2.html", probe + "补充", title=None, site="site")
    assert capped.candidates == 6 and wide.candidates > 6, (capped.candidates, wide.candidates)


def test_a_new_story_that_reuses_an_older_ones_background_stays_apart(sessions) -> None:  # type: ignore[no-untyped-def]
    # synthetic, modelled on a governor's resignation reported with the whole biography of the
    # report on his investigation eleven days before (a new lead, most of the text shared)
    deduper = Deduper()
    bio = ("公开简历显示,某某某,男,汉族,1964年7月生,研究生学历,管理学博士,中共党员。某某某历任某某航空旅业开发股份有限公司"
           "总经济师兼经营部总经理,某省社会保险事业局局长,某市委常委、常务副市长,某省人民政府副秘书长,"
           "某省发展和改革委员会主任,某省人民政府副省长,某自治区党委常委、副主席,后任本省省委副书记、省长。"
           "他长期在经济部门工作,曾分管发展改革、财政、卫生健康和医疗保障等工作。")
    more = ("据报道,某某某是今年以来第二名被查的现任省长。此前,中央纪委国家监委网站已先后通报多名省部级干部接受审查调查的消息。"
            "分析人士指出,这释放出全面从严治党、坚定不移推进反腐败斗争的强烈信号,反腐败斗争永远在路上。")
    probe = check(sessions, deduper, "https://a.example/probe.html",
                  "据中央纪委国家监委网站4月12日消息,本省省委副书记、省长某某某涉嫌严重违纪违法,目前正接受中央纪委国家监委"
                  "纪律审查和监察调查。" + bio + more, title="省长某某某接受审查调查")
    copy = check(sessions, deduper, "https://farm.example/probe.html",
                 "据中央纪委国家监委网站4月12日消息,本省省委副书记、省长某某某涉嫌严重违纪违法,目前正接受纪律审查和监察调查。"
                 + bio + more, title="某某某被查", site="farm")
    resigns = check(sessions, deduper, "https://b.example/resign.html",
                    "4月23日,省十四届人大常委会第二十次会议通过决定:根据地方组织法和人事任免办法的规定,某某某因涉嫌严重违纪违法"
                    "辞去省人民政府省长职务,并报省人民代表大会会议备案。会议还表决通过了其他人事任免事项,"
                    "常委会组成人员出席会议,副主任主持会议。" + bio, title=None, site="site_b")
    assert copy.cluster_id == probe.cluster_id
    assert resigns.cluster_id != probe.cluster_id


def test_the_lead_check_needs_the_opening_and_can_be_turned_off() -> None:
    params = DedupeConfig().params
    shared = "\n".join(STORY.splitlines()[1:])
    a = make_fingerprint(None, "市卫生健康委员会近日召开全市基层医疗卫生服务能力提升推进会,各县(市、区)卫生健康局局长、"
                               "基层医疗卫生机构负责人参加会议,市卫生健康委员会主任出席会议并讲话,对下一阶段工作作出部署。"
                               "会议以视频形式召开,各县(市、区)设分会场,相关科室负责同志在分会场参加会议并作交流发言。\n" + shared, params)
    b = make_fingerprint(None, "记者日前从有关部门了解到,今年以来各地按照年初部署扎实推进各项重点工作,一批惠民举措陆续落地见效,"
                               "群众获得感不断增强,受到广泛好评。相关负责人在接受采访时介绍了具体情况,并回答了记者提问。"
                               "他表示,下一步将继续围绕群众关心关注的问题,拿出更多务实举措,推动各项工作取得新成效。\n"
                         + shared, params)
    match = compare(a.shingles, b.shingles, Thresholds(), folded_a=a.folded, folded_b=b.folded)
    assert not match.accepted and match.reason == "lead_differs" and match.containment >= Thresholds().containment
    assert compare(a.shingles, b.shingles, Thresholds(lead_free=0.0), folded_a=a.folded, folded_b=b.folded).accepted


# --- bylines (round 7) --------------------------------------------------------------------------

RELEASE = (
    "国家医疗保障局18日举行新闻发布会,介绍2022年国家医保药品目录调整情况。本次调整共有111个药品新增进入目录,"
    "3个药品被调出目录。从谈判和竞价情况看,147个目录外药品参与谈判和竞价,121个药品谈判或竞价成功,总体成功率达"
    "82.3%,创历年新高。谈判和竞价新准入的药品,价格平均降幅达60.1%。本轮调整后,国家医保药品目录内药品总数达到"
    "2967种,其中西药1586种,中成药1381种;中药饮片未作调整,仍为892种。"
)


def test_reporters_are_read_from_delimited_bylines_only() -> None:
    from newsbot.dedupe.reporters import reporters

    assert reporters("中新社北京1月18日电 (记者 李纯)据中国国家医疗保障局18日消息……") == ("李纯",)
    assert reporters("(中青報·中青網見習記者 餘冰玥 記者 劉昶榮)今天上午") == ("余冰玥", "刘昶荣")
    assert reporters("三湘都市报12月13日讯(全媒体记者 李琪 整理)今日") == ("李琪",)
    assert reporters("北京1月18日电 (王玉玲)18日,国家医疗保障局召开发布会") == ("王玉玲",)
    assert reporters("本报记者 张三 李四 报道 近日") == ("张三", "李四")
    assert reporters("记者从山西省卫健委获悉,全省……责任编辑:王五") == ()
    assert reporters("本报讯 通讯员 龙莉平 报道 近日,洞口县人民医院组织医务人员开展义诊") == ("龙莉平",)
    assert reporters("") == () and reporters(None) == ()


def test_write_ups_by_different_reporters_stay_apart_even_through_a_copy_without_byline(sessions) -> None:  # type: ignore[no-untyped-def]
    """Two outlets' write-ups of one press release quote the same paragraph: each names its own
    reporter, so they are two stories - also when a third page carrying the paragraph without a
    byline joined the first. A reprint that keeps the byline, or drops it, is the same story."""
    deduper = Deduper()
    wire = check(sessions, deduper, "https://cns.example/1", "中新社北京1月18日电 (记者 李纯)" + RELEASE
                 + "医药服务管理司副司长黄心宇在会上介绍说,本次调整后保障水平得到进一步提升。", site="cns", title=None)
    farm = check(sessions, deduper, "https://farm.example/1", "中新社北京1月18日电 (记者 李纯)" + RELEASE
                 + "医药服务管理司副司长黄心宇在会上介绍说,本次调整后保障水平得到进一步提升。(完)", site="farm", title=None)
    bare = check(sessions, deduper, "https://mirror.example/1", "据中国新闻网消息," + RELEASE, site="mirror", title=None)
    other = check(sessions, deduper, "https://jw.example/1", "北京1月18日电 (王玉玲)" + RELEASE
                  + "从患者负担情况看,本次调整预计未来两年将为患者减负超过900亿元。", site="jw", title=None)
    assert farm.cluster_id == wire.cluster_id and bare.cluster_id == wire.cluster_id
    assert other.cluster_id != wire.cluster_id, other
    with sessions() as session:
        assert repository.get_fingerprint(session, "https://jw.example/1").reporters == ["王玉玲"]
    assert compare(frozenset("abc"), frozenset("abc"), Thresholds(), reporters_a=("李纯",), reporters_b=("王玉玲",)).accepted

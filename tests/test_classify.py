"""The classifier on hand-written (synthetic) articles, one per hard case of the classify issue.

Every text here was written for this test; none comes from the evaluation set.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsbot.classify import Classifier, load_rules
from newsbot.classify.rules import DEFAULT_RULES_DIR
from newsbot.classify.textnorm import fold


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier()


# --- relevance ------------------------------------------------------------------------------

def test_hospital_story_is_health_with_evidence(clf: Classifier) -> None:
    labels = clf.classify(
        "寿阳县医疗集团揭牌成立",
        "11月5日,寿阳县医疗集团正式揭牌。集团由县人民医院牵头,整合14家乡镇卫生院,推进县域医共体建设,"
        "让群众在家门口看病就医。集团将推行分级诊疗,专家定期下沉到乡镇卫生院坐诊。",
    )
    assert labels.is_health and labels.health_score > 0.9
    assert labels.is_shanxi
    assert set(labels.regions) == {"140725", "140700"}  # a county brings its city, no province
    assert "reform" in labels.topics
    assert "寿阳县医疗集团" in labels.institutions
    assert labels.risk_level == "none"
    evidence = labels.label_evidence["health"]["terms"]
    assert evidence["医疗集团"]["title"] == 1 and evidence["医疗集团"]["body"] >= 1
    assert any(at.startswith("title:") for at in evidence["医疗集团"]["at"])
    assert "140725" in labels.label_evidence["regions"]
    assert labels.label_evidence["shanxi"]["shanxi_score"] > 0


def test_hospital_in_crime_story_is_not_health(clf: Classifier) -> None:
    labels = clf.classify(
        "",
        "11月3日晚,太原市小店区一小区发生持刀伤人案件,一名男子受伤后被送往医院救治。"
        "接到报警后,小店公安分局民警迅速赶到现场,将犯罪嫌疑人王某抓获。警方表示,案件正在进一步侦办中。",
    )
    assert not labels.is_health
    assert labels.is_shanxi and "140105" in labels.regions
    assert labels.topics == [] and labels.risk_level == "none"  # non-health: no topics, no risk


def test_ambulances_in_mine_rescue_are_not_health(clf: Classifier) -> None:
    labels = clf.classify(
        "煤矿透水事故被困矿工全部升井",
        "经过连续救援,晋城市一煤矿井下被困的6名矿工全部升井,随即被救护车送往医院接受救治。"
        "事故发生后,救援队伍调集排水设备,全力搜救被困人员。",
    )
    assert not labels.is_health
    assert labels.regions == ["140500"]


def test_football_injury_is_not_health(clf: Classifier) -> None:
    labels = clf.classify("主力中卫受伤离场", "联赛第十轮比赛中,球队主力中卫在一次争顶中受伤,队医进场处理后被担架抬下,赛后送医院拍片检查。主教练表示球员状态不错。")
    assert not labels.is_health


# --- Shanxi and regions ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "陕西省西安市第一医院近日成功开展一例高难度心脏手术,患者术后恢复良好。",
    "陜西省榆林市卫生健康委员会召开全市医疗质量工作会议,部署医院管理工作。",
    "安徽省寿县人民医院开展“服务百姓健康行动”义诊活动,医生为群众免费体检。",
    "河南省沁阳市人民医院新院区正式开诊,门诊楼和住院楼投入使用。",
    "湖北省襄阳市襄城区卫生健康局组织辖区医院开展卫生应急演练。",
])
def test_neighbours_with_shanxi_looking_names_are_not_shanxi(clf: Classifier, text: str) -> None:
    labels = clf.classify("", text)
    assert labels.is_health
    assert not labels.is_shanxi
    assert labels.regions == []


@pytest.mark.parametrize(("text", "county", "city"), [
    ("寿阳县人民医院开展义诊活动,为村民免费体检。", "140725", "140700"),
    ("沁县人民医院新建住院楼投入使用,床位增加200张。", "140430", "140400"),
    ("襄汾县卫生健康局组织乡村医生参加培训,提升基层医疗服务能力。", "141023", "141000"),
    ("河津市人民医院成功实施首例腹腔镜手术。", "140882", "140800"),
])
def test_counties_including_single_character_stems(clf: Classifier, text: str, county: str, city: str) -> None:
    labels = clf.classify("", text)
    assert labels.is_shanxi
    assert set(labels.regions) == {county, city}


def test_longest_match_picks_the_right_county(clf: Classifier) -> None:
    # 新绛县 contains 绛县, 岢岚县 contains 岚县: the longer name wins, the shorter one is not added
    labels = clf.classify("", "新绛县人民医院与岢岚县人民医院签订对口帮扶协议,开展远程会诊。")
    assert {"140825", "140929"} <= set(labels.regions)
    assert "140826" not in labels.regions and "141127" not in labels.regions


def test_phrases_that_hide_a_name_do_not_count(clf: Classifier) -> None:
    labels = clf.classify("", "曲沃是千年古县,曲沃县人民医院近日开展健康义诊,为老人免费测血压。市民经汾阳路前往。")
    assert "141025" not in labels.regions  # 古县 inside 千年古县
    assert "141182" not in labels.regions  # 汾阳路 is a road
    assert set(labels.regions) == {"141021", "141000"}


def test_province_as_qualifier_is_not_a_subject(clf: Classifier) -> None:
    labels = clf.classify("", "山西省临汾市洪洞县人民医院举办健康讲座,普及慢性病防治知识。")
    assert set(labels.regions) == {"141024", "141000"}
    provincial = clf.classify("", "山西省卫生健康委员会发布通知,全省二级以上公立医院全面推行预约诊疗。")
    assert "140000" in provincial.regions


def test_shanxi_background_in_another_province_story(clf: Classifier) -> None:
    labels = clf.classify(
        "", "河北邯郸市第一医院举办学术会议,来自北京、天津、河北、山西等地的专家参加,邯郸市卫健委领导致辞。"
            "会议围绕胸痛中心建设展开交流,邯郸市多家医院参会。")
    assert labels.is_health
    assert not labels.is_shanxi


def test_publisher_region_is_kept_apart(clf: Classifier) -> None:
    labels = clf.classify("", "太原市中心医院开展“健康进社区”义诊活动。", publisher_region="140800")
    assert labels.regions == ["140100"]
    # when the text only says "我市", the publisher's city is the story's city
    local = clf.classify("", "我市第二人民医院开通扫码就诊服务,方便患者就医。", publisher_region="140200")
    assert local.regions == ["140200"]
    assert "大同市第二人民医院" in local.institutions


# --- institutions ---------------------------------------------------------------------------

def test_institution_aliases_and_abbreviations(clf: Classifier) -> None:
    labels = clf.classify(
        "", "山医大一院专家团队来到大同市,与市二院签订专科联盟协议。山大二院同日派出医疗队。市卫健委相关负责人出席。")
    assert "山西医科大学第一医院" in labels.institutions
    assert "山西医科大学第二医院" in labels.institutions
    assert "大同市第二人民医院" in labels.institutions
    assert "大同市卫生健康委员会" in labels.institutions
    assert "140200" in labels.regions
    provincial = clf.classify("山医大一院成功实施首例心脏移植手术", "近日,山医大一院心脏外科团队成功完成首例心脏移植手术。")
    assert provincial.regions == ["140000"]  # a provincial hospital's own story is about the province


def test_generic_hospital_words_are_not_institutions(clf: Classifier) -> None:
    labels = clf.classify("", "新院区按照三级甲等综合医院标准建设,患者不用再去大医院。县医院医生也参加了培训。")
    assert labels.institutions == []


def test_traditional_script_is_matched(clf: Classifier) -> None:
    labels = clf.classify("", "山西醫科大學第二醫院專家赴陽曲縣開展義診,為群眾免費體檢。")
    assert labels.is_health and labels.is_shanxi
    assert {"140122", "140100"} <= set(labels.regions)
    assert "山西医科大学第二医院" in labels.institutions


def test_fold_keeps_offsets() -> None:
    text = "臨汾市衞生健康委員會"
    assert fold(text) == "临汾市卫生健康委员会"
    assert len(fold(text)) == len(text)
    assert fold("后来干部") == "后来干部"  # simplified text is left alone


# --- risk -----------------------------------------------------------------------------------

def test_insurance_fraud_is_alert(clf: Classifier) -> None:
    labels = clf.classify("某民营医院欺诈骗保被查处", "经查,该院通过虚假住院等方式骗取医保基金30余万元,医保部门已追回资金并处以罚款。")
    assert labels.risk_level == "alert"
    assert "骗保" in labels.risk_terms or "欺诈骗保" in labels.risk_terms
    assert {"insurance_drugs", "incident"} <= set(labels.topics)


def test_rumour_refuted_is_watch(clf: Classifier) -> None:
    labels = clf.classify("", "网传某医院出现传染病患者的消息不实,市卫健委辟谣称,该院诊疗秩序正常,请市民不信谣不传谣。")
    assert labels.risk_level == "watch"


def test_no_new_cases_is_not_alert(clf: Classifier) -> None:
    labels = clf.classify("", "山西省卫生健康委员会通报,全省无新增本土确诊病例,无新增无症状感染者。疾控部门提醒做好个人防护。")
    assert labels.is_health
    assert labels.risk_level != "alert"


def test_refuted_claim_of_harm_is_watch_not_alert(clf: Classifier) -> None:
    # the alert words (致死, 篡改病历) are the rumour's: a claim being refuted is watch (TAXONOMY §4)
    text = ("近日网传某县医院篡改病历、违规用药致死患者的视频引发关注。经核查,相关内容系恶意捏造,"
            "患者系自行离院,医院已报警并发布情况说明予以澄清,请勿传播不实信息。")
    labels = clf.classify("关于网传某县医院致死患者一事的情况说明", text)
    assert labels.risk_level == "watch"
    assert labels.label_evidence["risk"]["refuted_by"]
    # the same harm reported as fact stays an alert
    fact = clf.classify("某县医院违规用药致死患者 涉事医生被停职",
                        "经调查,某县医院医生违规用药致患者死亡,卫健局已对涉事医生作出停职处理,并立案调查。")
    assert fact.risk_level == "alert"


def test_statistics_campaigns_and_claims_report_no_harm(clf: Classifier) -> None:
    stats = clf.classify("全市妇幼健康工作会议召开",
                         "会议通报,去年全市孕产妇死亡率、婴儿死亡率持续下降,妇幼保健服务能力明显提升。")
    assert stats.is_health and stats.risk_level == "none"
    campaign = clf.classify("全市开展医疗行业作风整治",
                            "市卫健委部署在全市医疗机构开展专项行动,严禁收受红包,严厉打击收受回扣,坚决杜绝过度诊疗。")
    assert campaign.is_health and campaign.risk_level != "alert"
    possibility = clf.classify("疾控提示:开学季注意预防流感",
                               "市疾控中心提示,学生开学后发生流感聚集性疫情的风险增加,请家长关注孩子健康。")
    assert possibility.risk_level != "alert"
    # a claim for compensation under mediation is a dispute (watch), not established harm
    dispute = clf.classify("", "患者家属认为医院存在过错,要求医院承担赔偿责任,医院坚持无过错,双方申请医疗纠纷人民调解。")
    assert dispute.risk_level == "watch"


def test_new_cases_are_alert(clf: Classifier) -> None:
    labels = clf.classify("", "省卫健委通报,11月8日0-24时,全省新增本土确诊病例3例,均在集中隔离点发现,疾控部门已开展流调。")
    assert labels.risk_level == "alert"
    assert "public_health" in labels.topics


# --- rules are data -------------------------------------------------------------------------

def test_version_carries_a_hash_of_the_rules(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules_dir)
    original = load_rules(rules_dir)
    text = "某县召开推进会,部署智慧养蜂产业发展。"
    assert not Classifier(original).classify("", text).is_health
    health = rules_dir / "health.toml"
    health.write_text(health.read_text(encoding="utf-8").replace('[terms]\n', '[terms]\n"养蜂" = 9.0\n', 1),
                      encoding="utf-8")
    edited = Classifier(rules_dir=rules_dir)  # same directory, new content: compiled afresh
    assert edited.version != original.version
    assert edited.version.split("+")[0] == original.version.split("+")[0]
    assert edited.classify("", text).is_health


def test_labels_are_deterministic_and_complete(clf: Classifier) -> None:
    text = "临汾市人民医院开展新技术,成功实施首例手术。"
    a, b = clf.classify("", text).as_dict(), clf.classify("", text).as_dict()
    assert a == b
    assert set(a) == {"is_health", "health_score", "is_shanxi", "regions", "topics", "risk_level",
                      "risk_terms", "institutions", "label_evidence", "classifier_version"}
    empty = clf.classify(None, None)
    assert not empty.is_health and not empty.is_shanxi and empty.regions == [] and empty.risk_level == "none"


# --- boundaries, weak names, context --------------------------------------------------------

def test_two_character_counties_need_a_boundary_or_their_city(clf: Classifier) -> None:
    assert clf.classify("", "河北省保定市定兴县医院发布违法医疗广告被罚款。").regions == []
    assert clf.classify("", "浙江安吉县人民医院开展义诊。").regions == []
    assert set(clf.classify("", "兴县人民医院开展义诊,为群众免费体检。").regions) == {"141123", "141100"}
    # inside a longer run of characters, but the story names 吕梁: the county counts
    labels = clf.classify("", "吕梁市卫健委组织专家赴岚县、石楼县和中阳县开展巡回医疗,走进临县人民医院。")
    assert {"141127", "141126", "141129", "141124", "141100"} <= set(labels.regions)


def test_weak_short_names_need_their_city(clf: Classifier) -> None:
    # 平定 is also a verb, 长子 'eldest son': alone they are not places
    labels = clf.classify("", "医生平定了患者的情绪,他的长子陪同就医,医院开通绿色通道。")
    assert labels.regions == []
    labels = clf.classify("", "阳泉市卫健委组织专家赴平定开展义诊,长治市专家同日到长子义诊。")
    assert {"140321", "140300", "140428", "140400"} <= set(labels.regions)


def test_dateline_place_is_not_a_subject(clf: Classifier) -> None:
    labels = clf.classify("", "新华社太原11月19日电 记者从山西省卫生健康委员会获悉,全省县域医共体建设实现全覆盖。")
    assert labels.regions == ["140000"]


def test_our_province_in_a_shanxi_outlet(clf: Classifier) -> None:
    text = "我省推进紧密型县域医共体建设,省卫生健康委要求各地完善分级诊疗。"
    assert clf.classify("", text, publisher_region="140000").regions == ["140000"]
    assert not clf.classify("", text).is_shanxi  # unknown publisher: 我省 could be any province


def test_template_placeholders_and_zero_cases_are_not_alerts(clf: Classifier) -> None:
    labels = clf.classify("", "临汾市卫健委通报:全市新增本土确诊病例XX例,新增无症状感染者XX例。请市民做好防护。")
    assert labels.is_health and labels.risk_level != "alert"
    labels = clf.classify("", "晋城市卫健委通报:11月3日全市新增确诊病例0例,疑似病例0例。")
    assert labels.risk_level != "alert"


def test_advice_is_not_harm(clf: Classifier) -> None:
    labels = clf.classify("冬季谨防一氧化碳中毒", "疾控专家提醒,冬季取暖要注意通风,预防一氧化碳中毒,出现头晕等症状及时就医。")
    assert labels.is_health and labels.risk_level == "none"
    assert "promotion" in labels.topics


def test_institution_chain_of_places_keeps_the_county(clf: Classifier) -> None:
    labels = clf.classify("", "山西省临汾市洪洞县人民医院与大同市新荣区卫计局开展合作,首都医科大学附属北京天坛医院专家参加。")
    assert "洪洞县人民医院" in labels.institutions
    assert "新荣区卫生和计划生育局" in labels.institutions
    assert "首都医科大学附属北京天坛医院" in labels.institutions
    assert "140000" not in labels.regions  # 山西省 only qualifies 临汾市


def test_descriptions_are_not_institution_names(clf: Classifier) -> None:
    labels = clf.classify("", "该院争创人民满意医院,打造清廉医院,努力建成高水平医院,并托管乡镇卫生院。")
    assert labels.institutions == []


def test_a_persons_origin_is_background(clf: Classifier) -> None:
    labels = clf.classify("", "张医生,山西寿阳人,毕业于山西医科大学,现任河北省石家庄市第一医院院长。该院开展义诊活动,石家庄市民踊跃参加。")
    assert not labels.is_shanxi and labels.regions == []
    assert set(clf.classify("", "寿阳县人民医院开展义诊。").regions) == {"140725", "140700"}


@pytest.mark.parametrize(("text", "name", "regions"), [
    ("山西省汾阳医院专家赴交口县义诊。", "山西省汾阳医院", {"140000", "141100", "141182", "141130"}),
    ("长治医学院附属和平医院成功实施首例手术。", "长治医学院附属和平医院", {"140400"}),
    ("山西省人民医院开通互联网医院。", "山西省人民医院", {"140000"}),
    ("临汾卫健委召开全市医疗质量会议。", "临汾市卫生健康委员会", {"141000"}),
])
def test_known_shapes_of_shanxi_institution_names(clf: Classifier, text: str, name: str, regions: set[str]) -> None:
    labels = clf.classify("", text)
    assert name in labels.institutions
    assert set(labels.regions) == regions


def test_short_health_advice_and_captions_are_health(clf: Classifier) -> None:
    for text in ("医生提醒:天气转凉,老人要注意保暖,预防感冒。", "图为医护人员在社区为老人接种疫苗。"):
        assert clf.classify("", text).is_health, text
    assert not clf.classify("", "球员在比赛中骨折,被送往医院。").is_health


def test_branch_hospitals_and_adjacent_names(clf: Classifier) -> None:
    labels = clf.classify("", "中国医学科学院肿瘤医院山西医院专家来到晋城,与太原市人民医院太原市中心医院专家会诊。")
    assert labels.institutions == ["中国医学科学院肿瘤医院山西医院", "太原市人民医院", "太原市中心医院"]


def test_a_complaint_on_a_message_board_is_watch(clf: Classifier) -> None:
    labels = clf.classify("", "网民反映:病人到县妇幼保健院住院,必须先到县人民医院取纸质核酸报告。县卫健局回复:经核实,"
                              "您反映的情况属实,现已可凭电子凭证办理住院。来源:人民网领导留言板")
    assert labels.is_health and labels.risk_level == "watch"


def test_a_death_at_a_hospital_and_violence_against_a_family_is_alert(clf: Classifier) -> None:
    labels = clf.classify("", "一名住院老人离奇走失,十日后被发现死在医院楼顶。家属到医院理论时遭数十名男子持械围殴,五人受伤。"
                              "家属称医院拒绝承担责任,公安已成立调查组。")
    assert labels.risk_level == "alert"


def test_a_person_diagnosed_as_a_case_is_an_outbreak_report(clf: Classifier) -> None:
    labels = clf.classify("", "与患者共同生活的妻子2月7日由120急救车转送至市第四人民医院隔离观察,于2月8日诊断为确诊病例,目前住院治疗。")
    assert labels.risk_level == "alert"


def test_simplified_characters_that_opencc_maps_are_kept() -> None:
    assert fold("显著 著名 抬头 乾坤湾") == "显著 著名 抬头 乾坤湾"
    assert fold("醫院 後來 衞生") == "医院 后来 卫生"


def test_a_number_of_people_infected_is_an_outbreak(clf: Classifier) -> None:
    labels = clf.classify("诺如病毒进入高发期", "7月6日,某县第一高级中学部分学生突然出现腹泻、发烧等情况,共有156人感染诺如病毒,其中26人住院治疗。")
    assert labels.risk_level == "alert"
    advice = clf.classify("诺如病毒进入高发期", "疾控专家提醒,诺如病毒传染性强,家长要让孩子勤洗手,出现腹泻及时就医。")
    assert advice.risk_level != "alert"

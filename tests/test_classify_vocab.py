"""Round 2 of the classifier rules: aliases, generic institution-name patterns, new topic words and
county-as-background, on hand-written (synthetic) articles. None of these texts comes from an
evaluation set.
"""

from __future__ import annotations

import pytest

from newsbot.classify import Classifier


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier()


# --- institutions: aliases ------------------------------------------------------------------

@pytest.mark.parametrize("written", ["山医大三院", "山西医科大学第三医院", "山西白求恩医院", "山西大医院"])
def test_one_hospital_under_its_several_names(clf: Classifier, written: str) -> None:
    labels = clf.classify("", f"近日,{written}心血管专家团队来到晋城市阳城县,为当地患者开展义诊和手术带教。")
    assert "山西白求恩医院" in labels.institutions
    assert "山西医科大学第三医院" not in labels.institutions
    assert {"140500", "140522"} <= set(labels.regions)


def test_provincial_short_forms_complete_in_a_shanxi_story(clf: Classifier) -> None:
    labels = clf.classify(
        "省人医专家赴吕梁帮扶",
        "近日,省人医与省妇幼的专家团队来到吕梁市临县人民医院,开展为期一周的坐诊、查房和带教,"
        "省疾控中心同时派员指导临县做好流感防控。",
    )
    assert {"山西省人民医院", "山西省妇幼保健院", "山西省疾病预防控制中心", "临县人民医院"} <= set(labels.institutions)
    assert {"140000", "141100", "141124"} <= set(labels.regions)  # provincial bodies act: the province too


def test_provincial_short_form_elsewhere_keeps_its_own_province(clf: Classifier) -> None:
    labels = clf.classify("", "江苏省人医专家在南京为市民开展心血管疾病义诊,并为基层医生授课。")
    assert "江苏省人民医院" in labels.institutions
    assert "山西省人民医院" not in labels.institutions
    assert not labels.is_shanxi


def test_city_short_form_of_the_maternal_hospital(clf: Classifier) -> None:
    labels = clf.classify("", "大同市近日启动两癌筛查。市妇幼的医生走进社区,为适龄妇女免费检查。")
    assert "大同市妇幼保健院" in labels.institutions


def test_national_administrations_by_their_short_names(clf: Classifier) -> None:
    labels = clf.classify("", "国家疾控局和国家中医药局联合发文,山西省中医药管理局随即部署全省落实。")
    assert {"国家疾病预防控制局", "国家中医药管理局", "山西省中医药管理局"} <= set(labels.institutions)


# --- institutions: generic name patterns ----------------------------------------------------

@pytest.mark.parametrize(("text", "name", "county"), [
    ("寿阳人民医院近日开展义诊,为村民测量血压血糖。", "寿阳县人民医院", "140725"),
    ("襄汾中医医院开设冬病夏治门诊,贴敷三伏贴。", "襄汾县中医医院", "141023"),
    ("洪洞妇幼保健院为孕产妇开展免费产前检查。", "洪洞县妇幼保健院", "141024"),
    ("河津疾病预防控制中心开展流感疫苗接种。", "河津市疾病预防控制中心", "140882"),
])
def test_short_place_before_a_public_institution_is_the_division(
        clf: Classifier, text: str, name: str, county: str) -> None:
    labels = clf.classify("", text)
    assert name in labels.institutions
    assert county in labels.regions


def test_numbered_city_hospital_is_written_out(clf: Classifier) -> None:
    labels = clf.classify("", "大同第五人民医院组织医护人员为辖区居民接种新冠疫苗。")
    assert "大同市第五人民医院" in labels.institutions


def test_proper_names_of_hospitals_are_not_expanded(clf: Classifier) -> None:
    labels = clf.classify("", "汾阳医院的专家为吕梁市孝义市患者成功实施手术。")
    assert "山西省汾阳医院" in labels.institutions  # a provincial hospital named after its town
    assert "汾阳市医院" not in labels.institutions
    assert "141182" in labels.regions


def test_policy_phrase_is_not_a_hospital(clf: Classifier) -> None:
    labels = clf.classify("", "运城市盐湖区人民医院推进现代医院管理制度建设,完善医院章程。")
    assert labels.institutions == ["盐湖区人民医院"]


# --- topics: new vocabulary -----------------------------------------------------------------

@pytest.mark.parametrize(("title", "text", "topic"), [
    ("推动优质医疗资源下沉",
     "太原市某三甲医院与阳曲县人民医院签约,推动优质医疗资源下沉,专家每周到县里出诊,实行基层首诊、急慢分治。",
     "reform"),
    ("学校传染病防控",
     "入冬以来,水痘、腮腺炎和猩红热进入高发季,疾控中心提醒学校落实晨午检,做好群防群控和学校卫生工作。",
     "public_health"),
    ("慢特病待遇调整",
     "市医疗保障局发布通知,门诊慢特病起付线下调,惠民保同步开放参保,国谈药在定点药店可以直接结算。",
     "insurance_drugs"),
    ("托位建设",
     "卫健部门新增普惠托位三百个,推进托幼一体化,婚检、孕前检查和两癌筛查继续免费。",
     "population"),
    ("患者家属打砸诊室",
     "某医院发生一起医疗纠纷,患者家属在诊室打砸闹事,医调委已介入调解,医院称将配合医疗损害鉴定。",
     "incident"),
])
def test_topic_words_of_the_taxonomy(clf: Classifier, title: str, text: str, topic: str) -> None:
    labels = clf.classify(title, text)
    assert labels.is_health
    assert topic in labels.topics, labels.label_evidence["topics"]


# --- regions: a county as subject vs background ---------------------------------------------

def test_county_as_subject_vs_background(clf: Classifier) -> None:
    subject = clf.classify("", "近日,寿阳县人民医院开展义诊活动,为当地群众免费测量血压、血糖。")
    assert "140725" in subject.regions
    background = clf.classify(
        "", "晋中市榆次区人民医院新院区投入使用,院长曾任寿阳县卫生局局长,新院区辐射昔阳周边多个乡镇。")
    assert "140702" in background.regions
    assert "140725" not in background.regions  # a past post is the director's background
    assert "140724" not in background.regions  # a catchment area is not where the story happens


def test_a_hospitals_profile_counts_are_not_workforce_news(clf: Classifier) -> None:
    profile = clf.classify(
        "市人民医院新院区投入使用",
        "新院区开放床位800张,设有门诊楼、住院楼和急诊楼。医院现有12个省级临床重点专科,博士30名,"
        "拥有3个市级重点学科。新院区启用后,患者就医更加便捷。",
    )
    assert "services" in profile.topics
    assert "workforce" not in profile.topics
    news = clf.classify(
        "市人民医院两个专科入选省级临床重点专科",
        "近日,省卫健委公布省级临床重点专科建设项目名单,市人民医院心内科、神经内科入选。医院将以重点专科建设为抓手,"
        "加强学科建设和人才培养,选派骨干到省级医院进修。",
    )
    assert "workforce" in news.topics


def test_stop_characters_inside_names(clf: Classifier) -> None:
    labels = clf.classify(
        "", "王家峰镇卫生院与刘家堡乡卫生院的医生到北京协和医院进修,国家医疗保障局专家同期调研。多家医院参加。")
    assert {"王家峰镇卫生院", "刘家堡乡卫生院", "北京协和医院", "国家医疗保障局"} <= set(labels.institutions)
    assert not any(name.startswith("多家") for name in labels.institutions)
    assert clf.classify("", "专家医院会诊后,病人和医院达成一致。").institutions == []


def test_one_character_counties_elsewhere(clf: Classifier) -> None:
    labels = clf.classify("", "江苏省沛县人民医院与丰县中医院组建医共体,两县患者可双向转诊。")
    assert {"沛县人民医院", "丰县中医院"} <= set(labels.institutions)
    assert not labels.is_shanxi


def test_a_place_and_bare_hospital_is_no_name(clf: Classifier) -> None:
    labels = clf.classify("", "孝义市医院看病难吗?孝义市医疗集团统一调配床位,孝义市人民医院新开了夜间门诊。")
    assert "孝义市医院" not in labels.institutions
    assert {"孝义市医疗集团", "孝义市人民医院"} <= set(labels.institutions)


def test_city_abbreviation_follows_the_named_prefecture(clf: Classifier) -> None:
    labels = clf.classify("", "晋中市第二人民医院的专家到介休市为村民看病,市二院还派出了流动诊疗车。")
    assert labels.institutions == ["晋中市第二人民医院"]
    alone = clf.classify("", "介休市卫健局组织市二院专家下乡义诊。")
    assert "介休市第二人民医院" in alone.institutions


def test_shared_district_names_with_their_city(clf: Classifier) -> None:
    labels = clf.classify("", "阳泉市城区人民医院开展义诊,阳泉市郊区卫健局派员参加,晋城市城区疾控中心同步开展疫苗接种。")
    assert {"140300", "140302", "140311", "140500", "140502"} <= set(labels.regions)
    assert {"阳泉市城区人民医院", "阳泉市郊区卫生健康局", "晋城市城区疾病预防控制中心"} <= set(labels.institutions)


# --- round 3: where a name starts, branches, townships, national short names -------------------

def test_verbs_and_descriptions_before_hospital_are_not_names(clf: Classifier) -> None:
    labels = clf.classify(
        "", "患者家属多次找医院讨说法,并带人冲击医院。网传某市第一人民医院拒收病人,市卫健委责成市中心医院调查。"
            "该县力争三年内实现二级医院全覆盖。领导莅临医院指导。", publisher_region="140800")
    names = set(labels.institutions)
    assert not any(n.startswith(("找", "冲击", "网传", "责成", "实现", "莅临", "多次")) for n in names), names
    assert not any("某" in n or "二级" in n for n in names), names
    assert "运城市中心医院" in names  # 市中心医院 completed with the publisher's city once 责成 is cut off


def test_one_character_before_province_is_not_part_of_the_name(clf: Classifier) -> None:
    labels = clf.classify("", "太原市3个项目入选本年度省卫健委科研课题,获选省卫健委重点项目的还有大同市。")
    assert "山西省卫生健康委员会" in labels.institutions
    assert not any(n.startswith(("度", "选")) for n in labels.institutions), labels.institutions


def test_county_hospital_of_another_province_drops_province_and_city(clf: Classifier) -> None:
    labels = clf.classify("", "河南省荥阳市人民医院与广东省韶关市翁源县人民医院签订合作协议。")
    assert {"荥阳市人民医院", "翁源县人民医院"} <= set(labels.institutions), labels.institutions


def test_a_hospital_in_shanxi_is_not_a_numbered_provincial_hospital(clf: Classifier) -> None:
    labels = clf.classify("山西一医院涉骗保被调查", "记者在汾阳市采访发现,一家民营医院以免费接送为名拉老人住院。")
    assert "山西省第一人民医院" not in labels.institutions


def test_branch_names_its_hospital_and_itself(clf: Classifier) -> None:
    labels = clf.classify("山西省人民医院左权分院整体搬迁", "4月8日,山西省人民医院左权分院完成搬迁,患者安全转运至新院区。")
    assert {"山西省人民医院左权分院", "山西省人民医院"} <= set(labels.institutions)
    alone = clf.classify("", "该院在左权分院设立门诊。")
    assert not any(n.endswith("分院") for n in alone.institutions)


def test_township_health_centre_gets_the_storys_county(clf: Classifier) -> None:
    labels = clf.classify("繁峙县开展送医下乡活动", "繁峙县人民医院医疗队来到金山铺乡卫生院开展义诊,为村民免费测血压。")
    assert "繁峙县金山铺乡卫生院" in labels.institutions
    two = clf.classify("", "繁峙县和代县的医生到金山铺乡卫生院义诊。")  # two counties: not certain
    assert "金山铺乡卫生院" in two.institutions


def test_national_hospitals_by_their_short_names(clf: Classifier) -> None:
    labels = clf.classify("", "患者转往北京301医院治疗,此前曾在协和医院和华西医院就诊。")
    assert {"中国人民解放军总医院", "北京协和医院", "四川大学华西医院"} <= set(labels.institutions)


def test_a_cdcs_seasonal_health_tips_are_health_promotion(clf: Classifier) -> None:
    labels = clf.classify("市疾控中心发布冬季健康提示",
                          "目前我市进入流感高发季节,市疾控中心提示,市民要养成勤洗手、常通风的良好卫生习惯,"
                          "老人和儿童建议及时接种流感疫苗。", publisher_region="140300")
    assert {"promotion", "public_health"} <= set(labels.topics)
    assert labels.risk_level == "none"


def test_talent_words_in_passing_are_not_workforce_news(clf: Classifier) -> None:
    passing = clf.classify("县人民医院引进新型CT设备",
                           "近日,县人民医院新引进的一台64排螺旋CT正式投入使用,检查时间缩短一半,患者就医更方便。"
                           "据介绍,该设备可开展心脏冠脉成像等检查,操作医生此前已到省城医院进修,医院也将继续重视人才队伍。")
    assert "workforce" not in passing.topics and "services" in passing.topics
    about = clf.classify("医院举办青年医师规范化培训结业典礼",
                         "本次住院医师规范化培训共有56名学员结业。医院将继续加强人才培养和学科建设,"
                         "推进重点专科建设,鼓励青年医师开展科研。")
    assert "workforce" in about.topics


def test_an_institution_written_twice_is_listed_once(clf: Classifier) -> None:
    labels = clf.classify("", "记者在汾阳市采访发现,汾阳残康中医医院是一家民营医院。当地残康中医医院以免费接送为名拉老人住院。")
    assert "汾阳残康中医医院" in labels.institutions and "残康中医医院" not in labels.institutions
    county = clf.classify("", "辽宁丹东凤城市中医院涉嫌骗保,凤城市中医院已被立案调查。")
    assert "凤城市中医院" in county.institutions and "丹东凤城市中医院" not in county.institutions


# --- round 4: pinyin readings, coordinated places, public names need a place ------------------

def test_inline_pinyin_readings_do_not_split_words(clf: Classifier) -> None:
    title = "晋城市人民医(yī)院新院區(qū)开诊"
    body = "近日,晋城市人民医(yī)院新院區(qū)正式开诊,新增床(chuáng)位500张,群众就医更方便。"
    labels = clf.classify(title, body)
    assert labels.is_health and "晋城市人民医院" in labels.institutions
    assert "services" in labels.topics and labels.regions == ["140500"]
    # evidence offsets point into the text as written, readings included
    at = labels.label_evidence["topics"]["services"]["terms"]["新院区"]["at"]
    assert f"title:{title.index('新院區')}" in at and body[int(at[-1].split(":")[1]):].startswith("新院區")


def test_places_listed_before_one_institution_each_have_it(clf: Classifier) -> None:
    labels = clf.classify("", "今年以来,晋中、大同、太原、临汾市医保局对查处的定点医药机构进行了通报。阳曲县和清徐县卫健局联合开展义诊。")
    assert {"晋中市医疗保障局", "大同市医疗保障局", "太原市医疗保障局", "临汾市医疗保障局",
            "阳曲县卫生健康局", "清徐县卫生健康局"} <= set(labels.institutions)
    city_and_county = clf.classify("", "大同、阳曲县卫健局")  # a city and a county are not one list
    assert "大同市卫生健康局" not in city_and_county.institutions


def test_a_public_institution_is_named_by_its_place(clf: Classifier) -> None:
    labels = clf.classify("", "专家建议,设计方案要结合人民医院当前需求,尽快形成方案;患者往往需辗转省市医院就医。")
    assert labels.institutions == []
    named = clf.classify("", "北京大学人民医院专家与国家医疗保障局调研组到合肥市二院交流,并走访东庄村卫生室、南庄卫生所。")
    assert {"北京大学人民医院", "国家医疗保障局", "合肥市第二人民医院", "东庄村卫生室", "南庄卫生所"} <= set(named.institutions)
    assert "长治市中医研究所附属医院" in clf.classify("", "长治市中医研究所附属医院开展义诊。").institutions


def test_addresses_and_award_names_are_not_the_storys_place(clf: Classifier) -> None:
    labels = clf.classify("医疗损害责任纠纷二审民事判决书",
                          "上诉人(原审被告):山西省人民医院,住所地太原市杏花岭区双塔寺街。被上诉人:张某,住太原市小店区。"
                          "太原市中级人民法院审理认为,医院诊疗行为存在过错。")
    assert "140100" in labels.regions
    assert not {"140105", "140107"} & set(labels.regions)
    award = clf.classify("应县中医骨科医院简介", "应县中医骨科医院是朔州市骨伤专科医院,1996年获山西省科技进步奖。")
    assert "140000" not in award.regions and {"140600", "140622"} <= set(award.regions)


# --- round 5 ----------------------------------------------------------------------------------

def test_an_outbreak_reported_in_other_words_is_alert(clf: Classifier) -> None:
    labels = clf.classify("临汾医护人员驰援忻州开展核酸采集",
                          "目前,我省部分地区出现新冠疫情散发,临汾市组织35名医护人员驰援忻州开展核酸检测采集工作。")
    assert labels.risk_level == "alert"
    prevented = clf.classify("", "市卫健委要求各医疗机构严格预检分诊,防止出现疫情反弹。")
    assert prevented.risk_level != "alert"


def test_a_childrens_screening_programme_is_population_and_public_health(clf: Classifier) -> None:
    labels = clf.classify("山西省儿童眼病筛查项目启动", "省卫生厅、省残联联合实施儿童眼保健项目,对乡村儿童开展眼病筛查,做到早期发现、早期干预。")
    assert {"population", "public_health"} <= set(labels.topics)


def test_actions_against_a_hospital_are_not_part_of_its_name(clf: Classifier) -> None:
    labels = clf.classify("", "家属摆花圈堵医院,严重扰乱医院秩序;出现发热症状直接来医院就诊;督导组督导检查村卫生室;有一些医院不达标。")
    assert labels.institutions == []


# --- round 6 ----------------------------------------------------------------------------------

def test_a_count_of_new_cases_is_an_outbreak_but_a_running_total_is_not(clf: Classifier) -> None:
    cases = clf.classify("", "截至1月31日,经省卫健委通报,我市共确诊新型冠状病毒感染的肺炎两例,现正在定点医院治疗。市疾控中心")
    assert cases.risk_level == "alert"
    assert any("两例" in term for term in cases.risk_terms)
    total = clf.classify("", "9月22日0-24时,我省本地无新增确诊病例。累计报告确诊病例138例,治愈出院138例。"
                             "新增境外输入无症状感染者2例,均在定点医院隔离观察。省卫健委")
    assert total.is_health and total.risk_level != "alert"


def test_a_group_falling_ill_after_a_meal_is_alert(clf: Classifier) -> None:
    labels = clf.classify("", "80多名游客在餐馆就餐后陆续出现呕吐等症状,医院初步诊断为急性胃肠炎,27人留院观察,"
                              "疾控中心开展疑似食源性疾病流调。")
    assert labels.risk_level == "alert"


def test_place_names_run_together_in_a_sites_navigation_are_not_subjects(clf: Classifier) -> None:
    labels = clf.classify("省疾控中心发布健康提示",
                          "忻州网群:忻府区原平市定襄县五台县代县繁峙县宁武县静乐县 当前位置 首页\n"
                          "我省太原市近日出现学校聚集性疫情,省疾病预防控制中心提示公众主动报备并检测。")
    assert "140100" in labels.regions
    assert not {"140902", "140981", "140921", "140922"} & set(labels.regions)
    prose = clf.classify("", "太原市、阳泉市、长治市、晋中市等4个市的医疗队今天出发支援,各市卫健委负责保障。")
    assert {"140100", "140300", "140400", "140700"} <= set(prose.regions)


def test_more_verbs_and_addresses_before_institution_names(clf: Classifier) -> None:
    labels = clf.classify("", "专家充分肯定医院工作;同时暂停该村卫生室医保结算;事发医院已停诊;家属被送往附近医院;"
                              "地址:小店区汾东大街256号市中心医院。山西省人口计生委主任到会。", publisher_region="140100")
    assert set(labels.institutions) == {"太原市中心医院", "山西省人口和计划生育委员会"}, labels.institutions


def test_our_school_and_sentence_words_before_a_hospital_are_not_its_name(clf: Classifier) -> None:
    labels = clf.classify("", "6月12日,我校附属和平医院举办中医药文化节。如今医院面貌一新,学科强则医院强,要保持医院稳定,"
                              "带动下级医院发展。")
    assert labels.institutions == ["和平医院"], labels.institutions


def test_common_verbs_quantifiers_and_separators_end_a_name(clf: Classifier) -> None:
    labels = clf.classify("山西行动丨山西医科大学第二医院开展义诊", "病毒聚集医院易导致中心医院人满为患;不少血站库存告急;"
                          "湖北安陆38岁孕妇医院内死亡;患者可借助省心血管病医院的远程平台,不必频繁往返医院。", publisher_region="140100")
    assert "山西医科大学第二医院" in labels.institutions
    assert not any(n.startswith(("山西行动", "聚集", "导致", "不少", "湖北安陆38", "可借助", "频繁", "往返"))
                   for n in labels.institutions), labels.institutions


# --- round 10 ---------------------------------------------------------------------------------

def test_a_national_catalogue_of_counties_is_no_subject_but_a_weather_list_is(clf: Classifier) -> None:
    counties = "、".join(["临县", "石楼县", "方山县", "中阳县", "兴县", "岚县", "大宁县", "永和县", "隰县", "汾西县", "吉县",
                          "天镇县", "广灵县", "灵丘县", "浑源县", "阳高县", "左权县", "和顺县", "武乡县", "壶关县"])
    catalogue = clf.classify("2008年国家级贫困县名单", "阳原县、崇礼县、赤城县、尚义县、万全县。" + counties + "。托克托县、和林县、武川县。")
    assert not catalogue.is_shanxi and catalogue.regions == [], catalogue.regions
    weather = clf.classify("大同迎来新年首场降雪", "昨日我市普遍迎来小到中雪,市区、云州区、阳高、天镇、左云、浑源、灵丘、广灵分别降水"
                                                  "1.9毫米、3.9毫米、11.4毫米、8.7毫米、0.2毫米、0.3毫米、2.1毫米、1.0毫米。")
    assert {"140200", "140221", "140222", "140226", "140225", "140224"} <= set(weather.regions), weather.regions


def test_a_town_that_bears_a_counties_name_is_not_the_county(clf: Classifier) -> None:
    labels = clf.classify("", "商洛日报讯 8月10日,商州孝义镇李河滩村一名幼童误食药物中毒,被送往市中心医院抢救。")
    assert "141181" not in labels.regions and not labels.is_shanxi


def test_rising_cases_are_alert(clf: Classifier) -> None:
    labels = clf.classify("", "进入11月以来,全国、全省、全市流感病例显著增多,我市将为重点人群开展免费接种流感疫苗工作。")
    assert labels.risk_level == "alert"


# --- round 12 ---------------------------------------------------------------------------------

def test_township_hospitals_take_the_storys_county(clf: Classifier) -> None:
    labels = clf.classify("沁水县卫生健康事业综述", "沁水县把医疗卫生事业放在优先发展的地位,先后完成龙港镇人民医院、县妇幼保健院建设。"
                                                 "4月7日,县卫体局联合巴公卫生院开展爱国卫生运动。", publisher_region="140500")
    assert {"沁水县龙港镇人民医院", "沁水县巴公卫生院", "沁水县卫生健康和体育局"} <= set(labels.institutions), labels.institutions


def test_short_forms_of_university_and_national_hospitals(clf: Classifier) -> None:
    labels = clf.classify("", "山西医科大第一医院与上海瑞金医院、西京医院签约,共建远程会诊平台。")
    assert {"山西医科大学第一医院", "上海交通大学医学院附属瑞金医院", "空军军医大学西京医院"} <= set(labels.institutions)
    assert not any(n in labels.institutions for n in ("山西医科大第一医院", "上海瑞金医院", "西京医院"))


def test_hearsay_investigation_and_pronouns_are_not_part_of_a_name(clf: Classifier) -> None:
    labels = clf.classify("", "她听说某县付里庄医院疗效好,便前去就诊。工作组赴湖北调查精神病医院有关问题。"
                              "该医院已被暂停医保服务,我们小医院也要补齐县医院的短板,与兄弟医院和城镇卫生院合作。")
    assert labels.institutions == [], labels.institutions


def test_a_group_of_students_falling_ill_is_alert(clf: Classifier) -> None:
    labels = clf.classify("某县一复习中心学生出现不适", "8月3日晚,某县一复习中心先后有159名学生分别出现腹泻、呕吐等不适症状,"
                                                    "县疾控中心已介入调查。")
    assert labels.risk_level == "alert", labels.risk_terms


def test_a_hospital_taking_in_dozens_of_fever_patients_is_alert(clf: Classifier) -> None:
    labels = clf.classify("", "7月1日下午开始,市中医院、市第一人民医院等医院陆续收治数十名发热病人,卫健委通报称高度怀疑温泉浴区军团菌感染。")
    assert labels.risk_level == "alert", labels.risk_terms


def test_a_death_during_treatment_is_alert(clf: Classifier) -> None:
    labels = clf.classify("", "7月2日,一位32岁的女性因感冒发烧在某县人民医院输液期间不幸去世,家属聚集在医院门口讨说法。")
    assert labels.risk_level == "alert", labels.risk_terms
    tip = clf.classify("", "术后死亡率明显下降,医院加强围手术期管理,提升手术安全。")
    assert tip.risk_level != "alert", tip.risk_terms


def test_a_campaign_against_ads_described_at_length_is_no_case(clf: Classifier) -> None:
    labels = clf.classify("某市开始打击医疗印刷品广告", "工商部门将开展专项整治,严厉打击内容粗俗的违法医疗广告。")
    assert labels.risk_level != "alert", labels.risk_terms


def test_services_as_a_secondary_topic_needs_half_the_main_topics_score(clf: Classifier) -> None:
    body = "某市第五人民医院与某县人民医院签订紧密型医联体合作协议,共建区域医疗中心,推进分级诊疗。"
    weak = clf.classify("", body + "医院新院区同日启用。")  # services at about 0.4 of reform
    assert weak.topics == ["reform"], weak.label_evidence["topics"]
    strong = clf.classify("", body + "新院区启用后开展新技术。")  # about 0.65
    assert set(strong.topics) == {"reform", "services"}, strong.label_evidence["topics"]


def test_a_portals_menu_of_provinces_does_not_outweigh_the_story(clf: Classifier) -> None:
    menu = "安徽 北京 重庆 福建 甘肃 贵州 广东 广西 海南 河北 河南 湖北 湖南 江苏 江西 吉林 辽宁 山东 陕西 上海 四川 天津 云南 浙江\n"
    menu += "\n".join(["安徽", "北京", "重庆", "福建", "甘肃", "贵州", "广东", "广西", "海南", "河北", "河南", "湖北"]) + "\n"
    labels = clf.classify("榆社探索医养结合新模式", menu + "面对老龄化挑战,榆社县中医院开设医养结合中心,为全县失能老人提供"
                                              "医疗和养老服务。榆社县卫健局表示将在全县推广,榆社的经验已在晋中多个县"
                                              "交流,榆社县民政局也将提供补贴。晋中市卫健委对榆社的做法给予肯定。")
    assert labels.is_shanxi and "140721" in labels.regions, labels.label_evidence["shanxi"]


def test_risk_words_in_a_denied_clause_do_not_count(clf: Classifier) -> None:
    labels = clf.classify("", "2021年4月2日0时至24时,某市无新增新型冠状病毒肺炎确诊病例、疑似病例和无症状感染者,"
                              "累计确诊病例7例,累计治愈出院7例。")
    assert labels.risk_level == "none", labels.risk_terms


def test_pupils_with_stomach_pain_and_taken_to_hospital_are_alert(clf: Classifier) -> None:
    for text in ("某县职业中学近百名学生出现肚痛呕吐情况,县人民医院急诊科医生及时给予治疗,疾控部门正在调查。",
                 "截至23日晚,先后有20名学生住院治疗,县人民医院急诊科医生及时给予治疗,疾控部门正在调查。"):
        labels = clf.classify("", text)
        assert labels.risk_level == "alert", (text, labels.risk_terms)


def test_a_death_told_as_no_vital_signs_and_an_officials_fall_are_alert(clf: Classifier) -> None:
    birth = clf.classify("", "某市妇幼保健院一待产孕妇生产双胞胎时,一胎存活,另一胎无生命体征,市卫健委已成立调查组介入核查处置。")
    assert birth.risk_level == "alert", birth.risk_terms
    official = clf.classify("", "某省卫健委主任刘某涉嫌严重违法,目前正接受调查。今年以来已有多名卫健系统和医院院长落马,"
                                "医疗卫生领域腐败问题集中整治持续推进。")
    assert official.risk_level == "alert", official.risk_terms


def test_provincial_administrations_by_short_name_get_the_full_province(clf: Classifier) -> None:
    labels = clf.classify("", "陕西卫健委主任被查;广西卫健委前党组成员落马。孩子被家长送来医院治疗。"
                              "上诉人温县人民医院不服一审判决。晋江经济开发区社区卫生服务中心开展义诊,患者应到正规医院就诊。")
    assert {"陕西省卫生健康委员会", "广西壮族自治区卫生健康委员会", "温县人民医院",
            "晋江经济开发区社区卫生服务中心"} <= set(labels.institutions), labels.institutions
    assert not any(n.startswith(("长送来", "上诉人", "正规", "济开发区")) for n in labels.institutions), labels.institutions


def test_a_fire_in_a_hospital_is_an_incident(clf: Classifier) -> None:
    labels = clf.classify("某医院住院楼起火 42名病人妥善安置", "除夕夜,某县人民医院住院楼三层突然起火,医护人员迅速组织42名住院病人疏散,"
                                                     "消防部门赶到后将火扑灭,无人员伤亡,起火原因正在调查。")
    assert "incident" in labels.topics, labels.label_evidence["topics"]


# --- round 14 ---------------------------------------------------------------------------------

def test_a_public_institution_listed_after_another_shares_its_place(clf: Classifier) -> None:
    labels = clf.classify("", "随后部分人员即到大同市第二人民医院、第三人民医院、第五人民医院就诊。"
                              "山西省儿童医院、妇幼保健院在结对帮扶中派出专家。他先后在和平医院、人民医院工作。")
    assert {"大同市第二人民医院", "大同市第三人民医院", "大同市第五人民医院", "山西省儿童医院",
            "山西省妇幼保健院", "和平医院"} == set(labels.institutions), labels.institutions


def test_more_verbs_end_an_institution_name(clf: Classifier) -> None:
    labels = clf.classify("", "记者致电绥德县医院了解情况;患者曾接触医院工作人员;专家讨论医院发展,提高医院管理水平;"
                              "政府接管春华医院。")
    assert not any(n.startswith(("致电", "接触", "讨论", "提高", "政府接管")) for n in labels.institutions), labels.institutions
    assert "绥德县医院" in labels.institutions


# --- round 15 ---------------------------------------------------------------------------------

def test_any_common_verb_ends_an_institution_name(clf: Classifier) -> None:
    # verbs of the general vocabulary (data/verbs.txt), not only the hand-listed stop words
    labels = clf.classify("", "家属多次感谢医院,并诬蔑医院的说法作了澄清。卫健委公布揭阳市妇幼保健院的评审结果,"
                              "会议推荐首都医科大学的专家。记者跟随省卫健委走进长治市基层。受伤人员送医院救治,"
                              "标本送往中国疾病预防控制中心复核。")
    assert set(labels.institutions) == {"揭阳市妇幼保健院", "首都医科大学", "山西省卫生健康委员会",
                                        "中国疾病预防控制中心"}, labels.institutions


def test_verbs_that_belong_to_names_are_kept(clf: Classifier) -> None:
    labels = clf.classify("", "山西省中西医结合医院与晋中市职业病防治医院的专家来到榆社县开展义诊。")
    assert {"山西省中西医结合医院", "晋中市职业病防治医院"} <= set(labels.institutions), labels.institutions


def test_a_county_hospital_written_after_the_province_is_the_countys(clf: Classifier) -> None:
    labels = clf.classify("", "7月2日,山西介休人民医院一名患者在输液期间死亡,家属聚集在医院门口。山西汾阳医院专家会诊。")
    assert {"介休市人民医院", "山西省汾阳医院"} <= set(labels.institutions), labels.institutions
    assert "山西介休人民医院" not in labels.institutions


def test_drug_regulators_and_the_national_cdc_by_its_popular_name(clf: Classifier) -> None:
    labels = clf.classify("", "山西省药品监督管理局通报了不合格中药饮片;沁水县食药监局立案调查;"
                              "国家疾控中心专家赴现场。")
    assert {"山西省药品监督管理局", "沁水县食品药品监督管理局", "中国疾病预防控制中心"} <= set(labels.institutions), \
        labels.institutions


def test_a_refuted_rumour_is_no_incident(clf: Classifier) -> None:
    labels = clf.classify("网传我市出现新冠确诊病例系谣言",
                          "近日,网络流传“某医院发现新冠肺炎确诊病例”的消息。经市疫情防控工作领导小组办公室核实,该消息系谣言。"
                          "请广大市民不信谣、不传谣,以官方发布信息为准。造谣者已被公安机关依法处理。")
    assert labels.is_health and "public_health" in labels.topics
    assert "incident" not in labels.topics, labels.label_evidence.get("topics")
    assert labels.risk_level == "watch"


@pytest.mark.parametrize("text", [
    "阳泉市召开平安阳泉建设推进会,市卫健委部署医院安全生产工作。",
    "沁县推进新乡村建设,沁县人民医院开展义诊。",
    "太原市启动妇幼安康工程,为全市孕产妇免费体检。",
    "太原市卫健委要求各医院确保定期开展消防演练。",
])
def test_words_holding_a_foreign_citys_name_are_no_foreign_mention(clf: Classifier, text: str) -> None:
    labels = clf.classify("", text)
    assert labels.label_evidence["shanxi"]["elsewhere_score"] == 0, labels.label_evidence["shanxi"]
    assert labels.is_shanxi


def test_a_foreign_city_written_with_a_county_still_counts(clf: Classifier) -> None:
    labels = clf.classify("", "保定定兴县医院因发布违法医疗广告被点名曝光,定兴县市场监督管理局责令停止发布。")
    assert not labels.is_shanxi, labels.label_evidence["shanxi"]


# --- round 17 ---------------------------------------------------------------------------------

def test_a_masters_apprentices_are_workforce_news_as_well_as_tcm(clf: Classifier) -> None:
    labels = clf.classify("市中医医院举行名老中医师承拜师仪式",
                          "近日,市中医医院举行名老中医学术经验继承拜师仪式,6名青年医师拜师跟师学习。"
                          "医院将为每位继承人制定跟师计划,做好带徒工作,推动中医药传承发展。")
    assert {"tcm", "workforce"} <= set(labels.topics), labels.label_evidence["topics"]


def test_an_incident_in_which_a_health_administration_acts_is_governance_too(clf: Classifier) -> None:
    text = ("近日,网传某医院医生收受患者红包的视频引发关注,患者家属称曾多次送红包。"
            "小店区卫生健康局核实后已责令医院退还红包。")
    labels = clf.classify("医生收红包被停职", text)
    assert {"incident", "governance"} <= set(labels.topics), labels.label_evidence["topics"]
    assert labels.label_evidence["topics"]["governance"]["acts"] in text
    # the same incident with no administration acting stays an incident only
    alone = clf.classify("医生收红包", "近日,网传某医院医生收受患者红包的视频引发关注,患者家属称曾多次送红包。")
    assert "incident" in alone.topics and "governance" not in alone.topics, alone.label_evidence["topics"]


def test_a_dateline_with_xun_is_where_the_reporter_filed_from(clf: Classifier) -> None:
    labels = clf.classify("", "本报太原9月7日讯 记者从省卫健委获悉,晋城市人民医院日前获批国家级胸痛中心,该院在泽州县设立分中心。")
    assert "140100" not in labels.regions, labels.label_evidence["regions"]
    assert {"140500", "140525"} <= set(labels.regions)


def test_a_place_in_an_outlets_name_counts_only_when_no_other_place_is_named(clf: Classifier) -> None:
    credit = clf.classify("", "来源:太谷新闻网\n中新网7月3日电 榆次区疾控中心近日在一家酒店发现数十名发热病人,疑似军团菌感染,"
                              "榆次区卫健委已组织救治。")
    assert "140703" not in credit.regions and "140702" in credit.regions, credit.label_evidence["regions"]
    alone = clf.classify("", "临汾新闻网讯 9月9日上午,全市义诊活动周在市区启动,市卫计委组织市人民医院等9家市直医院参加义诊。")
    assert "141000" in alone.regions and alone.is_shanxi, alone.label_evidence["regions"]
    own = clf.classify("", "临汾新闻网讯 9月11日,全省医院管理论坛在平遥县举行,市人民医院院长作经验交流,平遥县人民医院承办。")
    assert {"141000", "140728"} <= set(own.regions), own.label_evidence["regions"]


def test_counties_and_cities_elsewhere_in_china_are_places_elsewhere(clf: Classifier) -> None:
    # data/china_divisions.tsv: 湖滨区 (Henan) holds a 交口乡 like Shanxi's 交口县; 临泉县 is Anhui's
    labels = clf.classify("", "湖滨区交口乡卫生院联合区卫健委在交口村开展健康义诊,为村民免费测量血压。")
    assert labels.label_evidence["shanxi"]["elsewhere_score"] >= 2.0, labels.label_evidence["shanxi"]
    story = clf.classify("", "近日,三门峡市湖滨区交口乡卫生院联合区卫健委在交口村开展健康义诊,临泉县人民医院专家参加。")
    assert not story.is_shanxi and "141130" not in story.regions, story.label_evidence["shanxi"]


def test_words_that_hold_a_division_name_and_a_spam_list_of_counties_do_not_count(clf: Classifier) -> None:
    story = ("晋城市人民医院近日在泽州县开展义诊活动,为当地群众提供免费健康咨询。该院还将推动青山区域医疗合作,"
             "并到东方市场开展健康宣传。\n主站蜘蛛池模板: 温泉县| 如皋市| 会东县| 乌拉特前旗| 德令哈市| 勐海县| 改则县| "
             "松溪县| 抚松县| 无极县| 湘潭市| 连南| 甘孜县| 宜章县| 宁陵县| 麻江县| 赤水市| 兰西县| 南溪县| 平昌县|")
    labels = clf.classify("", story)
    assert labels.is_shanxi and {"140500", "140525"} <= set(labels.regions), labels.label_evidence["shanxi"]
    assert labels.label_evidence["shanxi"]["elsewhere_score"] <= 1.5


def test_verbal_nouns_end_a_name_unless_they_name_what_it_does(clf: Classifier) -> None:
    labels = clf.classify("", "家属指控医院存在过错,要求充分利用医院资源。长治市中医研究所附属医院专家会诊。")
    assert labels.institutions == ["长治市中医研究所附属医院"], labels.institutions


def test_a_new_case_counted_before_the_noun_and_a_movement_restriction_are_alert(clf: Classifier) -> None:
    notice = clf.classify("关于城区新增1例新冠肺炎确诊病例的通告", "8月26日,我区接到定点医院报告新增1例新冠肺炎确诊病例,已转往定点医院救治。")
    assert notice.risk_level == "alert", notice.label_evidence["risk"]
    station = clf.classify("", "1月5日,永济市在对高铁永济北站环境核酸检测时发现阳性样本。永济市范围内所有人员非必要不出行,"
                               "各村各社区配合疫情防控指挥部做好核酸检测采集工作。")
    assert station.risk_level == "alert", station.label_evidence["risk"]
    none = clf.classify("", "全市新增0例确诊病例,累计治愈出院14例,市民可以正常出行。")
    assert none.risk_level != "alert", none.label_evidence["risk"]


def test_a_table_of_most_counties_is_a_catalogue_however_it_is_punctuated(clf: Classifier) -> None:
    groups = []
    for k, (city, counties) in enumerate(
            [(d.name, [c.name for c in clf.rules.divisions.values() if c.parent == code])
             for code, d in clf.rules.divisions.items() if d.is_city], start=1):
        groups.append(f"{k}.{city}" + "、".join(counties))
    text = ("经晋城市疫情防控工作领导小组研判,晋城市城区已连续14天无新增确诊病例,由中风险区调整为低风险区。"
            "晋城市城区将继续做好常态化防控。调整后全省低风险地区如下: " + " ".join(groups))
    labels = clf.classify("", text)
    counties = [c for c in labels.regions if clf.rules.divisions[c].is_county]
    assert counties == ["140502"], labels.regions


def test_a_free_clinic_framed_as_help_for_the_grassroots_is_reform_too(clf: Classifier) -> None:
    labels = clf.classify("市二院专家赴浮山县开展义诊", "近日,市第二人民医院组织专家赴浮山县开展“送健康下乡”义诊活动,为群众免费体检、"
                          "测量血压、发放健康宣传资料,现场咨询群众300余人次,开展健康讲座2场,发放宣传资料1000余份。"
                          "义诊期间,专家还到结对帮扶的乡镇卫生院坐诊带教,举办健康知识讲座,群众纷纷点赞。")
    assert {"promotion", "reform"} <= set(labels.topics), labels.label_evidence["topics"]


def test_a_sites_address_elsewhere_is_no_place_acting(clf: Classifier) -> None:
    labels = clf.classify("", "解放军264医院医疗纠纷案例:患者在太原市杏花岭区该院手术后死亡,家属起诉医院,法院判决医院承担责任。"
                              "本所律师竭诚为你服务!联系地址:福州市台江区富力中心C1栋。")
    assert labels.label_evidence["shanxi"]["elsewhere_score"] == 0, labels.label_evidence["shanxi"]
    assert labels.is_shanxi


def test_specialties_that_jieba_calls_verbs_stay_in_names(clf: Classifier) -> None:
    labels = clf.classify("", "太原市卫健委对太原中山生殖医院进行约谈。市传染病医院收治患者,记者称绥芬河传染病医院已满员。")
    assert {"太原中山生殖医院", "太原市传染病医院", "绥芬河传染病医院"} <= set(labels.institutions), labels.institutions


def test_an_area_lifted_to_low_risk_is_no_outbreak(clf: Classifier) -> None:
    labels = clf.classify("平遥县调整为低风险区", "经县疫情防控工作领导小组研判,平遥县已连续14天无新增新冠肺炎确诊病例,自3月4日0时起"
                          "由中风险区调整为低风险区,各医疗机构继续做好发热门诊管理和疫情防控工作。")
    assert labels.is_health and labels.risk_level != "alert", labels.label_evidence["risk"]


# --- round 18 ---------------------------------------------------------------------------------

def test_kinds_of_hospital_references_and_placeholders_are_no_names(clf: Classifier) -> None:
    labels = clf.classify("", "公安机关将该男子送至精神卫生医院。市里规划设置综合性医养康复医院1所、妇幼保健医院1所,创建10所"
                              "儿童友好医院,组建临时医院领导专班。现已查明涉事医院存在问题,要夯实医院发展基础,同事来医院看望他。"
                              "接种点:XX乡镇卫生院、××社区卫生服务中心。曝光问题民营医院乱收费,取缔企业办卫生所3家。")
    assert labels.institutions == [], labels.institutions


def test_a_day_of_the_month_ends_a_name_but_other_uses_of_ri_do_not(clf: Classifier) -> None:
    labels = clf.classify("", "11月9日山西省人民医院召开会议。患者转至中日友好医院。岳西县来榜镇中心卫生院参加培训。")
    assert set(labels.institutions) == {"山西省人民医院", "中日友好医院", "岳西县来榜镇中心卫生院"}, labels.institutions


def test_a_number_term_inside_a_longer_number_does_not_count(clf: Classifier) -> None:
    template = clf.classify("忻州原平疫苗接种热线", "忻州原平疫苗接种点查询。接种咨询热线:12345678,预约电话:0350-123456。")
    assert "12345" not in template.risk_terms and template.risk_level == "none", template.risk_terms
    complaint = clf.classify("", "有市民通过12345热线反映,某医院收费不透明,卫健委已介入调查核实。")
    assert "12345" in complaint.risk_terms, complaint.risk_terms


def test_a_place_in_a_sites_copyright_footer_is_who_published(clf: Classifier) -> None:
    story = clf.classify("运城第36届关公文化旅游节启动", "9月23日上午,第36届关公文化旅游节在运城关公故里文化旅游景区启动。"
                         "运城市人民医院开展义诊服务游客。本网站所刊登的各种信息,均为忻州在线版权所有。")
    assert "140800" in story.regions and "140900" not in story.regions, story.regions
    only = clf.classify("", "市人民医院开展义诊服务群众。本网站所刊登的各种信息,均为忻州在线版权所有。")
    assert only.regions == ["140900"], only.regions  # the outlet is the only place named: the story is its


def test_more_kinds_and_names_that_hold_other_words(clf: Classifier) -> None:
    labels = clf.classify("山西白求恩医院加挂“华中大同济山西医院”牌子",
                          "北京市医院管理局党委书记出席。四川大学华西医院成为全世界单体医院喉移植量最多的单位。"
                          "推进紧密型城市医疗集团建设,与协议医院签约。太原理工大学校医院开展体检。")
    assert set(labels.institutions) == {"山西白求恩医院", "北京市医院管理局", "四川大学华西医院", "太原理工大学校医院"}, \
        labels.institutions
    assert "140200" not in labels.regions, labels.regions  # 华中大|同济 holds no 大同
    mine = clf.classify("山西焦煤汾西矿业宜兴煤业发生涌水事故", "事故发生在该集团的汾西矿业宜兴煤业,地点位于山西省吕梁市孝义市。")
    assert "141034" not in mine.regions and "141181" in mine.regions, mine.regions


def test_a_generality_and_what_an_inspection_checks_are_no_reported_event(clf: Classifier) -> None:
    background = clf.classify("终结结核流行", "市疾控中心走进学校开展宣传。近年来学校结核病聚集性疫情时有发生,此次活动旨在号召师生参与。")
    assert background.risk_level == "none", background.label_evidence["risk"]
    checks = clf.classify("医疗美容专项检查", "执法人员重点检查医疗美容机构是否聘用非卫生技术人员,是否存在无证行医,"
                          "有无超范围执业。本次共检查了辖区内8家医疗美容机构。")
    assert checks.risk_level != "alert", checks.label_evidence["risk"]
    found = clf.classify("县卫健委查处一起无证行医案", "县卫生健康综合行政执法队检查发现,某诊所存在无证行医行为,"
                         "为患者输液治疗。县卫健委依法予以查处,没收药品和器械,罚款2万元。")
    assert found.risk_level == "alert", found.label_evidence["risk"]


def test_autonomous_regions_keep_their_full_names(clf: Classifier) -> None:
    labels = clf.classify("新疆10支抗雪灾医疗队奔赴北疆灾区", "医疗队来自新疆维吾尔自治区人民医院、新疆维吾尔自治区中医医院,"
                          "新疆维吾尔自治区卫生厅组织。内蒙古自治区人民医院、长阳土家族自治县人民医院派员参加;自治区卫生健康委员会发布通知。")
    assert set(labels.institutions) == {"新疆维吾尔自治区人民医院", "新疆维吾尔自治区中医医院", "新疆维吾尔自治区卫生厅",
                                        "内蒙古自治区人民医院", "长阳土家族自治县人民医院"}, labels.institutions


def test_the_ministry_of_health_and_the_armed_police_hospital_by_their_usual_names(clf: Classifier) -> None:
    labels = clf.classify("", "原国家卫生部要求山西省医疗事故鉴定委员会鉴定。武警山西总队医院经省卫生厅指定,被告:中国人民武装"
                              "警察部队山西省总队医院。各级卫生部门要加强监管。")
    assert set(labels.institutions) == {"卫生部", "中国人民武装警察部队山西省总队医院", "山西省卫生厅"}, labels.institutions
    departments = clf.classify("", "县卫生部门负责人介绍,全县医疗机构运行平稳。")
    assert "卫生部" not in departments.institutions, departments.institutions


def test_violence_against_a_doctor_is_health_news_whatever_police_words_surround_it(clf: Classifier) -> None:
    labels = clf.classify("", "据长治市公安局官方微博消息,22日上午10时许,长治医学院附属和平医院院内发生一起暴力袭医案件。犯罪嫌疑人"
                              "彭某某已到派出所投案,以涉嫌故意杀人犯罪被立案侦查。该院1名医生遭到1名男子持刀袭击,目前被害人入住重症"
                              "监护室治疗。")
    assert labels.is_health and labels.risk_level == "alert" and "incident" in labels.topics, labels.label_evidence


def test_a_name_written_with_and_without_its_division_word_is_one_institution(clf: Classifier) -> None:
    labels = clf.classify("", "山西省肿瘤医院医生李治国收受红包。7月18日,山西肿瘤医院官网发布通报。西安儿童医院与西安市儿童医院会诊。")
    assert set(labels.institutions) == {"山西省肿瘤医院", "西安市儿童医院"}, labels.institutions


def test_the_variant_shaan_of_traditional_pages_folds_and_a_doubled_suffix_is_no_name(clf: Classifier) -> None:
    labels = clf.classify("", "陜西省衛生和計劃生育委員會發布通知。太原市也意识到了这个问题,医院,就医院。医院医院,就坐落在城南。")
    assert labels.institutions == ["陕西省卫生和计划生育委员会"], labels.institutions


def test_where_shanxi_experts_go_is_no_story_elsewhere(clf: Classifier) -> None:
    labels = clf.classify("山西省人民医院消化科主任赴新疆开展援疆义诊", "10月14日至16日,山西省人民医院消化科主任作为山西省医疗"
                          "专家赴新疆参加援疆义诊活动,在新疆第六师奇台医院为牧民体检。")
    assert labels.is_shanxi and "140000" in labels.regions, labels.label_evidence["shanxi"]
    elsewhere = clf.classify("北京专家赴新疆开展义诊", "北京协和医院专家赴新疆喀什开展义诊活动,为当地群众体检。")
    assert not elsewhere.is_shanxi


def test_a_road_accident_with_its_rescue_chain_is_no_health_news(clf: Classifier) -> None:
    labels = clf.classify("", "今天下午14时左右,大运路山阴县泥河村附近,一辆东风半挂车与一辆面包车相撞,面包车内3人一死两伤。记者到达"
                              "现场,山阴县交警队事故股人员正在勘验现场。村民向110、120报了警,山阴120急救车到来后,将3名重伤人员"
                              "送到山阴县红十字医院抢救。据交警介绍,他们到达现场时,伤员已被山阴120急救中心送至医院抢救,一人经抢救"
                              "无效死亡,另外两人已转院抢救,正在医院治疗。")
    assert not labels.is_health, labels.label_evidence["health"]


def test_testing_a_whole_district_is_an_outbreak_response_but_a_drill_is_not(clf: Classifier) -> None:
    outbreak = clf.classify("尖草坪区开展第三轮全员核酸检测", "为快速有效阻断疫情扩散,今天上午9时,尖草坪区在全区范围内开展第三轮全员"
                            "核酸检测。全区所有学校、幼儿园一律暂停上课,密闭公共场所一律暂停营业。")
    assert outbreak.risk_level == "alert", outbreak.label_evidence["risk"]
    drill = clf.classify("闻喜县主城区演练全员核酸检测", "为进一步增强全县疫情防控应急处置能力,该县在县城主城区组织开展全员核酸"
                         "检测演练。此次演练共采集样本103537份,检测结果均为阴性。")
    assert drill.risk_level != "alert", drill.label_evidence["risk"]


def test_a_name_starting_with_a_kept_word_keeps_its_first_character(clf: Classifier) -> None:
    labels = clf.classify("", "同济襄阳医院建成后将新增床位。\n同煤总医院70年院庆。同级医院检查结果互认。自治区疾控中心发布提示。")
    assert set(labels.institutions) == {"同济襄阳医院", "同煤总医院"}, labels.institutions

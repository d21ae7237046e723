"""Unit tests of the extraction parts on small synthetic snippets: dates, credits, title, body."""

from __future__ import annotations

from datetime import datetime

import pytest
from lxml import etree

from newsbot.extraction import boilerplate, credits, dates, density, title
from newsbot.extraction.text import element_lines
from newsbot.timeutil import SHANGHAI

FETCHED = datetime(2023, 10, 16, 12, 0, tzinfo=SHANGHAI)


def tree(markup: str) -> etree._Element:
    return etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年10月14日 09:30", datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)),
        ("2023-05-23 19:26:05", datetime(2023, 5, 23, 19, 26, 5, tzinfo=SHANGHAI)),
        ("发布时间：2023/5/23", datetime(2023, 5, 23, tzinfo=SHANGHAI)),
        ("2023-10-14T01:30:00Z", datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)),
        ("05-16 10:20", datetime(2023, 5, 16, 10, 20, tzinfo=SHANGHAI)),
        ("昨天 08:00", datetime(2023, 10, 15, 8, 0, tzinfo=SHANGHAI)),
        ("3小时前", datetime(2023, 10, 16, 9, 0, tzinfo=SHANGHAI)),
        ("1697247000", datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)),
    ],
)
def test_parse_datetime_formats(text: str, expected: datetime) -> None:
    assert dates.parse_datetime(text, FETCHED) == expected


@pytest.mark.parametrize("text", ["2023年10月18日 09:30", "1990-01-01", "没有日期"])
def test_impossible_or_missing_dates_are_rejected(text: str) -> None:
    assert dates.parse_datetime(text, FETCHED) is None


def test_relative_times_need_a_fetch_time() -> None:
    assert dates.parse_datetime("昨天 08:00", None, relative=False) is None
    assert dates.parse_datetime("05-16 10:20", None, relative=False) is None
    assert dates.parse_datetime("2023-05-16 10:20", None, relative=False) is not None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.example.cn/content/2023-10/16/content_1.htm", datetime(2023, 10, 16, tzinfo=SHANGHAI)),
        ("http://wjw.shanxi.gov.cn/wjywl/202310/t20231020_9.shtml", datetime(2023, 10, 20, tzinfo=SHANGHAI)),
        ("http://example.cn/a/b.html", None),
    ],
)
def test_date_from_url(url: str, expected: datetime | None) -> None:
    found = dates.date_from_url(url, datetime(2024, 1, 1, tzinfo=SHANGHAI))
    assert found == expected


def test_publish_label_wins_over_update_and_footer_dates() -> None:
    lines = ["更新时间：2023-10-15 08:00", "发布时间：2023-10-14 09:30 来源：山西日报", "Copyright © 2023-10-16"]
    value, rule = dates.from_lines(lines, FETCHED)
    assert value == datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI) and rule == "label"


def test_script_time() -> None:
    assert dates.from_scripts(['var ct = "1697247000";']) == datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)
    assert dates.from_scripts(['var other = "1697247000";']) is None


def test_text_time_refines_a_date_only_metadata_value() -> None:
    meta = datetime(2023, 10, 14, tzinfo=SHANGHAI)
    shown = datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)
    assert dates.better(meta, "2023-10-14", shown)
    assert not dates.better(meta, "2023-10-14", datetime(2023, 10, 13, 9, 30, tzinfo=SHANGHAI))
    assert not dates.better(shown, "2023-10-14 09:30", datetime(2023, 10, 14, 11, 0, tzinfo=SHANGHAI))


# --- credits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2023-10-14 09:30 来源：山西日报 作者：李明", "山西日报"),
        ("来源于：太原市卫健委", "太原市卫健委"),
        ("稿源: 黄河新闻网 | 编辑：王芳", "黄河新闻网"),
        ("没有来源的一行", None),
    ],
)
def test_find_source(line: str, expected: str | None) -> None:
    assert credits.find_source(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("（责任编辑：王芳）", "王芳"),
        ("[编辑:刘莎]", "刘莎"),
        ("责编：李琳、褚嘉琳", "李琳、褚嘉琳"),
        ("责任编辑：贺晨_NX5021", "贺晨"),
    ],
)
def test_find_editor(line: str, expected: str) -> None:
    assert credits.find_editor(line) == expected


def test_author_lead_and_credit_lines() -> None:
    assert credits.find_author("记者 张华 通讯员 李强") == "张华"
    assert credits.find_author("文/图 张华") == "张华"
    assert credits.find_author("来源：人民网-文化频道") is None
    assert credits.lead_source("黄河新闻网运城讯（记者 张华）5月22日，……") == "黄河新闻网"
    assert credits.lead_source("山西日报讯 10月13日，……") == "山西日报"
    assert credits.is_credit_line("（责任编辑：王芳）")
    assert not credits.is_credit_line("会议指出，基层医疗机构是守护群众健康的第一道防线。")


def test_source_beside_date_and_marked_source_text() -> None:
    assert credits.source_beside_date(["2019年11月25日 18:57 参考消息"]) == "参考消息"
    assert credits.source_beside_date(["2019年11月25日 18:57 分享到"]) is None
    assert credits.clean_source("来源：山西日报") == "山西日报"
    assert credits.clean_source("来源：山西日报 2023-10-14 作者：李明 王芳") is None


# --- title -------------------------------------------------------------------------------


def test_strip_site_suffix() -> None:
    assert title.strip_site_suffix("全省卫生健康工作会议召开_山西省卫生健康委员会") == "全省卫生健康工作会议召开"
    assert title.strip_site_suffix("全省卫生健康工作会议召开 - 黄河新闻网 - 山西") == "全省卫生健康工作会议召开"


def test_visible_headline_checked_against_title_tag() -> None:
    root = tree("<h1><a href='/'>山西省人民政府</a></h1><h2>全省卫生健康工作会议召开</h2><h3>部署下半年重点工作</h3>")
    body = root.find("body")
    found, rule, element = title.headline(body, "全省卫生健康工作会议召开_山西省人民政府", (None, None), None)
    assert found == "全省卫生健康工作会议召开" and rule == "generic:h2~title-tag"
    assert title.subtitle(element, found) == "部署下半年重点工作"


def test_headline_by_position_when_title_tag_says_nothing() -> None:
    root = tree("<div class='logo'>学会网站</div><h5>人文地理学术年会在重庆成功举行</h5><div id='c'><p>"
                + "会议由中国地理学会主办，来自全国的学者参加了会议并作报告。" * 3 + "</p></div>")
    body = root.find("body")
    container = body.find(".//div[@id='c']")
    found, rule, _ = title.headline(body, "学术活动", (None, None), container)
    assert found == "人文地理学术年会在重庆成功举行" and rule == "generic:h5~position"


# --- generic body ------------------------------------------------------------------------

PROSE = "会议指出，基层医疗机构是守护群众健康的第一道防线，各地要加强全科医生队伍建设。"


def test_container_is_the_prose_not_the_link_lists() -> None:
    nav = "<ul class='menu'>" + "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(30)) + "</ul>"
    related = "<div class='list'>" + "".join(f"<p><a href='/r{i}'>其他新闻标题第{i}条在这里</a></p>" for i in range(10)) + "</div>"
    root = tree(nav + f"<div id='main'><div id='text'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>{related}</div>")
    container = density.find_container(root.find("body"))
    assert container is not None and container.get("id") == "text"


def test_comment_area_named_as_such_is_not_the_article() -> None:
    comments = "<div class='comment-list'>" + f"<p>网友：{PROSE}</p>" * 4 + "</div>"
    root = tree(f"<div><div id='text'><p>{PROSE}</p><p>{PROSE}</p></div>{comments}</div>")
    container = density.find_container(root.find("body"))
    assert container is not None and container.get("id") == "text"


def test_hidden_elements_do_not_count() -> None:
    root = tree(f"<div id='hidden' style='display:none'><p>{PROSE * 5}</p></div><div id='shown'><p>{PROSE}</p></div>")
    container = density.find_container(root.find("body"))
    assert container is not None and container.get("id") == "shown"


def test_filter_lines_drops_furniture_and_keeps_paragraphs() -> None:
    lines = [
        "全省卫生健康工作会议召开",
        "2023-10-14 09:30 来源：山西日报",
        PROSE,
        "上一篇：其他新闻",
        PROSE,
        PROSE,
        "延伸阅读",
        "另一条新闻的标题",
        "版权所有 © 山西日报社",
    ]
    kept, head, tail = boilerplate.filter_lines(lines, ["全省卫生健康工作会议召开"])
    assert kept == [PROSE, PROSE, PROSE]
    assert "2023-10-14 09:30 来源：山西日报" in head
    assert not any("另一条新闻" in line or "版权" in line for line in kept + head)
    assert isinstance(tail, list)


def test_element_lines_one_per_block_and_br() -> None:
    root = tree("<div><p>第一段<b>加粗</b>文字</p>第二<br>第三<div>　第四　</div></div>")
    assert element_lines(root.find("body")) == ["第一段加粗文字", "第二", "第三", "第四"]


def test_dates_printed_in_pieces_gmt_and_dash_joined_time() -> None:
    value, rule = dates.from_lines(["2019", "09/07", "19:02", "扬眼", "企鹅号"])
    assert value == datetime(2019, 9, 7, 19, 2, tzinfo=SHANGHAI) and rule == "joined-lines"
    gmt = dates.parse_datetime("更新时间 2012年12月10日, 格林尼治标准时间10:41")
    assert gmt == datetime(2012, 12, 10, 18, 41, tzinfo=SHANGHAI)
    assert dates.parse_datetime("2007-08-20-23:59:59") == datetime(2007, 8, 20, 23, 59, 59, tzinfo=SHANGHAI)


def test_only_an_update_time_is_still_a_time() -> None:
    value, rule = dates.from_lines(["更新时间：2023-10-15 08:00"])
    assert value == datetime(2023, 10, 15, 8, 0, tzinfo=SHANGHAI) and rule == "updated"


def test_name_slash_outlet_byline() -> None:
    assert credits.byline_outlet(["石佳/中国青年报", "2019-09-24 09:10"]) == ("石佳", "中国青年报")
    assert credits.byline_outlet(["文/图", "2019-09-24 09:10"]) == (None, None)


def test_platform_account_name() -> None:
    assert credits.platform_account(["2019", "09/07", "19:02", "扬眼", "企鹅号", "分享"]) == "扬眼"
    assert credits.platform_account(["分享", "企鹅号"]) is None


def test_same_headline_twice_uses_the_one_above_the_article() -> None:
    from newsbot.extraction import extract

    prose = "".join(f"<p>{PROSE}</p>" for _ in range(3))
    page = (
        "<html><head><title>全省卫生健康工作会议召开 - 山西新闻网</title></head><body>\n"
        "<div class='m-head'><h1>全省卫生健康工作会议召开</h1></div>\n"
        "<ul class='menu'>" + "".join(f"<li><a href='/{i}'>栏目{i}</a></li>" for i in range(20)) + "</ul>\n"
        "<h1>全省卫生健康工作会议召开</h1>\n<div class='info'>2023-10-14 09:30</div>\n"
        f"<div class='text'>{prose}</div>\n</body></html>"
    ).encode()
    ext = extract("", page)
    assert ext.published_at == datetime(2023, 10, 14, 9, 30, tzinfo=SHANGHAI)
    assert ext.rules["published_at"] == "generic:first-date"


def test_paragraphs_opening_with_furniture_words_are_kept() -> None:
    lines = [PROSE, "关闭高污染企业12家，全市空气质量持续改善。", "分享经济在医疗领域的应用越来越广，群众就医更加便捷。", PROSE, "分享 收藏 打印"]
    kept, _, tail = boilerplate.filter_lines(lines, [])
    assert kept == lines[:4]
    assert "分享 收藏 打印" in tail


def test_breadcrumb_rule_selecting_a_container_gives_its_labels() -> None:
    from parsel import Selector

    from newsbot.extraction.rules import select_list

    sel = Selector(text="<div id=bc><a>首页</a> &gt; <a>健康</a> &gt; 正文</div><p class=c>网易首页 &gt; 网易山西 ＞ 正文</p>")
    assert select_list(sel, ("#nothing", "#bc")) == (["首页", "健康", "正文"], "#bc")
    assert select_list(sel, ("p.c",))[0] == ["网易首页", "网易山西", "正文"]
    assert select_list(sel, ("#bc a::text",))[0] == ["首页", "健康"]

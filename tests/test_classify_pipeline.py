"""The classify pipeline stage and the ``python -m newsbot.classify`` evaluation interface."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsbot.classify.__main__ import OUTPUT_KEYS, main
from newsbot.classify.rules import DEFAULT_RULES_DIR
from newsbot.items import ArticleItem
from pipelines.classify import ClassifyPipeline

HEALTH_TEXT = "河津市人民医院成功实施首例腹腔镜手术,患者术后恢复良好。医院专家表示,新技术减轻了患者痛苦。"
OTHER_TEXT = "太原地铁2号线今日开通运营,市民乘坐地铁出行更加便捷,沿线站点客流平稳。"


def _item(title: str, body: str, **extra: object) -> ArticleItem:
    return ArticleItem(url="https://example.test/a", canonical_url="https://example.test/a", site="netease_shanxi",
                       title=title, body=body, **extra)


def test_pipeline_labels_every_item_and_drops_none() -> None:
    crawler = get_crawler(settings_dict={})
    pipeline = ClassifyPipeline.from_crawler(crawler)
    health = pipeline.process_item(_item("首例手术", HEALTH_TEXT, publisher_region="140000"))
    other = pipeline.process_item(_item("地铁开通", OTHER_TEXT, publisher_region="140000"))
    assert health.is_health is True and set(health.regions) == {"140882", "140800"}
    assert health.classifier_version == pipeline.classifier.version
    assert health.label_evidence["health"]["terms"]
    assert other is not None and other.is_health is False  # stored with its labels, not dropped
    assert other.regions == ["140100"] and other.topics == [] and other.risk_level == "none"
    stats = crawler.stats.get_stats()
    assert stats["newsbot/classify/items"] == 2
    assert stats["newsbot/classify/health"] == 1 and stats["newsbot/classify/not_health"] == 1
    assert stats["newsbot/classify/shanxi"] == 2
    assert stats["newsbot/classify/risk/none"] == 2
    assert stats["newsbot/classify/topic/services"] == 1


def test_pipeline_can_be_turned_off() -> None:
    with pytest.raises(NotConfigured):
        ClassifyPipeline.from_crawler(get_crawler(settings_dict={"NEWSBOT_CLASSIFY_ENABLED": False}))


def test_pipeline_reads_the_rules_dir_setting(tmp_path: Path) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    (rules / "classifier.toml").write_text(
        (rules / "classifier.toml").read_text(encoding="utf-8").replace('\nversion = "', '\nversion = "local-', 1),
        encoding="utf-8")
    pipeline = ClassifyPipeline.from_crawler(get_crawler(settings_dict={"NEWSBOT_CLASSIFY_RULES_DIR": str(rules)}))
    item = pipeline.process_item(_item("首例手术", HEALTH_TEXT))
    assert item.classifier_version.startswith("local-")


def test_pipeline_broken_rules_dir_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ClassifyPipeline.from_crawler(get_crawler(settings_dict={"NEWSBOT_CLASSIFY_RULES_DIR": str(tmp_path)}))


def test_cli_prints_the_evaluation_fields(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "a1", "url": "https://sx.news.163.com/25/1101/09/X.html", "site": "netease_shanxi", "title": "首例手术",
         "text": HEALTH_TEXT},
        {"id": "a2", "url": "https://unknown.example/x.html", "site": "unknown.example", "title": "",
         "text": OTHER_TEXT},
    ]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", encoding="utf-8")
    out = io.StringIO()
    assert main([str(src)], stdout=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a2"]
    assert all(tuple(line) == OUTPUT_KEYS for line in lines)
    assert lines[0]["is_health"] is True and lines[0]["publisher_region"] == "140000"
    assert lines[1]["is_health"] is False and lines[1]["publisher_region"] is None
    assert lines[0]["regions"] == ["140800", "140882"] and isinstance(lines[0]["health_score"], float)


def test_cli_evidence_flag(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "site": "x", "title": "", "text": HEALTH_TEXT}, ensure_ascii=False),
                   encoding="utf-8")
    out = io.StringIO()
    main([str(src), "--evidence"], stdout=out)
    line = json.loads(out.getvalue())
    assert "label_evidence" in line and line["classifier_version"]

"""``python -m newsbot relabel`` on SQLite and PostgreSQL: batches, summary, --since, --dry-run."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from newsbot import timeutil
from newsbot.classify import Classifier
from newsbot.cli import main
from newsbot.commands.relabel import relabel
from newsbot.db import repository
from newsbot.db.engine import make_engine, session_factory
from newsbot.db.models import Article

TEXTS = [
    ("寿阳县医疗集团揭牌", "寿阳县医疗集团正式揭牌成立,推进县域医共体建设,乡镇卫生院纳入集团管理。"),
    ("地铁开通", "太原地铁2号线今日开通运营,市民乘坐地铁出行更加便捷。"),
    ("骗保被查", "临汾市医疗保障局通报,一家民营医院欺诈骗保,骗取医保基金20万元,已被罚款。"),
    ("义诊", "大同市第三人民医院专家赴天镇县开展义诊,为群众免费体检。"),
    ("外省", "陕西省西安市一医院开展健康讲座,普及慢性病防治知识。"),
]


def _seed(url: str) -> dict[int, str]:
    """Stored articles with stale labels (as an old rules version left them); returns id -> title."""
    engine = make_engine(url)
    old = timeutil.to_shanghai(datetime(2025, 1, 1, 12, 0, tzinfo=timeutil.SHANGHAI))
    new = timeutil.to_shanghai(datetime(2025, 6, 1, 12, 0, tzinfo=timeutil.SHANGHAI))
    with session_factory(engine)() as session:
        for i, (title, body) in enumerate(TEXTS):
            row = {"canonical_url": f"https://example.test/{i}", "url": f"https://example.test/{i}",
                   "site": "netease_shanxi", "title": title, "body": body, "publisher_region": "140000",
                   "is_health": False, "health_score": 0.0, "is_shanxi": False, "regions": [], "topics": [],
                   "risk_level": "none", "risk_terms": [], "institutions": [], "label_evidence": {},
                   "classifier_version": "old"}
            repository.upsert_articles(session, [row], seen_at=old if i < 2 else new)
        session.commit()
        ids = dict(session.execute(select(Article.id, Article.title)).tuples().all())
    engine.dispose()
    return ids


def _labels(url: str) -> dict[str, dict[str, object]]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        rows = session.execute(select(Article.title, Article.is_health, Article.regions, Article.risk_level,
                                      Article.classifier_version, Article.label_evidence)).all()
    engine.dispose()
    return {r.title: {"is_health": r.is_health, "regions": r.regions, "risk_level": r.risk_level,
                      "version": r.classifier_version, "evidence": r.label_evidence} for r in rows}


def test_relabel_updates_in_batches_and_summarises(migrated: str) -> None:
    _seed(migrated)
    clf = Classifier()
    seen: list[tuple[int, int]] = []
    engine = make_engine(migrated)
    summary = relabel(session_factory(engine), clf, batch_size=2, progress=lambda d, t: seen.append((d, t)))
    engine.dispose()
    assert seen == [(2, 5), (4, 5), (5, 5)]
    report = summary.as_dict()
    assert report["articles"] == 5 and report["changed"] == 5  # every row had the old version
    assert report["per_label"]["classifier_version"] == 5
    assert report["transitions"]["is_health"] == {"False->True": 4}
    assert report["transitions"]["risk_level"] == {"none->alert": 1}
    assert report["added"]["regions"]["140700"] == 1
    labels = _labels(migrated)
    assert all(v["version"] == clf.version for v in labels.values())
    assert labels["寿阳县医疗集团揭牌"]["regions"] == ["140700", "140725"]
    assert labels["骗保被查"]["risk_level"] == "alert"
    assert labels["外省"]["regions"] == [] and labels["外省"]["is_health"] is True
    assert labels["地铁开通"]["is_health"] is False
    assert labels["义诊"]["evidence"]["health"]["terms"]
    # a second run with the same rules changes nothing
    engine = make_engine(migrated)
    again = relabel(session_factory(engine), clf, batch_size=10).as_dict()
    engine.dispose()
    assert again["articles"] == 5 and again["changed"] == 0 and again["per_label"] == {}


def test_relabel_command_since_and_dry_run(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    _seed(migrated)
    code = main(["--database-url", migrated, "relabel", "--since", "2025-03-01", "--batch-size", "2",
                 "--dry-run", "--json"])
    assert code == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["dry_run"] is True and report["articles"] == 3 and report["changed"] == 3
    assert "relabel: 2/3 articles" in captured.err and "relabel: 3/3 articles" in captured.err
    assert all(v["version"] == "old" for v in _labels(migrated).values())  # dry run wrote nothing

    assert main(["--database-url", migrated, "relabel", "--since", "2025-03-01"]) == 0
    out = capsys.readouterr().out
    assert "3 changed" in out and "is_health" in out
    labels = _labels(migrated)
    assert labels["寿阳县医疗集团揭牌"]["version"] == "old"  # first seen before --since: untouched
    assert labels["骗保被查"]["version"] != "old"


def test_relabel_rejects_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["relabel", "--since", "yesterday"])
    assert "YYYY-MM-DD" in capsys.readouterr().err

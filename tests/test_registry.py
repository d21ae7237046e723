"""The registry: every source is complete (declared facts, a listing and an article fixture)."""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from typing import Any

import pytest

from newsbot.registry import site_for_url, source, sources
from newsbot.snapshots import iter_snapshots
from newsbot.spider import TIERS, ListingRules, NewsSpider
from newsbot.urls import host_of
from tests.conftest import SNAPSHOTS

ALL = sources()


def _fixtures(cls: type[NewsSpider]) -> dict[str, int]:
    """Snapshots of this source that carry a reviewed expected output, counted by kind."""
    counts = {"listing": 0, "article": 0}
    if not (SNAPSHOTS / cls.name).exists():
        return counts
    for snap in iter_snapshots(SNAPSHOTS, cls.name):
        expected = snap.expected
        if expected is None or expected.get("reviewed") is False:
            continue
        kind = expected.get("kind", snap.kind)
        if kind == "article" and "no_article" in expected:
            continue  # a "no article here" fixture does not show the site's articles are read
        if kind in counts:
            counts[kind] += 1
    return counts


def test_there_are_sources() -> None:
    names = {cls.name for cls in ALL}
    assert {"netease_shanxi", "huanghe", "sx_gov", "sx_wjw", "sxrb", "tynews", "people_sx",
            "xinhua_sx", "shanxidayuan"} <= names


def fixture_problems(cls: type[NewsSpider]) -> list[str]:
    """Why a source's fixtures are incomplete (empty when they are complete)."""
    reason = getattr(cls, "snapshots_missing_reason", None)
    counts = _fixtures(cls)
    if reason:
        problems = [f"{cls.name} says it has no snapshots but has some"] if any(counts.values()) else []
        return problems + ([] if len(reason) > 10 else [f"{cls.name}: say why it has no snapshots"])
    return [f"{cls.name} has no {kind} snapshot with reviewed expected output"
            for kind in ("listing", "article") if counts[kind] < 1]


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.name)
def test_source_has_listing_and_article_fixtures(cls: type[NewsSpider]) -> None:
    assert fixture_problems(cls) == []


def test_the_fixture_check_catches_a_source_without_fixtures() -> None:
    class Bare(NewsSpider):
        name = "bare_example"
        listing = ListingRules(article_url=r"/a/\d+\.html$", page_url="{base}_{n}{ext}")

    assert fixture_problems(Bare) == ["bare_example has no listing snapshot with reviewed expected output",
                                      "bare_example has no article snapshot with reviewed expected output"]

    class Excused(Bare):
        name = "netease_shanxi"  # has snapshots, so it may not claim to have none
        snapshots_missing_reason = "not recorded yet, no evidence"

    assert fixture_problems(Excused) == ["netease_shanxi says it has no snapshots but has some"]


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.name)
def test_source_declares_its_facts(cls: type[NewsSpider]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", cls.name)
    assert cls.site_name and re.search(r"[\u4e00-\u9fff]", cls.site_name), "Chinese name"
    assert cls.tier in TIERS
    assert cls.publisher_region and re.fullmatch(r"14\d{4}", cls.publisher_region), "GB/T 2260 Shanxi code"
    assert isinstance(cls.crawl_interval, timedelta) and cls.crawl_interval >= timedelta(minutes=10)
    assert isinstance(cls.listing, ListingRules) and cls.listing.max_pages >= 1
    assert cls.listing.next_page or cls.listing.page_url, "listing pagination"
    assert cls.start_urls and cls.allowed_domains
    for url in cls.start_urls:
        host = host_of(url)
        assert any(host == d or host.endswith("." + d) for d in cls.allowed_domains), url
    doc = (sys.modules[cls.__module__].__doc__ or "") + (cls.__doc__ or "")
    assert re.search(r"[Vv]erified|MODELLED|[Mm]odelled", doc), "docstring: what is verified, what is modelled"
    if not cls.obey_robots:
        assert getattr(cls, "robots_reason", ""), "a site that ignores robots.txt says why"


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.name)
def test_politeness_settings(cls: type[NewsSpider]) -> None:
    from scrapy.settings import Settings
    from scrapy.utils.project import get_project_settings

    settings: Settings = get_project_settings()
    cls.update_settings(settings)
    assert settings.getbool("ROBOTSTXT_OBEY") is cls.obey_robots
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert 1 <= settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4
    assert re.search(r"https?://", settings.get("USER_AGENT") or ""), "User-Agent names a contact URL"


def test_every_snapshot_directory_belongs_to_a_source() -> None:
    names = {cls.name for cls in ALL}
    for directory in SNAPSHOTS.iterdir():
        if directory.is_dir():
            assert directory.name in names, f"snapshots/{directory.name} matches no source"


def test_article_snapshots_are_routed_to_their_site() -> None:
    """``extract`` without a site finds the right site file by URL (used by record and tools)."""
    for cls in ALL:
        if not (SNAPSHOTS / cls.name).exists():
            continue
        for snap in iter_snapshots(SNAPSHOTS, cls.name):
            expected: dict[str, Any] | None = snap.expected
            if expected and expected.get("kind") == "article" and "no_article" not in expected:
                found = site_for_url(snap.url)
                assert found is not None and found.name == cls.name, snap.url


def test_unknown_source_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="unknown source"):
        source("no_such_site")


def test_a_site_may_opt_out_of_robots_with_a_reason() -> None:
    from scrapy.settings import Settings

    from newsbot.spider import NewsSpider as Base

    class NoRobots(Base):
        name = "no_robots_example"
        listing = ListingRules(article_url=r"/a/\d+\.html$", page_url="{base}_{n}{ext}")
        obey_robots = False
        robots_reason = "robots.txt answers 500 for every path (example)"

    settings = Settings({"ROBOTSTXT_OBEY": True})
    NoRobots.update_settings(settings)
    assert settings.getbool("ROBOTSTXT_OBEY") is False
    settings = Settings({"ROBOTSTXT_OBEY": True})
    source("sx_gov").update_settings(settings)
    assert settings.getbool("ROBOTSTXT_OBEY") is True


# --- config-driven sources -------------------------------------------------------------------

from newsbot.config_sources import ConfigError, build_class, build_classes  # noqa: E402

MINIMAL = {
    "name": "example_wjw",
    "site_name": "示例市卫生健康委员会",
    "start_urls": ["https://wjw.example.gov.cn/xwzx/index.shtml"],
    "article_url": r"/\d{6}/t\d{8}_\d+\.shtml$",
    "publisher_region": "140100",
    "tier": "official",
    "crawl_interval_minutes": 120,
    "evidence": "invented for a test; modelled on nothing",
}


def test_config_sources_are_in_the_registry_like_site_files() -> None:
    names = {cls.name for cls in ALL}
    assert {"taiyuan_wjw", "datong_wjw", "lvliang_wjw"} <= names
    cls = source("taiyuan_wjw")
    assert cls.site_name == "太原市卫生健康委员会" and cls.publisher_region == "140100" and cls.tier == "official"
    assert cls.allowed_domains == ["wjw.taiyuan.gov.cn"] and cls.crawl_interval == timedelta(hours=4)
    assert not cls.snapshots_missing_reason
    assert source("datong_wjw").snapshots_missing_reason


def test_a_config_entry_becomes_a_spider_class() -> None:
    cls = build_class({**MINIMAL, "page_url": "{base}_{n0}{ext}", "rules": {"body": [".TRS_Editor"]}})
    assert issubclass(cls, NewsSpider) and cls.name == "example_wjw" and cls.__module__ == "spiders.configured"
    assert cls.allowed_domains == ["wjw.example.gov.cn"]
    assert cls.is_article_url("https://wjw.example.gov.cn/xwzx/202511/t20251119_1.shtml")
    assert not cls.is_article_url("https://wjw.example.gov.cn/xwzx/index.shtml")
    assert cls.article_rules.body == (".TRS_Editor",)
    from newsbot.spider import listing_page_url

    assert listing_page_url(cls.listing.page_url or "", cls.start_urls[0], 2) == "https://wjw.example.gov.cn/xwzx/index_1.shtml"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tier": "blog"}, "tier"),
        ({"publisher_region": "Taiyuan"}, "publisher_region"),
        ({"article_url": "("}, "regex"),
        ({"name": "Bad Name"}, "name"),
        ({"colour": "red"}, "unknown keys"),
        ({"obey_robots": False}, "robots_reason"),
        ({"snapshots": False}, "snapshots_reason"),
        ({"rules": {"headline": ["h1"]}}, "unknown rules"),
    ],
)
def test_a_bad_config_entry_is_a_clear_error(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_class({**MINIMAL, **change})


def test_a_missing_key_names_the_entry_and_key() -> None:
    entry = dict(MINIMAL)
    del entry["start_urls"]
    with pytest.raises(ConfigError, match=r"example_wjw.*start_urls"):
        build_class(entry)


def test_sources_file_duplicates_are_an_error(tmp_path: Any) -> None:
    path = tmp_path / "sources.toml"
    block = "\n".join(f"{k} = {v!r}" if isinstance(v, str) else f"{k} = {v}".replace("'", '"')
                      for k, v in MINIMAL.items())
    path.write_text(f"[[source]]\n{block}\n\n[[source]]\n{block}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="defined twice"):
        build_classes(path)
    path.write_text(f"[[source]]\n{block}\n", encoding="utf-8")
    assert [c.name for c in build_classes(path)] == ["example_wjw"]
    assert build_classes(tmp_path / "absent.toml") == []


def test_sources_table_is_filled_from_site_files_and_config(migrated: str) -> None:
    from sqlalchemy import select

    from newsbot.db import repository
    from newsbot.db.engine import make_engine, session_factory
    from newsbot.db.models import Source

    engine = make_engine(migrated)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        assert repository.sync_sources(session, ALL) == len(ALL)
    with sessions() as session:
        rows = {row.name: row for row in session.scalars(select(Source))}
    engine.dispose()
    assert set(rows) == {cls.name for cls in ALL}
    assert rows["huanghe"].name_zh == "黄河新闻网" and rows["huanghe"].tier == "media"
    assert rows["people_sx"].domains == ["sx.people.com.cn"]
    assert rows["taiyuan_wjw"].region_code == "140100" and rows["taiyuan_wjw"].crawl_interval_minutes == 240
    assert rows["shanxidayuan"].tier == "reposter"

"""The migration runs on both backends (a first, quick end-to-end check of the fixtures)."""

from sqlalchemy import inspect

from newsbot.db.engine import make_engine


def test_migrations_create_core_tables(migrated: str) -> None:
    tables = set(inspect(make_engine(migrated)).get_table_names())
    assert {"articles", "sources", "crawl_runs", "alembic_version"} <= tables

"""The models and the migration head describe the same schema (on both backends)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import newsbot.db.all_models  # noqa: F401
from newsbot.db import migrate
from newsbot.db.engine import make_engine
from newsbot.db.models import Base


def test_models_match_migration_head(migrated: str) -> None:
    engine = make_engine(migrated)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_upgrade_is_idempotent_and_downgrade_works(migrated: str) -> None:
    migrate.upgrade(migrated)  # second upgrade is a no-op
    engine = make_engine(migrated)
    assert migrate.current_heads(engine)
    migrate.downgrade(migrated, "base")
    assert migrate.current_heads(engine) == set()
    migrate.upgrade(migrated)

"""``db upgrade | downgrade | current | revision``: schema migrations (Alembic)."""

from __future__ import annotations

import argparse

from newsbot.db import migrate
from newsbot.db.engine import check_connection, database_url, make_engine, redact


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help="database schema: upgrade, downgrade, current, revision")
    dsub = p.add_subparsers(dest="db_command", required=True)
    up = dsub.add_parser("upgrade", help="migrate to the newest schema and fill the sources table")
    up.add_argument("revision", nargs="?", default="heads")
    up.set_defaults(func=_upgrade)
    down = dsub.add_parser("downgrade", help="undo migrations (default: one step)")
    down.add_argument("revision", nargs="?", default="-1")
    down.set_defaults(func=lambda a: migrate.downgrade(None, a.revision))
    cur = dsub.add_parser("current", help="print the database's schema revision")
    cur.set_defaults(func=_current)
    rev = dsub.add_parser("revision", help="(developers) autogenerate a migration from the models")
    rev.add_argument("-m", "--message", required=True)
    rev.set_defaults(func=lambda a: migrate.revision(a.message))


def _upgrade(args: argparse.Namespace) -> int:
    from newsbot.db import repository
    from newsbot.db.engine import session_factory
    from newsbot.registry import sources

    engine = make_engine()
    check_connection(engine)
    migrate.upgrade(None, args.revision)
    with session_factory(engine).begin() as session:
        n = repository.sync_sources(session, sources())
    print(f"{redact(database_url())}: schema at {', '.join(sorted(migrate.current_heads(engine)))}; {n} sources")
    return 0


def _current(args: argparse.Namespace) -> int:
    engine = make_engine()
    check_connection(engine)
    heads = migrate.current_heads(engine)
    print(", ".join(sorted(heads)) or "(empty database)")
    return 0

"""``python -m newsbot <command>``: the operator's command line.

Each command lives in its own module under ``newsbot/commands/`` with a ``register(subparsers)``
function that adds its parser and sets ``func``. Modules are discovered: adding a command is adding
a file. ``ORDER`` only puts the everyday ones first in ``--help``.
Commands print readable tables for people and, where it makes sense, ``--json`` for scripts.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys

ORDER = ["db", "demo", "status", "runs"]


def command_modules() -> list[str]:
    import newsbot.commands

    found = [m.name for m in pkgutil.iter_modules(newsbot.commands.__path__) if not m.name.startswith("_")]
    ranked = sorted(found, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [f"newsbot.commands.{n}" for n in ranked]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m newsbot", description="newsbot: Shanxi health-news monitor")
    parser.add_argument("--database-url", help="database URL (default: $NEWSBOT_DATABASE_URL, else SQLite in ./data/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in command_modules():
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.root.handlers:  # Scrapy lowers the root logger's level; the handler decides
        handler.setLevel(level)
    if args.database_url:
        import os

        os.environ["NEWSBOT_DATABASE_URL"] = args.database_url
    from newsbot.db.engine import DatabaseUnavailable

    try:
        return int(args.func(args) or 0)
    except DatabaseUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `… | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

"""Subcommands of ``python -m newsbot`` (one module each, registered in ``newsbot.cli.COMMANDS``)."""

"""Config-driven sources from ``sources.toml`` (see :mod:`newsbot.config_sources`).

Each entry becomes a spider class in this module's namespace, where Scrapy's spider loader finds
it. What is verified and what is modelled is stated per entry (its ``evidence``).
"""

from __future__ import annotations

from newsbot.config_sources import build_classes

CONFIGURED = build_classes()
globals().update({cls.__name__: cls for cls in CONFIGURED})

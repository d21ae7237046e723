"""Generic analysis for pages no site rule covers (compatibility names).

The container finder lives in :mod:`newsbot.extraction.density`, the headline in
:mod:`newsbot.extraction.title` and the clean-up in :mod:`newsbot.extraction.boilerplate`;
this module keeps the older import paths working.
"""

from __future__ import annotations

from newsbot.extraction.density import find_container
from newsbot.extraction.title import strip_site_suffix

__all__ = ["find_container", "strip_site_suffix"]

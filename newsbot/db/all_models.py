"""Imports every model module so that ``Base.metadata`` holds the whole schema.

Stages that own tables (dedupe, …) add their model module here.
"""

from newsbot.db import models  # noqa: F401
